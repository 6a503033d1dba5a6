"""The tree works out its own style once per render, not once per line (issue 17.6: Textual's
Tree.render_line walks every ancestor's styles for each of the screen's lines)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
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


async def test_a_one_line_label_is_taken_as_it_is_and_a_longer_one_cut_to_its_first_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tree splits every label into lines to keep the first, twice per node added; the tree's
    labels are one line already, so opening a level splits none of them."""
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        splits: list[str] = []
        split = Text.split

        def counted(text: Text, *args: Any, **kwargs: Any) -> Any:
            splits.append(text.plain)
            return split(text, *args, **kwargs)

        monkeypatch.setattr(Text, "split", counted)
        one = Text("3-2 복지 사회적 약자", style="bold")
        assert tree.process_label(one) is one and splits == []
        assert tree.process_label(Text("첫 줄\n둘째 줄")).plain == "첫 줄"
        assert tree.process_label("[b]굵게[/b]\n다음").plain == "굵게"
        splits.clear()
        strategy = next(node for node in tree.root.children if node.data is not None and node.data.kind == "strategy")
        strategy.expand()
        await pilot.pause()
        assert len(strategy.children) > 2
        assert [str(node.label) for node in strategy.children] == [
            str(node.label).split("\n")[0] for node in strategy.children
        ]
        assert not [plain for plain in splits if "\n" not in plain]  # no one-line label was split
