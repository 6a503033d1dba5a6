"""Panels whose new text is drawn in the frame that lays it out, not again in later frames.

When a panel's text changes height, Textual lays the screen out and draws it; but in that layout
each widget whose size changed sets its ``virtual_size`` reactive (which asks for another
layout) and a scroll container refreshes its scrollbar (which asks for another repaint). Both
requests were already met by the frame being drawn, yet each became a frame of its own, 30–100
ms later, so a filter or a move that changed the panel drew it two or three times (issue 17.6:
the ministry filter's time is that of its last frame).

Here the virtual size is set without asking for a layout, and a scrollbar's repaint is put into
the frame being drawn. A scrollbar that must appear or go still asks for its layout (Textual
sets ``show_vertical_scrollbar``); :meth:`SettledScroll.fit_scrollbar` decides that before the
layout, from the new text's height, so the one layout already has the scrollbar right.
This uses Textual's private ``_size_updated`` and ``_repaint_required`` (pinned ``<8.3``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.containers import VerticalScroll
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Static

from aiplan_tui.tui.kept_lines import rendered_lines, replayed

# A plain mixin at run time: a Widget base before Tree in a class's bases would hide Tree's
# component classes (Textual merges them along the bases).
if TYPE_CHECKING:
    from textual.app import App

    _Mixin = Widget
else:
    _Mixin = object


class Settled(_Mixin):
    """Mixed into a widget: a new size met by the frame being drawn asks for no other frame."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed: bool = super()._size_updated(size, virtual_size, container_size, layout=False)
        asked: set[Widget] = {
            bar
            for bar in (self._vertical_scrollbar, self._horizontal_scrollbar)
            if bar is not None and (bar._repaint_required or bar._layout_required)
        }
        if asked:
            # The layout calling this draws its frame next: the scrollbars go into that frame.
            # (Their own layout request comes from setting their `display`; where they go was
            # decided by show_vertical_scrollbar, whose change asks this widget for a layout.)
            self.screen._compositor.update_widgets(asked)
            for bar in asked:
                bar._repaint_required = bar._layout_required = False
        return changed


class SettledStatic(Settled, Static):
    """A panel's body: its new size asks for no second layout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The panels' texts hold no links. With auto links on, Textual restyles every line of
        # a new text for them, which would make the strip of every line, shown or not (see
        # StripsOnDemand). Textual's own scrollbars turn them off the same way.
        self.set_reactive(SettledStatic.auto_links, False)


class SettledScroll(Settled, VerticalScroll):
    """A scrolling panel that draws its new text and scrollbar in one frame."""

    def put(self, body: Static, renderable: RenderableType) -> None:
        """``body`` (this panel's text) shows ``renderable``, rendered once per width, with the
        scrollbar decided before the layout that places it."""
        body.update(renderable if isinstance(renderable, RenderedOnce) else RenderedOnce(renderable, self.app))
        self.fit_scrollbar(body)

    def fit_scrollbar(self, body: Widget) -> None:
        """Show the vertical scrollbar now if ``body``'s new text will be taller than the panel,
        so the layout that places the text places the scrollbar too (else a second layout
        would). The panel's room is estimated from its parent; a wrong guess only costs the
        second layout Textual would have made anyway."""
        parent = self.parent
        width = self.text_width_with_bar()
        if width is None or not isinstance(parent, Widget):
            return
        outer = parent.scrollable_content_region.size
        gutter = self.styles.gutter
        height = self.styles.height
        if height is not None and height.is_auto:  # grows with its text up to max-height
            most = self.styles.max_height
            if most is None:
                return
            room = int(most.resolve(outer, self.app.size)) - gutter.height
        else:
            room = self.scrollable_content_region.height
        self.show_vertical_scrollbar = body.get_content_height(outer, self.app.size, width) > room

    def text_width_with_bar(self) -> int | None:
        """The width of this panel's text with its scrollbar shown (estimated from its parent),
        or None if it has no room or does not scroll."""
        parent = self.parent
        if self.styles.overflow_y != "auto" or not isinstance(parent, Widget):
            return None
        outer = parent.scrollable_content_region.size
        width = outer.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        return width if width > 0 else None


class RenderedOnce(Visual):
    """A Rich renderable rendered once per width, drawn as Textual strips kept per width.

    Textual renders a Static's renderable whole twice per layout or more: to count its lines
    (``get_height``; a panel of auto height is measured at two widths, with and without its
    scrollbar), then to draw them. A node's text with its tasks and targets (137 lines for 4-1
    through a filter) took ~13 ms a render; its lines are kept per width and given again, the
    same segments. As a Textual ``Visual`` it also hands the panel its strips directly: through
    Rich, every frame that drew the panel split all its lines out of one stream again (2–8 ms
    a frame for 4-1)."""

    def __init__(self, renderable: RenderableType, app: App[Any] | None = None) -> None:
        self.renderable = renderable
        self._app = app  # its console, for Textual's calls (which bring none)
        self._lines: dict[int, list[list[Segment]]] = {}
        self._strips: dict[tuple[int, RichStyle], list[Strip]] = {}

    def lines(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        """Every line at ``options``' width, whatever height is asked: the caller crops to it,
        and the same lines serve the next caller (which may ask for none, to count them)."""
        lines = self._lines.get(options.max_width)
        if lines is None:
            lines = rendered_lines(self.renderable, console, options.update(height=None))
            if len(self._lines) >= 4:  # a resize renders at new widths; the old ones go
                self._lines.clear()
            self._lines[options.max_width] = lines
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from replayed(self.lines(console, options))

    # Textual's Visual protocol --------------------------------------------------------

    def lines_at(self, width: int) -> list[list[Segment]]:
        """Every line at ``width``, rendered with the console options Textual draws with."""
        if self._app is None:
            raise ValueError("RenderedOnce needs the app to be drawn by Textual")
        return self.lines(self._app.console, self._app.console_options.update(width=width, highlight=False))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((Segment.get_line_length(line) for line in self.lines_at(container_width)), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines_at(width))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        base = style.rich_style  # under each segment's own style, as Textual does for Rich renderables
        strips = self._strips.get((width, base))
        if strips is None:
            strips = StripsOnDemand(self.lines_at(width), base)
            if len(self._strips) >= 4:
                self._strips.clear()
            self._strips[(width, base)] = strips
        # Textual asks for the body's whole height, which is every line: the lines stay unmade.
        return strips if height is None or height >= len(strips) else strips[:height]


class StripsOnDemand(list):  # type: ignore[type-arg]  # a list[Strip] to Textual
    """A panel's lines as Textual strips, each made when first read.

    A panel shows ~20 of its text's 37–137 lines; Textual keeps the strips it is given and reads
    only the lines it draws (``Widget.render_line``), so the others need never be made: ~1 ms
    of a 100× filter's frame (issue 17.6). It is a list, the type Textual asks for: reading an
    item, a slice or iterating makes what it reads."""

    def __init__(self, lines: list[list[Segment]], base: RichStyle) -> None:
        super().__init__([None] * len(lines))
        self._lines = lines
        self._base = base

    def _make(self, index: int) -> Strip:
        strip: Strip | None = super().__getitem__(index)
        if strip is None:
            strip = Strip(list(Segment.apply_style(self._lines[index], self._base)))
            super().__setitem__(index, strip)
        return strip

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self)))]
        return self._make(index)

    def __iter__(self) -> Iterator[Strip]:
        return (self._make(i) for i in range(len(self)))


def retitle(widget: Widget, title: str) -> None:
    """Give ``widget`` the border title ``title``. Textual repaints the whole box on every
    set, the same title too: a filter that lands on another node with as many targets, or
    under the same period, would draw the panel's border and background again."""
    if widget.border_title != title:
        widget.border_title = title
