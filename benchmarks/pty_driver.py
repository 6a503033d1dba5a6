"""Drive a program in a real pseudo-terminal, as an SSH session would: send keys, count bytes.

A `Session` spawns the program on a new pty of a fixed size (TIOCSWINSZ before it starts, so it
never sees another size), reads everything it writes, and times it. "Drawn" means: the wanted
text has appeared and then the program has written nothing for a quiet window; the time taken
is that of the last byte, so the window itself is never counted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

COLUMNS, LINES = 80, 24
QUIET = 0.05  # seconds without output that count as "the screen is drawn"
DOWN = b"\x1b[B"


@dataclass(frozen=True)
class Burst:
    """What a program wrote in answer to one thing: its bytes, and the seconds to the last visible change."""

    data: bytes
    seconds: float  # to the last chunk that drew something: the screen is complete
    first: float = 0.0  # to the first chunk that drew something: the key has visibly been taken

    @property
    def size(self) -> int:
        return len(self.data)


# Escape sequences (CSI, OSC, charset and keypad switches) and control characters: what is left
# after removing them is text drawn on the screen. A chunk with none ("\r\x1b=", curses' idle
# refresh) changes nothing the user sees, so it does not end a response (its bytes still count).
_CONTROL = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, pointer shapes
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHM]"  # charsets, keypad, save/restore cursor
    rb"|[\x00-\x1f\x7f]"
)


def visible(chunk: bytes) -> bool:
    return bool(_CONTROL.sub(b"", chunk))


CURSOR_QUERY = b"\x1b[6n"


def cursor_column(written: bytes) -> int:
    """The 1-based column after ``written`` on its last line, as an xterm (ambiguous width 1) counts it."""
    line = re.split(rb"[\r\n]", written)[-1]
    text = _CONTROL.sub(b"", line).decode("utf-8", "replace")
    return 1 + sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def terminal_environment(base: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("TEXTUAL", "COLUMNS", "LINES", "NO_COLOR"))}
    # What an SSH session carries: TERM and the locale, but not COLORTERM (so 256 colours, not 24-bit).
    env.pop("COLORTERM", None)
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    return env


def _controlling_terminal() -> None:
    """In the child, after setsid: make the pty (its stdin) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Session:
    """One program on one pty; use as a context manager so it is always ended."""

    def __init__(
        self,
        command: Sequence[str],
        env: dict[str, str],
        columns: int = COLUMNS,
        lines: int = LINES,
        cwd: str | None = None,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.fd = master
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self.fd_open = True
        self.closed = False
        self.total = 0
        self.screen = b""  # everything read so far (for looking for text)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read(self, timeout: float) -> bytes | None:
        """One read, or None after ``timeout`` seconds of silence; b"" at end of output."""
        if self.closed:
            return b""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: every writer of the pty has gone
            data = b""
        if not data:
            self.closed = True
            return b""
        self.total += len(data)
        self.screen += data
        if CURSOR_QUERY in data:  # a terminal answers where its cursor is; the explorer asks before it paints
            before = self.screen[: self.screen.rindex(CURSOR_QUERY)]
            os.write(self.fd, f"\x1b[1;{cursor_column(before)}R".encode())
        return data

    def collect(
        self,
        since: float,
        until: Callable[[bytes], bool] | None = None,
        quiet: float = QUIET,
        timeout: float = 30.0,
    ) -> Burst:
        """Read until ``until(bytes so far)`` holds and then ``quiet`` seconds pass with no output.

        ``seconds`` runs from ``since`` to the last chunk that drew something (not to the end of
        the quiet window, and not to a bare refresh that draws nothing).
        """
        data = b""
        first = last = None
        deadline = time.perf_counter() + timeout
        while True:
            done = until is None or until(data)
            wait = quiet if done else min(quiet, deadline - time.perf_counter())
            chunk = self._read(wait)
            now = time.perf_counter()
            if chunk is None and not done and now < deadline:
                continue
            if chunk is None and not done:
                raise TimeoutError(f"no sign of the wanted screen after {timeout} s; last output {data[-300:]!r}")
            if not chunk:  # quiet (or the end of output)
                last = since if last is None else last
                return Burst(data, last - since, (since if first is None else first) - since)
            data += chunk
            if visible(chunk):
                first = now if first is None else first
                last = now

    def first_paint(self, until: Callable[[bytes], bool], quiet: float = QUIET, timeout: float = 30.0) -> Burst:
        return self.collect(self.started, until, quiet, timeout)

    def send(
        self,
        keys: bytes,
        until: Callable[[bytes], bool] | None = None,
        quiet: float = QUIET,
        timeout: float = 30.0,
    ) -> Burst:
        """Write ``keys`` and collect the answer: it has drawn something (and ``until`` holds), then gone quiet.

        Waiting for a first visible chunk keeps a slow answer (silent for longer than ``quiet``) from
        being counted as the answer to the next key.
        """
        start = time.perf_counter()
        os.write(self.fd, keys)
        return self.collect(start, drawn if until is None else both(drawn, until), quiet, timeout)

    def listen(self, seconds: float) -> int:
        """Read for ``seconds`` whatever comes; the number of bytes."""
        count = 0
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            chunk = self._read(left)
            if not chunk:
                break
            count += len(chunk)
        return count

    def until_exit(self, timeout: float = 30.0) -> Burst:
        """Read to the end of output and wait for the program to exit; seconds from its start to its exit."""
        data = b""
        deadline = self.started + timeout
        while chunk := self._read(deadline - time.perf_counter()):  # b"" or None: the end
            data += chunk
        self.process.wait(timeout=max(deadline - time.perf_counter(), 0.1))
        return Burst(data, time.perf_counter() - self.started)

    def peak_rss_kib(self) -> int:
        """The process's peak resident set (VmHWM) in KiB, while it runs."""
        with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM in /proc status")

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.closed = True
        if self.fd_open:
            self.fd_open = False
            os.close(self.fd)


def drawn(data: bytes) -> bool:
    return visible(data)


def both(first: Callable[[bytes], bool], second: Callable[[bytes], bool]) -> Callable[[bytes], bool]:
    return lambda data: first(data) and second(data)


def contains(*texts: str) -> Callable[[bytes], bool]:
    """A predicate: every text has appeared in the output (as UTF-8)."""
    wanted = [t.encode() for t in texts]
    return lambda data: all(w in data for w in wanted)
