"""Theme files (TOML) → Textual themes: the bundled ones and any in the user's config folder.

A file that cannot be read or holds a bad value is skipped with a one-line warning; the app
never stops for a theme.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
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


MAX_NAME = 64
# A theme name is shown in the palette and in messages and saved in settings: plain words only.
_NAME = re.compile(r"[^\W_][\w.+-]*(?: [\w.+-]+)*")
_VARIABLE_NAME = re.compile(r"[a-z][a-z0-9-]*")
_SHADE = re.compile(r"(?P<colour>.+?)(?: (?P<alpha>\d{1,3})%)?")
_COLOUR_WORDS = ("auto", "initial", "transparent")


def _colour_ok(value: str) -> bool:
    """A colour Textual can parse (``ansi_*`` included, so ``ansi_bogus`` is refused)."""
    try:
        Color.parse(value)
    except (ColorParseError, ValueError):
        return False
    return True


def _variable_ok(value: str) -> bool:
    """What a Textual theme variable may hold: a colour (``auto``, ``initial``, optionally with
    an alpha like ``#fff 50%``) or text-style flags (``bold not underline``). Anything else would
    stop the app when its stylesheet is parsed."""
    # Style flags first: a failed Color.parse looks for a suggestion among every colour name
    # (difflib, ~1 ms a value), and the bundled themes hold several text styles.
    words = value.split()
    if words and all(word in VALID_STYLE_FLAGS for word in words):
        return True
    shade = _SHADE.fullmatch(value)
    return shade is not None and (shade["colour"] in _COLOUR_WORDS or _colour_ok(shade["colour"]))


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
    name = data["name"]
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        shown = repr(name[:MAX_NAME])
        raise ThemeFileError(f"{path.name}: name {shown} must be letters, digits and . _ + - (at most {MAX_NAME})")
    for key in COLOUR_FIELDS:
        if key in data and not (isinstance(data[key], str) and _colour_ok(data[key])):
            raise ThemeFileError(f"{path.name}: {key} = {data[key]!r} is not a colour")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise ThemeFileError(f"{path.name}: [variables] must map names to strings")
    for key, value in variables.items():
        if not _VARIABLE_NAME.fullmatch(key) or not _variable_ok(value):
            raise ThemeFileError(f"{path.name}: [variables] {key!r} = {value!r} is not a colour or text style")
    try:
        return Theme(**data)
    except (TypeError, ValueError, ColorParseError) as error:
        raise ThemeFileError(f"{path.name}: {error}") from None


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def theme_files(folders: Iterable[Path] | None = None) -> list[Path]:
    folders = list(folders) if folders is not None else [themes_dir(), user_themes_dir()]
    paths: list[Path] = []
    for folder in folders:
        try:
            paths += sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:  # unreadable, or a name longer than the file system allows: no themes there
            continue
    return paths


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
