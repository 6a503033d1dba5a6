"""SVG snapshots of the main screens at 80×24 and 120×40, with Korean text on screen.

Update them after an intended change of the screens with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp

from .conftest import PLAN_DB

SIZES = [(80, 24), (120, 40)]
Compare = Callable[..., bool]


def make_app(start: str | None = None) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start=start, cursor_blink=False)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def typing(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # a start id is placed after the first refresh; type after it
        await pilot.press(*keys)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_task_with_target(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("3-2.5"), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_search_modal_over_hangul(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app("1-1"), terminal_size=size, run_before=typing("slash", *"재선충"))


def test_ministry_picker(snap_compare: Compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=typing("m"))


def test_filtered_by_ministry(snap_compare: Compare) -> None:
    run = typing("m", *"환경부", "enter", "g", *"3-2", "enter")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run)


def test_help(snap_compare: Compare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=typing("question_mark"))


def test_narrow_terminal_stacks_panels(snap_compare: Compare) -> None:
    assert snap_compare(make_app("3-2.3"), terminal_size=(60, 20), run_before=settle)
