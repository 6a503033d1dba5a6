"""The search results draw their hits from the hits' Rich text, line for line, as Textual's
OptionList draws them (issue 17.6: a third of a keystroke's frame went to Textual converting
each hit to its own Content)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from aiplan_tui.search import parse
from aiplan_tui.store import Store
from aiplan_tui.tui.screens.search import hit_prompt
from aiplan_tui.tui.widgets.hit_list import HitList

from .conftest import PLAN_DB


def options() -> list[Option]:
    store = Store.open(PLAN_DB)
    hits, _ = store.search(parse("재선충"), limit=8, snippet_width=40, snippet_lead=6)
    assert len(hits) >= 3
    return [
        Option(hit_prompt(hit, "3-3.3 산림해충 발생 탐지·예측 AI 개발" if n % 2 else ""), id=str(n))
        for n, hit in enumerate(hits)
    ]


class Both(App[None]):
    CSS = "OptionList { height: 12; }"
    AUTO_FOCUS = None  # neither list focused: both draw the same border and highlight

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        yield OptionList(*options(), id="textual")
        yield HitList(*options(), id="ours")

    def on_mount(self) -> None:
        for widget in self.query(OptionList):
            widget.styles.width = self.width
            widget.highlighted = 1


def drawn(widget: OptionList) -> list[Strip]:
    return widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))


def looks(strip: Strip) -> list[tuple[object, ...]]:
    """Each cell's character, colours and attributes (where segments are cut may differ)."""
    return [
        (char, style.color, style.bgcolor, style.bold, style.reverse, style.dim, style.italic)
        for text, style, _ in strip
        if style is not None
        for char in text
    ]


@pytest.mark.parametrize("width", [90, 30])  # every line fits; the lines wrap
async def test_hits_are_drawn_as_textuals_option_list_draws_them(width: int) -> None:
    app = Both(width)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        textual, ours = app.query_one("#textual", OptionList), app.query_one("#ours", HitList)
        assert ours.virtual_size == textual.virtual_size
        theirs, mine = drawn(textual), drawn(ours)
        assert [s.text for s in mine] == [s.text for s in theirs]
        assert [looks(strip) for strip in mine] == [looks(strip) for strip in theirs]


async def test_hits_that_fit_are_drawn_without_textuals_content(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    from_rich_text = Content.from_rich_text

    def counted(*args: object, **kwargs: object) -> Content:
        made.append(args)
        return from_rich_text(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Content, "from_rich_text", counted)
    app = Both(90)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        made.clear()
        for widget in app.query(OptionList):
            widget.clear_options()
            widget.add_options(options())
            drawn(widget)
        assert len(made) == len(options())  # Textual's list converts each hit; ours none


async def test_the_search_dialog_lists_its_hits_so() -> None:
    from aiplan_tui.tui.app import PlanApp

    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"재선충")
        await pilot.pause()
        results = app.screen.query_one("#search-results", OptionList)
        assert isinstance(results, HitList) and results.option_count >= 3
