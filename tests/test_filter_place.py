"""A filter that hides the cursor's task: the panels show the area it lands on at once."""

from __future__ import annotations

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import FOLLOW_DELAY, PlanApp
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
