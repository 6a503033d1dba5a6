"""SSH clients for the end-to-end tests: ``ssh -tt`` in tmux, or in a pyte terminal that
draws ambiguous-width characters two cells wide and answers cursor-position queries."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import shlex
import signal
import struct
import subprocess
import termios
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence

import pyte
import pyte.screens
from wcwidth import wcwidth

from ..test_e2e_tmux import Terminal

EXITED = "SSH-EXITED"


class TmuxClient(Terminal):
    """``ssh`` in a tmux pane; when it ends the pane stays, showing ``SSH-EXITED <status>``."""

    def __init__(self, ssh: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> None:
        super().__init__(f"aiplan-ssh-{uuid.uuid4().hex[:8]}")
        line = f"{shlex.join(ssh)}; echo {EXITED} $?; exec sleep 600"
        settings = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
        columns, rows = size
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.session, "-x", str(columns), "-y", str(rows), *settings, line],
            check=True,
        )

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)

    def display(self, formats: str) -> str:
        done = subprocess.run(["tmux", "display", "-p", "-t", self.session, formats], capture_output=True, text=True)
        return done.stdout.strip()

    def resize(self, columns: int, rows: int) -> None:
        subprocess.run(["tmux", "resize-window", "-t", self.session, "-x", str(columns), "-y", str(rows)], check=True)

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        return super().wait_for(*needles, timeout=timeout)  # a login and a slow link take longer

    def wait_gone(self, needle: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle not in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} still on screen after {timeout} s:\n{screen}")


@contextlib.contextmanager
def tmux_client(ssh: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> Iterator[TmuxClient]:
    client = TmuxClient(ssh, env, size)
    try:
        yield client
    finally:
        client.close()


def ambiguous_wide(char: str) -> int:
    """Cell width as a terminal that draws ambiguous characters wide counts it."""
    return 2 if unicodedata.east_asian_width(char) == "A" else wcwidth(char)


class WideTerminal:
    """A program (``ssh``) on a pty drawn by pyte with ambiguous characters two cells wide; it
    answers the cursor-position query as such a terminal would, ``answer_delay`` s later."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int], answer_delay: float) -> None:
        columns, rows = size
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.answers: list[tuple[float, bytes]] = []
        self.answer_delay = answer_delay
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], list(argv), dict(env))
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.screen.write_process_input = self._answer  # type: ignore[method-assign]
        self._wcwidth = pyte.screens.wcwidth  # pyte measures with it when drawing and displaying
        pyte.screens.wcwidth = ambiguous_wide

    def _answer(self, data: str) -> None:
        self.answers.append((time.monotonic() + self.answer_delay, data.encode("utf-8")))

    def pump(self, seconds: float) -> None:
        """Read and draw for ``seconds``, sending due answers."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            while self.answers and self.answers[0][0] <= time.monotonic():
                os.write(self.fd, self.answers.pop(0)[1])
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.02))
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.stream.feed(data)

    def lines(self) -> list[str]:
        """The screen's rows (pyte's own ``display`` fails on the half of a wide character that
        a narrow one overwrote, which a wrongly measured frame leaves behind)."""
        buffer = self.screen.buffer
        return ["".join(buffer[y][x].data for x in range(self.screen.columns)) for y in range(self.screen.lines)]

    def text(self) -> str:
        return "\n".join(self.lines())

    def ambiguous(self) -> set[str]:
        return {c for line in self.lines() for c in line if unicodedata.east_asian_width(c) == "A"}

    def wait(self, done: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"not reached after {timeout} s:\n{self.text()}")
            self.pump(0.1)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def close(self) -> None:
        pyte.screens.wcwidth = self._wcwidth
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)
