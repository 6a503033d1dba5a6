"""The explorer's hold on the workspace: made only by the first save, saves in a worker thread
(keys keep moving), problems said in one line with nothing changed."""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.workspace_link import WorkspaceLink, WorkspaceProblem, default_period
from aiplan_tui.workspace.progress import progress, set_progress

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: own folders, own workspace file)


def make_app() -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), cursor_blink=False)


def count_progress(workspace: Any) -> int:
    return len(progress(workspace))


def test_reading_the_plan_makes_no_workspace_file() -> None:
    link = WorkspaceLink(Store.open(PLAN_DB))
    assert link.read(count_progress, default=0) == 0
    assert not link.file.exists()


def test_default_period_is_this_year_kept_inside_the_plan() -> None:
    store = Store.open(PLAN_DB)
    first, last = store.year_span() or (0, 0)
    assert default_period(store, date(first + 1, 5, 1)) == str(first + 1)
    assert default_period(store, date(last + 9, 1, 1)) == str(last)
    assert default_period(store, date(first - 9, 1, 1)) == str(first)


def test_wrong_input_is_one_line_and_changes_nothing() -> None:
    link = WorkspaceLink(Store.open(PLAN_DB))
    try:
        link.call(lambda ws: set_progress(link.store, ws, "3-2.1", "2025", {"status": "잘함"}))
    except WorkspaceProblem as problem:
        assert "정상추진" in str(problem) and "\n" not in str(problem)
    else:
        raise AssertionError("an unknown status was accepted")
    assert link.read(count_progress, default=-1) == 0


async def test_a_save_runs_off_the_ui_thread_and_bumps_saved() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        main_thread = threading.get_ident()
        ran_on: list[Any] = []

        def slow_save(ws: Any) -> None:
            ran_on.append(threading.get_ident())
            time.sleep(0.6)
            set_progress(app.store, ws, "3-2.1", "2025", {"status": "정상추진"})

        app.save_to_workspace(slow_save, "3-2.1 저장")
        started = time.monotonic()
        await pilot.press("down", "down", "down")
        assert time.monotonic() - started < 0.5  # the keys were handled while the save slept
        assert app.saved == 0
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.saved == 1
        assert ran_on and ran_on[0] != main_thread
        statuses = app.workspace.read(
            lambda ws: [(p.task, p.period, p.status or "") for p in progress(ws)], [("", "", "?")]
        )
        assert statuses == [("3-2.1", "2025", "정상추진")]
        assert Path(os.environ["AIPLAN_WORKSPACE"]).exists()
