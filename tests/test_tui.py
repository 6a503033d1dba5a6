"""The explorer, driven from the keyboard with Textual's pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Span, Text
from textual.widgets import Input, OptionList, SelectionList, Static

from aiplan_tui.outline import OVERVIEW, Ref, View
from aiplan_tui.records import NodeKind
from aiplan_tui.search import parse
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.keys import APP_KEYS, DUBEOLSIK, FOCUS_KEY, PALETTE_KEY, PANEL_KEYS, TREE_KEYS
from aiplan_tui.tui.screens.help import HelpScreen
from aiplan_tui.tui.screens.search import SearchScreen
from aiplan_tui.tui.text import fit
from aiplan_tui.tui.widgets.detail import DetailView, TargetsPanel
from aiplan_tui.tui.widgets.key_bar import KeyBar
from aiplan_tui.tui.widgets.plan_tree import PlanTree

from .conftest import PLAN_DB, Plan
from .test_tui_daily import plain, shown


def make_app(start: str | None = None, db: Path = PLAN_DB) -> PlanApp:
    return PlanApp(Store.open(db), start=start, cursor_blink=False)


async def test_opens_on_the_plan_with_documents_and_strategies() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        roots = [node.data for node in tree.root.children]
        assert Ref(NodeKind.strategy, "1") in roots and Ref(NodeKind.document, "summary") in roots
        assert roots.index(Ref(NodeKind.document, "summary")) < roots.index(Ref(NodeKind.strategy, "1"))
        assert "전국민 AI 일상화 실행계획" in shown(app, "#detail-body")
        assert "과제 78/78" in shown(app, "#filter-bar")


async def test_arrows_and_jk_move_and_show_the_node(plan: Plan) -> None:
    app = make_app(db=plan.db)
    async with app.run_test() as pilot:
        await pilot.press("j", "j")
        await pilot.pause()
        second = app.selected
        await pilot.press("k")
        await pilot.pause()
        assert app.selected != second and app.selected is not None
        await pilot.press("down")
        await pilot.pause()
        assert app.selected == second


async def test_enter_opens_a_node_and_its_children_load_then() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        tree = app.query_one(PlanTree)
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "3"))
        assert not strategy.children  # nothing is built before it is opened
        tree.move_cursor(strategy)
        await pilot.press("enter")
        await pilot.pause()
        assert [c.data.id for c in strategy.children if c.data] == ["3-1", "3-2", "3-3"]


async def test_go_to_a_task_shows_its_text_and_target() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("g", *"3-2.5", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, "3-2.5")
        assert "AI 기반 지능형 CCTV 관제시스템 구축" in shown(app, "#detail-body")
        assert app.query_one(TargetsPanel).display
        targets = shown(app, "#targets-body")
        assert "'22" in targets and "32%" in targets and "100%" in targets


async def test_go_to_an_unknown_id_says_what_ids_look_like() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("g", *"3-2.99", "enter")
        await pilot.pause()
        assert "분야 3-2의 과제는 3-2.1~3-2.9" in shown(app, "#goto-error")
        assert "‘3-2.99’(으)로 이동할 수 없습니다" in shown(app, "#goto-error")
        await pilot.press("escape")
        assert app.selected == OVERVIEW  # nothing moved


async def test_search_재선충_and_jump_to_it() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"재선충")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(OptionList).option_count >= 2
        await pilot.press("down", "down", "enter")  # to the results, past the 요약's table row (reading order)
        await pilot.pause()
        await pilot.pause()
        assert app.selected is not None and app.selected.id.startswith("3-3/")
        assert "재선충" in shown(app, "#detail-body")


async def test_search_results_load_a_screenful_at_a_time_to_the_last() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", "ㅎ")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one(OptionList)
        total = app.store.search(parse("ㅎ"), limit=None).total
        assert f"‘ㅎ’ {total}건" in shown(app, "#search-status")
        first_page = results.option_count
        assert results.size.height <= first_page < total
        await pilot.press("down", "end")
        await pilot.pause()
        assert results.option_count > first_page
        for _ in range(total):  # end, again and again, walks to the last hit
            if results.option_count == total:
                break
            await pilot.press("end")
        everything = [hit.ref for hit in app.store.search(parse("ㅎ"), limit=None).hits]
        assert [hit.ref for hit in screen.hits] == everything
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_search_opened_again_is_empty_and_searches_within_the_new_filter() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"AI")
        await pilot.pause()
        everywhere = app.screen.query_one(OptionList).option_count
        await pilot.press("escape", "m", *"행안부", "enter")
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one(Input).value == ""
        assert app.screen.query_one(OptionList).option_count == 0
        await pilot.press(*"AI")
        await pilot.pause()
        within = app.store.search(parse("AI"), app.where, limit=None).total
        assert f"‘AI’ {within}건" in shown(app, "#search-status")
        assert within > 0 and app.screen.query_one(OptionList).option_count < everywhere


async def test_go_to_opened_again_forgets_the_last_error() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("g", *"9-9", "enter")
        await pilot.pause()
        assert shown(app, "#goto-error")
        await pilot.press("escape", "g")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "" and not shown(app, "#goto-error").strip()
        await pilot.press(*"3-2.9", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, "3-2.9")


async def test_search_escape_returns_and_markup_is_text() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"[red]")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(Input).value == "[red]"
        assert "‘[red]’ 0건" in shown(app, "#search-status")
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


async def test_ministry_filter_by_typing_a_name_form() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", *"행정안전부", "enter")
        await pilot.pause()
        assert app.where.ministries == ("행안부",)
        assert "과제 2/78" in shown(app, "#filter-bar")
        tree = app.query_one(PlanTree)
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "3"))
        assert "2/21" in str(strategy.label)


async def test_a_filter_keeps_the_cursor_where_it_was_or_nearest() -> None:
    app = make_app("3-2.5")  # a 행안부 task
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.task, "3-2.5")
        await pilot.press("m", *"행안부", "enter")
        await pilot.pause()
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.task, "3-2.5")
        assert app.selected == Ref(NodeKind.task, "3-2.5")
        await pilot.press("x", "m", *"환경부", "enter")  # 3-2.5 is hidden: its area stays, open
        await pilot.pause()
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == Ref(NodeKind.area, "3-2")
        assert tree.cursor_node.is_expanded
        assert tree.cursor_node.children[0].data == Ref(NodeKind.task, "3-2.3")  # 환경부's task there
        await pilot.pause(0.5)  # the panel follows the nearest node as after a move
        assert "3-2" in shown(app, "#detail-body")


async def test_ministry_picker_counts_and_초성_narrowing() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", *"ㅎㄱㅂ")
        await pilot.pause()
        options = app.screen.query_one(SelectionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["환경부 (2)"]


async def test_a_picker_opened_again_starts_afresh_with_the_current_choice() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", *"ㅎㄱㅂ", "escape")
        await pilot.press("m")
        await pilot.pause()
        field = app.screen.query_one(Input)
        options = app.screen.query_one(SelectionList)
        assert field.value == "" and options.option_count > 10  # the narrowing is gone
        assert options.selected == []
        await pilot.press(*"행안부", "enter")
        await pilot.pause()
        assert app.where.ministries == ("행안부",)
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one(SelectionList)
        assert options.selected == ["행안부"]  # what is applied shows as chosen
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(label.startswith("행안부") for label in labels)


async def test_year_filter_space_toggles_enter_applies_x_clears() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("y", "down", "down", "space", "enter")
        await pilot.pause()
        assert app.where.years == (2024,)
        await pilot.press("x")
        await pilot.pause()
        assert not app.where.active


async def test_v_switches_views(plan: Plan) -> None:
    app = make_app(db=plan.db)
    busiest = max(plan.store.ministries(), key=lambda m: m.tasks).id
    async with app.run_test() as pilot:
        tree = app.query_one(PlanTree)
        views = []
        for _ in range(3):
            await pilot.press("v")
            await pilot.pause()
            views.append((app.view, tree.root.children[0].data))
        assert views == [
            (View.ministry, Ref(NodeKind.ministry, busiest)),
            (View.year, Ref(NodeKind.year, str(plan.store.task_years()[0]))),
            (View.strategy, OVERVIEW),
        ]


async def test_copy_puts_the_node_as_plain_text_on_the_clipboard() -> None:
    app = make_app("3-2.5")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("c")
        copied = app.clipboard
        assert copied.startswith("[3-2.5] AI 기반 지능형 CCTV 관제시스템 구축")
        assert "행안부(행정안전부)" in copied and "'22 32% → '27 100%" in copied


async def test_help_lists_every_key() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = " ".join(plain(s.content) for s in app.screen.query(Static)).splitlines()
        # Each key's row: the key (and its jamo twin) in the key column, then what it does.
        for key in [*APP_KEYS, PALETTE_KEY, *TREE_KEYS, *PANEL_KEYS, FOCUS_KEY]:
            row = " ".join([key.shown, *key.twins])
            assert any(line.strip().startswith(row) and key.help[:12] in line for line in lines), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize(("width", "last"), [(160, "^p 명령"), (80, "q 종료"), (40, "q 종료")])
async def test_key_bar_shows_the_keys_that_fit(width: int, last: str) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = plain(app.query_one(KeyBar).render())
        assert line.strip().startswith("/ 검색") and line.rstrip().endswith(last)
        assert cell_len(line) <= width


async def test_a_click_on_the_key_bar_runs_its_key() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        line = plain(app.query_one(KeyBar).render())
        column = cell_len(line[: line.index("검색")])
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_command_palette_goes_to_a_task() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p", *"119 신고대응")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, "3-2.9")


async def test_escape_goes_back_to_the_parent(plan: Plan) -> None:
    task = plan.store.tasks()[-1]
    app = make_app(task.id, db=plan.db)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, task.id)
        await pilot.press("escape")
        await pilot.pause()
        assert app.selected == Ref(NodeKind.area, task.area)


async def test_open_at_an_id(plan: Plan) -> None:
    area = plan.store.areas()[-1].id
    app = make_app(area, db=plan.db)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.area, area)


async def test_panels_stack_below_80_columns_and_small_screens_say_so() -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("narrow") and not app.screen.has_class("too-small")
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert app.screen.has_class("too-small")
        assert "최소 40×12" in shown(app, "#too-small")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.screen.has_class("narrow") and not app.screen.has_class("too-small")


async def test_quit() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("q")
    assert app.return_code == 0


def test_fit_cuts_between_syllables() -> None:
    cut = fit(Text("재난·사고 대응 국민안전 확보"), 10)
    assert cut.plain == "재난·사고…"  # 재난(4)·(1)사고(4)…(1): 10 cells, no half syllable
    assert fit(Text("가나다"), 5).plain == "가나…"
    assert fit(Text("가나다"), 6).plain == "가나다"


def test_a_cut_keeps_the_styles_of_what_it_keeps() -> None:
    label = Text("4-110 AI 윤리·신뢰성 8/8 AI 윤리·신뢰성 강화", style="italic")
    label.stylize("bold", 0, 15)
    label.stylize("dim", 16, 19)
    label.stylize("underline", 22, 40)
    for width in (3, 10, 16, 17, 20, 30):
        cut = fit(label, width)
        kept = len(cut) - 1  # the ellipsis after them
        assert cut.cell_len <= width
        assert cut.style == label.style
        assert cut.spans[:-1] == label[:kept].spans, width
        assert cut.spans[-1] == Span(kept, kept + 1, "dim")
    assert label.plain == "4-110 AI 윤리·신뢰성 8/8 AI 윤리·신뢰성 강화" and len(label.spans) == 3  # not cut itself


async def test_detail_never_reads_plan_text_as_markup() -> None:
    app = make_app("3-3/6")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        body = app.query_one(DetailView).query_one("#detail-body", Static)
        assert "(산림보호)" in plain(body.content)


async def test_area_labels_show_theme_and_matching_count_first() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("m", *"복지부", "enter")
        await pilot.pause()
        tree = app.query_one(PlanTree)
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, "1"))
        tree.ensure_loaded(strategy)
        welfare = next(n for n in strategy.children if n.data == Ref(NodeKind.area, "1-1"))
        assert str(welfare.label).startswith("1-1 복지 4/6 ")


def test_keyboard_reference_names_every_key() -> None:
    from .conftest import ROOT

    page = (ROOT / "docs" / "keyboard.md").read_text(encoding="utf-8")
    for key in [*APP_KEYS, PALETTE_KEY, *TREE_KEYS, *PANEL_KEYS, FOCUS_KEY]:
        for name in key.shown.split(" "):
            assert f"`{name}`" in page, key
        for letter in (name for name in key.names if name in DUBEOLSIK):
            assert f"`{letter}` `{DUBEOLSIK[letter]}`" in page, key


async def test_the_text_panel_follows_the_cursor_once_it_rests() -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert "비전" in shown(app, "#detail-body")  # still the overview: scanning costs nothing
        await pilot.pause(0.5)
        assert "참고: AI 일상화로 변화하는 국민의 삶" in shown(app, "#detail-body")
        await pilot.press("j", "enter")  # enter shows at once
        await pilot.pause()
        assert app.selected is not None and app.selected.id == "background"
        assert "추진배경" in shown(app, "#detail-body")


# Any plan's shape ---------------------------------------------------------------------


async def test_opens_on_any_plan_with_its_strategies_title_and_task_count(plan: Plan) -> None:
    app = make_app(db=plan.db)
    total = plan.store.count("tasks")
    async with app.run_test() as pilot:
        await pilot.pause()
        roots = [node.data for node in app.query_one(PlanTree).root.children]
        strategies = [r for r in roots if r is not None and r.kind == "strategy"]
        assert strategies == [Ref(NodeKind.strategy, str(s.id)) for s in plan.store.strategies()]
        assert plan.store.plan()["title"] in shown(app, "#detail-body")
        assert f"과제 {total}/{total}" in shown(app, "#filter-bar")
        assert app.title == plan.store.plan()["title"]


async def test_a_strategy_opens_on_its_areas_in_the_plans_order(plan: Plan) -> None:
    last = plan.store.strategies()[-1].id
    app = make_app(db=plan.db)
    async with app.run_test() as pilot:
        tree = app.query_one(PlanTree)
        strategy = next(n for n in tree.root.children if n.data == Ref(NodeKind.strategy, str(last)))
        tree.move_cursor(strategy)
        await pilot.press("enter")
        await pilot.pause()
        areas = [c.data.id for c in strategy.children if c.data]
        assert areas == [a.id for a in plan.store.areas(last)]
        assert areas == sorted(areas, key=lambda a: int(a.split("-")[1]))


async def test_go_to_the_last_task_of_the_largest_area_and_past_it(plan: Plan) -> None:
    tasks = plan.store.tasks()
    area = max((t.area for t in tasks), key=lambda a: sum(t.area == a for t in tasks))
    in_area = [t.id for t in tasks if t.area == area]
    task = next(t for t in tasks if t.id == in_area[-1])
    app = make_app(db=plan.db)
    async with app.run_test() as pilot:
        await pilot.press("g", *task.id, "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.selected == Ref(NodeKind.task, task.id)
        assert task.title in shown(app, "#detail-body")
        await pilot.press("g", *f"{task.area}.99", "enter")
        await pilot.pause()
        assert f"분야 {task.area}의 과제는 {in_area[0]}~{in_area[-1]}" in shown(app, "#goto-error")
