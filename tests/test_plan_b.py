"""Plan B (tests/fixtures/plan-b): a plan shaped unlike the real one. Two strategies, an
area of 12 tasks (1-1.10 … 1-1.12), a strategy of ten areas (2-10), years 2024–2030, one
document and no 요약. Nothing of the real plan's shape may leak into what these print."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from textual.widgets import Input, SelectionList, Static

from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_B_SOURCE, build_plan
from .test_cli import aiplan


def test_the_build_records_plan_bs_shape(plan_b: Store) -> None:
    meta = plan_b.meta()
    assert json.loads(meta["counts"])["tasks"] == 23 == plan_b.count("tasks")
    assert meta["years"] == "2024-2030" and plan_b.year_span() == (2024, 2030)
    assert [s.id for s in plan_b.strategies()] == [1, 2]


def test_show_a_task_numbered_past_9(plan_b_db: Path) -> None:
    result = aiplan("show", "1-1.12", db=plan_b_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[1-1.12] 마을 AI 서비스 12호 제공")
    assert "'24 10개소 → '30 1,200여개소" in result.stdout  # its target, to the plan's last year
    past = aiplan("show", "1-1.13", db=plan_b_db)
    assert (
        past.returncode == 2
        and past.stderr == "aiplan: 1-1.13은(는) 과제가 아닙니다 — 분야 1-1의 과제는 1-1.1~1-1.12\n"
    )


def test_areas_past_9_in_natural_order(plan_b_db: Path) -> None:
    assert aiplan("show", "2-10", "-f", "json", db=plan_b_db).returncode == 0
    stats = json.loads(aiplan("stats", "-f", "json", db=plan_b_db).stdout)[0]
    assert list(stats["areas"]) == ["1-1", "1-2", *(f"2-{n}" for n in range(1, 11))]
    tasks = aiplan("tasks", "--strategy", "2", db=plan_b_db).stdout.splitlines()[1:]
    assert [line.split("\t")[0] for line in tasks] == [f"2-{n}.1" for n in range(1, 11)]
    wrong = aiplan("show", "2-11", db=plan_b_db)
    # Its strategy's nearest areas in natural order (2-10 after 2-9), not the whole span (issue 17.6).
    assert wrong.stderr == "aiplan: 2-11은(는) 분야가 아닙니다 — 가까운 분야: 2-6, 2-7, 2-8, 2-9, 2-10\n"


def test_year_2030_is_a_year_of_plan_b_and_2031_is_not(plan_b_db: Path) -> None:
    lines = aiplan("tasks", "--year", "2030", db=plan_b_db).stdout.splitlines()
    assert [line.split("\t")[0] for line in lines[1:]] == ["1-1.6", "1-2.1"]
    assert aiplan("tasks", "-y", "'30", db=plan_b_db).stdout == aiplan("tasks", "-y", "2030", db=plan_b_db).stdout
    refused = aiplan("tasks", "--year", "2031", db=plan_b_db)
    assert refused.returncode == 2
    assert refused.stderr == "aiplan: 2031은(는) 이 계획의 연도가 아닙니다 — 이 계획은 2024–2030\n"
    found = aiplan("search", "30년", "-k", "task", db=plan_b_db).stdout.splitlines()[1:]
    assert [line.split("\t")[0] for line in found] == ["1-1.6", "1-2.1"]


def test_strategy_2_is_valid_and_3_is_refused(plan_b_db: Path) -> None:
    assert aiplan("tasks", "--strategy", "2", db=plan_b_db).returncode == 0
    refused = aiplan("tasks", "--strategy", "3", db=plan_b_db)
    assert refused.returncode == 2 and refused.stderr == "aiplan: 3은(는) 전략이 아닙니다 — 이 계획의 전략은 1~2\n"
    shown = aiplan("show", "3", db=plan_b_db)
    assert shown.returncode == 2 and shown.stderr == "aiplan: 3은(는) 전략이 아닙니다 — 전략은 1~2\n"


def test_a_wrong_id_suggests_the_nearest_few_in_natural_order(plan_b_db: Path) -> None:
    result = aiplan("show", "1-1.1O", db=plan_b_db)
    assert result.returncode == 2
    assert result.stderr.endswith("가까운 id: 1-1.1, 1-1.10, 1-1.11, 1-1.12, 2-1.1\n")


def test_no_요약_and_the_examples_come_from_plan_b(plan_b_db: Path) -> None:
    result = aiplan("show", "요약", db=plan_b_db)
    assert result.returncode == 2
    assert result.stderr == (
        "aiplan: ‘요약’은 이 계획에 없는 id입니다 — 예: 1 (전략), 1-1 (분야), 1-1.12 (과제), "
        "1-1/1 (본문), 1-1/t1 (목표), background (문서), 과기정통부\n"
    )


def test_check_refuses_a_database_whose_rows_differ_from_the_recorded_counts(plan_b_db: Path, tmp_path: Path) -> None:
    """A row removed and the content checksum forged to match: only the recorded counts can tell."""
    from aiplan_tui.store import CONTENT_KEY, content_digest

    copy = tmp_path / "plan.db"
    copy.write_bytes(plan_b_db.read_bytes())
    with sqlite3.connect(copy) as connection:
        connection.execute("delete from task_partners")
        connection.execute("delete from task_items where task = '2-10.1'")
        connection.execute("delete from task_ministries where task = '2-10.1'")
        connection.execute("delete from tasks where id = '2-10.1'")
        connection.execute("update meta set value = ? where key = ?", (content_digest(connection), CONTENT_KEY))
    result = aiplan("check", db=copy)
    assert result.returncode == 3
    assert "개수가 빌드 때와 다릅니다: 과제 22개 (빌드 때 23개)" in result.stderr
    assert aiplan("check", db=plan_b_db).returncode == 0


def test_a_fresh_build_of_plan_b_is_the_same(plan_b: Store, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_plan(PLAN_B_SOURCE, again)
    assert Store.open(again).meta() == plan_b.meta()


async def test_explorer_shows_2_strategies_and_goes_to_1_1_12(plan_b: Store) -> None:
    app = PlanApp(plan_b, cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        strategies = [n.data for n in tree.root.children if n.data and n.data.kind == "strategy"]
        assert strategies == [Ref(NodeKind.strategy, "1"), Ref(NodeKind.strategy, "2")]
        assert Ref(NodeKind.document, "summary") not in [n.data for n in tree.root.children]
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one(Input).value = "1-1.12"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, "1-1.12")
        assert app.sub_title == "2024. 3. 시험부처 합동"


async def test_explorer_year_filter_offers_plan_bs_years(plan_b: Store) -> None:
    app = PlanApp(plan_b, cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("y")
        await pilot.pause()
        choices = app.screen.query_one(SelectionList)
        years = [str(choices.get_option_at_index(i).value) for i in range(choices.option_count)]
        assert years == [str(y) for y in range(2024, 2031)]


async def test_go_to_box_shows_examples_from_plan_b(plan_b: Store) -> None:
    app = PlanApp(plan_b, cursor_blink=False)
    async with app.run_test() as pilot:
        await pilot.press("g")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.placeholder == "1 · 1-1 · 1-1.12 · 1-1/1 · 1-1/t1 · background · 과기정통부"
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#goto-error", Static).render()
        assert "id나 이름을 입력하세요: 1 (전략), 1-1 (분야), 1-1.12 (과제)" in str(error)
