"""Lines framed from a frame worked out once per render (aiplan_tui/tui/quick_styles.py, issue
17.6): every widget's lines are, cell for cell, the lines Textual's own StylesCache makes."""

from __future__ import annotations

from typing import Any

import pytest
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.quick_styles import QuickStyles, use_quick_styles

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

Drawn = list[tuple[int, list[tuple[object, ...]]]]


def drawn(strips: list[Strip]) -> Drawn:
    """What a render hands the compositor: each line's claimed width and its segments."""
    return [(strip.cell_length, [tuple(segment) for segment in strip]) for strip in strips]


def both_renders(widget: Widget) -> tuple[Drawn, Drawn]:
    """The widget's whole region, rendered by its QuickStyles and by Textual's StylesCache."""
    crop = Region(0, 0, widget.region.width, widget.region.height)
    quick = widget._styles_cache
    assert isinstance(quick, QuickStyles), type(widget)
    quick.clear()
    ours = drawn(widget.render_lines(crop))
    widget._styles_cache = StylesCache()
    try:
        textual = drawn(widget.render_lines(crop))
    finally:
        widget._styles_cache = quick
    return ours, textual


def shown_widgets(app: App[Any]) -> list[Widget]:
    """The screen and every widget on it that takes room, with their scrollbars."""
    screen = app.screen
    widgets = [screen, *(w for w in screen.walk_children(Widget) if w.display and w.region.area)]
    bars = [
        bar
        for widget in widgets
        for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar)  # private: pinned <8.3
        if bar is not None and bar.display and bar.region.area
    ]
    return widgets + bars


def check_screen(app: App[Any], state: str) -> int:
    """Every shown widget draws the same lines both ways; how many lines were compared."""
    compared = 0
    for widget in shown_widgets(app):
        ours, textual = both_renders(widget)
        assert ours == textual, f"{state}: {widget!r}"
        compared += len(ours)
    return compared


async def test_every_widget_of_the_explorer_draws_textuals_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    app = PlanApp(Store.open(PLAN_DB), start="3-2.1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        kinds = {type(widget).__name__ for widget in shown_widgets(app)}
        assert {"MainScreen", "PlanTree", "DetailView", "KeyBar", "FilterBar", "ScrollBar"} <= kinds
        lines = check_screen(app, "a task, the tree focused")
        assert lines > 24 * 3  # the screen, the panels and their containers
        app.where = Filter(ministries=("환경부",))
        await pilot.pause()
        check_screen(app, "a ministry filter")
        await pilot.press("tab")
        await pilot.pause()
        check_screen(app, "the panel focused")
        await pilot.press("m")  # a dialog with a border over the screen
        await pilot.pause()
        assert type(app.screen).__name__ == "PickerScreen"
        check_screen(app, "the picker open")
        await pilot.press("escape", "slash")
        await pilot.press(*"홍수")
        await pilot.pause()
        check_screen(app, "search with hits")
        await pilot.press("escape")
        app.theme = next(name for name in app.available_themes if name != app.theme and "light" in name)
        await pilot.pause()
        check_screen(app, "another theme")


async def test_without_colour_the_lines_are_textuals_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # native ANSI colours: another line filter
    app = PlanApp(Store.open(PLAN_DB), start="1-1", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        check_screen(app, "NO_COLOR")


class Framed(App[None]):
    """Widgets whose frames take every path: borders all round, padding, outline, tint,
    opacity, hatch, text opacity."""

    CSS = """
    Static { height: 5; }
    #boxed { border: round red; padding: 1 2; }
    #sides { border-left: vkey green; border-right: tall blue; padding: 0 1; }
    #outlined { outline: solid yellow; }
    #tinted { tint: red 30%; }
    #faded { opacity: 0.6; }
    #hatched { hatch: cross green; padding: 1; }
    #dim-text { text-opacity: 50%; }
    #titled { border: heavy white; border-title-align: center; }
    """

    def compose(self) -> ComposeResult:
        for name in ("plain", "boxed", "sides", "outlined", "tinted", "faded", "hatched", "dim-text", "titled"):
            yield Static(f"{name}: 한글 글자와 a long line that wraps past the widget's width", id=name)


async def test_every_frame_textual_draws_is_drawn_the_same() -> None:
    use_quick_styles()
    app = Framed()
    async with app.run_test(size=(40, 60)) as pilot:
        app.query_one("#titled").border_title = "제목"
        await pilot.pause()
        for widget in app.query(Static):
            ours, textual = both_renders(widget)
            assert ours == textual, widget.id
