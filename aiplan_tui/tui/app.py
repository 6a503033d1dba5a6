"""The explorer's first screen: the plan at a glance (the full explorer is issue #4)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Static

from aiplan_tui.store import Store


class PlanApp(App[None]):
    """Shows what the bundled plan holds; `q` quits."""

    TITLE = "전국민 AI 일상화 실행계획"
    SUB_TITLE = "2023. 9. 관계부처 합동"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "종료", id="quit", tooltip="앱을 닫습니다")]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        counts = self.store.counts()
        lines = [
            f"전략 {counts['strategies']} · 분야 {counts['areas']} · 과제 {counts['tasks']}",
            f"목표 {counts['targets']} · 항목 {counts['items']} · 부처 {counts['ministries']}",
            "",
            "탐색기 화면은 준비 중입니다. 지금은 `aiplan tasks`, `aiplan targets`로 조회하세요.",
        ]
        yield Header()
        yield Static("\n".join(lines), id="overview", markup=False)
        yield Footer()
