"""Traffic lights: each task's status for the period, as a symbol that reads without colour.

The tree gets one dict (task → light) per reload, save or period change, from one query; a task
with nothing recorded for the period has no light, so a plan without a workspace looks as it
always did. The colour is a hint only: the symbol (and, in the panel, the word) says it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind, Task

if TYPE_CHECKING:
    from aiplan_tui.tui.workspace_link import WorkspaceLink
    from aiplan_tui.workspace.db import Workspace

# Every task with a progress row or an actual value for the period, and its status (None: a row
# without a status, or only actual values).
_STATUSES = (
    "select task, status from progress where period = ?1"
    " union all select distinct task, null from actuals where period = ?1"
    " and task not in (select task from progress where period = ?1)"
)


def statuses(workspace: Workspace, period: str) -> dict[str, str | None]:
    """task → status for ``period``, only for the tasks where something is recorded."""
    return {row["task"]: row["status"] for row in workspace.read(_STATUSES, (period,))}


def read_statuses(link: WorkspaceLink, period: str) -> dict[str, str | None]:
    """The same through the explorer's link: empty (and no file made) without a workspace."""
    empty: dict[str, str | None] = {}
    return link.read(lambda workspace: statuses(workspace, period), empty)


def light(status: str | None, ascii: bool = False) -> Text:
    """The status's symbol, coloured as a hint ('●' green for 정상추진; '*' in ASCII mode)."""
    from aiplan_tui.workspace.progress import LIGHTS, NOT_ENTERED  # not at start-up: only once a light is drawn

    symbol, plain_symbol, colour = LIGHTS[status or NOT_ENTERED]
    return Text(plain_symbol if ascii else symbol, style="" if colour == "default" else colour)


def label(status: str | None, ascii: bool = False) -> Text:
    """The light and the word: '● 정상추진' — what reads in NO_COLOR and 16 colours alike."""
    from aiplan_tui.workspace.progress import NOT_ENTERED

    text = light(status, ascii)
    text.append(f" {status or NOT_ENTERED}")
    return text


def tree_marks(found: dict[str, str | None], tasks: Iterable[Task] = (), ascii: bool = False) -> dict[Ref, Text]:
    """Node → the mark shown after its key in the tree: a task's light, and for a strategy, an
    area and a ministry the roll-up of its tasks' recorded statuses ('●2▲1': two 정상추진, one
    관심필요). Only tasks with something recorded count, so an untouched plan has no marks."""
    if not found:  # nothing recorded (no workspace at all, at first start): no workspace code to load
        return {}
    from aiplan_tui.workspace.progress import NOT_ENTERED, STATUSES

    marks: dict[Ref, Text] = {Ref(NodeKind.task, task): light(status, ascii) for task, status in found.items()}
    groups: dict[Ref, Counter[str]] = {}
    for task in tasks:
        if task.id not in found:
            continue
        status = found[task.id] or NOT_ENTERED
        owners = [Ref(NodeKind.strategy, str(task.strategy)), Ref(NodeKind.area, task.area)]
        owners += [Ref(NodeKind.ministry, ministry) for ministry in task.ministries]
        for owner in owners:
            groups.setdefault(owner, Counter())[status] += 1
    for owner, counts in groups.items():
        mark = Text()
        for status in (*STATUSES, NOT_ENTERED):
            if counts[status]:
                mark.append_text(light(status, ascii))
                mark.append(str(counts[status]))
        marks[owner] = mark
    return marks


def mark_key(ref: Ref) -> str:
    """What a node's label starts with, after which its mark stands ('3-2.1', '전략 3', '환경부')."""
    return f"전략 {ref.id}" if ref.kind == NodeKind.strategy else ref.id


def with_light(label: Text, key: str, mark: Text, style: Style) -> Text:
    """A tree label with the mark after the node's key ('3-2.1 ● AI 기반 …'); ``style`` is the
    line's (the cursor's highlight), the mark's colours go over it as a hint."""
    at = label.plain.find(f"{key} ")
    if at < 0:
        return label
    at += len(key) + 1
    light = Text(style=style)
    light.append_text(mark)
    light.append(" ")
    return Text.assemble(label[:at], light, label[at:])
