"""End to end in a real terminal: tmux runs the explorer at 80×24; we type and read the screen.

An official's path: find all tasks of 행안부, read the target of AI CCTV 관제 ('22년 32% →
'27년 100%), search 재선충 and jump to it, and quit — from the keyboard alone.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

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


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    assert shutil.which("tmux"), "tmux is needed for the end-to-end test (apt-get install tmux)"
    session = f"aiplan-e2e-{uuid.uuid4().hex[:8]}"
    command = f"{shlex.quote(sys.executable)} -m aiplan_tui --db {shlex.quote(str(PLAN_DB))}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-e", "TERM=xterm-256color", command],
        check=True,
    )
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


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
    screen = terminal.wait_for("3-2.5", "3-2.7")
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
    terminal.keys("Enter")
    screen = terminal.wait_for("재선충", "3-3/6", "원문 924행")

    terminal.keys("q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "the explorer did not quit on q"
