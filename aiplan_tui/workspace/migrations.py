"""The workspace schema, version by version (``PRAGMA user_version``).

Each step runs in one transaction, after a copy of the file is taken with SQLite's backup
API (``workspace.db.v<N>.bak``), so a failed or interrupted migration leaves the old file
as it was. A file written by a newer aiplan is refused, never touched. Steps are only ever
appended: a released step is never edited.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aiplan_tui.safe import printable

# Version 1: progress per task and period, actual values per target and period, the change log.
_V1 = """
create table progress (
    task text not null,
    period text not null,
    status text,
    note text not null default '',
    issues text not null default '',
    plans text not null default '',
    evidence text not null default '',
    plan_checksum text not null,
    updated_at text not null,
    updated_by text not null,
    primary key (task, period)
);
create table actuals (
    target text not null,
    period text not null,
    task text not null,
    value real not null,
    provisional integer not null default 0,
    plan_checksum text not null,
    updated_at text not null,
    updated_by text not null,
    primary key (target, period)
);
create index actuals_task on actuals (task, period);
create table changes (
    id integer primary key,
    at text not null,
    who text not null,
    tbl text not null,
    key text not null,
    old text,
    new text
);
create trigger changes_no_update before update on changes begin select raise(abort, 'changes is append-only'); end;
create trigger changes_no_delete before delete on changes begin select raise(abort, 'changes is append-only'); end;
"""

# Version 2: notes and bookmarks on any node, and where each user left the explorer.
_V2 = """
create table notes (
    node text primary key,
    text text not null,
    plan_checksum text not null,
    updated_at text not null,
    updated_by text not null
);
create table bookmarks (
    node text not null,
    who text not null,
    plan_checksum text not null,
    created_at text not null,
    primary key (node, who)
);
create table positions (
    who text primary key,
    node text not null,
    updated_at text not null
);
"""

STEPS: tuple[str, ...] = (_V1, _V2)
VERSION = len(STEPS)


class NewerSchema(Exception):
    """The workspace was written by a newer aiplan."""


def version_of(connection: sqlite3.Connection) -> int:
    return int(connection.execute("pragma user_version").fetchone()[0])


def refuse_newer(connection: sqlite3.Connection, path: Path) -> None:
    found = version_of(connection)
    if found > VERSION:
        raise NewerSchema(
            f"작업공간 {printable(path)}의 스키마 버전이 {found}입니다 — 이 aiplan은 {VERSION}까지만 압니다: "
            "aiplan-tui를 새 버전으로 올리세요 (파일은 그대로 두었습니다)"
        )


def migrate(connection: sqlite3.Connection, path: Path, upto: int = VERSION) -> list[Path]:
    """Bring the workspace to version ``upto`` (default: this aiplan's); return the backups taken.
    ``connection`` is in autocommit mode (isolation_level None)."""
    refuse_newer(connection, path)
    found = version_of(connection)
    backups: list[Path] = []
    if 0 < found < upto:  # a workspace with content: keep a copy as it was before any step
        backups.append(_backup(connection, path, found))
    for version in range(found + 1, upto + 1):
        connection.execute("begin immediate")
        try:
            if version_of(connection) >= version:  # another process migrated it while we waited
                connection.execute("rollback")
                continue
            for statement in _statements(STEPS[version - 1]):
                connection.execute(statement)
            connection.execute(f"pragma user_version = {version}")
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
    return backups


def _statements(script: str) -> list[str]:
    """The script's statements (a trigger's body keeps its inner semicolons)."""
    statements, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _backup(connection: sqlite3.Connection, path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.v{version}.bak")
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    return target
