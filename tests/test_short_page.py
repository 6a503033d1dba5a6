"""A short word's page costs a page, not every row it matches (issue 17.6: 1–2 letter search key).

On the 100× plan ㅎ alone matches 32,000 rows; search used to read and rank all of them to
show twenty. The short-term index now also holds each title's own grams, so a page of a query
of one- and two-letter words is read as index lookups in search's order (title hits kind by
kind, then the others) that stop at the page's end. These tests pin that the pages, their
order and totals are exactly the scan's, and count SQLite's virtual-machine steps (not time)
to show the page's cost does not grow with the plan.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from aiplan_tui import grams
from aiplan_tui.search import initials_of, parse
from aiplan_tui.search_sql import short_terms
from aiplan_tui.store import NO_GRAMS_ENV, Filter, Store
from benchmarks.generate import generate

from .conftest import PLAN_DB
from .test_lookup_cost import steps
from .test_short_index import FIXED, sampled_queries

# (limit, offset); a limit of None: the whole list (for every query in test_short_index, for WORDS here)
PAGES: tuple[tuple[int | None, int], ...] = ((20, 0), (1, 0), (7, 3), (20, 20), (10, 555))
WHOLE: tuple[tuple[int | None, int], ...] = ((None, 0), (None, 40))
FILTERS = (Filter(ministries=("환경부",)), Filter(strategy=3), Filter(years=(2024,)), Filter(area="3-2"))
WORDS = ("ㅎ", "ㅎㅅ", "교", "홍", "환경", "AI", "a", "ㅇ ㄷ", "교육 데", "Ai 교", "(", "없")


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(4, tmp_path_factory.mktemp("plan") / "plan-4x.db")


def page(
    store: Store, text: str, limit: int | None, offset: int, where: Filter | None = None, kinds: tuple[str, ...] = ()
) -> tuple[list[tuple[str, str, str, bool]], int]:
    query = parse(text, store.ministry_names())
    results = store.search(query, where, limit=limit, offset=offset, kinds=kinds)
    return [(hit.kind, hit.ref, hit.snippet, hit.in_title) for hit in results.hits], results.total


def scanning(monkeypatch: pytest.MonkeyPatch, db: Path) -> Store:
    monkeypatch.setenv(NO_GRAMS_ENV, "1")
    store = Store.open(db)
    assert store.grams_problem is not None and not store.title_grams  # read once per store, here
    monkeypatch.delenv(NO_GRAMS_ENV)
    return store


@pytest.mark.parametrize("plan", ["real", "4x"])
def test_a_short_words_pages_are_the_scans(monkeypatch: pytest.MonkeyPatch, larger: Path, plan: str) -> None:
    db = PLAN_DB if plan == "real" else larger
    indexed, scanned = Store.open(db), scanning(monkeypatch, db)
    assert indexed.title_grams and indexed._kind_runs is not None
    words = [*FIXED, *sampled_queries(indexed)[:: 2 if plan == "real" else 16]]
    short = [text for text in words if short_terms(parse(text, indexed.ministry_names())) is not None]
    assert len(short) > 40
    for text in short:
        for limit, offset in PAGES:
            assert page(indexed, text, limit, offset) == page(scanned, text, limit, offset), (text, limit, offset)
    for text in WORDS:
        for limit, offset in WHOLE:
            assert page(indexed, text, limit, offset) == page(scanned, text, limit, offset), (text, limit, offset)
        for where in FILTERS:
            for limit, offset in ((20, 0), (5, 5), *WHOLE[:1]):
                expected = page(scanned, text, limit, offset, where)
                assert page(indexed, text, limit, offset, where) == expected, (text, where, limit, offset)
        for kinds in (("item",), ("target", "task"), ("document",)):
            assert page(indexed, text, 7, 2, kinds=kinds) == page(scanned, text, 7, 2, kinds=kinds), (text, kinds)
            both = page(indexed, text, 5, 0, FILTERS[1], kinds)
            assert both == page(scanned, text, 5, 0, FILTERS[1], kinds), (text, kinds)


def test_title_hits_come_first_and_the_page_is_full(larger: Path) -> None:
    """ㅎ on the 4× plan: more title hits than a page, so the page is all title hits; the body
    hits follow once the title hits run out (the order the scan gives, pinned above)."""
    store = Store.open(larger)
    hits, total = page(store, "ㅎ", 20, 0)
    assert len(hits) == 20 and all(in_title for *_, in_title in hits) and total > 1000
    everything, _ = page(store, "ㅎ", None, 0)
    titled = sum(in_title for *_, in_title in everything)
    assert 20 < titled < len(everything) == total
    assert [in_title for *_, in_title in everything] == [True] * titled + [False] * (total - titled)


def test_a_short_words_page_costs_the_same_on_a_larger_plan(larger: Path) -> None:
    """The page's reads (the search less its count, which the index answers alone) stay the
    same on a plan four times larger; before, every matching row was read and ranked."""

    def page_steps(db: Path, text: str) -> int:
        store = Store.open(db)
        assert store.title_grams and store._kind_runs is not None  # read once per store, not per search
        query = parse(text)
        terms = short_terms(query)
        assert terms is not None
        count = f"select count(*) from {grams.GRAM_TABLE} where {grams.GRAM_TABLE} match ?"
        counted = steps(store, lambda s: s.rows(count, (terms.matching,)))
        return steps(store, lambda s: s.search(query, limit=20)) - counted

    for text in ("ㅎ", "ㅎㅅ", "교", "이"):
        small, large = page_steps(PLAN_DB, text), page_steps(larger, text)
        assert large <= small * 1.5 + 20, (text, small, large)


def test_a_database_without_title_grams_still_searches(tmp_path: Path) -> None:
    """A plan.db written before the title grams: its short-term index has only the row grams.
    Search then tests titles row by row, with the same answers."""
    copy = Path(shutil.copy2(PLAN_DB, tmp_path / "plan.db"))
    connection = sqlite3.connect(copy)
    rows = connection.execute("select rowid, title, body, initials from search order by rowid").fetchall()
    connection.execute(f"drop table {grams.GRAM_TABLE}")
    connection.execute(
        f"create virtual table {grams.GRAM_TABLE} using fts5(grams, content='', columnsize=0, detail=none, "
        "tokenize='unicode61')"
    )
    kept = (grams.TEXT, grams.INITIALS)
    older_tokens = [
        (rowid, " ".join(t for t in grams.row_tokens(title, body, initials).split() if t[0] in kept))
        for rowid, title, body, initials in rows
    ]
    connection.executemany(f"insert into {grams.GRAM_TABLE}(rowid, grams) values (?, ?)", older_tokens)
    connection.commit()
    connection.close()
    older, current = Store.open(copy), Store.open(PLAN_DB)
    assert older.grams_problem is None and not older.title_grams and current.title_grams
    for text in WORDS:
        for limit, offset in (*PAGES, *WHOLE[:1]):
            assert page(older, text, limit, offset) == page(current, text, limit, offset), (text, limit, offset)


def test_title_tokens_come_from_the_title_alone() -> None:
    tokens = set(grams.row_tokens("Ab 홍수", "c 교", initials_of("Ab 홍수\nc 교")).split())
    title = {token for token in tokens if token[0] in grams.TITLE.values()}
    assert grams.token(grams.TITLE[grams.TEXT], "ab") in title and grams.token(grams.TITLE[grams.TEXT], "홍수") in title
    assert grams.token(grams.TITLE[grams.INITIALS], "ㅎㅅ") in title
    assert not {t[1:] for t in title} & {grams.token("", "교"), grams.token("", "ㄱ"), grams.token("", "c")}
    assert {grams.token(grams.TEXT, "교"), grams.token(grams.INITIALS, "ㄱ")} <= tokens
    assert grams.pattern(grams.TITLE[grams.TEXT], "AI") == grams.token("t", "ai")
