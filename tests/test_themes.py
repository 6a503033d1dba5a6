"""Themes and settings: bundled themes, a user's own theme, broken files, and the saved choice."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aiplan_tui.settings import Settings, load, remember, save, settings_path
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.themes import load_themes

from .conftest import PLAN_DB

BUNDLED = ["aiplan-ansi", "aiplan-dark", "aiplan-high-contrast", "aiplan-light"]
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("AIPLAN_CONFIG_DIR", str(folder))
    for variable in ("AIPLAN_THEME", "AIPLAN_AMBIGUOUS_WIDTH", "AIPLAN_ASCII", "AIPLAN_SLOW_LINK"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def make_app(settings: Settings) -> PlanApp:
    return PlanApp(Store.open(PLAN_DB), start="3-2.5", settings=settings, cursor_blink=False)


def test_bundled_themes_load_without_warnings() -> None:
    themes, warnings = load_themes()
    assert sorted(t.name for t in themes) == BUNDLED
    assert warnings == []
    assert next(t for t in themes if t.name == "aiplan-ansi").ansi


@pytest.mark.parametrize("theme", BUNDLED)
def test_each_theme(snap_compare: Compare, theme: str) -> None:
    assert snap_compare(make_app(Settings(theme=theme, ambiguous_width="narrow")), terminal_size=(80, 24))


def test_a_users_theme_file_is_offered(config_dir: Path) -> None:
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "mine.toml").write_text('name = "mine"\nprimary = "#FF8800"\n', encoding="utf-8")
    themes, warnings = load_themes()
    assert "mine" in [t.name for t in themes] and warnings == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name = ", "not a readable TOML file"),
        ('name = "x"\nprimary = "#12"\n', "primary = '#12' is not a colour"),
        ('name = "x"\nprimary = "red"\ncolour = "blue"\n', "unknown keys colour"),
        ('primary = "red"\n', "needs at least `name` and `primary`"),
    ],
)
async def test_a_broken_theme_file_warns_in_one_line_and_the_default_is_used(
    config_dir: Path, content: str, message: str
) -> None:
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "broken.toml").write_text(content, encoding="utf-8")
    app = make_app(Settings(theme="x", ambiguous_width="narrow"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "aiplan-dark"
    problems = [w for w in app.warnings if "broken.toml" in w]
    assert len(problems) == 1 and message in problems[0] and "\n" not in problems[0]


async def test_a_theme_chosen_in_the_app_is_remembered() -> None:
    app = make_app(Settings(ambiguous_width="narrow"))
    async with app.run_test() as pilot:
        app.theme = "aiplan-light"
        await pilot.pause()
    assert load().theme == "aiplan-light"


def test_environment_beats_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save(Settings(theme="aiplan-light", slow_link=False))
    monkeypatch.setenv("AIPLAN_THEME", "aiplan-ansi")
    monkeypatch.setenv("AIPLAN_SLOW_LINK", "1")
    settings = load()
    assert (settings.theme, settings.slow_link) == ("aiplan-ansi", True)


def test_a_damaged_settings_file_is_kept_not_overwritten() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    assert load(warnings) == Settings()
    assert len(warnings) == 1 and str(path) in warnings[0]
    save(Settings(theme="aiplan-light"))
    assert path.with_name("settings.json.damaged").read_text(encoding="utf-8") == "{not json"
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "aiplan-light"


def test_a_save_that_fails_leaves_no_partial_file_behind() -> None:
    """The audit: settings.json as a directory made the save fail and left settings.json.partial."""
    path = settings_path()
    path.mkdir(parents=True)
    with pytest.raises(OSError):
        remember(theme="aiplan-light")
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


async def test_rapid_resizes_leave_a_sound_screen() -> None:
    app = make_app(Settings(ambiguous_width="narrow"))
    async with app.run_test(size=(80, 24)) as pilot:
        for width, height in [(30, 8), (200, 60), (61, 19), (39, 11), (80, 24), (59, 20), (120, 40)] * 3:
            await pilot.resize_terminal(width, height)
        await pilot.pause()
        assert app.screen.has_class("narrow") is False and app.screen.has_class("too-small") is False
        assert app.selected is not None
