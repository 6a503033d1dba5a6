"""The bottom line: the keys that work everywhere, drawn once.

Textual's Footer rebuilds its key widgets whenever the active bindings change, which happens
each time a dialog closes; that rebuild cost a second full-screen repaint after every filter
(about 70 ms, and the whole screen's bytes again over SSH). These keys never change, so one
line of text shows them; a click on one still runs its action.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.keys import Key

GAP = "  "


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self, keys: Sequence[Key], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = list(keys)

    def render(self) -> Content:
        """As many keys as fit, in the registry's order (the most used first)."""
        parts: list[Content] = []
        used = 0
        for key in self.keys:
            label = safe(key.label)
            width = cell_len(f"{GAP}{key.shown} {label}")
            if used + width > self.size.width:
                break
            used += width
            parts.append(
                Content.assemble(
                    GAP,
                    (key.shown, "bold $footer-key-foreground"),
                    " ",
                    (label, f"@click=app.{key.action}"),
                )
            )
        return Content("").join(parts)
