"""The tree's lines drawn straight into segments: Textual's ``Tree._render_line``, cell for cell.

Textual (8.2) draws each tree line by assembling a Rich ``Text`` of its guides and label,
looking up the guide and label styles again (three component styles and their sums), and
rendering that text through Rich. A filter on the 100× plan redraws all 22 lines of the tree:
~0.17 ms a line, most of the tree's part of the frame. Here the styles are worked out once
per render (``LinePainter``) and a line is its guide segments, followed by the label rendered
by Rich on the line's style. The cells are the same (``tests/test_tree_lines.py`` compares
them with Tree's own drawing in every state a line can be in).

Uses Tree's private line list, line cache and node flags (pinned ``<8.3``; docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_pad
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

Guides = tuple[str, str, str, str]  # space, vertical, terminator, cross
LabelMaker = Callable[[TreeNode[Any], Style, Style], Text]


class LinePainter:
    """Draws the lines of ``tree`` for one render: the styles every line shares, once.

    ``render_label`` must return a new ``Text`` each call (Tree's does): the painter styles it
    in place, where Tree copies it first."""

    def __init__(self, tree: Tree[Any], base_style: Style, render_label: LabelMaker) -> None:
        self.tree = tree
        self.base_style = base_style
        self.render_label = render_label
        self.has_focus = tree.has_focus
        self.width = tree.size.width
        self.pad_width = max(tree.virtual_size.width, self.width)
        self.lines = tree._tree_lines
        self.console = tree.app.console

        def hidden(component: str) -> bool:  # a transparent guide colour hides the guides
            return tree.get_component_styles(component).color.a == 0

        base = tree.get_component_rich_style("tree--guides", partial=True)
        self.guides_of: dict[str, tuple[Style, Guides]] = {
            "base": (base, self._guides(base, hidden("tree--guides"))),
            "hover": (
                hover := base + tree.get_component_rich_style("tree--guides-hover", partial=True),
                self._guides(hover, hidden("tree--guides-hover")),
            ),
            "selected": (
                selected := base + tree.get_component_rich_style("tree--guides-selected", partial=True),
                self._guides(selected, hidden("tree--guides-selected")),
            ),
        }
        self.highlight_line = tree.get_component_rich_style("tree--highlight-line")
        self.label_style = tree.get_component_rich_style("tree--label", partial=True)
        self.highlight = tree.get_component_rich_style("tree--highlight", partial=True)
        self.cursor = tree.get_component_rich_style("tree--cursor", partial=False)

    def _guides(self, style: Style, hidden: bool) -> Guides:
        tree = self.tree
        if not tree.show_guides or hidden:
            return ("  ", "  ", "  ", "  ")
        kind = "bold" if style.bold else "double" if style.underline2 else "default"
        depth = max(0, tree.guide_depth - 2)
        space, vertical, terminator, cross = (f"{chars[0]}{chars[1] * depth} " for chars in tree.LINES[kind])
        return (space, vertical, terminator, cross)

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
        label = self.render_label(node, line_style, label_style)
        label.stylize(Style(meta={"node": node._id}))
        label.style = line_style + self.console.get_style(label.style) if label.style else line_style
        segments.extend(label.render(self.console))
        cells += label.cell_len
        return Strip(line_pad(segments, 0, self.pad_width - cells, line_style))
