"""The user's settings: theme, ambiguous-width mode, ASCII glyphs and slow-link mode.

Each comes, in order of precedence, from the command line, an environment variable, the
settings file (``settings.json`` in the user's config directory, or $AIPLAN_CONFIG_DIR), or
the default. Saving never loses anything: the file is replaced atomically, and a damaged
file is kept beside it (``settings.json.damaged``) rather than overwritten.
"""

from __future__ import annotations

import os
from pathlib import Path

from aiplan_tui.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: see tuples.py
if TYPE_CHECKING:
    from typing import Any

CONFIG_ENV = "AIPLAN_CONFIG_DIR"
AMBIGUOUS_CHOICES = ("auto", "narrow", "wide")
DEFAULT_THEME = "aiplan-dark"
MAX_THEME_NAME = 64


class Settings(NamedTuple):
    theme: str = DEFAULT_THEME
    """Theme name: aiplan-dark, aiplan-light, aiplan-high-contrast, aiplan-ansi or a user theme."""
    ambiguous_width: str = "auto"
    """narrow, wide, or auto (ask the terminal at start-up)."""
    ascii: bool = False
    """Draw only ASCII glyphs (terminals without Unicode box drawing)."""
    slow_link: bool = False
    """For SSH over poor links: no animation, no blinking caret, no mouse tracking, fewer frames."""
    copy_dir: str = ""
    """Folder where `c` writes copied text; empty means the user data folder (…/aiplan-tui/복사)."""
    my_ministry: str = ""
    """The ministry whose tasks the "내 과제" list (`u`) shows; chosen in the app (`u`, then `m`)."""


ENVIRONMENT = {
    "theme": "AIPLAN_THEME",
    "ambiguous_width": "AIPLAN_AMBIGUOUS_WIDTH",
    "ascii": "AIPLAN_ASCII",
    "slow_link": "AIPLAN_SLOW_LINK",
    "copy_dir": "AIPLAN_COPY_DIR",
}


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    from platformdirs import user_config_dir

    return Path(user_config_dir("aiplan-tui", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


MAX_SHOWN = 80  # characters of a user value quoted in a warning


def shown(value: str) -> str:
    """A user value quoted in a warning: repr (control characters escaped), cut to a readable size."""
    return repr(value) if len(value) <= MAX_SHOWN else repr(value[:MAX_SHOWN]) + "…"


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "no", "false", "off")


def _valid(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        valid = (
            (key in ("ascii", "slow_link") and isinstance(value, bool))
            or (key == "theme" and isinstance(value, str) and 0 < len(value) <= MAX_THEME_NAME)
            or (key in ("copy_dir", "my_ministry") and isinstance(value, str))
            or (key == "ambiguous_width" and value in AMBIGUOUS_CHOICES)
        )
        if valid:
            clean[key] = value
    return clean


def load(warnings: list[str] | None = None) -> Settings:
    """Settings from the file, then the environment; problems become one-line warnings."""
    warnings = warnings if warnings is not None else []
    values: dict[str, Any] = {}
    path = settings_path()
    try:
        exists = path.is_file()
    except OSError as error:  # e.g. a path component longer than the file system allows
        warnings.append(f"설정 폴더를 쓸 수 없어 기본값을 씁니다: {path} ({error.strerror})")
        exists = False
    if exists:
        import json  # only the explorer reads settings: lookups do not import json

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            values.update(_valid(data))
        except (OSError, ValueError, RecursionError) as error:
            detail = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            warnings.append(f"설정 파일을 읽지 못해 기본값을 씁니다: {path} ({detail[:MAX_SHOWN]})")
    for key, variable in ENVIRONMENT.items():
        raw = os.environ.get(variable)
        if raw is None:
            continue
        if key in ("ascii", "slow_link"):
            values[key] = _flag(raw)
        elif key == "ambiguous_width" and raw not in AMBIGUOUS_CHOICES:
            warnings.append(f"{variable}={shown(raw)}: narrow, wide, auto 중 하나여야 합니다")
        elif key == "theme" and not 0 < len(raw) <= MAX_THEME_NAME:
            warnings.append(f"{variable}={shown(raw)}: 테마 이름이 너무 깁니다 (최대 {MAX_THEME_NAME}자)")
        else:
            values[key] = raw
    return Settings(**values)


def chosen() -> dict[str, Any]:
    """What the settings file holds: the user's own choices, nothing from flags or the
    environment and nothing detected (an unreadable file holds nothing)."""
    import json

    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return _valid(data) if isinstance(data, dict) else {}


def remember(**choices: Any) -> Path:
    """Save what the user just chose (a theme picked in the app) over the file's own choices.

    Never ``save(current settings)`` for this: the settings in use also hold flags,
    environment variables and auto-detected values meant for one session only.
    """
    values = {**chosen(), **_valid(choices)}
    return _write(values)


def save(settings: Settings) -> Path:
    """Write the settings atomically; keep a damaged file instead of overwriting it."""
    return _write(settings._asdict())


def _write(values: dict[str, Any]) -> Path:
    import json

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            path.replace(path.with_name(path.name + ".damaged"))
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as file:
            file.write(json.dumps(values, ensure_ascii=False, indent=2) + "\n")
            file.flush()
            os.fsync(file.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)  # a failed save leaves nothing behind (and the old file as it was)
        raise
    return path
