"""Reliability: user-provided text is never markup, and no theme or settings file stops the
explorer (issue 15, item 5).

The audit: a theme named ``[/]`` (settings, AIPLAN_THEME, --theme), AIPLAN_AMBIGUOUS_WIDTH='[/]'
or a config path with ``[/]`` crashed the explorer (MarkupError in the warning toast);
``[@click=app.quit]click me[/]`` became a link; user theme files with ``primary = "[/]"``,
``ansi_bogus``, a bad ``[variables]`` value or a markup name crashed it; 100,000 nested ``[``
in settings.json raised RecursionError; an over-long config dir raised ENAMETOOLONG.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from aiplan_tui.cli import explorer_settings
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.themes import load_themes

from .conftest import PLAN_DB

HOSTILE = ["[/]", "[@click=app.quit]click me[/]"]


def flags(theme: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(theme=theme, ambiguous_width="narrow", ascii=False, slow_link=False)


async def toasts_after_start(app: PlanApp) -> list[str]:
    """Start the explorer, let its warnings show, and return their text as drawn."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.2)
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert app.is_running
    assert app.return_code in (None, 0)
    return shown


def explorer(settings_args: argparse.Namespace) -> PlanApp:
    settings, warnings = explorer_settings(settings_args)
    return PlanApp(Store.open(PLAN_DB), settings=settings, warnings=warnings, cursor_blink=False)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(tmp_path))
    for name in ("AIPLAN_THEME", "AIPLAN_AMBIGUOUS_WIDTH", "AIPLAN_ASCII", "AIPLAN_SLOW_LINK"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("source", ["settings", "env", "flag"])
async def test_a_markup_theme_name_is_shown_literally(
    value: str, source: str, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if source == "settings":
        (config / "settings.json").write_text(json.dumps({"theme": value}), encoding="utf-8")
    elif source == "env":
        monkeypatch.setenv("AIPLAN_THEME", value)
    toasts = await toasts_after_start(explorer(flags(value if source == "flag" else None)))
    assert any(repr(value) in toast for toast in toasts), toasts


@pytest.mark.parametrize("value", HOSTILE)
async def test_a_markup_ambiguous_width_is_shown_literally(
    value: str, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIPLAN_AMBIGUOUS_WIDTH", value)
    toasts = await toasts_after_start(explorer(flags()))
    assert any(repr(value) in toast for toast in toasts), toasts


async def test_a_markup_config_path_is_shown_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "[/]x" / "[@click=app.quit]q[/]"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text("{bad", encoding="utf-8")
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(folder))
    toasts = await toasts_after_start(explorer(flags()))
    assert any("[@click=app.quit]q[/]" in toast for toast in toasts), toasts


async def test_deeply_nested_settings_and_an_overlong_config_dir_give_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "settings.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(tmp_path))
    assert any("설정 파일을 읽지 못해" in w for w in explorer_settings(flags())[1])
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(tmp_path / ("x" * 300)))
    toasts = await toasts_after_start(explorer(flags()))
    assert any("설정 폴더" in toast for toast in toasts), toasts


async def test_a_huge_theme_name_is_cut_in_its_warning(config: Path) -> None:
    (config / "settings.json").write_text(json.dumps({"theme": "x" * 1_000_000}), encoding="utf-8")
    app = explorer(flags())
    assert app.settings.theme == "aiplan-dark"  # refused: not a name anyone could mean


BAD_THEMES = {
    "markup-colour": 'name = "bad"\nprimary = "[/]"\n',
    "ansi-bogus": 'name = "bad"\nprimary = "ansi_bogus"\n',
    "bad-variable": 'name = "bad"\nprimary = "#ff0000"\n[variables]\n"block-cursor-background" = "not a colour;;}"\n',
    "bad-variable-word": 'name = "bad"\nprimary = "#ff0000"\n[variables]\n"block-cursor-background" = "not a colour"\n',
    "markup-name": 'name = "[/]"\nprimary = "#ff0000"\n',
    "click-name": 'name = "[@click=app.quit]q[/]"\nprimary = "#ff0000"\n',
    "huge-name": f'name = "{"x" * 100_000}"\nprimary = "#ff0000"\n',
}


@pytest.mark.parametrize("case", sorted(BAD_THEMES))
async def test_a_hostile_user_theme_is_skipped_with_a_warning(case: str, config: Path) -> None:
    themes = config / "themes"
    themes.mkdir()
    (themes / "[bold]x[@click=app.quit]q.toml").write_text(BAD_THEMES[case], encoding="utf-8")
    loaded, problems = load_themes([themes])
    assert loaded == [] and len(problems) == 1
    name = "[/]" if "name" in case else "bad"
    app = explorer(flags(name))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.2)
        toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert any("[bold]x[@click=app.quit]q.toml" in toast for toast in toasts), toasts
        assert app.theme == "aiplan-dark"
        if "name" not in case:
            return
        await pilot.press("ctrl+p")  # the palette lists the themes: none of them is markup
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert app.is_running


def test_good_user_themes_still_load(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'name = "내 테마"\nprimary = "ansi_bright_red"\n[variables]\n'
        '"block-cursor-text-style" = "bold not underline"\n"block-cursor-background" = "#ff0000 50%"\n'
        '"link-background" = "initial"\n',
        encoding="utf-8",
    )
    loaded, problems = load_themes([tmp_path])
    assert [t.name for t in loaded] == ["내 테마"] and problems == []
