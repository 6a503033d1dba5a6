"""Search where SQLite has no trigram tokenizer (before 3.34, as on RHEL 8's 3.26).

Such a SQLite opens plan.db but fails on the first read of ``search_fts``. The store notices
and matches every word in the base table instead; these tests check that it finds exactly
what the index finds, both when told to (``$AIPLAN_NO_FTS``) and with a database whose index
really cannot be read here.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from aiplan_tui.cli import main
from aiplan_tui.search import parse
from aiplan_tui.store import NO_FTS_ENV, DataError, Filter, Results, Store

from .conftest import PLAN_DB

# Words of three letters or more (which the index serves), short ones, several words,
# initials, a year, a ministry, Latin letters in either case, and a word found nowhere.
QUERIES = [
    "재선충",
    "바우처",
    "디지털 플랫폼",
    "홍수",
    "AI 교육",
    "ai",
    "gpt",
    "챗GPT",
    "초거대 AI",
    "ㅎㅅ",
    "2026",
    "과기정통부 데이터",
    "산불 감시",
    "어르신 돌봄",
    "없는낱말입니다",
]


def answers(store: Store, text: str) -> tuple[list[tuple[str, str, str]], int, list[str]]:
    """Every hit of a search (kind, ref, snippet), the total, and the tasks a query filter keeps."""
    query = parse(text, store.ministry_names())
    results: Results = store.search(query, limit=None)
    hits = [(hit.kind.value, hit.ref, hit.snippet) for hit in results.hits]
    return hits, results.total, [task.id for task in store.tasks(Filter(query=query))]


@pytest.fixture
def unreadable_index(tmp_path: Path) -> Path:
    """A copy of plan.db whose search_fts names a tokenizer this SQLite lacks, as trigram is
    lacking on SQLite < 3.34."""
    copy = Path(shutil.copy2(PLAN_DB, tmp_path / "plan.db"))
    connection = sqlite3.connect(copy)
    connection.execute("pragma writable_schema = on")
    connection.execute(
        "update sqlite_master set sql = replace(sql, 'trigram', 'trigram_absent') where name = 'search_fts'"
    )
    connection.commit()
    connection.close()
    return copy


def test_the_index_is_used_where_sqlite_has_trigram(store: Store) -> None:
    assert store.fts_problem is None


def test_without_the_index_search_finds_the_same(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_FTS_ENV, "1")
    scanning = Store.open(PLAN_DB)
    assert scanning.fts_problem is not None
    found = 0
    for text in QUERIES:
        with_index, without = answers(store, text), answers(scanning, text)
        assert without == with_index, text
        found += bool(with_index[0])
    assert found >= len(QUERIES) - 1  # all but the word found nowhere


def test_a_database_whose_index_this_sqlite_cannot_read(store: Store, unreadable_index: Path) -> None:
    broken = Store.open(unreadable_index)
    assert broken.fts_problem is not None and "no such tokenizer" in broken.fts_problem
    for text in QUERIES:
        assert answers(broken, text) == answers(store, text), text

    naive = Store.open(unreadable_index)
    naive.fts_problem = None  # as if it had not checked: the index path fails on this database
    # The store reports what SQLite raised as damage (DataError), naming the missing tokenizer.
    with pytest.raises(DataError, match="no such tokenizer"):
        naive.search(parse("재선충"))


def test_check_says_which_way_search_works(
    unreadable_index: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(NO_FTS_ENV, raising=False)
    assert main(["--db", str(PLAN_DB), "check"]) == 0
    assert "검색: FTS5 trigram 색인 사용" in capsys.readouterr().out

    assert main(["--db", str(unreadable_index), "check"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("ok: ")
    assert "검색: 색인 없이 기본 테이블에서 찾음" in printed and "no such tokenizer: trigram_absent" in printed

    assert main(["--db", str(unreadable_index), "search", "재선충", "--format", "json"]) == 0
    assert "재선충" in capsys.readouterr().out
