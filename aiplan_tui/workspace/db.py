"""The workspace database: what an official writes (progress, actuals, notes, bookmarks).

One SQLite file, ``workspace.db`` in the user's data folder, or a team file named by
``--workspace PATH`` / ``$AIPLAN_WORKSPACE``. The plan is attached read-only as ``plan`` and
never written. Every save is one ``BEGIN IMMEDIATE`` transaction in WAL mode with
``synchronous=FULL``: when a save returns it is on disk, and writers on one team file queue
behind each other (busy timeout, then a bounded retry) instead of losing an update.
Nothing here imports textual or rich.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiplan_tui.safe import printable
from aiplan_tui.workspace import migrations

if TYPE_CHECKING:
    from aiplan_tui.store import Store

WORKSPACE_ENV = "AIPLAN_WORKSPACE"
BUSY_TIMEOUT_MS = 5000
RETRIES = 2  # after a busy timeout, try again this many times (so at most about 15 s in all)


class WorkspaceError(Exception):
    """The workspace cannot be used (newer schema, busy beyond the bound, unwritable); one Korean line."""


def default_path() -> Path:
    """$AIPLAN_WORKSPACE, else workspace.db in the user's data folder."""
    if os.environ.get(WORKSPACE_ENV):
        return Path(os.environ[WORKSPACE_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("aiplan-tui", appauthor=False)) / "workspace.db"


def who() -> str:
    """The OS user, written into the change log."""
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (containers); the number still says who
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")


class Workspace:
    """An open workspace: ``read`` for queries, ``write`` for one all-or-nothing save."""

    def __init__(self, connection: sqlite3.Connection, path: Path, plan_checksum: str, notices: list[str]) -> None:
        self.connection = connection
        self.path = path
        self.plan_checksum = plan_checksum
        self.notices = notices  # what opening found and the user should hear (a damaged file set aside)
        self.user = who()

    @classmethod
    def open(cls, path: Path | None, plan_db: Path, plan_checksum: str) -> Workspace:
        path = path or default_path()
        notices: list[str] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(
                f"작업공간 폴더를 만들 수 없습니다: {printable(path.parent)} ({printable(error.strerror or error)})"
            ) from None
        if path.is_dir():
            raise WorkspaceError(
                f"작업공간 {printable(path)}은(는) 폴더입니다 — 파일 경로를 쓰세요 (예: 팀/workspace.db)"
            )
        problem = _damage(path)
        if problem is not None:
            aside = set_aside(path)
            notices.append(
                f"작업공간이 손상되어 옆으로 옮겨 두었습니다: {printable(aside)} ({printable(problem)}) — "
                "새 작업공간을 만듭니다; 옮겨 둔 파일은 지우지 않습니다"
            )
        try:
            connection = _connect(path)
        except sqlite3.OperationalError as error:
            raise WorkspaceError(f"작업공간을 열 수 없습니다: {printable(path)} ({printable(error)})") from None
        try:
            migrations.refuse_newer(connection, path)  # before WAL mode rewrites the file's header
            _durable(connection)
            migrations.migrate(connection, path)
            uri = plan_db.resolve().as_uri() + "?mode=ro&immutable=1"
            connection.execute("attach database ? as plan", (uri,))
        except BaseException as error:
            connection.close()
            if isinstance(error, sqlite3.OperationalError):
                raise WorkspaceError(f"작업공간을 열 수 없습니다: {printable(path)} ({printable(error)})") from None
            raise
        return cls(connection, path, plan_checksum, notices)

    @classmethod
    def for_store(cls, store: Store, path: Path | None = None) -> Workspace:
        """The workspace at ``path`` (default: $AIPLAN_WORKSPACE, else the user's) over ``store``'s plan."""
        return cls.open(path, store.path, store.meta().get("checksum", ""))

    def close(self) -> None:
        self.connection.close()

    def read(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def write(self) -> Iterator[Writer]:
        """One save: BEGIN IMMEDIATE (waiting for other writers), commit on success, roll back on error.
        A lock held longer than the bound gives a WorkspaceError that says so."""
        for attempt in range(RETRIES + 1):
            try:
                self.connection.execute("begin immediate")
                break
            except sqlite3.OperationalError as error:
                if not _busy(error) or attempt == RETRIES:
                    raise WorkspaceError(
                        f"작업공간을 다른 사용자가 오래 쓰고 있어 저장하지 못했습니다: {printable(self.path)} "
                        f"({printable(error)}) — 잠시 뒤 다시 하세요; 아무것도 바뀌지 않았습니다"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        try:
            yield Writer(self)
            self.connection.execute("commit")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("rollback")
            raise


class Writer:
    """Writes inside one transaction; every change of a row is logged (who, when, old, new)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.at = now()

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.workspace.connection.execute(sql, params)

    def log(self, table: str, key: dict[str, Any], old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        if old == new:
            return
        self.execute(
            "insert into changes (at, who, tbl, key, old, new) values (?, ?, ?, ?, ?, ?)",
            (
                self.at,
                self.workspace.user,
                table,
                json.dumps(key, ensure_ascii=False, sort_keys=True),
                None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True),
                None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True),
            ),
        )


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path.resolve().as_uri() + "?mode=rwc", uri=True, isolation_level=None, check_same_thread=False
    )
    connection.row_factory = sqlite3.Row
    connection.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _durable(connection: sqlite3.Connection) -> None:
    mode = connection.execute("pragma journal_mode = wal").fetchone()[0]
    if str(mode).lower() != "wal":  # a file system without shared memory (some network shares)
        connection.execute("pragma journal_mode = delete")
    connection.execute("pragma synchronous = full")
    connection.execute("pragma foreign_keys = on")


def _damage(path: Path) -> str | None:
    """Why the file at ``path`` is not a sound SQLite database, or None (also when it does not exist)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            connection.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
            found = [str(row[0]) for row in connection.execute("pragma quick_check(3)")]
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return None  # busy, unreadable, no space: not damage; opening it for real says what is wrong
    except sqlite3.DatabaseError as error:  # not a database, malformed
        return str(error)
    return None if found == ["ok"] else "; ".join(found)


def set_aside(path: Path) -> Path:
    """Rename a damaged workspace (and its -wal/-shm) with a timestamp; never delete or overwrite it."""
    aside = path.with_name(f"{path.name}.damaged-{_stamp()}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{_stamp()}-{number}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    return aside
