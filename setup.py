"""Build hook: ship the plan database and the themes inside the wheel's package.

The repository keeps them beside the package (``data/plan.db``, ``themes/``), where the
tests and the build read and write them; a wheel carries them as ``aiplan_tui/data/plan.db``
and ``aiplan_tui/themes/``, where ``store.default_db_path()`` and ``resources.themes_dir()``
look first, so an installed ``aiplan`` finds them from any directory. An editable install
reads them in place and gets no copies. Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def bundled_files() -> dict[str, Path]:
    """Path inside the package → file in the repository."""
    database = ROOT / "data" / "plan.db"
    if not database.is_file():
        raise SystemExit(f"{database} is missing: run `aiplan build-db` before building the wheel")
    files = {"data/plan.db": database}
    for theme in sorted((ROOT / "themes").rglob("*")):
        relative = theme.relative_to(ROOT)
        if theme.is_file() and not any(part.startswith(".") for part in relative.parts):
            files[relative.as_posix()] = theme
    return files


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for inside, source in bundled_files().items():
            target = Path(self.build_lib, "aiplan_tui", inside)
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs += [str(Path(self.build_lib, "aiplan_tui", inside)) for inside in bundled_files()]
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})
