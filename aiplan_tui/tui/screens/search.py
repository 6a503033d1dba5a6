"""`/`: incremental search over everything, results with the match marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from aiplan_tui.outline import Ref
from aiplan_tui.records import Hit, NodeKind
from aiplan_tui.search import Query, normalize, parse
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.glyphs import safe, safe_text
from aiplan_tui.tui.safe_app import SafeApp
from aiplan_tui.tui.widgets.hit_list import HitList
from aiplan_tui.tui.widgets.search_input import SearchInput

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor


def hit_ref(store: Store, hit: Hit) -> Ref:
    """Where the tree should go for a hit."""
    if hit.kind in (NodeKind.task, NodeKind.area, NodeKind.item, NodeKind.document):
        return Ref(hit.kind, hit.ref)
    # The hit's own row, not every target or milestone of the plan (8,800 of them at 100×).
    table = "targets" if hit.kind == NodeKind.target else "milestones"
    task, item = store.rows(f"select task, item from {table} where id = ?", (hit.ref,))[0]
    return Ref(NodeKind.task, task) if task else Ref(NodeKind.item, item)


def hit_prompt(hit: Hit, task: str = "") -> Text:
    """One hit: its kind, id and snippet; a body hit then names its task on a second line."""
    prompt = Text()
    prompt.append(f"{hit.kind.label} ", style="dim")
    prompt.append(hit.ref, style="bold")
    prompt.append(" ")
    snippet = Text(hit.snippet)
    for start, end in hit.marks:
        snippet.stylize("bold reverse", start, end)
    prompt.append_text(snippet)
    if task:
        prompt.append("\n")
        prompt.append(f"     과제 {task}", style="dim")
    return safe_text(prompt)


def status_line(text: str, total: int, outside: int | None) -> str:
    """‘홍수’ 9건, or with a filter on: ‘홍수’ 0건 · 필터 밖 9건 — x로 해제."""
    line = f"‘{text}’ {total}건"
    if outside is not None:
        line += f" · 필터 밖 {outside}건" + (" — x로 해제" if outside else "")
    return line


QUICK = 0.05  # seconds a keystroke waits for its search before the results are drawn later
KEPT_ANSWERS = 32  # first pages kept: erasing a letter shows the shorter words' page again at once


class Answer(NamedTuple):
    """One search's first page, found off the UI thread."""

    query: Query
    hits: list[Hit]
    total: int
    outside: int | None  # hits the filters hide, when a filter is on
    asked: tuple[Filter, int, int] = (Filter(), 0, 0)  # the filters and page shape it was found for


class SearchScreen(ModalScreen[Optional[Ref]]):
    """Type to search; ↓ to the results; enter jumps; escape returns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "뒤로", id="search_back", tooltip="검색을 닫습니다"),
        Binding("down", "focus_results", "결과로", show=False),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.where = Filter()
        self.searched = parse("")
        self.hits: list[Hit] = []
        self.total = 0
        self._drawn: Answer | None = None
        self._asked: tuple[Query, tuple[Filter, int, int]] | None = None  # the last search started
        # The latest answers by what they answer: the plan never changes under an open explorer.
        self._answers: LRUCache[tuple[Query, tuple[Filter, int, int]], Answer] = LRUCache(KEPT_ANSWERS)
        # One search thread, started at once: a Textual worker starts only when the event loop
        # next runs, so waiting for it inside the key's handler always waited QUICK in vain.
        self._searcher: ThreadPoolExecutor | None = None

    def prepare(self, where: Filter) -> None:
        """Search within these filters this time; call before each push. The screen is
        installed once and reused (see PlanApp.installed)."""
        self.where = where

    def task_label(self, hit: Hit) -> str:
        """The task a body hit belongs to, as "3-3.3 산림해충 발생 …"; "" for other hits."""
        if hit.kind != NodeKind.item or not hit.tasks:
            return ""
        task = self.store.task(hit.tasks[0])
        return f"{task.id} {task.title}" if task else hit.tasks[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield SearchInput(placeholder=safe("검색어: 홍수, 재선충, ㅎㅅ, 환경부 2024 …"), id="search-input")
            yield Static("", id="search-status", markup=False)
            yield HitList(id="search-results")

    def on_mount(self) -> None:
        # A watcher runs while the key is handled, so the typed letter and its results are
        # drawn in one frame (Input.Changed would arrive a frame later).
        self.watch(self.query_one(Input), "value", self.run_search, init=False)

    def on_unmount(self) -> None:
        if self._searcher is not None:
            self._searcher.shutdown(wait=False, cancel_futures=True)

    def on_screen_resume(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.value = ""  # the watcher clears what the last search showed
        field.focus()

    def on_screen_suspend(self) -> None:
        """Closed: a search still running is dropped, its answer never drawn."""
        self.workers.cancel_group(self, "search")
        self.searched = parse("")

    def run_search(self, text: str) -> None:
        """Search in a thread. A search that ends within QUICK is drawn with the typed letter,
        in the same frame; a slower one (a large plan, a slow disk) is drawn when it ends, and
        meanwhile every key is handled. Only the answer to the latest text is drawn."""
        self.searched = query = parse(normalize(text), self.store.ministry_names(), self.store.year_span())
        where, cells, page = self.where, *self._page_shape()
        asked = (where, cells, page)
        drawn = self._drawn
        if drawn is not None and (drawn.query, drawn.asked) == (query, asked) == self._asked:
            return  # the same words (a space typed or erased): their answer is on the screen already
        self._asked = (query, asked)
        kept = self._answers.get((query, asked))
        if kept is not None:
            self._draw(kept)
            return
        # Imported on the first search, not with the explorer (~1.5 ms of its start).
        from concurrent.futures import ThreadPoolExecutor, wait

        if self._searcher is None:
            self._searcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aiplan-search")
        found = self._searcher.submit(self._find_latest, query, where, cells, page)
        wait([found], QUICK)
        if not found.done():
            # Its answer comes through a worker (see _search_ended), which only waits for it.
            self.run_worker(
                found.result, name="search", group="search", thread=True, exclusive=True, exit_on_error=False
            )
            if query.text:
                self.query_one("#search-status", Static).update(Text(safe(f"‘{query.text}’ 찾는 중…")), layout=False)
            return
        error = found.exception()
        if error is not None:
            self._failed(error)
            return
        answer = found.result()
        if answer is not None:
            self._draw(answer)

    def _find_latest(self, query: Query, where: Filter, cells: int, page: int) -> Answer | None:
        """In the search thread: nothing when the text has changed since (keys typed while a
        slow search ran queue behind it; only the last of them is worth searching)."""
        if query != self.searched:
            return None
        return self._find(query, where, cells, page)

    def _failed(self, error: BaseException) -> None:
        if isinstance(self.app, SafeApp):
            self.app.worker_failed(error)  # damaged data: the app closes with exit 3
        else:
            raise error

    def _page_shape(self) -> tuple[int, int]:
        """(cells, hits) of a page: one line per hit, cut at the list's edge; the match must
        start within the first sixth of the line, however wide its characters (Hangul: 2 cells)."""
        results = self.query_one(OptionList)
        cells = max(40, results.scrollable_content_region.width - 14)
        return cells, max(10, results.scrollable_content_region.height + 1)

    def _find(self, query: Query, where: Filter, cells: int, page: int) -> Answer:
        """Runs in a worker thread: reads only the store."""
        hits, total = self.store.search(query, where, limit=page, snippet_width=cells, snippet_lead=cells // 6)
        outside = None
        if query.text and where.active:  # say what the filter hides
            outside = self.store.search(query, limit=1, snippet_width=1).total - total
        return Answer(query, hits, total, outside, (where, cells, page))

    @on(Worker.StateChanged)
    def _search_ended(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "search":
            return
        answer = event.worker.result
        if event.state is WorkerState.SUCCESS and isinstance(answer, Answer):
            self._draw(answer)
        elif event.state is WorkerState.ERROR and event.worker.error is not None:
            self._failed(event.worker.error)

    def _draw(self, answer: Answer) -> None:
        """Show an answer on the UI thread, unless it is drawn already or the text changed since."""
        if answer is self._drawn or answer.query != self.searched:
            return
        self._drawn = answer
        self._answers.set((answer.query, answer.asked), answer)
        results = self.query_one(OptionList)
        results.clear_options()
        self.hits, self.total = [], answer.total
        self._add_hits(answer.hits)
        line = status_line(answer.query.text, answer.total, answer.outside) if answer.query.text else ""
        self.query_one("#search-status", Static).update(Text(safe(line)), layout=False)
        if self.hits:
            results.highlighted = 0

    def add_page(self) -> None:
        """The next screenful of hits (scrolling down the list): a page reads only what can be seen."""
        cells, page = self._page_shape()
        hits, self.total = self.store.search(
            self.searched, self.where, limit=page, offset=len(self.hits), snippet_width=cells, snippet_lead=cells // 6
        )
        self._add_hits(hits)

    def _add_hits(self, hits: list[Hit]) -> None:
        first = len(self.hits)
        self.hits += hits
        self.query_one(OptionList).add_options(
            [Option(hit_prompt(hit, self.task_label(hit)), id=str(n)) for n, hit in enumerate(hits, first)]
        )

    @on(OptionList.OptionHighlighted, "#search-results")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.hits) - 2 and len(self.hits) < self.total:
            self.add_page()

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            self.choose(results.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        self.dismiss(hit_ref(self.store, self.hits[index]))

    def action_focus_results(self) -> None:
        if self.hits:
            self.query_one(OptionList).focus()
