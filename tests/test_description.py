"""Issue 17.1: one description per node kind, drawn by the panel and written by `show` and copy.

For every node of the tree of both plans, the explorer's panels (the text panel and the targets
panel beside it, as Rich draws them) and the plain text of `show` (or of the copy key, for the
nodes `show` has no id for) carry the same facts: the same task ids, target series and body
lines, worked out here from the store. With a filter on, the panel lists exactly the tasks it
keeps and says how many it hides.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from aiplan_tui.describe import describe, described, format_series, resolve, task_body
from aiplan_tui.description import LISTED_TASKS, Body, Description, Lens, description
from aiplan_tui.outline import OVERVIEW, Outline, Ref, View
from aiplan_tui.plain import to_markdown, to_text
from aiplan_tui.records import Item, NodeKind, Target
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import FOLLOW_DELAY, PlanApp
from aiplan_tui.tui.render import description_renderable, targets_renderable
from aiplan_tui.tui.state import Shown
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from benchmarks.generate import generate

from .conftest import PLAN_DB, Plan
from .test_cli import aiplan
from .test_tui_daily import own_folders  # noqa: F401  (autouse: copies go to this test's folders)
from .test_tui_daily import shown as panel_of

TASK_ID = re.compile(r"(?<![\d.])\d+-\d+\.\d+(?![\d.])")
RESOLVABLE = {NodeKind.strategy, NodeKind.area, NodeKind.task, NodeKind.item, NodeKind.document, NodeKind.ministry}


def tree_nodes(store: Store) -> Iterator[Ref]:
    """Every node of the explorer's tree, in all three views, each once."""
    seen: set[Ref] = set()
    for view in View:
        outline = Outline(store, view)
        waiting = [entry.ref for entry in outline.roots()]
        while waiting:
            ref = waiting.pop()
            if ref in seen:
                continue
            seen.add(ref)
            yield ref
            waiting += [entry.ref for entry in outline.children(ref)]


def panel_text(told: Description) -> str:
    """Both right-hand panels as Rich draws them (width 200), one after the other."""
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(description_renderable(told))
    console.print(targets_renderable(told.targets))
    return console.export_text()


def show_text(store: Store, ref: Ref) -> str:
    """`aiplan show`'s text for the node, or what the copy key writes where show has no id."""
    if ref.kind in RESOLVABLE:
        resolved = resolve(store, ref.id)
        assert resolved.kind == ref.kind, ref
        return describe(store, resolved)
    return to_text(description(store, ref.kind, ref.id))


def flat(text: str) -> str:
    return re.sub(r"[\s┃│|]+", "", text)


def item_facts(item: Item) -> list[str]:
    parts = [item.text] if item.text else []
    if item.table is not None:
        parts += [cell for row in item.table[1] for cell in row]
    return [flat(p) for p in parts if flat(p)]


def expected(store: Store, ref: Ref) -> tuple[set[str], list[Target], list[Item]]:
    """The tasks, targets and body items a node's text must carry, read from the store."""
    tasks = store.tasks()
    if ref.kind == NodeKind.task:
        task = store.task(ref.id)
        assert task is not None
        return {task.id}, store.targets(task=task.id), task_body(store, task)
    if ref.kind in (NodeKind.area, NodeKind.body):
        ids = {t.id for t in tasks if t.area == ref.id} if ref.kind == NodeKind.area else set()
        return ids, store.targets(area=ref.id), store.items(ref.id)
    if ref.kind == NodeKind.item:
        item = store.item(ref.id)
        assert item is not None
        subtree = store.subtree(item.id)
        return set(item.tasks), [t for t in store.targets() if t.item in {i.id for i in subtree}], subtree
    if ref.kind == NodeKind.ministry:
        return {t.id for t in tasks if ref.id in t.ministries}, [], []
    if ref.kind == NodeKind.year:
        return {t.id for t in tasks if t.year == int(ref.id)}, [], []
    if ref.kind == NodeKind.document:
        return set(), [], store.items(ref.id)
    return set(), [], []  # overview, strategy: no task ids, targets or body of their own


def test_every_node_of_the_tree_is_a_kind_with_one_description(plan: Plan) -> None:
    kinds = {ref.kind for ref in tree_nodes(plan.store)}
    assert kinds == {kind for kind in NodeKind if kind.spec.in_tree}


def test_the_panel_and_show_carry_the_same_facts_for_every_node(plan: Plan) -> None:
    store = plan.store
    checked = 0
    for ref in tree_nodes(store):
        told = description(store, ref.kind, ref.id)
        panel, text = panel_text(told), show_text(store, ref)
        flat_panel, flat_text = flat(panel), flat(text)
        task_ids, targets, items = expected(store, ref)
        # The same task ids, and at least the node's own.
        assert set(TASK_ID.findall(panel)) == set(TASK_ID.findall(text)), ref
        assert task_ids <= set(TASK_ID.findall(text)), ref
        # The same target series.
        for target in targets:
            assert flat(format_series(target)) in flat_panel and flat(format_series(target)) in flat_text, (
                ref,
                target.id,
            )
        # The same body lines (a document's title line is its heading in both).
        for item in items:
            for fact in item_facts(item):
                assert fact in flat_panel and fact in flat_text, (ref, item.id, fact)
        checked += 1
    assert checked > len(store.tasks())


def test_show_prints_the_same_description_as_the_panel_for_ids_show_knows(plan: Plan) -> None:
    """One path: `show`'s text is the node's description written as text, nothing of its own."""
    store = plan.store
    for kind, node in plan.ids().items():
        resolved = resolve(store, node)
        told = described(store, resolved)
        assert describe(store, resolved) == to_text(told), kind
        if kind in ("strategy", "area", "task", "item", "document", "ministry"):
            assert told == description(store, resolved.kind, told.id), kind  # what the panel draws


def test_a_filtered_panel_lists_the_kept_tasks_and_says_how_many_it_hides(plan: Plan) -> None:
    store = plan.store
    ministry = store.tasks()[-1].ministries[0]
    where = Filter(ministries=(ministry,))
    kept = store.tasks(where)
    outline = Outline(store, View.strategy, where)
    nodes = [
        *(Ref(NodeKind.strategy, str(s.id)) for s in store.strategies()),
        *(Ref(NodeKind.area, a.id) for a in store.areas()),
        *(Ref(NodeKind.ministry, m.id) for m in store.ministries() if m.tasks),
        *(Ref(NodeKind.year, str(y)) for y in store.task_years()),
    ]
    hidden_somewhere = False
    for ref in nodes:
        told = Shown(ref, where, outline.tasks).description(store)
        panel = panel_text(told)
        unfiltered = description(store, ref.kind, ref.id)
        if ref.kind == NodeKind.strategy:  # its areas, with kept/all counts
            strategy = int(ref.id)
            everything = [t.id for t in store.tasks() if t.strategy == strategy]
            mine_ids = [t.id for t in kept if t.strategy == strategy]
            for area in store.areas(strategy):
                counts = [sum(t.startswith(f"{area.id}.") for t in ids) for ids in (mine_ids, everything)]
                assert f"{area.id} {area.label}  과제 {counts[0]}/{counts[1]}" in panel, ref
        else:
            everything = unfiltered.task_ids
            mine_ids = [t.id for t in kept if t.id in everything]
            assert told.task_ids == mine_ids, ref
            assert set(TASK_ID.findall(panel)) == set(mine_ids), ref
        hides = len(everything) - len(mine_ids)
        if hides:
            hidden_somewhere = True
            assert f"필터로 숨긴 과제 {hides}개" in panel, ref
        else:
            assert "필터로 숨긴" not in panel, ref
        assert "필터로 숨긴" not in panel_text(unfiltered), ref
    assert hidden_somewhere


def test_markdown_is_the_same_description(plan: Plan) -> None:
    store = plan.store
    node = plan.ids()["task"]
    told = described(store, resolve(store, node))
    markdown = to_markdown(told)
    assert markdown.startswith(f"## {node} ") and "\n### 본문\n" in markdown
    for item in [i for block in told.all(Body) for i in block.items]:
        if item.text and "*" not in item.text and "_" not in item.text:
            assert item.text in markdown, item.id
    result = aiplan("show", node, "--format", "md", db=plan.db)
    assert result.returncode == 0 and result.stdout == markdown


def test_markdown_keeps_the_plans_stars_literal() -> None:
    result = aiplan("show", "3-2.5", "-f", "md")
    assert "근거\\*를 마련하고" in result.stdout  # a footnote star, not emphasis
    assert "- - " not in result.stdout  # the plan's "-" mark is the list's own bullet
    table = aiplan("show", "1-2/5", "-f", "md").stdout
    assert "| 구분 | '23년 |" in table and "\n|---|---|---|---|\n" in table


def shown(app: PlanApp) -> str:
    return panel_of(app, "#detail-body")


async def test_with_a_filter_the_panel_and_the_copy_say_what_the_filter_hides() -> None:
    app = PlanApp(Store.open(PLAN_DB), start="3-2", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "필터로 숨긴" not in shown(app) and "3-2.5" in shown(app)
        app.where = Filter(ministries=("환경부",))
        await pilot.pause(FOLLOW_DELAY + 0.2)
        tree = app.query_one(PlanTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.area, "3-2")
        text = shown(app)
        assert "3-2.3" in text and "3-2.5" not in text and "필터로 숨긴 과제 8개" in text
        assert app.copy_text(Ref(NodeKind.area, "3-2")).count("\n- 3-2.") == 1
        assert "(필터로 숨긴 과제 8개)" in app.copy_text(Ref(NodeKind.area, "3-2"))
        await pilot.press("x")
        await pilot.pause(FOLLOW_DELAY + 0.2)
        assert "필터로 숨긴" not in shown(app) and "3-2.5" in shown(app)


def test_the_overview_copy_is_its_panel_as_text() -> None:
    store = Store.open(PLAN_DB)
    told = description(store, NodeKind.overview, OVERVIEW.id, Lens())
    text = to_text(told)
    assert text.splitlines()[0] == f"「{store.plan()['title']}」"
    assert all(f"전략 {s.id} {s.title} (과제" in text for s in store.strategies())


def test_on_a_large_plan_the_panel_lists_a_screenful_of_tasks_and_show_lists_all(tmp_path: Path) -> None:
    """A ministry of a plan 6 times larger has hundreds of tasks: the panel lists the first
    LISTED_TASKS and says how many more (laying out thousands took ~0.7 s at 100×); show and
    the copy list every one."""
    store = Store.open(generate(6, tmp_path / "plan-6x.db"))
    ministry = max(store.ministries(), key=lambda m: m.tasks)
    assert ministry.tasks > LISTED_TASKS
    ref = Ref(NodeKind.ministry, ministry.id)
    panel = panel_text(Shown(ref).description(store))
    listed = TASK_ID.findall(panel)
    assert len(listed) == LISTED_TASKS and f"… 과제 {ministry.tasks - LISTED_TASKS}개 더" in panel
    text = describe(store, resolve(store, ministry.id))
    assert len(TASK_ID.findall(text)) == ministry.tasks and "개 더" not in text
    app = PlanApp(store)
    assert app.copy_text(ref) == to_text(description(store, NodeKind.ministry, ministry.id))
