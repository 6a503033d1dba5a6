"""A parsed ``Query`` as SQL over the ``search`` table: which rows match, and which match in
their title.

Matching and ranking both happen in SQLite, so a search reads and snips only the rows it
shows: on a plan a hundred times larger, a one-letter query matches tens of thousands of
rows, and making a snippet for each of them cost seconds.
"""

from __future__ import annotations

from aiplan_tui import grams as short_grams
from aiplan_tui.search import Alternative, Match, Query, fts_phrase, year_forms
from aiplan_tui.tuples import NamedTuple

TRIGRAM = 3  # the FTS5 trigram tokenizer cannot match a term shorter than this


class Sql(NamedTuple):
    """A boolean SQL expression over a ``search`` row and its parameters."""

    text: str
    params: tuple[object, ...] = ()


def any_of(parts: list[Sql]) -> Sql:
    if not parts:
        return Sql("0")
    return Sql("(" + " or ".join(p.text for p in parts) + ")", tuple(v for p in parts for v in p.params))


def all_of(parts: list[Sql]) -> Sql:
    if not parts:
        return Sql("1")
    return Sql("(" + " and ".join(p.text for p in parts) + ")", tuple(v for p in parts for v in p.params))


def _in_grams(prefix: str, value: str, scan: Sql) -> Sql:
    """Through the short-term index (see ``grams``): a word of one or two letters is one token
    to look up; a longer one keeps ``scan`` to check the rows that hold all its bigrams."""
    found = Sql(
        f"rowid in (select rowid from {short_grams.GRAM_TABLE} where {short_grams.GRAM_TABLE} match ?)",
        (short_grams.pattern(prefix, value),),
    )
    return found if len(value) <= short_grams.SHORT else all_of([found, scan])


def _text_match(value: str, fts: bool = True, grams: bool = False) -> Sql:
    if fts and len(value) >= TRIGRAM:
        return Sql("rowid in (select rowid from search_fts where search_fts match ?)", (fts_phrase(value),))
    # Too short for the trigram index (or no index: SQLite < 3.34 has no trigram tokenizer);
    # LIKE on a trigram table misses Hangul, so look in the base table. lower() folds ASCII
    # only, which is what FTS5 folds too.
    scan = Sql("(instr(lower(title), lower(?)) or instr(lower(body), lower(?)))", (value, value))
    return _in_grams(short_grams.TEXT, value, scan) if grams else scan


def _alternative_match(alternative: Alternative, fts: bool = True, grams: bool = False) -> Sql:
    value, match = alternative
    if match is Match.initials:
        scan = Sql("instr(initials, ?)", (value,))
        return _in_grams(short_grams.INITIALS, value, scan) if grams else scan
    if match is Match.year:
        # Rows tied to tasks mean the tasks' start year; free text means the year it writes.
        written = any_of([_text_match(form, fts, grams) for form in year_forms(int(value))])
        return Sql(f"(instr(years, ?) or (tasks = '' and {written.text}))", (f" {value} ", *written.params))
    return _text_match(value, fts, grams)


def matching(query: Query, fts: bool = True, grams: bool = False) -> Sql:
    """Rows that match every word of the query (each word: any of its alternatives); without
    ``fts``, the same rows found in the base table alone, not through the trigram index; with
    ``grams``, words the trigram index cannot serve are looked up in the short-term index
    (the same rows again)."""
    return all_of([any_of([_alternative_match(a, fts, grams) for a in group.alternatives]) for group in query.groups])


def _alternative_in_title(alternative: Alternative) -> Sql:
    value, match = alternative
    if match is Match.initials:
        # `initials` is written for title + "\n" + body, one character per character.
        return Sql("instr(substr(initials, 1, length(title)), ?)", (value,))
    values = year_forms(int(value)) if match is Match.year else (value,)
    return any_of([Sql("instr(lower(title), lower(?))", (v,)) for v in values])


def in_title(query: Query) -> Sql:
    """Rows where some word of the query occurs in the title: they are listed first."""
    return any_of([_alternative_in_title(a) for group in query.groups for a in group.alternatives])


def counted_by_index(query: Query, fts: bool = True, grams: bool = False) -> Sql | None:
    """``select count(*)`` of the rows a one-word query matches, asked of the index alone when
    that word is one index lookup (a word for the trigram index, or one or two letters for
    the short-term index): the same number as counting ``search`` rows through it, without
    visiting them (ㅎ alone on the 100× plan: 32,000 rows, ~10 ms → ~2 ms). None otherwise."""
    if len(query.groups) != 1 or len(query.groups[0].alternatives) != 1:
        return None
    value, match = query.groups[0].alternatives[0]
    if match is Match.year:
        return None
    if match is Match.text and fts and len(value) >= TRIGRAM:
        return Sql("select count(*) from search_fts where search_fts match ?", (fts_phrase(value),))
    if grams and len(value) <= short_grams.SHORT:
        prefix = short_grams.INITIALS if match is Match.initials else short_grams.TEXT
        table = short_grams.GRAM_TABLE
        return Sql(f"select count(*) from {table} where {table} match ?", (short_grams.pattern(prefix, value),))
    return None


class Short(NamedTuple):
    """A query whose every word is one or two letters, as FTS5 expressions over the short-term
    index (``grams``): the rows that match it, and those of them with some word in the title."""

    matching: str
    in_title: str


def short_terms(query: Query) -> Short | None:
    """The query as ``Short`` expressions when every alternative of every word is one or two
    letters of text or 초성 (one index token each); None otherwise (years, longer words)."""
    every: list[str] = []
    titled: list[str] = []
    for group in query.groups:
        tokens: list[str] = []
        for value, match in group.alternatives:
            if match is Match.year or not value or len(value) > short_grams.SHORT:
                return None
            prefix = short_grams.INITIALS if match is Match.initials else short_grams.TEXT
            tokens.append(short_grams.pattern(prefix, value))
            titled.append(short_grams.pattern(short_grams.TITLE[prefix], value))
        every.append("(" + " OR ".join(dict.fromkeys(tokens)) + ")")
    if not every:
        return None
    return Short(" AND ".join(every), "(" + " OR ".join(dict.fromkeys(titled)) + ")")
