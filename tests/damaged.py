"""A corpus of damaged plan databases, made at test time from the committed one.

Each maker writes one damaged copy into a folder and returns its path. Where SQLite itself
is needed to damage a copy (a dropped table, a bad row), the copy is edited with a
writable connection; everything else is byte surgery on the file. Seeded, so a run is
repeatable.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from .conftest import PLAN_DB

PAGE = 4096
Maker = Callable[[Path], Path]


def _copy(folder: Path, name: str) -> Path:
    path = folder / f"{name}.db"
    shutil.copyfile(PLAN_DB, path)
    return path


def _bytes(name: str, change: Callable[[bytes], bytes]) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"{name}.db"
        path.write_bytes(change(PLAN_DB.read_bytes()))
        return path

    return make


def _sql(name: str, *statements: str) -> Maker:
    def make(folder: Path) -> Path:
        path = _copy(folder, name)
        connection = sqlite3.connect(path)
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.close()
        return path

    return make


def _flip(data: bytes, start: int, length: int) -> bytes:
    flipped = bytes(b ^ 0xFF for b in data[start : start + length])
    return data[:start] + flipped + data[start + length :]


def _bitrot(data: bytes, count: int, seed: int) -> bytes:
    chosen = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        out[chosen.randrange(100, len(out))] = chosen.randrange(256)
    return bytes(out)


def _random_pages(data: bytes, pages: int, seed: int) -> bytes:
    chosen = random.Random(seed)
    out = bytearray(data)
    for _ in range(pages):
        page = chosen.randrange(1, len(out) // PAGE)
        out[page * PAGE : (page + 1) * PAGE] = chosen.randbytes(PAGE)
    return bytes(out)


def _empty_file(folder: Path) -> Path:
    path = folder / "empty.db"
    path.write_bytes(b"")
    return path


def _directory(folder: Path) -> Path:
    path = folder / "directory.db"
    path.mkdir()
    return path


def _other_database(folder: Path) -> Path:
    path = folder / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("create table notes (text)")
    connection.execute("insert into notes values ('hello')")
    connection.commit()
    connection.close()
    return path


def _wal(folder: Path) -> Path:
    path = _copy(folder, "wal-mode")
    connection = sqlite3.connect(path)
    connection.execute("pragma journal_mode = wal")
    connection.close()
    return path


def _hot_journal(folder: Path) -> Path:
    """A copy taken while a writer was half-way through: the journal beside it is hot."""
    source = _copy(folder, "hot-source")
    connection = sqlite3.connect(source)
    connection.execute("pragma cache_size = 1")  # spill to the file before commit
    connection.execute("begin")
    connection.execute("update items set text = text || ' (변경 중)'")
    copy = folder / "hot-journal.db"
    shutil.copyfile(source, copy)
    shutil.copyfile(folder / "hot-source.db-journal", folder / "hot-journal.db-journal")
    connection.rollback()
    connection.close()
    return copy


# name → maker; every entry is damaged except those in SOUND (readable, same content).
CORPUS: dict[str, Maker] = {
    "truncated-100": _bytes("truncated-100", lambda d: d[:100]),
    "truncated-4k": _bytes("truncated-4k", lambda d: d[:PAGE]),
    "truncated-half": _bytes("truncated-half", lambda d: d[: len(d) // 2]),
    "truncated-last-page": _bytes("truncated-last-page", lambda d: d[:-PAGE]),
    "truncated-99": _bytes("truncated-99", lambda d: d[: len(d) * 99 // 100]),
    "zeroed": _bytes("zeroed", lambda d: bytes(len(d))),
    "random": _bytes("random", lambda d: random.Random(1).randbytes(len(d))),
    "header-then-random": _bytes("header-then-random", lambda d: d[:100] + random.Random(2).randbytes(len(d) - 100)),
    "flipped-middle": _bytes("flipped-middle", lambda d: _flip(d, len(d) // 2, 8192)),
    "bitrot-200": _bytes("bitrot-200", lambda d: _bitrot(d, 200, 3)),
    "bitrot-20": _bytes("bitrot-20", lambda d: _bitrot(d, 20, 4)),
    "random-pages-1": _bytes("random-pages-1", lambda d: _random_pages(d, 1, 5)),
    "random-pages-5": _bytes("random-pages-5", lambda d: _random_pages(d, 5, 6)),
    "empty-file": _empty_file,
    "directory": _directory,
    "other-database": _other_database,
    **{
        f"drop-{table}": _sql(f"drop-{table}", f"drop table {table}")
        for table in (
            "tasks",
            "items",
            "strategies",
            "task_groups",
            "target_points",
            "search",
            "search_fts",
            "ministry_names",
            "milestones",
            "meta",
        )
    },
    "meta-only": _sql(
        "meta-only",
        *(
            f"drop table {t}"
            for t in ("search_fts", "search", "task_items", "task_ministries", "tasks", "targets", "target_points")
        ),
    ),
    "schema-1": _sql("schema-1", "update meta set value = '1' where key = 'schema_version'"),
    "schema-abc": _sql("schema-abc", "update meta set value = 'abc' where key = 'schema_version'"),
    "schema-missing": _sql("schema-missing", "delete from meta where key = 'schema_version'"),
    "checksum-changed": _sql("checksum-changed", "update meta set value = 'deadbeef' where key = 'checksum'"),
    "checksum-missing": _sql("checksum-missing", "delete from meta where key = 'checksum'"),
    "content-checksum-missing": _sql("content-checksum-missing", "delete from meta where key = 'content_sha256'"),
    "text-changed": _sql("text-changed", "update items set text = '다른 말' where id = '3-2/14'"),
    "tasks-empty": _sql("tasks-empty", "delete from task_items", "delete from task_ministries", "delete from tasks"),
    "bad-task-id": _sql("bad-task-id", "update tasks set id = 'x' where id = '3-2.9'"),
    "bad-aliases-json": _sql("bad-aliases-json", "update ministries set aliases = '{not json'"),
    "null-title": _sql("null-title", "update tasks set title = null where id = '3-2.9'"),
    "null-item-text": _sql("null-item-text", "update items set text = null where id = '3-2/1'"),
    "number-as-title": _sql("number-as-title", "update tasks set title = 42"),
    "bad-goals-json": _sql("bad-goals-json", "update plan set goals = '['"),
    "fts-shadow-damaged": _sql("fts-shadow-damaged", "delete from search_fts_config"),
    "fts-data-damaged": _sql("fts-data-damaged", "update search_fts_data set block = x'00ff00ff'"),
    "wal-mode": _wal,
    "hot-journal": _hot_journal,
}

# Readable, with the content the build wrote: lookups may answer and `check` passes. (A copy
# with a hot journal is not: the plan is opened immutable, so the writer's half-written pages
# in the copy are not rolled back, and `check` must say so.)
SOUND = {"wal-mode"}
# Damage the content checksum cannot see (the file no longer opens as a plan at all) is
# found when the database is opened; every other damaged entry must fail `check`.


def make_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder) for name, make in CORPUS.items()}
