"""A stand-in for a Korean terminal: run the explorer in a pseudo-terminal and read the screen
with pyte, a terminal emulator in Python. It can count East Asian *ambiguous* characters as
two cells (as Korean fonts and PuTTY's CJK option do) and answers cursor-position queries,
which tmux cannot show: tmux always counts them as one cell.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pyte
import pyte.screens
from wcwidth import wcwidth

from .conftest import PLAN_DB


def ambiguous_wide(char: str) -> int:
    """Cell width as a terminal that draws ambiguous characters wide counts it."""
    return 2 if unicodedata.east_asian_width(char) == "A" else wcwidth(char)


class PtyApp:
    """The explorer in a pseudo-terminal of a given size, drawn by pyte."""

    def __init__(self, fd: int, pid: int, screen: pyte.Screen, stream: pyte.ByteStream) -> None:
        self.fd = fd
        self.pid = pid
        self.screen = screen
        self.stream = stream

    def pump(self, quiet: float = 0.4, timeout: float = 20.0, until: str | None = None) -> None:
        """Read output until ``until`` is on screen (if given) and nothing came for ``quiet`` s."""
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.stream.feed(data)
                last = time.monotonic()
            elif time.monotonic() - last >= quiet and (until is None or until in self.text()):
                return
        raise AssertionError(f"screen did not settle (waiting for {until!r}):\n{self.text()}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())


@contextmanager
def explorer(
    *args: str, size: tuple[int, int] = (80, 24), env: Mapping[str, str] | None = None, wide_ambiguous: bool = False
) -> Iterator[PtyApp]:
    columns, rows = size
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    pid, fd = pty.fork()
    if pid == 0:  # the child: the explorer
        os.execvpe(sys.executable, [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *args], environment)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def answer(data: str) -> None:  # cursor-position reports and other replies go back to the app
        os.write(fd, data.encode("utf-8"))

    screen.write_process_input = answer  # type: ignore[method-assign]
    original = pyte.screens.wcwidth
    if wide_ambiguous:
        pyte.screens.wcwidth = ambiguous_wide
    try:
        yield PtyApp(fd, pid, screen, stream)
    finally:
        pyte.screens.wcwidth = original
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
