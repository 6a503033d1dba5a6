"""Issue 14 end to end in tmux at 80×24: an official marks 3-2.1 정상추진 for 2025 with a
추진실적 typed in Korean and an actual value, saves with ctrl+s, and the app is killed with
SIGKILL the moment the toast says it is saved: the CLI still finds everything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import PLAN_DB
from .test_e2e_tmux import started


def pane_pid(session: str) -> int:
    shown = subprocess.run(
        ["tmux", "display-message", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True, check=True
    )
    return int(shown.stdout.strip())


def test_mark_save_kill_and_the_cli_finds_it(tmp_path: Path) -> None:
    workspace = tmp_path / "team" / "workspace.db"
    environment = {
        "TERM": "xterm-256color",
        "AIPLAN_CONFIG_DIR": str(tmp_path / "config"),
        "AIPLAN_COPY_DIR": str(tmp_path / "copied"),
        "AIPLAN_WORKSPACE": str(workspace),
    }
    with started(environment) as terminal:
        terminal.wait_for("전략별", "과제 78/78")
        terminal.keys("g")
        terminal.wait_for("이동할 id")
        terminal.text("3-2.1")
        terminal.keys("Enter")
        terminal.wait_for("3-2.1 실시간 산불감시 AI 시스템 도입 확대")
        time.sleep(0.3)
        terminal.keys("e")
        terminal.wait_for("실적 입력 — 3-2.1", "추진실적", "목표 실적")
        time.sleep(0.5)  # the status field takes the focus once the editor is drawn
        terminal.keys("BTab")  # from the status to the period
        time.sleep(0.2)
        terminal.keys("C-a", "C-k")
        time.sleep(0.2)
        terminal.text("2025")
        terminal.wait_for("목표 실적 (2025)")
        terminal.keys("Tab")  # the status: open its list, 미입력 → 미착수 → 정상추진
        terminal.keys("Enter")
        terminal.wait_for("● 정상추진", "▲ 관심필요")
        terminal.keys("Down", "Down", "Enter")
        time.sleep(0.3)  # the list closes and gives the focus back to the status
        terminal.keys("Tab")  # 추진실적
        time.sleep(0.2)
        terminal.text("산불감시 AI 50개소 설치 완료")
        terminal.wait_for("50개소 설치 완료")
        terminal.keys("Tab", "Tab", "Tab", "Tab")  # 애로사항, 향후계획, 증빙, the target's actual
        # Textual forwards a key to the widget focused when it is read: letters sent in the same
        # burst as the Tabs can reach 추진실적 before the focus has moved (seen under a loaded CI).
        time.sleep(0.3)
        terminal.text("30")
        terminal.wait_for("30", "계획 50개소")  # the plan's value for 2025 beside the actual
        terminal.keys("C-s")
        terminal.wait_for("3-2.1 2025 저장")
        os.killpg(os.getpgid(pane_pid(terminal.session)), signal.SIGKILL)  # right after the toast
    shown = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), "progress", "show", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "AIPLAN_WORKSPACE": str(workspace)},
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    entries = json.loads(shown.stdout)
    assert [(e["task"], e["period"], e["status"], e["note"]) for e in entries] == [
        ("3-2.1", "2025", "정상추진", "산불감시 AI 50개소 설치 완료")
    ]
    assert [(a["target"], a["value"]) for a in entries[0]["actuals"]] == [("3-2/t1", 30)]
