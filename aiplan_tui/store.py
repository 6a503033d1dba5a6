"""Read-only queries over plan.db: the only module that runs SQL against the plan.

It opens the database with ``mode=ro`` and ``immutable=1``, so it works from a read-only
install. It uses the standard library's sqlite3 rather than sqlite-utils (which the build
uses): importing sqlite-utils costs about 0.13 s, twice the whole budget of a CLI lookup.
It imports neither textual nor rich.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import types
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path

from aiplan_tui import search_sql
from aiplan_tui.grams import GRAM_TABLE, TEXT, TITLE, pattern

# The records (one class per concept, shared by build, store, describe and the UI) live in records.py.
from aiplan_tui.records import Area, Document, Hit, Item, Milestone, Ministry, NodeKind, Point, Strategy, Target, Task
from aiplan_tui.resources import shipped
from aiplan_tui.safe import bindable, printable
from aiplan_tui.schema import SCHEMA_VERSION
from aiplan_tui.search import Query, snippet
from aiplan_tui.search_sql import Sql
from aiplan_tui.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _Method = TypeVar("_Method", bound=Callable[..., Any])

DB_ENV = "AIPLAN_DB"
NO_FTS_ENV = "AIPLAN_NO_FTS"  # set (to anything): search as if SQLite had no trigram tokenizer
NO_GRAMS_ENV = "AIPLAN_NO_GRAMS"  # set (to anything): search without the short-term index (scan)
# Values bound in one `in (…)` list at most: an SQLite before 3.32 (RHEL 8 has 3.26) takes 999 in a statement.
MAX_BOUND = 500
REBUILD_HINT = "`aiplan build-db`로 다시 만들거나 aiplan-tui를 다시 설치하세요"
# meta key of the SHA-256 over the database's content (see content_digest), written by the build.
CONTENT_KEY = "content_sha256"
# The tables every lookup reads; one missing is damage, found when the database is opened.
REQUIRED_TABLES = frozenset(
    {
        "meta", "plan", "ministries", "ministry_names", "strategies", "areas", "documents", "items", "tables",
        "task_groups", "tasks", "task_ministries", "task_items", "targets", "target_points", "milestones",
        "corrections", "search", "search_fts",
    }
)  # fmt: skip


class DataError(Exception):
    """The plan database is missing or damaged; the message is one line with the remedy.

    Every read of a Store raises this, and only this, for damage it meets (an SQLite error,
    text that is not UTF-8, a row of the wrong shape): the CLI exits 3 with the message and
    the explorer shows it."""


def damaged(path: Path, error: BaseException) -> DataError:
    """The one-line DataError for damage met while reading the database at ``path``."""
    detail = printable(f"{type(error).__name__}: {error}" if not isinstance(error, sqlite3.Error) else error)
    return DataError(f"계획 데이터베이스가 손상되었습니다: {printable(path)} ({detail[:200]}) — {REBUILD_HINT}")


# What reading a damaged database raises. UnicodeEncodeError (a ValueError) is not damage but
# unbindable input; the store makes input bindable (safe.bindable) before it reaches SQLite.
_DAMAGE = (sqlite3.Error, UnicodeDecodeError, ValueError, KeyError, IndexError, TypeError)


def default_db_path() -> Path:
    """$AIPLAN_DB, else the database bundled in the package, else the repository's data/plan.db."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return shipped("data/plan.db")


class Filter(NamedTuple):
    """Filters combine with AND; values inside one filter combine with OR."""

    ministries: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    strategy: int | None = None
    area: str | None = None
    query: Query | None = None

    @property
    def active(self) -> bool:
        return bool(self.ministries or self.years or self.strategy or self.area or self.query)


class Facets(NamedTuple):
    """Counts of matching tasks per value; each dimension ignores its own filter."""

    ministries: dict[str, int]
    years: dict[int, int]
    strategies: dict[int, int]
    areas: dict[str, int]


class Results(NamedTuple):
    """The first hits of a search, and how many there are in all."""

    hits: list[Hit]
    total: int


def as_dict(value: Any) -> Any:
    """Records (and lists of them) as plain dicts, for JSON."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        # Only lists and tuples can hold records: the other fields are taken as they are.
        return {k: as_dict(v) if isinstance(v, (tuple, list)) else v for k, v in value._asdict().items()}
    if isinstance(value, list):
        return [as_dict(v) if isinstance(v, (tuple, list)) else v for v in value]
    return value


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def as_number(value: float) -> int | float:
    """141.0 → 141: counts stay integers in JSON and on screen."""
    return int(value) if float(value).is_integer() else value


def area_order(area_id: str) -> tuple[int, int]:
    """2-9 before 2-10: area ids in the plan's order, whatever their length."""
    strategy, sub = area_id.split("-")
    return int(strategy), int(sub)


def task_order(task_id: str) -> tuple[int, int, int]:
    area, number = task_id.split(".")
    strategy, sub = area.split("-")
    return int(strategy), int(sub), int(number)


def _members(column: str) -> list[str]:
    return column.split()


def _of_ministries(tasks: list[Task], ministries: Sequence[str]) -> list[Task]:
    """The tasks one of ``ministries`` leads or takes part in (all of them when none is given)."""
    if not ministries:
        return tasks
    wanted = set(ministries)
    return [t for t in tasks if wanted.intersection(t.ministries) or wanted.intersection(t.partners)]


class Store:
    """A read-only view of one plan database."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._names: dict[str, str] | None = None
        self._tasks: list[Task] | None = None
        self._task_by_id: dict[str, Task] = {}
        # Once every task is read: where each ministry's and area's tasks stand in plan order,
        # so a filter reads the tasks it keeps and not the whole plan (issue 17.6).
        self._at_ministry: dict[str, list[int]] = {}
        self._at_area: dict[str, list[int]] = {}
        self._per_area: dict[str, int] | None = None
        self._per_strategy: dict[int, int] | None = None
        self._year_span: tuple[int, int] | None = None
        self._year_span_read = False
        self._areas: list[Area] | None = None
        # The last filter's tasks: the explorer's tree and its filter bar both ask for them.
        self._filtered: tuple[Filter, list[Task]] | None = None

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Open read-only; raise DataError (one line, with the remedy) when it is missing or damaged."""
        path = path or default_db_path()
        try:
            found = path.is_file()
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        except (OSError, ValueError) as error:  # a name too long, a loop, bytes a URI cannot carry
            reason = printable(getattr(error, "strerror", None) or error)
            raise DataError(
                f"계획 데이터베이스를 열 수 없습니다: {printable(path)} ({reason}) — {REBUILD_HINT}"
            ) from None
        if not found:
            raise DataError(f"계획 데이터베이스가 없습니다: {printable(path)} — {REBUILD_HINT}")
        try:
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            version = connection.execute("select value from meta where key = 'schema_version'").fetchone()
            tables = {row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")}
        except (sqlite3.Error, UnicodeDecodeError) as error:
            raise damaged(path, error) from None
        if version is None or version[0] != str(SCHEMA_VERSION):
            found_version = printable(version[0])[:20] if version else "없음"
            raise DataError(
                f"계획 데이터베이스의 스키마 버전이 {found_version}입니다 (이 aiplan은 {SCHEMA_VERSION}): "
                f"{printable(path)} — {REBUILD_HINT}"
            )
        missing = sorted(REQUIRED_TABLES - tables)
        if missing:
            raise damaged(path, sqlite3.DatabaseError(f"테이블 없음: {', '.join(missing)}"))
        return cls(connection, path)

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        bound = tuple(bindable(p) if isinstance(p, str) else p for p in params)
        return self.connection.execute(sql, bound).fetchall()

    def verify(self) -> list[str]:
        """Problems found by SQLite's integrity check and by comparing the content with the
        checksum the build recorded (a changed row, a changed checksum): [] when sound."""
        found = [str(row[0]) for row in self.rows("pragma integrity_check(5)") if row[0] != "ok"]
        problems = [f"무결성 검사 실패 ({printable(' '.join(found[0].split()), 100)})"] if found else []
        recorded = self.meta().get(CONTENT_KEY)
        if recorded is None:
            problems.append("내용 체크섬이 기록되어 있지 않습니다")
        elif content_digest(self.connection) != recorded:
            problems.append("내용이 기록된 체크섬과 다릅니다 (변조 또는 손상)")
        return problems

    @cached_property
    def fts_problem(self) -> str | None:
        """Why search cannot use the trigram index here, or None when it can.

        FTS5's trigram tokenizer came with SQLite 3.34; an older SQLite (RHEL 8 has 3.26)
        opens the database but fails on the first read of ``search_fts`` ("no such
        tokenizer: trigram"). Search then matches in the base table, as it always does for
        words shorter than three letters: the same hits, found by a scan. Checked on the
        first search, not at open, so lookups do not pay for it."""
        if os.environ.get(NO_FTS_ENV):
            return f"${NO_FTS_ENV} is set"
        try:
            self.connection.execute("select rowid from search_fts where search_fts match '\"fts\"' limit 1").fetchall()
        except sqlite3.OperationalError as error:
            return str(error)
        return None

    @cached_property
    def grams_problem(self) -> str | None:
        """Why search cannot use the short-term index (``aiplan_tui.grams``), or None when it
        can. A database built before the index had none: search then scans for short words,
        with the same hits. Checked on the first search, like ``fts_problem``."""
        if os.environ.get(NO_GRAMS_ENV):
            return f"${NO_GRAMS_ENV} is set"
        try:
            self.connection.execute(f"select rowid from {GRAM_TABLE} where {GRAM_TABLE} match 'x' limit 1").fetchall()
        except sqlite3.OperationalError as error:
            return str(error)
        return None

    @cached_property
    def title_grams(self) -> bool:
        """Whether the short-term index holds the titles' own grams (``grams.TITLE``). A database
        built before them has none: a short word's page is then found by testing every
        matching row's title, with the same hits."""
        if self.grams_problem is not None:
            return False
        row = self.connection.execute("select rowid, title from search where title != '' limit 1").fetchone()
        if row is None:  # no titles, so no title grams are missing
            return True
        probe = pattern(TITLE[TEXT], row[1][0])
        found = f"select 1 from {GRAM_TABLE} where {GRAM_TABLE} match ? and rowid = ?"
        return self.connection.execute(found, (probe, row[0])).fetchone() is not None

    @cached_property
    def _kind_runs(self) -> list[tuple[str, int, int]] | None:
        """Each kind of search row with its first and last rowid, in the order search lists kinds
        (``rank``). The build writes a kind's rows as one run, so a page can be read kind by
        kind as rowid ranges of the index; None if the runs overlap (then search sorts)."""
        runs: list[tuple[int, str, int, int]] = []
        for kind in NodeKind:
            first = self.connection.execute(
                "select rank, rowid from search where kind = ? order by rowid limit 1", (kind.value,)
            ).fetchone()
            if first is not None:
                last = self.connection.execute("select max(rowid) from search where kind = ?", (kind.value,)).fetchone()
                runs.append((first[0], kind.value, first[1], last[0]))
        runs.sort()
        ordered = sorted(runs, key=lambda run: run[2])
        if any(a[3] >= b[2] for a, b in zip(ordered, ordered[1:])) or len({run[0] for run in runs}) < len(runs):
            return None
        return [(kind, first, last) for _, kind, first, last in runs]

    def _matching(self, query: Query) -> Sql:
        return search_sql.matching(query, fts=self.fts_problem is None, grams=self.grams_problem is None)

    def _counted_by_index(self, query: Query) -> Sql | None:
        return search_sql.counted_by_index(query, fts=self.fts_problem is None, grams=self.grams_problem is None)

    # The plan's structure ---------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.rows("select key, value from meta")}

    def plan(self) -> dict[str, Any]:
        row = dict(self.rows("select * from plan")[0])
        row["goals"] = _from_json(row["goals"])
        return row

    def count(self, table: str) -> int:
        if table not in self.tables():
            raise ValueError(f"no table {table}")
        return int(self.rows(f"select count(*) from [{table}]")[0][0])

    def tables(self) -> list[str]:
        return [row[0] for row in self.rows("select name from sqlite_master where type = 'table'")]

    def counts(self) -> dict[str, int]:
        names = ("strategies", "areas", "tasks", "items", "targets", "milestones", "ministries", "documents")
        return {name: self.count(name) for name in (*names, "corrections")}

    def strategies(self) -> list[Strategy]:
        return [Strategy(**dict(r)) for r in self.rows("select id, title, scope, line from strategies order by id")]

    def areas(self, strategy: int | None = None) -> list[Area]:
        if self._areas is None:  # read once (the database is immutable while open): panels look areas up often
            rows = self.rows("select id, strategy, theme, title, line from areas order by id")
            # Natural order (3-2 before 3-10), as ids are read; the same as SQL's on the real plan.
            self._areas = sorted((Area(*r) for r in rows), key=lambda a: _natural(a.id))
        return [a for a in self._areas if a.strategy == strategy] if strategy else list(self._areas)

    def area(self, area_id: str) -> Area | None:
        """One area: from the areas read already, else its row alone."""
        if self._areas is not None:
            return next((a for a in self._areas if a.id == area_id), None)
        rows = self.rows("select id, strategy, theme, title, line from areas where id = ?", (area_id,))
        return Area(**dict(rows[0])) if rows else None

    def area_ids(self) -> list[str]:
        return [area.id for area in self.areas()]

    def ids_under(self, table: str, prefix: str) -> list[str]:
        """The ids of ``areas`` or ``tasks`` that start with ``prefix`` ("3-" → 3-1, 3-2 …;
        "3-2." → 3-2.1 …), read through the id's index alone: what an error message needs on
        a plan of any size, without reading every id."""
        if table not in ("areas", "tasks"):
            raise ValueError(table)
        # prefix ≤ id < prefix with its last character + 1: the index's range of that prefix.
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return [str(row[0]) for row in self.rows(f"select id from {table} where id >= ? and id < ?", (prefix, end))]

    def area_span(self) -> tuple[str, str] | None:
        """The first and last area id in natural order (1-1, 4-2), counted in SQL."""
        rows = self.rows("select min(strategy), max(strategy) from areas")
        if not rows or rows[0][0] is None:
            return None
        first, last = (self.ids_under("areas", f"{rows[0][n]}-") for n in (0, 1))
        return min(first, key=_natural), max(last, key=_natural)

    def documents(self) -> list[Document]:
        return [Document(**dict(r)) for r in self.rows("select id, title, line from documents order by line")]

    def ministries(self) -> list[Ministry]:
        rows = self.rows(
            "select m.id, m.name, m.name_en, m.kind, m.aliases, "
            "(select count(*) from task_ministries t where t.ministry = m.id) as tasks "
            "from ministries m order by m.rowid"
        )
        return [Ministry(**{**dict(row), "aliases": _from_json(row["aliases"])}) for row in rows]

    def official_names(self, ids: Sequence[str]) -> dict[str, str]:
        """The official names of these ministries (short id → name), read for them alone: a
        task's few, not every ministry with its count of tasks (what ``ministries`` reads)."""
        if not ids:
            return {}
        rows = self.rows(f"select id, name from ministries where id in ({_placeholders(ids)})", ids)
        return {row["id"]: row["name"] for row in rows}

    def ministry_names(self) -> dict[str, str]:
        """Every accepted name form → short id."""
        if self._names is None:
            self._names = {r["name"]: r["ministry"] for r in self.rows("select name, ministry from ministry_names")}
        return self._names

    def year_span(self) -> tuple[int, int] | None:
        """The first and last year the plan names, as the build recorded them (else its tasks')."""
        if not self._year_span_read:
            first, _, last = self.meta().get("years", "").partition("-")
            if first.isdigit() and last.isdigit():
                self._year_span = (int(first), int(last))
            else:
                years = self.task_years()
                self._year_span = (years[0], years[-1]) if years else None
            self._year_span_read = True
        return self._year_span

    def task_years(self) -> list[int]:
        return [row["year"] for row in self.rows("select distinct year from tasks order by year")]

    # Tasks ------------------------------------------------------------------------------

    def tasks_per_strategy(self) -> dict[int, int]:
        """How many tasks each strategy has, counted in SQL: the explorer's first screen
        needs only this, not every task (which on a large plan takes a while to read)."""
        if self._per_strategy is None:
            rows = self.rows("select strategy, count(*) from tasks group by strategy")
            self._per_strategy = {row[0]: row[1] for row in rows}
        return self._per_strategy

    def all_tasks(self) -> list[Task]:
        """Every task in plan order, read once: the database is immutable while open."""
        if self._tasks is None:
            self._tasks = self._read_tasks()
            self._task_by_id = {task.id: task for task in self._tasks}
            for place, task in enumerate(self._tasks):
                for ministry in {*task.ministries, *task.partners}:
                    self._at_ministry.setdefault(ministry, []).append(place)
                self._at_area.setdefault(task.area, []).append(place)
        return self._tasks

    def tasks_per_area(self) -> dict[str, int]:
        """How many tasks each area has, counted in SQL (as ``tasks_per_strategy``)."""
        if self._per_area is None:
            rows = self.rows("select area, count(*) from tasks group by area")
            self._per_area = {row[0]: row[1] for row in rows}
        return self._per_area

    def _read_tasks(self, where: Sql | None = None) -> list[Task]:
        """The tasks ``where`` selects (a condition on ``t``, the tasks table), in plan order,
        with their ministries, items and partners: a lookup reads only the tasks it answers
        with, so its cost follows the answer, not the size of the plan."""
        chosen = f" where {where.text}" if where else ""
        params = where.params if where else ()
        # The linked rows of the chosen tasks only (all of them when nothing is chosen).
        linked = f" where task in (select t.id from tasks t{chosen})" if where else ""
        rows = self.rows(
            "select t.id, t.strategy, t.area, g.title as grp, t.title, t.year, t.tentative, t.written, "
            f"t.line from tasks t join task_groups g on g.id = t.group_id{chosen}",
            params,
        )
        ministries = self._grouped(
            f"select task, ministry from task_ministries{linked} order by task, position", params
        )
        items = self._grouped(f"select task, item from task_items{linked} order by task, rowid", params)
        partners = self._grouped(
            f"select distinct task, ministry from task_partners{linked} order by task, rowid", params
        )
        tasks = [
            Task(
                id=row["id"],
                strategy=row["strategy"],
                area=row["area"],
                group=row["grp"],
                title=_text(row["title"]),
                year=row["year"],
                tentative=bool(row["tentative"]),
                ministries=ministries.get(row["id"], []),
                written=row["written"],
                line=row["line"],
                items=items.get(row["id"], []),
                partners=partners.get(row["id"], []),
            )
            for row in rows
        ]
        return sorted(tasks, key=lambda t: task_order(t.id))

    def tasks(self, where: Filter | None = None) -> list[Task]:
        """The tasks that match every filter, in plan order."""
        where = where or Filter()
        if not where.active:  # every task, read once: never displaces the last filter's list below
            return list(self.all_tasks())
        if self._filtered is not None and self._filtered[0] == where:
            return list(self._filtered[1])
        tasks = self._tasks_where(where)
        self._filtered = (where, tasks)
        return list(tasks)

    def tasks_under(self, where: Filter) -> list[Task]:
        """The tasks ``where`` keeps, as ``tasks`` gives them, without displacing the last
        filter's list: for a panel's question about one node while the tree's filter stays."""
        return self._tasks_where(where) if where.active else list(self.all_tasks())

    def _tasks_where(self, where: Filter) -> list[Task]:
        if self._tasks is not None:
            tasks = self._picked(where)  # every task is read: its ministries and area picked
        elif where.ministries or where.strategy is not None or where.area is not None:
            tasks = self._read_tasks(self._task_conditions(where))  # its ministries and area in SQL
        else:
            tasks = self.all_tasks()
        if where.years:
            tasks = [t for t in tasks if t.year in where.years]
        if where.strategy is not None:
            tasks = [t for t in tasks if t.strategy == where.strategy]
        if where.query is not None and not where.query.empty:
            matching = self._tasks_matching(where.query)
            tasks = [t for t in tasks if t.id in matching]
        return tasks

    def _picked(self, where: Filter) -> list[Task]:
        """From the tasks read, those of the filter's area and ministries, through the places
        kept for them: what the answer holds, not the plan."""
        every = self._tasks
        assert every is not None
        if where.area is not None:
            return _of_ministries([every[place] for place in self._at_area.get(where.area, [])], where.ministries)
        if where.ministries:
            runs = [self._at_ministry.get(m, []) for m in dict.fromkeys(where.ministries)]
            return [every[place] for place in (runs[0] if len(runs) == 1 else sorted(set().union(*runs)))]
        return every

    @staticmethod
    def _task_conditions(where: Filter) -> Sql:
        """The ministry, strategy and area filters as a condition on ``t`` (the tasks table)."""
        conditions: list[Sql] = []
        if where.ministries:
            marks = _placeholders(where.ministries)
            conditions.append(
                Sql(
                    f"t.id in (select task from task_ministries where ministry in ({marks}) "
                    f"union select task from task_partners where ministry in ({marks}))",
                    (*where.ministries, *where.ministries),
                )
            )
        if where.strategy is not None:
            conditions.append(Sql("t.strategy = ?", (where.strategy,)))
        if where.area is not None:
            conditions.append(Sql("t.area = ?", (where.area,)))
        return search_sql.all_of(conditions)

    def task_titles(self, ids: Sequence[str]) -> dict[str, str]:
        """The titles of these tasks (id → title), read for them alone: what a search hit's
        list of tasks shows, without reading each task with its ministries and items."""
        if self._tasks is not None:
            return {i: self._task_by_id[i].title for i in ids if i in self._task_by_id}
        titles: dict[str, str] = {}
        for start in range(0, len(ids), MAX_BOUND):
            chunk = ids[start : start + MAX_BOUND]
            rows = self.rows(f"select id, title from tasks where id in ({_placeholders(chunk)})", chunk)
            titles.update((row["id"], _text(row["title"])) for row in rows)
        return titles

    def task(self, task_id: str) -> Task | None:
        if self._tasks is None:  # one task: read it alone rather than the whole plan
            found = self._read_tasks(Sql("t.id = ?", (task_id,)))
            return found[0] if found else None
        return self._task_by_id.get(task_id)

    def _tasks_matching(self, query: Query) -> set[str]:
        """Tasks whose row, or a body item describing them, matches the whole query."""
        condition = self._matching(query)
        sql = f"select tasks from search where {condition.text} and kind in ('task', 'item', 'target', 'milestone')"
        found: set[str] = set()
        for (tasks,) in self.rows(sql, condition.params):
            found.update(_members(tasks))
        return found

    def facets(self, where: Filter | None = None) -> Facets:
        """Per ministry, year, strategy and area: how many tasks match the other filters."""
        where = where or Filter()
        ministries: Counter[str] = Counter()
        for task in self.tasks(where._replace(ministries=())):
            ministries.update(list(dict.fromkeys([*task.ministries, *task.partners])))
        years = Counter(t.year for t in self.tasks(where._replace(years=())))
        strategies = Counter(t.strategy for t in self.tasks(where._replace(strategy=None, area=None)))
        areas = Counter(t.area for t in self.tasks(where._replace(area=None)))
        return Facets(
            ministries=dict(ministries.most_common()),
            years=dict(sorted(years.items())),
            strategies=dict(sorted(strategies.items())),
            areas=dict(sorted(areas.items(), key=lambda pair: area_order(pair[0]))),
        )

    def _grouped(self, sql: str, params: Sequence[Any] = ()) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for key, value in self.rows(sql, params):
            grouped.setdefault(key, []).append(value)
        return grouped

    # Targets and milestones -------------------------------------------------------------

    def targets(
        self,
        area: str | None = None,
        task: str | None = None,
        item: str | None = None,
        ids: Sequence[str] | None = None,
    ) -> list[Target]:
        """The targets of an area, a task or an item, or those with these ``ids``; all without any."""
        if ids is not None and len(ids) > MAX_BOUND:  # more than one statement may bind: pick them from all
            wanted = set(ids)
            return [t for t in self.targets(area, task, item) if t.id in wanted]
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("t.area", area), ("t.task", task), ("t.item", item)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if ids is not None:  # search's target hits: read those alone, not every target of the plan
            clauses.append(f"t.id in ({_placeholders(ids)})")
            params.extend(ids)
        sql = (
            "select t.*, i.text as item_text, i.line as item_line from targets t join items i on i.id = t.item"
            + (" where " + " and ".join(clauses) if clauses else "")
            + " order by t.position, t.id"
        )
        points: dict[str, list[Point]] = {}
        # The points of the chosen targets only (all of them when nothing is chosen).
        chosen = (
            " where p.target in (select t.id from targets t where " + " and ".join(clauses) + ")" if clauses else ""
        )
        for row in self.rows(
            "select p.*, coalesce(k.tentative, 0) as tentative from target_points p join targets g on "
            f"g.id = p.target left join tasks k on k.id = g.task{chosen} order by p.target, p.position",
            params,
        ):
            points.setdefault(row["target"], []).append(
                Point(
                    year=row["year"],
                    value=as_number(row["value"]),
                    until=row["until"],
                    label=row["label"],
                    qualifier=row["qualifier"],
                    year_from_task=bool(row["year_from_task"]),
                    kind=row["kind"],
                    tentative=bool(row["year_from_task"] and row["tentative"]),
                    year_stated=not row["year_from_task"] and row["kind"] != "baseline",
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
            for row in self.rows(sql, params)
        ]

    def milestones(self, task: str | None = None, item: str | None = None) -> list[Milestone]:
        sql = "select id, item, task, year, until, text from milestones"
        if task is not None:
            return [Milestone(**dict(r)) for r in self.rows(sql + " where task = ? order by id", (task,))]
        if item is not None:
            return [Milestone(**dict(r)) for r in self.rows(sql + " where item = ? order by id", (item,))]
        return [Milestone(**dict(r)) for r in self.rows(sql + " order by id")]

    # Items ------------------------------------------------------------------------------

    def items(self, scope: str) -> list[Item]:
        """Every item of an area or document, in reading order."""
        return self._items("where i.area = ? or i.document = ?", (scope, scope))

    def subtree(self, item_id: str) -> list[Item]:
        """An item and everything under it, in reading order."""
        rows = self.rows(
            "with recursive sub(id) as (select ? union all select i.id from items i join sub on i.parent = sub.id) "
            "select id from sub",
            (item_id,),
        )
        ids = [r["id"] for r in rows]
        return self._items(f"where i.id in ({_placeholders(ids)})", ids) if ids else []

    def child_items(self, parent: str) -> list[Item]:
        return self._items("where i.parent = ?", (parent,))

    def top_items(self, scope: str) -> list[Item]:
        """An area's or document's items that have no parent, in reading order."""
        # "+" keeps SQLite off the parent index, which it takes for "is null" and then walks
        # every top item of the plan: the area's and the document's indexes find these few.
        return self._items("where (i.area = ? or i.document = ?) and +i.parent is null", (scope, scope))

    def item(self, item_id: str) -> Item | None:
        found = self._items("where i.id = ?", (item_id,))
        return found[0] if found else None

    def item_by_key(self, scope: str, key: str) -> Item | None:
        found = self._items("where (i.area = ? or i.document = ?) and i.key = ?", (scope, scope, key))
        return found[0] if found else None

    def _items(self, where: str, params: Sequence[Any]) -> list[Item]:
        rows = self.rows(
            "select i.*, tb.columns, tb.rows as cells, "
            "(select group_concat(task, ' ') from task_items ti where ti.item = i.id) as linked "
            f"from items i left join tables tb on tb.item = i.id {where} order by i.position",
            params,
        )
        return [
            Item(
                id=r["id"],
                parent=r["parent"],
                scope=r["area"] or r["document"],
                depth=r["depth"],
                kind=r["kind"],
                mark=r["mark"],
                key=r["key"],
                text=_text(r["text"]),
                line=r["line"],
                line_end=r["line_end"],
                table=(_from_json(r["columns"]), _from_json(r["cells"])) if r["columns"] else None,
                tasks=sorted((r["linked"] or "").split(), key=task_order),
            )
            for r in rows
        ]

    # Search -----------------------------------------------------------------------------

    def search(
        self,
        query: Query,
        where: Filter | None = None,
        limit: int | None = 200,
        offset: int = 0,
        kinds: Sequence[str] = (),
        snippet_width: int = 80,
        snippet_lead: int | None = None,
    ) -> Results:
        """Everything that matches every word of the query: titles first, then by kind, then in
        reading order. Only ``limit`` hits from ``offset`` on are read and snipped (see
        ``search.snippet``); ``total`` counts all."""
        if query.empty:
            return Results([], 0)
        where = where or Filter()
        short = search_sql.short_terms(query) if self.title_grams else None
        runs = self._kind_runs if short is not None else None
        if short is not None and runs is not None:
            rows, total = self._short_page(short, runs, self._filter_conditions(where), kinds, limit, offset)
            return Results(self._hits(rows, query, snippet_width, snippet_lead), total)
        conditions = [self._matching(query), *self._filter_conditions(where)]
        if kinds:
            conditions.append(Sql(f"kind in ({_placeholders(kinds)})", tuple(kinds)))
        condition = search_sql.all_of(conditions)
        title = search_sql.in_title(query)
        # The page and the count apart: a count over the window (count(*) over ()) made
        # SQLite keep every matching row, whole, to count them (~100 ms for one letter at 100×).
        rows = self.rows(
            f"select *, {title.text} != 0 as in_title from search"
            f" where {condition.text} order by in_title desc, rank, rowid limit ? offset ?",
            [*title.params, *condition.params, -1 if limit is None else limit, offset],
        )
        if (rows or not offset) and (limit is None or len(rows) < limit):
            total = offset + len(rows)  # the page ends before the limit: it holds the last hit
        else:
            counted = None if len(conditions) > 1 else self._counted_by_index(query)
            count = counted or Sql(f"select count(*) from search where {condition.text}", condition.params)
            total = int(self.rows(count.text, count.params)[0][0])
        return Results(self._hits(rows, query, snippet_width, snippet_lead), total)

    def _short_page(
        self,
        short: search_sql.Short,
        runs: list[tuple[str, int, int]],
        conditions: list[Sql],
        kinds: Sequence[str],
        limit: int | None,
        offset: int,
    ) -> tuple[list[sqlite3.Row], int]:
        """A page of a query of one- and two-letter words, in search's order (titles first,
        then by kind, then in reading order) read as index lookups in that order: title hits
        kind by kind, then the others. Each lookup walks the index in rowid order and stops
        when the page is full, so one letter matching 32,000 rows reads about a page of them."""
        need = None if limit is None else offset + limit
        condition = search_sql.all_of(conditions)
        table = GRAM_TABLE
        read = (
            f"select s.*, ? as in_title from {table} g join search s on s.rowid = g.rowid"
            f" where {table} match ? and g.rowid between ? and ? and {condition.text} order by g.rowid limit ?"
        )
        found: list[sqlite3.Row] = []
        parts = ((1, f"({short.matching}) AND {short.in_title}"), (0, f"({short.matching}) NOT {short.in_title}"))
        for in_title, expression in parts:
            for kind, first, last in runs:
                if kinds and kind not in kinds:
                    continue
                left = -1 if need is None else need - len(found)
                if left == 0:
                    break
                found += self.rows(read, (in_title, expression, first, last, *condition.params, left))
        rows = found[offset:] if limit is None else found[offset : offset + limit]
        if need is None or len(found) < need:
            return rows, len(found)
        if not conditions and not kinds:  # counted in the index alone, no row visited
            return rows, int(self.rows(f"select count(*) from {table} where {table} match ?", (short.matching,))[0][0])
        wanted = [*conditions, Sql(f"s.kind in ({_placeholders(kinds)})", tuple(kinds))] if kinds else conditions
        where = search_sql.all_of(wanted)
        count = f"select count(*) from {table} g join search s on s.rowid = g.rowid where {table} match ?"
        count += f" and {where.text}"
        return rows, int(self.rows(count, (short.matching, *where.params))[0][0])

    @staticmethod
    def _hits(rows: list[sqlite3.Row], query: Query, snippet_width: int, snippet_lead: int | None) -> list[Hit]:
        hits = []
        for row in rows:
            in_title = bool(row["in_title"])
            # A task's body is only its metadata: its title is what to show.
            shown = row["title"] if in_title or row["kind"] == "task" else row["body"] or row["title"]
            text, marks = snippet(shown, query, snippet_width, snippet_lead)
            hits.append(
                Hit(
                    kind=NodeKind(row["kind"]),
                    ref=row["ref"],
                    title=row["title"],
                    snippet=text,
                    marks=marks,
                    scope=row["scope"],
                    tasks=_members(row["tasks"]),
                    ministries=_members(row["ministries"]),
                    in_title=in_title,
                )
            )
        return hits

    @staticmethod
    def _filter_conditions(where: Filter) -> list[Sql]:
        conditions: list[Sql] = []
        if where.ministries:
            conditions.append(search_sql.any_of([Sql("instr(ministries, ?)", (f" {m} ",)) for m in where.ministries]))
        if where.years:
            conditions.append(search_sql.any_of([Sql("instr(years, ?)", (f" {y} ",)) for y in where.years]))
        if where.strategy is not None:
            conditions.append(Sql("strategy = ?", (where.strategy,)))
        if where.area is not None:
            conditions.append(Sql("scope = ?", (where.area,)))
        return conditions


def _natural(text: str) -> list[tuple[int, str]]:
    """3-2 before 3-10: runs of digits compare as numbers."""
    first, dash, second = text.partition("-")
    if dash and first.isdigit() and second.isdigit() and first.isascii() and second.isascii():
        # An area id (the common case, 1,300 of them on a large plan): the same key, no regex.
        return [(-1, ""), (int(first), ""), (-1, "-"), (int(second), ""), (-1, "")]
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)]


def _from_json(text: str) -> Any:
    """A JSON column (the plan's goals, a ministry's aliases, a table's cells). json is imported
    here, on first use: most lookups read none of these, and importing it costs ~1.5 ms."""
    import json

    return json.loads(text)


def _text(value: Any) -> str:
    """A text column that must hold text; anything else (NULL, a number) is damage."""
    if not isinstance(value, str):
        raise TypeError(f"텍스트 대신 {value!r}")
    return value


def content_digest(connection: sqlite3.Connection) -> str:
    """SHA-256 over every row of every stored table (FTS shadow tables included), in storage
    order, leaving out only the meta row that records it. The build records it; `aiplan
    check` recomputes it, so an edited row or checksum is found."""
    import hashlib  # only `check` and the build need it: not imported for every lookup

    digest = hashlib.sha256()
    tables = connection.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite%' "
        "and sql not like 'create virtual%' order by name"
    ).fetchall()
    for (name,) in tables:
        digest.update(f"\0{name}\0".encode())
        where = f" where key != '{CONTENT_KEY}'" if name == "meta" else ""
        for row in connection.execute(f"select * from [{name}]{where}"):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _reading(method: _Method) -> _Method:
    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DataError:
            raise
        except UnicodeEncodeError:
            raise
        except _DAMAGE as error:
            raise damaged(self.path, error) from error

    return guarded  # type: ignore[return-value]


def _guard_reads(cls: type[Store]) -> None:
    """Every public read of a Store turns damage into DataError (see DataError)."""
    for name, value in list(vars(cls).items()):
        # FunctionType, not inspect.isfunction: inspect costs ~9 ms of every lookup to import.
        if not name.startswith("_") and isinstance(value, types.FunctionType):
            setattr(cls, name, _reading(value))


_guard_reads(Store)
