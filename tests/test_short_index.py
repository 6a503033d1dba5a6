"""The short-term index (``aiplan_tui.grams``) finds exactly what the scan finds.

Search answers words shorter than a trigram from an index of 1- and 2-grams built with the
database, and narrows longer words to the rows holding all their bigrams when the trigram
index is missing. These tests compare every answer with the scan that served them before,
with and without the trigram index ($AIPLAN_NO_FTS), on many queries.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from aiplan_tui import grams
from aiplan_tui.search import initials_of, parse
from aiplan_tui.store import NO_FTS_ENV, NO_GRAMS_ENV, Filter, Store

from .conftest import PLAN_DB

FIXED = [
    "홍", "홍수", "ㅎ", "ㅎㅅ", "ㄱㅎ", "ㄳ", "환", "환경", "환경부 2", "환경부 20", "교육 데", "AI", "ai", "a", "I",
    "Ai 교", "2", "24", "'24", "’2", "·", "(", "%", "1,", "재선", "재선충", "ㅈㅅㅊ", "초거대 AI", "디지털 플랫폼",
    "없", "뷁", "gp", "GPT", "x", "3-", "ㅇ ㄷ", "과기정통부 데", "2026 돌", "ㄷㅂ 복지",
]  # fmt: skip


def sampled_queries(store: Store) -> list[str]:
    """1-, 2- and 3-letter pieces of the plan's text and their 초성, spread over the plan."""
    titles = [row[0] for row in store.rows("select coalesce(nullif(title, ''), body) from search order by rowid")]
    queries: list[str] = []
    for index, title in enumerate(titles[::4]):
        start = index % max(1, len(title) - 3)
        piece = title[start : start + 1 + index % 3].strip()
        if piece:
            queries.append(piece)
            initials = initials_of(piece).replace(" ", "")
            if initials:
                queries.append(initials)
    return list(dict.fromkeys(queries))


def answers(store: Store, text: str, where: Filter | None = None) -> tuple[list[tuple[str, str, str]], int]:
    query = parse(text, store.ministry_names())
    results = store.search(query, where, limit=None)
    return [(hit.kind, hit.ref, hit.snippet) for hit in results.hits], results.total


def opened(monkeypatch: pytest.MonkeyPatch, fts: bool, short: bool) -> Store:
    for name, on in ((NO_FTS_ENV, fts), (NO_GRAMS_ENV, short)):
        if on:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, "1")
    store = Store.open(PLAN_DB)
    assert (store.fts_problem is None) == fts and (store.grams_problem is None) == short
    return store


@pytest.mark.parametrize("fts", [True, False], ids=["trigram", "no-trigram"])
def test_the_short_index_finds_what_the_scan_finds(monkeypatch: pytest.MonkeyPatch, fts: bool) -> None:
    scanning = opened(monkeypatch, fts=fts, short=False)
    indexed = opened(monkeypatch, fts=fts, short=True)
    queries = [*FIXED, *sampled_queries(indexed)]
    assert len(queries) > 100
    found = 0
    for text in queries:
        expected = answers(scanning, text)
        assert answers(indexed, text) == expected, text
        found += expected[1] > 0
    assert found > len(queries) * 0.9  # nearly all find something: the comparison is not of empty answers
    for text in ("AI", "교", "ㅎㅅ", "2026"):
        for where in (Filter(ministries=("환경부",)), Filter(strategy=3), Filter(years=(2024,))):
            assert answers(indexed, text, where) == answers(scanning, text, where), (text, where)
        query = parse(text, indexed.ministry_names())
        assert indexed.tasks(Filter(query=query)) == scanning.tasks(Filter(query=query)), text


def test_short_words_are_looked_up_not_scanned(store: Store) -> None:
    """The plan SQLite makes for a short word reads the index, not every row of ``search``."""
    assert store.grams_problem is None
    for text in ("홍", "AI", "ㅎㅅ"):
        condition = store._matching(parse(text))
        explained = store.rows(f"explain query plan select rowid from search where {condition.text}", condition.params)
        plan = " ".join(row[3] for row in explained)
        assert grams.GRAM_TABLE in plan and "SCAN search" not in plan.replace(f"SCAN {grams.GRAM_TABLE}", ""), plan


def test_a_database_without_the_short_index_still_searches(tmp_path: Path, store: Store) -> None:
    """A plan.db written before the index had none: search scans, with the same answers."""
    copy = Path(shutil.copy2(PLAN_DB, tmp_path / "plan.db"))
    connection = sqlite3.connect(copy)
    connection.execute(f"drop table {grams.GRAM_TABLE}")
    connection.commit()
    connection.close()
    older = Store.open(copy)
    assert older.grams_problem is not None and "no such table" in older.grams_problem
    for text in ("홍", "AI", "ㅎㅅ", "재선충"):
        assert answers(older, text) == answers(store, text), text


def test_tokens_keep_title_and_body_apart_and_fold_ascii_only() -> None:
    tokens = set(grams.row_tokens("Ab", "c", "").split())
    assert grams.token(grams.TEXT, "ab") in tokens and grams.token(grams.TEXT, "bc") not in tokens
    assert grams.fold("ÄB가") == "Äb가"
    assert grams.pattern(grams.TEXT, "AIx") == f"{grams.token('x', 'ai')} AND {grams.token('x', 'ix')}"


@pytest.mark.parametrize("fts", [True, False], ids=["trigram", "no-trigram"])
@pytest.mark.parametrize("short", [True, False], ids=["grams", "no-grams"])
def test_a_pages_total_counted_by_the_index_is_the_number_of_hits(
    monkeypatch: pytest.MonkeyPatch, fts: bool, short: bool
) -> None:
    """A page shorter than the hits counts them apart; a one-word query is counted in the index
    itself (search_sql.counted_by_index): always the number of hits there are."""
    store = opened(monkeypatch, fts=fts, short=short)
    queries = [*FIXED, *sampled_queries(store)]
    by_index = 0
    for text in queries:
        query = parse(text, store.ministry_names())
        every = store.search(query, limit=None)
        assert store.search(query, limit=1).total == every.total == len(every.hits), text
        by_index += store._counted_by_index(query) is not None and every.total > 1
    if short:
        assert by_index > len(queries) / 2
    else:  # words of three letters or more, through the trigram index when there is one
        assert (by_index > 0) == fts
