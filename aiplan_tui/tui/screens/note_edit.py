"""`n`: the note on any node, pre-filled with what is saved; empty text deletes it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.screens.editing import EditorScreen


class NoteEditScreen(EditorScreen):
    def __init__(self, node: str, title: str, saved: str) -> None:
        super().__init__()
        self.node = node
        self.heading = title
        self.saved = saved

    def compose(self) -> ComposeResult:
        with Vertical(id="editor-box", classes="note"):
            yield Static(Text(safe(f"메모 — {self.heading}"), style="bold"), id="editor-title")
            yield Static(Text(safe("비우고 저장하면 메모를 지웁니다 (옛 글은 변경 기록에 남습니다)"), style="dim"))
            yield TextArea(self.saved, id="note-text", soft_wrap=True, show_line_numbers=False, compact=True)
            yield from self.buttons()

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.cursor_blink = getattr(self.app, "cursor_blink", True)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def typed(self) -> bool:
        return self.text != self.saved

    def prepare_save(self) -> tuple[Callable[[Any], object], str] | None:
        text = self.text.strip()
        if text == self.saved.strip():
            self.nothing_to_save()
            return None
        done = f"메모를 저장했습니다: {self.node}" if text else f"메모를 지웠습니다: {self.node}"
        return partial(_set_note, self.node, text), done


def _set_note(node: str, text: str, workspace: Any) -> None:
    from aiplan_tui.workspace.notes import set_note

    set_note(workspace, node, text)
