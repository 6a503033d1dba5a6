"""The tree's lines drawn straight into segments: Textual's ``Tree._render_line``, cell for cell.

Textual (8.2) draws each tree line by assembling a Rich ``Text`` of its guides and label,
looking up the guide and label styles again (three component styles and their sums), and
rendering that text through Rich. A filter on the 100× plan redraws all 22 lines of the tree:
~0.17 ms a line, most of the tree's part of the frame. Here the styles are worked out once
per render (``LinePainter``) and a line is its guide segments, followed by its label's. A label
is made straight into segments from the node's label: the spans Tree's ``render_label`` and
the cut to the tree's width would give it, combined as Rich's ``Text.render`` combines them,
with no ``Text`` made, copied, assembled and cut on the way (drawing the 22 lines of a
filter's frame at 100×: 3.8 → 2.3 ms, median in-process). A label with a traffic light is
still made as a ``Text`` by ``render_label`` and rendered by Rich. The cells are the same
(``tests/test_tree_lines.py`` compares them with Tree's own drawing in every state a line can
be in).

Uses Tree's private line list, line cache and node flags (pinned ``<8.3``; docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple, Union

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_pad
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from aiplan_tui.tui.text import fitting

Guides = tuple[str, str, str, str]  # space, vertical, terminator, cross
LabelMaker = Callable[[TreeNode[Any], Style, Style], Text]
# The cells a node's label may take (its icon included), or None to draw it through the
# tree's own render_label (a label the fast path does not know how to draw).
LabelRoom = Callable[[TreeNode[Any]], Union[int, None]]
StyleSpan = tuple[int, int, Union[Style, str]]
TOGGLE_STYLE = Style.from_meta({"toggle": True})  # Tree's icon: a click on it opens or closes the node


class LineStyles(NamedTuple):
    """The styles every line of a tree takes from its component classes: its guides in each
    state (base, hover, selected) with their characters, and its label's."""

    guides_of: dict[str, tuple[Style, Guides]]
    highlight_line: Style
    label_style: Style
    highlight: Style
    cursor: Style

    @classmethod
    def of(cls, tree: Tree[Any]) -> LineStyles:
        def hidden(component: str) -> bool:  # a transparent guide colour hides the guides
            return tree.get_component_styles(component).color.a == 0

        def guides(style: Style, hidden: bool) -> Guides:
            if not tree.show_guides or hidden:
                return ("  ", "  ", "  ", "  ")
            kind = "bold" if style.bold else "double" if style.underline2 else "default"
            depth = max(0, tree.guide_depth - 2)
            space, vertical, terminator, cross = (f"{chars[0]}{chars[1] * depth} " for chars in tree.LINES[kind])
            return (space, vertical, terminator, cross)

        base = tree.get_component_rich_style("tree--guides", partial=True)
        hover = base + tree.get_component_rich_style("tree--guides-hover", partial=True)
        selected = base + tree.get_component_rich_style("tree--guides-selected", partial=True)
        return cls(
            guides_of={
                "base": (base, guides(base, hidden("tree--guides"))),
                "hover": (hover, guides(hover, hidden("tree--guides-hover"))),
                "selected": (selected, guides(selected, hidden("tree--guides-selected"))),
            },
            highlight_line=tree.get_component_rich_style("tree--highlight-line"),
            label_style=tree.get_component_rich_style("tree--label", partial=True),
            highlight=tree.get_component_rich_style("tree--highlight", partial=True),
            cursor=tree.get_component_rich_style("tree--cursor", partial=False),
        )


class LinePainter:
    """Draws the lines of ``tree`` for one render, in ``styles`` (``LineStyles.of(tree)``, which
    the caller may keep from one render to the next while the tree's styles stay the same).

    ``render_label`` must return a new ``Text`` each call (Tree's does): the painter styles it
    in place, where Tree copies it first. It makes only the labels ``label_room`` gives no room
    for; the painter draws the others itself, cut with ``ellipsis``."""

    def __init__(
        self,
        tree: Tree[Any],
        base_style: Style,
        styles: LineStyles,
        render_label: LabelMaker,
        label_room: LabelRoom,
        ellipsis: str,
    ) -> None:
        self.tree = tree
        self.base_style = base_style
        self.render_label = render_label
        self.label_room = label_room
        self.ellipsis = ellipsis
        self.has_focus = tree.has_focus
        self.width = tree.size.width
        self.pad_width = max(tree.virtual_size.width, self.width)
        self.lines = tree._tree_lines
        self.console = tree.app.console
        self.guides_of = styles.guides_of
        self.highlight_line = styles.highlight_line
        self.label_style = styles.label_style
        self.highlight = styles.highlight
        self.cursor = styles.cursor

    def line(self, y: int) -> Strip:
        """Line ``y`` of the tree (counted from its top, not the screen's), uncropped."""
        tree = self.tree
        lines = self.lines
        if y >= len(lines):
            return Strip.blank(self.width, self.base_style)
        line = lines[y]
        path = line.path
        is_hover = tree.hover_line >= 0 and any(node._hover for node in path)
        key = (y, is_hover, self.width, tree._updates, tree._pseudo_class_state, tuple(n._updates for n in path))
        cached = tree._line_cache.get(key)
        if cached is not None:
            return cached
        strip = tree._line_cache[key] = self._draw(y, path, line.last, is_hover)
        return strip

    def _draw(self, y: int, path: list[TreeNode[Any]], last: bool, is_hover: bool) -> Strip:
        node = path[-1]  # the line's node, under its ancestors
        line_style = (self.highlight_line if is_hover else self.base_style) + Style(meta={"line": y})
        segments: list[Segment] = []
        cells = 0
        # The guide colours follow Tree's rule: from the first hovered (or, focused, selected)
        # ancestor down, the guides take that state's style.
        hover = path[0]._hover
        selected = path[0]._selected and self.has_focus
        guide_style, guides = self.guides_of["base"]
        if len(path) > 1:
            for step in path[1:]:
                state = "selected" if selected else "hover" if hover else "base"
                guide_style, guides = self.guides_of[state]
                if step is not path[-1]:
                    piece = guides[0] if step.is_last else guides[1]
                    segments.append(Segment(piece, line_style + guide_style))
                    cells += len(piece)
                hover = hover or step._hover
                selected = (selected or step._selected) and self.has_focus
            piece = guides[2] if last else guides[3]
            segments.append(Segment(piece, line_style + guide_style))
            cells += len(piece)

        label_style = self.label_style
        if self.tree.hover_line == y:
            label_style += self.highlight
        if self.tree.cursor_line == y:
            label_style += self.cursor
        room = self.label_room(node)
        if room is not None:
            label_cells = self._label(segments, node, line_style, label_style, room)
        else:
            label = self.render_label(node, line_style, label_style)
            label.stylize(Style(meta={"node": node._id}))
            label.style = line_style + self.console.get_style(label.style) if label.style else line_style
            segments.extend(label.render(self.console))
            label_cells = label.cell_len
        cells += label_cells
        return Strip(line_pad(segments, 0, self.pad_width - cells, line_style))

    def _label(
        self, segments: list[Segment], node: TreeNode[Any], line_style: Style, label_style: Style, room: int
    ) -> int:
        """Append the segments of ``node``'s label to ``segments``; the cells they take.

        The same segments as Tree's ``render_label`` fitted to ``room`` (``text.fit``), with the
        node's meta, rendered by Rich: the styles of the same spans, in the same order, combined
        as ``Text.render`` combines them. No ``Text`` is made, copied, assembled or cut for it
        (~0.1 ms a line, 22 lines in every frame a filter draws)."""
        label = node._label
        icon = (self.tree.ICON_NODE_EXPANDED if node.is_expanded else self.tree.ICON_NODE) if node._allow_expand else ""
        text = icon + label.plain
        spans: list[StyleSpan] = [(0, len(icon), line_style + TOGGLE_STYLE)] if icon else []
        start = len(icon)
        end = len(text)
        if label.style and end > start:
            spans.append((start, end, label.style))
        spans.extend((span.start + start, span.end + start, span.style) for span in label._spans)
        if label_style and end > start:
            spans.append((start, end, label_style))
        if room > 0 and cell_len(text) > room:
            kept = fitting(text, room - cell_len(self.ellipsis))
            spans = [(a, min(b, kept), style) for a, b, style in spans if a < kept]
            text = text[:kept] + self.ellipsis
            spans.append((kept, len(text), "dim"))
        if not text:
            return 0
        spans.append((0, len(text), Style(meta={"node": node._id})))
        segments.extend(styled_segments(text, line_style, spans, self.console))
        return cell_len(text)


def styled_segments(text: str, base: Style, spans: list[StyleSpan], console: Console) -> list[Segment]:
    """``text`` with ``spans`` over ``base`` as Rich's ``Text.render`` yields it: at every
    boundary the styles of the spans open there, in span order, combined."""
    get_style = console.get_style
    style_map = {0: base}
    for index, (_, _, span_style) in enumerate(spans, 1):
        style_map[index] = span_style if isinstance(span_style, Style) else get_style(span_style, default=Style.null())
    edges = [(0, False, 0)]
    edges.extend((start, False, index) for index, (start, _, _) in enumerate(spans, 1))
    edges.extend((end, True, index) for index, (_, end, _) in enumerate(spans, 1))
    edges.append((len(text), True, 0))
    edges.sort(key=itemgetter(0, 1))
    open_spans: list[int] = []
    combined: dict[tuple[int, ...], Style] = {}
    out: list[Segment] = []
    for (offset, leaving, index), (next_offset, _, _) in zip(edges, edges[1:]):
        if leaving:
            open_spans.remove(index)
        else:
            open_spans.append(index)
        if next_offset > offset:
            key = tuple(sorted(open_spans))
            current = combined.get(key)
            if current is None:
                current = combined[key] = Style.combine(style_map[i] for i in key)
            out.append(Segment(text[offset:next_offset], current))
    return out
