"""Reliability: every way out restores the terminal, with the conventional exit status (issue 15, item 2).

The audit: SIGTERM, SIGHUP and SIGQUIT left tmux on the alternate screen, with all-motion SGR
mouse reporting on, the cursor hidden and autowrap off. tmux reports those modes of a pane
(``#{alternate_on}``, ``#{mouse_any_flag}``…), so each test reads them after the signal.
"""

from __future__ import annotations

import os
import pty
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .conftest import PLAN_DB

MODES = (
    "alt=#{alternate_on} any=#{mouse_any_flag} all=#{mouse_all_flag} sgr=#{mouse_sgr_flag}"
    " btn=#{mouse_button_flag} cursor=#{cursor_flag} wrap=#{wrap_flag}"
)
IN_APP = "alt=1 any=1 all=1 sgr=1 btn=0 cursor=0 wrap=0"
RESTORED = "alt=0 any=0 all=0 sgr=0 btn=0 cursor=1 wrap=1"


class Pane:
    """One tmux server of its own, running the explorer under a shell that reports its exit status."""

    def __init__(self, server: str, pid_file: Path) -> None:
        self.server = server
        self.pid_file = pid_file

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], capture_output=True, text=True, check=True).stdout

    def modes(self) -> str:
        return self.tmux("display-message", "-p", "-t", "app", MODES).strip()

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in (screen := self.screen()):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} not on screen after {timeout}s:\n{self.screen()}")

    def open_search(self, query: str, expect: str) -> None:
        """Press / and type; on a loaded machine the first key can come before the app reads keys."""
        self.wait_for("과제 78/78")
        for _ in range(3):
            self.tmux("send-keys", "-t", "app", "/")
            self.tmux("send-keys", "-t", "app", "-l", query)
            try:
                self.wait_for(expect, timeout=5)
                return
            except AssertionError:
                self.tmux("send-keys", "-t", "app", "Escape")
                time.sleep(0.5)
        self.wait_for(expect, timeout=1)

    def pid(self) -> int:
        return int(self.pid_file.read_text())


@contextmanager
def explorer_in_tmux(tmp_path: Path) -> Iterator[Pane]:
    assert shutil.which("tmux"), "tmux is needed for the signal tests (apt-get install tmux)"
    server = f"aiplan-rel-{uuid.uuid4().hex[:8]}"
    pid_file = tmp_path / "pid"
    app = " ".join(
        shlex.quote(p)
        for p in [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), "--ambiguous-width", "narrow"]
    )
    script = f"echo $$ > {shlex.quote(str(pid_file))}; exec {app}"
    shell = f"sh -c {shlex.quote(script)}; echo EXIT=$?; sleep 600"
    env = ["-e", f"AIPLAN_CONFIG_DIR={tmp_path}"]
    size = ["-x", "100", "-y", "30"]
    subprocess.run(["tmux", "-L", server, "new-session", "-d", "-s", "app", *size, *env, shell], check=True)
    try:
        yield Pane(server, pid_file)
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)


SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT)


def signalled(signum: signal.Signals, tmp_path: Path) -> tuple[str, str, str]:
    """Modes in use, the exit line and the modes after the signal, for one explorer."""
    with explorer_in_tmux(tmp_path) as pane:
        pane.open_search("홍수", "9건")  # mid-use, as in the audit: the search box open
        in_use = pane.modes()
        os.kill(pane.pid(), signum)
        screen = pane.wait_for("EXIT=", timeout=10)
        exit_line = next(line for line in screen.splitlines() if line.startswith("EXIT="))
        return in_use, exit_line, pane.modes()


def test_each_signal_restores_the_terminal_and_exits_128_plus_n(tmp_path: Path) -> None:
    """The four signals, each to its own explorer in its own tmux server, side by side."""
    folders = {signum: tmp_path / signum.name for signum in SIGNALS}
    for folder in folders.values():
        folder.mkdir()
    with ThreadPoolExecutor(len(SIGNALS)) as pool:
        outcomes = list(pool.map(signalled, SIGNALS, folders.values()))
    for index, (in_use, exit_line, after) in enumerate(outcomes):
        signum = SIGNALS[index]
        assert in_use == IN_APP, signum.name
        assert exit_line == f"EXIT={128 + signum}", signum.name
        assert after == RESTORED, signum.name


def test_a_hung_up_terminal_ends_the_explorer_within_seconds() -> None:
    """An SSH disconnect: the pty's master side closes and the kernel sends SIGHUP."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(
            sys.executable,
            [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), "--ambiguous-width", "narrow"],
        )
    started = b""
    deadline = time.monotonic() + 20
    while b"78/78" not in started and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            started += os.read(fd, 65536)
    assert b"78/78" in started, "the explorer did not start"
    os.close(fd)  # hang up
    hung_up = time.monotonic()
    status = None
    while status is None and time.monotonic() - hung_up < 10:
        done, code = os.waitpid(pid, os.WNOHANG)
        status = os.waitstatus_to_exitcode(code) if done else None
        time.sleep(0.05)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert status == 128 + signal.SIGHUP
    assert time.monotonic() - hung_up < 5
