"""One line at the top: the view, the active filters and how many tasks match."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from aiplan_tui.describe import year_label
from aiplan_tui.outline import View
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.glyphs import safe_text


def filter_line(view: str, ministries: tuple[str, ...], years: tuple[int, ...], matching: int, total: int) -> Text:
    line = Text()
    line.append(f" {view} ", style="reverse")
    line.append("  ")
    if not ministries and not years:
        line.append("필터 없음", style="dim")
    if ministries:
        line.append("부처 ", style="dim")
        line.append(", ".join(ministries), style="bold")
        line.append("  ")
    if years:
        line.append("연도 ", style="dim")
        line.append(", ".join(year_label(y) for y in years), style="bold")
        line.append("  ")
    line.append(f"  과제 {matching}/{total}", style="dim")
    return safe_text(line)


class FilterBar(Static):
    """Bound to ``PlanApp.view`` and ``PlanApp.where``: it redraws itself when either changes."""

    view: reactive[View] = reactive(View.strategy, init=False)
    where: reactive[Filter] = reactive(Filter(), init=False)

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.total = store.count("tasks")

    def on_mount(self) -> None:
        self.redraw()

    def watch_view(self) -> None:
        self.redraw()

    def watch_where(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        matching = len(self.store.tasks(self.where)) if self.where.active else self.total
        self.show(filter_line(self.view.label, self.where.ministries, self.where.years, matching, self.total))

    def show(self, line: Text) -> None:
        self.update(line)
