"""Where aiplan finds the files it ships: the plan database and the themes.

A wheel install has them inside the package (``aiplan_tui/data/plan.db``,
``aiplan_tui/themes/``); a checkout has them beside it (``data/plan.db``, ``themes/``);
``$AIPLAN_DB`` (see ``store.default_db_path``) and ``$AIPLAN_THEMES`` override both. The
single-file app unpacks itself into a cache directory first, so it looks like a wheel install.

The package's directory is the one the import system loaded it from, which is what
``importlib.resources.files("aiplan_tui")`` answers for a package on disk. That module is not
imported: it costs 15 ms (Python 3.9) to 50 ms (3.13) at every start, as much as a whole
lookup, and SQLite can only open a database that is a file on disk anyway.
"""

from __future__ import annotations

import os
from pathlib import Path

THEMES_ENV = "AIPLAN_THEMES"


def package_dir() -> Path:
    """The directory of the aiplan_tui package."""
    return Path(__file__).resolve().parent


def shipped(relative: str) -> Path:
    """A file or directory that aiplan ships (``data/plan.db``, ``themes``): inside the
    installed package if it is there, else beside the package in a checkout."""
    bundled = package_dir() / relative
    if bundled.exists():
        return bundled
    return package_dir().parent / relative


def themes_dir() -> Path:
    """$AIPLAN_THEMES, else the themes bundled in the package, else the repository's themes/."""
    if os.environ.get(THEMES_ENV):
        return Path(os.environ[THEMES_ENV])
    return shipped("themes")
