"""The plan as a tree whose children load when a node is opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import NodeID, TreeNode

from aiplan_tui.outline import Entry, Outline, Ref
from aiplan_tui.tui.glyphs import ellipsis, safe_text
from aiplan_tui.tui.keys import TREE_KEYS, bindings
from aiplan_tui.tui.messages import NodeChosen
from aiplan_tui.tui.progress_marks import mark_key, with_light
from aiplan_tui.tui.text import fit
from aiplan_tui.tui.widgets.settled import Settled
from aiplan_tui.tui.widgets.tree_lines import LinePainter, LineStyles

# The component classes the tree's lines take their styles from (tree_lines.LineStyles).
LINE_COMPONENTS = (
    "tree--guides",
    "tree--guides-hover",
    "tree--guides-selected",
    "tree--highlight-line",
    "tree--label",
    "tree--highlight",
    "tree--cursor",
)


def entry_label(entry: Entry) -> Text:
    label = Text()
    if entry.key:
        label.append(entry.key, style="bold")
        label.append(" ")
    if entry.tally:  # before the title, so a cut title never hides it
        label.append(entry.tally, style="dim")
        label.append(" ")
    label.append(entry.title)
    if entry.dim:
        label.stylize("dim")
    return safe_text(label)


def more_label(left: int) -> Text:
    """The last line of an open node whose children are not all added yet."""
    return safe_text(Text(f"… {left}개 더 — 여기로 오면 이어서 보입니다", style="dim italic"))


class Grown(NamedTuple):
    """A tree's nodes built for an outline away from the screen (``PlanTree.grow``): the top
    level, and the path to where the cursor will land opened, as ``load`` and ``reveal`` build
    them."""

    outline: Outline
    path: tuple[Ref, ...]
    root: TreeNode[Ref]
    nodes: dict[NodeID, TreeNode[Ref]]
    next_id: int
    loaded: set[int]
    more: dict[int, tuple[TreeNode[Ref], list[Entry]]]
    landing: TreeNode[Ref] | None  # the node the cursor goes to; None: the first node


class PlanTree(Settled, Tree[Ref]):
    """Strategies → areas → tasks → items (or ministries/years → tasks), loaded lazily.

    A node's children are added when it is opened, CHUNK at a time: a node with more ends in
    a "… N개 더" line that adds the next CHUNK when the cursor reaches it (or a path needs
    them). Textual's TreeNode.add costs ~0.17 ms a node with its label, so opening a strategy
    of 325 areas, or a ministry of 4,000 tasks, would otherwise cost what the whole level
    costs, not what the screen shows."""

    CHUNK = 60  # more than a screen shows; the real plan's largest level has 56 (tasks of 2023)

    # Every tree key of the registry (enter is Tree's own), with the jamo twins of its letters.
    BINDINGS: ClassVar[list[BindingType]] = bindings([k for k in TREE_KEYS if k.action != "select_cursor"], show=False)

    Chosen = NodeChosen  # the message it posts (tui/messages.py)

    def __init__(self, outline: Outline, *, id: str | None = None) -> None:
        self._batching = False  # set before Tree's __init__, which invalidates
        self._painter: LinePainter | None = None  # the styles of this render's lines (tree_lines.py)
        # The line styles, with what they were worked out from (see line_styles).
        self._line_styles: tuple[tuple[object, ...], tuple[object, ...], LineStyles] | None = None
        self._stale = False
        self._growing = False  # nodes are being built away from the screen (grow)
        # The (hidden) root's label as Text: a str would be parsed as markup, with emoji codes.
        super().__init__(Text(outline.store.plan()["title"]), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.outline = outline
        self._loaded: set[int] = set()
        self._placed: TreeNode[Ref] | None = None
        self.marks: dict[Ref, Text] = {}  # node → its light or roll-up for the period (progress_marks.py)
        # "… N개 더" nodes (by node id): the parent and the run of entries not added yet.
        self._more: dict[int, tuple[TreeNode[Ref], list[Entry]]] = {}
        self._came_from = 0  # the cursor's line before its last move

    def _invalidate(self) -> None:
        # Tree invalidates itself (and schedules a layout) on every node added or expanded:
        # ~0.12 ms each, so opening a strategy of 325 areas cost ~40 ms. Inside `_batch` the
        # nodes are added first and the tree invalidated once at the end.
        if self._batching:
            self._stale = True
            return
        super()._invalidate()

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Add and expand nodes with one invalidation for all of them."""
        if self._batching:  # nested: the outer batch invalidates
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            if self._stale:
                self._stale = False
                super()._invalidate()

    def on_mount(self) -> None:
        self.load(self.outline)

    def load(self, outline: Outline) -> None:
        """Show a new view or filter: only the top level is built now."""
        self.clear()
        self._plant(outline)

    def _plant(self, outline: Outline) -> None:
        """The top level of ``outline`` under the (new) root."""
        self.outline = outline
        self._loaded = {self.root.id}
        self._more = {}
        with self._batch():
            for entry in outline.roots():  # few (documents, strategies, ministries): never cut
                self._add(self.root, entry)
            self._open(self.root)

    def _open(self, node: TreeNode[Ref]) -> None:
        if self._growing:  # a node not on the screen: nothing to tell, nothing to redraw
            node._expanded = True  # private: pinned <8.3
        else:
            node.expand()

    @contextmanager
    def _away(self) -> Iterator[None]:
        """Build nodes away from the screen: under a root of their own, with ids, "… N개 더"
        runs and loaded marks of their own; the tree on the screen is left as it was."""
        shown = (self.root, self._tree_nodes, self._current_id, self._loaded, self._more, self.outline)
        # Tree counts its changes in _updates, a key of its kept lines: those on the screen stay kept.
        batch = (self._batching, self._stale, self._updates)
        self._growing = self._batching = True  # no invalidation reaches the tree on the screen
        self._tree_nodes, self._current_id = {}, 0
        self.root = TreeNode(self, None, self._new_id(), self.root._label, None, expanded=True)
        try:
            yield
        finally:
            self._growing = False
            self._batching, self._stale, self._updates = batch
            self.root, self._tree_nodes, self._current_id, self._loaded, self._more, self.outline = shown

    def grow(self, outline: Outline, path: list[Ref]) -> Grown:
        """The nodes ``load(outline)`` and then ``reveal(path)`` (or ``place_first`` for an empty
        ``path``) would build, built now and not shown: ``take`` shows them."""
        with self._away():
            self._plant(outline)
            end = self._open_path(path)[0] if outline.shown_part(path) else self.root
            return Grown(
                outline,
                tuple(path),
                self.root,
                self._tree_nodes,
                self._current_id,
                self._loaded,
                self._more,
                end if end is not self.root else None,
            )

    def take(self, grown: Grown) -> None:
        """Show nodes grown ahead, with the cursor where ``reveal`` or ``place_first`` puts it."""
        self.outline = grown.outline
        self.root, self._tree_nodes, self._current_id = grown.root, grown.nodes, grown.next_id
        self._loaded, self._more = grown.loaded, grown.more
        self._invalidate()
        if grown.landing is not None:
            self._place_cursor(grown.landing)
        else:
            self.place_first()

    def _add(self, parent: TreeNode[Ref], entry: Entry) -> TreeNode[Ref]:
        return parent.add(entry_label(entry), data=entry.ref, allow_expand=entry.expandable)

    def _add_from(self, parent: TreeNode[Ref], entries: list[Entry]) -> None:
        """Add the first CHUNK of ``entries``, and a "… N개 더" node for the rest."""
        for entry in entries[: self.CHUNK]:
            self._add(parent, entry)
        if len(entries) > self.CHUNK:
            self._add_more(parent, entries[self.CHUNK :])

    def _add_more(self, parent: TreeNode[Ref], run: list[Entry], before: TreeNode[Ref] | None = None) -> None:
        more = parent.add_leaf(more_label(len(run)), before=before)
        self._more[more.id] = (parent, run)

    def _fill(self, more: TreeNode[Ref], start: int, stop: int) -> list[TreeNode[Ref]]:
        """Replace a "… N개 더" node with the entries start:stop of its run, keeping a
        "… N개 더" node for those before and those after; the nodes added."""
        parent, run = self._more.pop(more.id)
        start, stop = max(0, start), min(len(run), stop)
        with self._batch():
            if start > 0:
                self._add_more(parent, run[:start], before=more)
            added = [
                parent.add(entry_label(e), data=e.ref, allow_expand=e.expandable, before=more) for e in run[start:stop]
            ]
            if stop < len(run):
                self._add_more(parent, run[stop:], before=more)
            more.remove()
        return added

    def ensure_loaded(self, node: TreeNode[Ref]) -> None:
        if node.id in self._loaded or node.data is None:
            return
        self._loaded.add(node.id)
        with self._batch():
            self._add_from(node, self.outline.children(node.data))

    def child_for(self, node: TreeNode[Ref], ref: Ref) -> TreeNode[Ref] | None:
        """The child of ``node`` standing for ``ref`` (loading ``node``'s children): if it is
        not added yet, it is added with the CHUNK around it, wherever it is in the run."""
        if node.id not in self._loaded and node.data is not None:
            # Not open yet: the chunk around ``ref`` only, not the first chunk as well.
            self._loaded.add(node.id)
            entries = self.outline.children(node.data)
            index = next((n for n, entry in enumerate(entries) if entry.ref == ref), 0)
            with self._batch():
                if index < self.CHUNK:
                    self._add_from(node, entries)
                else:
                    self._add_more(node, entries)
                    start = index - self.CHUNK // 2
                    return next(c for c in self._fill(node.children[0], start, start + self.CHUNK) if c.data == ref)
        for child in node.children:
            if child.data == ref:
                return child
            if self._is_more(child):
                run = self._more[child.id][1]
                found = next((n for n, entry in enumerate(run) if entry.ref == ref), None)
                if found is not None:
                    start = found - self.CHUNK // 2
                    added = self._fill(child, start, start + self.CHUNK)
                    return next(c for c in added if c.data == ref)
        return None

    def _is_more(self, node: TreeNode[Ref]) -> bool:
        # By identity too: node ids start again after a reload, and a message may be late.
        return node.id in self._more and self._tree_nodes.get(node.id) is node

    def _reached_more(self, more: TreeNode[Ref]) -> None:
        """The cursor is on "… N개 더": the CHUNK next to where it came from takes its place
        (from the top of the run moving down, from the bottom moving up or jumping to the end),
        with the cursor on the one nearest where it came from."""
        run = len(self._more[more.id][1])
        came_from = self._came_from
        upward = came_from > more.line or (more.line == self.last_line and came_from < more.line - 1)
        added = self._fill(more, run - self.CHUNK, run) if upward else self._fill(more, 0, self.CHUNK)
        self._place_cursor(added[-1] if upward else added[0], at_rest=False)

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        self._came_from = previous_line
        super().watch_cursor_line(previous_line, line)

    @property
    def added(self) -> int:
        """How many nodes the tree holds under its root, open or not (Tree's own index of
        nodes keeps those of a cleared tree until their ids are used again)."""
        count, stack = 0, list(self.root.children)
        while stack:
            node = stack.pop()
            count += 1
            stack.extend(node.children)
        return count

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Ref]) -> None:
        self.ensure_loaded(event.node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Ref]) -> None:
        if self._is_more(event.node):  # the cursor reached "… N개 더": the next chunk takes its line
            self._reached_more(event.node)
            return
        if event.node.data is not None:
            placed = event.node is self._placed
            if placed:  # a highlight on the way from an earlier move leaves the jump's mark alone
                self._placed = None
            self.post_message(self.Chosen(event.node.data, at_rest=placed))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Ref]) -> None:
        if self._is_more(event.node):
            self._reached_more(event.node)
            return
        if event.node.data is not None:
            self.post_message(self.Chosen(event.node.data, at_rest=True))

    def render_lines(self, crop: Region) -> list[Strip]:
        # The painter (this render's styles) is made by the first line drawn: a render whose
        # lines Textual still keeps (another widget's layout) works out no styles at all.
        self._painter = None
        try:
            return super().render_lines(crop)
        finally:
            self._painter = None

    def render_line(self, y: int) -> Strip:
        if self._painter is None:
            self._painter = self.line_painter()
        scroll_x, scroll_y = self.scroll_offset
        return self._painter.line(y + scroll_y).crop(scroll_x, scroll_x + self.size.width)

    def line_painter(self) -> LinePainter:
        """What draws this render's lines: labels without a traffic light it draws itself."""
        return LinePainter(self, self.rich_style, self.line_styles(), self.render_label, self._label_room, ellipsis())

    def line_styles(self) -> LineStyles:
        """The lines' styles, kept while what they come from is the same objects: the tree's
        own style, its guide settings and its component styles (a restyle makes new ones).
        Textual forgets its component styles on every refresh, and working them out again
        was ~0.7 ms of each filter's frame."""
        settings = (self.rich_style, self.show_guides, self.guide_depth)
        components = tuple(self._component_styles.get(name) for name in LINE_COMPONENTS)
        kept = self._line_styles
        if kept is None or kept[0] != settings or any(a is not b for a, b in zip(kept[1], components)):
            kept = self._line_styles = (settings, components, LineStyles.of(self))
        return kept[2]

    def render_label(self, node: TreeNode[Ref], base_style: Style, style: Style) -> Text:
        label = super().render_label(node, base_style, style)
        if self.marks and node.data is not None and node.data in self.marks:
            label = with_light(label, mark_key(node.data), self.marks[node.data], style)
        room = self._room(node)
        return fit(label, room) if room > 0 else label

    def _room(self, node: TreeNode[Ref]) -> int:
        """The cells ``node``'s label is cut to (its icon included)."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        icon = 2 if node.allow_expand else 0  # "▶ " before expandable nodes only
        return self.scrollable_content_region.width - depth * self.guide_depth - icon

    def _label_room(self, node: TreeNode[Ref]) -> int | None:
        """The room for the painter's own drawing of ``node``'s label (tree_lines.py), or None
        for a node with a traffic light, which ``render_label`` draws."""
        return None if node.data is not None and node.data in self.marks else self._room(node)

    def set_marks(self, marks: dict[Ref, Text]) -> None:
        """New traffic lights (a save, another period): the lines are drawn again."""
        if marks or self.marks:
            self.marks = marks
            self._invalidate()

    def process_label(self, label: str | Text) -> Text:
        # Tree keeps the first line of every label, splitting it (a copy) twice per node added:
        # ~15 µs each, ~2 ms for the 75 nodes a 100× filter adds. Ours are one line already.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[Ref]) -> int:
        # render_label cuts every label to the tree's width, so no line is wider than the tree.
        # Tree measures every open node's label on each rebuild to size its horizontal scroll;
        # with hundreds of areas open that cost ~0.2 ms a node, for nothing.
        return 0

    def action_expand(self) -> None:
        """Open the node; on an open one, go to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            self.ensure_loaded(node)
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse(self) -> None:
        """Close the node; on a closed one (or a leaf), go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.allow_expand:
            node.collapse()
        else:
            self.action_back()

    def action_back(self) -> None:
        node = self.cursor_node
        if node is not None and node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def reveal(self, path: list[Ref]) -> bool:
        """Open the nodes along ``path`` and put the cursor on the last; False if not shown.
        Where ``path`` leaves what the outline shows, on the nearest node, open."""
        node, found = self._open_path(path)
        if node is self.root:
            return False
        # The panels show the node at once, the nearest one too: nothing is being scanned
        # after a filter or a jump, and a panel following 0.3 s later (FOLLOW_DELAY) showed
        # the hidden node meanwhile and cost a second frame (issue 17.6).
        self._place_cursor(node)
        return found

    def _open_path(self, path: list[Ref]) -> tuple[TreeNode[Ref], bool]:
        """The nodes along ``path`` added and opened: the last one shown (the root if none is),
        and whether it is ``path``'s end. The nearest node is opened too."""
        with self._batch():
            node = self.root
            for ref in self.outline.shown_part(path):
                child = self.child_for(node, ref)
                if child is None:
                    break
                if node is not self.root:
                    self._open(node)
                node = child
            if node is self.root:
                return node, False
            found = node.data == path[-1]
            if not found and node.allow_expand:  # the nearest node, open: what the filter left there
                self.ensure_loaded(node)
                self._open(node)
        return node, found

    def place_first(self) -> None:
        """The cursor on the first node (the panels follow at once)."""
        if self.root.children:
            self._place_cursor(self.root.children[0])

    def _place_cursor(self, node: TreeNode[Ref], at_rest: bool = True) -> None:
        self._placed = node if at_rest else None  # a jump: the panels follow at once
        # Adding and expanding nodes rebuilds the tree's lines lazily; reading last_line builds
        # them now, so the cursor moves in the same frame.
        lines = self.last_line + 1
        if self.styles.overflow_y == "auto" and self.size:
            # Decided now, with the lines: the layout that draws them draws the scrollbar too
            # (settled.py; a filter that shortens the tree took a second layout to drop it).
            self.show_vertical_scrollbar = lines > self.scrollable_content_region.height
        same_line = node.line == self.cursor_line
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)
        if same_line and node.data is not None:
            # A new view or filter whose node lands on the cursor's old line: Tree sees no
            # move, keeps its old cursor node and posts no highlight, and the panels would go
            # on showing the old node (review B1). Run its watcher anyway and say so ourselves.
            self.mutate_reactive(Tree.cursor_line)
            self._placed = None
            self.post_message(self.Chosen(node.data, at_rest=at_rest))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.keep_cursor_in_view)

    def keep_cursor_in_view(self) -> None:
        """After a resize: the cursor's node stays on screen."""
        if self.cursor_node is not None:
            self.scroll_to_node(self.cursor_node, animate=False)
