"""The tree's lines drawn straight into segments (aiplan_tui/tui/widgets/tree_lines.py, issue
17.6): cell for cell what Textual's Tree draws, in every state a line can be in."""

from __future__ import annotations

from collections.abc import Iterator

from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Store
from aiplan_tui.tui import glyphs
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from aiplan_tui.tui.widgets.tree_lines import LinePainter

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


def cells(strip: Strip) -> Iterator[tuple[str, Style | None]]:
    """Every cell's character and style (meta included), whatever the segments' cuts."""
    for segment in strip:
        for char in segment.text:
            yield char, segment.style


def both_drawings(tree: PlanTree) -> tuple[list[list[tuple[str, Style | None]]], list[list[tuple[str, Style | None]]]]:
    """Every line of the tree (and one past its end), by Textual's Tree and by ours."""
    width = tree.size.width
    base = tree.rich_style
    tree._pseudo_class_state = tree.get_pseudo_class_state()
    lines = range(len(tree._tree_lines) + 1)
    tree._line_cache.clear()
    textual = [list(cells(Tree._render_line(tree, y, 0, width, base))) for y in lines]  # private: pinned <8.3
    tree._line_cache.clear()
    painter = tree.line_painter()
    ours = [list(cells(painter.line(y).crop(0, width))) for y in lines]
    return textual, ours


async def test_every_line_is_drawn_as_textuals_tree_draws_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = PlanApp(Store.open(PLAN_DB), start="3-2.1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        for node in list(tree.root.children):  # several levels, last and not-last children
            tree.ensure_loaded(node)
            node.expand()
        await pilot.pause()
        assert tree.has_focus and tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.task, "3-2.1")
        assert len(tree._tree_lines) > tree.size.height  # wider than a screen, labels cut to the width
        states = []

        def check(state: str) -> None:
            textual, ours = both_drawings(tree)
            assert ours == textual, state
            states.append(state)

        check("focused, the cursor on a task")
        tree.hover_line = tree.cursor_line - 2  # the mouse over an ancestor's sibling: hover guides
        check("hovered")
        tree.hover_line = tree.cursor_line
        check("hovered on the cursor's line")
        area = tree.cursor_node.parent
        assert area is not None and area.parent is not None and area.is_expanded
        tree.move_cursor(area)  # the area's tasks take selected guides inside the strategy's hover
        tree.hover_line = area.parent.line
        check("the cursor inside a hovered strategy")
        tree.hover_line = -1
        app.set_focus(None)
        await pilot.pause()
        assert not tree.has_focus
        check("unfocused: no selected guides")
        app.set_focus(tree)
        await pilot.pause()
        tree.set_marks({Ref(NodeKind.task, "3-2.1"): Text("●", style="green"), Ref(NodeKind.area, "3-2"): Text("1/8")})
        check("with progress marks")
        tree.show_guides = False
        check("guides off")
        tree.show_guides = True
        tree.guide_depth = 4
        check("deeper guides")
        tree.guide_depth = 2
        assert tree.cursor_node is not None and tree.cursor_node.parent is not None
        tree._add_more(tree.cursor_node.parent, tree.outline.children(tree.cursor_node.parent.data)[:3])
        tree._invalidate()
        assert any("3개 더" in line.node.label.plain for line in tree._tree_lines)
        check("a '… N개 더' line (a label with a style of its own)")
        monkeypatch.setattr(glyphs.ACTIVE, "wide", True)
        check("ASCII glyphs: cut labels end in '...'")
        # The line styles are kept from render to render (PlanTree.line_styles): a new theme
        # (every component style anew) must not be drawn in the old one's colours.
        before = tree.line_styles()
        app.theme = next(name for name in app.available_themes if name != app.theme and "light" in name)
        await pilot.pause()
        assert tree.line_styles() != before
        check("another theme")
        assert len(states) == 11


async def test_the_tree_draws_its_screen_through_the_painter_once_per_render(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One painter (the styles every line shares) per render that draws a line, none for a
    render whose lines are all kept, and the lines it draws are kept in Tree's own cache: a
    second render draws none again."""
    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        painters: list[LinePainter] = []
        drawn: list[int] = []
        made = LinePainter.__init__
        draw = LinePainter._draw

        def counted_init(painter: LinePainter, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            painters.append(painter)
            made(painter, *args, **kwargs)

        def counted_draw(painter: LinePainter, y: int, *args, **kwargs) -> Strip:  # type: ignore[no-untyped-def]
            drawn.append(y)
            return draw(painter, y, *args, **kwargs)

        monkeypatch.setattr(LinePainter, "__init__", counted_init)
        monkeypatch.setattr(LinePainter, "_draw", counted_draw)
        tree._line_cache.clear()
        tree._styles_cache.clear()
        region = Region(0, 0, tree.size.width, tree.size.height)
        first = tree.render_lines(region)
        assert len(painters) == 1
        top = tree.scroll_offset.y
        assert sorted(drawn) == list(range(top, min(len(tree._tree_lines), top + tree.size.height)))
        drawn.clear()
        tree._styles_cache.clear()
        again = tree.render_lines(region)
        assert drawn == [] and len(painters) == 2
        assert [strip.text for strip in again] == [strip.text for strip in first]
        kept = tree.render_lines(region)  # every line kept by Textual: no styles worked out
        assert len(painters) == 2 and [strip.text for strip in kept] == [strip.text for strip in first]
