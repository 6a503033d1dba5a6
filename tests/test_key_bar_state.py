"""Issue 17.2: the key bar watches the app's state and shows the keys that apply now."""

from __future__ import annotations

import pytest
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from aiplan_tui.outline import OVERVIEW, View
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.keys import APP_KEYS, PALETTE_KEY, Key
from aiplan_tui.tui.widgets.key_bar import BarState, KeyBar, keys_for

from .conftest import PLAN_DB
from .test_tui_daily import plain


def make_app(start: str | None = None) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start=start, cursor_blink=False)


def bar(app: PlanApp) -> str:
    return plain(app.query_one(KeyBar).render())


def test_the_keys_that_apply_follow_the_state() -> None:
    keys = [*APP_KEYS, PALETTE_KEY]
    resting = BarState(View.strategy, Filter(), OVERVIEW)
    offered = {o.key.action: o.label for o in keys_for(keys, resting)}
    assert "clear_filters" not in offered and offered["copy"] == "복사" and offered["switch_view"] == "부처별 보기"
    filtered = {o.key.action for o in keys_for(keys, resting._replace(where=Filter(years=(2024,))))}
    assert "clear_filters" in filtered
    assert "copy" not in {o.key.action for o in keys_for(keys, resting._replace(selected=None))}
    labels = {view: keys_for(keys, resting._replace(view=view)) for view in View}
    assert [next(o.label for o in labels[v] if o.key.action == "switch_view") for v in View] == [
        "부처별 보기",
        "연도별 보기",
        "전략별 보기",
    ]


def test_a_key_new_to_the_registry_is_offered_without_a_rule() -> None:
    bookmark = Key("b", "b", "bookmark", "북마크", "커서의 항목을 북마크합니다")
    offered = keys_for([*APP_KEYS, bookmark], BarState(View.strategy, Filter(), None))
    assert bookmark in [o.key for o in offered]


async def test_x_shows_only_while_a_filter_is_on() -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert "필터 해제" not in bar(app)
        await pilot.press("y", "down", "space", "enter")  # the first year
        await pilot.pause()
        assert app.where.active and "x 필터 해제" in bar(app)
        await pilot.press("x")
        await pilot.pause()
        assert not app.where.active and "필터 해제" not in bar(app)


async def test_v_names_the_view_it_switches_to() -> None:
    app = make_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        for now, then in ((View.strategy, "부처별"), (View.ministry, "연도별"), (View.year, "전략별")):
            assert app.view is now and f"v {then} 보기" in bar(app)
            await pilot.press("v")
            await pilot.pause()
        assert app.view is View.strategy


async def test_c_is_offered_with_a_node_under_the_cursor() -> None:
    app = make_app("3-2.5")
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        assert app.selected is not None and "c 복사" in bar(app)
        app.selected = None
        await pilot.pause()
        assert "c 복사" not in bar(app)


@pytest.mark.parametrize("width", [40, 60, 79])
async def test_with_a_filter_on_a_narrow_bar_still_keeps_help_and_quit(width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        app.where = Filter(ministries=("환경부",))
        await pilot.pause()
        line = bar(app)
        assert "? 도움말" in line and "q 종료" in line and line.strip().startswith("/ 검색")


async def test_moving_the_cursor_does_not_redraw_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar watches `selected`, which changes on every move; it redraws only when the keys
    it offers change, so a move sends no bytes for it over a slow link."""
    app = make_app()
    drawn = [0]
    render = KeyBar.render

    def counted(self: KeyBar) -> object:
        drawn[0] += 1
        return render(self)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(KeyBar, "render", counted)
        before = app.selected
        await pilot.press("down", "down", "down", "up")
        await pilot.pause(0.5)
        assert app.selected != before and drawn[0] == 0
        await pilot.press("v")
        await pilot.pause()
        assert drawn[0] >= 1  # a change of what it offers does redraw it


async def test_a_line_the_bar_has_drawn_is_kept_for_its_next_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter and its clearing swap the bar between the same two lines: each is drawn from
    its text once (~1 ms of a filter's frame), then shown as drawn. Another theme draws the
    line again, in its colours."""
    app = make_app()
    drawn: list[str] = []
    to_strips = Visual.to_strips.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Visual], /, widget: Widget, visual: Visual, *args: object, **kwargs: object) -> list[Strip]:
        if isinstance(widget, KeyBar):
            drawn.append(str(visual))
        return to_strips(cls, widget, visual, *args, **kwargs)  # type: ignore[no-any-return]

    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        keys = app.query_one(KeyBar)
        monkeypatch.setattr(Visual, "to_strips", classmethod(counted))
        for _ in range(3):
            app.where = Filter(years=(2024,))
            await pilot.pause()
            assert "x 필터 해제" in keys.render_line(0).text
            app.where = Filter()
            await pilot.pause()
            assert "필터 해제" not in keys.render_line(0).text
        # the line without a filter was drawn at start; the one with it, once
        assert len(drawn) == 1 and "x 필터 해제" in drawn[0]
        dark = keys.render_line(0)
        app.theme = "aiplan-light"
        await pilot.pause()
        light = keys.render_line(0)
        assert len(drawn) == 2 and light.text == dark.text and light != dark
