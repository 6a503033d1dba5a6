"""A filter, its clearing and a new view are drawn in one frame, whatever the panels show
(issue 17.6: a key's time is that of its last frame, so any later redraw counts)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widgets import Static

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.picker import PickerScreen
from aiplan_tui.tui.widgets.detail import DetailView, TargetsPanel
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

LANDED = Ref(NodeKind.area, "4-1")  # 4-1.6 is not 교육부's: the filter lands on its area


class Frames:
    """Every frame Textual writes to the terminal: its kind and the screen regions it covers."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.drawn: list[tuple[str, list[Region]]] = []
        display = App._display

        def counted(app: App[Any], screen: Any, update: Any) -> None:
            if update is not None:
                self.drawn.append((type(update).__name__, regions(update)))
            display(app, screen, update)

        monkeypatch.setattr(App, "_display", counted)

    def touching(self, area: Region) -> list[str]:
        """The frames that drew something inside ``area``."""
        return [kind for kind, covered in self.drawn if any(area.overlaps(r) for r in covered)]


def regions(update: Any) -> list[Region]:
    if hasattr(update, "spans"):  # ChopsUpdate: (y, x1, x2) per line
        return [Region(x1, y, max(x2 - x1, 1), 1) for y, x1, x2 in update.spans]
    return [update.region]  # LayoutUpdate: the whole region


async def settle(pilot: Any, times: int = 8) -> None:
    for _ in range(times):
        await pilot.pause(0.05)


def assert_laid_out(app: PlanApp) -> None:
    """Deciding the scrollbars before the layout left every panel as Textual itself would."""
    for panel in (app.query_one(DetailView), app.query_one(TargetsPanel)):
        if not panel.display:
            continue
        region = panel.scrollable_content_region
        assert panel.show_vertical_scrollbar == (panel.virtual_size.height > region.height), panel
        body = panel.query_one("Static")
        assert body.size.width == region.width, (panel, body.size, region)


@pytest.mark.parametrize("size", [(80, 24), (80, 16)])  # at 16 rows the tree scrolls to where it lands
async def test_a_filter_that_moves_the_cursor_is_one_frame(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The cursor's task is hidden: the tree, the filter bar and the panels of the area it lands
    on (a long text and targets, both now scrolling) are drawn in the frame that closes the
    picker, that frame once (not a layout's frame and then the whole screen again), and nothing
    after it: no panel following through the tree's message, no second layout for the grown
    panels or their scrollbars, no scrollbar repainted alone."""
    frames = Frames(monkeypatch)
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.task, "4-1.6")
        await pilot.press("m")
        assert isinstance(app.screen, PickerScreen)
        for letter in "교육부":
            await pilot.press(letter)
        await settle(pilot)
        frames.drawn.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert app.where == Filter(ministries=("교육부",))
        assert app.query_one(PlanTree).cursor_node is not None
        assert app.shown is not None and app.shown.ref == LANDED and app.shown.where == app.where
        assert app.query_one(DetailView).show_vertical_scrollbar  # the area's text scrolls
        assert [kind for kind, _ in frames.drawn] == ["LayoutUpdate"], frames.drawn
        assert_laid_out(app)


@pytest.mark.parametrize("key", ["x", "v"])
async def test_clearing_a_filter_or_a_new_view_draws_the_tree_and_panels_once(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """`x` and `v` reload the tree and show the node the cursor lands on: the tree and the
    panels in one frame, and nothing after it (no toast repeating what the filter bar says)."""
    frames = Frames(monkeypatch)
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.where = Filter(ministries=("교육부",))
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == LANDED
        frames.drawn.clear()
        await pilot.press(key)
        await settle(pilot)
        assert (not app.where.active) if key == "x" else app.view.label == "부처별"
        tree = app.query_one(PlanTree).region
        text = app.query_one(DetailView).region
        assert len(frames.touching(Region(tree.x, tree.y, tree.width, 15))) == 1, frames.drawn
        assert len(frames.touching(Region(text.x, text.y, text.width, 10))) == 1, frames.drawn
        assert len(frames.drawn) == 1 and not app._notifications, frames.drawn
        assert_laid_out(app)


async def test_a_filter_repaints_the_screen_once_not_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter is state the widgets are bound to: changing it repaints them, not the whole
    screen on top of them (a reactive on the app would: a second write of every cell)."""
    frames = Frames(monkeypatch)
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        frames.drawn.clear()
        app.where = Filter(ministries=("환경부",))
        await settle(pilot)
        assert len(frames.drawn) == 1, frames.drawn
        kind, covered = frames.drawn[0]
        cells = sum(r.area for r in covered)
        assert cells <= 80 * 24, (kind, cells)


async def test_a_new_period_redraws_its_lines_not_the_whole_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The period is state too: the progress panel and the tree's lights follow it, without a
    repaint of the whole screen first."""
    import os
    from pathlib import Path

    from aiplan_tui.workspace.db import Workspace
    from aiplan_tui.workspace.progress import set_progress

    store = Store.open(PLAN_DB)
    workspace = Workspace.for_store(store, Path(os.environ["AIPLAN_WORKSPACE"]))
    set_progress(store, workspace, "3-2.1", "2025Q2", {"note": "현장 점검"})
    workspace.close()
    frames = Frames(monkeypatch)
    app = PlanApp(store, start="3-2.1", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.period != "2025Q2"
        frames.drawn.clear()
        app.period = "2025Q2"
        await settle(pilot)
        # The tree's lights and the panel's lines; a reactive on the app first wrote the whole
        # screen again (a LayoutUpdate of every cell, ~13 KB over SSH at 80×24).
        assert frames.drawn and all(kind == "ChopsUpdate" for kind, _ in frames.drawn), frames.drawn


async def test_the_landing_nodes_text_is_rendered_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual renders a Static's text to count its lines and again to draw them; a node's
    text through a filter (4-1: 137 lines, ~13 ms a render) is rendered once per width."""
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

    from aiplan_tui.tui import render
    from aiplan_tui.tui.widgets import detail

    renders: list[int] = []

    class Counted:
        def __init__(self, renderable: RenderableType) -> None:
            self.renderable = renderable

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            renders.append(options.max_width)
            yield self.renderable

    made = render.description_renderable
    monkeypatch.setattr(detail, "description_renderable", lambda told: Counted(made(told)))
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        renders.clear()
        app.where = Filter(ministries=("교육부",))
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == LANDED
        assert renders == [app.query_one(DetailView).scrollable_content_region.width], renders


async def test_filters_landing_on_the_same_area_keep_its_targets_as_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """4-1's 17 targets (17 tables) are the same whatever the filter: drawn once, until the
    glyphs they are drawn in change."""
    from aiplan_tui.tui import glyphs, render
    from aiplan_tui.tui.widgets import detail

    made: list[int] = []

    def counted(targets: list[Any]) -> Any:
        made.append(len(targets))
        return render.targets_renderable(targets)

    monkeypatch.setattr(detail, "targets_renderable", counted)
    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(made) == 1 and made[0] > 10
        for ministries in (("교육부",), ("복지부",), ()):
            app.where = Filter(ministries=ministries)
            await settle(pilot)
            assert app.shown is not None and app.shown.ref == LANDED
        assert len(made) == 1
        drawn = app.query_one("#targets-body", Static).render_lines(Region(0, 0, 40, 3))
        assert "".join(strip.text for strip in drawn).strip()  # still there
        monkeypatch.setattr(glyphs, "ACTIVE", glyphs.Glyphs(wide=True))
        app.redraw_panels()
        await settle(pilot)
        assert len(made) == 2


async def test_with_a_workspace_the_progress_panel_lands_in_the_same_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress panel (a workspace file exists) redraws through call_later; the landing
    node's roll-up is drawn in the filter's frame too, read once."""
    from aiplan_tui.tui.widgets.progress_panel import ProgressPanel
    from aiplan_tui.workspace.progress import set_progress

    frames = Frames(monkeypatch)
    store = Store.open(PLAN_DB)
    app = PlanApp(store, start="4-1.6", cursor_blink=False)
    app.workspace.call(lambda ws: set_progress(store, ws, "4-1.1", app.period, {"status": "정상추진"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.query_one(ProgressPanel)
        reads = panel.reads
        frames.drawn.clear()
        app.where = Filter(ministries=("교육부",))
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == LANDED
        assert panel.display and "4-1" in str(panel.query_one("#progress-body", Static).content)
        assert panel.reads == reads + 1
        assert len(frames.drawn) == 1, frames.drawn


def test_text_rendered_once_gives_the_same_lines_whatever_height_was_asked_first() -> None:
    """A frame drawn before the layout asks for the old height; the lines kept must still be
    every line, and the same segments as rendering the text itself."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from aiplan_tui.tui.widgets.settled import RenderedOnce

    table = Table("과제")
    table.add_row(Text("AI 리터러시 함양 교수학습자료 개발 " * 6, style="bold"))
    console = Console(width=80, file=io.StringIO(), color_system="256")
    once = RenderedOnce(table)
    for width in (30, 41, 30):
        assert len(console.render_lines(once, console.options.update(width=width, height=3), pad=False)) == 3
        full = console.render_lines(table, console.options.update_width(width), pad=False)
        assert console.render_lines(once, console.options.update_width(width), pad=False) == full
        assert len(full) > 3


async def test_a_panels_text_is_handed_to_textual_as_strips_made_once_per_width() -> None:
    """The panel's text draws as Textual strips kept per width: a frame that draws the panel
    again does not split its lines out of one Rich stream again; the cells are Rich's."""
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions

    from aiplan_tui.tui.widgets.settled import RenderedOnce

    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.query_one("#detail-body", Static)
        once = body.visual
        assert isinstance(once, RenderedOnce)
        width = body.size.width
        no_rules: RulesMap = {}
        options = RenderOptions(body._get_style, no_rules)
        first = once.render_strips(width, None, Style(), options)
        assert once.render_strips(width, 5, Style(), options) == first[:5]
        assert once.render_strips(width, None, Style(), options) is first
        rich = app.console.render_lines(once.renderable, app.console_options.update(width=width), pad=False)
        assert [strip.text for strip in first] == ["".join(s.text for s in line) for line in rich]
        assert once.get_height(no_rules, width) == len(first) > 100


async def test_a_panel_makes_the_strips_of_the_lines_it_draws_only() -> None:
    """4-1's text is ~140 lines and the panel shows ~20: Textual is handed all of them, but only
    those it draws are made into strips; scrolling makes the next ones, the same cells."""
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions

    from aiplan_tui.tui.widgets.settled import RenderedOnce, StripsOnDemand

    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.query_one("#detail-body", Static)
        once = body.visual
        assert isinstance(once, RenderedOnce) and not body.auto_links
        drawn = body._render_cache.lines
        assert isinstance(drawn, StripsOnDemand) and len(drawn) > 100
        made = [i for i in range(len(drawn)) if list.__getitem__(drawn, i) is not None]
        shown = app.query_one(DetailView).scrollable_content_region.height
        assert 0 < len(made) <= shown + 2, (len(made), shown)
        app.query_one(DetailView).scroll_end(animate=False)
        await settle(pilot)
        assert list.__getitem__(drawn, len(drawn) - 1) is not None  # the last lines, made when drawn
        rich = app.console.render_lines(once.renderable, app.console_options.update(width=body.size.width), pad=False)
        assert [strip.text for strip in drawn] == ["".join(s.text for s in line) for line in rich]
        no_rules: RulesMap = {}
        fresh = StripsOnDemand(once.lines_at(body.size.width), Style().rich_style)
        cut = once.render_strips(body.size.width, 7, Style(), RenderOptions(body._get_style, no_rules))
        assert [list(strip) for strip in fresh[3:7]] == [list(strip) for strip in cut[3:7]]


async def test_a_filter_redraws_the_panels_bodies_not_their_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Filters landing on the same area change the text panel's body (its list of tasks), not
    the borders, titles and backgrounds of the three panels around the bodies."""
    from aiplan_tui.tui.widgets.progress_panel import ProgressPanel
    from aiplan_tui.workspace.progress import set_progress

    store = Store.open(PLAN_DB)
    app = PlanApp(store, start="4-1", cursor_blink=False)
    app.workspace.call(lambda ws: set_progress(store, ws, "4-1.1", app.period, {"status": "정상추진"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.where = Filter(ministries=("교육부",))
        await settle(pilot)
        boxes = (app.query_one(DetailView), app.query_one(TargetsPanel), app.query_one(ProgressPanel))
        assert all(box.display for box in boxes)
        drawn: list[str] = []  # the widgets whose lines were drawn again, not replayed
        for cls in (DetailView, TargetsPanel, ProgressPanel, Static):
            render_line = cls.render_line

            def counted(widget: Any, y: int, render_line: Any = render_line) -> Any:
                drawn.append(widget.id or type(widget).__name__)
                return render_line(widget, y)

            monkeypatch.setattr(cls, "render_line", counted)
        app.where = Filter(ministries=("복지부",))
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == LANDED
        assert "detail-body" in drawn  # the body's list of tasks changed
        assert not {box.id for box in boxes} & set(drawn), set(drawn)
