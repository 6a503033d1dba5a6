"""A picker's filter worked out while its keys pause (tui/ahead.py): ⏎ then shows what it would
have shown without it, from what was worked out; a guess ⏎ does not take is dropped."""

from __future__ import annotations

from typing import Any

import pytest

from aiplan_tui.outline import Outline, Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import ahead as ahead_module
from aiplan_tui.tui.ahead import Ahead, landing, path_for
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.render import description_renderable
from aiplan_tui.tui.screens.picker import PREVIEW_DELAY, PickerScreen
from aiplan_tui.tui.widgets.plan_tree import Grown, PlanTree

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)


async def settle(pilot: Any, times: int = 6) -> None:
    for _ in range(times):
        await pilot.pause(0.05)


async def pick(pilot: Any, key: str, typed: str, *, pause: bool) -> None:
    """Open the picker ``key``, type ``typed``, pause past PREVIEW_DELAY or not, press ⏎."""
    await pilot.press(key)
    assert isinstance(pilot.app.screen, PickerScreen)
    for letter in typed:
        await pilot.press(letter)
    if pause:
        await pilot.pause(PREVIEW_DELAY + 0.1)
    await pilot.press("enter")
    await settle(pilot)


# (start, picker key, typed): a task the filter hides (it lands on the area, whose text is long),
# a task it keeps, the overview, and a year.
PICKS = [
    ("4-1.6", "m", "교육부"),
    ("3-2.5", "m", "행안부"),
    (None, "m", "환경부"),
    ("1-1.1", "y", "2025"),
]


@pytest.mark.parametrize(("start", "key", "typed"), PICKS)
async def test_a_filter_worked_out_ahead_shows_what_it_shows_without(
    start: str | None, key: str, typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    screens: list[str] = []
    for pause in (False, True):
        app = PlanApp(Store.open(PLAN_DB), start=start, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pick(pilot, key, typed, pause=pause)
            assert app.where.active
            screens.append(app.export_screenshot())
            shown = app.shown
            assert shown is not None and shown.ref == app.query_one(PlanTree).cursor_node.data  # type: ignore[union-attr]
    assert screens[0] == screens[1]


async def test_enter_after_the_pause_draws_the_landing_text_worked_out_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The area 4-1.6's filter lands on: its text is made during the pause, none at ⏎."""
    made: list[object] = []
    make = description_renderable

    def counted(told: Any) -> Any:
        made.append(told)
        return make(told)

    monkeypatch.setattr("aiplan_tui.tui.widgets.detail.description_renderable", counted)
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("m", *"교육부")
        await pilot.pause(PREVIEW_DELAY + 0.1)
        assert app._ahead is not None and app._ahead.shown is not None
        assert app._ahead.shown.ref == Ref(NodeKind.area, "4-1")
        made.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.area, "4-1")
        assert made == []
        assert app._ahead is None  # used once, then dropped


async def test_a_guess_enter_does_not_take_is_dropped() -> None:
    """Paused on 교육부, then narrowed to 환경부 and ⏎ at once: 환경부's filter, drawn as without
    any guess; escape after a pause changes nothing."""
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.export_screenshot()
        await pilot.press("m", *"교육부")
        await pilot.pause(PREVIEW_DELAY + 0.1)
        await pilot.press("escape")
        await settle(pilot)
        assert app.where == Filter()
        assert app.export_screenshot() == before
        assert app._ahead is None  # not kept for a later ⏎ on the same name without a pause
        await pilot.press("m", *"교육부")
        await pilot.pause(PREVIEW_DELAY + 0.1)
        await pilot.press(*["backspace"] * 3, *"환경부", "enter")
        await settle(pilot)
        assert app.where == Filter(ministries=("환경부",))
        guessed = app.export_screenshot()
    fresh = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with fresh.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pick(pilot, "m", "환경부", pause=False)
        assert fresh.export_screenshot() == guessed


def test_the_worked_out_landing_is_the_task_or_else_its_area() -> None:
    """For every task under the cursor and three filters: a task the filter keeps is where the
    cursor stays; one it hides leaves the cursor on its area (every area stays listed, dimmed
    when none of its tasks match)."""
    store = Store.open(PLAN_DB)
    for where in (Filter(ministries=("교육부",)), Filter(ministries=("환경부",)), Filter(years=(2025,))):
        outline = Outline(store, where=where)
        kept = {t.id for t in outline.tasks}
        assert 0 < len(kept) < len(store.tasks())
        for task in store.tasks():
            ref = Ref(NodeKind.task, task.id)
            expected = ref if task.id in kept else Ref(NodeKind.area, task.area)
            assert landing(outline, path_for(outline, ref)) == expected
            ahead = Ahead.work_out(store, outline.view, where, ref)
            assert ahead.shown is not None and ahead.shown.ref == expected


async def test_the_tree_lands_where_it_was_worked_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """``PlanTree.reveal`` (or ``place_first``) puts the cursor on the node ``Ahead`` described."""
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    worked: list[Ahead] = []
    work_out = Ahead.work_out

    def kept(*args: Any) -> Ahead:
        result = work_out(*args)
        worked.append(result)
        return result

    monkeypatch.setattr(ahead_module.Ahead, "work_out", kept)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for task in ["1-1.1", "2-3.4", "3-2.5", "4-1.6", "4-4.2"]:
            app.where = Filter()
            app.jump(Ref(NodeKind.task, task))
            await settle(pilot, 2)
            for where in (Filter(ministries=("교육부",)), Filter(years=(2025,))):
                app.prepare_filter(where)
                ahead = worked[-1]
                app.where = where
                await settle(pilot, 2)
                assert ahead.shown is not None
                assert app.query_one(PlanTree).cursor_node.data == ahead.shown.ref  # type: ignore[union-attr]
                assert app.shown == ahead.shown
                app.where = Filter()
                app.jump(Ref(NodeKind.task, task))
                await settle(pilot, 2)


# Keys that walk the tree after a filter: into "… N개 더" runs (with a small CHUNK), to the end
# and back, closing and opening nodes.
WALK = ["down"] * 6 + ["end", "up", "up", "left", "left", "home", "right", "right", "down", "right"]


@pytest.mark.parametrize("chunk", [PlanTree.CHUNK, 3])
@pytest.mark.parametrize(("start", "key", "typed"), PICKS)
async def test_nodes_grown_during_the_pause_are_walked_as_nodes_built_at_enter(
    start: str | None, key: str, typed: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree's nodes for a filter are grown away from the screen while the picker waits
    (``PlanTree.grow``) and swapped in at ⏎ (``take``): every screen after, as keys walk the
    tree, is the one a tree built at ⏎ shows. CHUNK 3 cuts every level into "… N개 더" runs."""
    monkeypatch.setattr(PlanTree, "CHUNK", chunk)
    taken: list[Grown] = []
    take = PlanTree.take

    def counted(tree: PlanTree, grown: Grown) -> None:
        taken.append(grown)
        take(tree, grown)

    monkeypatch.setattr(PlanTree, "take", counted)
    walks: list[list[str]] = []
    for pause in (False, True):
        app = PlanApp(Store.open(PLAN_DB), start=start, cursor_blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            taken.clear()
            await pick(pilot, key, typed, pause=pause)
            assert len(taken) == (1 if pause else 0)
            screens = [app.export_screenshot()]
            for step in WALK:
                await pilot.press(step)
                await settle(pilot, 2)
                screens.append(app.export_screenshot())
            walks.append(screens)
    assert walks[0] == walks[1]


async def test_growing_nodes_leaves_the_tree_on_the_screen_alone_and_enter_builds_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.query_one(PlanTree)
        root, nodes, outline, updates = tree.root, dict(tree._tree_nodes), tree.outline, tree._updates
        lines = [line.node for line in tree._tree_lines]
        cursor = tree.cursor_node
        await pilot.press("m", *"교육부")
        await pilot.pause(PREVIEW_DELAY + 0.1)
        assert app._ahead is not None and app._ahead.grown is not None
        grown = app._ahead.grown
        assert grown.root is not root and grown.landing is not None
        assert grown.landing.data == Ref(NodeKind.area, "4-1")
        # The tree on the screen: the same nodes, lines, cursor and outline as before the pause.
        assert tree.root is root and tree._tree_nodes == nodes and tree.outline is outline
        assert tree._updates == updates  # its kept lines stay kept
        assert [line.node for line in tree._tree_lines] == lines and tree.cursor_node is cursor
        added: list[object] = []
        monkeypatch.setattr(PlanTree, "_add", lambda self, parent, entry: added.append(entry))
        await pilot.press("enter")
        await settle(pilot)
        assert added == []
        assert tree.root is grown.root and tree.cursor_node is grown.landing
        assert app.where == Filter(ministries=("교육부",))
