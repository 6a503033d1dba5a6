"""How the explorer starts and ends: our driver, damaged data, and an honest exit status.

* The driver is ``SafeLinuxDriver`` (any input bytes, exit signals restore the terminal).
* A read from a damaged plan database, at any time, closes the app with exit status 3 and one
  Korean line with the remedy (as the CLI does), instead of a traceback.
* Toasts are plain text, never markup.
* A race in Textual's command palette under fast input is not a crash (``is_palette_race``).
* A crash (Textual's ``panic``, e.g. from its input thread) never reports exit status 0.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import traceback
from pathlib import Path

from rich.console import RenderableType
from textual import constants
from textual.app import App
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.worker import WorkerFailed

from aiplan_tui.store import REBUILD_HINT, DataError

EXIT_DATA = 3
EXIT_CRASH = 1
DATA_ERRORS = (sqlite3.DatabaseError, DataError, UnicodeDecodeError)
# Raised by the store's own code, these mean rows of the wrong shape (a missing table it checks
# for, a malformed id or JSON column); raised anywhere else they are bugs, and stay crashes.
SHAPE_ERRORS = (ValueError, KeyError, IndexError, TypeError)
STORE_FILE = "store.py"


def is_data_error(error: BaseException) -> bool:
    """Does this exception mean the plan database is damaged?"""
    if isinstance(error, DATA_ERRORS):
        return True
    if not isinstance(error, SHAPE_ERRORS):
        return False
    ours = [f for f in traceback.extract_tb(error.__traceback__) if f"{os.sep}aiplan_tui{os.sep}" in f.filename]
    return (
        bool(ours)
        and Path(ours[-1].filename).name == STORE_FILE
        and Path(ours[-1].filename).parent.name == "aiplan_tui"
    )


def data_error_line(error: BaseException, path: object) -> str:
    """One line for a damaged database: what happened and the remedy."""
    if isinstance(error, DataError):
        detail = str(error)
    else:
        detail = f"plan database at {path} is damaged ({type(error).__name__}: {error}): {REBUILD_HINT}"
    return f"계획 데이터베이스를 읽지 못했습니다 — {' '.join(detail.split())}"


def is_palette_race(error: BaseException) -> bool:
    """Textual's command palette gathers its commands in a worker that looks up the palette's
    list; input that opens and closes the palette within one read (a paste, line noise) can
    close it first, and the lookup raises NoMatches (textual 8.2.8). Nothing is lost by
    ignoring it: the palette is gone."""
    if not isinstance(error, WorkerFailed) or not isinstance(error.error, NoMatches):
        return False
    frames = traceback.extract_tb(error.error.__traceback__)
    return any(Path(f.filename).name == "command.py" and Path(f.filename).parent.name == "textual" for f in frames)


class SafeApp(App[None]):
    """An App whose driver, damaged-data handling and exit status are ours."""

    crashed = False
    data_error: str | None = None
    """The one-line message when the app closed on a damaged database."""

    def get_driver_class(self) -> type[Driver]:
        if sys.platform.startswith("win") or constants.DRIVER is not None:
            return super().get_driver_class()
        from aiplan_tui.tui.driver import SafeLinuxDriver

        return SafeLinuxDriver

    def database_path(self) -> object:
        store = getattr(self, "store", None)
        return getattr(store, "path", "?")

    def _handle_exception(self, error: Exception) -> None:
        # Textual routes every unhandled exception of the app here (private, but the one place).
        if self.data_error is not None:
            return  # the app is already closing on damaged data; this is a consequence of it
        if is_palette_race(error):
            return
        if is_data_error(error):
            self.data_error = data_error_line(error, self.database_path())
            self.exit(return_code=EXIT_DATA)  # cmd_explore prints the line once the terminal is restored
            self._exception_event.set()  # as Textual's own handler: whoever waits on the app stops waiting
            return
        super()._handle_exception(error)

    def worker_failed(self, error: BaseException) -> None:
        """An error a worker ended with (``exit_on_error=False``), handed over on the UI thread:
        damaged data closes the app with its one line, as anywhere else; anything else is a crash."""
        if isinstance(error, Exception):
            self._handle_exception(error)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast is plain text: messages quote theme names, paths, settings, environment
        values and search input, and none of that may become markup (``[/]`` would crash,
        ``[@click=app.quit]`` would become a link). ``markup`` is accepted and ignored."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def panic(self, *renderables: RenderableType) -> None:
        self.crashed = True
        super().panic(*renderables)

    @property
    def exit_status(self) -> int:
        """The process exit status: the app's return code, and never 0 after a crash."""
        code = self.return_code or 0
        if code == 0 and (self.crashed or self._exception is not None):
            return EXIT_CRASH
        return code
