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

PROBE = "→"  # U+2192, East Asian Width A
_REPLY = re.compile(rb"\x1b\[(\d+);(\d+)R")


def parse_reply(data: bytes) -> int | None:
    """The cell width of the probe from a cursor-position reply, or None."""
    match = _REPLY.search(data)
    if match is None:
        return None
    column = int(match.group(2))
    return column - 1 if column in (2, 3) else None


def ambiguous_width(timeout: float = 0.25, stdin: int = 0, stdout: int = 1) -> int | None:
    """1 or 2 as the terminal draws ambiguous characters; None when it cannot be told."""
    if not (os.isatty(stdin) and os.isatty(stdout)):
        return None
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal
        return None
    saved = termios.tcgetattr(stdin)
    data = b""
    try:
        tty.setcbreak(stdin, termios.TCSANOW)
        attributes = termios.tcgetattr(stdin)
        attributes[3] &= ~termios.ECHO  # the terminal's reply must not be echoed
        termios.tcsetattr(stdin, termios.TCSANOW, attributes)
        os.write(stdout, ("\r" + PROBE + "\x1b[6n").encode("utf-8"))
        deadline = time.monotonic() + timeout
        while b"R" not in data:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([stdin], [], [], left)
            if not ready:
                break
            chunk = os.read(stdin, 64)
            if not chunk:
                break
            data += chunk
    finally:
        os.write(stdout, b"\r\x1b[K")  # erase the probe before the app paints
        termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
    return parse_reply(data)
