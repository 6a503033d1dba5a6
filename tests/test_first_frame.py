"""The explorer's first screen is drawn once, settled (issue 17.6: first paint ≤ 1.3× its floor)."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
import textual.screen
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.color import Color, ColorParseError

from aiplan_tui import cli
from aiplan_tui.resources import themes_dir
from aiplan_tui.settings import Settings
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.themes import load_themes
from aiplan_tui.tui.widgets.detail import DetailView

from .conftest import PLAN_DB
from .test_tui_daily import own_folders  # noqa: F401  (autouse: this module's tests get their own folders too)

CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def draws(app: App[Any], update: CompositorUpdate) -> bool:
    """Does the update write anything a terminal shows (not only cursor moves)?"""
    return bool(CONTROL.sub("", update.render_segments(app.console)))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (70, 30)])
async def test_start_up_draws_the_settled_screen_once(monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """Textual paints a new screen at once and then again as its layout settles (the text panel's
    scrollbar, the tree's first resize, three Resize events of the same size): six frames, three
    of them the whole screen. The explorer's first frame waits for the layout and is the only
    one that draws anything until a key is pressed."""
    frames: list[CompositorUpdate] = []
    display = App._display

    def counted(app: App[Any], screen: Any, update: Any) -> None:
        if isinstance(update, CompositorUpdate) and draws(app, update):
            frames.append(update)
        display(app, screen, update)

    monkeypatch.setattr(App, "_display", counted)
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        for _ in range(6):
            await pilot.pause(0.05)
        assert len(frames) == 1, [type(f).__name__ for f in frames]
        first = frames[0]
        assert isinstance(first, LayoutUpdate) and len(first.strips) == size[1]
        # That one frame is the settled screen: the text panel already has its scrollbar, and
        # drawing the whole screen now gives the same lines.
        detail = app.query_one(DetailView)
        assert detail.show_vertical_scrollbar or detail.max_scroll_y == 0
        settled = app.screen._compositor.render_full_update()
        assert first.render_segments(app.console) == settled.render_segments(app.console)


async def test_the_first_frame_waits_for_the_widgets_messages_not_for_the_update_timer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The held first frame is drawn as soon as every widget has handled its messages (the
    tree's first resize, the key bar, the notifications' rack), not at the update timer's first
    tick a frame period later: with that timer slowed to 10 s, the settled screen still comes,
    once."""
    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 10.0)
    frames: list[CompositorUpdate] = []
    drawn = asyncio.Event()
    display = App._display

    def counted(app: App[Any], screen: Any, update: Any) -> None:
        if isinstance(update, CompositorUpdate) and draws(app, update):
            frames.append(update)
            drawn.set()
        display(app, screen, update)

    monkeypatch.setattr(App, "_display", counted)
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test(size=(80, 24)):
        # Not the pilot's pause: it runs the screen's update itself.
        await asyncio.wait_for(drawn.wait(), timeout=5)
        await asyncio.sleep(0.3)
        assert len(frames) == 1
        settled = app.screen._compositor.render_full_update()
        assert frames[0].render_segments(app.console) == settled.render_segments(app.console)


async def test_the_first_screen_styles_every_widget_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every widget is styled as it mounts; the screen's first resume does not style the whole
    screen a second time (~25 ms before the first frame)."""
    styled: list[int] = []
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    update_nodes = app.stylesheet.update_nodes

    def counted(nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        styled.append(len(nodes))
        update_nodes(nodes, animate=animate)

    monkeypatch.setattr(app.stylesheet, "update_nodes", counted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        everything = len(list(app.screen.walk_children(with_self=True)))
        assert all(count < everything for count in styled), (styled, everything)


def test_the_explorer_freezes_what_start_up_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The objects of every module imported before the explorer runs live as long as the process;
    a full garbage collection walking them all fell just before the first frame (~20-40 ms).
    They are frozen out of the collector's reach before the app starts."""
    frozen: list[int] = []

    def run(app: PlanApp, **_: Any) -> None:
        frozen.append(gc.get_freeze_count())

    gc.unfreeze()
    monkeypatch.setattr(PlanApp, "run", run)
    try:
        cli.run_explorer(Store.open(PLAN_DB), None, Settings(ambiguous_width="narrow"), [])
    finally:
        gc.unfreeze()
    assert frozen and frozen[0] > 10_000, frozen


SHOWN_LATER = (
    "aiplan_tui.tui.screens.search",
    "aiplan_tui.tui.screens.goto",
    "aiplan_tui.tui.screens.help",
    "aiplan_tui.tui.screens.period",
    "aiplan_tui.tui.commands",
    "aiplan_tui.workspace.progress",
    "rich._emoji_codes",
)
FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp

async def main():
    app = PlanApp(Store.open(Path(sys.argv[1])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        print(" ".join(name for name in sys.argv[2:] if name in sys.modules))

asyncio.run(main())
"""


def test_the_first_screen_loads_no_dialog_palette_or_workspace_code(tmp_path: Path) -> None:
    """Dialogs (search, goto, help, period), the command palette and the workspace's progress
    code are imported when first used; the tree's hidden root is not parsed as markup (which
    loaded rich's emoji table). Nothing of them is needed to draw the first screen."""
    env = {**os.environ, "AIPLAN_WORKSPACE": str(tmp_path / "ws.db"), "AIPLAN_CONFIG_DIR": str(tmp_path / "cfg")}
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "-c", FIRST_SCREEN, str(PLAN_DB), *SHOWN_LATER]
    found = subprocess.run(command, capture_output=True, text=True, check=True, env=env, timeout=120).stdout.split()
    assert found == [], found


def test_loading_the_bundled_themes_tries_no_text_style_as_a_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value that is not a colour makes Textual's Color.parse look for a suggestion among every
    colour name (~1 ms each): the themes' text styles ('bold not underline') are checked as
    styles first, so checking the bundled themes fails no colour parse."""
    failed: list[str] = []
    parse = Color.parse.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Color], value: Any) -> Color:
        try:
            return cast(Color, parse(cls, value))
        except ColorParseError:
            failed.append(str(value))
            raise

    monkeypatch.setattr(Color, "parse", classmethod(counted))
    themes, problems = load_themes([themes_dir()])
    assert themes and problems == []
    assert failed == [], failed
