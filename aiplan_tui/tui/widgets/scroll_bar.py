"""Scrollbars drawn straight into strips, and kept: Textual's own bars go through Rich.

A Textual scrollbar renders ``ScrollBar.renderer`` (Textual's documented way to change how
bars are drawn). Its ``ScrollBarRender`` is a Rich renderable, so every repaint sent the
bar's one-cell lines through Rich's console and line splitting: ~0.3 ms a bar of 11 lines,
1–1.5 ms in a filter's frame on the 100× plan, where both panels' bars change (issue 17.6).
``StripBar`` computes the same segments with ``ScrollBarRender.render_bar`` and, as a
Textual ``Visual``, hands them over as strips, under the widget's style as Textual would.
The strips of the last bars drawn are kept: a bar that did not move costs a lookup.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import ClassVar

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

KEPT = 64  # bars kept (a bar's strips are one or two dozen one-cell lines)


class StripBar(ScrollBarRender, Visual):
    """``ScrollBarRender``'s bar, drawn as Textual strips (``ScrollBar.renderer``)."""

    # (width, height, virtual size, window, position, vertical, bar style, widget style) → strips
    _kept: ClassVar[OrderedDict[tuple[object, ...], list[Strip]]] = OrderedDict()

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.thickness if self.vertical else container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.virtual_size if self.vertical else self.thickness

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if height is None:  # Textual gives a bar its region's height; without one there is no bar to draw
            return []
        base = style.rich_style
        bar_style = self.style if isinstance(self.style, RichStyle) else RichStyle.parse(self.style)
        key = (width, height, self.virtual_size, self.window_size, self.position, self.vertical, bar_style, base)
        strips = self._kept.get(key)
        if strips is None:
            strips = self._draw(width, height, bar_style, base)
            self._kept[key] = strips
            if len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return strips

    def _draw(self, width: int, height: int, bar_style: RichStyle, base: RichStyle) -> list[Strip]:
        size, thickness = (height, width) if self.vertical else (width, height)
        bar = self.render_bar(
            size=size,
            window_size=self.window_size,
            virtual_size=self.virtual_size,
            position=self.position,
            thickness=thickness,
            vertical=self.vertical,
            back_color=bar_style.bgcolor or Color.parse("#555555"),
            bar_color=bar_style.color or Color.parse("bright_magenta"),
        )
        # As Textual draws a Rich renderable: the widget's style under each segment's own.
        cells = [Segment(text, base + cell_style if base else cell_style) for text, cell_style, _ in bar.segments]
        if self.vertical:  # one segment a line
            return [Strip([cell], width) for cell in cells]
        row = Strip(cells[:size], width)  # the bar's cells, then a new line, once per row of its thickness
        return [row] * height


def use_strip_bars() -> None:
    """Every Textual scrollbar of this process is drawn by ``StripBar``."""
    ScrollBar.renderer = StripBar
