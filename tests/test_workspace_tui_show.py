"""Issue 14, the explorer's showing side: traffic lights in the tree, the progress panel (planned vs
actual, achievement rates, roll-ups), the period picker `p` and the 내 과제 list `u`.

Progress is recorded through the library into this test's own workspace file (the autouse
``own_folders`` fixture), then the explorer is driven with Textual's pilot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from aiplan_tui.describe import resolve
from aiplan_tui.outline import Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.settings import Settings, settings_path
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.screens.mine import MineScreen
from aiplan_tui.tui.screens.period import PeriodScreen, plan_periods
from aiplan_tui.tui.screens.picker import PickerScreen
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from aiplan_tui.tui.widgets.progress_panel import ProgressPanel
from aiplan_tui.tui.workspace_link import WorkspaceLink
from aiplan_tui.workspace.notes import set_bookmark, set_note
from aiplan_tui.workspace.progress import set_progress

from .conftest import PLAN_DB
from .test_tui_daily import burst, own_folders, plain  # noqa: F401  (autouse: own folders, own workspace file)

REST = 0.5  # longer than the panel's follow delay (0.3 s)


def make_app(start: str | None = None, settings: Settings | None = None) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start=start, settings=settings, cursor_blink=False)


def record(task: str, period: str, fields: dict[str, str], actuals: Sequence[tuple[str, float, bool]] = ()) -> None:
    """Written through the library, as the CLI or another user on a team file would."""
    link = WorkspaceLink(Store.open(PLAN_DB))
    link.call(lambda ws: set_progress(link.store, ws, task, period, fields, actuals))
    link.close()


def workspace_file() -> Path:
    return Path(os.environ["AIPLAN_WORKSPACE"])


def panel(app: PlanApp) -> str:
    """The progress panel's text, or '' while it is hidden."""
    widget = app.query_one(ProgressPanel)
    if widget.has_class("-empty"):
        return ""
    return plain(widget.query_one("#progress-body", Static).content)


def label(app: PlanApp, task: str, kind: NodeKind = NodeKind.task) -> str:
    """The tree line of ``task`` (or another node) as drawn (the light goes after its id)."""
    tree = app.query_one(PlanTree)
    nodes = [*tree.root.children]
    while nodes:
        node = nodes.pop()
        if node.data == Ref(kind, task):
            return tree.render_label(node, Style(), Style()).plain.lstrip("▶▼ ")  # without the open/closed icon
        nodes += node.children
    raise AssertionError(f"{task} is not in the tree")


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


# The panel: status, planned vs actual, rates -------------------------------------------------


async def test_panel_shows_status_texts_and_actual_against_the_plan_with_the_rate() -> None:
    fields = {"status": "정상추진", "note": "12개 지자체 도입", "issues": "예산 지연", "plans": "하반기 확대"}
    record("3-2.1", "2025", fields, [("t1", 40, True)])
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        text = panel(app)
        assert "2025 ● 정상추진" in text
        assert "추진실적 12개 지자체 도입" in text and "애로사항 예산 지연" in text and "향후계획 하반기 확대" in text
        # The plan's series gives 50개소 for 2025: actual 40 (잠정) is 80 %.
        assert "계획 50개소 · 실적 40개소 잠정 · 달성률 80%" in text
        assert app.query_one(ProgressPanel).border_title == "실적 2025"


async def test_a_rate_only_where_the_plan_gives_a_value_for_the_period() -> None:
    record("3-2.1", "2024", {"status": "관심필요"}, [("t1", 20, False)])  # the plan gives no 2024 value
    record("3-2.1", "2025Q2", {}, [("t1", 30, False)])  # nor a quarter's
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2024"
        await settle(pilot)
        text = panel(app)
        assert "2024 ▲ 관심필요" in text
        assert "계획 이 기간 값 없음 · 실적 20개소 확정" in text
        assert "달성률" not in text
        app.period = "2025Q2"
        await settle(pilot)
        text = panel(app)
        assert "2025Q2 · 미입력" in text  # values recorded, no status: the light says so
        assert "실적 30개소 확정" in text and "달성률" not in text
        app.period = "2023"
        await settle(pilot)
        assert panel(app).strip() == "2023 미입력"  # a workspace, nothing for this period: one line


async def test_rollup_for_a_ministry_changes_after_a_save_from_the_explorer() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        app.go(resolve(app.store, "산림청"))
        await pilot.pause(REST)
        await settle(pilot)
        assert app.shown is not None and app.shown.ref == Ref(NodeKind.ministry, "산림청")
        assert panel(app) == ""  # no workspace yet: nothing read, nothing made, the panel hidden
        assert not workspace_file().exists()
        app.save_to_workspace(lambda ws: set_progress(app.store, ws, "3-2.1", "2025", {"status": "정상추진"}), "저장")
        await settle(pilot)
        assert app.saved == 1
        assert "산림청: 과제 2 · 정상추진 1 · 미입력 1" in panel(app)
        app.save_to_workspace(lambda ws: set_progress(app.store, ws, "3-3.3", "2025", {"status": "재검토"}), "저장")
        await settle(pilot)
        assert "산림청: 과제 2 · 정상추진 1 · 재검토 1" in panel(app)


async def test_strategy_area_and_overview_show_rollups() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    record("1-1.1", "2025", {"status": "완료"})
    app = make_app("3-2")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert "3-2: 과제" in panel(app) and "정상추진 1" in panel(app)
        app.jump(Ref(NodeKind.strategy, "3"))
        await settle(pilot)
        assert panel(app).startswith("전략 3: 과제") and "정상추진 1" in panel(app)
        app.jump(Ref(NodeKind.overview, "plan"))
        await settle(pilot)
        lines = panel(app).splitlines()
        strategies = len(app.store.strategies())
        assert [line.split(":")[0] for line in lines[:strategies]] == [f"전략 {n}" for n in range(1, strategies + 1)]
        assert "완료 1" in lines[0] and "정상추진 1" in lines[2]


async def test_note_and_bookmark_show_for_any_node() -> None:
    store = Store.open(PLAN_DB)
    item = store.top_items("3-2")[0].id
    link = WorkspaceLink(store)
    link.call(lambda ws: set_note(ws, item, "근거 문단 확인 필요"))
    link.call(lambda ws: set_bookmark(ws, "3-2"))
    link.close()
    app = make_app("3-2")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert panel(app).rstrip().endswith("★ 북마크")
        app.jump(Ref(NodeKind.item, item))
        await settle(pilot)
        assert panel(app).strip() == "메모 근거 문단 확인 필요"
        app.jump(Ref(NodeKind.item, store.top_items("3-2")[1].id))
        await settle(pilot)
        assert panel(app) == ""  # an item with nothing recorded: hidden


async def test_a_resting_cursor_reads_once_and_moves_read_nothing() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reads = app.query_one(ProgressPanel).reads
        burst(app, *["down"] * 8)
        await pilot.pause(REST)
        await settle(pilot)
        assert app.query_one(ProgressPanel).reads == reads + 1  # eight moves, one read: where it rests
        app.period = "2025"
        app.saved += 1  # a period and a save together: still one read
        await settle(pilot)
        assert app.query_one(ProgressPanel).reads == reads + 2


# Lights in the tree ---------------------------------------------------------------------------


async def test_task_labels_get_their_light_only_where_something_is_recorded() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    record("3-2.2", "2025", {"status": "관심필요"})
    record("3-2.3", "2024", {"status": "중단"})
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert label(app, "3-2.1").startswith("3-2.1 ● 실시간 산불감시")
        assert label(app, "3-2.2").startswith("3-2.2 ▲ ")
        assert label(app, "3-2.3").startswith("3-2.3 ") and "×" not in label(app, "3-2.3")
        app.period = "2024"
        await settle(pilot)
        assert label(app, "3-2.3").startswith("3-2.3 × ")
        assert "●" not in label(app, "3-2.1") and "▲" not in label(app, "3-2.2")


async def test_strategies_areas_and_ministries_roll_up_their_tasks_lights() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})  # 산림청
    record("3-2.2", "2025", {"status": "관심필요"})  # 과기정통부, 소방청
    record("3-2.9", "2025", {"status": "관심필요"})  # 소방청
    record("3-2.3", "2024", {"status": "중단"})  # another period: not counted
    app = make_app("3-2.1")
    async with app.run_test(size=(120, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert label(app, "3", NodeKind.strategy).startswith("전략 3 ●1▲2 ")
        assert label(app, "3-2", NodeKind.area).startswith("3-2 ") and " ●1▲2 " in label(app, "3-2", NodeKind.area)
        assert "●" not in label(app, "1", NodeKind.strategy) and "▲" not in label(app, "1", NodeKind.strategy)
        app.save_to_workspace(lambda ws: set_progress(app.store, ws, "3-2.5", "2025", {"status": "완료"}), "저장")
        await settle(pilot)
        assert label(app, "3", NodeKind.strategy).startswith("전략 3 ●1▲2◎1 ")
        await pilot.press("v")  # by ministry
        await settle(pilot)
        assert label(app, "소방청", NodeKind.ministry).startswith("소방청 ▲2 ")
        assert label(app, "산림청", NodeKind.ministry).startswith("산림청 ●1 ")


async def test_lights_follow_a_save() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert "●" not in label(app, "3-2.1")
        app.save_to_workspace(lambda ws: set_progress(app.store, ws, "3-2.1", "2025", {"status": "완료"}), "저장")
        await settle(pilot)
        assert label(app, "3-2.1").startswith("3-2.1 ◎ ")


async def test_ascii_mode_reads_by_symbol_and_word() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    record("3-2.2", "2025", {"status": "재검토"})
    app = make_app("3-2.1", Settings(ascii=True))
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert label(app, "3-2.1").startswith("3-2.1 * ")
        assert label(app, "3-2.2").startswith("3-2.2 # ")
        assert "2025 * 정상추진" in panel(app)


async def test_no_color_reads_by_symbol_and_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    record("3-2.1", "2025", {"status": "관심필요"})
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        assert app.no_color
        tree = app.query_one(PlanTree)
        body = app.query_one(ProgressPanel).query_one("#progress-body", Static)
        tree_lines = [tree.render_line(y).text for y in range(tree.size.height)]
        panel_lines = [body.render_line(y).text for y in range(body.size.height)]
        assert any("3-2.1 ▲ 실시간" in line for line in tree_lines), tree_lines
        assert any("2025 ▲ 관심필요" in line for line in panel_lines), panel_lines


# The period picker --------------------------------------------------------------------------


def test_the_periods_are_the_plans_years_and_their_quarters() -> None:
    store = Store.open(PLAN_DB)
    first, last = store.year_span() or (0, 0)
    periods = plan_periods(store)
    assert periods[:6] == [str(first), f"{first}Q1", f"{first}Q2", f"{first}Q3", f"{first}Q4", str(first + 1)]
    assert periods[-1] == f"{last}Q4" and len(periods) == (last - first + 1) * 5


async def test_p_changes_the_period_and_the_lights_and_panel_follow() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    record("3-2.1", "2025Q2", {"status": "관심필요"})
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeriodScreen)
        await pilot.press(*"2025", "enter")
        await settle(pilot)
        assert app.period == "2025"
        assert label(app, "3-2.1").startswith("3-2.1 ● ") and "2025 ● 정상추진" in panel(app)
        await pilot.press("ㅔ")  # p with the IME in 한글
        await pilot.pause()
        assert isinstance(app.screen, PeriodScreen)
        await pilot.press(*"25년 2분기", "enter")  # Korean typed into the field is text, not keys
        await settle(pilot)
        assert app.period == "2025Q2"
        assert label(app, "3-2.1").startswith("3-2.1 ▲ ") and "2025Q2 ▲ 관심필요" in panel(app)
        assert app.query_one(ProgressPanel).border_title == "실적 2025Q2"


async def test_the_period_list_narrows_and_a_wrong_period_says_why() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.period
        await pilot.press("p", *"2024Q")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(n).id) for n in range(options.option_count)] == [
            f"2024Q{q}" for q in "1234"
        ]
        await pilot.press("down", "down", "enter")  # the list, one down: 2024Q2
        await settle(pilot)
        assert app.period == "2024Q2"
        await pilot.press("p", *"잘못", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeriodScreen)
        assert "기간이 아닙니다" in plain(app.screen.query_one("#period-help", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.period == "2024Q2" != before


# 내 과제 ---------------------------------------------------------------------------------------


def mine_rows(app: PlanApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [plain(options.get_option_at_index(n).prompt).strip() for n in range(options.option_count)]


async def test_my_tasks_lists_my_ministrys_tasks_and_my_bookmarks() -> None:
    record("3-2.1", "2025", {"status": "정상추진"})
    link = WorkspaceLink(Store.open(PLAN_DB))
    link.call(lambda ws: set_bookmark(ws, "1-1.1"))
    link.call(lambda ws: set_bookmark(ws, "3-2"))
    link.close()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.period = "2025"
        await settle(pilot)
        await pilot.press("u")  # the first time: choose my ministry
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and "내 부처" in app.screen.title_text
        await pilot.press(*"산림청", "enter")
        await settle(pilot)
        assert json.loads(settings_path().read_text(encoding="utf-8"))["my_ministry"] == "산림청"
        assert isinstance(app.screen, MineScreen)
        rows = mine_rows(app)
        assert rows[0] == "산림청: 과제 2 · 정상추진 1 · 미입력 1"  # the ministry's roll-up for the period
        assert rows[1].startswith("3-2.1 ● 정상추진  실시간 산불감시")
        assert rows[2].startswith("3-3.3 · 미입력")
        assert rows[3] == "내 북마크 2"
        assert rows[4].startswith("1-1.1 ") and rows[5].startswith("3-2 ")
        await pilot.press("enter")  # the first task
        await settle(pilot)
        node = app.query_one(PlanTree).cursor_node
        assert node is not None and node.data == Ref(NodeKind.task, "3-2.1")
        await pilot.press("ㅕ")  # u with the IME in 한글: straight to the list now
        await pilot.pause()
        assert isinstance(app.screen, MineScreen)
        await pilot.press("end", "enter")  # the last bookmark: area 3-2
        await settle(pilot)
        node = app.query_one(PlanTree).cursor_node
        assert node is not None and node.data == Ref(NodeKind.area, "3-2")


async def test_m_in_my_tasks_chooses_another_ministry() -> None:
    app = make_app(settings=Settings(my_ministry="산림청"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, MineScreen) and mine_rows(app)[0] == "산림청: 과제 2 · 미입력 2"
        assert mine_rows(app)[-1].startswith("없음")  # no bookmarks (and no workspace file)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await pilot.press(*"환경부", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MineScreen) and mine_rows(app)[0].startswith("환경부: 과제 ")
        assert app.settings.my_ministry == "환경부"
    assert not workspace_file().exists()


# Without a workspace the explorer is as it was ------------------------------------------------


async def test_without_a_workspace_nothing_is_shown_read_or_made() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert panel(app) == ""
        assert not app.query_one(PlanTree).marks
        assert label(app, "3-2.1").startswith("3-2.1 실시간")
        await pilot.press("down", "down", "p", "escape")
        await pilot.pause(REST)
        assert app.query_one(ProgressPanel).reads == 0
    assert not workspace_file().exists()


def test_snapshot_task_with_progress(snap_compare: Any) -> None:
    record(
        "3-2.1", "2025", {"status": "정상추진", "note": "12개 지자체 도입 완료", "plans": "2026년 30개 추가"},
        [("t1", 40, True)],
    )  # fmt: skip
    link = WorkspaceLink(Store.open(PLAN_DB))
    link.call(lambda ws: set_note(ws, "3-2.1", "산림청 담당 확인"))
    link.close()

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.period = "2025"  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(make_app("3-2.1"), terminal_size=(100, 30), run_before=run_before)


def test_in_tmux_p_with_the_ime_on_shows_the_lights_and_the_panel(tmp_path: Path) -> None:
    """End to end at 80×24: the CLI records, the explorer shows it after `ㅔ 2025 enter`."""
    from .test_e2e_tmux import started

    record("3-2.1", "2025", {"status": "정상추진"}, [("t1", 40, True)])
    environment = {"TERM": "xterm-256color", "AIPLAN_CONFIG_DIR": str(tmp_path / "config")}
    with started(environment, "open", "3-2.1") as terminal:
        terminal.wait_for("실적 20", "미입력")  # this year's period: nothing recorded, one line
        terminal.text("ㅔ")
        terminal.wait_for("실적 기간")
        terminal.text("2025")
        terminal.keys("Enter")
        screen = terminal.wait_for("3-2.1 ● 실시간", "2025 ● 정상추진", "실적 40개소 잠정 · 달성률")
        assert "3-2.2 화학물질" in screen  # nothing recorded there: no light
        terminal.text("ㅂ")
