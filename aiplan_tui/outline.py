"""The explorer's tree as data: which entries sit under which, for each view and filter.

Children are computed when a node is opened, so a plan a hundred times larger opens as fast.
Nothing here imports textual: the tree widget turns entries into nodes.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum
from functools import cached_property
from typing import NamedTuple

from aiplan_tui.describe import year_label
from aiplan_tui.records import Item, NodeKind, Task
from aiplan_tui.store import Filter, Store


class View(str, Enum):
    strategy = "strategy"
    ministry = "ministry"
    year = "year"

    @property
    def label(self) -> str:
        return {"strategy": "전략별", "ministry": "부처별", "year": "연도별"}[self.value]

    def next(self) -> View:
        views = list(View)
        return views[(views.index(self) + 1) % len(views)]


class Ref(NamedTuple):
    """What a tree node stands for: a kind and an id (``body`` is an area's full text)."""

    kind: NodeKind  # any kind with a tree node (NodeKind.spec.in_tree)
    id: str


OVERVIEW = Ref(NodeKind.overview, "plan")  # the plan at a glance: the first node, under the cursor at start


class Entry(NamedTuple):
    ref: Ref
    key: str  # the id shown first (3-2.9, 전략 3, 환경부)
    title: str
    tally: str  # "2/6" or "" — shown after the title
    expandable: bool
    dim: bool  # nothing under it matches the filters


def _tentative_note(tentative: int, tasks: int) -> str:
    if not tentative:
        return ""
    return " (잠정)" if tentative == tasks else f" (잠정 {tentative})"


def _item_title(item: Item) -> str:
    mark = f"{item.mark} " if item.mark else ""
    if item.kind == "table":
        return f"{mark}[표] {item.text}".strip()
    return f"{mark}{item.text}"


class Outline:
    """Answers "what is under this node?" for one store, view and filter."""

    def __init__(self, store: Store, view: View = View.strategy, where: Filter | None = None) -> None:
        self.store = store
        self.view = view
        self.where = where or Filter()
        # Each node's entries, worked out once: the tree and a filter worked out ahead
        # (``shown_part``, while the picker waits) read the same lists.
        self._children: dict[Ref, list[Entry]] = {}

    @cached_property
    def _tasks(self) -> list[Task]:
        return self.store.tasks(self.where)

    @cached_property
    def _matching_by_area(self) -> dict[str, list[Task]]:
        """The matching tasks of each area, in plan order: one pass over the answer, which an
        area's count and an area's children then read without walking it again."""
        by_area: dict[str, list[Task]] = {}
        for task in self._tasks:
            by_area.setdefault(task.area, []).append(task)
        return by_area

    def _area_tasks(self, area: str) -> list[Task]:
        """The matching tasks of ``area``. Without filters those are all its tasks, picked
        through the store's places for the area: nothing walks the whole plan."""
        if self.where.active:
            return self._matching_by_area.get(area, [])
        return self.store.tasks_under(Filter(area=area))

    @cached_property
    def _matching_per_strategy(self) -> Counter[int]:
        return Counter(t.strategy for t in self._tasks)  # one pass, not one per strategy

    @property
    def tasks(self) -> list[Task]:
        """The tasks that match the filters, in plan order (read when first needed)."""
        return self._tasks

    def _count(self, matching: int, total: int) -> str:
        return f"{matching}/{total}" if self.where.active else f"({total})"

    def roots(self) -> list[Entry]:
        """The top level (shared, not to be changed)."""
        return self._roots

    @cached_property
    def _roots(self) -> list[Entry]:
        if self.view is View.ministry:
            counts: dict[str, int] = {}
            for task in self._tasks:
                for ministry in task.ministries:
                    counts[ministry] = counts.get(ministry, 0) + 1
            names = {m.id: m.name for m in self.store.ministries()}
            ordered = sorted(counts, key=lambda m: (-counts[m], m))
            return [
                Entry(Ref(NodeKind.ministry, m), m, names[m] if names[m] != m else "", str(counts[m]), True, False)
                for m in ordered
            ]
        if self.view is View.year:
            years: Counter[int] = Counter(t.year for t in self._tasks)
            tentative: Counter[int] = Counter(t.year for t in self._tasks if t.tentative)
            return [
                Entry(
                    Ref(NodeKind.year, str(y)),
                    year_label(y),
                    f"{y}년 시작{_tentative_note(tentative[y], n)}",
                    str(n),
                    True,
                    False,
                )
                for y, n in sorted(years.items())
            ]
        # Documents and strategies in the order the plan prints them.
        placed = [(s.line, self._strategy_entry(s.id, s.title)) for s in self.store.strategies()]
        placed += [
            (d.line, Entry(Ref(NodeKind.document, d.id), "", d.title, "", True, self.where.active))
            for d in self.store.documents()
        ]
        overview = Entry(OVERVIEW, "개요", "비전·목표·전략별 과제 수", "", False, False)
        return [overview, *(entry for _, entry in sorted(placed, key=lambda pair: pair[0]))]

    def _strategy_entry(self, strategy: int, title: str) -> Entry:
        total = self.store.tasks_per_strategy().get(strategy, 0)
        matching = self._matching_per_strategy[strategy] if self.where.active else total
        return Entry(
            Ref(NodeKind.strategy, str(strategy)),
            f"전략 {strategy}",
            title,
            self._count(matching, total),
            True,
            matching == 0,
        )

    def children(self, ref: Ref) -> list[Entry]:
        """The entries under ``ref`` (shared, not to be changed)."""
        entries = self._children.get(ref)
        if entries is None:
            entries = self._children[ref] = self._children_of(ref)
        return entries

    def shown_part(self, path: list[Ref]) -> list[Ref]:
        """The leading refs of ``path`` this outline shows, each under the one before: how far
        the tree opens when it follows ``path`` (``PlanTree.reveal``), the last one where the
        cursor lands. All of ``path`` when it is shown whole."""
        shown: list[Ref] = []
        level = self.roots()
        for ref in path:
            if not any(entry.ref == ref for entry in level):
                break
            shown.append(ref)
            if len(shown) < len(path):
                level = self.children(ref)
        return shown

    def _children_of(self, ref: Ref) -> list[Entry]:
        if ref.kind == NodeKind.strategy:
            entries = []
            for area in self.store.areas(int(ref.id)):
                total = self.store.tasks_per_area().get(area.id, 0)
                matching = len(self._matching_by_area.get(area.id, ())) if self.where.active else total
                key = f"{area.id} {area.theme}" if area.theme else area.id  # "1-1 복지 2/6 사회적 약자 …"
                entries.append(
                    Entry(
                        Ref(NodeKind.area, area.id), key, area.title, self._count(matching, total), True, matching == 0
                    )
                )
            return entries
        if ref.kind == NodeKind.area:
            tasks = [self._task_entry(t) for t in self._area_tasks(ref.id)]
            body = self.store.top_items(ref.id)
            return [
                *tasks,
                Entry(Ref(NodeKind.body, ref.id), "본문", f"{len(body)}개 항목", "", bool(body), self.where.active),
            ]
        if ref.kind in (NodeKind.body, NodeKind.document):
            return [self._item_entry(i) for i in self.store.top_items(ref.id)]
        if ref.kind == NodeKind.task:
            task = self.store.task(ref.id)
            items = [i for item_id in (task.items if task else []) if (i := self.store.item(item_id))]
            return [self._item_entry(i) for i in items]
        if ref.kind == NodeKind.item:
            return [self._item_entry(i) for i in self.store.child_items(ref.id)]
        if ref.kind == NodeKind.ministry:
            return [self._task_entry(t) for t in self._tasks if ref.id in t.ministries]
        if ref.kind == NodeKind.year:
            return [self._task_entry(t) for t in self._tasks if t.year == int(ref.id)]
        return []

    def _task_entry(self, task: Task) -> Entry:
        # 잠정 goes where a cut title never hides it, before the title.
        tally = "(잠정)" if task.tentative else ""
        return Entry(Ref(NodeKind.task, task.id), task.id, task.title, tally, bool(task.items), False)

    def _item_entry(self, item: Item) -> Entry:
        has_children = bool(self.store.child_items(item.id))
        return Entry(Ref(NodeKind.item, item.id), "", _item_title(item), "", has_children, False)

    def path_to(self, ref: Ref) -> list[Ref]:
        """The refs from the top of the strategy view down to ``ref`` (inclusive)."""
        if ref.kind == NodeKind.task:
            task = self.store.task(ref.id)
            if task is None:
                return [ref]
            return [Ref(NodeKind.strategy, str(task.strategy)), Ref(NodeKind.area, task.area), ref]
        if ref.kind in (NodeKind.area, NodeKind.body):
            strategy = ref.id.split("-")[0]
            area = [Ref(NodeKind.strategy, strategy), Ref(NodeKind.area, ref.id)]
            return area if ref.kind == NodeKind.area else [*area, ref]
        if ref.kind == NodeKind.item:
            chain: list[Ref] = []
            item = self.store.item(ref.id)
            while item is not None:
                chain.insert(0, Ref(NodeKind.item, item.id))
                item = self.store.item(item.parent) if item.parent else None
            scope = ref.id.split("/")[0]
            if scope[0].isdigit():
                return [*self.path_to(Ref(NodeKind.body, scope)), *chain]
            return [Ref(NodeKind.document, scope), *chain]
        return [ref]
