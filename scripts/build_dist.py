#!/usr/bin/env python3
"""Build everything an install without internet needs, into dist/ (or --out DIR).

- ``aiplan_tui-<version>-py3-none-any.whl``: the app, with data/plan.db and themes/ inside
  its package, so an installed ``aiplan`` finds them from any directory;
- ``wheelhouse/``: that wheel and every runtime dependency (textual, rich, platformdirs,
  tomli and theirs), all pure-Python ``none-any`` wheels in versions that support Python 3.9,
  so one wheelhouse installs with ``pip install --no-index --find-links wheelhouse aiplan-tui``
  on Python 3.9-3.13 and any platform. The ``build`` extra (pydantic, whose core is
  compiled, PyYAML, sqlite-utils) is not in it: only ``aiplan build-db`` needs that;
- ``aiplan.pyz``: the single-file app (a zipapp) for any Python >= 3.9 on any platform: the
  wheelhouse's packages in one file. On first run it unpacks itself into a cache directory
  (see scripts/pyz_main.py).

pip fetches the dependencies with the machine's own configuration (index, mirror, proxy),
so run this where that works and carry dist/ to the network without internet.
Usage: python3 scripts/build_dist.py [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipapp
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "aiplan_tui", "data/plan.db", "themes")
OLDEST_PYTHON = "3.9"  # the oldest Python the project supports: every wheel must suit it
COMPILED = (".so", ".pyd", ".dylib")  # a zipapp cannot import these on every platform


def pip(*args: str) -> None:
    command = [sys.executable, "-m", "pip", *args]
    print("+ pip " + " ".join(args), flush=True)
    subprocess.run(command, check=True, env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore"})


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def copy_sources(target: Path) -> None:
    """A clean copy of what the wheel is built from, so no build/ or stale file lands in the repository."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def check_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
        if zipped.read("aiplan_tui/data/plan.db") != (ROOT / "data" / "plan.db").read_bytes():
            raise SystemExit(f"{wheel.name} does not carry data/plan.db as aiplan_tui/data/plan.db")
    themes = {f"aiplan_tui/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "themes").rglob("*") if p.is_file()}
    themes = {name for name in themes if "/." not in name}
    if not themes <= names:
        raise SystemExit(f"{wheel.name} lacks {sorted(themes - names)}")


def requirements(metadata: str) -> list[str]:
    """Requires-Dist of a METADATA file, without those of extras."""
    found = [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    return [r for r in found if "extra ==" not in r]


def name_of(requirement: str) -> str:
    return normalized(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0])


def runtime_requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zipped:
        metadata = next(n for n in zipped.namelist() if n.endswith(".dist-info/METADATA"))
        return requirements(zipped.read(metadata).decode("utf-8"))


def download_runtime(wheel: Path, wheelhouse: Path) -> None:
    """Our wheel's runtime dependencies, and theirs, as pure-Python wheels for the oldest Python.

    pip picks each version by its Requires-Python against OLDEST_PYTHON, but judges
    environment markers by the Python that runs it, whatever --python-version says; the
    wheelhouse serves every Python and platform, so a dependency under a marker (tomli;
    python_version < "3.11") goes in unconditionally, and so do its own dependencies."""
    wanted = [r.split(";")[0].strip() for r in runtime_requirements(wheel)]
    pure = ["--only-binary=:all:", "--implementation", "py", "--abi", "none", "--platform", "any"]
    while True:
        pip("download", "--quiet", "--dest", str(wheelhouse), *pure, "--python-version", OLDEST_PYTHON, *wanted)
        wheels = sorted(wheelhouse.glob("*.whl"))
        present = {normalized(w.name.split("-")[0]) for w in wheels}
        conditional = [
            r.split(";")[0].strip()
            for w in wheels
            for r in runtime_requirements(w)
            if ";" in r and name_of(r) not in present
        ]
        if not conditional:
            break
        if set(conditional) <= set(wanted):
            raise SystemExit(f"pip did not download {conditional} into the wheelhouse")
        wanted += [r for r in conditional if r not in wanted]
    shutil.copy2(wheel, wheelhouse / wheel.name)
    platform_bound = [w.name for w in wheelhouse.glob("*.whl") if not w.name.endswith("-none-any.whl")]
    if platform_bound:
        raise SystemExit(f"the wheelhouse must hold only pure-Python wheels, but it has {platform_bound}")


def build_pyz(wheelhouse: Path, work: Path, target: Path) -> None:
    """Every wheel of the wheelhouse installed into one directory, zipped with pyz_main.py as __main__."""
    tree = work / "pyz"
    shutil.rmtree(tree, ignore_errors=True)
    wheels = sorted(str(w) for w in wheelhouse.glob("*.whl"))
    pip("install", "--quiet", "--no-index", "--no-deps", "--target", str(tree), "--no-compile", *wheels)
    shutil.rmtree(tree / "bin", ignore_errors=True)  # console scripts of the dependencies
    compiled = [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.suffix in COMPILED]
    if compiled:
        raise SystemExit(f"aiplan.pyz must be pure Python, but it would carry {compiled}")
    digest = hashlib.sha256()
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        digest.update(path.relative_to(tree).as_posix().encode() + b"\0" + path.read_bytes())
    (ours,) = wheelhouse.glob("aiplan_tui-*.whl")
    version = ours.name.split("-")[1]
    main = (Path(__file__).parent / "pyz_main.py").read_text(encoding="utf-8")
    placeholder = 'BUNDLE = "dev"'
    if main.count(placeholder) != 1:
        raise SystemExit(f"pyz_main.py must assign {placeholder} exactly once")
    main = main.replace(placeholder, f'BUNDLE = "{version}-{digest.hexdigest()[:16]}"')
    (tree / "__main__.py").write_text(main, encoding="utf-8")
    zipapp.create_archive(tree, target, interpreter="/usr/bin/env python3", compressed=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the wheel, the wheelhouse and aiplan.pyz.")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output directory (default: dist/)")
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("aiplan_tui-*.whl"), out / "aiplan.pyz", out / "wheelhouse"]:
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink(missing_ok=True)

    with tempfile.TemporaryDirectory(prefix="aiplan-build-") as temporary:
        work = Path(temporary)
        copy_sources(work / "src")
        pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(work / "wheel"), str(work / "src"))
        (built,) = (work / "wheel").glob("aiplan_tui-*.whl")
        check_wheel(built)
        wheel = Path(shutil.copy2(built, out / built.name))
        download_runtime(wheel, out / "wheelhouse")
        build_pyz(out / "wheelhouse", work, out / "aiplan.pyz")

    wheels = sorted((out / "wheelhouse").glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"{wheel}  {wheel.stat().st_size / 1e6:.1f} MB")
    print(f"{out / 'wheelhouse'}/  {len(wheels)} wheels, {size / 1e6:.1f} MB")
    print(f"{out / 'aiplan.pyz'}  {(out / 'aiplan.pyz').stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
