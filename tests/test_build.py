"""The build: deterministic, read-only friendly, and strict about the source."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from aiplan_tui.build import build
from aiplan_tui.schema import SCHEMA_VERSION
from aiplan_tui.source import SourceError
from aiplan_tui.store import DataError, Store

from .conftest import PLAN_DB, SOURCE_DIR


def _dump(path: Path) -> list[str]:
    """The schema and every row of every stored table. Virtual tables are stored in their shadow
    tables, which are dumped; a contentless FTS5 table cannot be read itself (so no iterdump)."""
    connection = sqlite3.connect(path)
    try:
        dump: list[str] = []
        for kind, name, sql in connection.execute("select type, name, sql from sqlite_master order by type, name"):
            dump.append(f"{kind} {name}: {sql}")
            if kind == "table" and not (sql or "").lower().startswith("create virtual"):
                dump.extend(repr(tuple(row)) for row in connection.execute(f"select * from [{name}]"))
        return dump
    finally:
        connection.close()


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("build") / "plan.db"
    build(SOURCE_DIR, target)
    return target


def test_committed_database_equals_a_fresh_build(fresh_db: Path) -> None:
    assert _dump(fresh_db) == _dump(PLAN_DB), "data/plan.db is stale: run `aiplan build-db` and commit it"


def test_build_is_byte_for_byte_deterministic(fresh_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build(SOURCE_DIR, again)
    assert again.read_bytes() == fresh_db.read_bytes()


def test_database_uses_a_rollback_journal_and_records_its_version(fresh_db: Path) -> None:
    connection = sqlite3.connect(fresh_db)
    assert connection.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert connection.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    meta = dict(connection.execute("select key, value from meta").fetchall())
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert len(meta["checksum"]) == 64
    connection.close()


def test_foreign_keys_hold(fresh_db: Path) -> None:
    connection = sqlite3.connect(fresh_db)
    assert connection.execute("pragma foreign_key_check").fetchall() == []
    connection.close()


def test_opens_from_a_read_only_directory(fresh_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "plan.db"
    shutil.copy(fresh_db, copy)
    copy.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert len(Store.open(copy).tasks()) == 78
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_damaged_database_is_reported_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "plan.db"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataError) as error:
        Store.open(broken)
    assert "손상" in str(error.value) and "\n" not in str(error.value)


# Strict validation ---------------------------------------------------------------------


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, copy)
    return copy


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _first_task(data: dict[str, object]) -> dict[str, object]:
    return data["tables"][0]["groups"][0]["tasks"][0]  # type: ignore[index,no-any-return]


def _build_error(source: Path, tmp_path: Path) -> str:
    with pytest.raises(SourceError) as error:
        build(source, tmp_path / "out.db")
    return str(error.value)


def test_unknown_field_names_file_and_path(source_copy: Path, tmp_path: Path) -> None:
    _edit(source_copy / "tasks.yaml", lambda d: _first_task(d).update(colour="red"))
    assert "tasks.yaml: tables.0.groups.0.tasks.0.colour: Extra inputs are not permitted" in _build_error(
        source_copy, tmp_path
    )


def test_impossible_year_is_an_error(source_copy: Path, tmp_path: Path) -> None:
    _edit(source_copy / "tasks.yaml", lambda d: _first_task(d).update(year=1923))
    assert "tasks.yaml: tables.0.groups.0.tasks.0.year" in _build_error(source_copy, tmp_path)


def test_unknown_ministry_is_an_error(source_copy: Path, tmp_path: Path) -> None:
    _edit(source_copy / "tasks.yaml", lambda d: _first_task(d).update(ministries=["과학기술정보통신부"]))
    message = _build_error(source_copy, tmp_path)
    assert "unknown ministry '과학기술정보통신부'; write its short name '과기정통부'" in message


def test_duplicate_task_id_is_an_error(source_copy: Path, tmp_path: Path) -> None:
    def duplicate(data: dict[str, object]) -> None:
        tasks = data["tables"][0]["groups"][0]["tasks"]  # type: ignore[index]
        tasks[1]["id"] = tasks[0]["id"]

    _edit(source_copy / "tasks.yaml", duplicate)
    assert "1-1.1 (line 1030): id is used twice" in _build_error(source_copy, tmp_path)


def test_dangling_task_link_is_an_error(source_copy: Path, tmp_path: Path) -> None:
    def dangle(data: dict[str, object]) -> None:
        data["areas"][0]["items"][0]["tasks"] = ["1-1.99"]  # type: ignore[index]

    _edit(source_copy / "strategy-1.yaml", dangle)
    assert "unknown task 1-1.99" in _build_error(source_copy, tmp_path)


def test_the_build_records_counts_and_every_year_the_plan_names() -> None:
    from aiplan_tui.build import shape_meta

    tables: dict[str, list[dict[str, Any]]] = {
        "tasks": [{"year": 2024}, {"year": 2025}],
        "target_points": [{"year": 2023, "until": None}],
        "milestones": [{"year": 2026, "until": 2027}],
        "items": [{"text": "시장 ('22) 101 → ('30) 1,093"}, {"text": "2019년 조사, 24시간 돌봄"}],
    }
    meta = shape_meta(tables)
    assert meta["years"] == "2019-2030"
    assert json.loads(meta["counts"])["tasks"] == 2 and json.loads(meta["counts"])["items"] == 2
