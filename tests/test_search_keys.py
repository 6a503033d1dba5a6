"""What a keystroke in the search dialog costs when it does not change the words (issue 17.6)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.search import SearchScreen

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def test_a_space_after_a_word_neither_searches_nor_redraws(monkeypatch: pytest.MonkeyPatch) -> None:
    """`교육` then a space: the words are the same, so their answer stays drawn (no search, no
    new list); the next letter searches again, and erasing it shows `교육`'s answer again as it
    was kept, without searching (so does every shorter word erased back to, and the same words
    typed again after the dialog was closed and reopened)."""
    store = Store.open(PLAN_DB)
    searched: list[str] = []
    search = store.search

    def counted(query: Any, *args: Any, **kwargs: Any) -> Any:
        searched.append(query.text)
        return search(query, *args, **kwargs)

    monkeypatch.setattr(store, "search", counted)
    app = PlanApp(store, cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"교육")
        results = screen.query_one(OptionList)
        options = list(results.options)
        status = str(screen.query_one("#search-status", Static).content)
        assert options and searched == ["교", "교육"] and status.startswith("‘교육’ ")
        await pilot.press("space")
        assert screen.query_one(Input).value == "교육 " and searched == ["교", "교육"]
        assert list(results.options) == options and str(screen.query_one("#search-status", Static).content) == status
        await pilot.press("ㄷ")
        assert searched[-1] == "교육 ㄷ" and list(results.options) != options
        await pilot.press("backspace")
        assert screen.query_one(Input).value == "교육 " and len(searched) == 3
        assert [str(o.prompt) for o in results.options] == [str(o.prompt) for o in options]
        assert str(screen.query_one("#search-status", Static).content) == status
        await pilot.press("backspace")  # `교육`: the words of the answer drawn, nothing asked since
        await pilot.press("backspace")  # `교`: its kept answer
        assert len(searched) == 3 and str(screen.query_one("#search-status", Static).content).startswith("‘교’ ")
        assert screen.hits and all("교" in hit.title + hit.snippet for hit in screen.hits)
        await pilot.press("escape", "slash", *"교육")  # reopened: the box emptied (one search of "")
        assert searched[3:] == [""] and [str(o.prompt) for o in results.options] == [str(o.prompt) for o in options]
        await pilot.press(*"과서")
        assert searched[4:] == ["교육과", "교육과서"]  # new words are searched


async def test_the_same_words_under_another_filter_search_again() -> None:
    """The dialog is reused: reopened with a filter, the same words are searched again."""
    store = Store.open(PLAN_DB)
    app = PlanApp(store, cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("slash", *"교육")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        everywhere = screen.total
        await pilot.press("escape")
        app.where = Filter(ministries=("교육부",))
        await pilot.pause()
        await pilot.press("slash", *"교육")
        assert app.screen is screen
        status = str(screen.query_one("#search-status", Static).content)
        assert screen.total < everywhere and "필터 밖" in status, status
