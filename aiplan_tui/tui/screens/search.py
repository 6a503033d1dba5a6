"""`/`: incremental search over everything, results with the match marked."""

from __future__ import annotations

from typing import ClassVar, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aiplan_tui.outline import Ref
from aiplan_tui.records import Hit, NodeKind
from aiplan_tui.search import normalize, parse
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.glyphs import safe, safe_text


def hit_ref(store: Store, hit: Hit) -> Ref:
    """Where the tree should go for a hit."""
    if hit.kind in (NodeKind.task, NodeKind.area, NodeKind.item, NodeKind.document):
        return Ref(hit.kind, hit.ref)
    if hit.kind == NodeKind.target:
        target = next(t for t in store.targets() if t.id == hit.ref)
        return Ref(NodeKind.task, target.task) if target.task else Ref(NodeKind.item, target.item)
    milestone = next(m for m in store.milestones() if m.id == hit.ref)
    return Ref(NodeKind.task, milestone.task) if milestone.task else Ref(NodeKind.item, milestone.item)


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
            yield Input(placeholder=safe("검색어: 홍수, 재선충, ㅎㅅ, 환경부 2024 …"), id="search-input")
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        # A watcher runs while the key is handled, so the typed letter and its results are
        # drawn in one frame (Input.Changed would arrive a frame later).
        self.watch(self.query_one(Input), "value", self.run_search, init=False)

    def on_screen_resume(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.value = ""  # the watcher clears what the last search showed
        field.focus()

    def run_search(self, text: str) -> None:
        self.searched = parse(normalize(text), self.store.ministry_names())
        results = self.query_one(OptionList)
        results.clear_options()
        self.hits, self.total = [], 0
        self.add_page()
        status = self.query_one("#search-status", Static)
        outside = None
        if self.searched.text and self.where.active:  # say what the filter hides
            everywhere = self.store.search(self.searched, limit=1, snippet_width=1).total
            outside = everywhere - self.total
        line = status_line(self.searched.text, self.total, outside) if self.searched.text else ""
        status.update(Text(safe(line)), layout=False)
        if self.hits:
            results.highlighted = 0

    def add_page(self) -> None:
        """The next screenful of hits: a keystroke reads and draws only what can be seen."""
        results = self.query_one(OptionList)
        # One line per hit, cut at the list's edge: the match must start within the first
        # sixth of the line, however wide its characters (Hangul takes 2 cells).
        cells = max(40, results.scrollable_content_region.width - 14)
        page = max(10, results.scrollable_content_region.height + 1)
        hits, self.total = self.store.search(
            self.searched, self.where, limit=page, offset=len(self.hits), snippet_width=cells, snippet_lead=cells // 6
        )
        first = len(self.hits)
        self.hits += hits
        results.add_options(
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
