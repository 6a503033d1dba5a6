"""Issue 14, the explorer's editing side: `e` progress, `n` note, `b` bookmark, `r` report and
reopening where the user left off — with Korean typed into the fields, jamo that stay text
inside them, cancel and confirm, a failed save that keeps the text, and files read back."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any, cast

import pytest
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from aiplan_tui.outline import OVERVIEW, Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.settings import Settings
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import workspace_edit
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.commands import korean_system_commands
from aiplan_tui.tui.screens.editing import DiscardScreen
from aiplan_tui.tui.screens.note_edit import NoteEditScreen
from aiplan_tui.tui.screens.progress_edit import ProgressEditScreen
from aiplan_tui.tui.screens.report import ReportScreen
from aiplan_tui.tui.widgets.plan_tree import PlanTree
from aiplan_tui.workspace.db import Workspace
from aiplan_tui.workspace.notes import bookmarks, last_position, note, save_position, set_note
from aiplan_tui.workspace.progress import Progress, progress, set_progress
from aiplan_tui.workspace.report import read_csv

from .conftest import PLAN_DB
from .test_tui_daily import burst, own_folders, plain, toasts  # noqa: F401  (own_folders is autouse: own files)


def make_app(start: str | None = None, settings: Settings | None = None) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start=start, settings=settings, cursor_blink=False)


def workspace_file() -> Path:
    return Path(os.environ["AIPLAN_WORKSPACE"])


def opened() -> Workspace:
    return Workspace.for_store(Store.open(PLAN_DB), workspace_file())


def saved(task: str = "3-2.1", period: str = "2025") -> Progress | None:
    if not workspace_file().exists():
        return None
    workspace = opened()
    try:
        found = progress(workspace, task=task, period=period)
    finally:
        workspace.close()
    return found[0] if found else None


def seed(task: str, period: str, fields: dict[str, str], actuals: list[tuple[str, float | int, bool]]) -> None:
    workspace = opened()
    try:
        set_progress(Store.open(PLAN_DB), workspace, task, period, fields, actuals)
    finally:
        workspace.close()


async def settle(app: PlanApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def open_editor(app: PlanApp, pilot: Any) -> ProgressEditScreen:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ProgressEditScreen), toasts(app)
    return app.screen


async def type_into(pilot: Any, widget: Any, text: str) -> None:
    widget.focus()
    await pilot.pause()
    await pilot.press(*text)


def field_text(screen: Any, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content).strip()


# e: progress -----------------------------------------------------------------------------


async def test_e_marks_a_task_typed_in_korean_and_saves_only_on_ctrl_s() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        assert screen.plan_task.id == "3-2.1"
        status = screen.query_one("#status", Select)
        assert app.focused is status
        await pilot.press("enter", "down", "down", "enter")  # the list: 미입력, 미착수, 정상추진
        assert status.value == "정상추진"
        await type_into(pilot, screen.query_one("#note", TextArea), "산불감시 AI 50개소 설치")
        await type_into(pilot, screen.query_one("#actual-0", Input), "30")
        assert "계획 50개소" in field_text(screen, "#planned-0")  # the plan's value for 2025 beside the field
        assert not workspace_file().exists()  # nothing is written before ctrl+s
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressEditScreen)
        entry = saved()
        assert entry is not None and entry.status == "정상추진" and entry.note == "산불감시 AI 50개소 설치"
        assert [(a.target, a.value, a.provisional) for a in entry.actuals] == [("3-2/t1", 30, False)]
        assert "3-2.1 2025 저장: ● 정상추진, 추진실적, 3-2/t1=30" in toasts(app)
        assert app.saved == 1


async def test_keys_typed_ahead_in_one_burst_keep_their_order() -> None:
    """Over a slow link keys arrive together: ← → step the status at once, and text typed right
    after a Tab lands in the field the Tab went to (Textual hands keys to the widget focused when
    they arrive; the status box dropped them)."""
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        burst(app, "right", "right", "right", "left", "tab", *"abc", "tab", *"공문")
        await pilot.pause(0.3)
        assert screen.query_one("#status", Select).value == "정상추진"
        assert screen.query_one("#note", TextArea).text == "abc"
        assert screen.query_one("#issues", TextArea).text == "공문"


async def test_the_editor_is_pre_filled_and_sends_only_what_changed() -> None:
    seed("3-2.1", "2025", {"status": "관심필요", "note": "예산 확보 중", "evidence": "산림청-123"}, [("t1", 12, True)])
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        assert screen.query_one("#status", Select).value == "관심필요"
        assert screen.query_one("#note", TextArea).text == "예산 확보 중"
        assert screen.query_one("#evidence", Input).value == "산림청-123"
        assert screen.query_one("#actual-0", Input).value == "12"
        assert screen.query_one("#provisional-0", Checkbox).value is True
        # Someone else writes 애로사항 while this editor is open; this user changes 추진실적 only.
        seed("3-2.1", "2025", {"issues": "부지 선정 지연"}, [])
        area = screen.query_one("#note", TextArea)
        area.move_cursor(area.document.end)
        await type_into(pilot, area, ", 완료")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        entry = saved()
        assert entry is not None
        assert (entry.status, entry.note, entry.issues, entry.evidence) == (
            "관심필요",
            "예산 확보 중, 완료",
            "부지 선정 지연",  # kept: the editor sent 추진실적 alone
            "산림청-123",
        )
        assert [(a.value, a.provisional) for a in entry.actuals] == [(12, True)]


async def test_emptying_a_saved_actual_value_clears_it() -> None:
    seed("3-2.1", "2025", {"note": "점검"}, [("t1", 12, True)])
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        assert screen.query_one("#actual-0", Input).value == "12"
        screen.query_one("#actual-0", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not screen
        assert "3-2.1 2025 저장: 3-2/t1 지움" in toasts(app)
        entry = saved()
        assert entry is not None and entry.note == "점검" and entry.actuals == []


async def test_jamo_twins_are_text_inside_the_fields_not_shortcuts() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        twins = "ㅂㄷㅜㅠㄱㅡㅛㅌㅍㅎㅊ"  # q e n b r m y x v g c in 한글 mode
        await type_into(pilot, screen.query_one("#issues", TextArea), "예산" + twins)
        await type_into(pilot, screen.query_one("#evidence", Input), "공문" + twins)
        await type_into(pilot, screen.query_one("#plans", TextArea), "q e n b r")
        assert app.is_running and app.screen is screen
        assert screen.query_one("#issues", TextArea).text == "예산" + twins
        assert screen.query_one("#evidence", Input).value == "공문" + twins
        assert screen.query_one("#plans", TextArea).text == "q e n b r"


async def test_a_task_without_targets_has_no_actual_fields_and_saves_its_text() -> None:
    app = make_app("1-1.3")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025Q2"
        screen = await open_editor(app, pilot)
        assert not screen.query("#actual-0") and not screen.query("#targets-heading")
        screen.query_one("#status", Select).value = "재검토"
        await type_into(pilot, screen.query_one("#plans", TextArea), "하반기 재추진")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        entry = saved("1-1.3", "2025Q2")
        assert entry is not None and (entry.status, entry.plans, entry.actuals) == ("재검토", "하반기 재추진", [])


async def test_a_wrong_value_keeps_the_editor_open_with_the_message_on_the_field() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        await type_into(pilot, screen.query_one("#note", TextArea), "설치 완료")
        await type_into(pilot, screen.query_one("#actual-0", Input), "삼십")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert "실적 값이 아닙니다" in field_text(screen, "#actual-error-0")
        assert app.focused is screen.query_one("#actual-0", Input)
        assert screen.query_one("#note", TextArea).text == "설치 완료"
        assert not workspace_file().exists()
        period = screen.query_one("#period", Input)
        period.value = "2025Q5"
        screen.query_one("#actual-0", Input).value = "30잠정"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and "기간이 아닙니다" in field_text(screen, "#period-error")
        period.value = "2025"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        entry = saved()
        assert app.screen is not screen and entry is not None
        assert [(a.value, a.provisional) for a in entry.actuals] == [(30, True)]


async def test_a_failed_save_keeps_the_text_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the workspace's folder should be")
    monkeypatch.setenv("AIPLAN_WORKSPACE", str(blocker / "workspace.db"))
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        await type_into(pilot, screen.query_one("#note", TextArea), "현장 점검 3회")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one("#note", TextArea).text == "현장 점검 3회"
        said = field_text(screen, "#editor-error")
        assert said.startswith("저장하지 못했습니다") and "작업공간 폴더" in said and "\n" not in said
        assert app.saved == 0
        monkeypatch.setenv("AIPLAN_WORKSPACE", str(tmp_path / "workspace.db"))  # the folder is fixed
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not screen
        entry = saved()
        assert entry is not None and entry.note == "현장 점검 3회"


async def test_escape_closes_at_once_when_nothing_was_typed_and_asks_otherwise() -> None:
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ProgressEditScreen, DiscardScreen))

        screen = await open_editor(app, pilot)
        await type_into(pilot, screen.query_one("#note", TextArea), "초안")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("ㅜ")  # n in 한글 mode: keep editing
        await pilot.pause()
        assert app.screen is cast(Any, screen) and screen.query_one("#note", TextArea).text == "초안"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ProgressEditScreen, DiscardScreen))
        await settle(app, pilot)
        assert not workspace_file().exists()


async def test_ctrl_q_in_an_editor_with_typed_text_asks_before_quitting() -> None:
    """Quitting must not lose typed text without a question: ctrl+q (the app's quit key, which
    reaches the app from inside a text field) asks; 'keep writing' keeps the text, 'quit' quits."""
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_editor(app, pilot)
        await pilot.press("ctrl+q")  # nothing typed yet: quits at once
        await pilot.pause()
        assert app.return_code == 0
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_editor(app, pilot)
        await type_into(pilot, screen.query_one("#note", TextArea), "초안")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen) and app.return_code is None
        assert "종료할까요" in plain(app.screen.query_one(Static).render())
        await pilot.press("ctrl+q")  # asked again while the question is up: still one question
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen) and len(app.screen_stack) == 3
        await pilot.press("ㅜ")  # n in 한글 mode: keep writing
        await pilot.pause()
        assert app.screen is cast(Any, screen) and screen.query_one("#note", TextArea).text == "초안"
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0


async def test_e_under_a_task_edits_that_task_and_elsewhere_says_what_it_does() -> None:
    app = make_app("3-2/t1")  # a target: the cursor lands on its task
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        task_node = tree.cursor_node
        assert task_node is not None and task_node.data == Ref(NodeKind.task, "3-2.1")
        task_node.expand()
        await pilot.pause()
        tree.move_cursor(task_node.children[0])  # the first item of 3-2.1's text
        await pilot.pause()
        item = tree.cursor_node.data if tree.cursor_node is not None else None
        assert item is not None and item.kind == NodeKind.item
        screen = await open_editor(app, pilot)
        assert screen.plan_task.id == "3-2.1"
        await pilot.press("escape")
        app.go(workspace_edit_resolve(app, "3-2"))  # an area: not under a task
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ProgressEditScreen)
        assert "과제의 추진실적" in toasts(app)


def workspace_edit_resolve(app: PlanApp, id: str) -> Any:
    from aiplan_tui.describe import resolve

    return resolve(app.store, id)


async def test_changing_the_period_reloads_untouched_fields_and_the_plan_value() -> None:
    seed("3-2.1", "2025", {"status": "정상추진", "note": "2025년 실적"}, [("t1", 30, False)])
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        screen = await open_editor(app, pilot)
        assert screen.query_one("#note", TextArea).text == "2025년 실적"
        await type_into(pilot, screen.query_one("#evidence", Input), "공문 2024-1")
        screen.query_one("#period", Input).value = "2024"
        await pilot.pause()
        assert screen.query_one("#note", TextArea).text == ""  # 2024 has nothing saved
        assert screen.query_one("#status", Select).value is Select.NULL
        assert screen.query_one("#actual-0", Input).value == ""
        assert screen.query_one("#evidence", Input).value == "공문 2024-1"  # typed: kept
        assert "계획값 없음" in field_text(screen, "#planned-0")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        entry_2024, entry_2025 = saved(period="2024"), saved(period="2025")
        assert entry_2024 is not None and entry_2024.evidence == "공문 2024-1" and entry_2024.note == ""
        assert entry_2025 is not None and entry_2025.note == "2025년 실적"


async def test_statuses_read_without_colour_and_in_ascii_mode() -> None:
    for settings, mark in ((None, "●"), (Settings(ascii=True), "*")):
        app = make_app("3-2.1", settings)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await open_editor(app, pilot)
            options = [plain(prompt).strip() for prompt, _ in screen.query_one("#status", Select)._options]
            assert f"{mark} 정상추진" in options and "관심필요" in " ".join(options)
            assert len(options) == 7  # 미입력 and the six statuses, each a symbol and its word
            period = screen.query_one("#period", Input)
            assert period.content_region.height == 1 and period.value  # no ASCII border hides the value


# n: note, b: bookmark ------------------------------------------------------------------


async def test_n_writes_a_korean_note_pre_filled_and_empty_deletes_it() -> None:
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteEditScreen) and screen.node == "3-2.5"
        await pilot.press(*"행안부 회의 ㅂㅜ")  # jamo twins of q and n stay text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditScreen)
        workspace = opened()
        try:
            found = note(workspace, "3-2.5")
            assert found is not None and found.text == "행안부 회의 ㅂㅜ"
        finally:
            workspace.close()
        assert "메모를 저장했습니다: 3-2.5" in toasts(app)

        await pilot.press("n")
        await pilot.pause()
        area = app.screen.query_one("#note-text", TextArea)
        assert area.text == "행안부 회의 ㅂㅜ"  # pre-filled with what is saved
        area.load_text("")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        workspace = opened()
        try:
            assert note(workspace, "3-2.5") is None
        finally:
            workspace.close()
        assert "메모를 지웠습니다: 3-2.5" in toasts(app)


async def test_b_toggles_a_bookmark_with_a_toast() -> None:
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await settle(app, pilot)
        assert "북마크 추가: 3-2.5 AI 기반 지능형 CCTV 관제시스템 구축" in toasts(app)
        workspace = opened()
        try:
            assert [b.node for b in bookmarks(workspace)] == ["3-2.5"]
        finally:
            workspace.close()
        await pilot.press("ㅠ")  # b in 한글 mode
        await settle(app, pilot)
        assert "북마크 해제: 3-2.5" in toasts(app)
        workspace = opened()
        try:
            assert bookmarks(workspace) == []
        finally:
            workspace.close()


async def test_notes_and_bookmarks_say_where_they_cannot_go() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.selected == OVERVIEW
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditScreen)
        assert "개요와 연도 묶음에는 달 수 없습니다" in toasts(app)
        assert not workspace_file().exists()


# r: report -------------------------------------------------------------------------------


async def write_report(app: PlanApp, pilot: Any, fmt: str, path: str = "") -> object:
    """`r`, the format (and a path), ctrl+s; returns the ministry the dialog offered."""
    await pilot.press("r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    screen.query_one("#report-format", Select).value = fmt
    screen.query_one("#report-path", Input).value = path
    ministry = screen.query_one("#report-ministry", Select).value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    assert not isinstance(app.screen, ReportScreen)
    return ministry


async def test_r_writes_every_format_and_they_read_back(tmp_path: Path) -> None:
    seed("3-2.1", "2025", {"status": "정상추진", "note": "=산불 50개소"}, [("t1", 30, False)])
    app = make_app("3-2.1")
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        app.where = Filter(ministries=("산림청",))  # one ministry filtered: the report's default
        await pilot.pause()
        folder = Path(os.environ["AIPLAN_COPY_DIR"])
        for fmt in ("md", "csv", "xlsx", "hwpx"):
            assert await write_report(app, pilot, fmt) == "산림청"
            path = folder / f"추진실적_산림청_2025.{fmt}"
            assert path.exists(), toasts(app)
            assert str(path) in toasts(app) or f"추진실적_산림청_2025.{fmt}" in toasts(app)
        md = (folder / "추진실적_산림청_2025.md").read_text(encoding="utf-8")
        assert "산림청: 과제 2 · 정상추진 1 · 미입력 1" in md and "| 50개소 | 30 | 60.0% |" in md
        rows = read_csv((folder / "추진실적_산림청_2025.csv").read_bytes())
        task_row = next(r for r in rows if r["kind"] == "과제" and r["task"] == "3-2.1")
        assert task_row["status"] == "정상추진" and task_row["note"] == "=산불 50개소"

        import openpyxl

        sheet = openpyxl.load_workbook(folder / "추진실적_산림청_2025.xlsx").active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        header = values[2]
        target = dict(zip(header, next(r for r in values if r[0] == "목표" and r[1] == "3-2.1")))
        assert (target["계획값"], target["실적"], target["달성률(%)"]) == (50, 30, 60.0)
        if sys.version_info >= (3, 10):
            from hwpx import HwpxDocument

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                document = HwpxDocument.open(folder / "추진실적_산림청_2025.hwpx")
                text = document.text.plain()
            assert "추진실적 점검 — 산림청, 2025" in text
            assert document.tables[0].cell(1, 3).text == "● 정상추진"

        typed = tmp_path / "보고서" / "산림청.csv"  # a path typed in: its folder is made
        await write_report(app, pilot, "csv", str(typed))
        assert read_csv(typed.read_bytes())[0]["task"] == "3-2.1"


async def test_a_report_without_a_workspace_is_a_blank_form_and_makes_no_file() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        app.period = "2025"
        await write_report(app, pilot, "csv")
        path = Path(os.environ["AIPLAN_COPY_DIR"]) / "추진실적_전체_2025.csv"
        rows = read_csv(path.read_bytes())
        assert len([r for r in rows if r["kind"] == "과제"]) == app.store.count("tasks")
        assert not any(r.get("status") for r in rows)
        assert not workspace_file().exists()


async def test_a_missing_extra_is_one_korean_line_naming_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await write_report(app, pilot, "xlsx")
        said = [n for n in app._notifications if n.title == "보고서를 쓰지 못했습니다"]
        assert said and "pip install 'aiplan-tui[report]'" in said[0].message
        assert "\n" not in said[0].message
        assert not list(Path(os.environ["AIPLAN_COPY_DIR"]).glob("*.xlsx"))


async def test_the_report_is_in_the_command_palette() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        commands = {command.title: command for command in korean_system_commands(app, app.screen)}
        commands["보고서 쓰기"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


# Reopening where the user left off -------------------------------------------------------


async def test_the_app_reopens_at_the_last_position_and_open_id_still_wins() -> None:
    seed("3-2.1", "2025", {"status": "정상추진"}, [])  # a workspace exists: the user has saved something
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j")  # 3-2.6
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    workspace = opened()
    try:
        assert last_position(workspace) == "3-2.6"
    finally:
        workspace.close()

    again = make_app()
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert again.selected == Ref(NodeKind.task, "3-2.6")
        node = again.query_one(PlanTree).cursor_node
        assert node is not None and node.data == Ref(NodeKind.task, "3-2.6")

    back = make_app("3-2.5")  # left on 개요: reopens on 개요
    async with back.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        back.query_one(PlanTree).place_first()
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    overview = make_app()
    async with overview.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert overview.selected == OVERVIEW

    wins = make_app("1-1")
    async with wins.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert wins.selected == Ref(NodeKind.area, "1-1")


async def test_a_resting_cursor_is_remembered_without_quitting(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiplan_tui.workspace import notes

    monkeypatch.setattr(workspace_edit, "REST_SAVE", 0.2)
    written: list[str] = []
    keep = notes.save_position

    def counted(workspace: Workspace, node: str) -> None:
        written.append(node)
        keep(workspace, node)

    monkeypatch.setattr(notes, "save_position", counted)
    seed("3-2.1", "2025", {"status": "정상추진"}, [])
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 40)) as pilot:

        async def rested() -> None:
            for _ in range(50):  # the rest (0.2 s), then the worker's write
                await pilot.pause(0.1)
                await app.workers.wait_for_complete()
                if written:
                    return

        await rested()
        assert written == ["3-2.5"]  # where it opened, once the cursor rested there
        written.clear()
        burst(app, "j", "j")  # 3-2.6, 3-2.7 in one read: only where it rests is written
        await rested()
        assert written == ["3-2.7"]
        workspace = opened()
        try:
            assert last_position(workspace) == "3-2.7"
        finally:
            workspace.close()
        await pilot.pause(0.5)  # resting on the same node writes nothing more
        await app.workers.wait_for_complete()
        assert written == ["3-2.7"]


async def test_a_reader_gets_no_file_and_a_lost_node_is_skipped() -> None:
    app = make_app("3-2.5")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "q")
        await pilot.pause()
    assert not workspace_file().exists()  # opening and quitting made nothing

    workspace = opened()
    try:
        save_position(workspace, "9-9.9")  # a node the (rebuilt) plan no longer has
        set_note(workspace, "3-2.1", "메모")
    finally:
        workspace.close()
    again = make_app()
    async with again.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert again.selected == OVERVIEW
        assert "이동할 수 없습니다" not in toasts(again)
