"""The one wheelhouse and aiplan.pyz on every other Python 3.9-3.13 this machine has.

The whole suite runs on the Python that runs pytest (the README's ``python3``), and
tests/test_offline_install.py installs and runs the build there. Here the same wheelhouse
installs offline (``--no-index``) into a fresh virtual environment of each other Python
found in PATH or under ~/.pyenv/versions, and that install and ``aiplan.pyz`` (run by the
same Python with no packages) answer ``check``, ``search 홍수``, ``show 3-2.5`` and
``--version`` and open the explorer in a pseudo-terminal. Which Pythons ran and which
were missing is printed, so none is skipped silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_offline_install import Dist, built_dist, check_commands, offline_env, read_only, run

SUPPORTED = ("3.9", "3.10", "3.11", "3.12", "3.13")
TOO_OLD = ("3.6", "3.7", "3.8")  # older servers' Pythons: aiplan.pyz must say what it needs
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"


def version_of(python: Path) -> str | None:
    """MAJOR.MINOR of an interpreter, or None if it does not run."""
    try:
        result = subprocess.run(
            [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def find_python(version: str) -> Path | None:
    """A real interpreter of that version: pyenv's (newest patch release first), else python3.X in PATH.

    pyenv's shims in PATH are skipped: they run whatever pyenv has selected, not always that version."""

    def patch(path: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.name))

    candidates = sorted(PYENV.glob(f"{version}.*/bin/python{version}"), key=lambda p: patch(p.parent.parent))[::-1]
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if directory and "shims" not in Path(directory).parts:
            candidates.append(Path(directory) / f"python{version}")
    for candidate in candidates:
        if candidate.is_file() and version_of(candidate) == version:
            return candidate
    return None


FOUND = {version: find_python(version) for version in SUPPORTED if version != RUNNING}
OTHERS = {version: python for version, python in FOUND.items() if python is not None}
OLD = {version: python for version in TOO_OLD if (python := find_python(version)) is not None}


def test_report_which_pythons_run_the_smoke_test(capsys: pytest.CaptureFixture[str]) -> None:
    ran = [f"{v} ({p})" for v, p in OTHERS.items()]
    missing = [v for v, p in FOUND.items() if p is None]
    with capsys.disabled():
        print(f"\nfull suite on Python {RUNNING} ({sys.executable})")
        print("offline install and aiplan.pyz smoke run on: " + (", ".join(ran) or "no other Python"))
        print("not on this machine (looked in PATH and " + f"{PYENV}): " + (", ".join(missing) or "none"))
        print("older Pythons that aiplan.pyz must turn away: " + (", ".join(OLD) or "none found"))
    assert RUNNING in SUPPORTED, f"the suite runs on Python {RUNNING}, outside {SUPPORTED}"
    for version, python in OTHERS.items():
        assert version_of(python) == version


@pytest.mark.parametrize("version", list(OTHERS))
def test_wheelhouse_and_pyz_run_offline(version: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    dist: Dist = built_dist(tmp_path_factory)
    python = OTHERS[version]
    home, elsewhere, venv, bare, shelf = (tmp_path / name for name in ("home", "elsewhere", "venv", "bare", "shelf"))
    for directory in (home / "tmp", elsewhere, shelf):
        directory.mkdir(parents=True)
    env = offline_env(home)

    subprocess.run([str(python), "-m", "venv", str(venv)], check=True, timeout=120)
    install = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--find-links", str(dist.wheelhouse)]
    installed = run([*install, "aiplan-tui"], env, elsewhere)
    assert installed.returncode == 0, installed
    with read_only(venv):
        printed = check_commands([str(venv / "bin" / "aiplan")], env, elsewhere, dist, [venv])
    assert f"/lib/python{version}/site-packages/aiplan_tui/data/plan.db" in printed

    pyz = Path(shutil.copy2(dist.pyz, shelf / "aiplan.pyz"))
    subprocess.run([str(python), "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    with read_only(shelf, bare):
        printed = check_commands([str(bare / "bin" / "python"), str(pyz)], env, elsewhere, dist, [shelf, bare])
    assert f"{home}/.cache/aiplan-tui/" in printed


@pytest.mark.parametrize("version", list(OLD))
def test_pyz_on_an_older_python_says_what_it_needs(
    version: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    dist = built_dist(tmp_path_factory)
    (tmp_path / "tmp").mkdir()
    refused = run([str(OLD[version]), str(dist.pyz), "check"], offline_env(tmp_path), tmp_path)
    assert refused.returncode == 1 and not refused.stdout, refused
    assert refused.stderr.startswith("aiplan에는 Python 3.9 이상이 필요합니다") and version in refused.stderr, refused
    assert not (tmp_path / ".cache").exists()  # it stopped before unpacking anything
