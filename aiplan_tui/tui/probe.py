"""Ask the terminal how wide it draws an ambiguous-width character (before the first paint).

Print one ambiguous character at the start of the line, send a cursor-position query
(``ESC [ 6 n``) and read the answer ``ESC [ row ; col R``: the column tells whether the
character took one cell or two. A terminal that does not answer within the wait (or is not
a terminal) leaves the mode as it is; the probe never hangs. Over a slow link the answer
may come later still: the explorer then reads it as input (``late_width``), and until the
explorer has ended the terminal does not echo, so such an answer is never shown.
"""

from __future__ import annotations

import os
import re
import select
import time
from typing import Any

PROBE = "→"  # U+2192, East Asian Width A
_REPLY = re.compile(rb"\x1b\[(\d+);(\d+)R")
REST_OF_REPLY = 0.5  # seconds to wait for the rest of an answer whose start has arrived
EXIT_DRAIN = 0.2  # seconds to wait at exit for an answer still on its way
DRAIN_WITHIN = 5.0  # … if it was asked at most this long ago (later, it is not coming)


def width_of_column(column: int) -> int | None:
    """The probe's cell width from the 1-based column the cursor ended on, or None."""
    return column - 1 if column in (2, 3) else None


def parse_reply(data: bytes) -> int | None:
    """The cell width of the probe from a cursor-position reply, or None."""
    match = _REPLY.search(data)
    if match is None:
        return None
    return width_of_column(int(match.group(2)))


class AmbiguousWidthProbe:
    """Ask the terminal now and read its answer later, so the question's round trip (long
    over SSH) overlaps with importing Textual. Use as a context manager around the whole
    explorer: the terminal's mode is restored on exit whatever happens in between."""

    def __init__(self, stdin: int = 0, stdout: int = 1) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.asked_at: float | None = None
        self.answered = False  # by the probe itself or, later, through the explorer's input
        self._saved: list[Any] | None = None
        self._erased = False

    def __enter__(self) -> AmbiguousWidthProbe:
        if not (os.isatty(self.stdin) and os.isatty(self.stdout)):
            return self
        try:
            import termios
            import tty
        except ImportError:  # not a POSIX terminal
            return self
        self._saved = termios.tcgetattr(self.stdin)
        tty.setcbreak(self.stdin, termios.TCSANOW)
        attributes = termios.tcgetattr(self.stdin)
        attributes[3] &= ~termios.ECHO  # the terminal's reply must not be echoed
        termios.tcsetattr(self.stdin, termios.TCSANOW, attributes)
        os.write(self.stdout, ("\r" + PROBE + "\x1b[6n").encode("utf-8"))
        self.asked_at = time.monotonic()
        return self

    @property
    def pending(self) -> bool:
        """Asked and not answered yet."""
        return self.asked_at is not None and not self.answered

    def answer(self, timeout: float = 0.25) -> int | None:
        """1 or 2 as the terminal draws ambiguous characters; None when it cannot be told
        (no terminal, or no answer within ``timeout`` seconds of asking). Erases the probe."""
        if self.asked_at is None:
            return None
        data = b""
        deadline = self.asked_at + timeout
        while b"R" not in data:
            # Past the deadline, still take an answer that has already arrived; and once its
            # first bytes are here, wait a little for the rest rather than leave it half read.
            left = max(0.0, deadline - time.monotonic())
            if b"\x1b" in data:
                left = max(left, REST_OF_REPLY)
            ready, _, _ = select.select([self.stdin], [], [], left)
            if not ready:
                break
            chunk = os.read(self.stdin, 64)
            if not chunk:
                break
            data += chunk
        self.erase()
        width = parse_reply(data)
        self.answered = width is not None
        return width

    def late_answer(self, column: int) -> int | None:
        """The width from a cursor-position report that reached the explorer's input, if it is
        the answer to our question (asked, not yet answered, a probe's column)."""
        width = width_of_column(column)
        if not self.pending or width is None:
            return None
        self.answered = True
        return width

    def erase(self) -> None:
        """Erase the probe before the app paints (once)."""
        if self._saved is not None and not self._erased:
            os.write(self.stdout, b"\r\x1b[K")
            self._erased = True

    def __exit__(self, *_: object) -> None:
        if self._saved is None:
            return
        import termios

        self.erase()
        if self.pending and self.asked_at is not None:
            # An answer still on its way would land in the shell's input: wait for it briefly,
            # and drop whatever of it arrived after the explorer stopped reading.
            if time.monotonic() - self.asked_at < DRAIN_WITHIN:
                select.select([self.stdin], [], [], EXIT_DRAIN)
            termios.tcflush(self.stdin, termios.TCIFLUSH)
        termios.tcsetattr(self.stdin, termios.TCSADRAIN, self._saved)
        self._saved = None
