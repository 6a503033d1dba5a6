"""The workspace never loses an acknowledged save (kill -9 at random moments, hundreds of
times) and several processes writing one team file lose nothing and see no lock error."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiplan_tui.store import Store
from aiplan_tui.workspace import db
from aiplan_tui.workspace.db import Workspace, WorkspaceError
from aiplan_tui.workspace.progress import progress, set_progress

from .conftest import PLAN_DB, ROOT

KILLS = 300
BUDGET = 50.0  # seconds for the whole crash test


def _key(tasks: list[str], number: int) -> tuple[str, str]:
    """A distinct task-period for each save of a run."""
    quarter, task = divmod(number, len(tasks))
    return tasks[task], f"{2015 + quarter // 4}Q{quarter % 4 + 1}"


def _writer(path: Path, run: int, acks: int) -> None:
    """In a forked child: open the workspace, then save and acknowledge (one line per save) until killed."""
    store = Store.open(PLAN_DB)
    workspace = Workspace.open(path, store.path, store.meta()["checksum"])
    tasks = [t.id for t in store.all_tasks()]
    os.write(acks, b"ready\n")
    number = 0
    while True:
        task, period = _key(tasks, number)
        actual = [("t1", number, number % 2 == 0)] if task == "3-2.1" else []
        set_progress(store, workspace, task, period, {"status": "정상추진", "note": f"{run}:{number}"}, actual)
        os.write(acks, f"{number}\n".encode())
        number += 1


def _run_and_kill(path: Path, run: int, rng: random.Random) -> list[int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            os.close(read_end)
            _writer(path, run, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    reader = os.fdopen(read_end, "rb")
    early = rng.random() < 0.1  # now and then kill it while it opens (creating or migrating the file)
    if early:
        time.sleep(rng.uniform(0, 0.02))
    else:
        assert reader.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.02))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    lines = reader.read().decode().split()
    reader.close()
    return [int(line) for line in lines if line.isdigit()]


def test_kill_9_at_random_moments_loses_no_acknowledged_save(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "workspace.db"
    tasks = [t.id for t in store.all_tasks()]
    rng = random.Random(14)
    started = time.monotonic()
    kills = acknowledged = 0
    while kills < KILLS and time.monotonic() - started < BUDGET:
        acked = _run_and_kill(path, kills, rng)
        kills += 1
        acknowledged += len(acked)
        check = sqlite3.connect(path)  # a plain reader, as after a power cut: WAL recovery included
        try:
            assert check.execute("pragma integrity_check").fetchone()[0] == "ok"
            for number in acked:
                task, period = _key(tasks, number)
                row = check.execute("select note from progress where task = ? and period = ?", (task, period))
                assert row.fetchone() == (f"{kills - 1}:{number}",), (kills, number)
            if acked:
                logged = check.execute("select count(*) from changes").fetchone()[0]
                assert logged >= len(acked)
        finally:
            check.close()
    assert kills >= 100, f"only {kills} kills in {BUDGET} s"
    assert acknowledged > kills  # the kills came during saves, not only before the first
    print(f"\n{kills} kills in {time.monotonic() - started:.1f} s, {acknowledged} acknowledged saves all found")


WRITER = """
import sys
from pathlib import Path
from aiplan_tui.store import Store
from aiplan_tui.workspace.db import Workspace
from aiplan_tui.workspace.progress import set_progress
plan, path, me, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
store = Store.open(Path(plan))
workspace = Workspace.open(path, store.path, store.meta()["checksum"])
workspace.user = f"user{me}"
tasks = [t.id for t in store.all_tasks()]
field = ("note", "issues", "plans", "evidence")[me % 4]
for number in range(count):
    # everyone edits one shared row (each a different field) and a row of its own
    set_progress(store, workspace, "3-2.1", "2025", {field: f"{me}:{number}"}, [("t1", me * 1000 + number, False)])
    set_progress(store, workspace, tasks[me], f"{2015 + number // 4}Q{number % 4 + 1}", {"note": f"{me}:{number}"})
print("done")
"""


def test_several_processes_on_one_team_file_lose_nothing(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "team.db"
    writers, saves = 4, 40
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(PLAN_DB), str(path), str(me), str(saves)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for me in range(writers)
    ]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0 and out.strip() == "done", err
    workspace = Workspace.open(path, store.path, store.meta()["checksum"])
    [shared] = progress(workspace, task="3-2.1", period="2025")
    assert (shared.note, shared.issues, shared.plans, shared.evidence) == tuple(
        f"{me}:{saves - 1}" for me in range(writers)
    )  # no writer's last value was lost to another's save of the same row
    tasks = [t.id for t in store.all_tasks()]
    for me in range(writers):
        own = progress(workspace, task=tasks[me])
        notes = {e.note for e in own if e.period != "2025"}
        assert notes == {f"{me}:{n}" for n in range(saves)}
    log = workspace.read("select who, count(*) from changes group by who order by who")
    assert [tuple(row) for row in log] == [(f"user{me}", saves * 3) for me in range(writers)]
    assert workspace.read("pragma integrity_check")[0][0] == "ok"
    workspace.close()


def test_a_lock_held_too_long_is_a_clear_message_and_nothing_changes(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "team.db"
    Workspace.open(path, store.path, store.meta()["checksum"]).close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(db, "RETRIES", 2)
    workspace = Workspace.open(path, store.path, store.meta()["checksum"])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("begin immediate")
    started = time.monotonic()
    with pytest.raises(WorkspaceError, match="다른 사용자가 오래 쓰고") as error:
        set_progress(store, workspace, "3-2.1", "2025", {"status": "완료"})
    assert time.monotonic() - started < 5 and "아무것도 바뀌지 않았습니다" in str(error.value)
    other.execute("rollback")
    other.close()
    assert progress(workspace) == []
    set_progress(store, workspace, "3-2.1", "2025", {"status": "완료"})  # once free, it saves
    assert [p.status for p in progress(workspace)] == ["완료"]
    workspace.close()
