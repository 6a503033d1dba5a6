"""The command palette (ctrl+p), in Korean: go to any task or area, filter by any ministry,
and Textual's own commands (테마, 종료, 도움말, 스크린샷). One line per entry; 초성 works
as in search (ㅌㅁ finds 테마)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets.option_list import Option

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.search import initials_of, is_initials, normalize, split_compounds

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp

PLACEHOLDER = "명령 찾기: 과제·분야·부처 이름, 테마, 종료, 도움말, 초성(ㅌㅁ) …"
NO_MATCHES = "맞는 명령이 없습니다"


def korean_system_commands(app: PlanApp, screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Textual's system commands, said in Korean (and help is the app's own key list)."""
    yield SystemCommand("테마 바꾸기", "화면 색 테마를 고릅니다 (다음에도 기억)", app.action_change_theme)
    yield SystemCommand("보고서 쓰기", "추진실적 보고서를 hwpx·xlsx·csv·md로 씁니다 (r)", app.action_write_report)
    yield SystemCommand("도움말: 모든 키와 기호", "키 목록을 엽니다 (?)", app.action_help)
    yield SystemCommand("종료", "앱을 닫습니다 (q)", app.action_quit)
    if screen.maximized is not None:
        yield SystemCommand("패널 원래 크기로", "최대화한 패널을 되돌립니다", screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand("패널 최대화", "포커스가 있는 패널을 화면 가득 채웁니다", screen.action_maximize)
    yield SystemCommand(
        "스크린샷 저장", "지금 화면을 SVG 파일로 저장합니다", lambda: app.set_timer(0.1, app.deliver_screenshot)
    )


def initials_match(query: str, text: str) -> tuple[int, int] | None:
    """Where a 초성 query (ㅌㅁ) occurs in ``text`` (테마 바꾸기), as a span; else None."""
    wanted = split_compounds(query.replace(" ", ""))
    start = initials_of(text).find(wanted)
    return (start, start + len(wanted)) if wanted and start >= 0 else None


class PlanCommands(Provider):
    """Commands named `group: action`: 이동: 3-2.9 …, 필터: 환경부, and the system ones."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        app = cast("PlanApp", self.app)
        store = app.store
        commands: list[tuple[str, Callable[[], object]]] = [
            (name, callback) for name, _, callback, *_ in app.get_system_commands(self.screen)
        ]
        for task in store.tasks():
            commands.append((f"이동: {task.id} {task.title}", partial(app.jump, Ref(NodeKind.task, task.id))))
        for area in store.areas():
            commands.append((f"이동: {area.id} {area.label}", partial(app.jump, Ref(NodeKind.area, area.id))))
        for ministry in store.ministries():
            if ministry.tasks:
                name = f" {ministry.name}" if ministry.name != ministry.id else ""
                commands.append(
                    (f"필터: {ministry.id}{name} · 과제 {ministry.tasks}", partial(app.set_filters, (ministry.id,), ()))
                )
        return commands

    async def discover(self) -> Hits:
        for text, callback in self._commands()[:30]:
            yield DiscoveryHit(text, callback)

    async def search(self, query: str) -> Hits:
        query = normalize(query)
        if is_initials(query.replace(" ", "")):
            for text, callback in self._commands():
                span = initials_match(query, text)
                if span is not None:
                    shown = Text(text)
                    shown.stylize("bold reverse", *span)
                    yield Hit(1.0 / (1 + span[0]), shown, callback, text=text)
            return
        matcher = self.matcher(query)
        for text, callback in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text)


class PlanPalette(CommandPalette):
    """Textual's palette with a Korean placeholder and "no matches" line."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("placeholder", PLACEHOLDER)
        super().__init__(**options)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method writes "No matches found" (textual<8.3, private): the same, in Korean.

        def say_so() -> None:
            if search_value:
                command_list = self.query_one(CommandList)
                command_list.add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._stop_no_matches_countdown()
        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, say_so)
