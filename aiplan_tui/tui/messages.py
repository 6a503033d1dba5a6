"""Every message the explorer's widgets and workers send, in one place.

A widget says what happened (the cursor moved, a background job finished); the app turns
that into state (``PlanApp.selected``, ``PlanApp.shown``, ``view``, ``where``), and the
panels draw from the state they are bound to. Nothing here imports the app or its widgets.
"""

from __future__ import annotations

from textual.message import Message

from aiplan_tui.outline import Ref


class NodeChosen(Message):
    """The tree's cursor moved to a node: by a key (``at_rest`` False: the panels follow once it
    rests) or by enter or a jump (True: they follow at once)."""

    def __init__(self, ref: Ref, at_rest: bool = False) -> None:
        self.ref = ref
        self.at_rest = at_rest
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, NodeChosen)  # a flood of moves shows only the last
