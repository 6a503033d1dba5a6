"""One description of a node, whatever draws it.

What is said about a node (its heading, fields, task list, body, targets, milestones …) is
decided here once per kind, as plain data (``Description``: a heading and a list of typed
blocks). The explorer's panel draws it with Rich (``tui/render.py``); `aiplan show`, the copy
key and Markdown write it as text (``plain.py``); JSON lists come from it where the contract
allows (``describe.as_json``). Nothing here knows how it is drawn.

The filters are a parameter (``Lens``), not a different renderer: a filtered description lists
the tasks the filters keep and says how many it hides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from aiplan_tui.describe import (
    elsewhere,
    format_series,
    milestone_when,
    ministry_label,
    partner_label,
    task_body,
    task_with_title,
    year_label,
)
from aiplan_tui.records import Area, Item, Milestone, Ministry, NodeKind, Target, Task
from aiplan_tui.store import Filter, Store, damaged
from aiplan_tui.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import TypeVar, Union

# A strategy lists its areas up to this many: hundreds (a generated large plan) cost ~0.1 s
# to lay out on every change of the panel, and nobody reads them there.
LISTED_AREAS = 30
# The panel lists a ministry's, year's or area's tasks up to this many (``Lens.most``): on a
# plan 100 times larger a ministry has thousands, ~0.7 s to lay out. Text and copy list all.
LISTED_TASKS = 200

NO_FILTER = Filter()


class Fields(NamedTuple):
    """Name–value pairs said on one line: 추진시기 '25 · 소관부처 행안부."""

    pairs: tuple[tuple[str, str], ...]


class Line(NamedTuple):
    """A sentence of its own (a series, a target's source text); ``quiet`` ones are asides."""

    text: str
    quiet: bool = False


class Row(NamedTuple):
    """One entry of a list: a task, an area, a strategy. ``tail``: its year, ministries, count."""

    key: str
    text: str
    tail: str = ""


class Rows(NamedTuple):
    """A titled list of rows; ``notes`` say what it leaves out (hidden by a filter, or more)."""

    title: str
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


class Body(NamedTuple):
    """Body items of the plan's text, in reading order; ``notes`` point to other tasks' items."""

    title: str
    items: list[Item]
    notes: tuple[str, ...] = ()


class Targets(NamedTuple):
    targets: list[Target]


class Milestones(NamedTuple):
    milestones: list[Milestone]


if TYPE_CHECKING:
    Block = Union[Fields, Line, Rows, Body, Targets, Milestones]
    B = TypeVar("B", Fields, Line, Rows, Body, Targets, Milestones)


class Description(NamedTuple):
    """A node as something to say: ``key`` and ``title`` head it, ``blocks`` follow in order."""

    kind: NodeKind
    id: str
    key: str  # 3-2.5, 전략 3, '25 — shown first; "" when the title says it all
    title: str
    blocks: tuple[Block, ...]

    def all(self, block: type[B]) -> list[B]:
        return [b for b in self.blocks if isinstance(b, block)]

    @property
    def targets(self) -> list[Target]:
        return [t for block in self.all(Targets) for t in block.targets]

    @property
    def task_ids(self) -> list[str]:
        """The tasks it lists (for a task: none; its own id is its key)."""
        return [row.key for block in self.all(Rows) if block.title.startswith("과제") for row in block.rows]


class Lens(NamedTuple):
    """How a node is looked at: through filters or not, with source lines or not.

    ``tasks`` are the tasks ``where`` keeps, when the caller has read them already (the tree's
    outline has); ``node`` is the node's record when the caller has it (`show` resolved it);
    ``most`` caps a task list (the panel's), saying how many more there are."""

    where: Filter = NO_FILTER
    tasks: list[Task] | None = None
    lines_shown: bool = False
    node: object = None
    most: int | None = None

    def kept(self, store: Store) -> list[Task]:
        if not self.where.active:
            return store.tasks()
        return self.tasks if self.tasks is not None else store.tasks(self.where)


def hidden_note(hidden: int) -> tuple[str, ...]:
    """What the filters hide from a list, said once (empty when they hide nothing)."""
    return (f"필터로 숨긴 과제 {hidden}개",) if hidden else ()


def _task_rows(tasks: list[Task], ministries: bool = True) -> tuple[Row, ...]:
    def tail(task: Task) -> str:
        when = year_label(task.year, task.tentative)
        return f"{when}, {', '.join(task.ministries)}" if ministries else when

    return tuple(Row(t.id, t.title, tail(t)) for t in tasks)


def _task_list(everything: list[Task], kept: list[Task], lens: Lens, ministries: bool = True) -> Rows:
    """The kept tasks (up to ``lens.most``); with a filter on, how many of all it hides."""
    listed = kept if lens.most is None else kept[: lens.most]
    more = (f"… 과제 {len(kept) - len(listed)}개 더 (c로 복사하면 모두 담깁니다)",) if len(listed) < len(kept) else ()
    notes = more + hidden_note(len(everything) - len(kept))
    return Rows(f"과제 {len(kept)}개", _task_rows(listed, ministries), notes)


def _targets(store: Store, kind: NodeKind, node_id: str) -> Targets:
    """The node's targets, found as its kind's spec says (records.KIND_SPECS)."""
    how = kind.spec.targets
    if how == "task":
        return Targets(store.targets(task=node_id))
    if how == "area":
        return Targets(store.targets(area=node_id))
    if how == "subtree":
        ids = {i.id for i in store.subtree(node_id)}
        return Targets([t for t in store.targets() if t.item in ids])
    return Targets([])


def _area_of(store: Store, area_id: str) -> Area:
    """One area, read alone (not every area of the plan: 1,300 on a large one)."""
    area = store.area(area_id)
    if area is None:
        raise damaged(store.path, LookupError(f"분야 {area_id} 없음"))
    return area


# One function per kind ------------------------------------------------------------------


def _task(store: Store, node_id: str, lens: Lens) -> Description:
    task = lens.node if isinstance(lens.node, Task) else store.task(node_id)
    if task is None:
        return Description(NodeKind.task, node_id, node_id, "", ())
    area = _area_of(store, task.area)
    who: list[tuple[str, str]] = [
        ("추진시기", year_label(task.year, task.tentative)),
        ("소관부처", ministry_label(store, task.ministries)),
    ]
    if task.partners:
        who.append(("본문의 협력기관", partner_label(store, task)))
    where = [("분야", f"{area.id} {area.label}")]
    if lens.lines_shown:
        where.append(("과제 추진계획", f"{task.line}행"))
    blocks: list[Block] = [Fields(tuple(who)), Fields(tuple(where))]
    if task.group.split(") ")[-1] != area.title:  # the table's group, where it differs from the area
        blocks.append(Fields((("과제표", task.group),)))
    if task.written != ", ".join(task.ministries):  # the table's own words, where they differ
        blocks.append(Fields((("표에 적힌 부처", task.written),)))
    blocks += [_targets(store, NodeKind.task, task.id), Milestones(store.milestones(task=task.id))]
    body = task_body(store, task)
    notes = tuple(f"(하위 항목 {item} → 과제 {', '.join(tasks)})" for item, tasks in elsewhere(store, task, body))
    blocks.append(Body("본문", body, notes))
    return Description(NodeKind.task, task.id, task.id, task.title, tuple(blocks))


def _strategy(store: Store, node_id: str, lens: Lens) -> Description:
    strategy = next(s for s in store.strategies() if str(s.id) == node_id)
    blocks: list[Block] = [Fields((("영역", strategy.scope),))] if strategy.scope else []
    areas = store.areas(strategy.id)
    everything = [t for t in store.tasks() if t.strategy == strategy.id]
    kept = [t for t in lens.kept(store) if t.strategy == strategy.id]
    total, matching = Counter(t.area for t in everything), Counter(t.area for t in kept)  # one pass each

    def count(area_id: str) -> str:
        return f"과제 {matching[area_id]}/{total[area_id]}" if lens.where.active else f"과제 {total[area_id]}"

    rows = tuple(Row(a.id, a.label, count(a.id)) for a in areas[:LISTED_AREAS])
    more = len(areas) - LISTED_AREAS
    notes = (f"… 분야 {more}개 더 (트리에서 전략을 펼치면 모두 보입니다)",) if more > 0 else ()
    blocks.append(Rows(f"분야 {len(areas)}개", rows, notes + hidden_note(len(everything) - len(kept))))
    return Description(NodeKind.strategy, node_id, f"전략 {strategy.id}", strategy.title, tuple(blocks))


def _area(store: Store, node_id: str, lens: Lens, with_tasks: bool = True) -> Description:
    area = _area_of(store, node_id)
    blocks: list[Block] = []
    if with_tasks:
        everything = store.tasks_under(Filter(area=area.id))  # the area's own, not the plan's
        kept = [t for t in lens.kept(store) if t.area == area.id] if lens.where.active else everything
        blocks.append(_task_list(everything, kept, lens))
    kind = NodeKind.area if with_tasks else NodeKind.body
    blocks += [Body("본문", store.items(area.id)), _targets(store, kind, area.id)]
    return Description(kind, area.id, area.id, area.label, tuple(blocks))


def _body(store: Store, node_id: str, lens: Lens) -> Description:
    """An area's full text, under its tasks in the tree: the area without its task list."""
    return _area(store, node_id, lens, with_tasks=False)


def _item(store: Store, node_id: str, lens: Lens) -> Description:
    item = store.item(node_id)
    if item is None:
        return Description(NodeKind.item, node_id, node_id, "", ())
    blocks: list[Block] = [Fields((("원문", f"{item.line}행"),))] if lens.lines_shown else []
    if item.tasks:  # id and title: which task a body line belongs to, at a glance
        titled = [task_with_title(store, t).partition(" ") for t in item.tasks]
        blocks.append(Rows("관련 과제", tuple(Row(key, title) for key, _, title in titled)))
    blocks += [Body("", store.subtree(item.id)), _targets(store, NodeKind.item, item.id)]
    return Description(NodeKind.item, item.id, item.id, "", tuple(blocks))


def _target(store: Store, node_id: str, lens: Lens) -> Description:
    target = lens.node if isinstance(lens.node, Target) else next(t for t in store.targets() if t.id == node_id)
    where = target.task or target.area or target.document
    line = f"원문 {target.line}행, " if lens.lines_shown else ""
    blocks: list[Block] = [
        Line(format_series(target)),
        Fields((("근거", f"{target.item} ({line}{where})"),)),
        Line(target.text),
    ]
    if target.note:
        blocks.append(Line(f"비고: {target.note}"))
    return Description(NodeKind.target, target.id, target.id, target.subject, tuple(blocks))


def _milestone(store: Store, node_id: str, lens: Lens) -> Description:
    milestone = (
        lens.node if isinstance(lens.node, Milestone) else next(m for m in store.milestones() if m.id == node_id)
    )
    pairs = ((("과제", milestone.task),) if milestone.task else ()) + (("근거", milestone.item),)
    blocks: tuple[Block, ...] = (Line(milestone.text), Fields(pairs))
    return Description(NodeKind.milestone, milestone.id, milestone.id, f"일정 {milestone_when(milestone)}", blocks)


def _document(store: Store, node_id: str, lens: Lens) -> Description:
    document = next(d for d in store.documents() if d.id == node_id)
    items = store.items(document.id)
    if items and items[0].kind == "heading" and items[0].text in document.title:
        items = items[1:]  # the document's own title line, already its heading
    return Description(NodeKind.document, document.id, "", document.title, (Body("", items),))


def _ministry(store: Store, node_id: str, lens: Lens) -> Description:
    ministry = lens.node if isinstance(lens.node, Ministry) else next(m for m in store.ministries() if m.id == node_id)
    blocks: list[Block] = [Fields((("영문", ministry.name_en),))]
    if ministry.aliases:
        blocks.append(Fields((("다른 이름", ", ".join(ministry.aliases)),)))
    everything = [t for t in store.tasks() if ministry.id in t.ministries]
    kept = [t for t in lens.kept(store) if ministry.id in t.ministries]
    blocks.append(_task_list(everything, kept, lens, ministries=False))
    return Description(NodeKind.ministry, ministry.id, ministry.id, ministry.name, tuple(blocks))


def _year(store: Store, node_id: str, lens: Lens) -> Description:
    year = int(node_id)
    everything = [t for t in store.tasks() if t.year == year]
    kept = [t for t in lens.kept(store) if t.year == year]
    rows = _task_list(everything, kept, lens)
    return Description(NodeKind.year, node_id, year_label(year), f"{year}년에 시작하는 과제", (rows,))


def listed_as_ministry(ministry: Ministry) -> bool:
    """What `aiplan ministries` lists: bodies with tasks, and ministries, offices and local
    governments; the others (NIA, TTA, committees …) are counted as 기관."""
    return bool(ministry.tasks) or ministry.kind in ("ministry", "office", "local")


OVERVIEW_HINT = "↑↓ 이동 · enter 펼치기 · / 검색 · m 부처 · y 연도 · g 이동 · ? 도움말"


def _overview(store: Store, node_id: str, lens: Lens) -> Description:
    """The plan at a glance (the first node of the tree)."""
    plan = store.plan()
    counts = store.counts()
    bodies = store.ministries()
    ministries = sum(1 for m in bodies if listed_as_ministry(m))
    per_strategy = store.tasks_per_strategy()
    issued = "{}. {}.".format(*map(int, plan["issued"].split("-")))
    strategies = tuple(Row(f"전략 {s.id}", s.title, f"과제 {per_strategy.get(s.id, 0)}") for s in store.strategies())
    blocks: tuple[Block, ...] = (
        Fields((("발표", issued), ("", plan["issuer"]))),
        Line(""),
        Fields((("비전", plan["vision"]),)),
        *(Fields((("목표", goal),)) for goal in plan["goals"]),
        Rows("", strategies),
        Line(""),
        Line(
            f"분야 {counts['areas']} · 과제 {counts['tasks']} · 목표 {counts['targets']}"
            f" · 부처 {ministries} · 기관 {len(bodies) - ministries}",
            quiet=True,
        ),
        Line(""),
        Line(OVERVIEW_HINT, quiet=True),
    )
    return Description(NodeKind.overview, node_id, "", f"「{plan['title']}」", blocks)


Describer = Callable[[Store, str, Lens], Description]

# The one description of every kind. A test checks every kind has one.
DESCRIBERS: dict[NodeKind, Describer] = {
    NodeKind.overview: _overview,
    NodeKind.document: _document,
    NodeKind.strategy: _strategy,
    NodeKind.area: _area,
    NodeKind.body: _body,
    NodeKind.task: _task,
    NodeKind.item: _item,
    NodeKind.target: _target,
    NodeKind.milestone: _milestone,
    NodeKind.ministry: _ministry,
    NodeKind.year: _year,
}


AS_IS = Lens()  # no filter, no source lines


def description(store: Store, kind: NodeKind, node_id: str, lens: Lens = AS_IS) -> Description:
    """The node ``kind``/``node_id`` as seen through ``lens``."""
    return DESCRIBERS[NodeKind(kind)](store, node_id, lens)
