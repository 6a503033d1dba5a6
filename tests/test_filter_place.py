"""A filter that hides the cursor's task: the panels show the area it lands on at once, its text
rendered ahead."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

import pytest
from rich.console import RenderableType

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import FOLLOW_DELAY, PlanApp
from aiplan_tui.tui.kept_lines import KeptLines
from aiplan_tui.tui.widgets import detail
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def test_the_nearest_node_is_shown_in_the_filters_frame() -> None:
    """Not FOLLOW_DELAY later: meanwhile the panel showed a task the filter hides, and the late
    redraw was a second frame after every such filter (issue 17.6: the filter's p95)."""
    app = PlanApp(Store.open(PLAN_DB), start="3-2.5", cursor_blink=False)  # a 행안부 task
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.task, "3-2.5")
        app.where = Filter(ministries=("환경부",))
        await pilot.pause()
        await pilot.pause()  # the Chosen message; far less than FOLLOW_DELAY
        node = app.query_one(PlanTree).cursor_node
        assert node is not None and node.data == Ref(NodeKind.area, "3-2")
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.area, "3-2"), FOLLOW_DELAY
        assert app.shown.where == app.where


@pytest.mark.parametrize("rested", [True, False])
async def test_a_task_at_rest_has_its_areas_text_rendered_before_a_filter_lands_there(
    rested: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A filter that hides the cursor's task lands on its area, whose text (kept per width) was
    rendered there for the first time, ~10 ms of that filter's frame at 100×. Once the panel has
    rested on the task for WARM_DELAY, the area's text is rendered ahead: the filter renders
    none of it. (Without the rest, it does: the count below can fail.)"""
    monkeypatch.setattr(KeptLines, "_kept", OrderedDict())
    if not rested:
        monkeypatch.setattr(detail, "WARM_DELAY", 60.0)
    made: list[object] = []
    real_init = KeptLines.__init__

    def counting(self: KeptLines, key: Hashable, make: Callable[[], list[RenderableType]]) -> None:
        def counted() -> list[RenderableType]:
            made.append(key)
            return make()

        real_init(self, key, counted)

    monkeypatch.setattr(KeptLines, "__init__", counting)
    app = PlanApp(Store.open(PLAN_DB), start="3-2.5", cursor_blink=False)  # a 행안부 task
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(detail.WARM_DELAY + 0.3 if rested else 0.3)
        made.clear()
        app.where = Filter(ministries=("환경부",))
        await pilot.pause()
        await pilot.pause()
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.area, "3-2")
        assert (made == []) is rested
