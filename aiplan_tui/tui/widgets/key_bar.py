"""The bottom line: the keys that apply now, from the key registry.

Bound to the app's state (``view``, ``where``, ``selected``) with ``data_bind``, it shows the
registry's keys that apply in that state (``x 필터 해제`` only with a filter on, ``c 복사``
only with a node under the cursor) and names what a key would do now (``v 부처별 보기``).
A key the registry gains is shown everywhere unless a rule here says otherwise.

Textual's Footer rebuilds its key widgets whenever the active bindings change, which happens
each time a dialog closes; that rebuild cost a second full-screen repaint after every filter
(about 70 ms, and the whole screen's bytes again over SSH). This is one line of text, redrawn
only when the keys it shows change (not on every move of the cursor); a click on a key still
runs its action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from textual.cache import LRUCache
from textual.content import Content
from textual.reactive import var
from textual.strip import Strip
from textual.widget import Widget

from aiplan_tui.outline import Ref, View
from aiplan_tui.store import Filter
from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.keys import Key

GAP = "  "
KEEP = ("help", "quit")  # shown at every width
DRAWN_KEPT = 8  # lines kept: the bar's few states (a filter on or off, a node or none) at a width or two


class BarState(NamedTuple):
    """What the key bar watches of the app's state."""

    view: View
    where: Filter
    selected: Ref | None


# Keys that apply only in some states (by action); every other key always applies.
APPLIES: dict[str, Callable[[BarState], bool]] = {
    "clear_filters": lambda state: state.where.active,
    "copy": lambda state: state.selected is not None,
}

# Keys whose label says what they would do now.
LABELS: dict[str, Callable[[BarState], str]] = {
    "switch_view": lambda state: f"{state.view.next().label} 보기",
}


class Offered(NamedTuple):
    """A key as the bar offers it now."""

    key: Key
    label: str


def keys_for(keys: Sequence[Key], state: BarState) -> list[Offered]:
    """The registry's keys that apply in ``state``, in its order, with their labels now."""
    return [
        Offered(key, LABELS[key.action](state) if key.action in LABELS else key.label)
        for key in keys
        if key.action not in APPLIES or APPLIES[key.action](state)
    ]


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    # The app's state (data_bind). vars, not reactives: a move of the cursor changes
    # `selected` but rarely the keys, and the line is redrawn only when they change.
    view: var[View] = var(View.strategy, init=False)
    where: var[Filter] = var(Filter(), init=False)
    selected: var[Ref | None] = var(None, init=False)

    def __init__(self, keys: Sequence[Key], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = list(keys)
        self.applying = keys_for(self.keys, self.state)
        self._drawn: LRUCache[tuple[object, ...], Strip] = LRUCache(DRAWN_KEPT)

    @property
    def state(self) -> BarState:
        return BarState(self.view, self.where, self.selected)

    def _follow(self) -> None:
        applying = keys_for(self.keys, self.state)
        if applying != self.applying:
            self.applying = applying
            self.refresh()

    def watch_view(self) -> None:
        self._follow()

    def watch_where(self) -> None:
        self._follow()

    def watch_selected(self) -> None:
        self._follow()

    def render(self) -> Content:
        """As many keys as fit, in the registry's order (the most used first); `?` and `q`
        always keep their place, so a narrow window still says how to get help and leave."""
        applying = self.applying
        room = self.size.width - sum(self._width(k) for k in applying if k.key.action in KEEP)
        shown = []
        for offered in applying:
            if offered.key.action in KEEP:
                shown.append(offered)
            elif self._width(offered) <= room:
                room -= self._width(offered)
                shown.append(offered)
            else:
                room = -1  # keep the order: no later, shorter key jumps ahead
        parts: list[Content] = []
        for key, label in shown:
            parts.append(
                Content.assemble(
                    GAP,
                    (key.shown, "bold $footer-key-foreground"),
                    " ",
                    (safe(label), f"@click=app.{key.action}"),
                )
            )
        return Content("").join(parts)

    def render_line(self, y: int) -> Strip:
        # Textual draws the line from its Content again after every refresh, ~1 ms (a fifth of
        # a filter's frame outside the tree). A filter and its clearing swap the bar between
        # the same few lines, so each is drawn once: by its text and spans, in these colours.
        content = self.render()
        key = (y, content.plain, tuple(content.spans), self.size.width, self.visual_style, self.app.theme)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = super().render_line(y)
        return drawn

    @staticmethod
    def _width(key: Offered) -> int:
        return cell_len(f"{GAP}{key.key.shown} {safe(key.label)}")
