"""What every workspace editor shares: ctrl+s (or 저장) saves in a worker and closes only once
the save has committed; a save that fails keeps the screen open with the text and says why
in one line; escape closes at once when nothing was typed, else asks before discarding."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Optional, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Static, TextArea

from aiplan_tui.tui.glyphs import safe

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp

HINT = "ctrl+s 저장 · escape 취소 · Tab 다음 칸"


CSS = """
DiscardScreen, EditorScreen, ReportScreen {
    align: center middle;
    background: $background 60%;
}
#editor-box, #report-box, #discard-box {
    width: 90%;
    max-width: 100;
    height: auto;
    max-height: 100%;
    border: round $primary;
    background: $panel;
    padding: 0 1;
}
#discard-box { width: 60; max-width: 95%; }
#editor-box.note { height: 16; }
#editor-box.note TextArea { height: 1fr; }
#editor-box.progress { height: 100%; }
#progress-fields { height: 1fr; }
#editor-box .row, #report-box .row { height: 1; margin-bottom: 1; }
#progress-fields .row { margin-bottom: 0; }
#progress-fields TextArea { margin-bottom: 1; }
#progress-fields .target { margin-top: 1; }
#editor-box .name, #report-box .name { width: 9; color: $text-muted; }
#editor-box Label.name { margin-top: 0; }
#editor-box Input, #report-box Input { width: 1fr; }
#editor-box Select, #report-box Select { width: 1fr; }
#editor-box Checkbox { width: auto; margin-left: 1; }
#editor-box .planned { width: auto; min-width: 16; margin-left: 1; color: $text-muted; }
#editor-box .field-error, #editor-error, #report-error { height: auto; color: $error; }
#editor-box .field-error { display: none; }
#editor-box .field-error.-shown { display: block; }
#editor-box .wrong { background: $error 30%; text-style: underline; }
#editor-box .buttons, #report-box .buttons, #discard-box .buttons { height: 1; margin-top: 1; }
#editor-box Button, #report-box Button, #discard-box Button { margin-right: 2; min-width: 8; }
#editor-hint { width: 1fr; }
"""


class DiscardScreen(ModalScreen[bool]):
    """True: discard the typed text (and do what was asked: close the editor, or quit); False:
    keep editing. y (ㅛ) says yes, n (ㅜ) or escape goes back."""

    DEFAULT_CSS = CSS
    SCOPED_CSS = False  # the rules name their screens and boxes themselves

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,ㅛ", "dismiss(True)", "버리기", show=False),
        Binding("n,ㅜ,escape", "dismiss(False)", "계속 쓰기", show=False),
    ]

    def __init__(self, question: str = "입력한 내용을 저장하지 않고 버릴까요?", yes: str = "버리기") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-box"):
            yield Static(Text(safe(self.question), style="bold"))
            yield Static(Text(safe(f"y {self.yes} · n 또는 escape 계속 쓰기"), style="dim"))
            with Horizontal(classes="buttons"):
                yield Button("계속 쓰기", id="discard-no", variant="primary", compact=True)
                yield Button(self.yes, id="discard-yes", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#discard-no", Button).focus()  # the safe answer is the default

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard-yes")


class EditorScreen(ModalScreen[Optional[bool]]):
    """Subclasses compose their fields inside ``#editor-box`` and implement ``typed`` (has the
    user changed anything?) and ``prepare_save`` (the save's work and its toast, or None when
    a field is wrong: the subclass has said so on the field)."""

    DEFAULT_CSS = CSS
    SCOPED_CSS = False  # the rules name their screens and boxes themselves
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "저장", id="editor_save", tooltip="저장하고 닫습니다"),
        Binding("escape", "cancel", "취소", id="editor_cancel", tooltip="저장하지 않고 닫습니다"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def on_screen_resume(self) -> None:
        self.app.clear_notifications()  # no old toast over the fields

    def on_key(self, event: events.Key) -> None:
        """Keys typed ahead in one burst (a paste, a slow SSH link) are handed to the widget that
        has the focus when each arrives, so text typed right after a Tab would go to the field
        the Tab leaves (a status box or a check box drops it). Tab moves the focus here, as its
        key passes (not later, at the app), and text that reaches this screen unhandled goes to
        the text field that has the focus now — in the order typed."""
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            self.focus_next() if event.key == "tab" else self.focus_previous()
            return
        focused = self.focused
        stray = event.is_printable and event.character and not getattr(event, "typed_ahead", False)
        if stray and isinstance(focused, (Input, TextArea)):
            event.stop()
            again = events.Key(event.key, event.character)
            again.typed_ahead = True  # type: ignore[attr-defined]  # never re-routed twice
            focused.post_message(again)

    @property
    def plan_app(self) -> PlanApp:
        return cast("PlanApp", self.app)

    def buttons(self) -> ComposeResult:
        yield Static("", id="editor-error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("저장", id="editor-save", variant="primary", compact=True)
            yield Button("취소", id="editor-cancel", compact=True)
            yield Static(Text(safe(HINT), style="dim"), id="editor-hint")

    def typed(self) -> bool:
        raise NotImplementedError

    def prepare_save(self) -> tuple[Callable[[Any], object], str] | None:
        raise NotImplementedError

    def say(self, message: str) -> None:
        """One line under the fields (and nothing when ``message`` is empty)."""
        self.query_one("#editor-error", Static).update(Text(safe(message), style="bold") if message else "")

    @on(Button.Pressed, "#editor-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#editor-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self) -> None:
        if self.saving:
            return
        self.say("")
        prepared = self.prepare_save()
        if prepared is None:
            return
        work, done = prepared
        self.saving = True
        self.say("저장하는 중…")
        self.plan_app.save_to_workspace(work, done, then=self._after_save)

    def _after_save(self, problem: str | None) -> None:
        self.saving = False
        if problem is None:
            self.dismiss(True)
        else:
            self.say(f"저장하지 못했습니다: {problem}")  # the text stays; the user can try again

    def nothing_to_save(self) -> None:
        self.app.notify("바뀐 것이 없어 저장하지 않았습니다", timeout=3)
        self.dismiss(False)

    def action_cancel(self) -> None:
        if self.saving:
            self.say("저장하는 중입니다 — 끝나면 닫힙니다")
            return
        if not self.typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardScreen(), answered)

    def ask_before_quitting(self) -> None:
        """ctrl+q (or q from the palette) while this editor is open: typed text is never lost
        without a question, and a save under way finishes before the app may close."""
        if self.saving:
            self.say("저장하는 중입니다 — 끝난 뒤에 닫으세요")
            return
        if isinstance(self.app.screen, DiscardScreen):
            return  # the question is on the screen already

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.plan_app.quit_now()

        self.app.push_screen(DiscardScreen("입력한 내용을 저장하지 않고 종료할까요?", "종료"), answered)


def unsaved_editor(screens: list[Screen[Any]]) -> EditorScreen | None:
    """The open editor holding typed text that is not saved (or a save under way), if any."""
    for screen in reversed(screens):
        if isinstance(screen, EditorScreen) and (screen.saving or screen.typed()):
            return screen
    return None
