"""The side column's third panel: what the workspace records for the shown node and the period.

A task: its status (light + word), 추진실적/애로사항/향후계획/증빙, each target's planned value for
the period beside the actual (잠정/확정) and the achievement rate — a rate only where the plan
gives a value for that period. A strategy, area, ministry or the overview: the roll-up line(s).
Any node: its note and whether the user bookmarked it.

Bound to ``PlanApp.shown``, ``PlanApp.period`` and ``PlanApp.saved`` (data_bind): it follows
the node once the cursor rests, never each move. One locked read per redraw; without a workspace
file (nothing saved yet) it reads nothing, makes nothing, and stays hidden.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind, Target
from aiplan_tui.store import Store
from aiplan_tui.tui.glyphs import safe_text
from aiplan_tui.tui.progress_marks import label as status_text
from aiplan_tui.tui.state import Shown
from aiplan_tui.tui.widgets.settled import retitle
from aiplan_tui.tui.workspace_link import WorkspaceLink, WorkspaceProblem

if TYPE_CHECKING:
    from aiplan_tui.workspace.db import Workspace
    from aiplan_tui.workspace.progress import Actual, Rollup

ROLLUP_BY = {NodeKind.strategy: "strategy", NodeKind.area: "area", NodeKind.ministry: "ministry"}
TEXT_FIELDS = (("note", "추진실적"), ("issues", "애로사항"), ("plans", "향후계획"), ("evidence", "증빙"))


class Found(NamedTuple):
    """What the workspace holds for one node and period (read in one locked call)."""

    recorded: bool  # a progress row or an actual value for the task and period
    status: str | None
    fields: dict[str, str]  # 추진실적 … 증빙, only those written
    actuals: dict[str, Actual]  # target id → actual for the period
    rollups: list[Rollup]
    note: str
    bookmarked: bool


def gather(store: Store, ref: Ref, period: str, workspace: Workspace) -> Found:
    from aiplan_tui.workspace.notes import note
    from aiplan_tui.workspace.progress import actuals, rollup

    status: str | None = None
    fields: dict[str, str] = {}
    values: dict[str, Actual] = {}
    recorded = False
    rollups: list[Rollup] = []
    if ref.kind == NodeKind.task:
        rows = workspace.read(
            "select status, note, issues, plans, evidence from progress where task = ? and period = ?", (ref.id, period)
        )
        if rows:
            status = rows[0]["status"]
            fields = {name: rows[0][name] for name, _ in TEXT_FIELDS if rows[0][name]}
        values = {a.target: a for a in actuals(workspace, task=ref.id, period=period)}
        recorded = bool(rows or values)
    elif ref.kind in ROLLUP_BY:
        by = ROLLUP_BY[NodeKind(ref.kind)]
        rollups = rollup(store, workspace, period, by, key=ref.id)
    elif ref.kind == NodeKind.overview:
        rollups = rollup(store, workspace, period, "strategy")
    written = note(workspace, ref.id)
    marked = workspace.read("select 1 from bookmarks where node = ? and who = ?", (ref.id, workspace.user))
    return Found(recorded, status, fields, values, rollups, written.text if written else "", bool(marked))


def figure(value: float, unit: str) -> str:
    shown = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    return f"{shown}{unit}"


def target_line(target: Target, period: str, actual: Actual | None) -> Text:
    """'청년 AI 인재 (3-2/t1)  계획 100명 · 실적 80명 잠정 · 달성률 80.0%'."""
    from aiplan_tui.workspace.progress import achievement_rate, planned_value

    planned = planned_value(target, period)
    line = Text(f"{target.subject} ", style="bold")
    line.append(f"({target.id})", style="dim")
    line.append("\n  계획 ")
    line.append(
        figure(planned, target.unit) if planned is not None else "이 기간 값 없음",
        style="" if planned is not None else "dim",
    )
    line.append(" · 실적 ")
    if actual is None:
        line.append("미입력", style="dim")
        return line
    line.append(figure(actual.value, target.unit))
    line.append(" 잠정" if actual.provisional else " 확정", style="dim")
    rate = achievement_rate(target, period, actual.value)
    if rate is not None:
        line.append(" · 달성률 ")
        line.append(f"{rate:g}%", style="bold")
    return line


def rollup_line(found: Rollup, strategy: bool) -> str:
    """'산림청: 과제 3 · 정상추진 1 · 미입력 2' ('전략 3: …' for a strategy)."""
    return f"전략 {found.line()}" if strategy else found.line()


def render(store: Store, ref: Ref, period: str, found: Found, ascii: bool = False) -> Text | None:
    """The panel's text, or None when the workspace has nothing to say about this node."""
    lines: list[Text] = []
    if ref.kind == NodeKind.task:
        head = Text(f"{period} ", style="bold")
        head.append_text(status_text(found.status, ascii) if found.recorded else Text("미입력", style="dim"))
        lines.append(head)
        for name, title in TEXT_FIELDS:
            if name in found.fields:
                line = Text(f"{title} ", style="bold")
                line.append(found.fields[name])
                lines.append(line)
        if found.recorded:
            lines += [target_line(t, period, found.actuals.get(t.id)) for t in store.targets(task=ref.id)]
    strategy = ref.kind in (NodeKind.strategy, NodeKind.overview)
    lines += [Text(rollup_line(one, strategy)) for one in found.rollups]
    if found.note:
        line = Text("메모 ", style="bold")
        line.append(found.note)
        lines.append(line)
    if found.bookmarked:
        lines.append(Text("★ 북마크" if not ascii else "* 북마크", style="bold"))
    if not lines:
        return None
    return safe_text(Text("\n").join(lines))


class ProgressPanel(VerticalScroll):
    """Hidden (``-empty``) when there is no workspace or nothing about the node to show."""

    DEFAULT_CSS = """
    ProgressPanel.-empty { display: none; }
    """

    # Vars: a change redraws the body and sets the title, which repaint themselves; the
    # panel's own box is not drawn again for it.
    shown: var[Shown | None] = var(None, init=False)
    period: var[str] = var("", init=False)
    saved: var[int] = var(0, init=False)

    def __init__(self, store: Store, link: WorkspaceLink, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self.store = store
        self.link = link
        self._pending = False
        self.reads = 0  # workspace reads so far (tests check one per redraw)

    def compose(self) -> ComposeResult:
        yield Static(id="progress-body", markup=False)

    # shown, period and saved often change together (a save, a bound value's first set): one redraw.
    def watch_shown(self) -> None:
        self._schedule()

    def watch_period(self) -> None:
        self._schedule()

    def watch_saved(self) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_later(self.settle)

    def settle(self) -> None:
        """Draw a redraw still waiting, now: a filter's landing node is drawn in the filter's
        frame (PlanApp.show_landing), not a frame later (issue 17.6)."""
        if self._pending:
            self.redraw()

    def redraw(self) -> None:
        self._pending = False
        shown, period = self.shown, self.period
        if shown is None or not period or not self.link.exists:
            self.set_class(True, "-empty")
            return
        ascii = bool(getattr(self.app, "wide_glyphs", False))
        try:
            self.reads += 1
            found = self.link.read(partial(gather, self.store, shown.ref, period), None)
            text = render(self.store, shown.ref, period, found, ascii) if found is not None else None
        except WorkspaceProblem as problem:
            text = Text(f"작업공간을 읽지 못했습니다: {problem}")
        self.set_class(text is None, "-empty")
        if text is not None:
            retitle(self, f"실적 {period}")
            self.query_one("#progress-body", Static).update(text)
