"""Where aiplan finds the files it ships besides the plan database: the themes.

A wheel install has them inside the package (``aiplan_tui/themes/``, next to
``aiplan_tui/data/plan.db``, which ``store.default_db_path`` finds); a checkout has them
beside it (``themes/``); ``$AIPLAN_THEMES`` overrides both. The single-file app unpacks
itself into a cache directory first, so it looks like a wheel install here.
"""

from __future__ import annotations

import os
from pathlib import Path

THEMES_ENV = "AIPLAN_THEMES"


def themes_dir() -> Path:
    """$AIPLAN_THEMES, else the themes bundled in the package, else the repository's themes/."""
    if os.environ.get(THEMES_ENV):
        return Path(os.environ[THEMES_ENV])
    package_dir = Path(__file__).resolve().parent
    bundled = package_dir / "themes"
    if bundled.is_dir():
        return bundled
    return package_dir.parent / "themes"
