"""The input schema of the curated source in data/source/*.yaml, as pydantic models.

Used by ``aiplan build-db`` only. The classes that shape a YAML record are named ``*Source``
(``TaskSource``, ``ItemSource`` …): the records the program reads back from plan.db are a
different, flatter shape and live in ``records.py`` (``Task``, ``Item`` …), so no concept has
two classes of the same name.

Every model forbids unknown fields, so a typo in the YAML is an error that names the
file and the field path instead of being silently dropped.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Ids as plans print them: strategy-area (3-2) and area.task (3-2.9), any number of each.
AREA_ID = r"^[1-9][0-9]*-[1-9][0-9]*$"
TASK_ID = r"^[1-9][0-9]*-[1-9][0-9]*\.[1-9][0-9]*$"

# Plans write years as '24: any year that notation can name. Which years a plan covers comes
# from its data (the build records the span in meta).
Year = Annotated[int, Field(ge=2000, le=2099)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fix(Strict):
    """One repaired conversion error: the text as the PDF conversion gave it, and as corrected."""

    original: str = Field(min_length=1)
    corrected: str
    line: int | None = Field(default=None, ge=1, description="Source line; defaults to the node's line.")
    note: str | None = None


class PointSource(Strict):
    """One point of a target series: a value in a year (or a span of years)."""

    year: Year
    until: Year | None = Field(default=None, description="Last year when the point covers a span ('25~'26).")
    value: float
    label: str | None = Field(default=None, description="What the value counts, as written (e.g. 신안, 강원).")
    qualifier: Literal["여", "약", "이상"] | None = Field(
        default=None, description="The plan's hedge: 여/약 (about) or 이상 (at least)."
    )
    year_from_task: bool = Field(
        default=False,
        description="The sentence gives no year; the year is the start year of the linked task's row.",
    )
    kind: Literal["level", "added", "cumulative", "baseline"] | None = Field(
        default=None,
        description=(
            "Where the plan distinguishes them: a level, an amount added that year, a cumulative "
            "total, or the baseline before the plan (no year stated; stored as the plan's year)."
        ),
    )

    @model_validator(mode="after")
    def _span_is_forward(self) -> PointSource:
        if self.until is not None and self.until < self.year:
            raise ValueError(f"until ({self.until}) is before year ({self.year})")
        if self.kind == "baseline" and self.year_from_task:
            raise ValueError("a baseline's year is the plan's, not the task's")
        return self


class TargetSource(Strict):
    """A quantitative target or milestone series, e.g. 보건소 '23년 141개소 → '27년 261개소."""

    subject: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    series: list[PointSource] = Field(min_length=1)
    task: str | None = Field(default=None, pattern=TASK_ID, description="Task id when not inferable.")
    note: str | None = None


class MilestoneSource(Strict):
    """A dated step with no number: ('24) 모니터링·온실관리 AI 개발."""

    year: Year
    until: Year | None = None
    text: str = Field(min_length=1)
    task: str | None = Field(default=None, pattern=TASK_ID, description="Task id when the item has several.")


class Kind(str, Enum):
    heading = "heading"  # a title line inside a document
    aim = "aim"  # ◇
    measure = "measure"  # □
    item = "item"  # ○ or - under a measure
    note = "note"  # * / ** / ※
    text = "text"  # plain sentence, quote, or diagram text
    conclusion = "conclusion"  # ⇒
    table = "table"
    case = "case"  # 사례 box, persona story
    figure = "figure"  # a diagram or image whose words are kept


class Table(Strict):
    columns: list[str] = Field(min_length=1)
    rows: list[list[str]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> Table:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(f"row {number} has {len(row)} cells, expected {len(self.columns)}")
        return self


class ItemSource(Strict):
    """A node of the plan's text in reading order; children nest under their parent."""

    kind: Kind
    text: str = Field(default="", description="The sentence as corrected; a title for tables/cases.")
    mark: str | None = Field(default=None, description="The source's bullet symbol (◇ □ ○ - * ※ ⇒ …).")
    key: str | None = Field(default=None, description="Stable handle that tasks link to.")
    line: int = Field(ge=1)
    line_end: int | None = Field(default=None, ge=1)
    table: Table | None = None
    targets: list[TargetSource] = []
    milestones: list[MilestoneSource] = []
    tasks: list[Annotated[str, Field(pattern=TASK_ID)]] = Field(
        default=[], description="Tasks of the 과제 추진계획 tables that this item describes."
    )
    partners: list[str] = Field(
        default=[],
        description="Bodies the sentence names as partners of its tasks beyond the task table's ministries.",
    )
    fixes: list[Fix] = []
    items: list[ItemSource] = []

    @model_validator(mode="after")
    def _consistent(self) -> ItemSource:
        if self.line_end is not None and self.line_end < self.line:
            raise ValueError(f"line_end ({self.line_end}) is before line ({self.line})")
        if (self.kind is Kind.table) != (self.table is not None):
            raise ValueError("a table item needs a table, and only a table item has one")
        if self.kind is not Kind.table and not self.text.strip() and not self.items:
            raise ValueError("an item needs text or child items")
        return self

    @field_validator("key")
    @classmethod
    def _key_is_handle(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^\s/]+", value):
            raise ValueError(f"key {value!r} must be one word without '/'")
        return value


class AreaSource(Strict):
    id: str = Field(pattern=AREA_ID)
    theme: str | None = Field(default=None, description="The short label, e.g. 복지.")
    title: str = Field(min_length=1)
    line: int = Field(ge=1)
    fixes: list[Fix] = []
    items: list[ItemSource] = Field(min_length=1)


class Noise(Strict):
    """A source line that carries no content of the plan (image residue, page furniture)."""

    line: int = Field(ge=1)
    text: str
    reason: str = Field(min_length=1)


class StrategyFile(Strict):
    """data/source/strategy-N.yaml: one strategy's areas."""

    strategy: int = Field(ge=1)
    areas: list[AreaSource] = Field(min_length=1)
    noise: list[Noise] = []


class DocumentSource(Strict):
    """A non-task part of the plan (요약, Ⅰ 추진 배경, 참고 …) as readable text."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)
    line: int = Field(ge=1)
    fixes: list[Fix] = []
    items: list[ItemSource] = Field(min_length=1)


class DocumentsFile(Strict):
    """data/source/documents-*.yaml: the non-task parts of the plan."""

    documents: list[DocumentSource] = Field(min_length=1)
    noise: list[Noise] = []


class TaskSource(Strict):
    """One row of the 과제 추진계획 tables."""

    id: str = Field(pattern=TASK_ID)
    title: str = Field(min_length=1)
    year: Year
    tentative: bool = False
    ministries: list[str] = Field(min_length=1, description="Short names, split from joint cells.")
    written: str = Field(min_length=1, description="The ministry cell as written in the table.")
    line: int = Field(ge=1)
    fixes: list[Fix] = []

    @property
    def area(self) -> str:
        return self.id.split(".")[0]


class TaskGroup(Strict):
    """A ▶ line of the task tables and the tasks under it."""

    title: str = Field(min_length=1)
    line: int = Field(ge=1)
    tasks: list[TaskSource] = Field(min_length=1)


class TaskTable(Strict):
    strategy: int = Field(ge=1)
    title: str
    line: int = Field(ge=1)
    groups: list[TaskGroup] = Field(min_length=1)


class TasksFile(Strict):
    """data/source/tasks.yaml: the 과제 추진계획 tables, one per strategy."""

    title: str
    line: int = Field(ge=1)
    columns: list[str] = Field(min_length=3, max_length=3)
    tables: list[TaskTable] = Field(min_length=1, description="One per strategy.")
    noise: list[Noise] = []


class MinistryKind(str, Enum):
    ministry = "ministry"  # 부·처·청 of central government
    office = "office"  # 대통령경호처 and similar
    local = "local"  # local governments
    agency = "agency"  # public agencies and institutes
    committee = "committee"


class MinistrySource(Strict):
    id: str = Field(min_length=1, description="Short name as written in the plan, e.g. 과기정통부.")
    name: str = Field(min_length=1, description="Official Korean name.")
    name_en: str = Field(min_length=1)
    kind: MinistryKind
    aliases: list[str] = []


class MinistriesFile(Strict):
    ministries: list[MinistrySource] = Field(min_length=1)


class StrategySource(Strict):
    id: int = Field(ge=1)
    title: str
    scope: str | None = None
    line: int = Field(ge=1)
    fixes: list[Fix] = []


class PlanFile(Strict):
    """data/source/plan.yaml: the plan's identity."""

    title: str
    issued: str = Field(pattern=r"^\d{4}-\d{2}$")
    issuer: str
    chapter: str = Field(min_length=1, description="Title of the chapter that holds the strategies.")
    chapter_line: int = Field(ge=1)
    fixes: list[Fix] = []
    vision: str
    goals: list[str]
    strategies: list[StrategySource] = Field(min_length=1)
