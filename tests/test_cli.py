"""The `aiplan` command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from aiplan_tui.store import Store

from .conftest import PLAN_DB


def aiplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def json_of(*args: str) -> Any:
    result = aiplan(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tasks_json_follows_the_contract(store: Store) -> None:
    tasks = json_of("tasks", "--format", "json")
    assert len(tasks) == 78
    first = tasks[0]
    assert {"id", "strategy", "area", "group", "title", "year", "tentative", "ministries"} <= first.keys()
    assert (first["id"], first["strategy"], first["area"], first["year"]) == ("1-1.1", 1, "1-1", 2023)
    assert first["ministries"] == ["복지부"]
    assert all(isinstance(t["tentative"], bool) and isinstance(t["year"], int) for t in tasks)
    assert [t["id"] for t in tasks] == [t.id for t in store.tasks()]


def test_tasks_filter_by_ministry_alias_and_year_forms() -> None:
    by_short = json_of("tasks", "--ministry", "환경부", "--year", "2024", "--format", "json")
    assert [t["id"] for t in by_short] == ["3-2.3"]
    for ministry, year in (("MSIT", "'24"), ("과학기술정보통신부", "24년"), ("과기부", "24")):
        tasks = json_of("tasks", "--ministry", ministry, "--year", year, "--format", "json")
        assert tasks and all("과기정통부" in t["ministries"] and t["year"] == 2024 for t in tasks)


def test_targets_json_follows_the_contract() -> None:
    targets = json_of("targets", "--format", "json")
    assert len(targets) >= 40
    for target in targets:
        assert {"id", "area", "task", "subject", "unit", "series"} <= target.keys()
        assert all(isinstance(p["year"], int) and isinstance(p["value"], (int, float)) for p in target["series"])
    health = next(t for t in targets if t["subject"].endswith("보건소"))
    assert health["series"] == [{"year": 2023, "value": 141}, {"year": 2027, "value": 261}]
    assert health["task"] == "1-1.1"


def test_tables_for_people() -> None:
    result = aiplan("tasks", "--area", "3-2", "--format", "table")
    assert result.returncode == 0
    assert "119 신고대응 AI 플랫폼 개발" in result.stdout and "3-2.9" in result.stdout
    targets = aiplan("targets", "--area", "3-2", "--format", "table")
    assert "'22 32% → '27 100%" in targets.stdout


def test_csv_and_markdown() -> None:
    csv_lines = aiplan("tasks", "--strategy", "4", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "id,strategy,area,group,title,year,tentative,ministries"
    assert len(csv_lines) == 1 + 18
    markdown = aiplan("targets", "--task", "3-2.5", "--format", "md").stdout
    assert "| 3-2/" in markdown and "'22 32% → '27 100%" in markdown


def test_unknown_ministry_suggests_the_right_one() -> None:
    result = aiplan("tasks", "--ministry", "과학기술부")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "aiplan: 과학기술부 is not a ministry in this plan; did you mean 과기정통부 (과학기술정보통신부)?"
    )


def test_bad_year_and_area_exit_2_with_the_valid_form() -> None:
    year = aiplan("tasks", "--year", "이천이십사")
    assert year.returncode == 2 and "write it as 2024, 24, '24 or 24년" in year.stderr
    area = aiplan("tasks", "--area", "9-9")
    assert area.returncode == 2 and "1-1, 1-2" in area.stderr
    assert "Traceback" not in year.stderr + area.stderr


def test_missing_database_exits_3_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", "/nonexistent/plan.db", "tasks"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "aiplan build-db" in result.stderr


def test_check_reports_schema_checksum_and_counts() -> None:
    result = aiplan("check")
    assert result.returncode == 0
    assert result.stdout.startswith("ok: ") and "tasks 78" in result.stdout and "areas 13" in result.stdout


def test_lookups_never_import_textual() -> None:
    code = (
        "import sys, io, contextlib\nfrom aiplan_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(PLAN_DB)!r}, 'tasks'])\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
