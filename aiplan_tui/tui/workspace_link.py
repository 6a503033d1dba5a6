"""The explorer's hold on the workspace (progress, actuals, notes, bookmarks).

The workspace file is opened on first use and made only by the first save: a reader who never
writes leaves nothing behind. The app's thread and its workers share one connection, so every
call goes through one lock (a save is one transaction; a read never sees half of one).
Problems come back as one Korean line (``WorkspaceProblem``); the explorer keeps reading the
plan whatever happens here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from aiplan_tui.store import Store

if TYPE_CHECKING:
    from aiplan_tui.workspace.db import Workspace

T = TypeVar("T")


class WorkspaceProblem(Exception):
    """The workspace cannot be used or the input is wrong: one Korean line, nothing was changed."""


class WorkspaceLink:
    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path
        self._workspace: Workspace | None = None
        self._lock = threading.Lock()
        self.notices: list[str] = []  # what opening found (a damaged file set aside), said once

    @property
    def file(self) -> Path:
        from aiplan_tui.workspace.db import default_path

        return self.path or default_path()

    @property
    def exists(self) -> bool:
        return self._workspace is not None or self.file.exists()

    def read(self, query: Callable[[Workspace], T], default: T) -> T:
        """``query`` over the workspace, or ``default`` when there is none yet (nothing saved)."""
        if not self.exists:
            return default
        return self.call(query)

    def call(self, work: Callable[[Workspace], T]) -> T:
        """Run ``work`` with the workspace open (made if missing), one caller at a time."""
        from aiplan_tui.workspace.db import WorkspaceError
        from aiplan_tui.workspace.migrations import NewerSchema
        from aiplan_tui.workspace.progress import InvalidInput

        with self._lock:
            try:
                return work(self._opened())
            except (WorkspaceError, NewerSchema, InvalidInput) as error:
                raise WorkspaceProblem(str(error)) from None

    def _opened(self) -> Workspace:
        if self._workspace is None:
            from aiplan_tui.workspace.db import Workspace

            self._workspace = Workspace.for_store(self.store, self.path)
            self.notices += self._workspace.notices
        return self._workspace

    def close(self) -> None:
        with self._lock:
            if self._workspace is not None:
                self._workspace.close()
                self._workspace = None


def default_period(store: Store, today: date | None = None) -> str:
    """This year, kept inside the plan's years: the period an official most likely reports on."""
    year = (today or date.today()).year
    span = store.year_span()
    if span is not None:
        year = min(max(year, span[0]), span[1])
    return str(year)
