"""Issue 11, the daily path: shortcuts with the Korean IME on, copy that says where the text
went, a panel that shows the cursor's node, every key counting, search that tells the truth
about filters, Korean all the way, and settings that keep only what the user chose.

Each test repeats a repro of ../shared/reviews/newcomer-trial.md (B1–B9, §5) or of
code-review.md ("keys drift", "settings saved") with Textual's pilot.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, SelectionList, Static

from aiplan_tui.outline import OVERVIEW, Ref
from aiplan_tui.records import NodeKind
from aiplan_tui.search import parse, snippet
from aiplan_tui.settings import Settings
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui import clipboard
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.keys import APP_KEYS, DUBEOLSIK, FOCUS_KEY, PALETTE_KEY, PANEL_KEYS, TREE_KEYS, Key
from aiplan_tui.tui.screens.goto import GotoScreen
from aiplan_tui.tui.screens.help import HelpScreen
from aiplan_tui.tui.screens.picker import PickerScreen
from aiplan_tui.tui.screens.search import SearchScreen
from aiplan_tui.tui.widgets.detail import DetailView
from aiplan_tui.tui.widgets.key_bar import KeyBar
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB

REST = 0.5  # longer than the panel's follow delay (0.3 s)


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and copied text go to this test's own folders, never the user's."""
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("AIPLAN_COPY_DIR", str(tmp_path / "copied"))
    monkeypatch.setenv("AIPLAN_WORKSPACE", str(tmp_path / "workspace.db"))
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("STY", raising=False)


def make_app(start: str | None = None, settings: Settings | None = None) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start=start, settings=settings, cursor_blink=False)


def plain(content: object) -> str:
    """What a renderable (a Static's content, a line) reads as, without styles."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def shown(app: PlanApp, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


def cursor(app: PlanApp) -> Ref | None:
    node = app.query_one(PlanTree).cursor_node
    return node.data if node is not None else None


def burst(app: PlanApp, *keys: str) -> None:
    """Keys that arrive in one read, as from key repeat, a paste or an SSH packet: all are
    queued before the app handles the first (pilot.press waits after each key)."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def toasts(app: PlanApp) -> str:
    return "\n".join(f"{n.title}\n{n.message}" for n in app._notifications)


# 1. Shortcuts answer to their 2-beolsik jamo twins ---------------------------------------


def test_twins_come_from_the_registry_by_the_2_beolsik_layout() -> None:
    # Spot checks against the printed 2-beolsik keyboard (the review's list).
    expected = {"m": "ㅡ", "y": "ㅛ", "x": "ㅌ", "v": "ㅍ", "g": "ㅎ", "c": "ㅊ", "q": "ㅂ", "j": "ㅓ", "k": "ㅏ"}
    expected |= {"h": "ㅗ", "l": "ㅣ"}
    assert {letter: DUBEOLSIK[letter] for letter in expected} == expected
    assert len(set(DUBEOLSIK.values())) == 26  # one jamo per letter key
    for key in [*APP_KEYS, *TREE_KEYS, *PANEL_KEYS]:
        letters = [name for name in key.names if len(name) == 1 and name.isalpha()]
        assert key.twins == [DUBEOLSIK[letter] for letter in letters], key
        assert key.with_twins.split(",") == [*key.names, *key.twins]


async def test_after_a_korean_search_the_jamo_twins_work_as_shortcuts() -> None:
    """B2: `/ 홍수 escape` leaves the IME in 한글; m then arrives as ㅡ."""
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"홍수", "escape")
        await pilot.press("ㅡ")  # m
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and "소관부처" in str(app.screen.title_text)
        await pilot.press(*"행안부", "enter")  # typed into the picker's field: text, not keys
        await pilot.pause()
        assert app.where.ministries == ("행안부",)
        await pilot.press("ㅌ")  # x
        await pilot.pause()
        assert not app.where.active
        await pilot.press("ㅛ")  # y
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen) and "연도" in str(app.screen.title_text)
        await pilot.press("escape", "ㅍ")  # v
        await pilot.pause()
        assert app.view.label == "부처별"
        await pilot.press("ㅍ", "ㅍ")
        await pilot.pause()
        assert app.view.label == "전략별"
        await pilot.press("ㅎ")  # g
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen)
        await pilot.press(*"3-2.5", "enter")
        await pilot.pause()
        await pilot.press("ㅊ")  # c
        assert app.clipboard.startswith("[3-2.5]")
        await pilot.press("ㅓ", "ㅓ")  # j j
        await pilot.pause()
        assert cursor(app) == Ref(NodeKind.task, "3-2.7")
        await pilot.press("ㅏ")  # k
        await pilot.pause()
        assert cursor(app) == Ref(NodeKind.task, "3-2.6")
        await pilot.press("ㅂ")  # q
    assert app.return_code == 0


async def test_jamo_inside_a_text_field_are_text_not_shortcuts() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", "ㅡ", "ㅂ")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "ㅡㅂ"
        await pilot.press("escape", "g", "ㅂ")
        await pilot.pause()
        assert isinstance(app.screen, GotoScreen) and app.screen.query_one(Input).value == "ㅂ"


async def test_help_closes_with_q_and_its_twin() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ㅂ")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen) and app.is_running


# 4. Every documented key does something ("keys drift") ------------------------------------


def state(app: PlanApp) -> tuple[Any, ...]:
    tree = app.query_one(PlanTree)
    expanded = tuple(sorted(str(n.data) for n in tree._tree_nodes.values() if n.is_expanded))
    focused = app.focused.id if app.focused else None
    detail = app.query_one(DetailView).scroll_y
    return (type(app.screen).__name__, app.view, app.where, tree.cursor_line, expanded, focused, detail)


async def tree_ready(app: PlanApp, pilot: Any) -> None:
    """The cursor on 3-2 (open) inside strategy 3, with strategies 2-4 open: keys can move."""
    app.go(app_resolve(app, "3-2"))
    tree = app.query_one(PlanTree)
    for node in list(tree.root.children):
        if node.data in (Ref(NodeKind.strategy, "2"), Ref(NodeKind.strategy, "4")):
            tree.ensure_loaded(node)
            node.expand()
    await pilot.pause()
    tree.focus()
    await pilot.pause()


def app_resolve(app: PlanApp, id: str) -> Any:
    from aiplan_tui.describe import resolve

    return resolve(app.store, id)


async def panel_ready(app: PlanApp, pilot: Any) -> None:
    """The text panel focused, showing a long text scrolled to its middle."""
    app.go(app_resolve(app, "summary"))
    await pilot.pause()
    detail = app.query_one(DetailView)
    detail.focus()
    await pilot.pause()
    detail.scroll_to(y=detail.max_scroll_y // 2, animate=False, immediate=True)
    await pilot.pause()


def key_names(key: Key) -> list[str]:
    return [*key.names, *key.twins]


TREE_CASES = [(key, name) for key in TREE_KEYS for name in key_names(key)]
PANEL_CASES = [(key, name) for key in PANEL_KEYS for name in key_names(key)]
APP_CASES = [(key, name) for key in [*APP_KEYS, PALETTE_KEY, FOCUS_KEY] for name in key_names(key)]


@pytest.mark.parametrize(("key", "name"), TREE_CASES, ids=[f"{k.action}-{n}" for k, n in TREE_CASES])
async def test_every_tree_key_of_the_registry_does_something(key: Key, name: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tree_ready(app, pilot)
        tree = app.query_one(PlanTree)
        if key.action == "expand":  # on a closed node that can open
            tree.move_cursor(next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "1")))
            await pilot.pause()
        before = state(app)
        await pilot.press(name)
        await pilot.pause()
        assert state(app) != before, f"{name} ({key.action}) did nothing"


@pytest.mark.parametrize(("key", "name"), PANEL_CASES, ids=[f"{k.action}-{n}" for k, n in PANEL_CASES])
async def test_every_panel_key_of_the_registry_scrolls_the_text(key: Key, name: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await panel_ready(app, pilot)
        before = state(app)
        await pilot.press(name)
        await pilot.pause()
        assert state(app) != before, f"{name} ({key.action}) did nothing"


@pytest.mark.parametrize(("key", "name"), APP_CASES, ids=[f"{k.action}-{n}" for k, n in APP_CASES])
async def test_every_app_key_of_the_registry_does_something(key: Key, name: str) -> None:
    app = make_app("3-2.5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.where = Filter(ministries=("행안부",))  # so x has a filter to clear
        await pilot.pause()
        app._clipboard = ""
        before = (*state(app), app.clipboard, app.saved)  # saved: a key that writes to the workspace (b)
        await pilot.press(name)
        await pilot.pause()
        if key.action == "quit":
            assert app.return_code == 0 or not app.is_running
            return
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (*state(app), app.clipboard, app.saved) != before, f"{name} ({key.action}) did nothing"


async def test_right_and_l_open_left_and_h_close_as_advertised() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        tree = app.query_one(PlanTree)
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "3"))
        tree.move_cursor(strategy)
        await pilot.press("l")
        assert strategy.is_expanded and cursor(app) == Ref(NodeKind.strategy, "3")
        await pilot.press("l")  # open already: to its first child
        assert cursor(app) == Ref(NodeKind.area, "3-1")
        await pilot.press("h")  # a closed child: to its parent
        assert cursor(app) == Ref(NodeKind.strategy, "3")
        await pilot.press("h")
        assert not strategy.is_expanded
        await pilot.press("right")
        assert strategy.is_expanded
        await pilot.press("left")
        assert not strategy.is_expanded


# 4. Every key counts: bursts in the text panel (B5) -------------------------------------


async def test_ten_downs_in_one_burst_scroll_the_panel_ten_lines() -> None:
    app = make_app("summary")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        detail = app.query_one(DetailView)
        assert app.focused is detail and detail.max_scroll_y > 20
        burst(app, *["down"] * 10)
        await pilot.pause()
        await pilot.pause()
        assert detail.scroll_y == 10
        burst(app, "pagedown", "pagedown", "pagedown")
        await pilot.pause()
        await pilot.pause()
        page = detail.scrollable_content_region.height
        assert detail.scroll_y == min(10 + 3 * page, detail.max_scroll_y)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, PlanTree)


# 3. The panel shows the node under the cursor (B1) --------------------------------------


async def test_at_start_a_node_is_under_the_cursor_and_shown() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert cursor(app) == OVERVIEW and app.selected == OVERVIEW
        assert "비전" in shown(app, "#detail-body")
        await pilot.press("c")  # copies what is under the cursor, even before any move
        assert "전국민 AI 일상화 실행계획" in app.clipboard


@pytest.mark.parametrize("presses", [1, 2, 3])
async def test_after_v_the_panel_shows_the_cursors_node(presses: int) -> None:
    """B1: `↓ v`: the tree on 과기정통부, the panel still on 순서 — and `c` copied 순서."""
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down")
        await pilot.pause(REST)
        for _ in range(presses):
            await pilot.press("v")
        await pilot.pause(REST)
        ref = cursor(app)
        assert ref is not None and app.selected == ref
        assert app._shown == ref
        expected = {1: "과학기술정보통신부", 2: "2023년", 3: "순서"}[presses]
        assert expected in shown(app, "#detail-body") or (presses == 3 and ref == OVERVIEW)
        await pilot.press("c")
        first = app.clipboard.splitlines()[0] if app.clipboard else ""
        assert (ref.id in first) if ref.kind != NodeKind.overview else "전국민 AI 일상화 실행계획" in first


async def test_c_right_after_a_move_copies_the_cursors_node_and_shows_it() -> None:
    app = make_app("3-2.5")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "c")  # before the panel would follow
        assert cursor(app) == Ref(NodeKind.task, "3-2.6")
        assert app.clipboard.startswith("[3-2.6]")
        assert "3-2.6" in shown(app, "#detail-body")


async def test_after_a_filter_and_a_search_jump_the_panel_shows_the_cursors_node() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down")
        await pilot.pause(REST)
        await pilot.press("m", *"행안부", "enter")
        await pilot.pause(REST)
        assert app._shown == cursor(app)
        await pilot.press("slash", *"CCTV", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app._shown == cursor(app) == app.selected
        assert cursor(app) is not None


async def test_a_resize_keeps_the_cursors_node_in_view() -> None:
    """§3j: `aiplan open 3-2.5`, resize to 60×20: the selected row was off screen."""
    app = make_app("3-2.5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        for size in [(60, 20), (40, 12), (120, 40), (60, 20)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            line = tree.cursor_line
            top = tree.scroll_offset.y
            assert top <= line < top + tree.scrollable_content_region.height, size
            assert cursor(app) == Ref(NodeKind.task, "3-2.5") == app._shown


# 2. Copy: a file always, OSC 52 wrapped for multiplexers (B3) ----------------------------


async def test_copy_writes_a_file_and_the_toast_says_where(tmp_path: Path) -> None:
    app = make_app("3-2.5")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()  # the file is written off the UI thread
        await pilot.pause()  # and the toast comes when it is done
        saved = tmp_path / "copied" / "3-2.5.txt"
        assert saved.read_text(encoding="utf-8").startswith("[3-2.5] AI 기반 지능형 CCTV 관제시스템 구축")
        assert saved.read_text(encoding="utf-8") == app.clipboard + ("" if app.clipboard.endswith("\n") else "\n")
        said = toasts(app)
        assert str(saved) in said and "저장했습니다" in said
        assert "OSC 52" in said and "복사했습니다" not in said  # no claim the clipboard got it
        assert not list(saved.parent.glob("*.partial"))  # written atomically, nothing left over


def test_copy_folder_defaults_to_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("AIPLAN_COPY_DIR")
    assert clipboard.copy_dir() == Path(user_data_dir("aiplan-tui", appauthor=False)) / "복사"
    assert clipboard.copy_dir("~/보고") == Path("~/보고").expanduser()
    assert clipboard.file_name("3-2/t6") == "3-2_t6.txt" and clipboard.file_name("환경부") == "환경부.txt"


def test_osc52_is_wrapped_for_tmux_and_screen() -> None:
    bare = "\x1b]52;c;7ZmN7IiY\x07"  # base64 of 홍수
    assert clipboard.osc52("홍수", {}) == bare
    in_tmux = clipboard.osc52("홍수", {"TMUX": "/tmp/tmux-1000/default,1,0"})
    assert in_tmux == bare + "\x1bPtmux;\x1b\x1b]52;c;7ZmN7IiY\x07\x1b\\"
    in_screen = clipboard.osc52("홍수" * 40, {"STY": "1234.pts-0"})
    chunks = in_screen.split("\x1b\\")[:-1]
    assert all(chunk.startswith("\x1bP") and len(chunk) <= 2 + clipboard.SCREEN_CHUNK for chunk in chunks)
    assert "".join(chunk[2:] for chunk in chunks) == clipboard.osc52("홍수" * 40, {})


async def test_the_app_sends_the_wrapped_sequence_inside_tmux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMUX", "/nonexistent/socket,1,0")
    app = make_app("3-2.5")
    written: list[str] = []
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app._driver is not None
        monkeypatch.setattr(app._driver, "write", written.append)
        await pilot.press("c")
    assert any(w.startswith("\x1b]52;c;") and "\x1bPtmux;" in w for w in written)


# 5. Search tells the truth (B6, §5) ------------------------------------------------------


async def test_with_a_filter_search_says_how_many_hits_lie_outside_it() -> None:
    """B6: `m 행안⏎ / 홍수` said only "‘홍수’ 0건"."""
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", *"행안", "enter", "slash", *"홍수")
        await pilot.pause()
        everywhere = app.store.search(parse("홍수"), limit=None).total
        assert everywhere == 9
        assert f"‘홍수’ 0건 · 필터 밖 {everywhere}건 — x로 해제" in shown(app, "#search-status")
        await pilot.press("escape", "x", "slash", *"홍수")
        await pilot.pause()
        assert "필터" not in shown(app, "#search-status")


async def test_a_body_hit_names_its_task() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"재선충")
        await pilot.pause()
        results = app.screen.query_one(OptionList)
        prompts = [plain(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        body_hit = next(p for p in prompts if "본문 3-3/6" in p)
        assert "과제 3-3.3 산림해충 발생 탐지·예측 AI 개발" in body_hit


def test_a_snippet_never_cuts_the_match_or_the_figures_beside_it(store: Store) -> None:
    """§5: `본문 3-2/13 …CTV 관제를 AI 기반의 지능형 관제('22년 32% → '27년 1…`."""
    from rich.cells import cell_len

    text = store.item("3-2/13").text  # type: ignore[union-attr]
    for width in (40, 56, 66, 80):
        shown_text, marks = snippet(text, parse("행안부"), width, width // 6)
        assert cell_len(shown_text) <= width  # the list's own ellipsis never cuts it again
        assert [shown_text[s:e] for s, e in marks] == ["행안부"]
        for figure in ("'22년", "32%", "'27년", "100%"):
            whole = figure in shown_text
            assert whole or figure[:-1] not in shown_text.rstrip("…").split(" ")[-1], (width, shown_text)
        shown_text, marks = snippet(text, parse("32%"), width, width // 6)
        assert "'22년 32% → '27년 100%" in shown_text, (width, shown_text)
        shown_text, _ = snippet(text, parse("CCTV"), width, width // 6)
        assert "CCTV" in shown_text and "…CTV" not in shown_text and not shown_text.rstrip("…").endswith("→")


def test_a_snippet_fits_its_width_in_terminal_cells() -> None:
    from rich.cells import cell_len

    text = "AI 기반 지능형 관제로 전환한 지자체 CCTV 관제 " * 5 + "재선충 발생 탐지 " + "예측 " * 30
    for width in (30, 50, 80):
        shown_text, marks = snippet(text, parse("재선충"), width, width // 6)
        assert cell_len(shown_text) <= width
        assert [shown_text[s:e] for s, e in marks] == ["재선충"]


# 6. Korean all the way (B7) --------------------------------------------------------------


async def test_go_to_errors_are_korean_and_no_toast_covers_them() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify("보기: 부처별")
        await pilot.pause()
        assert app._notifications
        await pilot.press("g", "enter")
        await pilot.pause()
        assert "id나 이름을 입력하세요" in shown(app, "#goto-error")
        assert not app._notifications
        await pilot.press(*"없는것", "enter")
        await pilot.pause()
        assert "‘없는것’(으)로 이동할 수 없습니다" in shown(app, "#goto-error")


async def test_the_command_palette_speaks_korean_and_finds_테마_종료_도움말() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert "명령 찾기" in str(palette.query_one(Input).placeholder)

        async def found(query: str, wait: float = REST) -> list[str]:
            field = palette.query_one(Input)
            field.value = query
            await pilot.pause(wait)
            options = palette.query_one(OptionList)
            return [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        assert any("테마 바꾸기" in line for line in await found("테마"))
        assert any("종료" in line for line in await found("종료"))
        assert any("도움말" in line for line in await found("도움말"))
        assert any("테마 바꾸기" in line for line in await found("ㅌㅁ"))  # 초성, as in search
        assert any("3-2.9 119 신고대응" in line for line in await found("ㅅㄱㄷㅇ"))
        everything = " ".join(await found("Theme")) + " ".join(await found("Quit"))
        assert "Change the current theme" not in everything and "Quit the application" not in everything
        lines = await found("이동: 3-2")
        assert lines and all(line.strip().count("\n") == 0 for line in lines)  # one line each
        assert all("과제로 이동" not in line for line in lines)
        assert "맞는 명령이 없습니다" in " ".join(await found("qqqqzzzz", wait=1.5))


async def test_ctrl_c_says_how_to_quit_in_korean() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = toasts(app)
        assert "종료" in said and "q" in said and "Do you want" not in said and "Press" not in said


async def test_picker_placeholders_fit_the_picker() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("y")
        await pilot.pause()
        placeholder = str(app.screen.query_one(Input).placeholder)
        assert "초성" not in placeholder and "이름" not in placeholder and "24" in placeholder
        await pilot.press("escape", "m")
        await pilot.pause()
        assert "초성" in str(app.screen.query_one(Input).placeholder)


async def test_the_ministry_panel_labels_the_english_name_in_korean() -> None:
    app = make_app("행안부")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        text = shown(app, "#detail-body")
        assert "영문 Ministry of the Interior" in text and "English" not in text


# 7. 잠정 in tree labels; the overview counts ministries as `aiplan ministries` does ------


async def test_tentative_shows_in_task_labels_and_year_nodes() -> None:
    app = make_app("1-1.2")
    async with app.run_test() as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert tree.cursor_node is not None and "(잠정)" in str(tree.cursor_node.label)
        tentative = {t.id for t in app.store.tasks() if t.tentative}
        area = tree.cursor_node.parent
        assert area is not None
        for node in area.children:
            if node.data and node.data.kind == NodeKind.task:
                assert ("(잠정)" in str(node.label)) == (node.data.id in tentative), node.data
        await pilot.press("v", "v")
        await pilot.pause()
        labels = {n.data.id: str(n.label) for n in tree.root.children if n.data}
        assert "잠정 4" in labels["2025"] and "잠정" not in labels["2023"]


def test_the_overview_counts_ministries_as_the_ministries_command_lists() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), "ministries", "-f", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    ministries = len(json.loads(listed.stdout))
    everything = Store.open(PLAN_DB).count("ministries")
    from aiplan_tui.tui.render import home_text

    text = home_text(Store.open(PLAN_DB))
    assert f"부처 {ministries} · 기관 {everything - ministries}" in text
    assert ministries == 24


# 8. Every terminal: NO_COLOR pickers (B9), the key bar, the too-small message -------------


async def test_with_no_color_selected_picker_rows_look_different(monkeypatch: pytest.MonkeyPatch) -> None:
    """B9: `NO_COLOR=1 aiplan`, `m ↓ ↓ space ⏎ m`: 복지부 (selected) looked like the others."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", "down", "down", "space")
        await pilot.pause()
        options = app.screen.query_one(SelectionList)
        rows = [plain(options.get_option_at_index(i).prompt) for i in range(3)]
        assert rows[1].startswith("✓") and not rows[0].startswith("✓") and not rows[2].startswith("✓")
        await pilot.press("enter", "m")
        await pilot.pause()
        options = app.screen.query_one(SelectionList)
        rows = [plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [row for row in rows if row.startswith("✓")] == [rows[1]] and "복지부" in rows[1]


@pytest.mark.parametrize("width", [40, 50, 60, 79])
async def test_below_80_columns_the_key_bar_keeps_help_and_quit(width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = plain(app.query_one(KeyBar).render())
        assert "? 도움말" in line and "q 종료" in line and line.strip().startswith("/ 검색")


async def test_the_too_small_message_breaks_between_phrases() -> None:
    app = make_app()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        lines = [line.strip() for line in shown(app, "#too-small").splitlines() if line.strip()]
        assert "최소 40×12 필요" in lines and "지금 30×10" in lines


# 9. Settings save what the user chose, only that ("settings saved") ----------------------


async def test_a_theme_picked_in_the_app_saves_the_theme_alone(tmp_path: Path) -> None:
    """code-review §2B: with AIPLAN_SLOW_LINK=1 for one session, picking aiplan-light wrote
    {"ambiguous_width": "narrow", ..., "slow_link": true}."""
    path = tmp_path / "config" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"ascii": True}), encoding="utf-8")  # an earlier choice of the user's
    # What this session runs with: a detected width, a one-off flag and environment variable.
    session = Settings(ambiguous_width="narrow", slow_link=True, ascii=True)
    app = make_app(settings=session)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "aiplan-light"
        await pilot.pause()
    assert json.loads(path.read_text(encoding="utf-8")) == {"ascii": True, "theme": "aiplan-light"}


async def test_a_theme_picked_with_no_settings_file_writes_only_the_theme(tmp_path: Path) -> None:
    app = make_app(settings=Settings(ambiguous_width="wide", copy_dir="/tmp/once"))
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "aiplan-high-contrast"
        await pilot.pause()
    saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved == {"theme": "aiplan-high-contrast"}


async def test_a_body_line_names_its_task_by_id_and_title_in_the_panel_and_in_show() -> None:
    """§3c: after a jump to a body hit the panel said "관련 과제 3-3.3", without its title."""
    title = "3-3.3 산림해충 발생 탐지·예측 AI 개발"
    app = make_app("3-3/6")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "관련 과제" in shown(app, "#detail-body") and title in shown(app, "#detail-body")
    show = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), "show", "3-3/6"], capture_output=True, text=True
    )
    assert show.returncode == 0 and f"- {title}" in show.stdout, show
