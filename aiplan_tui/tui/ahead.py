"""A filter's answer worked out while its picker waits for ⏎ (issue 17.6).

Once the keys in a picker pause (``PREVIEW_DELAY``), the picker says what ⏎ would apply. The
app then works out what that filter will show: the tree's outline along the cursor's path (its
entries, kept by the ``Outline``), where the cursor lands, that node's description, and its
text rendered at the panel's width, and the tree's nodes along that path (built away from the
screen, ``PlanTree.grow``). ⏎ then only swaps the nodes in and draws. On the 100× plan, in the
pty, A/B with and without on alternate sessions: the outline and landing took ~6 ms off the
filter's median, the nodes ~3 ms more. A guess that ⏎ does not take (another pick, escape) is
dropped unused; nothing is shown from it.

    picker pauses ──▶ Ahead.work_out(where) ──▶ kept by the app ──┐
    ⏎ ──▶ where changes ──▶ reload: the kept outline if it serves ◀┘ ──▶ the kept nodes if
          grown along the reload's path (PlanTree.take) ──▶ landing Shown (kept description,
          rendered text handed to the panel)
"""

from __future__ import annotations

from typing import NamedTuple

from aiplan_tui.outline import Outline, Ref, View
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.state import Shown
from aiplan_tui.tui.widgets.plan_tree import Grown


def landing(outline: Outline, path: list[Ref]) -> Ref | None:
    """The node the tree's cursor lands on when it follows ``path`` in ``outline``: its last
    shown ref (``PlanTree.reveal``), or else the first entry (``PlanTree.place_first``)."""
    shown = outline.shown_part(path)
    if shown:
        return shown[-1]
    roots = outline.roots()
    return roots[0].ref if roots else None


def path_for(outline: Outline, selected: Ref | None) -> list[Ref]:
    """The path a reload follows to keep the cursor where it was: the strategy view keeps it
    (or the nearest node the filter leaves); other views start on their first node."""
    return outline.path_to(selected) if outline.view is View.strategy and selected is not None else []


def shown_at(ref: Ref, where: Filter, outline: Outline) -> Shown:
    """What the panels show at ``ref`` under ``where`` (the filtered tasks ride along)."""
    tasks = outline.tasks if NodeKind(ref.kind).spec.follows_filters else []
    return Shown(ref, where, tasks)


class Ahead(NamedTuple):
    """A filter's outline, the panels' value where its cursor will land, and the tree's nodes
    for it (``PlanTree.grow``), built along the path the reload will follow."""

    outline: Outline
    shown: Shown | None
    grown: Grown | None = None

    @classmethod
    def work_out(cls, store: Store, view: View, where: Filter, selected: Ref | None) -> Ahead:
        outline = Outline(store, view, where)
        path = path_for(outline, selected)
        ref = landing(outline, path)
        if ref is None:
            return cls(outline, None)
        if path and ref != path[-1]:  # the nearest node is opened: its entries are read too
            outline.children(ref)
        shown = shown_at(ref, where, outline)
        shown.description(store)
        return cls(outline, shown)

    def serves(self, view: View, where: Filter) -> bool:
        return self.outline.view is view and self.outline.where == where

    def nodes_for(self, path: list[Ref]) -> Grown | None:
        """The nodes grown ahead, if they were grown along ``path``."""
        return self.grown if self.grown is not None and self.grown.path == tuple(path) else None
