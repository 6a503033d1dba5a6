"""One line at the top: the view, the active filters and how many tasks match."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from aiplan_tui.describe import year_label
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
    def show(self, line: Text) -> None:
        self.update(line)
