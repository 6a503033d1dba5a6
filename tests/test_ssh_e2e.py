"""End to end through a real SSH login: a throwaway sshd on 127.0.0.1, a latency relay in
front of it (no delay, and a round trip of ~400 ms), and a real ``ssh -tt`` client in tmux
(or in a pyte terminal that draws ambiguous-width characters two cells wide)."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from wcwidth import wcswidth

from .conftest import PLAN_DB
from .ssh.clients import EXITED, TmuxClient, WideTerminal, tmux_client
from .ssh.server import Login, Relay, explorer_argv, remote_command, sshd

READY = "과제 78/78"
HALF_RTT = 0.2  # seconds each way: a round trip of ~400 ms
RESTORED = "0 0 1"  # no alternate screen, no mouse mode, the cursor shown


@pytest.fixture(scope="module")
def login(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Login]:
    assert shutil.which("tmux"), "tmux is needed (apt-get install tmux; .ci/run installs it)"
    with sshd(tmp_path_factory.mktemp("sshd")) as running:
        yield running


def session_env(home: Path) -> dict[str, str]:
    """The explorer's own files (settings, remembered terminals, workspace) under the test's directory."""
    return {"AIPLAN_CONFIG_DIR": str(home), "XDG_CACHE_HOME": str(home), "AIPLAN_WORKSPACE": str(home / "workspace.db")}


@dataclass(frozen=True)
class Case:
    half_rtt: float = 0.0
    size: tuple[int, int] = (80, 24)
    client_env: dict[str, str] = field(default_factory=lambda: {"TERM": "xterm-256color"})
    args: tuple[str, ...] = ()
    resize_to: tuple[int, int] | None = None


CASES = {
    "80x24": Case(),
    "60x20": Case(size=(60, 20)),
    "80x24-rtt400": Case(HALF_RTT),
    "60x20-rtt400": Case(HALF_RTT, (60, 20)),
    "slow-link-rtt400": Case(HALF_RTT, args=("--slow-link",)),
    "TERM=xterm": Case(client_env={"TERM": "xterm"}),
    "TERM=linux": Case(client_env={"TERM": "linux"}),
    "LANG=C": Case(client_env={"TERM": "xterm-256color", "LANG": "C", "LC_ALL": "C"}),
    "resized-rtt400": Case(HALF_RTT, resize_to=(60, 20)),
}


def walk_through(client: TmuxClient, case: Case) -> None:
    """Open, see the strategies, move, filter by ministry, search, read help, quit."""
    client.wait_for(READY, "전략 1", "전략 2", timeout=60)
    if case.resize_to is not None:
        client.resize(*case.resize_to)
        client.wait_gone("q 종료")  # the key bar is laid out again for 60 columns
        client.wait_for(READY, "전략 1")
    client.keys("j")
    client.wait_for("순 서")  # the text panel follows the cursor to 순서
    client.keys("m")
    client.wait_for("소관부처")
    client.text("환경")
    client.wait_for("환경부 (")
    client.keys("Enter")
    client.wait_for("부처 환경부", "과제 2/78")
    client.keys("x")
    client.wait_for("필터 없음", READY)
    client.keys("/")
    client.wait_for("검색어")
    client.text("재선충")
    client.wait_for("‘재선충’ 3건")
    client.keys("Escape")
    client.wait_gone("‘재선충’")
    client.keys("?")
    client.wait_for("q 로 닫습니다")
    client.keys("Escape")
    client.wait_gone("q 로 닫습니다")
    client.keys("q")
    client.wait_for(f"{EXITED} 0")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_explorer_over_ssh(login: Login, case: Case, tmp_path: Path) -> None:
    remote = remote_command(explorer_argv(PLAN_DB, *case.args), session_env(tmp_path))
    with Relay(login.port, case.half_rtt) as relay:
        ssh = login.command(remote, port=relay.port, send_env=("LANG", "LC_ALL"))
        with tmux_client(ssh, case.client_env, case.size) as client:
            walk_through(client, case)
            assert client.display("#{alternate_on} #{mouse_any_flag} #{cursor_flag}") == RESTORED


# A terminal that draws ambiguous characters wide ---------------------------------------------


WIDE_CASES = {
    "no-delay": (0.0, 0.0),
    "rtt400": (HALF_RTT, 0.0),
    "rtt400-late-answer": (HALF_RTT, 1.5),  # the answer comes after the explorer stopped waiting
}


@pytest.mark.parametrize(("half_rtt", "answer_delay"), WIDE_CASES.values(), ids=WIDE_CASES.keys())
def test_a_wide_ambiguous_terminal_over_ssh(login: Login, half_rtt: float, answer_delay: float, tmp_path: Path) -> None:
    remote = remote_command(explorer_argv(PLAN_DB), session_env(tmp_path))
    env = {**os.environ, "TERM": "xterm-256color"}
    with Relay(login.port, half_rtt) as relay:
        terminal = WideTerminal(login.command(remote, port=relay.port), env, (80, 24), answer_delay)
        try:
            painted_narrow = False

            def ready() -> bool:
                nonlocal painted_narrow
                painted_narrow = painted_narrow or "▶" in terminal.text()
                return READY in terminal.text()

            terminal.wait(ready, timeout=60)
            terminal.wait(lambda: not terminal.ambiguous(), timeout=15)  # the mode has settled
            terminal.pump(0.5)
            assert painted_narrow == (answer_delay > 0)  # only a late answer lets a narrow frame out
            steps = [("j", "순 서"), ("/", "검색어"), ("재선충", "3건"), ("\x1b", READY), ("m", "소관부처")]
            for keys, wanted in steps:
                terminal.send(keys)
                terminal.wait(shows(terminal, wanted), timeout=20)
                terminal.pump(0.4)
                assert not terminal.ambiguous(), terminal.text()
                for number, line in enumerate(terminal.lines()):
                    assert wcswidth(line, ambiguous_width=2) == 80, f"line {number} is misaligned: {line!r}"
            assert ";3R" not in terminal.text()
        finally:
            terminal.close()


def shows(terminal: WideTerminal, text: str) -> Callable[[], bool]:
    return lambda: text in terminal.text()


# Dropped connections -----------------------------------------------------------------------


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("dropped", ["client killed", "link cut"])
def test_a_dropped_connection_leaves_nothing_running_on_the_server(login: Login, dropped: str, tmp_path: Path) -> None:
    pid_file = tmp_path / "explorer.pid"
    remote = remote_command(explorer_argv(PLAN_DB), session_env(tmp_path), pid_file)
    env = {**os.environ, "TERM": "xterm-256color"}
    with Relay(login.port, HALF_RTT) as relay:
        terminal = WideTerminal(login.command(remote, port=relay.port), env, (80, 24), 0.0)
        try:
            terminal.wait(lambda: READY in terminal.text(), timeout=60)
            terminal.send("j")
            terminal.wait(lambda: "순 서" in terminal.text())  # mid-use
            explorer = int(pid_file.read_text())
            assert b"aiplan_tui" in Path(f"/proc/{explorer}/cmdline").read_bytes()
            if dropped == "client killed":
                os.kill(terminal.pid, signal.SIGKILL)
            else:
                os.kill(relay.pid, signal.SIGKILL)
            deadline = time.monotonic() + 5
            while running(explorer) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not running(explorer), f"the explorer (pid {explorer}) still runs after the connection dropped"
        finally:
            terminal.close()
