"""What the explorer's panels show, as one value the app holds and the panels are bound to."""

from __future__ import annotations

from aiplan_tui.description import LISTED_TASKS, NO_FILTER, Description, Lens, description
from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind, Task
from aiplan_tui.store import Filter, Store


class Shown:
    """A node and the filters its text depends on; ``tasks`` are the tasks those filters keep.

    Two values are equal when the node and those filters are: a filter that leaves the cursor
    on a task (whose text does not depend on filters) changes nothing, so nothing is redrawn.
    ``tasks`` rides along (already read by the tree's outline) and takes no part in equality.
    The description is made once, on first use, for both panels and the copy key."""

    __slots__ = ("_told", "ref", "tasks", "where")

    def __init__(self, ref: Ref, where: Filter = NO_FILTER, tasks: list[Task] | None = None) -> None:
        follows = NodeKind(ref.kind).spec.follows_filters
        self.ref = ref
        self.where = where if follows else NO_FILTER
        self.tasks = tasks if follows else None  # None: not read yet (the description reads them)
        self._told: Description | None = None

    def lens(self, most: int | None = LISTED_TASKS) -> Lens:
        """These filters as a description's lens; the panels list up to ``most`` tasks."""
        return Lens(self.where, self.tasks if self.where.active else None, most=most)

    def description(self, store: Store) -> Description:
        """The node's one description through these filters, made once for both panels."""
        if self._told is None:
            self._told = description(store, NodeKind(self.ref.kind), self.ref.id, self.lens())
        return self._told

    def _key(self) -> tuple[Ref, Filter]:
        return (self.ref, self.where)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self.ref)  # equal values have equal refs

    def __repr__(self) -> str:
        return f"Shown({self.ref!r}, {self.where!r})"
