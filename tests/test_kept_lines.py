"""An area's text is rendered once per width and kept: a filter that lands on the area again
draws the same lines without rendering them again (issue 17.6)."""

from __future__ import annotations

import pytest
from rich.console import Console, Group

from aiplan_tui.description import Lens, description
from aiplan_tui.outline import OVERVIEW
from aiplan_tui.records import Item, NodeKind
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import glyphs, render
from aiplan_tui.tui.kept_lines import KeptLines, rendered_lines

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


def every_node(store: Store) -> list[tuple[NodeKind, str]]:
    """Each node of the plan whose panel the explorer draws, but the items (their texts are
    the 본문's, drawn in every area and task)."""
    nodes = [(NodeKind.overview, OVERVIEW.id)]
    nodes += [(NodeKind.strategy, str(s.id)) for s in store.strategies()]
    nodes += [(NodeKind.area, a.id) for a in store.areas()] + [(NodeKind.body, a.id) for a in store.areas()]
    nodes += [(NodeKind.task, t.id) for t in store.tasks()]
    nodes += [(NodeKind.document, d.id) for d in store.documents()]
    nodes += [(NodeKind.ministry, m.id) for m in store.ministries()]
    return nodes + [(NodeKind.year, str(y)) for y in store.task_years()]


@pytest.mark.parametrize("filtered", [False, True])
@pytest.mark.parametrize("width", [40, 78])
def test_a_panels_lines_with_kept_parts_are_the_lines_rich_renders(filtered: bool, width: int) -> None:
    """``rendered_lines`` gives a panel's lines part by part (its 본문 as kept) where Rich
    renders them as one stream: every panel of the plan, the same segments line for line."""
    store = Store.open(PLAN_DB)
    where = Filter(ministries=("과기정통부",)) if filtered else Filter()
    lens = Lens(where, store.tasks(where) if filtered else None)
    console = Console(width=width, force_terminal=True, color_system="truecolor", legacy_windows=False)
    options = console.options.update(width=width, height=None)
    KeptLines._kept.clear()
    checked = 0
    for kind, node_id in every_node(store):
        panel = render.description_renderable(description(store, kind, node_id, lens))
        streamed = console.render_lines(panel, options, pad=False, new_lines=False)
        assert rendered_lines(panel, console, options) == streamed, (kind, node_id)
        assert rendered_lines(panel, console, options) == streamed, (kind, node_id)  # its 본문 kept now
        checked += 1
    assert checked > len(store.tasks()) and len(KeptLines._kept) > 0  # tasks and every other kind
