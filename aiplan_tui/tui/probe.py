"""Ask the terminal how wide it draws an ambiguous-width character (before the first paint).

Print one ambiguous character at the start of the line, send a cursor-position query
(``ESC [ 6 n``) and read the answer ``ESC [ row ; col R``: the column tells whether the
character took one cell or two. A terminal that does not answer within the timeout (or is
not a terminal) leaves the mode as it is; the probe never hangs.
"""

from __future__ import annotations

import os
import re
import select
import time
from typing import Any

PROBE = "→"  # U+2192, East Asian Width A
_REPLY = re.compile(rb"\x1b\[(\d+);(\d+)R")


def parse_reply(data: bytes) -> int | None:
    """The cell width of the probe from a cursor-position reply, or None."""
    match = _REPLY.search(data)
    if match is None:
        return None
    column = int(match.group(2))
    return column - 1 if column in (2, 3) else None


class AmbiguousWidthProbe:
    """Ask the terminal now and read its answer later, so the question's round trip (long
    over SSH) overlaps with importing Textual. Use as a context manager: the terminal's
    mode is restored on exit whatever happens in between."""

    def __init__(self, stdin: int = 0, stdout: int = 1) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.asked_at: float | None = None
        self._saved: list[Any] | None = None

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

    def answer(self, timeout: float = 0.25) -> int | None:
        """1 or 2 as the terminal draws ambiguous characters; None when it cannot be told
        (no terminal, or no answer within ``timeout`` seconds of asking)."""
        if self.asked_at is None:
            return None
        data = b""
        deadline = self.asked_at + timeout
        while b"R" not in data:
            # Past the deadline, still take an answer that has already arrived.
            left = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.stdin], [], [], left)
            if not ready:
                break
            chunk = os.read(self.stdin, 64)
            if not chunk:
                break
            data += chunk
        return parse_reply(data)

    def __exit__(self, *_: object) -> None:
        if self._saved is None:
            return
        import termios

        os.write(self.stdout, b"\r\x1b[K")  # erase the probe before the app paints
        termios.tcsetattr(self.stdin, termios.TCSADRAIN, self._saved)
        self._saved = None
