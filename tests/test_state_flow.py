"""Issue 17: the panels draw from the app's state, and slow work runs off the UI thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static
from textual.worker import WorkerState

from aiplan_tui.description import DESCRIBERS
from aiplan_tui.outline import OVERVIEW, Ref, View
from aiplan_tui.records import KIND_SPECS, NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import clipboard
from aiplan_tui.tui.app import FOLLOW_DELAY, PlanApp
from aiplan_tui.tui.screens.search import QUICK, SearchScreen
from aiplan_tui.tui.widgets.detail import DetailView, TargetsPanel
from aiplan_tui.tui.widgets.filter_bar import FilterBar
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

SLOW = 0.8  # seconds an injected slow operation takes: far longer than a key takes to handle


def make_app(start: str | None = None, store: Store | None = None) -> PlanApp:
    return PlanApp(store or Store.open(PLAN_DB), start=start, cursor_blink=False)


def cursor(app: PlanApp) -> Ref | None:
    node = app.query_one(PlanTree).cursor_node
    return node.data if node is not None else None


def running(app: PlanApp, name: str) -> bool:
    return any(w.name == name and w.state is WorkerState.RUNNING for w in app.workers)


def test_every_kind_is_described_once() -> None:
    assert set(KIND_SPECS) == set(NodeKind)
    # Every kind has one description: the panel, show, copy and JSON all draw from it.
    assert set(DESCRIBERS) == set(NodeKind)
    assert NodeKind.task == "task" and f"{NodeKind.task}" == "task"  # ids and JSON keep their plain form


async def test_the_panels_and_the_filter_bar_draw_from_the_apps_state() -> None:
    """Whatever moves the cursor (start, v, a filter, a jump, a resize, a key), both panels hold
    the app's one `shown` value, and once the cursor rests it is the cursor's node."""
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 30)) as pilot:
        detail, targets, bar = app.query_one(DetailView), app.query_one(TargetsPanel), app.query_one(FilterBar)

        async def check(step: str) -> None:
            await pilot.pause(FOLLOW_DELAY + 0.2)
            assert app.shown is not None, step
            assert detail.shown is app.shown and targets.shown is app.shown, step
            assert app.shown.ref == cursor(app) == app.selected, step
            assert targets.has_class("-empty") == (not app.shown.ref.kind.spec.targets or app.shown.ref.id != "3-2.5")
            assert (bar.view, bar.where) == (app.view, app.where), step

        await check("start")
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.task, "3-2.5")
        await pilot.press("v")
        await check("view")
        assert app.view is View.ministry
        app.where = Filter(ministries=("환경부",))
        await check("filter")
        await pilot.press("down", "down")
        await check("keys")
        await pilot.resize_terminal(70, 20)
        await check("resize")
        app.view = View.strategy
        app.where = Filter()
        await check("back")


async def test_a_filter_that_keeps_a_task_under_the_cursor_redraws_nothing() -> None:
    app = make_app("3-2.5")
    async with app.run_test() as pilot:
        await pilot.pause()
        before = app.shown
        body = app.query_one("#detail-body", Static)
        drawn = body.content
        app.where = Filter(years=(2023, 2024, 2025))
        await pilot.pause(FOLLOW_DELAY + 0.2)
        assert cursor(app) == Ref(NodeKind.task, "3-2.5")
        assert app.shown == before and body.content is drawn  # the same text object: not drawn again


async def test_a_slow_search_does_not_stall_the_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search that takes SLOW seconds (a large plan, a slow disk): the typed letter shows at
    once, the dialog says it is searching, escape closes it and ↓ moves the tree meanwhile;
    the late answer is then not drawn anywhere."""
    store = Store.open(PLAN_DB)
    search = store.search
    ended: list[bool] = []

    def slow_search(*args: Any, **kwargs: Any) -> Any:
        time.sleep(SLOW)
        ended.append(True)
        return search(*args, **kwargs)

    monkeypatch.setattr(store, "search", slow_search)
    app = make_app(store=store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("slash")
        started = time.monotonic()
        await pilot.press("홍")
        field = app.screen.query_one(Input)
        assert field.value == "홍"
        status = str(app.screen.query_one("#search-status", Static).content)
        assert "찾는 중" in status
        assert running(app, "search")
        await pilot.press("escape", "down", "down")
        assert not isinstance(app.screen, SearchScreen)
        # The slow search has not ended yet (its thread sleeps SLOW s): the keys were handled meanwhile.
        assert time.monotonic() - started < SLOW
        assert not ended
        assert cursor(app) != OVERVIEW and app.selected == cursor(app)
        while not ended:  # the cancelled search's thread ends on its own
            await pilot.pause(0.05)
        await pilot.pause()
        screen = app.get_screen("search")
        assert isinstance(screen, SearchScreen) and screen.hits == []  # the late answer was not drawn


async def test_a_slow_search_is_drawn_when_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(PLAN_DB)
    search = store.search

    def slow_search(*args: Any, **kwargs: Any) -> Any:
        time.sleep(QUICK * 4)
        return search(*args, **kwargs)

    monkeypatch.setattr(store, "search", slow_search)
    app = make_app(store=store)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("slash", *"홍수")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.searched.text == "홍수" and screen.hits
        assert str(screen.query_one("#search-status", Static).content).startswith("‘홍수’")


async def test_a_slow_copy_does_not_stall_the_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Copy writes a file with fsync; on a slow home directory that takes a while, and the tree
    keeps moving meanwhile. The toast comes when the file is on disk."""
    save = clipboard.save

    def slow_save(text: str, folder: Path, node_id: str) -> Path:
        time.sleep(SLOW)
        return save(text, folder, node_id)

    monkeypatch.setattr(clipboard, "save", slow_save)
    app = make_app("3-2.5")
    async with app.run_test() as pilot:
        await pilot.pause()
        started = time.monotonic()
        await pilot.press("c", "down")
        assert cursor(app) == Ref(NodeKind.task, "3-2.6")
        assert time.monotonic() - started < SLOW and running(app, "copy")
        assert app.clipboard.startswith("[3-2.5]")  # OSC 52 went out at once
        assert not any(n.title == "복사" for n in app._notifications)
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = tmp_path / "copied" / "3-2.5.txt"
        assert saved.read_text(encoding="utf-8").startswith("[3-2.5]")
        assert any(n.title == "복사" and str(saved) in n.message for n in app._notifications)
