"""`p`: the period progress is shown for — a year of the plan or one of its quarters.

Type to narrow (25, 2025Q2, 25년 2분기) or pick from the list; enter takes the typed period when
it is one (any year 2000–2099, as the CLI accepts), else the highlighted one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aiplan_tui.store import Store

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp


def plan_periods(store: Store) -> list[str]:
    """Each year of the plan, then its four quarters: 2024, 2024Q1 … 2024Q4, 2025 …"""
    span = store.year_span()
    if span is None:
        return []
    return [period for year in range(span[0], span[1] + 1) for period in (str(year), *(f"{year}Q{q}" for q in "1234"))]


def period_label(period: str) -> str:
    """'2025년' or '2025년 2분기 (2025Q2)'."""
    if "Q" in period:
        year, quarter = period.split("Q")
        return f"{year}년 {quarter}분기 ({period})"
    return f"{period}년"


class PeriodScreen(ModalScreen[Optional[str]]):
    """Installed once and reused (PlanApp.installed); ``prepare`` gives the current period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "취소", id="period_cancel", tooltip="바꾸지 않고 닫습니다"),
        Binding("down", "focus_list", "목록", show=False),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.periods = plan_periods(store)
        self.current = ""

    def prepare(self, current: str) -> None:
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="period-box"):
            yield Static(Text("실적 기간", style="bold"), id="period-title")
            yield Input(placeholder="2025, 2025Q2, 25년 2분기", id="period-input")
            yield OptionList(id="period-list")
            yield Static(Text("enter 선택 · escape 취소", style="dim"), id="period-help", markup=False)

    def on_screen_resume(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        with field.prevent(Input.Changed):
            field.value = ""
        self.query_one("#period-help", Static).update(Text("enter 선택 · escape 취소", style="dim"))
        self.fill("")
        field.focus()

    def fill(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        wanted = typed.replace(" ", "").casefold()
        shown = [p for p in self.periods if wanted in p.casefold() or wanted in period_label(p).replace(" ", "")]
        mark = "> " if getattr(self.app, "wide_glyphs", False) else "▸ "
        options.add_options([Option(f"{mark if p == self.current else '  '}{period_label(p)}", id=p) for p in shown])
        if shown:
            options.highlighted = shown.index(self.current) if self.current in shown else 0

    @on(Input.Changed, "#period-input")
    def narrowed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#period-input")
    def submitted(self, event: Input.Submitted) -> None:
        from aiplan_tui.workspace.progress import InvalidInput, parse_period

        typed = event.value.strip()
        if typed:
            try:
                self.dismiss(parse_period(typed))
                return
            except InvalidInput as error:
                options = self.query_one(OptionList)
                if options.option_count != 1:
                    self.query_one("#period-help", Static).update(Text(str(error), style="bold"))
                    return
        self.take_highlighted()

    @on(OptionList.OptionSelected, "#period-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def take_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id:
                self.dismiss(option.id)

    def action_focus_list(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.focus()


def pick_period(app: PlanApp) -> None:
    """`p`: choose the period; the lights and the progress panel follow ``app.period``."""

    def done(period: str | None) -> None:
        if period is not None and period != app.period:
            app.period = period
            app.notify(f"실적 기간: {period_label(period)}", timeout=2)

    screen = app.installed("period", lambda: PeriodScreen(app.store))
    screen.prepare(app.period)
    app.push_screen(screen, done)
