"""The plan's records as the program reads them: one class per concept, and the node kinds.

Store returns these, describe and outline read them, the explorer shows them, and the build
writes the rows they are read from. They are NamedTuples, not pydantic models or dataclasses:
they cost little to import (a lookup's budget is a few tens of milliseconds) and pull in no
``inspect``; aiplan_tui.tuples makes them without importing ``typing``. The curated YAML's
schema, checked at build time only, is in ``model.py`` (``*Source`` classes), a different job
with different fields.
"""

from __future__ import annotations

from enum import Enum

from aiplan_tui.tuples import NamedTuple


class KindSpec(NamedTuple):
    """What the program knows about a node kind, written once."""

    label: str  # the Korean word shown beside an id (search results, copies)
    in_tree: bool  # has a node of its own in the explorer's tree
    follows_filters: bool  # what the panel shows for it depends on the filters
    targets: str | None  # how its targets are found: "task", "area", "subtree" or None


class NodeKind(str, Enum):
    """Every kind of node a person can look at, go to or copy.

    A ``str`` enum: ``NodeKind.task == "task"``, so ids and JSON keep their plain form."""

    overview = "overview"  # the plan at a glance, the first node of the tree
    document = "document"
    strategy = "strategy"
    area = "area"
    body = "body"  # an area's full text, under its tasks in the tree
    task = "task"
    item = "item"
    target = "target"
    milestone = "milestone"
    ministry = "ministry"
    year = "year"

    def __str__(self) -> str:  # f-strings give "task" on every Python (3.12 changed the default)
        return self.value

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self]

    @property
    def label(self) -> str:
        return KIND_SPECS[self].label


KIND_SPECS: dict[NodeKind, KindSpec] = {
    NodeKind.overview: KindSpec("개요", True, False, None),
    NodeKind.document: KindSpec("문서", True, False, None),
    NodeKind.strategy: KindSpec("전략", True, True, None),
    NodeKind.area: KindSpec("분야", True, True, "area"),
    NodeKind.body: KindSpec("본문", True, False, "area"),
    NodeKind.task: KindSpec("과제", True, False, "task"),
    NodeKind.item: KindSpec("본문", True, False, "subtree"),
    NodeKind.target: KindSpec("목표", False, False, None),
    NodeKind.milestone: KindSpec("일정", False, False, None),
    NodeKind.ministry: KindSpec("부처", True, True, None),
    NodeKind.year: KindSpec("연도", True, True, None),
}


class Task(NamedTuple):
    id: str
    strategy: int
    area: str
    group: str
    title: str
    year: int
    tentative: bool
    ministries: list[str]
    written: str
    line: int
    items: list[str]
    partners: list[str]  # bodies the text names beside the table's ministries (3-2.6: 경호처)


class Point(NamedTuple):
    year: int
    value: int | float
    until: int | None
    label: str | None
    qualifier: str | None  # 여/약 (about) or 이상 (at least)
    year_from_task: bool
    kind: str | None = None  # level, added, cumulative or baseline, where the plan distinguishes
    tentative: bool = False  # a year borrowed from a task row marked (잠정)
    year_stated: bool = True  # False when the plan gives no year (borrowed from the task, or a baseline)


class Target(NamedTuple):
    id: str
    area: str | None
    document: str | None
    task: str | None
    item: str
    subject: str
    unit: str
    note: str | None
    series: list[Point]
    text: str
    line: int


class Milestone(NamedTuple):
    id: str
    item: str
    task: str | None
    year: int
    until: int | None
    text: str


class Ministry(NamedTuple):
    id: str
    name: str
    name_en: str
    kind: str
    aliases: list[str]
    tasks: int


class Item(NamedTuple):
    id: str
    parent: str | None
    scope: str
    depth: int
    kind: str
    mark: str | None
    key: str | None
    text: str
    line: int
    line_end: int
    table: tuple[list[str], list[list[str]]] | None
    tasks: list[str]


class Area(NamedTuple):
    id: str
    strategy: int
    theme: str | None
    title: str
    line: int

    @property
    def label(self) -> str:
        """The title as the plan heads the area: "(복지) 사회적 약자 돌봄·배려"."""
        return f"({self.theme}) {self.title}" if self.theme else self.title


class Strategy(NamedTuple):
    id: int
    title: str
    scope: str | None
    line: int


class Document(NamedTuple):
    id: str
    title: str
    line: int


class Hit(NamedTuple):
    kind: NodeKind  # task, area, target, item, milestone or document
    ref: str
    title: str
    snippet: str
    marks: list[tuple[int, int]]
    scope: str | None
    tasks: list[str]
    ministries: list[str]
    in_title: bool
