"""Issue 11 end to end in tmux at 80×24: Korean typed as jamo (what a 2-beolsik IME in 한글
mode sends), keys in one burst, and `c` inside tmux with its default clipboard setting."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from .test_e2e_tmux import started


def right_panel(screen: str) -> list[str]:
    """The text panel's column of each row (right of the tree's border)."""
    return [line.split("▕", 1)[1].strip() if "▕" in line else "" for line in screen.splitlines()]


def test_jamo_shortcuts_after_korean_typing(tmp_path: Path) -> None:
    with started({"TERM": "xterm-256color", "AIPLAN_CONFIG_DIR": str(tmp_path)}) as terminal:
        terminal.wait_for("전략별", "과제 78/78")
        terminal.keys("/")
        terminal.wait_for("검색어:")
        terminal.text("홍수")
        terminal.wait_for("‘홍수’ 9건")
        terminal.keys("Escape")
        time.sleep(0.5)  # an escape followed at once by a key reads as alt+key
        terminal.text("ㅡ")  # m with the IME still in 한글
        terminal.wait_for("소관부처", "좁히기")
        terminal.text("행안")
        terminal.keys("Enter")
        terminal.wait_for("부처 행안부", "과제 2/78")
        terminal.keys("/")
        terminal.wait_for("검색어:")
        terminal.text("홍수")
        terminal.wait_for("‘홍수’ 0건 · 필터 밖 9건 — x로 해제")
        terminal.keys("Escape")
        time.sleep(0.5)
        terminal.text("ㅌ")  # x
        terminal.wait_for("필터 없음")
        terminal.text("ㅍ")  # v
        terminal.wait_for("부처별")
        terminal.text("ㅂ")  # q
        deadline = time.monotonic() + 10
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not terminal.alive()


def test_ten_downs_in_one_burst_scroll_the_panel_ten_lines(tmp_path: Path) -> None:
    """B5: `aiplan open summary`, Tab, ten ↓ in one write scrolled 1 line."""
    with started({"TERM": "xterm-256color", "AIPLAN_CONFIG_DIR": str(tmp_path)}, "open", "summary") as terminal:
        terminal.wait_for("추진 배경")
        terminal.keys("Tab")
        time.sleep(0.5)
        before = right_panel(terminal.screen())
        row = next(n for n in range(12, 20) if before[n] and before.count(before[n]) == 1)
        terminal.keys(*["Down"] * 10)  # one send-keys: one write to the terminal
        deadline = time.monotonic() + 10
        after = right_panel(terminal.screen())
        while time.monotonic() < deadline and after[row - 10] != before[row]:
            time.sleep(0.1)
            after = right_panel(terminal.screen())
        assert after[row - 10] == before[row], (before, after)


def test_copy_in_tmux_saves_a_file_and_fills_a_paste_buffer(tmp_path: Path) -> None:
    """B3: in tmux with default settings the toast said 복사했습니다 and nothing was copied."""
    copied = tmp_path / "copied"
    environment = {"TERM": "xterm-256color", "AIPLAN_CONFIG_DIR": str(tmp_path), "AIPLAN_COPY_DIR": str(copied)}
    with started(environment, "open", "3-2.5") as terminal:
        terminal.wait_for("3-2.5 AI 기반 지능형 CCTV")
        time.sleep(0.5)
        terminal.text("ㅊ")  # c
        screen = terminal.wait_for("저장했습니다")
        saved = copied / "3-2.5.txt"
        assert saved.read_text(encoding="utf-8").startswith("[3-2.5] AI 기반 지능형 CCTV 관제시스템 구축")
        assert "tmux 버퍼" in screen and "OSC 52" in screen
        listed = subprocess.run(["tmux", "list-buffers", "-F", "#{buffer_sample}"], capture_output=True, check=True)
        samples = listed.stdout.decode("utf-8", errors="replace").splitlines()  # samples cut mid-character
        assert any(line.startswith("[3-2.5] AI 기반 지능형 CCTV") for line in samples)
