"""What the explorer's panels show, as one value the app holds and the panels are bound to."""

from __future__ import annotations

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind, Task
from aiplan_tui.store import Filter

NO_FILTER = Filter()


class Shown:
    """A node and the filters its text depends on; ``tasks`` are the tasks those filters keep.

    Two values are equal when the node and those filters are: a filter that leaves the cursor
    on a task (whose text does not depend on filters) changes nothing, so nothing is redrawn.
    ``tasks`` rides along (already read by the tree's outline) and takes no part in equality."""

    __slots__ = ("ref", "tasks", "where")

    def __init__(self, ref: Ref, where: Filter = NO_FILTER, tasks: list[Task] | None = None) -> None:
        follows = NodeKind(ref.kind).spec.follows_filters
        self.ref = ref
        self.where = where if follows else NO_FILTER
        self.tasks = (tasks or []) if follows else []

    def _key(self) -> tuple[Ref, Filter]:
        return (self.ref, self.where)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self.ref)  # equal values have equal refs

    def __repr__(self) -> str:
        return f"Shown({self.ref!r}, {self.where!r})"
