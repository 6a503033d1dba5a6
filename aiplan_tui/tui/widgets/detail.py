"""The right-hand panels: the selected node's text, and its targets as tables with bars."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class DetailView(VerticalScroll):
    """Scrolls the full text of the selected node."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body", markup=False)

    def show(self, renderable: RenderableType) -> None:
        self.query_one("#detail-body", Static).update(renderable)
        self.scroll_home(animate=False)


class TargetsPanel(VerticalScroll):
    """Targets of the selected node; hidden when it has none."""

    def compose(self) -> ComposeResult:
        yield Static(id="targets-body", markup=False)

    def show(self, renderable: RenderableType | None, count: int) -> None:
        self.display = renderable is not None
        if renderable is not None:
            self.border_title = f"목표 {count}"
            self.query_one("#targets-body", Static).update(renderable)
