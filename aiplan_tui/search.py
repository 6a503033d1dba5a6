"""Query understanding for Korean: normalization, 초성, ministry and year forms.

This module turns what a person typed into a ``Query``: groups of alternatives that must
all match (AND of ORs). It runs no SQL; ``store.Store.search`` executes a Query.

- Text is normalized with NFC only: NFKC would turn the compatibility jamo of ``ㅎㅅ`` into
  conjoining jamo and break 초성 queries.
- A word made only of consonants (``ㅎㅅ``, ``ㄱㄱㅈㅌㅂ``) is a 초성 query; compound
  consonants typed by IMEs (``ㄻ``, ``ㄳ``) are split into their parts.
- A ministry in any name form (과기부, MSIT, 과학기술정보통신부) matches every form of it.
- A year in any form (2024, 24, '24, ’24, 24년) matches the ways the plan writes it.
- Any other word is matched as a literal substring, so quotes, brackets, ``*``, ``-``,
  ``AND``/``OR``/``NEAR`` and markup are just characters to find.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

from aiplan_tui.tuples import NamedTuple

MAX_QUERY_CHARS = 256
MAX_TERMS = 16

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_SYLLABLES_PER_INITIAL = 21 * 28
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
# Conjoining initial consonants (U+1100…U+1112) as typed by some IMEs → compatibility jamo.
_CONJOINING_INITIALS = {chr(0x1100 + i): c for i, c in enumerate(INITIALS)}
# Compound final consonants are not initials; a 초성 query means their parts.
COMPOUND_CONSONANTS = {
    "ㄳ": "ㄱㅅ",
    "ㄵ": "ㄴㅈ",
    "ㄶ": "ㄴㅎ",
    "ㄺ": "ㄹㄱ",
    "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ",
    "ㄽ": "ㄹㅅ",
    "ㄾ": "ㄹㅌ",
    "ㄿ": "ㄹㅍ",
    "ㅀ": "ㄹㅎ",
    "ㅄ": "ㅂㅅ",
}
_CONSONANTS = set(INITIALS) | set(COMPOUND_CONSONANTS)
YEAR_MARKS = ("'", "′", "’", "‘")


def _has_hangul(text: str) -> bool:
    """A Hangul syllable in ``text`` (a comparison, not re's [가-힣]: that class costs ~1 ms of
    every lookup to compile)."""
    return any("가" <= char <= "힣" for char in text)


def initials_of(text: str) -> str:
    """Each Hangul syllable → its initial consonant; anything else → a space.

    The result has the same length as ``text``, so a match position in it is a position in
    the text.
    """
    return text.translate(_INITIAL_OF)


class _InitialOf(dict[int, str]):
    """str.translate's table for ``initials_of``, filled as characters are met (a full table
    is 11,172 syllables; a search's snippets meet a few hundred characters)."""

    def __missing__(self, code: int) -> str:
        initial = " "
        if _SYLLABLE_FIRST <= code <= _SYLLABLE_LAST:
            initial = INITIALS[(code - _SYLLABLE_FIRST) // _SYLLABLES_PER_INITIAL]
        self[code] = initial
        return initial


_INITIAL_OF = _InitialOf()


def normalize(text: str) -> str:
    """NFC, conjoining initials as compatibility jamo, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(_CONJOINING_INITIALS.get(c, c) for c in text)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    return " ".join(text.split())


class Match(str, Enum):
    text = "text"  # a literal substring of the text
    initials = "initials"  # a substring of the text's 초성
    year = "year"  # the start year of linked tasks, else the year as the text writes it


class Alternative(NamedTuple):
    value: str
    match: Match = Match.text


class Group(NamedTuple):
    """One word of the query: it matches when any of its alternatives does."""

    word: str
    alternatives: tuple[Alternative, ...]
    meaning: str  # "text", "초성", "ministry:<id>", "year:<yyyy>"


class Query(NamedTuple):
    text: str
    groups: tuple[Group, ...]

    @property
    def empty(self) -> bool:
        return not self.groups


def parse_year(word: str, years: tuple[int, int] | None = None) -> int | None:
    """2024, 24, '24, ’24, ′24, 24년 → 2024; anything else → None. With ``years`` (the first and
    last year a plan names, `Store.year_span`), only a year inside them: 99 is then a number."""
    # What the pattern ['’′‘]?(20\d\d|\d\d)년? matches, without compiling it for every lookup
    # (~0.5 ms: a lookup that names no year never needs it).
    digits = word.strip()
    digits = digits[1:] if digits[:1] and digits[0] in YEAR_MARKS else digits
    digits = digits.removesuffix("년")
    if not digits.isdecimal() or not (len(digits) == 2 or (len(digits) == 4 and digits.startswith("20"))):
        return None
    year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    return year if years is None or years[0] <= year <= years[1] else None


def year_forms(year: int) -> tuple[str, ...]:
    """How the plan writes a year: '24, ′24, ’24 and 2024 (24년 is inside '24년)."""
    short = f"{year % 100:02d}"
    return (*(mark + short for mark in YEAR_MARKS), str(year))


def is_initials(word: str) -> bool:
    return bool(word) and all(c in _CONSONANTS for c in word)


def split_compounds(word: str) -> str:
    return "".join(COMPOUND_CONSONANTS.get(c, c) for c in word)


def parse(text: str, ministry_names: dict[str, str] | None = None, years: tuple[int, int] | None = None) -> Query:
    """Understand a typed query. ``ministry_names`` maps every name form to a ministry id;
    ``years`` are the first and last year the plan names (a word outside them is text)."""
    text = normalize(text[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    ministry_of = {name.casefold(): ministry for name, ministry in (ministry_names or {}).items()}
    forms: dict[str, list[str]] = {}
    for name, ministry_id in (ministry_names or {}).items():
        forms.setdefault(ministry_id, []).append(name)
    groups: list[Group] = []
    seen: set[str] = set()
    for word in text.split(" ")[:MAX_TERMS]:
        if not word or word in seen:
            continue
        seen.add(word)
        ministry = ministry_of.get(word.casefold())
        year = parse_year(word, years)
        if ministry is not None:
            # The plan writes ministries in Korean; English forms would only match by accident.
            korean = {form for form in forms[ministry] if _has_hangul(form) and len(form) >= 2}
            alternatives = sorted({word, *korean}, key=lambda s: (-len(s), s))
            groups.append(Group(word, tuple(map(Alternative, alternatives)), f"ministry:{ministry}"))
        elif year is not None:
            groups.append(Group(word, (Alternative(str(year), Match.year),), f"year:{year}"))
        elif is_initials(word):
            groups.append(Group(word, (Alternative(split_compounds(word), Match.initials),), "초성"))
        else:
            groups.append(Group(word, (Alternative(word),), "text"))
    return Query(text, tuple(groups))


def fts_phrase(value: str) -> str:
    """A literal FTS5 phrase: the value in double quotes with inner quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


def find_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's alternatives occur in ``text``: sorted, non-overlapping spans."""
    spans: list[tuple[int, int]] = []
    folded = text.casefold()
    initials = ""
    for group in query.groups:
        for alternative in group.alternatives:
            if alternative.match is Match.initials:
                initials = initials or initials_of(text)  # only a 초성 word needs them
                haystack, needles = initials, [alternative.value]
            elif alternative.match is Match.year:
                haystack, needles = folded, list(year_forms(int(alternative.value)))
            else:
                haystack, needles = folded, [alternative.value.casefold()]
            for needle in needles:
                start = haystack.find(needle) if needle else -1
                while start != -1:
                    spans.append((start, start + len(needle)))
                    start = haystack.find(needle, start + len(needle))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class _CharCells(dict[str, int]):
    """Cells per character, each looked up in Unicode's table once: a snippet measures the same
    few hundred characters over and over (~3x faster than asking unicodedata every time)."""

    def __missing__(self, char: str) -> int:
        size = self[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        return size


_CELLS = _CharCells()


def cells(text: str) -> int:
    """Terminal cells: Hangul and other wide characters take two."""
    return sum(map(_CELLS.__getitem__, text))


def _fits(text: str, width: int) -> bool:
    """cells(text) <= width, without measuring a long text: a character takes one or two cells."""
    return len(text) * 2 <= width or (len(text) <= width and cells(text) <= width)


def _words() -> re.Pattern[str]:
    return re.compile(r"\S+")  # compiled on the first snippet that needs it (re keeps it), not on import


def _has_digit(word: str) -> bool:
    return any(char.isdecimal() for char in word)


_ARROWS = ("→", "->", "~", "∼", "-", "–")


def _protected(text: str, start: int, end: int) -> tuple[int, int]:
    """The span a snippet must keep whole: the words holding the match, and the figures
    beside it ('22년 32% → '27년 100%), never cut in the middle."""
    words = [(m.start(), m.end()) for m in _words().finditer(text)]
    inside = [n for n, (s, e) in enumerate(words) if e > start and s < end]
    if not inside:
        return start, end
    first, last = inside[0], inside[-1]

    def figure(n: int) -> bool:
        return _figure(text[words[n][0] : words[n][1]])

    for _ in range(6):  # the figures after the match, through an arrow: '22년 32% → '27년 100%
        if last + 1 < len(words) and figure(last + 1):
            last += 1
        else:
            break
    if first > 0 and figure(first - 1):
        first -= 1
    return words[first][0], words[last][1]


def _figure(word: str) -> bool:
    return _has_digit(word) or word in _ARROWS


def _before_cut_figures(text: str, keep_end: int, end: int) -> int:
    """An end that would split a run of figures ('22년 32% → | '27년 100%) moves before the
    run, so no half of a comparison is shown as if it were the whole."""
    after = _words().match(text, end + 1) if end < len(text) and text[end] == " " else None
    if after is None or not _figure(after.group()):
        return end
    run_start = end
    for word in reversed([m for m in _words().finditer(text, keep_end, end)]):
        if not _figure(word.group()):
            break
        run_start = word.start()
    if run_start == end:
        return end
    return max(
        keep_end, text.rfind(" ", keep_end, run_start) if text.rfind(" ", keep_end, run_start) != -1 else keep_end
    )


def _fit_end(text: str, start: int, width: int) -> int:
    """The furthest end such that text[start:end] fits ``width`` cells."""
    used, end = 0, start
    while end < len(text):
        size = cells(text[end])
        if used + size > width:
            break
        used += size
        end += 1
    return end


def snippet(text: str, query: Query, width: int = 80, lead: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """A window of ``text`` at most ``width`` terminal cells wide (plus the … marks), starting
    about ``lead`` cells (a third of the width unless given) before the first match, and the
    match spans within it. It starts and ends between words, and never cuts the first match
    or the figures beside it."""
    spans = find_spans(text, query)
    if _fits(text, width):
        return text, spans
    if not spans:
        end = _fit_end(text, 0, width - 1)
        space = text.rfind(" ", 0, end + 1)
        end = space if space > width // 4 else end
        return text[:end].rstrip() + "…", []
    keep_start, keep_end = _protected(text, *spans[0])
    if cells(text[keep_start:keep_end]) > width - 2:  # the figures do not fit: keep the match
        keep_start, keep_end = _protected(text, spans[0][0], spans[0][1])[0], spans[0][1]
    lead_cells = width // 3 if lead is None else lead
    start, used = keep_start, 0  # used: cells(text[start:keep_start]), counted as start moves back
    while start > 0 and used + cells(text[start - 1]) <= lead_cells:
        start -= 1
        used += cells(text[start])
    room = width - 2  # the two … marks
    if start > 0:  # begin at a word: forward to the next one if that keeps the match
        space = text.find(" ", start - 1, keep_start)
        if text[start - 1] != " " and space != -1:
            start = space + 1
    end = _fit_end(text, start, room)
    if end < keep_end:  # the match and its figures first: start later
        start = keep_start
        end = _fit_end(text, start, room)
    if end < len(text):  # end between words, unless that would cut what must stay
        space = text.rfind(" ", keep_end, end + 1)
        if space != -1:
            end = space
        end = _before_cut_figures(text, keep_end, end)
    end = max(end, min(keep_end, len(text)))
    if end >= len(text) and start > 0:  # room left at the end: use it before the match
        used = cells(text[start:end])
        while start > 0 and used + cells(text[start - 1]) <= room:
            start -= 1
            used += cells(text[start])
        space = text.find(" ", start, keep_start)
        if start > 0 and text[start - 1] != " " and space != -1:
            start = space + 1
    body = text[start:end].strip()
    offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    prefix = "…" if offset > 0 else ""
    suffix = "…" if offset + len(body) < len(text) else ""
    shift = len(prefix) - offset
    stop = offset + len(body)
    marks = [(s + shift, min(e, stop) + shift) for s, e in spans if s >= offset and s < stop]
    return prefix + body + suffix, marks
