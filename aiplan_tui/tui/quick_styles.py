"""A widget's content lines framed by its CSS with the frame worked out once per render.

Textual passes every line a widget draws through ``StylesCache.render_line``, which looks up
the widget's border, outline, gutter, hatch, tint, opacity and the app's ANSI theme again for
each line, builds two closures and makes a new strip even when the line is its content as it
is. A ministry filter redraws the whole screen (the picker's dialog closes over it), ~200
lines: in-process on the 100× plan that per-line work was 7.3 ms of the frame.

``QuickStyles`` works out a widget's frame once per render. A content line with at most side
borders and side padding, and no outline, tint, hatch or opacity (every line of the main
screen) is its content fitted to the content width, with the padding and border cells around
it, as Textual makes it; a line with no frame at all is the content's own strip, so the line
filters' result that Textual keeps on a strip is kept too (the tree's and the panels' kept
lines). Any other line (a dialog's top border, a padding row, a translucent widget) is
Textual's own. The same screen: 7.3 → 2.4 ms; in the pty, a 100× filter's median 36.9 → 31.1
ms (five A/B pairs of 20 filters). ``tests/test_quick_styles.py`` compares the two, line for
line, on every widget of the explorer in several states and on every kind of frame.

Uses Textual's private ``StylesCache`` (pinned ``<8.3``; docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import textual.widget
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box
from textual._segment_tools import make_blank
from textual._styles_cache import StylesCache
from textual.strip import Strip
from textual.style import Style

if TYPE_CHECKING:
    from textual.color import Color
    from textual.css.styles import StylesBase
    from textual.geometry import Size, Spacing


class Frame(NamedTuple):
    """What surrounds a widget's content lines: the rows they are on and the cells beside them."""

    top: int  # the first content row (border and padding above it)
    bottom: int  # the row after the last content row
    content_width: int
    inner: RichStyle  # the content's background
    left: list[Segment]  # border and padding cells before the content
    right: list[Segment]  # and after it


def frame_of(
    styles: StylesBase,
    size: Size,
    content_size: Size,
    padding: Spacing,
    base_background: Color,
    background: Color,
    opacity: float,
) -> Frame | None:
    """The frame of the widget's content lines, or None if one needs more than side cells."""
    if opacity != 1.0 or styles.text_opacity != 1.0 or styles.tint.a:
        return None
    if styles.has_rule("hatch") and styles.hatch != "none":
        return None
    if any(edge for edge, _ in styles.outline):
        return None
    _, (border_right, right_color), _, (border_left, left_color) = styles.border
    gutter = styles.gutter
    _, pad_right, _, pad_left = padding
    inner_style, outer_style = Style(background=base_background + background), Style(background=base_background)
    inner = inner_style.rich_style
    left: list[Segment] = []
    right: list[Segment] = []
    if border_left:
        edge = Style(foreground=base_background + left_color.multiply_alpha(opacity))
        left.append(get_box(border_left, inner_style, outer_style, edge)[1][0])
    if pad_left:
        left.append(make_blank(pad_left, inner))
    if pad_right:
        right.append(make_blank(pad_right, inner))
    if border_right:
        edge = Style(foreground=base_background + right_color.multiply_alpha(opacity))
        right.append(get_box(border_right, inner_style, outer_style, edge)[1][2])
    # Rows of top and bottom border or padding are drawn by Textual.
    return Frame(gutter.top, size.height - gutter.bottom, content_size.width, inner, left, right)


class QuickStyles(StylesCache):
    """``StylesCache`` with each content line framed from the frame worked out for its render."""

    def __init__(self) -> None:
        super().__init__()
        self._frame: Frame | None = None

    def render(
        self, styles: StylesBase, size: Size, base_background: Color, background: Color, *args: Any, **kwargs: Any
    ) -> list[Strip]:
        content_size = kwargs.get("content_size") or size
        padding = kwargs.get("padding") or styles.padding
        self._frame = frame_of(
            styles, size, content_size, padding, base_background, background, kwargs.get("opacity", 1.0)
        )
        try:
            return super().render(styles, size, base_background, background, *args, **kwargs)
        finally:
            self._frame = None

    def render_line(
        self,
        styles: StylesBase,
        y: int,
        size: Size,
        content_size: Size,
        padding: Spacing,
        base_background: Color,
        background: Color,
        render_content_line: Callable[[int], Strip],
        *args: Any,
    ) -> Strip:
        frame = self._frame
        if frame is None or not frame.top <= y < frame.bottom:
            return super().render_line(
                styles, y, size, content_size, padding, base_background, background, render_content_line, *args
            )
        content_y = y - frame.top
        if content_y < content_size.height:
            line = render_content_line(content_y).adjust_cell_length(frame.content_width, frame.inner)
        else:
            line = Strip.blank(frame.content_width, frame.inner)
        if not frame.left and not frame.right:  # the content width is the width: the line as it is
            return line
        return Strip([*frame.left, *line, *frame.right], size.width)


def use_quick_styles() -> None:
    """Every widget made from now on in this process frames its lines with ``QuickStyles``."""
    textual.widget.StylesCache = QuickStyles  # type: ignore[attr-defined]
