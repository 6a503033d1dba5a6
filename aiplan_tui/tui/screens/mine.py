"""`u` 내 과제: my ministry's tasks with their lights for the period, and my bookmarks.

"My ministry" is chosen once (the ministry picker, single choice) and kept in settings.json as
``my_ministry``; `m` in this list chooses again. enter goes to the node in the tree.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aiplan_tui.describe import UnknownId, resolve
from aiplan_tui.outline import OVERVIEW
from aiplan_tui.settings import remember
from aiplan_tui.store import Store
from aiplan_tui.tui.glyphs import safe_text
from aiplan_tui.tui.keys import Key
from aiplan_tui.tui.progress_marks import label as status_text
from aiplan_tui.tui.progress_marks import statuses
from aiplan_tui.tui.screens.picker import Choice
from aiplan_tui.tui.workspace_link import WorkspaceLink, WorkspaceProblem

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp
    from aiplan_tui.workspace.db import Workspace

CHANGE_MINISTRY = "\0ministry"  # what the list returns when `m` asks for another ministry
CHANGE_KEY = Key("m", "m", "change_ministry", "부처 바꾸기", "내 부처를 다시 고릅니다")
BOOKMARK = "bookmark:"  # option ids of bookmarks (a task can be in both lists)
HELP = "enter 이동 · m 내 부처 바꾸기 · escape 닫기"


class Mine(NamedTuple):
    heading: str  # my ministry's roll-up: '산림청: 과제 2 · 정상추진 1 · 미입력 1'
    tasks: list[tuple[str, Text]]  # node id, line
    bookmarks: list[tuple[str, Text]]


def node_title(store: Store, node: str) -> str:
    """A bookmarked node's id and title as the tree writes them ('3-2.1 AI 기반 …')."""
    if node == OVERVIEW.id:
        return "개요"
    try:
        found = resolve(store, node).node
    except UnknownId:
        return f"{node} (이 계획에 없음)"
    title = getattr(found, "title", None) or getattr(found, "text", None) or getattr(found, "name", "")
    return f"{node} {title}".strip() if title != node else node


def gather(store: Store, ministry: str, period: str, ascii: bool, workspace: Workspace | None) -> Mine:
    """The list's lines: one status query and one bookmark query (none without a workspace)."""
    from aiplan_tui.workspace.notes import bookmarks
    from aiplan_tui.workspace.progress import NOT_ENTERED, STATUSES, Rollup

    found = statuses(workspace, period) if workspace is not None else {}
    marked = [b.node for b in bookmarks(workspace)] if workspace is not None else []
    tasks = []
    for task in store.all_tasks():
        if ministry in task.ministries:
            line = Text(f"{task.id} ")
            line.append_text(status_text(found.get(task.id), ascii) if task.id in found else Text("· 미입력", "dim"))
            line.append(f"  {task.title}")
            tasks.append((task.id, safe_text(line)))
    counts = Counter(found.get(task) or NOT_ENTERED for task, _ in tasks)
    heading = Rollup(ministry, len(tasks), {s: counts[s] for s in (*STATUSES, NOT_ENTERED) if counts[s]}).line()
    return Mine(heading, tasks, [(node, safe_text(Text(node_title(store, node)))) for node in marked])


def read(link: WorkspaceLink, ministry: str, period: str, ascii: bool) -> Mine:
    store = link.store
    found = link.read(lambda ws: gather(store, ministry, period, ascii, ws), None)
    return found if found is not None else gather(store, ministry, period, ascii, None)


class MineScreen(ModalScreen[Optional[str]]):
    """Installed once and reused (PlanApp.installed); ``prepare`` gives this time's lines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "닫기", id="mine_cancel", tooltip="닫습니다"),
        Binding(CHANGE_KEY.with_twins, "change_ministry", CHANGE_KEY.label, tooltip=CHANGE_KEY.help),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mine = Mine("", [], [])
        self.period = ""

    def prepare(self, mine: Mine, period: str) -> None:
        self.mine = mine
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(id="mine-box"):
            yield Static(id="mine-title", markup=False)
            yield OptionList(id="mine-list")
            yield Static(Text(HELP, style="dim"), id="mine-help", markup=False)

    def on_screen_resume(self) -> None:
        mine = self.mine
        title = Text("내 과제", style="bold")
        title.append(f"  {self.period}", style="dim")
        self.query_one("#mine-title", Static).update(safe_text(title))
        options = self.query_one(OptionList)
        options.clear_options()
        rows: list[Option | None] = [Option(Text(mine.heading, style="bold"), disabled=True)]
        rows += [Option(line, id=node) for node, line in mine.tasks]
        rows.append(Option(Text(f"내 북마크 {len(mine.bookmarks)}", style="bold"), disabled=True))
        if not mine.bookmarks:
            rows.append(Option(Text("  없음 — 북마크한 항목이 여기 모입니다", style="dim"), disabled=True))
        rows += [Option(line, id=BOOKMARK + node) for node, line in mine.bookmarks]  # ids stay unique
        options.add_options(rows)
        first = next((n for n, row in enumerate(rows) if row is not None and not row.disabled), None)
        options.highlighted = first
        options.focus()

    @on(OptionList.OptionSelected, "#mine-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.removeprefix(BOOKMARK))

    def action_change_ministry(self) -> None:
        self.dismiss(CHANGE_MINISTRY)


def open_mine(app: PlanApp) -> None:
    """`u`: the list, after choosing my ministry the first time."""
    ministry = app.settings.my_ministry
    if not ministry or ministry not in {m.id for m in app.store.ministries()}:
        pick_my_ministry(app)
        return
    try:
        mine = read(app.workspace, ministry, app.period, app.wide_glyphs)
    except WorkspaceProblem as problem:
        app.say_unreadable(problem)
        return

    def done(node: str | None) -> None:
        if node == CHANGE_MINISTRY:
            pick_my_ministry(app)
        elif node == OVERVIEW.id:
            app.jump(OVERVIEW)
        elif node:
            try:
                app.go(resolve(app.store, node))
            except UnknownId as error:
                app.notify(str(error), title="이동할 수 없습니다", severity="error", markup=False)

    screen = app.installed("mine", MineScreen)
    screen.prepare(mine, app.period)
    app.push_screen(screen, done)


def pick_my_ministry(app: PlanApp) -> None:
    """The ministry picker, for one ministry; remembered in settings.json as ``my_ministry``."""
    counts = app.store.facets().ministries
    choices = [
        Choice(m.id, f"{m.id} {m.name if m.name != m.id else ''}".strip(), counts.get(m.id, 0), [m.id, m.name])
        for m in app.store.ministries()
        if m.tasks
    ]
    choices.sort(key=lambda c: (-c.count, c.value))

    def done(picked: tuple[str, ...] | None) -> None:
        if not picked:
            return
        ministry = picked[0]
        app.settings = app.settings._replace(my_ministry=ministry)
        try:
            remember(my_ministry=ministry)
        except OSError as error:
            app.notify(f"내 부처를 저장하지 못했습니다 (이번에만 씁니다): {error}", severity="warning", markup=False)
        app.notify(f"내 부처: {ministry} — 바꾸려면 u 다음 m", timeout=4, markup=False)
        open_mine(app)

    title = "내 부처 (하나 고르기: space 또는 이름 입력 후 enter)"
    app.open_picker("my-ministry-picker", title, choices, (), done, None, "좁히기: 이름·약칭·초성")
