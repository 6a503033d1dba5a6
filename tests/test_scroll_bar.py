"""Scrollbars drawn straight into strips (aiplan_tui/tui/widgets/scroll_bar.py, issue 17.6):
cell for cell what Textual draws through Rich, kept while the bar does not move."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RichVisual, Visual

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.widgets.detail import DetailView
from aiplan_tui.tui.widgets.scroll_bar import StripBar

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

BAR = RichStyle.parse("#1e90ff on #303030")


def cells(strips: list[Strip]) -> list[list[tuple[str, RichStyle | None]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


# (vertical, width, height, virtual size, window, position): thumbs at the top, middle and end,
# with a partial cell at either end, a bar with nothing to scroll, and a bar two cells thick.
BARS = [
    (True, 1, 17, 137, 17, 0.0),
    (True, 1, 17, 137, 17, 60.5),
    (True, 1, 17, 137, 17, 120.0),
    (True, 1, 11, 40, 11, 7.0),
    (True, 1, 22, 22, 22, 0.0),
    (True, 2, 9, 300, 9, 150.0),
    (False, 30, 1, 90, 30, 12.0),
    (False, 30, 2, 90, 30, 59.0),
]


@pytest.mark.parametrize(("vertical", "width", "height", "virtual", "window", "position"), BARS)
async def test_a_bar_is_drawn_cell_for_cell_as_textual_draws_it(
    vertical: bool, width: int, height: int, virtual: int, window: int, position: float
) -> None:
    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.query_one(DetailView).vertical_scrollbar
        thickness = width if vertical else height
        made: dict[str, Any] = {
            "vertical": vertical,
            "virtual_size": virtual,
            "window_size": window,
            "position": position,
        }
        for base in (Style(), Style.from_rich_style(RichStyle(color="white", bgcolor="black", bold=True))):
            textual = Visual.to_strips(
                bar, RichVisual(bar, ScrollBarRender(**made, thickness=thickness, style=BAR)), width, height, base
            )
            ours = Visual.to_strips(bar, StripBar(**made, thickness=thickness, style=BAR), width, height, base)
            assert len(ours) == height
            assert cells(ours) == cells(textual)
            assert [strip.cell_length for strip in ours] == [width] * height


def test_a_bar_that_did_not_move_is_not_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []
    render_bar = ScrollBarRender.render_bar.__func__  # type: ignore[attr-defined]

    def counted(cls: type[ScrollBarRender], *args: Any, **kwargs: Any) -> Any:
        drawn.append(kwargs["size"])
        return render_bar(cls, *args, **kwargs)

    monkeypatch.setattr(StripBar, "render_bar", classmethod(counted))
    monkeypatch.setattr(StripBar, "_kept", type(StripBar._kept)())
    options: Any = None  # unused by StripBar
    first = StripBar(200, 15, 40.0, style=BAR).render_strips(1, 15, Style(), options)
    again = StripBar(200, 15, 40.0, style=BAR).render_strips(1, 15, Style(), options)
    moved = StripBar(200, 15, 120.0, style=BAR).render_strips(1, 15, Style(), options)
    assert again is first and drawn == [15, 15]
    assert cells(moved) != cells(first)
    assert all(isinstance(segment, Segment) for strip in first for segment in strip)


async def test_the_explorers_bars_are_strip_bars_and_follow_the_panel() -> None:
    app = PlanApp(Store.open(PLAN_DB), start="4-1", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert ScrollBar.renderer is StripBar
        panel = app.query_one(DetailView)
        assert panel.show_vertical_scrollbar
        bar = panel.vertical_scrollbar
        assert isinstance(bar.render(), StripBar)
        top = [strip.text for strip in bar.render_lines(bar.size.region)]
        panel.scroll_end(animate=False)
        await pilot.pause()
        bottom = [strip.text for strip in bar.render_lines(bar.size.region)]
        assert len(top) == len(bottom) == bar.size.height
        assert top != bottom  # the thumb moved down with the text
