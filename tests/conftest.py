"""Shared fixtures: the repository's paths, the plan's source text and the committed database,
and plan B: a second, differently shaped plan built from tests/fixtures/plan-b."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from aiplan_tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "data" / "source"
PLAN_DB = ROOT / "data" / "plan.db"
PLAN_TEXT = ROOT.parent / "shared" / "source" / "plan-2023-09.txt"
# 2 strategies, an area of 12 tasks (1-1.12), a strategy of 10 areas (2-10), years 2024-2030,
# one document and no 요약.
PLAN_B_SOURCE = ROOT / "tests" / "fixtures" / "plan-b"
PLANS = ("real", "plan-b")


@pytest.fixture(autouse=True)
def own_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test has its own workspace file (made only if the test saves): the explorer reads
    the workspace, and the user's real one (~/.local/share/aiplan-tui/workspace.db) would show
    in panels and snapshots."""
    monkeypatch.setenv("AIPLAN_WORKSPACE", str(tmp_path / "workspace.db"))


class Plan(NamedTuple):
    """A plan the shape-independent tests run against, and ids of each kind taken from its data."""

    name: str
    db: Path
    store: Store

    def ids(self) -> dict[str, str]:
        store = self.store
        last_area = store.areas()[-1].id
        return {
            "strategy": str(store.strategies()[-1].id),
            "area": last_area,
            "task": store.tasks()[-1].id,
            "item": f"{last_area}/1",
            "target": store.targets()[0].id,
            "milestone": store.milestones()[0].id,
            "document": store.documents()[-1].id,
            "ministry": store.ministries()[0].name,
        }


def build_plan(source: Path, db: Path) -> None:
    """`aiplan build-db`, as a curator runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(db), "build-db", "--source", str(source)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(autouse=True)
def no_real_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has its own workspace file, never the user's: the explorer reopens at the place
    kept there, and a test that quits would move it for the next one. Subprocesses inherit it;
    tests that need a file of their own set AIPLAN_WORKSPACE again. (Hypothesis does not object
    to autouse fixtures.)"""
    monkeypatch.setenv("AIPLAN_WORKSPACE", str(tmp_path / "workspace.db"))


@pytest.fixture(scope="session")
def plan_b_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("plan-b") / "plan.db"
    build_plan(PLAN_B_SOURCE, db)
    return db


@pytest.fixture(scope="session")
def plan_b(plan_b_db: Path) -> Store:
    return Store.open(plan_b_db)


@pytest.fixture(scope="session", params=PLANS)
def plan(request: pytest.FixtureRequest) -> Plan:
    """Each plan in turn: tests that take it hold for any plan's shape."""
    db = PLAN_DB if request.param == "real" else request.getfixturevalue("plan_b_db")
    return Plan(request.param, db, Store.open(db))


@pytest.fixture(scope="session")
def store() -> Store:
    return Store.open(PLAN_DB)


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The plan as text, one entry per line (index 0 is line 1)."""
    if not PLAN_TEXT.is_file():
        pytest.fail(f"the plan's text is expected beside the repository at {PLAN_TEXT}")
    return PLAN_TEXT.read_text(encoding="utf-8").split("\n")
