"""The explorer: a keyboard-first tree of the plan with its text, targets and filters."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.filter import LineFilter
from textual.reactive import var
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from aiplan_tui.describe import Resolved, resolve, year_label
from aiplan_tui.description import description
from aiplan_tui.outline import OVERVIEW, Outline, Ref, View
from aiplan_tui.plain import to_text
from aiplan_tui.records import NodeKind
from aiplan_tui.settings import DEFAULT_THEME, Settings, remember, shown
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import clipboard, glyphs, late_width, progress_marks, workspace_edit
from aiplan_tui.tui.ahead import Ahead, path_for, shown_at
from aiplan_tui.tui.glyphs import GlyphFilter, safe
from aiplan_tui.tui.idle_gc import IdleCollector
from aiplan_tui.tui.keys import APP_KEYS, PALETTE_KEY, bindings
from aiplan_tui.tui.messages import NodeChosen
from aiplan_tui.tui.quick_styles import use_quick_styles
from aiplan_tui.tui.safe_app import SafeApp
from aiplan_tui.tui.screens.main import MainScreen
from aiplan_tui.tui.state import Shown
from aiplan_tui.tui.themes import load_themes
from aiplan_tui.tui.widgets.detail import DetailView, TargetsPanel
from aiplan_tui.tui.widgets.filter_bar import FilterBar
from aiplan_tui.tui.widgets.key_bar import KeyBar
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from aiplan_tui.tui.widgets.progress_panel import ProgressPanel
from aiplan_tui.tui.widgets.scroll_bar import use_strip_bars
from aiplan_tui.tui.workspace_link import WorkspaceLink, WorkspaceProblem, default_period

if TYPE_CHECKING:  # dialogs, pickers and the palette are imported when first opened, not before the first paint
    from aiplan_tui.tui.screens.picker import Choice, V

S = TypeVar("S", bound=Screen[Any])

FOLLOW_DELAY = 0.3  # seconds the cursor rests before the text panel follows it
MIN_WIDTH = 40
MIN_HEIGHT = 12
NARROW = 80  # below this many columns the panels stack


def plan_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens."""
    from aiplan_tui.tui.commands import PlanCommands

    return PlanCommands


class PlanApp(SafeApp):
    """전국민 AI 일상화 실행계획 explorer."""

    TITLE = "aiplan"  # the plan's own title and issuer replace these (__init__)
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP_KEYS)
    # One provider for the plan's commands and Textual's own (in Korean), so 초성 finds both.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {plan_commands}

    # The explorer's state. The tree and the filter bar follow view and where; the detail
    # and targets panels are bound to shown (data_bind in compose) and draw from it alone.
    # Vars, not reactives: a reactive on the app repaints the whole screen when it changes, on
    # top of the widgets bound to it, and that repaint wrote the screen a second time after
    # every filter and view (issue 17.6).
    view: var[View] = var(View.strategy, init=False)
    where: var[Filter] = var(Filter(), init=False)
    selected: var[Ref | None] = var(None, init=False)  # the node under the tree's cursor
    shown: var[Shown | None] = var(None, init=False)  # what the panels show: selected, once it rests
    # The workspace: the period progress is shown for, and a count of saves that panels and the
    # tree watch to read it again (bumped on the app's thread once a save has committed).
    period: var[str] = var("", init=False)  # a var, as view and where: no whole-screen repaint
    saved: var[int] = var(0, init=False)

    def __init__(
        self,
        store: Store,
        start: str | None = None,
        *,
        settings: Settings | None = None,
        cursor_blink: bool | None = None,
        warnings: Sequence[str] = (),
        workspace: Path | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.warnings = list(warnings)
        self._theme_to_use: str | None = self.settings.theme  # see get_css_variables
        # NO_COLOR: with native ANSI colours Textual drops colour entirely (NoColor) instead of
        # painting greys (Monochrome); focus and selection then show by reverse video (app.tcss).
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        # The truecolor filter was made before our theme was chosen: tell it whether the
        # theme keeps the terminal's own ANSI colours.
        self.mutate_reactive(App.ansi_color)
        self.store = store
        self.start = start
        plan = store.plan()
        self.title = plan["title"]
        self.sub_title = "{}. {}. ".format(*map(int, plan["issued"].split("-"))) + plan["issuer"]
        # A blinking caret repaints twice a second: bytes on every SSH link, noise in snapshots.
        over_ssh = "SSH_CONNECTION" in os.environ  # a blinking caret repaints over the link twice a second
        self.cursor_blink = not (self.settings.slow_link or over_ssh) if cursor_blink is None else cursor_blink
        self.wide_glyphs = self.settings.ascii or self.settings.ambiguous_width == "wide"
        glyphs.configure(self.wide_glyphs)
        use_strip_bars()
        use_quick_styles()
        if self.settings.slow_link:
            self.animation_level = "none"
        self.total_tasks = store.count("tasks")
        self.workspace = WorkspaceLink(store, workspace)
        self.set_reactive(PlanApp.period, default_period(store))
        self.position = workspace_edit.PositionKeeper(self)  # reopen where the user left off
        self._persist_theme = False
        self._follow: Timer | None = None  # a move waiting for the cursor to rest
        self._ahead: Ahead | None = None  # a picker's filter worked out before its ⏎ (ahead.py)
        # Full GC passes while nobody types; the first quiet second also reads every task once.
        self.idle_collector = IdleCollector(self, chores=[store.all_tasks])

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen(id="_default")  # its first frame waits for the layout to settle

    def get_css_variables(self) -> dict[str, str]:
        # App.__init__ builds the stylesheet's variables from the theme set by then. Choosing
        # ours here, on that first call, rather than after __init__ (where setting `theme`
        # re-parses every stylesheet) saves ~30 ms before the first paint.
        if self._theme_to_use is not None:
            self._use_theme(self._theme_to_use)
            self._theme_to_use = None
        return super().get_css_variables()

    def _use_theme(self, name: str) -> None:
        themes, problems = load_themes()
        self.warnings += problems
        for theme in themes:
            self.register_theme(theme)
        if name not in self.available_themes:
            self.warnings.append(
                f"테마 {shown(name)}가 없어 기본 테마를 씁니다 ({', '.join(sorted(self.available_themes))})"
            )
            name = DEFAULT_THEME
        if name in self.available_themes:
            self.set_reactive(PlanApp.theme, name)  # before the first paint: no watcher to run

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (command palette) is remembered for next time: the theme
        alone, not the flags, environment or detected values this session runs with."""
        if self._persist_theme and theme != self.settings.theme:
            self.settings = self.settings._replace(theme=theme)
            try:
                remember(theme=theme)
            except OSError as error:
                self.notify(f"테마를 저장하지 못했습니다: {error}", severity="warning")

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = list(super().get_line_filters())
        if self.wide_glyphs:
            filters.append(self._glyph_filter)
        return filters

    @cached_property
    def _glyph_filter(self) -> GlyphFilter:
        return GlyphFilter()

    def compose(self) -> ComposeResult:
        yield FilterBar(self.store, id="filter-bar").data_bind(PlanApp.view, PlanApp.where)
        with Horizontal(id="main"):
            yield PlanTree(Outline(self.store), id="tree")
            with Vertical(id="side"):
                yield DetailView(self.store, id="detail").data_bind(PlanApp.shown)
                yield TargetsPanel(self.store, id="targets").data_bind(PlanApp.shown)
                yield ProgressPanel(self.store, self.workspace, id="progress").data_bind(
                    PlanApp.shown, PlanApp.period, PlanApp.saved
                )
        yield Static("", id="too-small", markup=False)
        yield KeyBar([*APP_KEYS, PALETTE_KEY], id="keys").data_bind(PlanApp.view, PlanApp.where, PlanApp.selected)

    def on_mount(self) -> None:
        self.set_class(self.wide_glyphs, "-ascii-glyphs")
        self.set_class(self.no_color, "-no-color")
        for warning in self.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self._persist_theme = True
        self.shown = Shown(OVERVIEW)  # drawn in the first frame, whatever comes next
        self.fit_to_size(self.size.width, self.size.height)
        tree = self.query_one(PlanTree)
        tree.focus()
        self.mark_tree()
        if self.start:
            try:
                self.go(resolve(self.store, self.start))
                return
            except Exception as error:
                self.notify(str(error), title="이동할 수 없습니다", severity="error")
        elif self.position.restore():
            return
        tree.place_first()  # a node is under the cursor from the first frame: the overview

    def on_ready(self) -> None:
        self.idle_collector.start()  # the first pass collects what starting up left

    def on_unmount(self) -> None:
        self.idle_collector.stop()

    def post_display_hook(self) -> None:
        super().post_display_hook()
        self.idle_collector.frame_written()  # collections held since the input may run again

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:  # a key, the mouse: someone is there
            self.idle_collector.touched()
        await super().on_event(event)

    def on_cursor_position(self, event: events.CursorPosition) -> None:
        """The terminal's answer to the ambiguous-width question, arriving late (slow link)."""
        late_width.receive(self, event.x + 1)

    # Layout ---------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.fit_to_size(event.size.width, event.size.height)

    def fit_to_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.screen.set_class(width < NARROW, "narrow")
        self.screen.set_class(small, "too-small")
        if small:
            # One phrase a line, so a narrow window never breaks one in the middle.
            self.query_one("#too-small", Static).update(
                Text(
                    safe(f"창이 너무 작습니다\n최소 {MIN_WIDTH}×{MIN_HEIGHT} 필요\n지금 {width}×{height}"),
                    justify="center",
                )
            )

    # State ----------------------------------------------------------------------------

    def watch_view(self) -> None:
        self.reload()

    def watch_where(self) -> None:
        self.reload()

    def reload(self) -> None:
        """A new view or filter: the strategy view keeps the cursor where it was (or on the
        nearest node the filter leaves); other views start on their first node. Either way
        the panels show the node the cursor lands on."""
        tree = self.query_one(PlanTree)
        ahead, self._ahead = self._ahead, None
        if ahead is None or not ahead.serves(self.view, self.where):
            ahead = Ahead(Outline(self.store, self.view, self.where), None)
        path = path_for(ahead.outline, self.selected)
        grown = ahead.nodes_for(path)
        if grown is not None:
            tree.take(grown)
            self.mark_tree()  # another user of a team file may have saved since
        else:
            tree.load(ahead.outline)
            self.mark_tree()
            if ahead.outline.shown_part(path):
                tree.reveal(path)
            else:
                tree.place_first()
        self.show_landing(ahead.shown)

    def prepare_filter(self, where: Filter) -> None:
        """A picker's keys have paused on ``where``: work out what ⏎ will show (ahead.py)."""
        self._ahead = None
        if where == self.where:
            return
        ahead = Ahead.work_out(self.store, self.view, where, self.selected)
        if ahead.shown is not None and ahead.shown != self.shown:
            self.query_one(DetailView).draw_ahead(ahead.shown)
        tree = self.query_one(PlanTree)
        self._ahead = ahead._replace(grown=tree.grow(ahead.outline, path_for(ahead.outline, self.selected)))

    def show_landing(self, worked_out: Shown | None = None) -> None:
        """The panels show the node the cursor landed on now, in the frame that draws the new
        tree: the tree's Chosen message comes through two message queues, after that frame, and
        its panels were a frame of their own (issue 17.6). The message then changes nothing.
        ``worked_out``: the landing a filter worked out ahead, taken if it is this node's."""
        node = self.query_one(PlanTree).cursor_node
        if node is not None and node.data is not None:
            if self._follow is not None:
                self._follow.stop()
                self._follow = None
            self.show_node(node.data, worked_out)
            self.query_one(ProgressPanel).settle()

    def refresh_filter_bar(self) -> None:
        self.query_one(FilterBar).redraw()

    def set_filters(self, ministries: tuple[str, ...], years: tuple[int, ...]) -> None:
        self.where = Filter(ministries=ministries, years=years)

    @on(NodeChosen)
    def chosen(self, message: NodeChosen) -> None:
        """The panels follow the cursor once it rests, so scanning with j/k stays instant and
        sends only the tree's changed lines over the link; enter and jumps show at once."""
        self.selected = message.ref
        self.position.moved(message.ref)
        if self._follow is not None:
            self._follow.stop()
            self._follow = None
        if message.at_rest:
            self.show_node(message.ref)
        else:
            self._follow = self.set_timer(FOLLOW_DELAY, partial(self.show_node, message.ref))

    def show_node(self, ref: Ref, worked_out: Shown | None = None) -> None:
        """Make ``ref`` the shown node; the panels bound to ``shown`` draw it. ``worked_out``
        (a filter's landing worked out ahead) is taken if it is the same value: its
        description is made and the text panel has its text rendered."""
        self.selected = ref
        try:
            outline = self.query_one(PlanTree).outline
        except NoMatches:  # a delayed follow that fires while the app closes: nothing left to show
            return
        shown = shown_at(ref, self.where, outline)
        self.shown = worked_out if worked_out is not None and worked_out == shown else shown

    def redraw_panels(self) -> None:
        """Draw the shown node again (the glyph mode changed under it)."""
        self.mutate_reactive(PlanApp.shown)

    @property
    def _shown(self) -> Ref | None:
        """The node the panels show."""
        return self.shown.ref if self.shown is not None else None

    # Navigation -----------------------------------------------------------------------

    def jump(self, ref: Ref) -> None:
        """Show ``ref`` in the tree, switching to the strategy view and dropping filters if needed."""
        tree = self.query_one(PlanTree)
        if self.view is View.ministry and ref.kind in (NodeKind.task, NodeKind.ministry):
            task = self.store.task(ref.id) if ref.kind == NodeKind.task else None
            ministry = ref.id if ref.kind == NodeKind.ministry else (task.ministries[0] if task else "")
            path = [Ref(NodeKind.ministry, ministry)] + ([ref] if task else [])
            if tree.reveal(path):
                return
        if self.view is View.year and ref.kind == NodeKind.task:
            task = self.store.task(ref.id)
            if task and tree.reveal([Ref(NodeKind.year, str(task.year)), ref]):
                return
        if self.view is not View.strategy and ref.kind != NodeKind.ministry:
            self.view = View.strategy
            tree = self.query_one(PlanTree)
            self.notify("전략별 보기로 바꿔 이동했습니다", timeout=2)
        if not tree.reveal(tree.outline.path_to(ref)) and self.where.active:
            self.where = Filter()  # the node is hidden by the filters
            self.query_one(PlanTree).reveal(self.query_one(PlanTree).outline.path_to(ref))
            self.notify("필터를 풀고 이동했습니다")

    def go(self, resolved: Resolved) -> None:
        node = resolved.node
        kind = resolved.kind
        if kind == NodeKind.target:
            target = next(t for t in self.store.targets() if t.id == getattr(node, "id", ""))
            self.jump(Ref(NodeKind.task, target.task) if target.task else Ref(NodeKind.item, target.item))
        elif kind == NodeKind.milestone:  # not in the tree: go to its task, else its item
            milestone = next(m for m in self.store.milestones() if m.id == getattr(node, "id", ""))
            self.jump(Ref(NodeKind.task, milestone.task) if milestone.task else Ref(NodeKind.item, milestone.item))
        elif kind == NodeKind.ministry:
            self.view = View.ministry
            self.jump(Ref(NodeKind.ministry, str(getattr(node, "id", ""))))
        else:
            self.jump(Ref(kind, str(getattr(node, "id", ""))))

    # Actions --------------------------------------------------------------------------

    def action_search(self) -> None:
        def done(ref: Ref | None) -> None:
            if ref is not None:
                self.jump(ref)

        from aiplan_tui.tui.screens.search import SearchScreen

        search = self.installed("search", lambda: SearchScreen(self.store))
        search.prepare(self.where)
        self.push_screen(search, done)

    def action_goto(self) -> None:
        def done(resolved: Resolved | None) -> None:
            if resolved is not None:
                self.go(resolved)

        from aiplan_tui.tui.screens.goto import GotoScreen

        self.push_screen(self.installed("goto", lambda: GotoScreen(self.store)), done)

    def action_pick_ministries(self) -> None:
        from aiplan_tui.tui.screens.picker import Choice

        counts = self.store.facets(self.where).ministries
        choices = [
            Choice(
                m.id,
                f"{m.id} {m.name if m.name != m.id else ''}".strip(),
                counts.get(m.id, 0),
                [m.id, m.name, m.name_en, *m.aliases],
            )
            for m in self.store.ministries()
            if m.tasks
        ]
        choices.sort(key=lambda c: (-c.count, c.value))

        def describe_choice(choice: Choice[str]) -> Text:
            text = Text(choice.label)
            text.append(f" ({choice.count})", style="dim")
            if choice.count == 0:
                text.stylize("dim")
            return text

        def done(picked: tuple[str, ...] | None) -> None:
            if picked is not None:
                self.where = self.where._replace(ministries=picked)

        def preview(picked: tuple[str, ...]) -> None:
            self.prepare_filter(self.where._replace(ministries=picked))

        title = "소관부처 (여러 개 선택)"
        self.open_picker(
            "ministry-picker",
            title,
            choices,
            self.where.ministries,
            done,
            describe_choice,
            "좁히기: 이름·약칭·초성",
            preview,
        )

    def action_pick_years(self) -> None:
        from aiplan_tui.tui.screens.picker import Choice

        counts = self.store.facets(self.where).years
        years = self.store.task_years()
        choices = [Choice(y, f"{year_label(y)} ({y}년)", counts.get(y, 0), [str(y), year_label(y)]) for y in years]

        def done(picked: tuple[int, ...] | None) -> None:
            if picked is not None:
                self.where = self.where._replace(years=picked)

        def preview(picked: tuple[int, ...]) -> None:
            self.prepare_filter(self.where._replace(years=picked))

        title = "추진시기 (시작 연도)"
        self.open_picker("year-picker", title, choices, self.where.years, done, None, "좁히기: 24, '24, 2024", preview)

    def open_picker(
        self,
        name: str,
        title: str,
        choices: list[Choice[V]],
        selected: Sequence[V],
        done: Callable[[tuple[V, ...] | None], None],
        describe: Callable[[Choice[V]], Text] | None = None,
        placeholder: str = "좁히기",
        preview: Callable[[tuple[V, ...]], None] | None = None,
    ) -> None:
        """Push the picker called ``name`` (made and installed on first use) with these choices;
        ``preview`` hears what ⏎ would apply whenever the keys pause."""
        from aiplan_tui.tui.screens.picker import PickerScreen

        picker: PickerScreen[V] = self.installed(name, lambda: PickerScreen(title, describe, placeholder))
        picker.prepare(choices, selected, preview)

        def applied(picked: tuple[V, ...] | None) -> None:
            done(picked)
            self._ahead = None  # a guess lives while its picker is open (its labels' glyphs, its path)
            self.report_refreshes()

        self.push_screen(picker, applied)

    def report_refreshes(self) -> None:
        """Have every widget of the screen hand its pending repaint or layout to the screen now.

        A widget tells its screen what to redraw only once its own queue is idle. After a dialog
        closes, the screen repaints itself whole at its next tick, before the tree, filter bar and
        panels changed by the dialog's answer have told it: they were drawn in that frame, then
        drawn again a frame later (the second frame was what a filter's time measured)."""
        for widget in self.screen.walk_children(Widget):
            widget._check_refresh()
            # Scrollbars are not children: a tree scrolled to its landing node repainted its
            # scrollbar a frame later.
            for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
                if bar is not None:
                    bar._check_refresh()

    def installed(self, name: str, make: Callable[[], S]) -> S:
        """The dialog called ``name``, made and installed on first use. Dialogs live as long as
        the app: one made per use is removed when it closes, and Textual then lays out and
        repaints the whole screen below a second time (~70 ms and the screen's bytes again)."""
        if not self.is_screen_installed(name):
            self.install_screen(make(), name)
        return cast(S, self.get_screen(name))

    # No toast for x and v: the filter bar says the view and the filters in the same frame. A
    # toast repeating it was a second frame 30-50 ms later, and every frame drawn while it was up
    # (the next filter's, three toasts over the tree) took up to three times as long.
    def action_clear_filters(self) -> None:
        if self.where.active:
            self.where = Filter()

    def action_switch_view(self) -> None:
        self.view = self.view.next()

    def cursor_ref(self) -> Ref | None:
        """The node under the tree's cursor: what every action acts on. A move still waiting
        for the panel to follow is shown now, so the panel and the action agree."""
        try:
            node = self.query_one(PlanTree).cursor_node
        except NoMatches:
            return None
        ref = node.data if node is not None else None
        if ref is not None and (self._follow is not None or ref != self._shown):
            if self._follow is not None:
                self._follow.stop()
                self._follow = None
            self.show_node(ref)
        return ref

    def action_copy(self) -> None:
        """Copy the cursor's node: OSC 52 at once; the file (written with fsync) and the tmux
        buffer (a subprocess) in a worker thread, so a slow disk or tmux never stalls a key.
        The toast comes when they are done."""
        ref = self.cursor_ref()
        if ref is None:
            return
        text = self.copy_text(ref)
        self.copy_to_clipboard(text)
        name = ref.id if ref.kind != NodeKind.overview else "개요"
        folder = clipboard.copy_dir(self.settings.copy_dir)
        self.run_worker(partial(self._keep_copy, text, folder, name), name="copy", group="copy", thread=True)

    def _keep_copy(self, text: str, folder: Path, name: str) -> str:
        """Runs in a worker thread: the file and the tmux buffer; returns the toast's text."""
        try:
            path = clipboard.save(text, folder, name)
        except OSError as error:
            where = f"파일로 저장하지 못했습니다 ({error})"
        else:
            where = f"{self.home_relative(path)}에 저장했습니다"
        in_tmux = clipboard.tmux_buffer(text)
        first = text.splitlines()[0] if text else ""
        lines = [first, where]
        lines.append("tmux 버퍼에도 넣었습니다 (prefix ]로 붙여넣기)" if in_tmux else "")
        lines.append("클립보드: 터미널이 OSC 52를 받아 줄 때만 들어갑니다")
        return safe("\n".join(line for line in lines if line))

    @on(Worker.StateChanged)
    def _copy_kept(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "copy" and event.state is WorkerState.SUCCESS and isinstance(event.worker.result, str):
            self.notify(event.worker.result, title="복사", timeout=6, markup=False)

    def copy_to_clipboard(self, text: str) -> None:
        """OSC 52, wrapped for tmux or screen when the app runs inside one."""
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(clipboard.osc52(text))

    @staticmethod
    def home_relative(path: os.PathLike[str]) -> str:
        home = os.path.expanduser("~")
        shown = os.fspath(path)
        return "~" + shown[len(home) :] if home not in ("", "/") and shown.startswith(home + os.sep) else shown

    def copy_text(self, ref: Ref) -> str:
        """The node as report-ready text: the description the panel shows (through the same
        filters, with a line saying what they hide), written as plain text, every task listed."""
        shown = self.shown if self.shown is not None and self.shown.ref == ref else Shown(ref, self.where)
        return to_text(description(self.store, ref.kind, ref.id, shown.lens(most=None)))

    def action_help(self) -> None:
        from aiplan_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # The workspace ----------------------------------------------------------------------

    def save_to_workspace(
        self,
        work: Callable[[Any], object],
        done: str | Callable[[object], str],
        then: Callable[[str | None], None] | None = None,
    ) -> None:
        """Run one save (``work`` gets the open Workspace) in a worker thread: an fsync or a team
        file's lock never stalls a key. On success ``saved`` is bumped and ``done`` toasted (or
        ``done(result)``); on a problem the toast says why and nothing was changed. ``then`` is
        called on the app's thread afterwards with None or the problem (an editor closes or
        stays open with the text)."""
        self.run_worker(partial(self._save, work, done, then), name="workspace-save", group="workspace", thread=True)

    def _save(
        self,
        work: Callable[[Any], object],
        done: str | Callable[[object], str],
        then: Callable[[str | None], None] | None,
    ) -> None:
        try:
            result = self.workspace.call(work)
        except WorkspaceProblem as error:
            self.call_from_thread(self.notify, str(error), title="저장하지 못했습니다", severity="error", markup=False)
            if then is not None:
                self.call_from_thread(then, str(error))
            return
        self.call_from_thread(self._saved, done if isinstance(done, str) else done(result))
        if then is not None:
            self.call_from_thread(then, None)

    def _saved(self, done: str) -> None:
        for notice in self.workspace.notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.workspace.notices.clear()
        self.saved += 1
        self.notify(done, title="저장", timeout=4, markup=False)

    # The workspace shown: traffic lights, the period, 내 과제 (progress_marks.py, screens/period.py, mine.py)

    def watch_period(self) -> None:
        self.mark_tree()

    def watch_saved(self) -> None:
        self.mark_tree()

    def say_unreadable(self, problem: WorkspaceProblem) -> None:
        """A workspace read failed: the one line why, as a toast (nothing was changed)."""
        self.notify(str(problem), title="작업공간을 읽지 못했습니다", severity="error", markup=False)

    def mark_tree(self) -> None:
        """The tree's lights for the period: one query per save or period (none without a workspace)."""
        try:
            found = progress_marks.read_statuses(self.workspace, self.period)
        except WorkspaceProblem as problem:
            self.say_unreadable(problem)
            found = {}
        for notice in self.workspace.notices:  # opening found a damaged file and set it aside
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.workspace.notices.clear()
        tasks = self.store.tasks() if found else []
        self.query_one(PlanTree).set_marks(progress_marks.tree_marks(found, tasks, self.wide_glyphs))

    def action_pick_period(self) -> None:
        from aiplan_tui.tui.screens.period import pick_period

        pick_period(self)

    def action_my_tasks(self) -> None:
        from aiplan_tui.tui.screens.mine import open_mine

        open_mine(self)

    def action_edit_progress(self) -> None:
        workspace_edit.edit_progress(self)

    def action_edit_note(self) -> None:
        workspace_edit.edit_note(self)

    def action_toggle_bookmark(self) -> None:
        workspace_edit.toggle_bookmark(self)

    def action_write_report(self) -> None:
        workspace_edit.open_report(self)

    async def action_quit(self) -> None:
        from aiplan_tui.tui.screens.editing import unsaved_editor  # only an editor can hold text

        editor = unsaved_editor(self.screen_stack)
        if editor is not None:
            editor.ask_before_quitting()
            return
        self.quit_now()

    def quit_now(self) -> None:
        self.position.quitting()
        self.exit()

    # Textual's own commands and messages, in Korean --------------------------------------

    def action_command_palette(self) -> None:
        from aiplan_tui.tui.commands import PlanPalette

        if self.use_command_palette and not PlanPalette.is_open(cast("App[object]", self)):
            self.push_screen(PlanPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from aiplan_tui.tui.commands import PlanPalette

        self.push_screen(PlanPalette(providers=[ThemeProvider], placeholder="테마 찾기…"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from aiplan_tui.tui.commands import korean_system_commands

        yield from korean_system_commands(self, screen)

    def action_help_quit(self) -> None:
        """ctrl+c outside an input: say how to quit, in Korean."""
        self.notify("q 또는 ctrl+q를 누르면 닫힙니다", title="종료할까요?")
