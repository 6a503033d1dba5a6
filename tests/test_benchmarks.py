"""The benchmark harness runs and writes its report (a smoke test: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from aiplan_tui.store import task_order
from benchmarks import machine_noise
from benchmarks.explorer import Scenario, describe_plan
from benchmarks.generate import copy_area, copy_node, copy_task
from benchmarks.pty_driver import cursor_column, visible
from benchmarks.report import LIMITS, latency_budget
from benchmarks.stats import p95

from .conftest import PLAN_DB, ROOT


def test_harness_writes_a_report(tmp_path: Path) -> None:
    report = tmp_path / "REPORT.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--report", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    assert "| `aiplan search 홍수` |" in text and "× floor" in text
    for heading in ("## Budgets", "## Cold start", "## Interaction", "## Memory", "## How steady", "## What limits"):
        assert heading in text
    for row in ("| 1× | tree move", "| 1× | search keystroke", "| 2× | apply a ministry filter"):
        assert row in text
    # the large plan's budgets: lookups, filter and short search words against the same limits as 1×
    for budget in (
        "| 2×: `aiplan show 3-2.5` | ≤ 1.5× floor |",
        "| 2×: `aiplan tasks --ministry 환경부` | ≤ 1.5× floor |",
        "| 2×: ministry filter, p95 | ≤ 50 ms | ",
        "| 2×: search keystroke, 1–2 letters in the box, p95 | ≤ 30 ms |",
        "| 2×: first paint | ≤ 1.3× floor |",
    ):
        assert budget in text
    assert "| 2× | … of those, 1–2 letters in the box | 3 |" in text  # 홍, 홍수, then ⌫ to 홍
    # one ministry in the session and one in the session of filters only
    assert "| 2× | apply a ministry filter (⏎ in the picker) | 2 |" in text
    assert "also count 1 more session, each only going to a task" in text
    # over a real SSH login (a throwaway sshd), at both link delays
    assert "## Over SSH" in text
    for row in ("| no delay | `aiplan` |", "| RTT ~400 ms | `aiplan` `--slow-link` |"):
        assert row in text
    assert "| RTT ~400 ms, the terminal answers at once |" in text


def test_the_machine_probe_times_the_same_work_after_each_pause() -> None:
    assert machine_noise.fixed_work() == machine_noise.fixed_work() > 0
    samples = machine_noise.probe(runs=3, pause=0.0)
    assert len(samples) == 3 and all(0 < s < 5 for s in samples)


def test_output_that_draws_nothing_is_told_apart() -> None:
    assert not visible(b"\r\x1b=")  # curses' idle refresh
    assert not visible(b"\x1b[2;3H\x1b[0m\x1b]22;default\x07")
    assert visible("\x1b[1m홍수".encode())


def test_cursor_column_counts_wide_characters() -> None:
    assert cursor_column("abc\r→".encode()) == 2  # the explorer's ambiguous-width probe, narrow
    assert cursor_column("\r\x1b[1m홍수".encode()) == 5


def test_p95_is_nearest_rank() -> None:
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([3.0]) == 3.0


def test_a_latency_budget_says_how_many_samples_and_the_slowest() -> None:
    few = latency_budget("filter", 50, [0.010] * 18 + [0.070])  # 19 samples: the p95 is the slowest
    assert (few.met, few.measured) == (False, "70 ms (n=19, slowest 70 ms)")
    enough = latency_budget("filter", 50, [0.010] * 19 + [0.070])
    assert (enough.met, enough.measured) == (True, "10 ms (n=20, slowest 70 ms)")


def test_the_session_takes_enough_samples_for_a_p95_that_is_not_the_slowest() -> None:
    scenario = Scenario()
    plan = describe_plan(PLAN_DB, scenario)
    assert len(plan.ministries) >= 20
    assert len(plan.ministries) * (1 + scenario.filter_sessions) >= 60  # the filter's p95: the third slowest
    # as `explore` counts them: typing the first two letters, then erasing back to two and one
    short_keys = sum(min(len(q), 2) + min(len(q) - 1, 2) for q in scenario.queries)
    assert short_keys >= 40


def test_copied_ids_keep_the_shapes_the_store_parses() -> None:
    assert copy_area("3-2", 0) == "3-2"
    assert copy_area("3-2", 5) == "3-22"
    assert copy_task("3-2.9", 5) == "3-22.9"
    assert copy_node("3-2/t6", 5) == "3-22/t6"
    assert task_order(copy_task("4-4.12", 99)) == (4, 400, 12)


def test_each_session_paragraph_of_the_limits_stands_alone() -> None:
    """A comma missing after a paragraph's last piece fuses it with the blank line after it, and
    Markdown then runs two sessions' paragraphs together."""
    sessions = [n for n, line in enumerate(LIMITS) if "**Session" in line]
    assert len(sessions) >= 2
    for n in sessions:
        assert LIMITS[n].startswith("**Session") and LIMITS[n - 1] == "", LIMITS[n][:40]
