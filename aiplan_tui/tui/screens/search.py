"""`/`: incremental search over everything, results with the match marked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aiplan_tui.outline import Ref
from aiplan_tui.search import normalize, parse
from aiplan_tui.store import Filter, Hit, Store
from aiplan_tui.tui.glyphs import safe, safe_text

KINDS = {"task": "과제", "area": "분야", "target": "목표", "item": "본문", "milestone": "일정", "document": "문서"}


def hit_ref(store: Store, hit: Hit) -> Ref:
    """Where the tree should go for a hit."""
    if hit.kind in ("task", "area", "item", "document"):
        return Ref(hit.kind, hit.ref)
    if hit.kind == "target":
        target = next(t for t in store.targets() if t.id == hit.ref)
        return Ref("task", target.task) if target.task else Ref("item", target.item)
    milestone = next(m for m in store.milestones() if m.id == hit.ref)
    return Ref("task", milestone.task) if milestone.task else Ref("item", milestone.item)


def hit_prompt(hit: Hit) -> Text:
    prompt = Text()
    prompt.append(f"{KINDS[hit.kind]} ", style="dim")
    prompt.append(hit.ref, style="bold")
    prompt.append(" ")
    snippet = Text(hit.snippet)
    for start, end in hit.marks:
        snippet.stylize("bold reverse", start, end)
    prompt.append_text(snippet)
    return safe_text(prompt)


class SearchScreen(ModalScreen[Ref | None]):
    """Type to search; ↓ to the results; enter jumps; escape returns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "뒤로", id="search_back", tooltip="검색을 닫습니다"),
        Binding("down", "focus_results", "결과로", show=False),
    ]

    def __init__(self, store: Store, where: Filter, text: str = "") -> None:
        super().__init__()
        self.store = store
        self.where = where
        self.initial = text
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                value=self.initial, placeholder=safe("검색어: 홍수, 재선충, ㅎㅅ, 환경부 2024 …"), id="search-input"
            )
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.focus()
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed, "#search-input")
    def changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str) -> None:
        query = parse(normalize(text), self.store.ministry_names())
        hits = self.store.search(query, self.where, limit=200)
        self.app.call_from_thread(self.show_hits, query.text, hits)

    def show_hits(self, text: str, hits: list[Hit]) -> None:
        self.hits = hits
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(hit_prompt(h), id=str(n)) for n, h in enumerate(hits)])
        status = self.query_one("#search-status", Static)
        if not text:
            status.update("")
        else:
            status.update(Text(safe(f"‘{text}’ {len(hits)}건" + (" (처음 200건)" if len(hits) == 200 else ""))))
        if hits:
            results.highlighted = 0

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
