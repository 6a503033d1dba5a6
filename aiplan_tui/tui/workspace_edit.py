"""The explorer's editing side of the workspace: `e` progress, `n` note, `b` bookmark, `r`
report, and reopening where the user left off. PlanApp's actions are one line each into here.

Reads go through ``app.workspace.read`` (nothing is made when no workspace exists); every
write runs in a worker thread (``app.save_to_workspace`` or the report worker).
"""

from __future__ import annotations

import contextlib
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiplan_tui.outline import OVERVIEW, Ref
from aiplan_tui.records import NodeKind, Task
from aiplan_tui.tui import clipboard
from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from aiplan_tui.tui.workspace_link import WorkspaceProblem

if TYPE_CHECKING:
    from aiplan_tui.store import Store
    from aiplan_tui.tui.app import PlanApp
    from aiplan_tui.tui.screens.report import ReportRequest
    from aiplan_tui.workspace.db import Workspace
    from aiplan_tui.workspace.progress import Progress
    from aiplan_tui.workspace.report import Report

REST_SAVE = 3.0  # seconds the cursor rests before its place is remembered (one small write)
NOT_A_PLACE = (NodeKind.overview, NodeKind.year)  # the plan at a glance and year groups: no id of the plan


def cursor_task(app: PlanApp) -> Task | None:
    """The task under the cursor: the cursor's node or the nearest task above it in the tree."""
    if app.cursor_ref() is None:
        return None
    node = app.query_one(PlanTree).cursor_node
    while node is not None:
        ref = node.data
        if isinstance(ref, Ref) and ref.kind == NodeKind.task:
            return app.store.task(ref.id)
        node = node.parent
    return None


def node_id(ref: Ref) -> str | None:
    """The plan id a note or bookmark is kept under (an area's body is its area)."""
    return None if ref.kind in NOT_A_PLACE else ref.id


def node_title(app: PlanApp, ref: Ref) -> str:
    from aiplan_tui.describe import UnknownId, resolve

    try:
        node = resolve(app.store, ref.id).node
    except UnknownId:
        return ref.id
    title = getattr(node, "title", None) or getattr(node, "label", None) or getattr(node, "name", None)
    if not title:  # an item of the text: its first words
        words = " ".join(str(getattr(node, "text", "")).split())
        title = words[:30] + ("…" if len(words) > 30 else "")
    return f"{ref.id} {title}".strip() if title != ref.id else ref.id


def _no_place(app: PlanApp, what: str) -> None:
    app.notify(f"{what}: 개요와 연도 묶음에는 달 수 없습니다 — 전략·분야·과제·본문·문서·부처에서 누르세요", title=what)


# e: progress ----------------------------------------------------------------------------


def edit_progress(app: PlanApp) -> None:
    from aiplan_tui.tui.screens.progress_edit import ProgressEditScreen

    task = cursor_task(app)
    if task is None:
        app.notify(
            "e는 과제의 추진실적(상태·실적·목표 실적)을 씁니다 — 과제(예: 3-2.1)나 그 아래 항목에서 누르세요",
            title="실적",
        )
        return
    targets = app.store.targets(task=task.id)
    load = partial(saved_progress, app, task.id)
    app.push_screen(ProgressEditScreen(task, targets, app.period, load, ascii=app.wide_glyphs))


def saved_progress(app: PlanApp, task: str, period: str) -> Progress | None:
    from aiplan_tui.workspace.progress import progress

    def query(workspace: Workspace) -> Progress | None:
        found = progress(workspace, task=task, period=period)
        return found[0] if found else None

    try:
        return app.workspace.read(query, None)
    except WorkspaceProblem as error:
        app.say_unreadable(error)
        return None


# n: note, b: bookmark -----------------------------------------------------------------


def edit_note(app: PlanApp) -> None:
    from aiplan_tui.tui.screens.note_edit import NoteEditScreen
    from aiplan_tui.workspace.notes import note

    ref = app.cursor_ref()
    node = node_id(ref) if ref is not None else None
    if ref is None or node is None:
        _no_place(app, "메모")
        return
    try:
        saved = app.workspace.read(lambda workspace: note(workspace, node), None)
    except WorkspaceProblem as error:
        app.say_unreadable(error)
        return
    app.push_screen(NoteEditScreen(node, node_title(app, ref), saved.text if saved else ""))


def toggle_bookmark(app: PlanApp) -> None:
    ref = app.cursor_ref()
    node = node_id(ref) if ref is not None else None
    if ref is None or node is None:
        _no_place(app, "북마크")
        return
    title = node_title(app, ref)
    app.save_to_workspace(partial(_toggle, node), partial(_toggled, title))


def _toggle(node: str, workspace: Workspace) -> bool:
    """Inside the save's lock: read and flip in one go, so two quick b's never both add."""
    from aiplan_tui.workspace.notes import bookmarks, set_bookmark

    on = node not in {b.node for b in bookmarks(workspace)}
    set_bookmark(workspace, node, on=on)
    return on


def _toggled(title: str, on: object) -> str:
    return f"북마크 추가: {title}" if on else f"북마크 해제: {title}"


# r: report ------------------------------------------------------------------------------


def open_report(app: PlanApp) -> None:
    from aiplan_tui.tui.screens.report import ReportScreen

    ministries = [m.id for m in app.store.ministries() if m.tasks]
    only = app.where.ministries[0] if len(app.where.ministries) == 1 else None

    def chosen(request: ReportRequest | None) -> None:
        if request is not None:
            # Said at once: a whole-plan HWPX takes seconds in python-hwpx (~8 s for 78 tasks here).
            app.notify(safe(f"{request.path.name} 쓰는 중…"), title="보고서", timeout=30, markup=False)
            app.run_worker(partial(_write_report, app, request), name="report", group="report", thread=True)

    folder = clipboard.copy_dir(app.settings.copy_dir)
    app.push_screen(ReportScreen(ministries, only, app.period, folder), chosen)


def _write_report(app: PlanApp, request: ReportRequest) -> None:
    """Runs in a worker thread: build, render and write atomically; the toast names the file."""
    from aiplan_tui.workspace import report

    try:
        built = app.workspace.read(partial(_build, app.store, request), None) or _blank(app.store, request)
        data = report.render(built, request.fmt)
        request.path.parent.mkdir(parents=True, exist_ok=True)
        report.write_atomic(request.path, data)
    except report.MissingExtra as error:
        app.call_from_thread(_say, app, str(error), "보고서를 쓰지 못했습니다", "error")
        return
    except WorkspaceProblem as error:
        app.call_from_thread(_say, app, str(error), "보고서를 쓰지 못했습니다", "error")
        return
    except OSError as error:
        problem = f"{request.path}에 쓰지 못했습니다 ({error.strerror or error})"
        app.call_from_thread(_say, app, problem, "보고서를 쓰지 못했습니다", "error")
        return
    where = app.home_relative(request.path)
    written = f"{where}\n{built.title}, 과제 {len(built.tasks)}개"
    app.call_from_thread(_say, app, written, "보고서를 썼습니다", "information")


def _build(store: Store, request: ReportRequest, workspace: Workspace) -> Report:
    from aiplan_tui.workspace.report import build

    return build(store, workspace, request.period, request.ministry)


def _blank(store: Store, request: ReportRequest) -> Report:
    """No workspace yet (nothing saved): the same report with every task 미입력, a form to fill
    in, built from a throwaway workspace so the user's own is not made by a read."""
    from aiplan_tui.workspace.db import Workspace
    from aiplan_tui.workspace.report import build

    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.for_store(store, Path(folder) / "workspace.db")
        try:
            return build(store, workspace, request.period, request.ministry)
        finally:
            workspace.close()


def _say(app: PlanApp, message: str, title: str, severity: Any) -> None:
    app.clear_notifications()  # the "쓰는 중" toast
    app.notify(safe(message), title=title, severity=severity, timeout=10 if severity == "error" else 6, markup=False)


# Where the user left off ------------------------------------------------------------------


class PositionKeeper:
    """Remembers the cursor's node in the workspace (per OS user) when it has rested a few
    seconds and on quit — only when a workspace file exists already: a pure reader never gets
    a file made just by opening the app. See docs/decisions.md."""

    def __init__(self, app: PlanApp) -> None:
        self.app = app
        self.kept: str | None = None  # what the workspace holds (as far as this app knows)
        self.timer: Any = None

    def restore(self) -> bool:
        """Go to the last position (True), or do nothing when there is none or it is gone."""
        from aiplan_tui.describe import UnknownId, resolve
        from aiplan_tui.workspace.notes import last_position

        try:
            node = self.app.workspace.read(last_position, None)
        except WorkspaceProblem:
            return False
        if not node:
            return False
        self.kept = node
        if node == OVERVIEW.id:
            return False  # left on 개요 (or a year group): the usual start
        try:
            resolved = resolve(self.app.store, node)
        except UnknownId:
            return False  # the plan was rebuilt without it: start as usual
        self.app.go(resolved)
        return True

    def moved(self, ref: Ref) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.app.set_timer(REST_SAVE, partial(self._rested, ref))

    def _wanted(self, ref: Ref | None) -> str | None:
        node = (node_id(ref) or OVERVIEW.id) if ref is not None else None  # 개요 and year groups: start at 개요
        if node is None or node == self.kept or not self.app.workspace.exists:
            return None
        return node

    def _rested(self, ref: Ref) -> None:
        self.timer = None
        node = self._wanted(ref)
        if node is not None:
            self.kept = node
            self.app.run_worker(partial(self._keep, node), name="position", group="position", thread=True)

    def _keep(self, node: str) -> None:
        from aiplan_tui.workspace.notes import save_position

        with contextlib.suppress(WorkspaceProblem):  # a place is not a record: never worth an error toast
            self.app.workspace.call(lambda workspace: save_position(workspace, node))

    def quitting(self) -> None:
        """On quit, on the app's thread (one small write; the app is closing anyway)."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        node = self._wanted(self.app.selected)
        if node is not None:
            self._keep(node)
