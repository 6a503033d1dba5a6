"""`m` and `y`: pick several values (ministries, years) with counts; type to narrow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, Optional, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from aiplan_tui.search import initials_of, is_initials, normalize, split_compounds
from aiplan_tui.tui.glyphs import safe_text

V = TypeVar("V", str, int)
SELECTED_MARK = "✓ "
PREVIEW_DELAY = 0.15  # seconds with no key before what ⏎ would apply is worked out ahead


class Choice(Generic[V]):
    def __init__(self, value: V, label: str, count: int, names: Sequence[str]) -> None:
        self.value: V = value
        self.label: str = label
        self.count: int = count
        self.names: list[str] = list(names)  # every name form it can be found by

    def matches(self, typed: str) -> bool:
        typed = normalize(typed)
        if not typed:
            return True
        if is_initials(typed.replace(" ", "")):
            wanted = split_compounds(typed.replace(" ", ""))
            return any(wanted in initials_of(name).replace(" ", "") for name in self.names)
        return any(typed.casefold() in name.casefold() for name in self.names)


class PickList(SelectionList[V]):
    """space toggles; enter applies the whole picker (not one more toggle)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.apply", "적용", show=False)]


class PickerScreen(ModalScreen[Optional[tuple[V, ...]]], Generic[V]):
    """space toggles, enter applies, escape cancels.

    One picker of each kind lives as long as the app (see PlanApp.installed); ``prepare``
    gives it the choices of the moment.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "취소", id="picker_cancel", tooltip="바꾸지 않고 닫습니다"),
        Binding("enter", "apply", "적용", id="picker_apply", tooltip="선택을 적용합니다"),
        Binding("down", "focus_list", "목록", show=False),
    ]

    def __init__(
        self, title: str, describe: Callable[[Choice[V]], Text] | None = None, placeholder: str = "좁히기"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.choices: list[Choice[V]] = []
        self.selected: set[V] = set()
        self.describe: Callable[[Choice[V]], Text] = describe or (lambda c: Text(f"{c.label} ({c.count})"))
        self.preview: Callable[[tuple[V, ...]], None] | None = None
        self._previewing: Timer | None = None

    def prepare(
        self,
        choices: list[Choice[V]],
        selected: Sequence[V],
        preview: Callable[[tuple[V, ...]], None] | None = None,
    ) -> None:
        """What to offer this time; call before each push. ``preview`` is told what ⏎ would
        apply once the keys pause, so its result can be worked out before ⏎ comes."""
        self.choices = choices
        self.selected = set(selected)
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Text(self.title_text, style="bold"), id="picker-title")
            yield Input(placeholder=self.placeholder, id="picker-input")
            yield PickList[V](id="picker-list")
            yield Static(Text("space 선택 · enter 적용 · escape 취소", style="dim"), id="picker-help")

    def on_screen_resume(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        with field.prevent(Input.Changed):
            field.value = ""
        self.fill("")
        field.focus()

    def fill(self, typed: str) -> None:
        options = self.query_one(SelectionList)
        options.clear_options()
        options.add_options(
            [
                Selection(self.prompt(c, c.value in self.selected), c.value, c.value in self.selected)
                for c in self.choices
                if c.matches(typed)
            ]
        )

    def prompt(self, choice: Choice[V], selected: bool) -> Text:
        """Without colour (NO_COLOR) the check box looks the same either way: a mark says it."""
        text = self.describe(choice)
        if getattr(self.app, "no_color", False):
            text = Text.assemble(SELECTED_MARK if selected else " " * len(SELECTED_MARK), text)
        return safe_text(text)

    @on(Input.Changed, "#picker-input")
    def narrowed(self, event: Input.Changed) -> None:
        self.fill(event.value)
        self._preview_later()

    @on(Input.Submitted, "#picker-input")
    def submitted(self) -> None:
        # Submitted comes after every key typed before enter, so the narrowing is complete.
        self.action_apply()

    @on(SelectionList.SelectionToggled)
    def toggled(self, event: SelectionList.SelectionToggled[V]) -> None:
        value = event.selection.value
        self.selected.symmetric_difference_update({value})
        choice = next((c for c in self.choices if c.value == value), None)
        if choice is not None and getattr(self.app, "no_color", False):
            event.selection_list.replace_option_prompt_at_index(
                event.selection_index, self.prompt(choice, value in self.selected)
            )
        self._preview_later()

    def picked(self) -> tuple[V, ...]:
        """What ⏎ applies: the values selected, or else the one name typed down to."""
        typed = self.query_one(Input).value
        chosen = set(self.selected)
        matching = [c for c in self.choices if c.matches(typed)]
        if typed and len(matching) == 1 and not chosen:  # typed down to one name: take it
            chosen.add(matching[0].value)
        return tuple(c.value for c in self.choices if c.value in chosen)

    def _preview_later(self) -> None:
        self._stop_preview()
        if self.preview is not None:
            self._previewing = self.set_timer(PREVIEW_DELAY, self._preview)

    def _stop_preview(self) -> None:
        if self._previewing is not None:
            self._previewing.stop()
            self._previewing = None

    def _preview(self) -> None:
        self._previewing = None
        if self.preview is not None and self.is_current:
            self.preview(self.picked())

    def action_apply(self) -> None:
        self._stop_preview()
        self.dismiss(self.picked())

    def action_focus_list(self) -> None:
        options = self.query_one(SelectionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0
