"""The short-term search index: every one- and two-letter piece (gram) of a search row.

The trigram index cannot match a word shorter than three letters, and scanning every row
for one grows with the plan. So the build also writes, per row of ``search``, the set of
its 1- and 2-grams as tokens of a contentless FTS5 table (``search_grams``); a short word is
then one token to look up, and a longer word without the trigram index is narrowed to the
rows that hold all of its bigrams before the scan checks them. Shared by the build and the
read side; it imports nothing of either.

A token is a prefix (``x`` for the title and body folded as SQLite's ``lower()`` folds them,
``i`` for the row's 초성) and each character as six hex digits, so any character, even
punctuation or a space, is one token FTS5's ``unicode61`` tokenizer keeps whole. The title's
own grams are written again under ``t`` (text) and ``j`` (초성): search lists title hits
first, and with them a page of a short word's hits is a few index lookups that stop at the
page's end, instead of testing every matching row's title.
"""

from __future__ import annotations

GRAM_TABLE = "search_grams"
SHORT = 2  # words up to this long are answered by the index alone
TEXT = "x"
INITIALS = "i"
TITLE = {TEXT: "t", INITIALS: "j"}  # the prefix of the same grams found in the title alone


def fold(text: str) -> str:
    """ASCII letters lowered and nothing else: what SQLite's built-in ``lower()`` does."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def token(prefix: str, gram: str) -> str:
    return prefix + "".join(f"{ord(char):06x}" for char in gram)


def grams_of(prefix: str, text: str) -> set[str]:
    """The tokens of every 1- and 2-gram of ``text``."""
    found = {token(prefix, char) for char in text}
    found.update(token(prefix, text[i : i + 2]) for i in range(len(text) - 1))
    return found


def row_tokens(title: str, body: str, initials: str) -> str:
    """What the build indexes for one search row (title and body apart: no gram spans both)."""
    tokens = grams_of(TEXT, fold(title)) | grams_of(TEXT, fold(body)) | grams_of(INITIALS, initials)
    # `initials` is written for title + "\n" + body, one character per character.
    tokens |= grams_of(TITLE[TEXT], fold(title)) | grams_of(TITLE[INITIALS], initials[: len(title)])
    return " ".join(sorted(tokens))


def pattern(prefix: str, value: str) -> str:
    """An FTS5 query for the rows that may hold ``value``: exactly those that do when it is
    at most SHORT letters long; for a longer one, those holding each of its bigrams."""
    value = fold(value) if prefix in (TEXT, TITLE[TEXT]) else value
    if len(value) <= SHORT:
        return token(prefix, value)
    pieces = dict.fromkeys(token(prefix, value[i : i + 2]) for i in range(len(value) - 1))
    return " AND ".join(pieces)
