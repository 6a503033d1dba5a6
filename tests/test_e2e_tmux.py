"""End to end in a real terminal: tmux runs the explorer at 80×24; we type and read the screen.

An official's path: find all tasks of 행안부, read the target of AI CCTV 관제 ('22년 32% →
'27년 100%), search 재선충 and jump to it, and quit — from the keyboard alone.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import PLAN_DB


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def text(self, literal: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, "-l", literal], check=True)

    def screen(self) -> str:
        result = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, *needles: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(n in screen for n in needles):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needles} not on screen after {timeout}s:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.session], capture_output=True).returncode == 0


@contextmanager
def started(environment: dict[str, str], *args: str) -> Iterator[Terminal]:
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test (apt-get install tmux)"
    session = f"aiplan-e2e-{uuid.uuid4().hex[:8]}"
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *args])
    environment = {"AIPLAN_WORKSPACE": os.environ["AIPLAN_WORKSPACE"], **environment}  # never the user's own
    settings = [arg for name, value in environment.items() for arg in ("-e", f"{name}={value}")]
    new_session = ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", *settings, command]
    for _ in range(5):
        # The previous test's kill-session leaves the server exiting: a client that reaches it
        # then fails (seen once in a full run), and the next try starts a new server.
        if subprocess.run(new_session, capture_output=True).returncode == 0:
            break
        time.sleep(0.3)
    else:
        subprocess.run(new_session, check=True)
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with started({"TERM": "xterm-256color", "AIPLAN_CONFIG_DIR": str(tmp_path)}) as running:
        yield running


def test_an_official_finds_filters_reads_searches_and_quits(terminal: Terminal) -> None:
    terminal.wait_for("전략별", "과제 78/78", "검색")

    terminal.keys("m")
    terminal.wait_for("소관부처")
    terminal.text("행안부")
    terminal.keys("Enter")
    terminal.wait_for("행안부", "과제 2/78")

    terminal.keys("v")  # by ministry: 행안부 → its tasks
    terminal.wait_for("부처별")
    terminal.keys("Enter")
    # the panel lists the ministry's tasks at once; wait for the tree to show them too
    screen = terminal.wait_for("├ ▶ 3-2.5", "└ ▶ 3-2.7")
    assert "3-2.1" not in screen  # only 행안부's tasks are listed

    terminal.keys("j")  # 3-2.5 AI 기반 지능형 CCTV 관제시스템 구축
    screen = terminal.wait_for("'22", "32%", "100%")
    assert "행정안전부" in screen

    terminal.keys("x")
    terminal.wait_for("필터 없음")
    terminal.keys("/")
    terminal.wait_for("검색어")
    terminal.text("재선충")
    terminal.wait_for("‘재선충’ 3건")
    terminal.keys("Down")  # to the results
    time.sleep(0.3)
    terminal.keys("Down")  # past the 요약's table row, first in reading order
    terminal.keys("Enter")
    screen = terminal.wait_for("재선충", "3-3/6", "관련 과제", "3-3.3 산림해충")  # the item's panel, headed by its id

    terminal.keys("q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "the explorer did not quit on q"


@pytest.mark.parametrize(
    "environment",
    [
        {"TERM": "xterm"},
        {"TERM": "screen"},
        {"TERM": "linux"},
        {"TERM": "tmux-256color", "COLORTERM": ""},
        {"TERM": "xterm-256color", "LANG": "C", "LC_ALL": "C"},
    ],
    ids=["xterm", "screen", "linux", "no-truecolor", "LANG=C"],
)
def test_works_with_every_terminal_type_and_the_c_locale(environment: dict[str, str], tmp_path: Path) -> None:
    with started({**environment, "AIPLAN_CONFIG_DIR": str(tmp_path)}, "--ambiguous-width", "wide") as terminal:
        terminal.wait_for("전략별", "과제 78/78")  # Korean is still shown under LANG=C
        terminal.keys("g")
        terminal.wait_for("이동할 id")
        terminal.text("3-2.5")
        terminal.keys("Enter")
        screen = terminal.wait_for("32%", "100%")
        assert not any(unicodedata.east_asian_width(c) == "A" for c in screen)
        terminal.keys("q")
        deadline = time.monotonic() + 10
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not terminal.alive()
