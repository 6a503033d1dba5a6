"""Build data/plan.db from the curated source: YAML → validated models → SQLite.

The build is deterministic: the same source gives the same rows in the same order, so the
committed database can be checked against a fresh build. It writes in rollback-journal
mode (a WAL database cannot be opened from a read-only directory) and ends with VACUUM.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from aiplan_tui.model import Fix, ItemSource, Kind, MinistryKind, PointSource
from aiplan_tui.schema import SCHEMA_VERSION
from aiplan_tui.search_index import search_rows, write_grams
from aiplan_tui.source import Source, SourceError, load_source
from aiplan_tui.store import CONTENT_KEY, as_number, content_digest

RESPONSIBLE_KINDS = {MinistryKind.ministry, MinistryKind.office, MinistryKind.local}


@dataclass
class Rows:
    """Every table's rows, in insertion order."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


def alias_map(source: Source) -> dict[str, str]:
    """Every name form of every ministry → its short id (ids, official and English names, aliases)."""
    names: dict[str, str] = {}
    for ministry in source.ministries.ministries:
        for name in (ministry.id, ministry.name, ministry.name_en, *ministry.aliases):
            names.setdefault(name, ministry.id)
    return names


_PARENTHESES = re.compile(r"\(([^()]*)\)")
# An alias that is also a common word (복지, 교육, 고용, 과기정통) names a ministry only beside a
# full ministry name in the same parentheses, as in the joint name ``(과기정통·복지부)``; alone it
# is a theme or survey label: ``(복지)``, ``79.1%(교육)``, ``(공공·복지)``, ``(교육·학습)``.
_MINISTRY_ENDINGS = ("부", "처", "청", "원", "회")


def common_word_aliases(source: Source) -> set[str]:
    """Korean aliases that do not end like a ministry's name (부, 처, 청 …)."""
    return {
        alias
        for ministry in source.ministries.ministries
        for alias in ministry.aliases
        if not alias.isascii() and not alias.endswith(_MINISTRY_ENDINGS)
    }


def responsible_in(
    text: str, names: dict[str, str], responsible: set[str], weak: frozenset[str] = frozenset()
) -> list[str]:
    """Ministries named in the text's parentheses, e.g. ``(과기정통·복지부, '24~)``.

    A joint name such as ``과기정통·복지부`` shares the final 부; its halves are aliases. A
    ``weak`` alias counts only where the same parentheses also hold a full name.
    """
    found: list[str] = []
    for group in _PARENTHESES.findall(text):
        tokens = [token.strip() for token in re.split(r"[,·\s]+", group)]
        named = [(token, names[token]) for token in tokens if names.get(token) in responsible]
        if all(token in weak for token, _ in named):
            continue
        for _, ministry in named:
            if ministry not in found:
                found.append(ministry)
    return found


def _point_row(target_id: str, position: int, point: PointSource) -> dict[str, Any]:
    return {
        "target": target_id,
        "position": position,
        "year": point.year,
        "until": point.until,
        "value": as_number(point.value),
        "label": point.label,
        "qualifier": point.qualifier,
        "year_from_task": int(point.year_from_task),
        "kind": point.kind,
    }


class Builder:
    """Turns the validated source into rows, checking the links between files."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.rows = Rows()
        self.errors: list[str] = []
        self.names = alias_map(source)
        self.weak = frozenset(common_word_aliases(source))
        self.responsible = {m.id for m in source.ministries.ministries if m.kind in RESPONSIBLE_KINDS}
        self.task_ids = {t.id for table in source.tasks.tables for g in table.groups for t in g.tasks}
        self.item_tasks: dict[str, list[str]] = {}
        self.correction_count = 0
        self.position = 0
        self.partners: list[tuple[str, str, str]] = []  # (task, ministry, item)
        self.scopes: list[tuple[int, Callable[[], None]]] = []  # item trees, read in line order

    def fixes(self, node: str, file: str, line: int, fixes: list[Fix]) -> None:
        for fix in fixes:
            self.correction_count += 1
            self.rows.add(
                "corrections",
                {
                    "id": self.correction_count,
                    "node": node,
                    "file": file,
                    "line": fix.line or line,
                    "original": fix.original,
                    "corrected": fix.corrected,
                    "note": fix.note,
                },
            )

    def build(self) -> Rows:
        plan = self.source.plan
        self.rows.add(
            "plan",
            {
                "id": 1,
                "title": plan.title,
                "issued": plan.issued,
                "issuer": plan.issuer,
                "chapter": plan.chapter,
                "task_plan": self.source.tasks.title,
                "vision": plan.vision,
                "goals": json.dumps(plan.goals, ensure_ascii=False),
            },
        )
        self.fixes("plan", "plan.yaml", plan.chapter_line, plan.fixes)
        for ministry in self.source.ministries.ministries:
            self.rows.add(
                "ministries",
                {
                    "id": ministry.id,
                    "name": ministry.name,
                    "name_en": ministry.name_en,
                    "kind": ministry.kind.value,
                    "aliases": json.dumps(ministry.aliases, ensure_ascii=False),
                },
            )
        for name, ministry_id in self.names.items():
            self.rows.add("ministry_names", {"name": name, "ministry": ministry_id})
        for strategy in plan.strategies:
            self.rows.add(
                "strategies",
                {"id": strategy.id, "title": strategy.title, "scope": strategy.scope, "line": strategy.line},
            )
            self.fixes(str(strategy.id), "plan.yaml", strategy.line, strategy.fixes)
        self._areas()
        self._documents()
        for _, visit in sorted(self.scopes, key=lambda scope: scope[0]):
            visit()
        self._tasks()
        self._noise()
        self._shape()
        return self.rows

    def _shape(self) -> None:
        """plan.yaml's strategies, the strategy-N.yaml files and the task tables name the same strategies."""
        declared = sorted(s.id for s in self.source.plan.strategies)
        for what, found in (
            ("strategy-N.yaml files", sorted(f.strategy for f in self.source.strategies)),
            ("tasks.yaml tables", sorted(t.strategy for t in self.source.tasks.tables)),
        ):
            if found != declared:
                self.errors.append(f"plan.yaml declares strategies {declared}, but the {what} hold {found}")

    def _areas(self) -> None:
        seen: set[str] = set()
        for file in self.source.strategies:
            name = f"strategy-{file.strategy}.yaml"
            for area in file.areas:
                if area.id in seen:
                    self.errors.append(f"{name}: area {area.id} is defined twice")
                seen.add(area.id)
                if not area.id.startswith(f"{file.strategy}-"):
                    self.errors.append(f"{name}: area {area.id} does not belong to strategy {file.strategy}")
                self.rows.add(
                    "areas",
                    {
                        "id": area.id,
                        "strategy": file.strategy,
                        "theme": area.theme,
                        "title": area.title,
                        "line": area.line,
                    },
                )
                self.fixes(area.id, name, area.line, area.fixes)
                self._later(area.line, name, area.id, "area", area.items)

    def _documents(self) -> None:
        seen: set[str] = set()
        documents = [(name, d) for name, f in self.source.documents.items() for d in f.documents]
        documents.sort(key=lambda pair: pair[1].line)  # reading order: 순서, 요약, 참고 … before the body
        for position, (name, document) in enumerate(documents, start=1):
            if document.id in seen:
                self.errors.append(f"{name}: document {document.id} is defined twice")
            seen.add(document.id)
            self.rows.add(
                "documents",
                {"id": document.id, "title": document.title, "line": document.line, "position": position},
            )
            self.fixes(document.id, name, document.line, document.fixes)
            self._later(document.line, name, document.id, "document", document.items)

    def _later(self, line: int, file: str, scope: str, scope_kind: str, items: list[ItemSource]) -> None:
        """Number the scope's items once every scope is known, so positions follow the source's lines."""
        self.scopes.append((line, lambda: self._items(file, scope, scope_kind, items)))

    def _items(self, file: str, scope: str, scope_kind: str, items: list[ItemSource]) -> None:
        numbering = {"item": 0, "target": 0, "milestone": 0}
        keys: set[str] = set()

        def visit(item: ItemSource, parent: str | None, depth: int, inherited: list[str]) -> None:
            numbering["item"] += 1
            self.position += 1
            item_id = f"{scope}/{numbering['item']}"
            if item.key is not None:
                if item.key in keys:
                    self.errors.append(f"{file}: {scope}: key {item.key!r} is used twice")
                keys.add(item.key)
            for task in item.tasks:
                if task not in self.task_ids:
                    self.errors.append(f"{file}: {item_id} (line {item.line}): unknown task {task}")
                self.item_tasks.setdefault(task, []).append(item_id)
            self.rows.add(
                "items",
                {
                    "id": item_id,
                    "parent": parent,
                    scope_kind: scope,
                    "area" if scope_kind == "document" else "document": None,
                    "position": self.position,
                    "depth": depth,
                    "kind": item.kind.value,
                    "mark": item.mark,
                    "key": item.key,
                    "text": item.text,
                    "line": item.line,
                    "line_end": item.line_end or item.line,
                },
            )
            if item.kind is Kind.table and item.table is not None:
                self.rows.add(
                    "tables",
                    {
                        "item": item_id,
                        "columns": json.dumps(item.table.columns, ensure_ascii=False),
                        "rows": json.dumps(item.table.rows, ensure_ascii=False),
                    },
                )
            for partner in item.partners:
                if partner not in self.names.values():
                    self.errors.append(f"{file}: {item_id}: unknown partner {partner!r}")
                if not item.tasks:
                    self.errors.append(f"{file}: {item_id}: partners need the item's tasks")
                self.partners += [(task, partner, item_id) for task in item.tasks]
            for ministry in responsible_in(item.text, self.names, self.responsible, self.weak):
                self.rows.add("item_ministries", {"item": item_id, "ministry": ministry})
            self.fixes(item_id, file, item.line, item.fixes)
            tasks_here = item.tasks or inherited
            for target in item.targets:
                numbering["target"] += 1
                target_id = f"{scope}/t{numbering['target']}"
                target_task = target.task
                if target_task is None and len(tasks_here) == 1:
                    target_task = tasks_here[0]
                elif target_task is None and len(tasks_here) > 1:
                    self.errors.append(
                        f"{file}: {item_id} (line {item.line}): target {target.subject!r} is on an item "
                        f"of several tasks {tasks_here}; name its task"
                    )
                if target_task is not None and target_task not in self.task_ids:
                    self.errors.append(f"{file}: {item_id}: target names unknown task {target_task}")
                self.rows.add(
                    "targets",
                    {
                        "id": target_id,
                        "item": item_id,
                        scope_kind: scope,
                        "area" if scope_kind == "document" else "document": None,
                        "task": target_task,
                        "subject": target.subject,
                        "unit": target.unit,
                        "note": target.note,
                        "position": self.position,
                    },
                )
                for number, point in enumerate(target.series, start=1):
                    if point.year_from_task and target_task is None:
                        self.errors.append(f"{file}: {target_id}: year_from_task needs a task")
                    self.rows.add("target_points", _point_row(target_id, number, point))
            for milestone in item.milestones:
                numbering["milestone"] += 1
                self.rows.add(
                    "milestones",
                    {
                        "id": f"{scope}/m{numbering['milestone']}",
                        "item": item_id,
                        "task": milestone.task or (tasks_here[0] if len(tasks_here) == 1 else None),
                        "year": milestone.year,
                        "until": milestone.until,
                        "text": milestone.text,
                    },
                )
            for child in item.items:
                visit(child, item_id, depth + 1, tasks_here)

        for top in items:
            visit(top, None, 0, [])

    def _tasks(self) -> None:
        seen: set[str] = set()
        areas = {row["id"] for row in self.rows.tables.get("areas", [])}
        position = 0
        columns = json.dumps(self.source.tasks.columns, ensure_ascii=False)
        for table in self.source.tasks.tables:
            self.rows.add(
                "task_tables",
                {"strategy": table.strategy, "title": table.title, "line": table.line, "columns": columns},
            )
            for group_number, group in enumerate(table.groups, start=1):
                group_id = f"{table.strategy}.{group_number}"
                self.rows.add(
                    "task_groups",
                    {"id": group_id, "strategy": table.strategy, "title": group.title, "line": group.line},
                )
                for task in group.tasks:
                    position += 1
                    where = f"tasks.yaml: {task.id} (line {task.line})"
                    if task.id in seen:
                        self.errors.append(f"{where}: id is used twice")
                    seen.add(task.id)
                    if task.area not in areas:
                        self.errors.append(f"{where}: unknown area {task.area}")
                    if not task.area.startswith(f"{table.strategy}-"):
                        self.errors.append(f"{where}: is in the table of strategy {table.strategy}")
                    self.rows.add(
                        "tasks",
                        {
                            "id": task.id,
                            "strategy": table.strategy,
                            "area": task.area,
                            "group_id": group_id,
                            "position": position,
                            "title": task.title,
                            "year": task.year,
                            "tentative": int(task.tentative),
                            "written": task.written,
                            "line": task.line,
                        },
                    )
                    for order, ministry in enumerate(task.ministries, start=1):
                        if ministry not in self.names.values():
                            hint = self.names.get(ministry)
                            self.errors.append(
                                f"{where}: unknown ministry {ministry!r}"
                                + (f"; write its short name {hint!r}" if hint else "")
                            )
                        self.rows.add("task_ministries", {"task": task.id, "ministry": ministry, "position": order})
                    for item_id in self.item_tasks.get(task.id, []):
                        self.rows.add("task_items", {"task": task.id, "item": item_id})
                    for partner_task, partner, item_id in self.partners:
                        if partner_task == task.id:
                            self.rows.add("task_partners", {"task": task.id, "ministry": partner, "item": item_id})
                    self.fixes(task.id, "tasks.yaml", task.line, task.fixes)

    def _noise(self) -> None:
        files = [("tasks.yaml", self.source.tasks.noise)]
        files += [(f"strategy-{f.strategy}.yaml", f.noise) for f in self.source.strategies]
        files += [(name, f.noise) for name, f in self.source.documents.items()]
        for file, noise in files:
            for entry in noise:
                self.rows.add("noise", {"line": entry.line, "text": entry.text, "reason": entry.reason, "file": file})


SCHEMA: dict[str, dict[str, Any]] = {
    "plan": {"pk": "id"},
    "ministries": {"pk": "id"},
    "ministry_names": {"pk": "name", "foreign_keys": [("ministry", "ministries", "id")]},
    "strategies": {"pk": "id"},
    "areas": {"pk": "id", "foreign_keys": [("strategy", "strategies", "id")]},
    "documents": {"pk": "id"},
    "items": {
        "pk": "id",
        "foreign_keys": [("parent", "items", "id"), ("area", "areas", "id"), ("document", "documents", "id")],
    },
    "tables": {"pk": "item", "foreign_keys": [("item", "items", "id")]},
    "item_ministries": {
        "pk": ("item", "ministry"),
        "foreign_keys": [("item", "items", "id"), ("ministry", "ministries", "id")],
    },
    "task_tables": {"pk": "strategy", "foreign_keys": [("strategy", "strategies", "id")]},
    "task_groups": {"pk": "id", "foreign_keys": [("strategy", "strategies", "id")]},
    "tasks": {
        "pk": "id",
        "foreign_keys": [
            ("strategy", "strategies", "id"),
            ("area", "areas", "id"),
            ("group_id", "task_groups", "id"),
        ],
    },
    "task_ministries": {
        "pk": ("task", "ministry"),
        "foreign_keys": [("task", "tasks", "id"), ("ministry", "ministries", "id")],
    },
    "task_items": {
        "pk": ("task", "item"),
        "foreign_keys": [("task", "tasks", "id"), ("item", "items", "id")],
    },
    "task_partners": {
        "pk": ("task", "ministry", "item"),
        "foreign_keys": [("task", "tasks", "id"), ("ministry", "ministries", "id"), ("item", "items", "id")],
    },
    "targets": {
        "pk": "id",
        "foreign_keys": [
            ("item", "items", "id"),
            ("area", "areas", "id"),
            ("document", "documents", "id"),
            ("task", "tasks", "id"),
        ],
    },
    "target_points": {"pk": ("target", "position"), "foreign_keys": [("target", "targets", "id")]},
    "milestones": {"pk": "id", "foreign_keys": [("item", "items", "id"), ("task", "tasks", "id")]},
    "corrections": {"pk": "id"},
    "noise": {"pk": ("line", "text")},
}

# Column types sqlite-utils cannot infer from rows whose first value may be None.
COLUMNS: dict[str, dict[str, type]] = {
    "items": {"parent": str, "area": str, "document": str, "mark": str, "key": str},
    "targets": {"area": str, "document": str, "task": str, "note": str},
    "target_points": {"until": int, "label": str, "value": float, "qualifier": str, "kind": str},
    "task_partners": {"task": str, "ministry": str, "item": str},
    "milestones": {"task": str, "until": int},
    "corrections": {"note": str},
    "strategies": {"scope": str},
    "areas": {"theme": str},
    "noise": {"line": int, "text": str, "reason": str, "file": str},
}

INDEXES: list[tuple[str, list[str]]] = [
    ("items", ["area"]),
    ("items", ["document"]),
    ("items", ["parent"]),
    ("tasks", ["area"]),
    ("tasks", ["year"]),
    ("tasks", ["strategy"]),
    ("task_ministries", ["ministry"]),
    ("task_items", ["item"]),
    ("targets", ["area"]),
    ("targets", ["task"]),
    ("item_ministries", ["ministry"]),
]


def checksum(source_dir: Path) -> str:
    """SHA-256 over the source files' bytes, in name order: identifies the plan data's version."""
    digest = hashlib.sha256()
    for path in sorted(source_dir.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(source_dir: Path, target: Path) -> dict[str, int]:
    """Validate the source and write a fresh database to ``target``; return row counts."""
    source = load_source(source_dir)
    builder = Builder(source)
    rows = builder.build()
    if builder.errors:
        raise SourceError("\n".join(builder.errors))
    meta = {
        "checksum": checksum(source_dir),
        "title": source.plan.title,
        "issued": source.plan.issued,
        **shape_meta(rows.tables),
    }
    write_database(rows.tables, target, meta)
    return {table: len(data) for table, data in rows.tables.items()}


# What `aiplan check` compares with the stored rows (the names of Store.counts).
COUNTED = ("strategies", "areas", "tasks", "items", "targets", "milestones", "ministries", "documents", "corrections")


# A year as the plan's text writes it: '24 (any apostrophe), or 2024년.
WRITTEN_YEAR = re.compile(r"['’′‘](\d\d)(?!\d)|(?<!\d)(20\d\d)(?=년)")


def shape_meta(tables: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The plan's shape as the build saw it: row counts, and the first and last year it names
    (tasks, targets, milestones, and years its text writes: '30, ’19, 2030년)."""
    years = [row["year"] for row in tables.get("tasks", [])]
    for name in ("target_points", "milestones"):
        for row in tables.get(name, []):
            years += [y for y in (row.get("year"), row.get("until")) if y is not None]
    for row in tables.get("items", []):
        years += [2000 + int(short) if short else int(full) for short, full in WRITTEN_YEAR.findall(row["text"])]
    counts = {name: len(tables.get(name, [])) for name in COUNTED}
    shape = {"counts": json.dumps(counts)}
    if years:
        shape["years"] = f"{min(years)}-{max(years)}"
    return shape


def write_database(tables: dict[str, list[dict[str, Any]]], target: Path, meta: dict[str, str]) -> None:
    """Write rows into a new database beside ``target`` (schema, indexes, search index, meta), then
    rename it into place. Rollback journal, not WAL: a WAL database cannot be opened read-only."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    connection.execute("pragma journal_mode = delete")
    db = sqlite_utils.Database(connection)
    for table, spec in SCHEMA.items():
        data = tables.get(table, [])
        inferred = {k: str if v is None else type(v) for k, v in data[0].items()} if data else {}
        db.table(table).create(
            {**inferred, **COLUMNS.get(table, {})}, pk=spec["pk"], foreign_keys=spec.get("foreign_keys")
        )
        db.table(table).insert_all(data, batch_size=5000)
    for table, columns in INDEXES:
        db.table(table).create_index(columns)
    search = db.table("search")
    search.insert_all(search_rows(db), pk="rowid", batch_size=5000)
    for column in ("kind", "scope", "strategy"):
        search.create_index([column])
    db.execute(
        "create virtual table search_fts using fts5("
        "title, body, content='search', content_rowid='rowid', tokenize='trigram')"
    )
    db.execute("insert into search_fts(search_fts) values ('rebuild')")
    write_grams(db)
    entries = {"schema_version": str(SCHEMA_VERSION), **meta}
    db.table("meta").insert_all([{"key": k, "value": v} for k, v in entries.items()], pk="key")
    db.table("meta").insert({"key": CONTENT_KEY, "value": content_digest(connection)}, pk="key")
    db.execute(f"pragma user_version = {SCHEMA_VERSION}")
    connection.commit()
    connection.execute("vacuum")
    connection.close()
    partial.replace(target)
