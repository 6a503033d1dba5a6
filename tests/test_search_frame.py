"""A quick search is drawn in the frame of the key that typed it (issue 17.6: search keystroke p95)."""

from __future__ import annotations

from textual.widgets import Input, Static

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.search import SearchScreen

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def test_a_quick_search_is_drawn_by_the_key_that_typed_it() -> None:
    """The search's thread starts when the key is handled, so a search of a few ms is drawn
    before the handler returns: no second frame, no wait. (A Textual worker starts only when the
    event loop runs again, so waiting for one inside the handler always timed out.)"""
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for text in ("홍", "홍수", "ㅎㅅ", "환경부 2024"):
            screen.run_search(text)  # what the input's watcher calls, with no await after it
            status = str(screen.query_one("#search-status", Static).content)
            assert status.startswith(f"‘{text}’ ") and "찾는 중" not in status, text
            assert screen.hits and screen.searched.text == text
        assert screen.query_one(Input).has_focus
