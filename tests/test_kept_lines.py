"""An area's text is rendered once per width and kept: a filter that lands on the area again
draws the same lines without rendering them again (issue 17.6)."""

from __future__ import annotations

import pytest
from rich.console import Console, Group

from aiplan_tui.description import description
from aiplan_tui.records import Item, NodeKind
from aiplan_tui.store import Store
from aiplan_tui.tui import glyphs, render
from aiplan_tui.tui.kept_lines import KeptLines

from .conftest import PLAN_DB


def lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=False, force_terminal=True, color_system="truecolor", legacy_windows=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get().splitlines()


@pytest.mark.parametrize("area", ["1-1", "3-2", "4-1"])
@pytest.mark.parametrize("width", [40, 78])
@pytest.mark.parametrize("wide", [False, True])
def test_kept_lines_are_the_lines_rendered_anew(area: str, width: int, wide: bool) -> None:
    items = Store.open(PLAN_DB).items(area)
    before = glyphs.ACTIVE.wide
    glyphs.ACTIVE.wide = wide
    try:
        fresh = lines(Group(*render.items_renderable(items)), width)
        body = KeptLines(render._items_key(items), lambda: render.items_renderable(items))
        assert lines(body, width) == fresh  # rendered
        assert lines(body, width) == fresh  # kept
    finally:
        glyphs.ACTIVE.wide = before


def test_the_same_text_is_rendered_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    items = Store.open(PLAN_DB).items("3-2")
    made: list[int] = []
    whole = render.items_renderable

    def counted(found: list[Item], highlight: str | None = None) -> list[object]:
        made.append(len(found))
        return whole(found, highlight)  # type: ignore[return-value]

    monkeypatch.setattr(render, "items_renderable", counted)
    KeptLines._kept.clear()
    for _ in range(3):
        lines(render.description_renderable(description(Store.open(PLAN_DB), NodeKind.area, "3-2")), 60)
    assert made == [len(items)]
    lines(render.description_renderable(description(Store.open(PLAN_DB), NodeKind.area, "3-2")), 50)
    assert made == [len(items)] * 2  # another width: rendered for it


def test_equal_ids_with_other_text_are_not_taken_for_each_other() -> None:
    items = Store.open(PLAN_DB).items("3-2")
    changed = [items[0]._replace(text=items[0].text + " (고침)"), *items[1:]]
    first = lines(KeptLines(render._items_key(items), lambda: render.items_renderable(items)), 60)
    second = lines(KeptLines(render._items_key(changed), lambda: render.items_renderable(changed)), 60)
    assert first != second and "(고침)" in "\n".join(second)


def test_only_the_most_recent_renders_are_kept() -> None:
    KeptLines._kept.clear()
    for n in range(KeptLines.MOST + 5):
        lines(KeptLines(("k", n), lambda: []), 40)
    assert len(KeptLines._kept) == KeptLines.MOST
    assert not any(key[0] == ("k", 0) for key in KeptLines._kept)  # type: ignore[index]  # the oldest went
