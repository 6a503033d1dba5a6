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
KEEP = ("help", "quit")  # shown at every width


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
        """As many keys as fit, in the registry's order (the most used first); `?` and `q`
        always keep their place, so a narrow window still says how to get help and leave."""
        room = self.size.width - sum(self._width(k) for k in self.keys if k.action in KEEP)
        shown = []
        for key in self.keys:
            if key.action in KEEP:
                shown.append(key)
            elif self._width(key) <= room:
                room -= self._width(key)
                shown.append(key)
            else:
                room = -1  # keep the order: no later, shorter key jumps ahead
        parts: list[Content] = []
        for key in shown:
            label = safe(key.label)
            parts.append(
                Content.assemble(
                    GAP,
                    (key.shown, "bold $footer-key-foreground"),
                    " ",
                    (label, f"@click=app.{key.action}"),
                )
            )
        return Content("").join(parts)

    @staticmethod
    def _width(key: Key) -> int:
        return cell_len(f"{GAP}{key.shown} {safe(key.label)}")
