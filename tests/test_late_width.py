"""The ambiguous-width answer that arrives late (a slow link) still sets the mode, is never
taken as a key or shown, and a remembered answer never overrides a fresh one."""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from pathlib import Path

import pytest

from aiplan_tui.tui import late_width, terminal_memory
from aiplan_tui.tui.probe import AmbiguousWidthProbe

from .terminal import PtyApp, explorer

READY = "과제 78/78"


def ambiguous_on(app: PtyApp) -> set[str]:
    return {c for line in app.lines() for c in line if unicodedata.east_asian_width(c) == "A"}


def answer_after(app: PtyApp, seconds: float) -> None:
    """The fake terminal answers queries ``seconds`` late, as over a slow link."""

    def late(data: str) -> None:
        threading.Timer(seconds, os.write, (app.fd, data.encode("utf-8"))).start()

    app.screen.write_process_input = late  # type: ignore[method-assign]


def pump_until_clean(app: PtyApp, timeout: float = 10.0) -> float:
    """Read the screen until no ambiguous character is left on it; the seconds it took."""
    start = time.monotonic()
    while ambiguous_on(app):
        assert time.monotonic() - start < timeout, f"ambiguous characters stayed: {ambiguous_on(app)}\n{app.text()}"
        app.pump(quiet=0.2)
    return time.monotonic() - start


def test_an_answer_after_the_first_paint_switches_to_the_wide_mode(tmp_path: Path) -> None:
    env = {"AIPLAN_CONFIG_DIR": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    with explorer("--ambiguous-width", "auto", size=(80, 24), env=env, wide_ambiguous=True) as app:
        answer_after(app, 1.5)  # local wait is 0.25 s: the first paint comes first
        app.pump(until=READY, quiet=0.2)
        assert "▶" in app.text()  # painted narrow, before the answer
        pump_until_clean(app)
        app.pump(quiet=0.5)
        text = app.text()
        assert not ambiguous_on(app)
        assert ";3R" not in text and "[1;" not in text  # no part of the reply (ESC [ 1 ; 3 R) was shown
        assert READY in text and "> " in text  # the tree, drawn again with ASCII guides
        app.send("j")  # the app still takes keys, and the cursor is where the user left it
        app.pump(quiet=0.4)
        assert not ambiguous_on(app)


def test_a_late_narrow_answer_overrides_a_remembered_wide_one(tmp_path: Path) -> None:
    env = {
        "AIPLAN_CONFIG_DIR": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path),
        "SSH_CONNECTION": "10.1.2.3 50000 10.0.0.1 22",
        "TERM": "xterm-256color",
    }
    terminal_memory_file = tmp_path / "aiplan-tui" / "terminals.json"
    terminal_memory_file.parent.mkdir(parents=True)
    terminal_memory_file.write_text('{"xterm-256color 10.1.2.3": "wide"}', encoding="utf-8")
    with explorer("--ambiguous-width", "auto", size=(80, 24), env=env) as app:
        answer_after(app, 1.5)  # remembered: the explorer waits only 0.25 s, starts wide
        app.pump(until=READY, quiet=0.2)
        assert "▶" not in app.text() and "> " in app.text()
        deadline = time.monotonic() + 10
        while "▶" not in app.text():
            assert time.monotonic() < deadline, app.text()
            app.pump(quiet=0.2)
    assert '"xterm-256color 10.1.2.3": "narrow"' in terminal_memory_file.read_text(encoding="utf-8")


class FakeProbe(AmbiguousWidthProbe):
    """A probe that was asked and answers ``width`` (or nothing), without a terminal."""

    def __init__(self, width: int | None) -> None:
        super().__init__()
        self.asked_at = time.monotonic()
        self.width = width
        self.waited: float | None = None

    def answer(self, timeout: float = 0.25) -> int | None:
        self.waited = timeout
        self.answered = self.width is not None
        return self.width


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(late_width, "LISTENING", late_width.Listening())
    return tmp_path


REMOTE = {"SSH_CONNECTION": "192.0.2.7 41000 192.0.2.1 22", "TERM": "xterm-256color"}


def test_over_ssh_the_explorer_waits_longer_unless_it_remembers(cache: Path) -> None:
    probe = FakeProbe(None)
    assert late_width.start_mode(probe, REMOTE) == "narrow"
    assert probe.waited == late_width.REMOTE_WAIT
    assert late_width.LISTENING.probe is probe  # still listening for the answer
    terminal_memory.remember(REMOTE, "wide")
    probe = FakeProbe(None)
    assert late_width.start_mode(probe, REMOTE) == "wide"
    assert probe.waited == late_width.REMEMBERED_WAIT
    probe = FakeProbe(None)
    assert late_width.start_mode(probe, {"TERM": "xterm-256color"}) == "narrow"
    assert probe.waited == late_width.LOCAL_WAIT


def test_a_fresh_answer_wins_over_the_remembered_one_and_is_remembered(cache: Path) -> None:
    terminal_memory.remember(REMOTE, "wide")
    assert late_width.start_mode(FakeProbe(1), REMOTE) == "narrow"
    assert terminal_memory.recall(REMOTE) == "narrow"
    assert late_width.LISTENING.probe is None  # answered: nothing more to listen for
    other_client = {**REMOTE, "SSH_CONNECTION": "198.51.100.9 41000 192.0.2.1 22"}
    assert terminal_memory.recall(other_client) is None
    assert terminal_memory.recall({"TERM": "xterm-256color"}) is None  # local sessions are not remembered


def test_only_the_awaited_answer_is_taken_late() -> None:
    probe = FakeProbe(None)
    probe.answer()
    assert probe.late_answer(9) is None  # not a probe's column
    assert probe.late_answer(3) == 2
    assert probe.late_answer(3) is None  # answered once; another report is not ours


def ambiguous_in(svg: str) -> set[str]:
    return {c for c in svg if unicodedata.east_asian_width(c) == "A"}


async def test_the_running_app_switches_its_mode_on_a_late_answer(cache: Path) -> None:
    from textual import events

    from aiplan_tui.settings import Settings
    from aiplan_tui.store import Store
    from aiplan_tui.tui import glyphs
    from aiplan_tui.tui.app import PlanApp
    from aiplan_tui.tui.widgets.plan_tree import PlanTree

    from .conftest import PLAN_DB

    probe = FakeProbe(None)
    probe.answer()  # asked, no answer in time: the app starts narrow and listens
    late_width.LISTENING.probe = probe
    app = PlanApp(Store.open(PLAN_DB), settings=Settings(ambiguous_width="narrow"), cursor_blink=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "▶" in ambiguous_in(app.export_screenshot())
            app.post_message(events.CursorPosition(x=9, y=0))  # not a probe's column: ignored
            await pilot.pause()
            assert not app.wide_glyphs
            app.post_message(events.CursorPosition(x=2, y=0))  # ESC [ 1 ; 3 R: drawn two cells wide
            await pilot.pause()
            await pilot.pause()
            assert app.wide_glyphs and app.has_class("-ascii-glyphs")
            assert ambiguous_in(app.export_screenshot()) == set()
            labels = [node.label.plain for node in app.query_one(PlanTree).root.children]
            assert "II. AI 일상화 시대의 본격 개막" in labels  # laid out again: Ⅱ → II, not one cell "I"
            await pilot.press("/")  # dialogs made from now on use the wide-safe text as well
            await pilot.pause()
            assert ambiguous_in(app.export_screenshot()) == set()
            assert late_width.LISTENING.probe is None  # answered: later reports are not ours
    finally:
        glyphs.configure(False)
