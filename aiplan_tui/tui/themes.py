"""Theme files (TOML) → Textual themes: the bundled ones and any in the user's config folder.

A file that cannot be read or holds a bad value is skipped with a one-line warning; the app
never stops for a theme.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from aiplan_tui.resources import themes_dir
from aiplan_tui.settings import config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
THEME_FIELDS = {f.name for f in fields(Theme)}


class ThemeFileError(Exception):
    """One line: which file, and what is wrong with it."""


def _colour_ok(value: str) -> bool:
    if value.startswith("ansi_"):
        return True
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def theme_from(path: Path) -> Theme:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeFileError(f"{path.name}: not a readable TOML file ({error})") from None
    unknown = sorted(set(data) - THEME_FIELDS)
    if unknown:
        raise ThemeFileError(f"{path.name}: unknown keys {', '.join(unknown)}")
    if not isinstance(data.get("name"), str) or not isinstance(data.get("primary"), str):
        raise ThemeFileError(f"{path.name}: needs at least `name` and `primary`")
    for key in COLOUR_FIELDS:
        if key in data and not (isinstance(data[key], str) and _colour_ok(data[key])):
            raise ThemeFileError(f"{path.name}: {key} = {data[key]!r} is not a colour")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ThemeFileError(f"{path.name}: [variables] must map names to strings")
    try:
        return Theme(**data)
    except (TypeError, ValueError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def theme_files(folders: Iterable[Path] | None = None) -> list[Path]:
    folders = list(folders) if folders is not None else [themes_dir(), user_themes_dir()]
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.glob("*.toml"))]


def load_themes(folders: Iterable[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every readable theme, and a one-line warning for each file that is not."""
    themes: list[Theme] = []
    warnings: list[str] = []
    for path in theme_files(folders):
        try:
            themes.append(theme_from(path))
        except ThemeFileError as error:
            warnings.append(f"테마 파일을 건너뜁니다: {path.parent}/{error}")
    return themes, warnings
