"""Install and run with no internet, as on a closed network (slow: builds everything, about a minute).

scripts/build_dist.py builds the wheel, the wheelhouse and aiplan.pyz into a temporary
directory; a fresh virtual environment installs the wheelhouse with ``--no-index``; then the
installed ``aiplan`` and ``aiplan.pyz`` (run by a Python with no packages) answer ``check``,
``search 홍수 --format json``, ``show 3-2.5`` and ``--version`` and open the explorer in a pseudo-terminal,
from a directory outside the repository, with their files read-only and no network.

Where ``unshare`` works (root, or unprivileged user namespaces), each step runs in its own
network namespace, which has no network at all, and the install is bind-mounted read-only
(which binds root too). Elsewhere the proxies point nowhere and the files are made
read-only with chmod. Either way the test also checks that no installed file changed.
"""

from __future__ import annotations

import fcntl
import functools
import importlib.util
import json
import os
import select
import shlex
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from aiplan_tui import __version__
from aiplan_tui.store import Store

from .conftest import PLAN_DB, ROOT

OFFLINE = {
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "no_proxy": "",
    "PIP_NO_INDEX": "1",
    "PIP_CONFIG_FILE": os.devnull,  # no index, mirror or find-links from this machine's pip configuration
}
ENTER_ALT_SCREEN = b"\x1b[?1049h"


class Dist(NamedTuple):
    wheel: Path
    wheelhouse: Path
    pyz: Path
    checksum: str


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


_built: list[Dist] = []  # built once per test session; tests/test_pythons.py uses it too


def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """scripts/build_dist.py's output, built on the first call of the session."""
    if not _built:
        _built.append(build_dist(tmp_path_factory.mktemp("dist")))
    return _built[0]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    return built_dist(tmp_path_factory)


def build_dist(out: Path) -> Dist:
    build = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_dist.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = out.glob("aiplan_tui-*.whl")
    database = out / "plan.db"
    with zipfile.ZipFile(wheel) as zipped:
        database.write_bytes(zipped.read("aiplan_tui/data/plan.db"))
    return Dist(wheel, out / "wheelhouse", out / "aiplan.pyz", Store.open(database).meta()["checksum"])


def offline_env(home: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "TMPDIR": str(home / "tmp"),
        **OFFLINE,
        **extra,
    }


@functools.cache
def unshare_options() -> tuple[str, ...]:
    """Options with which unshare gives a process no network and read-only bind mounts, if it can here."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    with tempfile.TemporaryDirectory() as probe:
        attempt = read_only_script([Path(probe)]) + " && ! (: > " + shlex.quote(f"{probe}/written") + ")"
        for options in (("--net", "--mount"), ("--net", "--mount", "--map-root-user")):
            command = [unshare, *options, "sh", "-c", attempt]
            if subprocess.run(command, capture_output=True, timeout=30).returncode == 0:
                return (unshare, *options)
    return ()


def read_only_script(paths: Sequence[Path]) -> str:
    binds = [f"mount --bind {shlex.quote(str(p))} {shlex.quote(str(p))}" for p in paths]
    remounts = [f"mount -o remount,bind,ro {shlex.quote(str(p))} {shlex.quote(str(p))}" for p in paths]
    return " && ".join(binds + remounts)


def sandboxed(argv: Sequence[str], read_only: Sequence[Path] = ()) -> list[str]:
    """argv, run with no network and the given paths read-only where unshare can do that."""
    options = unshare_options()
    if not options:
        return list(argv)
    script = (read_only_script(read_only) + " && " if read_only else "") + 'exec "$@"'
    return [*options, "sh", "-c", script, "sh", *argv]


def run(argv: Sequence[str], env: dict[str, str], cwd: Path, read_only: Sequence[Path] = ()) -> Run:
    result = subprocess.run(
        sandboxed(argv, read_only), env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    return Run(result.returncode, result.stdout, result.stderr)


def explore(argv: Sequence[str], env: dict[str, str], cwd: Path, read_only: Sequence[Path] = ()) -> Run:
    """Open the explorer in an 80×24 pseudo-terminal, wait until it has drawn and gone quiet, press q."""
    command = sandboxed(argv, read_only)
    pid, terminal = os.forkpty()
    if pid == 0:  # the child: its stdin, stdout and stderr are the pseudo-terminal
        try:
            os.chdir(cwd)
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    output = bytearray()
    started = last = time.monotonic()
    quit_at: float | None = None
    try:
        while time.monotonic() - started < 90:
            ready, _, _ = select.select([terminal], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(terminal, 65536)
                except OSError:  # EIO: the child has closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
                last = time.monotonic()
            elif quit_at is None and ENTER_ALT_SCREEN in output and time.monotonic() - last > 1.0:
                os.write(terminal, b"q")
                quit_at = time.monotonic()
            elif quit_at is not None and time.monotonic() - quit_at > 15:
                os.write(terminal, b"\x11")  # ctrl+q, Textual's own quit, should q ever be taken
                quit_at = time.monotonic()
        else:
            os.kill(pid, 9)
    finally:
        os.close(terminal)
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    if quit_at is None:  # it ended (or hung) before it had drawn and waited for a key
        return Run(os.waitstatus_to_exitcode(status) or -1, text, "the explorer did not wait for a key")
    return Run(os.waitstatus_to_exitcode(status), text, "")


def snapshot(tree: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(tree)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(tree.rglob("*"))}


@contextmanager
def read_only(*trees: Path) -> Iterator[None]:
    """chmod a-w every file and directory in the trees (root ignores this; the bind mounts bind it)."""
    paths = [p for tree in trees for p in (tree, *tree.rglob("*")) if not p.is_symlink()]
    modes = {p: p.stat().st_mode for p in paths}
    write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for path in reversed(paths):
        path.chmod(modes[path] & ~write)
    try:
        yield
    finally:
        for path in paths:
            path.chmod(modes[path])


def check_commands(aiplan: list[str], env: dict[str, str], cwd: Path, dist: Dist, frozen: list[Path]) -> str:
    """Run check, search and --version; return what check printed."""
    assert not cwd.resolve().is_relative_to(ROOT)
    checked = run([*aiplan, "check"], env, cwd, frozen)
    assert checked.returncode == 0 and checked.stdout.startswith("ok: "), checked
    assert "과제 78" in checked.stdout and dist.checksum[:12] in checked.stdout

    found = run([*aiplan, "search", "홍수", "--format", "json"], env, cwd, frozen)
    assert found.returncode == 0, found
    hits = json.loads(found.stdout)
    assert hits and any("홍수" in json.dumps(hit, ensure_ascii=False) for hit in hits)

    shown = run([*aiplan, "show", "3-2.5"], env, cwd, frozen)
    assert shown.returncode == 0 and shown.stdout.startswith("[3-2.5] AI 기반 지능형 CCTV 관제시스템 구축"), shown

    version = run([*aiplan, "--version"], env, cwd, frozen)
    assert version.returncode == 0, version
    assert f"aiplan {__version__}" in version.stdout and dist.checksum in version.stdout

    explored = explore([*aiplan], env, cwd, frozen)
    assert explored.returncode == 0 and not explored.stderr, explored
    assert "Traceback" not in explored.stdout, explored.stdout
    return checked.stdout


def test_build_makes_wheel_wheelhouse_and_pyz(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as zipped:
        names = set(zipped.namelist())
    assert {"aiplan_tui/data/plan.db", "aiplan_tui/themes/README.md", "aiplan_tui/cli.py"} <= names
    assert not any(name.startswith(("data/", "themes/", "tests/")) for name in names)
    wheels = {path.name.split("-")[0].lower(): path.name for path in dist.wheelhouse.glob("*.whl")}
    # Runtime only, all pure Python, tomli too (needed below 3.11): one wheelhouse for every Python and platform.
    assert {"aiplan_tui", "textual", "rich", "platformdirs", "tomli", "markdown_it_py"} <= wheels.keys()
    assert not {"pydantic", "pydantic_core", "pyyaml", "sqlite_utils"} & wheels.keys()
    assert all(name.endswith("-none-any.whl") for name in wheels.values()), wheels
    with zipfile.ZipFile(dist.pyz) as zipped:
        names = set(zipped.namelist())
    assert {"__main__.py", "aiplan_tui/data/plan.db", "textual/app.py", "rich/console.py"} <= names
    assert not any(name.endswith((".so", ".pyd", ".dylib")) for name in names)


def test_wheelhouse_installs_and_runs_offline_read_only(dist: Dist, tmp_path: Path) -> None:
    home, elsewhere, venv = tmp_path / "home", tmp_path / "elsewhere", tmp_path / "venv"
    for directory in (home / "tmp", elsewhere):
        directory.mkdir(parents=True)
    env = offline_env(home)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    install = [python, "-m", "pip", "install", "--no-index", "--find-links", str(dist.wheelhouse), "aiplan-tui"]
    installed = run(install, env, elsewhere)
    assert installed.returncode == 0, installed

    before = snapshot(venv)
    with read_only(venv):
        printed = check_commands([str(venv / "bin" / "aiplan")], env, elsewhere, dist, [venv])
        build = run([str(venv / "bin" / "aiplan"), "build-db"], env, elsewhere, [venv])
        assert build.returncode == 2 and "pip install 'aiplan-tui[build]'" in build.stderr, build
    assert f"{venv.resolve()}/lib/" in printed and "/site-packages/aiplan_tui/data/plan.db" in printed
    assert snapshot(venv) == before, "running aiplan changed its installed files"


def test_pyz_runs_offline_read_only_with_only_python(dist: Dist, tmp_path: Path) -> None:
    home, elsewhere, bare, shelf = tmp_path / "home", tmp_path / "elsewhere", tmp_path / "python", tmp_path / "shelf"
    for directory in (home / "tmp", elsewhere, shelf):
        directory.mkdir(parents=True)
    pyz = Path(shutil.copy2(dist.pyz, shelf / "aiplan.pyz"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    aiplan = [str(bare / "bin" / "python"), str(pyz)]
    env = offline_env(home)

    before = snapshot(shelf), snapshot(bare)
    with read_only(shelf, bare):
        printed = check_commands(aiplan, env, elsewhere, dist, [shelf, bare])
        assert f"{home}/.cache/aiplan-tui/{__version__}-" in printed

        no_cache = offline_env(home, XDG_CACHE_HOME="/dev/null/cache")  # unwritable, even for root
        fallback = run([*aiplan, "check"], no_cache, elsewhere, [shelf, bare])
        assert fallback.returncode == 0 and f"{home}/tmp/aiplan-tui-" in fallback.stdout, fallback

        build = run([*aiplan, "build-db"], env, elsewhere, [shelf, bare])
        assert build.returncode == 2 and "pip install 'aiplan-tui[build]'" in build.stderr, build
    assert (snapshot(shelf), snapshot(bare)) == before, "running aiplan.pyz changed its own files"


BUILD_ONLY = ("pydantic", "yaml", "sqlite_utils")


def test_reading_the_plan_imports_no_build_dependency() -> None:
    """Lookups, search and every module of the explorer run without pydantic, PyYAML and
    sqlite-utils (the `build` extra), which this environment has installed."""
    code = f"""
import contextlib, importlib, io, pkgutil, sys
import aiplan_tui
from aiplan_tui.cli import main
for command in (["check"], ["search", "홍수"], ["show", "3-2.5"], ["tasks", "--ministry", "환경부"], ["show", "3-2"]):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--db", {str(PLAN_DB)!r}, *command]) == 0, command
builder = {{"aiplan_tui.build", "aiplan_tui.source", "aiplan_tui.model", "aiplan_tui.search_index"}}
for module in pkgutil.walk_packages(aiplan_tui.__path__, "aiplan_tui."):
    if module.name not in builder and not module.name.endswith("__main__"):
        importlib.import_module(module.name)
print("textual.app" in sys.modules, sorted(m for m in {BUILD_ONLY!r} if m in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "[]"], result.stdout + result.stderr
    for name in BUILD_ONLY:  # and they are installed here, so the check can see them when they are imported
        assert importlib.util.find_spec(name) is not None
