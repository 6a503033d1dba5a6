#!/usr/bin/env python3
"""Build everything an install without internet needs, into dist/ (or --out DIR).

- ``aiplan_tui-<version>-py3-none-any.whl``: the app, with data/plan.db and themes/ inside
  its package, so an installed ``aiplan`` finds them from any directory;
- ``wheelhouse/``: that wheel and every runtime dependency as wheels, for
  ``pip install --no-index --find-links wheelhouse aiplan-tui``. pydantic-core and PyYAML are
  compiled, so the wheelhouse serves the Python version and platform that ran this script;
- ``aiplan.pyz``: the single-file app (a zipapp) for any Python >= 3.10 on any platform. It
  carries aiplan_tui and the pure-Python packages that lookups and the explorer import
  (textual, rich, platformdirs, tomli and theirs), not those only ``aiplan build-db``
  imports (pydantic, whose core is compiled, PyYAML, sqlite-utils). On first run it unpacks
  itself into a cache directory (see scripts/pyz_main.py).

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
PYZ_PYTHON = "3.10"  # the oldest Python the project supports: the single-file app's packages must suit it
PYZ_PACKAGES = {"textual", "rich", "platformdirs", "tomli"}  # what lookups and the explorer import
BUILD_DB_ONLY = {"pydantic", "pyyaml", "sqlite-utils"}  # left out of aiplan.pyz
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


def build_pyz(wheel: Path, work: Path, target: Path) -> None:
    with zipfile.ZipFile(wheel) as zipped:
        metadata = next(n for n in zipped.namelist() if n.endswith(".dist-info/METADATA"))
        ours = requirements(zipped.read(metadata).decode("utf-8"))
    wanted = []
    for requirement in ours:
        name = name_of(requirement)
        if name in PYZ_PACKAGES:
            wanted.append(requirement.split(";")[0].strip())
        elif name not in BUILD_DB_ONLY:
            raise SystemExit(f"new dependency {name}: add it to PYZ_PACKAGES or BUILD_DB_ONLY in {Path(__file__).name}")
    # pip judges environment markers by the Python that runs it, whatever --python-version says, and
    # the archive serves every Python >= 3.10 on every platform: so a dependency under a marker
    # (tomli; python_version < "3.11") goes in unconditionally, and so do its own dependencies.
    tree = work / "pyz"
    while True:
        shutil.rmtree(tree, ignore_errors=True)
        pip(
            "install",
            "--quiet",
            "--target",
            str(tree),
            "--only-binary=:all:",
            "--implementation",
            "py",
            "--abi",
            "none",
            "--platform",
            "any",
            "--python-version",
            PYZ_PYTHON,
            "--no-compile",
            *wanted,
        )
        installed = {normalized(p.name.split("-")[0]) for p in tree.glob("*.dist-info")}
        conditional = [
            r.split(";")[0].strip()
            for p in tree.glob("*.dist-info/METADATA")
            for r in requirements(p.read_text(encoding="utf-8"))
            if ";" in r and name_of(r) not in installed
        ]
        if not conditional:
            break
        if set(conditional) <= set(wanted):
            raise SystemExit(f"pip did not install {conditional} into aiplan.pyz")
        wanted += [r for r in conditional if r not in wanted]
    with zipfile.ZipFile(wheel) as zipped:
        zipped.extractall(tree)
    shutil.rmtree(tree / "bin", ignore_errors=True)  # console scripts of the dependencies
    compiled = [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.suffix in COMPILED]
    if compiled:
        raise SystemExit(f"aiplan.pyz must be pure Python, but it would carry {compiled}")
    digest = hashlib.sha256()
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        digest.update(path.relative_to(tree).as_posix().encode() + b"\0" + path.read_bytes())
    version = wheel.name.split("-")[1]
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
        pip("wheel", "--quiet", "--wheel-dir", str(out / "wheelhouse"), str(wheel))
        build_pyz(wheel, work, out / "aiplan.pyz")

    wheels = sorted((out / "wheelhouse").glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"{wheel}  {wheel.stat().st_size / 1e6:.1f} MB")
    print(f"{out / 'wheelhouse'}/  {len(wheels)} wheels, {size / 1e6:.1f} MB")
    print(f"{out / 'aiplan.pyz'}  {(out / 'aiplan.pyz').stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
