"""`g`: go to any id (3-2.9, 1-4, 3, summary, 3-2/t6, 환경부); the examples shown are the plan's own."""

from __future__ import annotations

from typing import ClassVar, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from aiplan_tui.describe import Resolved, UnknownId, id_examples, resolve
from aiplan_tui.search import normalize
from aiplan_tui.store import Store
from aiplan_tui.tui.glyphs import safe

EMPTY = "id나 이름을 입력하세요: {}"


class GotoScreen(ModalScreen[Optional[Resolved]]):
    """Type an id, enter goes there; installed once and reused (see PlanApp.installed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "취소", id="goto_cancel", tooltip="이동하지 않고 닫습니다"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.examples = id_examples(store)  # one id of each kind, from this plan's data

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Static(Text("이동할 id", style="bold"))
            ids = " · ".join(example.split(" (")[0] for example in self.examples.split(", "))
            yield Input(placeholder=safe(ids), id="goto-input")
            yield Static("", id="goto-error", markup=False)

    def on_screen_resume(self) -> None:
        self.app.clear_notifications()  # no toast over the answer this dialog is about to give
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.value = ""
        self.query_one("#goto-error", Static).update("")
        field.focus()

    @on(Input.Submitted, "#goto-input")
    def submitted(self, event: Input.Submitted) -> None:
        typed = normalize(event.value)
        if not typed:
            self.say(EMPTY.format(self.examples))
            return
        try:
            resolved = resolve(self.store, typed)
        except UnknownId as error:
            self.say(f"‘{typed}’(으)로 이동할 수 없습니다\n{error}")
            return
        self.dismiss(resolved)

    def say(self, message: str) -> None:
        self.app.clear_notifications()
        self.query_one("#goto-error", Static).update(Text(safe(message), style="bold"))
