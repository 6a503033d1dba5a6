"""Shared fixtures: the repository's paths, the plan's source text and the committed database."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiplan_tui.store import Store

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "data" / "source"
PLAN_DB = ROOT / "data" / "plan.db"
PLAN_TEXT = ROOT.parent / "shared" / "source" / "plan-2023-09.txt"


@pytest.fixture(scope="session")
def store() -> Store:
    return Store.open(PLAN_DB)


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The plan as text, one entry per line (index 0 is line 1)."""
    if not PLAN_TEXT.is_file():
        pytest.fail(f"the plan's text is expected beside the repository at {PLAN_TEXT}")
    return PLAN_TEXT.read_text(encoding="utf-8").split("\n")
