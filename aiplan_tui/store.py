"""Read-only queries over plan.db: the only module that runs SQL against the plan.

It opens the database with ``mode=ro`` and ``immutable=1``, so it works from a read-only
install, and it imports neither textual nor rich.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import pathname2url

import sqlite_utils

from aiplan_tui.build import SCHEMA_VERSION

DB_ENV = "AIPLAN_DB"
REBUILD_HINT = "rebuild it with `aiplan build-db` or reinstall aiplan-tui"


class DataError(Exception):
    """The plan database is missing or damaged; the message is one line with the remedy."""


def default_db_path() -> Path:
    """$AIPLAN_DB, else the database bundled in the package, else the repository's data/plan.db."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    package_dir = Path(__file__).resolve().parent
    bundled = package_dir / "data" / "plan.db"
    if bundled.exists():
        return bundled
    return package_dir.parent / "data" / "plan.db"


@dataclass(frozen=True)
class TaskFilter:
    """Filters combine with AND; values inside one filter combine with OR."""

    ministries: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    strategy: int | None = None
    area: str | None = None


@dataclass(frozen=True)
class Task:
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
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Point:
    year: int
    value: int | float
    until: int | None
    label: str | None
    qualifier: str | None  # 여/약 (about) or 이상 (at least)
    year_from_task: bool


@dataclass(frozen=True)
class Target:
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


@dataclass(frozen=True)
class Ministry:
    id: str
    name: str
    name_en: str
    kind: str
    aliases: list[str]


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class Store:
    """A read-only view of one plan database."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open read-only; raise DataError (one line, with the remedy) when it is missing or damaged."""
        path = path or default_db_path()
        if not path.is_file():
            raise DataError(f"plan database not found at {path}: {REBUILD_HINT}")
        uri = f"file:{pathname2url(str(path.resolve()))}?mode=ro&immutable=1"
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            version = connection.execute("select value from meta where key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as error:
            raise DataError(f"plan database at {path} is damaged ({error}): {REBUILD_HINT}") from None
        if version is None or version[0] != str(SCHEMA_VERSION):
            found = version[0] if version else "none"
            raise DataError(
                f"plan database at {path} has schema version {found}, this aiplan needs "
                f"{SCHEMA_VERSION}: {REBUILD_HINT}"
            )
        return cls(sqlite_utils.Database(connection), path)

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.db.query("select key, value from meta")}

    def count(self, table: str) -> int:
        return self.db[table].count

    # Ministries -------------------------------------------------------------------------

    def ministries(self) -> list[Ministry]:
        rows = self.db.query("select id, name, name_en, kind, aliases from ministries order by rowid")
        return [Ministry(**{**row, "aliases": json.loads(row["aliases"])}) for row in rows]

    def ministry_names(self) -> dict[str, str]:
        """Every accepted name form → short id."""
        return {
            row["name"]: row["ministry"] for row in self.db.query("select name, ministry from ministry_names")
        }

    def years(self) -> list[int]:
        return [row["year"] for row in self.db.query("select distinct year from tasks order by year")]

    def area_ids(self) -> list[str]:
        return [row["id"] for row in self.db.query("select id from areas order by id")]

    # Tasks ------------------------------------------------------------------------------

    def tasks(self, where: TaskFilter | None = None) -> list[Task]:
        where = where or TaskFilter()
        clauses: list[str] = []
        params: list[object] = []
        if where.ministries:
            clauses.append(
                "t.id in (select task from task_ministries where ministry in "
                f"({_placeholders(where.ministries)}))"
            )
            params.extend(where.ministries)
        if where.years:
            clauses.append(f"t.year in ({_placeholders(where.years)})")
            params.extend(where.years)
        if where.strategy is not None:
            clauses.append("t.strategy = ?")
            params.append(where.strategy)
        if where.area is not None:
            clauses.append("t.area = ?")
            params.append(where.area)
        sql = (
            "select t.id, t.strategy, t.area, g.title as grp, t.title, t.year, t.tentative, t.written, "
            "t.line from tasks t join task_groups g on g.id = t.group_id"
            + (" where " + " and ".join(clauses) if clauses else "")
            + " order by t.strategy, t.area, t.position"
        )
        rows = list(self.db.query(sql, params))
        ministries = self._grouped("select task, ministry from task_ministries order by task, position")
        items = self._grouped("select task, item from task_items order by task, rowid")
        return [
            Task(
                id=row["id"],
                strategy=row["strategy"],
                area=row["area"],
                group=row["grp"],
                title=row["title"],
                year=row["year"],
                tentative=bool(row["tentative"]),
                ministries=ministries.get(row["id"], []),
                written=row["written"],
                line=row["line"],
                items=items.get(row["id"], []),
            )
            for row in sorted(rows, key=lambda r: _task_order(r["id"]))
        ]

    def _grouped(self, sql: str) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for key, value in self.db.execute(sql).fetchall():
            grouped.setdefault(key, []).append(value)
        return grouped

    # Targets ----------------------------------------------------------------------------

    def targets(self, area: str | None = None, task: str | None = None) -> list[Target]:
        clauses: list[str] = []
        params: list[object] = []
        if area is not None:
            clauses.append("t.area = ?")
            params.append(area)
        if task is not None:
            clauses.append("t.task = ?")
            params.append(task)
        sql = (
            "select t.*, i.text as item_text, i.line as item_line "
            "from targets t join items i on i.id = t.item"
            + (" where " + " and ".join(clauses) if clauses else "")
            + " order by t.position, t.id"
        )
        points: dict[str, list[Point]] = {}
        for row in self.db.query("select * from target_points order by target, position"):
            points.setdefault(row["target"], []).append(
                Point(
                    year=row["year"],
                    value=_number(row["value"]),
                    until=row["until"],
                    label=row["label"],
                    qualifier=row["qualifier"],
                    year_from_task=bool(row["year_from_task"]),
                )
            )
        return [
            Target(
                id=row["id"],
                area=row["area"],
                document=row["document"],
                task=row["task"],
                item=row["item"],
                subject=row["subject"],
                unit=row["unit"],
                note=row["note"],
                series=points.get(row["id"], []),
                text=row["item_text"],
                line=row["item_line"],
            )
            for row in self.db.query(sql, params)
        ]

    def strategy_counts(self) -> dict[str, int]:
        tables: Iterable[str] = (
            "strategies",
            "areas",
            "tasks",
            "items",
            "targets",
            "ministries",
            "corrections",
        )
        return {table: self.count(table) for table in tables}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _task_order(task_id: str) -> tuple[int, int, int]:
    area, number = task_id.split(".")
    strategy, sub = area.split("-")
    return int(strategy), int(sub), int(number)
