"""The workspace (issue 14): progress, actuals, roll-ups, notes, bookmarks, reports, the CLI
contract, migrations, damage and a rebuilt plan. Crash safety and concurrent writers are in
test_workspace_safety.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiplan_tui.store import Filter, Store
from aiplan_tui.workspace import migrations, notes
from aiplan_tui.workspace.db import Workspace
from aiplan_tui.workspace.progress import (
    InvalidInput,
    achievement_rate,
    orphans,
    parse_period,
    planned_value,
    progress,
    rollup,
    rollup_of,
    set_progress,
)
from aiplan_tui.workspace.report import build, neutralise, read_csv, render, to_csv, unneutralise, write_atomic

from .clirun import Run, one_line_error, run
from .conftest import PLAN_DB


@pytest.fixture
def ws_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "team" / "workspace.db"
    monkeypatch.setenv("AIPLAN_WORKSPACE", str(path))
    return path


@pytest.fixture
def workspace(ws_path: Path, store: Store) -> Iterator[Workspace]:
    opened = Workspace.open(ws_path, store.path, store.meta()["checksum"])
    yield opened
    opened.close()


def aiplan(*args: str) -> Run:
    return run(["--db", str(PLAN_DB), *args])


def shown(*args: str) -> list[dict[str, object]]:
    result = aiplan("progress", "show", *args, "--format", "json")
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert isinstance(found, list)
    return found


# The done-when path and the CLI contract ----------------------------------------------


def test_marking_3_2_1_changes_the_산림청_rollup_and_shows_in_json(ws_path: Path) -> None:
    assert aiplan("progress", "rollup", "--period", "2025").out.count("산림청: 과제 2 · 미입력 2") == 1
    result = aiplan("progress", "set", "3-2.1", "--period", "2025", "--status", "정상추진", "--actual", "3-2/t1=30")
    assert result.code == 0, result.err
    assert "산림청: 과제 2 · 정상추진 1 · 미입력 1" in aiplan("progress", "rollup", "--period", "2025").out
    table = aiplan("progress", "--ministry", "산림청", "--period", "2025", "--format", "table")
    assert table.code == 0 and "산림청: 과제 2 · 정상추진 1 · 미입력 1" in table.out
    plain = aiplan("progress", "-m", "산림청", "-p", "2025", "--format", "plain").out.splitlines()
    assert [line.split("\t")[:4] for line in plain[1:]] == [
        ["3-2.1", "실시간 산불감시 AI 시스템 도입 확대", "2025", "● 정상추진"],
        ["3-3.3", "산림해충 발생 탐지·예측 AI 개발 및 모니터링 센터 실증", "2025", "· 미입력"],
    ]
    [entry] = shown("--ministry", "산림청", "--period", "2025")
    assert {"task", "period", "status", "note", "actuals", "updated_at"} <= set(entry)
    assert entry["task"] == "3-2.1" and entry["period"] == "2025" and entry["status"] == "정상추진"
    assert entry["actuals"] == [{"target": "3-2/t1", "value": 30, "provisional": False}]
    assert ws_path.is_file()


def test_set_merges_fields_and_short_target_ids(ws_path: Path) -> None:
    assert aiplan("progress", "set", "3-2.1", "-p", "2025Q2", "--note", "추진 중", "--actual", "t1=12잠정").code == 0
    assert aiplan("progress", "set", "3-2.1", "-p", "2025q2", "--status", "관심필요", "--issues", "예산").code == 0
    [entry] = shown("--period", "2025Q2")
    assert entry["status"] == "관심필요" and entry["note"] == "추진 중" and entry["issues"] == "예산"
    assert entry["actuals"] == [{"target": "3-2/t1", "value": 12, "provisional": True}]


def test_an_empty_actual_value_clears_the_saved_one_and_the_log_keeps_it(ws_path: Path, store: Store) -> None:
    assert aiplan("progress", "set", "3-2.1", "-p", "2025", "--note", "점검", "--actual", "t1=30").code == 0
    result = aiplan("progress", "set", "3-2.1", "-p", "2025", "--actual", "t1=")
    assert result.code == 0, result.err
    [entry] = shown("--period", "2025")
    assert entry["note"] == "점검" and entry["actuals"] == []  # the text stays; the value is gone
    assert aiplan("progress", "set", "3-2.1", "-p", "2025", "--actual", "t1=").code == 0  # nothing left: no-op
    opened = Workspace.open(ws_path, store.path, store.meta()["checksum"])
    try:
        log = opened.read("select old, new from changes where tbl = 'actuals' order by id")
    finally:
        opened.close()
    changes = [tuple(None if cell is None else json.loads(cell) for cell in (row["old"], row["new"])) for row in log]
    assert changes == [
        (None, {"provisional": False, "value": 30}),
        ({"provisional": False, "value": 30}, None),  # the cleared value is kept in the log
    ]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["3-2.1", "--period", "2025", "--status", "잘됨"], "정상추진 · 관심필요"),
        (["3-2.1", "--period", "25년 5분기", "--status", "완료"], "2025Q2"),
        (["3-2.99", "--period", "2025", "--status", "완료"], "3-2.9"),
        (["3-2.1", "--period", "2025", "--actual", "t7=3"], "3-2/t1"),
        (["3-2.1", "--period", "2025", "--actual", "3-2/t1=많이"], "12잠정"),
        (["3-2.1", "--period", "2025", "--actual", "3"], "목표=값"),
        (["1-1.3", "--period", "2025", "--actual", "t1=3"], "정량 목표가 없어"),
        (["3-2.1", "--period", "2025"], "--status"),
    ],
)
def test_mistakes_exit_2_naming_what_is_valid(ws_path: Path, args: list[str], named: str) -> None:
    result = aiplan("progress", "set", *args)
    assert result.code == 2 and one_line_error(result) and named in result.err, result.err
    if "--actual" not in args:
        assert not ws_path.exists()  # found before the workspace was made
    assert shown() == []


def test_every_status_reads_without_colour_and_in_ascii() -> None:
    from aiplan_tui.workspace.progress import LIGHTS, NOT_ENTERED, STATUSES, status_label

    assert set(LIGHTS) == {*STATUSES, NOT_ENTERED}
    symbols = [status_label(s).split()[0] for s in LIGHTS]
    ascii_marks = [status_label(s, ascii=True).split()[0] for s in LIGHTS]
    assert len(set(symbols)) == len(set(ascii_marks)) == len(LIGHTS)  # each tells itself apart
    assert all(mark.isascii() and len(mark) == 1 for mark in ascii_marks)


def test_periods() -> None:
    assert [parse_period(p) for p in ("2025", "25", "'25", "2025Q2", "2025-q3", "2025년 4분기")] == [
        "2025", "2025", "2025", "2025Q2", "2025Q3", "2025Q4",
    ]  # fmt: skip
    for bad in ("2025Q5", "1999", "Q2", "", "2025 Q"):
        with pytest.raises(InvalidInput):
            parse_period(bad)


# The workspace file ---------------------------------------------------------------------


def test_plan_is_attached_read_only_and_never_written(workspace: Workspace, store: Store) -> None:
    before = hashlib.sha256(PLAN_DB.read_bytes()).hexdigest()
    set_progress(store, workspace, "3-2.1", "2025", {"status": "완료"})
    assert workspace.read("select count(*) from plan.tasks")[0][0] == 78
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
        workspace.connection.execute("update plan.tasks set title = 'x'")
    assert hashlib.sha256(PLAN_DB.read_bytes()).hexdigest() == before


def test_wal_and_full_sync(workspace: Workspace) -> None:
    assert workspace.read("pragma journal_mode")[0][0] == "wal"
    assert workspace.read("pragma synchronous")[0][0] == 2  # FULL
    assert workspace.read("pragma user_version")[0][0] == migrations.VERSION


def test_change_log_keeps_every_old_value_and_is_append_only(workspace: Workspace, store: Store) -> None:
    set_progress(store, workspace, "3-2.1", "2025", {"status": "정상추진", "note": "첫째"})
    set_progress(store, workspace, "3-2.1", "2025", {"note": "둘째"}, [("t1", 10, False)])
    set_progress(store, workspace, "3-2.1", "2025", {"note": "둘째"})  # nothing changes: nothing logged
    log = workspace.read("select who, tbl, key, old, new from changes order by id")
    assert len(log) == 3
    assert json.loads(log[0]["new"])["note"] == "첫째" and log[0]["old"] is None
    assert json.loads(log[1]["old"])["note"] == "첫째" and json.loads(log[1]["new"])["note"] == "둘째"
    assert log[2]["tbl"] == "actuals" and json.loads(log[2]["new"]) == {"value": 10, "provisional": False}
    assert all(row["who"] == workspace.user for row in log)
    for statement in ("update changes set new = null", "delete from changes"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            workspace.connection.execute(statement)


def test_a_damaged_workspace_is_set_aside_never_overwritten(ws_path: Path) -> None:
    ws_path.parent.mkdir(parents=True)
    garbage = b"this is not a database " * 200
    ws_path.write_bytes(garbage)
    result = aiplan("progress", "set", "3-2.1", "--period", "2025", "--status", "완료")
    assert result.code == 0 and "손상" in result.err and "옆으로 옮겨" in result.err
    [aside] = ws_path.parent.glob("workspace.db.damaged-*")
    assert aside.read_bytes() == garbage
    assert [e["status"] for e in shown()] == ["완료"]


def test_a_malformed_workspace_is_set_aside_with_its_content(ws_path: Path, workspace: Workspace, store: Store) -> None:
    for number in range(200):
        notes.set_note(workspace, f"3-2/{number}", "메모 " * 50)
    workspace.close()
    data = bytearray(ws_path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)  # pages 3-6 overwritten
    ws_path.write_bytes(bytes(data))
    result = aiplan("note")
    assert result.code == 0 and "손상" in result.err
    [aside] = [p for p in ws_path.parent.glob("workspace.db.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == bytes(data)
    assert "메모 0건" in result.out or result.out.strip().splitlines()[1:] == []


def test_a_workspace_that_cannot_be_made_is_exit_3(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = aiplan("--workspace", str(blocker / "sub" / "workspace.db"), "progress", "show")
    assert result.code == 3 and one_line_error(result) and "작업공간" in result.err
    folder = aiplan("progress", "show", "--workspace", str(tmp_path))
    assert folder.code == 3 and one_line_error(folder) and "폴더" in folder.err


def test_the_top_level_workspace_option_names_the_file(tmp_path: Path) -> None:
    team = tmp_path / "team.db"
    assert aiplan("--workspace", str(team), "progress", "set", "3-2.1", "-p", "2025", "-s", "완료").code == 0
    assert team.is_file()
    assert [e["status"] for e in shown("--workspace", str(team))] == ["완료"]


def test_a_newer_workspace_is_refused_and_left_alone(ws_path: Path) -> None:
    ws_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(ws_path)
    connection.execute("pragma user_version = 99")
    connection.close()
    before = ws_path.read_bytes()
    result = aiplan("progress", "show", "--format", "json")
    assert result.code == 3 and one_line_error(result) and "99" in result.err and "새 버전" in result.err
    assert ws_path.read_bytes() == before


def _fill(connection: sqlite3.Connection, version: int) -> None:
    """Rows of every table that schema ``version`` has, as an older aiplan would have written them."""
    stamp = ("old-plan", "2025-01-01T00:00:00+00:00", "kim")
    if version >= 1:
        connection.execute(
            "insert into progress values ('3-2.1', '2025', '정상추진', '실적', '', '', '', ?, ?, ?)", stamp
        )
        connection.execute("insert into actuals values ('3-2/t1', '2025', '3-2.1', 30, 0, ?, ?, ?)", stamp)
    if version >= 2:
        connection.execute("insert into notes values ('3-2', '메모', ?, ?, ?)", stamp)
        connection.execute("insert into bookmarks values ('3-2.1', 'kim', ?, ?)", stamp[:2])


@pytest.mark.parametrize("version", range(migrations.VERSION + 1))
def test_migrates_from_every_earlier_version(tmp_path: Path, store: Store, version: int) -> None:
    path = tmp_path / "workspace.db"
    connection = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(connection, path, upto=version)
    _fill(connection, version)
    connection.close()
    workspace = Workspace.open(path, store.path, store.meta()["checksum"])
    assert workspace.read("pragma user_version")[0][0] == migrations.VERSION
    assert workspace.read("pragma integrity_check")[0][0] == "ok"
    if version >= 1:
        [entry] = progress(workspace)
        assert entry.status == "정상추진" and entry.actuals[0].value == 30
    if version >= 2:
        assert notes.note(workspace, "3-2") is not None
    backups = list(tmp_path.glob("*.bak"))
    if 0 < version < migrations.VERSION:
        [backup] = backups
        copy = sqlite3.connect(backup)
        assert copy.execute("pragma user_version").fetchone()[0] == version
        assert copy.execute("select count(*) from progress").fetchone()[0] == 1
        copy.close()
    else:
        assert backups == []
    workspace.close()


def test_a_failed_migration_step_changes_nothing(tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "workspace.db"
    connection = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(connection, path, upto=1)
    _fill(connection, 1)
    monkeypatch.setattr(
        migrations, "STEPS", (*migrations.STEPS[:1], "create table notes (a);\ncreate table notes (b);")
    )
    with pytest.raises(sqlite3.OperationalError):
        migrations.migrate(connection, path, upto=2)
    assert migrations.version_of(connection) == 1
    assert connection.execute("select count(*) from sqlite_master where name = 'notes'").fetchone()[0] == 0
    connection.close()


def test_rows_of_a_rebuilt_plan_are_reported_never_dropped(workspace: Workspace, store: Store) -> None:
    set_progress(store, workspace, "3-2.1", "2025", {"status": "완료"})
    stamp = ("old-plan", "2024-01-01T00:00:00+00:00", "kim")
    with workspace.write() as writer:
        writer.execute("insert into progress values ('3-2.77', '2024', '완료', '', '', '', '', ?, ?, ?)", stamp)
        writer.execute("insert into actuals values ('3-2/t99', '2024', '3-2.1', 5, 0, ?, ?, ?)", stamp)
    found = orphans(store, workspace)
    assert sorted((o.table, o.missing) for o in found) == [("actuals", "3-2/t99"), ("progress", "3-2.77")]
    assert {p.task for p in progress(workspace)} == {"3-2.1", "3-2.77"}
    result = aiplan("progress", "show", "--format", "json")
    assert result.code == 0 and "3-2.77" in result.err and "3-2/t99" in result.err
    assert {e["task"] for e in json.loads(result.out)} == {"3-2.1", "3-2.77"}


# Targets and roll-ups ---------------------------------------------------------------------


def test_a_rate_only_where_the_plan_gives_a_value(store: Store) -> None:
    [fire] = store.targets(task="3-2.1")  # '23 4개소 → '25 50개소
    assert planned_value(fire, "2025") == 50 and achievement_rate(fire, "2025", 30) == 60.0
    assert achievement_rate(fire, "2024", 30) is None  # no value for '24: never interpolated
    assert achievement_rate(fire, "2025Q2", 30) is None  # the plan gives years, not quarters
    hospitals = next(t for t in store.targets() if t.id == "1-2/t3")  # '24: +4 (added) and 8 (cumulative)
    assert planned_value(hospitals, "2024") == 8
    added_only = [
        t
        for t in store.targets()
        for p in t.series
        if p.kind == "added" and not [q for q in t.series if q.year == p.year and q.kind != "added"]
    ]
    assert added_only, "the plan has increments with no level beside them"
    point = next(p for p in added_only[0].series if p.kind == "added")
    assert achievement_rate(added_only[0], str(point.year), 1) is None


def test_rollups_by_strategy_and_area(workspace: Workspace, store: Store) -> None:
    set_progress(store, workspace, "3-2.1", "2025", {"status": "정상추진"})
    set_progress(store, workspace, "3-2.5", "2025", {"status": "관심필요"})
    area = rollup_of(store, workspace, "2025", "3-2", by="area")
    assert area.statuses["정상추진"] == 1 and area.statuses["관심필요"] == 1
    assert area.tasks == sum(area.statuses.values())
    strategy = rollup_of(store, workspace, "2025", "3", by="strategy")
    assert strategy.line().startswith(f"3: 과제 {strategy.tasks} · 정상추진 1 · 관심필요 1 · 미입력 ")
    assert rollup_of(store, workspace, "2024", "3-2", by="area").statuses == {"미입력": area.tasks}


def test_one_groups_rollup_equals_its_line_of_the_whole_rollup_and_reads_only_its_tasks(
    workspace: Workspace,
) -> None:
    fresh = Store.open(PLAN_DB)
    set_progress(fresh, workspace, "3-2.1", "2025", {"status": "정상추진"})
    set_progress(fresh, workspace, "1-1.1", "2025", {"status": "관심필요"})
    fresh = Store.open(PLAN_DB)  # nothing read yet
    before = fresh.tasks(Filter(ministries=("환경부",)))
    keyed = {
        (by, key): rollup(fresh, workspace, "2025", by, key=key)
        for by, keys in (
            ("ministry", ["산림청", "과기정통부", "없는부"]),
            ("strategy", ["3", "9", "x"]),
            ("area", ["3-2", "1-1", ""]),
        )
        for key in keys
    }
    # A panel's question read only its own group's tasks, and left the tree's filter list alone.
    assert fresh._tasks is None
    assert fresh._filtered is not None and fresh._filtered[0] == Filter(ministries=("환경부",))
    assert fresh.tasks(Filter(ministries=("환경부",))) == before
    for (by, key), found in keyed.items():
        whole = [r for r in rollup(fresh, workspace, "2025", by) if r.key == key]
        assert found == whole, (by, key)
    assert keyed[("strategy", "3")][0].statuses["정상추진"] == 1
    assert keyed[("ministry", "없는부")] == [] and keyed[("strategy", "x")] == []


# Notes, bookmarks, last position ------------------------------------------------------------


def test_notes_and_bookmarks_from_the_cli(ws_path: Path) -> None:
    assert aiplan("note", "3-2.1", "현장", "점검", "필요").code == 0
    assert aiplan("note", "3-2.1").out.strip() == "3-2.1: 현장 점검 필요"
    assert aiplan("bookmark", "환경부").code == 0
    assert "이미" in aiplan("bookmark", "환경부").out
    listed = aiplan("bookmark", "--format", "json")
    assert [b["node"] for b in json.loads(listed.out)] == ["환경부"]
    assert aiplan("note", "3-2.1", "--delete").code == 0
    assert "메모 없음" in aiplan("note", "3-2.1").out
    bad = aiplan("note", "9-9", "x")
    assert bad.code == 2 and one_line_error(bad)


def test_a_note_keeps_its_old_text_in_the_log(workspace: Workspace) -> None:
    notes.set_note(workspace, "3-2", "처음")
    notes.set_note(workspace, "3-2", "처음")  # the same again: nothing logged
    notes.set_note(workspace, "3-2", "고침")
    notes.set_note(workspace, "3-2", "")
    log = [(r["old"], r["new"]) for r in workspace.read("select old, new from changes where tbl = 'notes' order by id")]
    assert log == [(None, '{"text": "처음"}'), ('{"text": "처음"}', '{"text": "고침"}'), ('{"text": "고침"}', None)]
    assert notes.note(workspace, "3-2") is None


def test_last_position_per_user(workspace: Workspace) -> None:
    assert notes.last_position(workspace) is None
    notes.save_position(workspace, "3-2.9")
    notes.save_position(workspace, "1-1")
    assert notes.last_position(workspace) == "1-1"
    workspace.user = "someone-else"
    assert notes.last_position(workspace) is None


# Reports -----------------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("http://x","y")'


def _mark(store: Store, workspace: Workspace) -> None:
    set_progress(
        store,
        workspace,
        "3-2.1",
        "2025",
        {"status": "정상추진", "note": HOSTILE, "issues": "+예산", "plans": "-확대", "evidence": "@산림청-123"},
        [("t1", 30, False)],
    )


def test_report_formats_read_back_with_their_libraries(ws_path: Path, workspace: Workspace, store: Store) -> None:
    _mark(store, workspace)
    folder = ws_path.parent
    for fmt in ("md", "csv", "xlsx", "hwpx"):
        result = aiplan(
            "report", "--ministry", "산림청", "--period", "2025", "--format", fmt, "-o", str(folder / f"r.{fmt}")
        )
        assert result.code == 0, result.err
    md = (folder / "r.md").read_text(encoding="utf-8")
    assert "산림청: 과제 2 · 정상추진 1 · 미입력 1" in md and "| 50개소 | 30 | 60.0% |" in md

    import openpyxl

    sheet = openpyxl.load_workbook(folder / "r.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[2]
    task_row = dict(zip(header, next(r for r in values if r[0] == "과제" and r[1] == "3-2.1")))
    target_row = dict(zip(header, next(r for r in values if r[0] == "목표" and r[1] == "3-2.1")))
    assert task_row["상태"] == "정상추진" and task_row["추진실적"] == HOSTILE
    assert target_row["계획값"] == 50 and target_row["실적"] == 30 and target_row["달성률(%)"] == 60.0
    note_cell = next(c for row in sheet.iter_rows() for c in row if c.value == HOSTILE)
    assert note_cell.data_type == "s"  # text, not a formula

    from hwpx import HwpxDocument

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        document = HwpxDocument.open(folder / "r.hwpx")
        text = document.text.plain()
    assert "추진실적 점검 — 산림청, 2025" in text and "산림청: 과제 2 · 정상추진 1 · 미입력 1" in text
    tasks_table, targets_table = document.tables[0], document.tables[1]
    assert tasks_table.cell(1, 0).text == "3-2.1" and tasks_table.cell(1, 3).text == "● 정상추진"
    assert tasks_table.cell(1, 4).text == HOSTILE
    assert [targets_table.cell(1, c).text for c in (2, 3, 4)] == ["50개소", "30", "60.0%"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(workspace: Workspace, store: Store) -> None:
    _mark(store, workspace)
    data = to_csv(build(store, workspace, "2025", "산림청"))
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + HOSTILE, "'+예산", "'-확대", "'@산림청-123"} <= set(cells)
    for text in (HOSTILE, "+1", "-1", "@x", "\tx", "\rx", "'=a", "보통 글", "'보통"):
        assert unneutralise(neutralise(text)) == text


def test_progress_show_as_csv_is_neutralised_too(workspace: Workspace, store: Store) -> None:
    _mark(store, workspace)
    result = aiplan("progress", "show", "--format", "csv")
    cells = [c for row in csv.reader(io.StringIO(result.out)) for c in row]
    assert "'" + HOSTILE in cells and HOSTILE not in cells


def test_export_import_round_trip(ws_path: Path, workspace: Workspace, store: Store, tmp_path: Path) -> None:
    _mark(store, workspace)
    set_progress(store, workspace, "3-3.3", "2025", {"status": "재검토", "note": '줄1\n줄2, "따옴표"'})
    exported = tmp_path / "보고.csv"
    assert aiplan("report", "-m", "산림청", "-p", "2025", "-f", "csv", "-o", str(exported)).code == 0
    before = shown()
    assert len(read_csv(exported.read_bytes())) == 3

    other = tmp_path / "other.db"
    dry = aiplan("progress", "import", str(exported), "--dry-run", "--workspace", str(other))
    assert dry.code == 0 and "3-2.1 2025 상태: (없음) → '정상추진'" in dry.out and "--dry-run" in dry.out
    assert shown("--workspace", str(other)) == []
    assert aiplan("progress", "import", str(exported), "--workspace", str(other)).code == 0
    after = shown("--workspace", str(other))

    def content(entries: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in e.items() if k not in ("updated_at", "updated_by")} for e in entries]

    assert content(after) == content(before)
    again = aiplan("progress", "import", str(exported), "--workspace", str(other))
    assert again.out.strip() == "바뀌는 것이 없습니다"


def test_import_of_a_bad_file_changes_nothing(ws_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("구분,과제,기간,상태\n과제,3-2.1,2025,완료\n과제,3-2.1,2025,아주좋음\n", encoding="utf-8")
    result = aiplan("progress", "import", str(bad))
    assert result.code == 2 and one_line_error(result) and "3행" in result.err and "정상추진" in result.err
    assert shown() == []


def test_reports_are_written_atomically(
    workspace: Workspace, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "보고"
    folder.mkdir()
    target = folder / "보고.md"
    target.write_bytes(b"old")
    report = build(store, workspace, "2025", "산림청")
    write_atomic(target, render(report, "md"))
    assert target.read_text(encoding="utf-8").startswith("# 추진실적 점검 — 산림청, 2025")
    assert [p.name for p in folder.iterdir()] == ["보고.md"]  # no temporary file left

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_text(encoding="utf-8").startswith("# 추진실적")
    assert [p.name for p in folder.iterdir()] == ["보고.md"]


def test_missing_report_library_is_a_clear_message(ws_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    monkeypatch.setitem(sys.modules, "hwpx", None)
    for fmt in ("xlsx", "hwpx"):
        result = aiplan("report", "-p", "2025", "-f", fmt, "-o", str(ws_path.parent / f"r.{fmt}"))
        assert result.code == 2 and one_line_error(result) and "pip install 'aiplan-tui[report]'" in result.err


def test_the_workspace_library_never_imports_textual_or_rich() -> None:
    code = (
        "import sys\nimport aiplan_tui.cli_workspace\n"
        "from aiplan_tui.workspace import db, migrations, progress, notes, report, importing\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
