"""The command palette (ctrl+p): go to any task or area, filter by any ministry."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from aiplan_tui.outline import Ref

if TYPE_CHECKING:
    from aiplan_tui.tui.app import PlanApp


class PlanCommands(Provider):
    """Commands named `group: action`: 이동: 3-2.9 …, 필터: 환경부."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("PlanApp", self.app)
        store = app.store
        commands: list[tuple[str, str, object]] = []
        for task in store.tasks():
            commands.append((f"이동: {task.id} {task.title}", "과제로 이동", partial(app.jump, Ref("task", task.id))))
        for area in store.areas():
            commands.append((f"이동: {area.id} {area.label}", "분야로 이동", partial(app.jump, Ref("area", area.id))))
        for ministry in store.ministries():
            if ministry.tasks:
                commands.append(
                    (
                        f"필터: {ministry.id} ({ministry.name})",
                        f"과제 {ministry.tasks}개만 보기",
                        partial(app.set_filters, (ministry.id,), ()),
                    )
                )
        return commands

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands()[:30]:
            yield DiscoveryHit(text, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)  # type: ignore[arg-type]
