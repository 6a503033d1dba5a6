"""What an official sees of a task is exactly that task: every sentence once, none of a neighbour's.

Checked over all 78 tasks in the three places a task is shown: the plain text of `aiplan show`
(also what `c` copies), the explorer's panel, and the JSON ``items`` of `aiplan show -f json`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from rich.console import Console

from aiplan_tui.describe import Resolved, as_json, describe, task_body
from aiplan_tui.records import Item, NodeKind, Task
from aiplan_tui.store import Store
from aiplan_tui.tui.render import task_renderable

from .conftest import PLAN_DB

ALL_TASKS = [task.id for task in Store.open(PLAN_DB).tasks()]


def _flat(text: str) -> str:
    """Whitespace-free, so the panel's wrapping does not hide a sentence."""
    return re.sub(r"\s+", "", text)


def show_text(store: Store, task: Task) -> str:
    return describe(store, Resolved(NodeKind.task, task))


def panel_text(store: Store, task: Task) -> str:
    console = Console(width=200, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(task_renderable(store, task))
    return console.export_text()


def json_text(store: Store, task: Task) -> str:
    items = as_json(store, Resolved(NodeKind.task, task))["items"]
    return "\n".join(item["text"] for item in items)


VIEWS: dict[str, Callable[[Store, Task], str]] = {"show": show_text, "panel": panel_text, "json": json_text}


def _scope_items(store: Store, task: Task) -> list[Item]:
    scopes = {item.scope for item_id in task.items if (item := store.item(item_id))}
    return [item for scope in sorted(scopes) for item in store.items(scope)]


def owned(store: Store, task: Task) -> list[Item]:
    """The task's items, worked out here independently of the renderer: an item belongs to the
    tasks it is linked to, or else to its nearest linked ancestor's."""
    effective: dict[str, list[str]] = {}
    mine = []
    for item in _scope_items(store, task):
        effective[item.id] = item.tasks or effective.get(item.parent or "", [])
        if task.id in effective[item.id]:
            mine.append(item)
    return mine


def _sentences(item: Item) -> list[str]:
    """The item's text, and for a table its rows: what must appear once."""
    parts = [item.text] if item.text else []
    if item.table is not None:
        parts += ["|".join(row) for row in item.table[1]]
    return [_flat(p) for p in parts if len(_flat(p)) >= 8]


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_each_sentence_of_a_task_is_shown_once(store: Store, task_id: str, view: str) -> None:
    task = store.task(task_id)
    assert task is not None
    shown = _flat(VIEWS[view](store, task))
    if view == "panel":
        shown = shown.replace("┃", "").replace("│", "")
    body = owned(store, task)
    assert [i.id for i in task_body(store, task)] == [i.id for i in body]
    for item in body:
        for sentence in _sentences(item) if view != "json" else [_flat(item.text)] if item.text else []:
            if view == "panel" and item.table is not None:
                continue  # a table's cells are laid out in columns on the panel
            expected = sum(_flat(other.text).count(sentence) for other in body) or 1
            assert shown.count(sentence) == expected, f"{task_id} {view}: {item.id} shown {shown.count(sentence)}×"


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("task_id", ALL_TASKS)
def test_no_sentence_of_another_tasks_item_is_shown(store: Store, task_id: str, view: str) -> None:
    task = store.task(task_id)
    assert task is not None
    shown = _flat(VIEWS[view](store, task))
    own = _flat("".join(i.text for i in owned(store, task)))
    for item in _scope_items(store, task):
        if not item.tasks or task_id in item.tasks:
            continue
        for sentence in _sentences(item)[:1]:
            if sentence in own:  # the same words said by this task's own item
                continue
            assert sentence not in shown, f"{task_id} {view} shows {item.id} of {item.tasks}"


def test_every_linked_item_is_shown_under_its_task(store: Store) -> None:
    for task in store.tasks():
        assert set(task.items) <= {i.id for i in task_body(store, task)}, task.id


@pytest.mark.parametrize(
    ("task_id", "once"),
    [
        ("3-3.3", "소나무 재선충병 모니터링 센터"),
        ("3-2.2", "울산 화학재난합동방제센터"),
        ("3-2.6", "도심공원 등 공공시설"),
        ("4-1.9", "<"),
        ("1-3.4", "AI 디지털교과서"),
    ],
)
def test_review_duplicates_are_printed_once(store: Store, task_id: str, once: str) -> None:
    task = store.task(task_id)
    assert task is not None
    text = show_text(store, task)
    body = text.split("\n본문\n", 1)[1]
    expected = sum(i.text.count(once) + (once == "<" and i.table is not None) for i in owned(store, task))
    assert expected >= 1
    assert body.count(once) == expected


@pytest.mark.parametrize(
    ("task_id", "foreign"),
    [
        ("3-2.3", "도시침수"),  # 3-2.4's sentence under (홍수)
        ("4-1.5", "4-1.6"),
        ("4-2.4", "4-2.6"),
        ("4-2.7", "4-2.8"),
    ],
)
def test_a_neighbours_sub_item_is_only_referred_to(store: Store, task_id: str, foreign: str) -> None:
    task = store.task(task_id)
    assert task is not None
    text = show_text(store, task)
    if foreign[0].isdigit():
        other = store.task(foreign)
        assert other is not None
        own = {i.id for i in owned(store, task)}
        for item_id in other.items:
            item = store.item(item_id)
            assert item is not None and item_id not in own
            assert item.text not in text
        assert f"과제 {foreign})" in text  # referred to by id
    else:
        assert foreign not in text
