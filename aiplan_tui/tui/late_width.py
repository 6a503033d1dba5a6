"""The ambiguous-width mode, settled even when the terminal answers after start-up.

``start_mode`` waits for the probe's answer before the first paint: briefly on a local
terminal, longer over SSH (where the round trip may be most of a second), shorter again when
the same terminal's answer is remembered. Without an answer by then the explorer starts in the
remembered mode (or narrow) and keeps listening: Textual's input parser turns the answer,
whenever it comes, into an ``events.CursorPosition`` (never a key), which the app hands to
``receive``; a mode that differs is switched on the running app and the screen repainted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from aiplan_tui.tui import glyphs, terminal_memory
from aiplan_tui.tui.probe import AmbiguousWidthProbe
from aiplan_tui.tui.widgets.plan_tree import PlanTree

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp

LOCAL_WAIT = 0.25  # seconds after asking: a local terminal answers in milliseconds
REMOTE_WAIT = 1.0  # over SSH with nothing remembered: covers round trips up to ~1 s
REMEMBERED_WAIT = 0.25  # over SSH with a remembered answer: start with it, correct it if needed


class Listening:
    """The probe whose answer may still arrive, and when the explorer settled the mode."""

    def __init__(self) -> None:
        self.probe: AmbiguousWidthProbe | None = None
        self.settled_at: float | None = None  # monotonic time of the answer taking effect


LISTENING = Listening()


def wait_for(environ: Mapping[str, str], remembered: str | None) -> float:
    if "SSH_CONNECTION" not in environ:
        return LOCAL_WAIT
    return REMEMBERED_WAIT if remembered else REMOTE_WAIT


def mode_of(width: int) -> str:
    return "wide" if width == 2 else "narrow"


def start_mode(probe: AmbiguousWidthProbe, environ: Mapping[str, str] = os.environ) -> str:
    """``wide`` or ``narrow`` for the first paint; listens on for a late answer if needed."""
    remembered = terminal_memory.recall(environ) if probe.asked_at is not None else None
    width = probe.answer(wait_for(environ, remembered))
    if width is not None:
        LISTENING.settled_at = time.monotonic()
        terminal_memory.remember(environ, mode_of(width))
        return mode_of(width)
    LISTENING.probe = probe if probe.pending else None
    return remembered or "narrow"


def receive(app: PlanApp, column: int) -> bool:
    """A cursor-position report reached the explorer: if it answers the probe, settle the mode.
    True when it was the answer (the report is then used up either way)."""
    probe = LISTENING.probe
    width = probe.late_answer(column) if probe is not None else None
    if width is None:
        return False
    LISTENING.probe = None
    LISTENING.settled_at = time.monotonic()
    terminal_memory.remember(os.environ, mode_of(width))
    wide = width == 2 or app.settings.ascii
    if wide != app.wide_glyphs:
        switch(app, wide)
    return True


def switch(app: PlanApp, wide: bool) -> None:
    """Change the running app's glyph mode and repaint everything.

    The tree's labels and the text panel are laid out again with the mode's wide-safe text
    (``glyphs.safe``: Ⅱ → II, · → ㆍ). Whatever else was laid out before (a dialog's
    placeholder) keeps its characters, and the glyph filter (turned on or off here) draws each
    ambiguous one as a single ASCII cell, so the layout stays as measured."""
    app.wide_glyphs = wide
    glyphs.configure(wide)
    app.set_class(wide, "-ascii-glyphs")
    relabel(app)
    screens = [*app.screen_stack]
    installed = getattr(app, "_installed_screens", {})  # dialogs made once and kept (PlanApp.installed)
    screens += [s for s in installed.values() if not callable(s) and s not in screens]
    for screen in screens:
        for widget in screen.walk_children(with_self=True):
            widget.refresh(layout=True)
    app.refresh(layout=True)


def relabel(app: PlanApp) -> None:
    """The tree's labels and the text panel again, in the current glyph mode."""
    try:
        tree = app.query_one(PlanTree)
    except NoMatches:  # not composed yet: everything is laid out in the new mode anyway
        return
    nodes = [*tree.root.children]
    while nodes:
        node = nodes.pop()
        node.set_label(glyphs.safe_text(node.label))
        nodes += node.children
    app.refresh_filter_bar()
    app.redraw_panels()
