"""The search documents written at build time: one per task, area, document, item, target
and milestone, with what the filters need (ministries, years, strategy, scope) precomputed.

Filter columns hold space-delimited values (`` 과기정통부 복지부 ``) so the store can test
membership with ``instr(ministries, ' 환경부 ')`` on one table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from aiplan_tui.grams import GRAM_TABLE, row_tokens
from aiplan_tui.schema import KIND_ORDER
from aiplan_tui.search import initials_of


def _members(values: list[Any]) -> str:
    unique = list(dict.fromkeys(str(v) for v in values if v is not None))
    return " " + " ".join(unique) + " " if unique else ""


def search_rows(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    tasks = {t["id"]: t for t in db.query("select id, strategy, area, year, tentative from tasks")}
    task_ministries: dict[str, list[str]] = {}
    for row in db.query("select task, ministry from task_ministries order by task, position"):
        task_ministries.setdefault(row["task"], []).append(row["ministry"])
    for row in db.query("select task, ministry from task_partners order by rowid"):
        task_ministries.setdefault(row["task"], []).append(row["ministry"])  # partners the body names
    official = {m["id"]: m["name"] for m in db.query("select id, name from ministries")}
    item_tasks: dict[str, list[str]] = {}
    for row in db.query("select task, item from task_items order by rowid"):
        item_tasks.setdefault(row["item"], []).append(row["task"])
    item_ministries: dict[str, list[str]] = {}
    for row in db.query("select item, ministry from item_ministries order by rowid"):
        item_ministries.setdefault(row["item"], []).append(row["ministry"])
    area_strategy = {a["id"]: a["strategy"] for a in db.query("select id, strategy from areas")}
    rowid = 0

    def entry(
        kind: str,
        ref: str,
        title: str,
        body: str,
        scope: str | None,
        linked: list[str],
        ministries: list[str],
    ) -> dict[str, Any]:
        nonlocal rowid
        rowid += 1
        years = [tasks[t]["year"] for t in linked]
        ministries = ministries + [m for t in linked for m in task_ministries.get(t, [])]
        return {
            "rowid": rowid,
            "kind": kind,
            "rank": KIND_ORDER.index(kind),
            "ref": ref,
            "title": title,
            "body": body,
            "initials": initials_of(title + "\n" + body),
            "scope": scope,
            "strategy": area_strategy.get(scope or ""),
            "tasks": _members(linked),
            "ministries": _members(ministries),
            "years": _members(years),
        }

    for task in db.query("select id, title, written, area, year, tentative from tasks order by position"):
        names = [f"{m} {official[m]}" for m in task_ministries.get(task["id"], [])]
        when = f"'{task['year'] % 100:02d}" + ("(잠정)" if task["tentative"] else "")
        body = " ".join([task["written"], *names, when, str(task["year"])])
        yield entry("task", task["id"], task["title"], body, task["area"], [task["id"]], [])
    for area in db.query("select id, theme, title from areas order by id"):
        title = f"({area['theme']}) {area['title']}" if area["theme"] else area["title"]
        linked = [t for t, v in tasks.items() if v["area"] == area["id"]]
        yield entry("area", area["id"], title, "", area["id"], linked, [])
    for document in db.query("select id, title from documents order by position"):
        yield entry("document", document["id"], document["title"], "", document["id"], [], [])
    cells = {
        t["item"]: " ".join([*json.loads(t["columns"]), *(c for r in json.loads(t["rows"]) for c in r)])
        for t in db.query("select item, columns, rows from tables")
    }
    effective: dict[str, list[str]] = {}  # an item's own task links, else its nearest ancestor's
    for item in db.query("select id, parent, area, document, text from items order by position"):
        linked = item_tasks.get(item["id"]) or effective.get(item["parent"] or "", [])
        effective[item["id"]] = linked
        body = " ".join(part for part in (item["text"], cells.get(item["id"], "")) if part)
        scope = item["area"] or item["document"]
        yield entry("item", item["id"], "", body, scope, linked, item_ministries.get(item["id"], []))
    for target in db.query(
        "select t.id, t.subject, t.unit, t.task, i.area, i.document, i.id as item "
        "from targets t join items i on i.id = t.item order by t.position, t.id"
    ):
        linked = [target["task"]] if target["task"] else effective.get(target["item"], [])
        scope = target["area"] or target["document"]
        yield entry("target", target["id"], target["subject"], target["unit"], scope, linked, [])
    for milestone in db.query(
        "select m.id, m.text, m.task, i.area, i.document, i.id as item "
        "from milestones m join items i on i.id = m.item order by m.id"
    ):
        linked = [milestone["task"]] if milestone["task"] else effective.get(milestone["item"], [])
        scope = milestone["area"] or milestone["document"]
        yield entry("milestone", milestone["id"], "", milestone["text"], scope, linked, [])


def write_grams(db: sqlite_utils.Database) -> None:
    """The short-term index over the written ``search`` rows (see ``aiplan_tui.grams``):
    contentless, with no positions, since a lookup needs only which rows hold a gram."""
    db.execute(
        f"create virtual table {GRAM_TABLE} using fts5(grams, content='', columnsize=0, detail=none, "
        "tokenize='unicode61')"
    )
    rows = [
        (rowid, row_tokens(title, body, initials))
        for rowid, title, body, initials in db.execute("select rowid, title, body, initials from search order by rowid")
    ]
    db.conn.executemany(f"insert into {GRAM_TABLE}(rowid, grams) values (?, ?)", rows)
