"""A search keystroke redraws the box and the results without laying the dialog out again
(issue 17.6), and the box and the list still scroll as they did."""

from __future__ import annotations

from typing import Any

import pytest
from textual._compositor import Compositor

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.search import SearchScreen
from aiplan_tui.tui.widgets.hit_list import HitList
from aiplan_tui.tui.widgets.search_input import SearchInput

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def open_search(pilot: Any) -> SearchScreen:
    await pilot.press("slash")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_a_keystroke_lays_out_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot)
        await pilot.pause(0.1)
        layouts: list[int] = []
        reflow = Compositor.reflow

        def counted(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
            layouts.append(1)
            return reflow(compositor, *args, **kwargs)

        monkeypatch.setattr(Compositor, "reflow", counted)
        shown = []
        for key in ("홍", "수", "backspace", "backspace", "교"):
            await pilot.press(key)
            await pilot.pause(0.05)
            shown.append((screen.query_one(SearchInput).value, len(screen.hits)))
        assert layouts == []
        assert shown[1][0] == "홍수" and shown[1][1] > 0 and shown[3] == ("", 0) and shown[4][0] == "교"
        assert "홍수" not in app.export_screenshot() and "교" in app.export_screenshot()


async def test_the_results_scroll_with_the_highlight_and_load_their_next_page() -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot)
        await pilot.press(*"AI")
        await pilot.pause(0.2)
        results = screen.query_one(HitList)
        height = results.scrollable_content_region.height
        first_page = len(screen.hits)
        assert screen.total > first_page > height
        await pilot.press("down")  # from the box to the results
        for _ in range(first_page + 3):
            await pilot.press("down")
        await pilot.pause(0.1)
        highlighted = results.highlighted
        assert highlighted == first_page + 3
        assert len(screen.hits) > first_page  # the next page came as the highlight neared the end
        top = results.scroll_offset.y
        assert top > 0 and top <= highlighted < top + height  # the highlighted hit is on screen
        drawn = [results.render_line(y).text for y in range(height)]
        hit = screen.hits[highlighted]
        assert hit.snippet.split()[-1] in drawn[highlighted - top], (hit, drawn)  # its line is drawn where it is


async def test_a_long_query_scrolls_the_box_to_its_cursor() -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot)
        box = screen.query_one(SearchInput)
        typed = "디지털 포용 " * 8 + "끝말"
        await pilot.press(*["space" if c == " " else c for c in typed])
        await pilot.pause(0.2)
        assert box.value == typed
        assert box.scroll_offset.x > 0
        assert "끝말" in app.export_screenshot()
