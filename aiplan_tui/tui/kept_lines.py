"""Renderables whose lines are rendered once per width and kept, for text that comes back.

An area's text (its 본문) is the bulk of its panel — 37–90 wrapped lines, 3–8 ms to render —
and it is the same under every filter: only the list of tasks above it changes. A filter
that lands on the area it was on, or a move back to an area just seen, drew it all again
(issue 17.6). Kept here, the lines come back as the segments they were.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment


def replayed(lines: list[list[Segment]]) -> Iterator[Segment]:
    """Kept lines as the stream of segments a Rich renderable yields, a new line after each."""
    newline = Segment.line()
    for line in lines:
        yield from line
        yield newline


class KeptLines:
    """The lines of ``make()``'s renderables, rendered once for each ``key`` and width.

    ``key`` must say everything the renderables show: equal keys draw the same lines."""

    MOST: ClassVar[int] = 32  # renders kept, the least recently used dropped first
    _kept: ClassVar[OrderedDict[Hashable, list[list[Segment]]]] = OrderedDict()

    def __init__(self, key: Hashable, make: Callable[[], list[RenderableType]]) -> None:
        self.key = key
        self.make = make

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from replayed(self.lines(console, options))

    def lines(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        """The lines at ``options``' width: kept, or rendered now and kept."""
        # What else of the options changes the lines: box characters, and how text is cut.
        asked = (
            options.max_width,
            options.ascii_only,
            options.legacy_windows,
            options.justify,
            options.no_wrap,
            options.overflow,
        )
        key = (self.key, asked)
        lines = self._kept.get(key)
        if lines is None:
            lines = console.render_lines(Group(*self.make()), options.update(height=None), pad=False, new_lines=False)
            self._kept[key] = lines
            while len(self._kept) > self.MOST:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return lines


def rendered_lines(renderable: RenderableType, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
    """``console.render_lines(renderable, options, pad=False, new_lines=False)``, with the kept
    parts of a ``Group`` given as they were kept. Rich renders a group as one stream of
    segments and splits it into lines again, the kept lines too: for an area under a filter,
    its 본문 is most of those lines (~2 ms a filter at 100×, to give back what was kept)."""
    if isinstance(renderable, Group):
        lines: list[list[Segment]] = []
        for part in renderable.renderables:
            lines += rendered_lines(part, console, options)
        return lines
    if isinstance(renderable, KeptLines):
        return renderable.lines(console, options)
    return console.render_lines(renderable, options, pad=False, new_lines=False)
