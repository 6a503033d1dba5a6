"""A filter chosen in a picker is drawn in one frame (issue 17.6: the ministry filter's p95)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widgets import Tree

from aiplan_tui.records import Task
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.picker import PickerScreen
from aiplan_tui.tui.widgets.filter_bar import FilterBar
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


@pytest.mark.parametrize(("key", "typed"), [("m", "환경부"), ("y", "2025")])
async def test_a_picked_filter_is_drawn_in_the_frame_that_closes_the_picker(
    monkeypatch: pytest.MonkeyPatch, key: str, typed: str
) -> None:
    """Closing the picker repaints the whole screen once. The tree, filter bar and panels changed
    by its answer must be in that frame, not drawn again in a second one: that second frame,
    ~30 ms later, was what a filter's time measured."""
    drawn: list[str] = []
    display = App._display

    def counted(app: App[Any], screen: Any, update: Any) -> None:
        drawn.append(type(update).__name__)
        display(app, screen, update)

    monkeypatch.setattr(App, "_display", counted)
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await pilot.press(key)
        assert isinstance(app.screen, PickerScreen)
        for letter in typed:
            await pilot.press(letter)
        await pilot.pause(0.2)
        drawn.clear()
        tree_loads = app.query_one(Tree)._updates
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause(0.05)
        assert app.where.active
        bar = str(app.query_one(FilterBar).render())
        assert ("환경부" in bar) if key == "m" else ("2025" in bar or "'25" in bar), bar
        assert "LayoutUpdate" in drawn, drawn  # the screen under the picker, repainted whole
        last_full = len(drawn) - 1 - drawn[::-1].index("LayoutUpdate")
        assert drawn[last_full + 1 :] == [], drawn  # nothing drawn again after it
        assert app.query_one(Tree)._updates > tree_loads


async def task_reads_of_a_filter(app: PlanApp, store: Store, pilot: Any) -> list[str]:
    """The statements that read tasks while a 환경부 filter is applied and drawn."""
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)
    app.where = Filter(ministries=("환경부",))
    await pilot.pause(0.2)
    store.connection.set_trace_callback(None)
    return [s for s in statements if s.startswith("select t.id") and "from tasks t" in s]


async def test_a_filter_reads_its_tasks_once() -> None:
    """The tree's outline and the filter bar's count both want the filter's tasks: one read."""
    store = Store.open(PLAN_DB)
    app = PlanApp(store, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        reads = await task_reads_of_a_filter(app, store, pilot)
        assert len(reads) == 1, reads
        bar = str(app.query_one(FilterBar).render())
        assert f"과제 {len(store.tasks(app.where))}/{store.count('tasks')}" in bar, bar
        store.tasks(app.where).clear()  # a caller's list is its own: the kept one is not emptied
        assert store.tasks(app.where)


async def test_a_filter_with_lights_in_the_tree_still_reads_its_tasks_once() -> None:
    """The lights' roll-ups read every task on each reload; that read must not push the filter's
    tasks out of the store's keeping (the filter bar would read them a second time)."""
    from aiplan_tui.workspace.progress import set_progress

    store = Store.open(PLAN_DB)
    app = PlanApp(store, cursor_blink=False)
    app.workspace.call(lambda ws: set_progress(store, ws, "3-2.3", app.period, {"status": "정상추진"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        picked: list[Filter] = []
        pick = store._tasks_where

        def counted(where: Filter) -> list[Task]:
            picked.append(where)
            return pick(where)

        store._tasks_where = counted  # type: ignore[method-assign]
        reads = await task_reads_of_a_filter(app, store, pilot)
        # The lights read every task: the filter picks its own from them, once, with no query.
        assert reads == [] and picked == [Filter(ministries=("환경부",))], (reads, picked)
        assert app.query_one(PlanTree).marks  # the lights were drawn in that reload
