"""The tree works out its own style once per render, not once per line (issue 17.6: Textual's
Tree.render_line walks every ancestor's styles for each of the screen's lines)."""

from __future__ import annotations

import pytest
from textual.dom import DOMNode
from textual.geometry import Region

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def test_rendering_the_trees_lines_works_out_its_style_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        for node in list(tree.root.children):
            node.expand()
        await pilot.pause()
        plain = [strip.text for strip in tree.render_lines(Region(0, 0, tree.size.width, tree.size.height))]
        asked: list[DOMNode] = []
        style = DOMNode.rich_style

        def counted(node: DOMNode):  # type: ignore[no-untyped-def]
            asked.append(node)
            return style.fget(node)  # type: ignore[attr-defined]

        monkeypatch.setattr(PlanTree, "rich_style", property(counted))
        tree._line_cache.clear()
        tree._styles_cache.clear()
        lines = tree.render_lines(Region(0, 0, tree.size.width, tree.size.height))
        assert len(lines) == tree.size.height > 15
        assert [strip.text for strip in lines] == plain  # the same lines
        assert len([node for node in asked if node is tree]) <= 2, len(asked)
