"""Issue 17.6: the tree adds what the reader can reach, not a whole level of a large plan.

On a generated plan (benchmarks/generate.py) a strategy holds many areas; the tree adds
PlanTree.CHUNK of them at a time, a "… N개 더" line standing for the rest, and a path (a
filter keeping the reader's place, a jump) adds the chunk around its node only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiplan_tui.outline import Outline, Ref, View
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from benchmarks.generate import generate

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

CHUNK = 12  # small, so a plan 25x the real one has several chunks per strategy


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(25, tmp_path_factory.mktemp("plan") / "plan-25x.db")


@pytest.fixture
def chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlanTree, "CHUNK", CHUNK)


def lines(tree: PlanTree) -> list[Ref | None]:
    """What each line of the tree stands for (None: a "… N개 더" line)."""
    _ = tree.last_line
    return [node.data for node in (tree._get_node(n) for n in range(tree.last_line + 1)) if node is not None]


def test_the_real_plan_fits_in_one_chunk() -> None:
    """No level of the real plan is cut: its tree is what it was before chunks."""
    store = Store.open(PLAN_DB)
    largest = 0
    for view in View:
        outline = Outline(store, view)
        level = outline.roots()
        largest = max(largest, len(level))
        while level:
            entry = level.pop()
            if entry.expandable:
                children = outline.children(entry.ref)
                largest = max(largest, len(children))
                level += children
    assert 40 < largest <= PlanTree.CHUNK


@pytest.mark.usefixtures("chunked")
async def test_a_filter_on_a_large_plan_adds_only_the_chunks_near_the_reader(large: Path) -> None:
    store = Store.open(large)
    areas = [a.id for a in store.areas(3)]
    deep = areas[len(areas) * 3 // 4]  # far past the first chunk
    task = next(t for t in store.tasks() if t.area == deep and "환경부" not in (*t.ministries, *t.partners))
    app = PlanApp(store, start=task.id, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.task, task.id)
        app.where = Filter(ministries=("환경부",))  # hides the task: the reader stays in its area
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.area, deep)
        roots = len(Outline(store).roots())
        in_area = len(tree.cursor_node.children)
        # The chunk around the area, its children and two "… N개 더" lines, not all the
        # strategy's areas (nor its first chunk as well).
        assert tree.added <= roots + CHUNK + in_area + 2
        assert len(areas) > 3 * CHUNK
        shown = [ref.id for ref in lines(tree) if ref is not None and ref.kind == NodeKind.area]
        assert shown == sorted(shown, key=areas.index)  # in the plan's order, none twice
        assert deep in shown and len(shown) <= CHUNK


@pytest.mark.usefixtures("chunked")
async def test_walking_the_tree_adds_every_area_once_in_order(large: Path) -> None:
    """↓ from the strategy to its end and ↑ back over a gap: the "… N개 더" lines become
    their areas where the cursor meets them, and the strategy ends up whole, in order."""
    store = Store.open(large)
    areas = [a.id for a in store.areas(3)]
    app = PlanApp(store, start=areas[-2], cursor_blink=False)  # a jump: the last chunk, a gap above it
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert None in lines(tree)  # a "… N개 더" line stands for the areas between
        presses = 0
        while tree.cursor_node is not None and tree.cursor_node.data != Ref(NodeKind.strategy, "3"):
            await pilot.press("up")  # up over the gap, to the strategy: one line a key
            presses += 1
            assert presses <= len(areas) + 2
        await pilot.pause()
        await pilot.press(*["down"] * len(areas))
        await pilot.pause()
        under = [ref.id for ref in lines(tree) if ref is not None and ref.kind == NodeKind.area and ref.id in areas]
        assert under == areas
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "3"))
        assert all(child.data is not None for child in strategy.children)  # no "… N개 더" left
        await pilot.pause(0.5)
        node = tree.cursor_node
        assert node is not None and app.selected is not None and app.selected == node.data  # the panels follow


@pytest.mark.usefixtures("chunked")
async def test_the_ministry_view_of_a_large_plan_opens_a_chunk(large: Path) -> None:
    store = Store.open(large)
    app = PlanApp(store, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.view = View.ministry
        await pilot.pause()
        tree = app.query_one(PlanTree)
        first = tree.root.children[0]
        assert first.data is not None and first.data.kind == NodeKind.ministry
        tasks = len(Outline(store, View.ministry).children(first.data))
        assert tasks > 10 * CHUNK
        tree.move_cursor(first)
        await pilot.press("right")  # open it
        await pilot.pause()
        assert first.is_expanded and len(first.children) == CHUNK + 1
        assert first.children[-1].data is None and f"{tasks - CHUNK}개 더" in str(first.children[-1].label)
