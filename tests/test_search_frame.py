"""A quick search is drawn in the frame of the key that typed it (issue 17.6: search keystroke p95)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.search import parse
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.search import SearchScreen, hit_ref

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


def test_a_target_or_milestone_hit_goes_where_its_row_says_without_reading_them_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """⏎ on a target or milestone hit reads that hit's row, not every target and milestone of
    the plan (8,800 targets at 100×), and goes to its task, or its item when it has none."""
    store = Store.open(PLAN_DB)
    where = {t.id: (t.task, t.item) for t in store.targets()}
    where.update({m.id: (m.task, m.item) for m in store.milestones()})
    hits = [
        hit
        for text in ("AI", "홍수", "2024", "개소", "구축", "단계")
        for hit in store.search(parse(text, store.ministry_names()), limit=None).hits
        if hit.kind in (NodeKind.target, NodeKind.milestone)
    ]
    assert {hit.kind for hit in hits} == {NodeKind.target, NodeKind.milestone}
    assert any(not where[hit.ref][0] for hit in hits) and any(where[hit.ref][0] for hit in hits)

    def everything(*args: object, **kwargs: object) -> None:
        assert args or kwargs, "read every target or milestone of the plan"

    monkeypatch.setattr(store, "targets", everything)
    monkeypatch.setattr(store, "milestones", everything)
    for hit in hits:
        task, item = where[hit.ref]
        assert hit_ref(store, hit) == (Ref(NodeKind.task, task) if task else Ref(NodeKind.item, item)), hit
