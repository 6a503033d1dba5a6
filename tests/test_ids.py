"""Every id any output prints, and the Korean names people type, lead somewhere: `show`,
`open` and the explorer's go-to all use describe.resolve."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from aiplan_tui.describe import UnknownId, describe, resolve
from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp

from .clirun import run
from .conftest import PLAN_DB, Plan


def test_every_id_search_prints_is_accepted_by_show(store: Store) -> None:
    printed: set[str] = set()
    for query in ("AI", "2024", "2023", "2025", "2026", "2027", "지원", "구축", "ㅇ", "ㄱ", "ㅅ", "DPG"):
        result = run(["--db", str(PLAN_DB), "search", query, "-n", "0", "-f", "plain"])
        assert result.code == 0, result.err
        printed.update(line.split("\t")[0] for line in result.out.splitlines()[1:])
    milestones = {m.id for m in store.milestones()}
    assert milestones <= printed  # 3-2/m1, 4-2/m1, diagnosis/m1 … are printed by search
    for ref in sorted(printed):
        resolve(store, ref)  # raises UnknownId for an id the plan prints but refuses
    for ref in sorted(milestones):
        shown = run(["--db", str(PLAN_DB), "show", ref])
        assert shown.code == 0 and shown.out.startswith(f"[{ref}] 일정"), shown


def test_every_id_tasks_and_targets_print_is_accepted(plan: Plan) -> None:
    store = plan.store
    for task in store.tasks():
        assert resolve(store, task.id).kind == "task"
    for area in store.areas():
        assert resolve(store, area.id).kind == "area"
    for strategy in store.strategies():
        assert resolve(store, str(strategy.id)).kind == "strategy"
    for target in store.targets():
        assert resolve(store, target.id).kind == "target"
    for milestone in store.milestones():
        assert resolve(store, milestone.id).kind == "milestone"


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("요약", "summary"),
        ("참고", "personas"),
        ("참고 2", "background-progress"),
        ("참고3", "background-survey"),
        ("순서", "contents"),
        ("목차", "contents"),
        ("추진체계", "system"),
        ("Ⅵ", "system"),
        ("VI", "system"),
        ("Ⅰ", "background"),
        ("추진배경", "background"),
        ("비전", "vision"),
        ("국내 현황 진단", "diagnosis"),
    ],
)
def test_korean_names_of_documents(store: Store, name: str, document: str) -> None:
    resolved = resolve(store, name)
    assert resolved.kind == NodeKind.document and getattr(resolved.node, "id", None) == document
    shown = run(["--db", str(PLAN_DB), "show", name])
    assert shown.code == 0 and shown.out.startswith(describe(store, resolved).split("\n")[0])


def test_an_unknown_id_is_a_short_korean_message_with_the_nearest_ids(store: Store) -> None:
    with pytest.raises(UnknownId) as error:
        resolve(store, "3-2.1O")
    message = str(error.value)
    assert message.startswith("‘3-2.1O’은(는) 이 계획에 없는 id입니다 — 가까운 id: ")
    close = message.split("가까운 id: ")[1].split(", ")
    assert "3-2.1" in close and len(close) <= 5
    assert close == sorted(close, key=lambda i: [int(p) for p in i.replace(".", "-").split("-")])


def test_an_unknown_word_gets_one_example_of_each_kind_of_id_the_plan_has(plan: Plan) -> None:
    with pytest.raises(UnknownId) as error:
        resolve(plan.store, "zz")
    message = str(error.value)
    assert message.startswith("‘zz’은(는) 이 계획에 없는 id입니다 — 예: ")
    assert len(message) < 120  # not every id of the plan, as before
    examples = message.split(" — 예: ")[1].split(", ")
    kinds = {"전략": "strategy", "분야": "area", "과제": "task", "본문": "item", "목표": "target", "문서": "document"}
    for example in examples:
        node, _, label = example.partition(" (")
        assert resolve(plan.store, node).kind == kinds.get(label.rstrip(")"), "ministry"), example
    assert len(examples) == 7


def test_a_mistyped_task_suggests_the_nearest_few_in_natural_order(plan: Plan) -> None:
    tasks = plan.store.tasks()
    area = max((t.area for t in tasks), key=lambda a: sum(t.area == a for t in tasks))
    with pytest.raises(UnknownId) as error:
        resolve(plan.store, f"{area}.1O")  # a letter O for a zero
    close = str(error.value).split("가까운 id: ")[1].split(", ")
    assert f"{area}.1" in close and len(close) <= 5
    assert close == sorted(close, key=lambda i: [int(p) for p in i.replace(".", "-").split("-")])


def test_an_unknown_id_on_a_big_plan_names_a_range_not_every_id(store: Store) -> None:
    with pytest.raises(UnknownId) as error:
        resolve(store, "9-9")
    assert str(error.value) == "9-9은(는) 분야가 아닙니다 — 분야는 1-1~4-2"


async def test_go_to_a_milestone_and_a_korean_name_in_the_explorer() -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("g", *"3-2/m1", "enter")
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, "3-2.5")
        await pilot.press("g", *"diagnosis/m1", "enter")  # a milestone with no task: its item
        await pilot.pause()
        assert app.selected == Ref(NodeKind.item, "diagnosis/40")
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(Input).value = "요약"  # typed through the IME
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == Ref(NodeKind.document, "summary")


NAMES = st.sampled_from(
    ["3", "3-2", "3-2.9", "3-2/", "/t", "/m", "요약", "참고", "Ⅵ", "summary", "환경부", "\udcff", "."]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.one_of(NAMES, st.text(st.characters(exclude_categories=()), max_size=8)), max_size=4))
def test_the_resolver_answers_any_text_with_a_node_or_a_short_korean_message(parts: list[str]) -> None:
    """What the go-to box and `show` pass it: anything a person (or line noise) can type."""
    store = _STORE
    try:
        resolved = resolve(store, "".join(parts))
    except UnknownId as error:
        message = str(error)
        assert "\n" not in message and len(message) < 300 and re.search("[가-힣]", message), message
        assert not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) < 0x20 for c in message), message
    else:
        assert describe(store, resolved)


_STORE = Store.open(PLAN_DB)
