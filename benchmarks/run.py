"""Benchmark harness: run with `.venv/bin/python benchmarks/run.py` (add --quick for a smoke run).

Measures on this machine, each against its floor in the same run, on the real plan and on a
generated plan 100× larger (benchmarks/generate.py):

- CLI lookups as a user runs them (a fresh process, stdout piped) against the floor
  `python -c "import sqlite3, rich"`;
- the explorer's cold start to its first full screen in a real 80×24 pty against the floor
  `python -c "import textual.app, textual.widgets"` run in the same pty;
- in one session of the explorer: the latency and the bytes written of each tree move, opening
  a task, a ministry filter, each search keystroke, and its peak memory;
- VisiData (`vd plan.db`) in the same pty: its first screen and the bytes per ↓;
- both over a real SSH login, at no delay and at a round trip of ~400 ms (benchmarks/ssh.py).

Every figure is a median with its min–max, or median / p95 for latencies. Writes
benchmarks/REPORT.md. Bytecode caching is forced on (the package is compiled first,
PYTHONDONTWRITEBYTECODE is unset for every measured process), since an installed package
always has its .pyc files and the floors' libraries do.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from benchmarks import explorer, machine_noise, slow_link, ssh  # noqa: E402
from benchmarks.generate import generate  # noqa: E402
from benchmarks.report import Figures, PlanFigures, write_report  # noqa: E402

REPORT = ROOT / "benchmarks" / "REPORT.md"
PLAN_DB = ROOT / "data" / "plan.db"
# The console scripts, as installed (python -m would add runpy to every run).
AIPLAN = [str(Path(sys.executable).with_name("aiplan"))]
VD = [str(Path(sys.executable).with_name("vd"))]
FLOOR_CLI = [sys.executable, "-c", "import sqlite3, rich"]
FLOOR_TUI = [sys.executable, "-c", "import textual.app, textual.widgets"]
LOOKUPS = [("search", "홍수"), ("tasks", "--ministry", "환경부"), ("search", "ㅎㅅ"), ("show", "3-2.5")]


@dataclass(frozen=True)
class Timing:
    name: str
    command: list[str]
    samples: list[float]  # seconds


def cli_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


def measure(commands: dict[str, list[str]], runs: int) -> list[Timing]:
    """Each command ``runs`` times, taking turns (one run of each, then again), so a slow
    moment of the machine falls on all of them alike rather than on one block."""
    env = cli_environment()
    for command in commands.values():  # warm the page cache and the .pyc files
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=True)
            samples[name].append(time.perf_counter() - start)
    return [Timing(name, command, samples[name]) for name, command in commands.items()]


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = int(meminfo.read_text().split()[1])
        memory = f", {total / 1024 / 1024:.0f} GB RAM"
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}{memory}, "
        f"Python {platform.python_version()}"
    )


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("textual", "rich", "visidata"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def lookups(db: Path, runs: int) -> tuple[Timing, list[Timing]]:
    commands = {"floor: import sqlite3, rich": FLOOR_CLI}
    commands |= {f"aiplan {' '.join(args)}": [*AIPLAN, "--db", str(db), *args] for args in LOOKUPS}
    floor, *timings = measure(commands, runs)
    return floor, timings


Paints = list[explorer.Paint]


def cold_starts(plan: explorer.Plan, runs: int, visidata: bool, warm: bool) -> tuple[list[float], Paints, Paints]:
    """First paints of the explorer and of VisiData, interleaved with the floor so they share the noise."""
    floors: list[float] = []
    paints: list[explorer.Paint] = []
    vd: list[explorer.Paint] = []
    command = [*AIPLAN, "--db", str(plan.db)]
    if warm:
        explorer.cold_start(command, explorer.explorer_ready(plan.total))  # the page cache, the .pyc files
    for _ in range(runs):
        floors.append(explorer.floor(FLOOR_TUI))
        paints.append(explorer.cold_start(command, explorer.explorer_ready(plan.total)))
        if visidata:
            vd.append(explorer.cold_start([*VD, str(plan.db)], explorer.visidata_ready))
    return floors, paints, vd


def measure_plan(label: str, db: Path, runs: int, cli_runs: int, scenario: explorer.Scenario) -> PlanFigures:
    plan = explorer.describe_plan(db, scenario)
    has_vd = Path(VD[0]).exists()
    print(f"[{label}] CLI lookups …", flush=True)
    cli_floor, cli = lookups(db, cli_runs)
    print(f"[{label}] cold starts …", flush=True)
    floors, paints, vd_paints = cold_starts(plan, runs, has_vd, warm=runs > 2)
    print(f"[{label}] one explorer session, {scenario.filter_sessions} of filters only …", flush=True)
    session = explorer.explore(AIPLAN, plan, scenario)
    for _ in range(scenario.filter_sessions):
        more = explorer.filters_only(AIPLAN, plan)
        session.open_picker += more.open_picker
        session.apply_filter += more.apply_filter
        session.clear_filter += more.clear_filter
    vd = explorer.visidata(VD, db, scenario.visidata_moves) if has_vd else None
    return PlanFigures(
        label=label,
        plan=plan,
        cli_floor=cli_floor.samples,
        cli={t.name: t.samples for t in cli},
        cli_commands={t.name: t.command for t in cli},
        tui_floor=floors,
        paints=paints,
        session=session,
        vd_paints=vd_paints,
        vd=vd,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few runs, a 2× plan and short sessions: a smoke test")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the report")
    parser.add_argument("--scale", type=int, help="size of the generated plan (default 100, 2 with --quick)")
    args = parser.parse_args(argv)
    runs, cli_runs = (2, 3) if args.quick else (21, 21)  # cold starts: each ~0.3–6 s, spread ±30% here
    scale = args.scale or (2 if args.quick else 100)
    scenario = explorer.QUICK if args.quick else explorer.Scenario()
    began = time.perf_counter()
    compileall.compile_dir(str(ROOT / "aiplan_tui"), quiet=1)
    big = generate(scale)
    plans = [
        measure_plan("1×", PLAN_DB, runs, cli_runs, scenario),
        measure_plan(f"{scale}×", big, runs, max(cli_runs // 2, 3), scenario),
    ]
    print("how steady the machine is …", flush=True)
    noise = machine_noise.probe(5 if args.quick else machine_noise.RUNS)
    figures = Figures(
        date=time.strftime("%Y-%m-%d"),
        machine=machine(),
        versions=versions(),
        runs=runs,
        cli_runs=cli_runs,
        quick=args.quick,
        seconds=time.perf_counter() - began,
        plans=plans,
        vd_installed=shutil.which("vd", path=str(Path(VD[0]).parent)) is not None,
        noise=noise,
        filter_sessions=scenario.filter_sessions,
    )
    text = write_report(figures, args.report)
    if not args.quick:  # about 30 s: two sessions with 5 idle seconds each
        print("[1×] --slow-link on the wire …", flush=True)
        rows = [slow_link.measure(AIPLAN, PLAN_DB, False), slow_link.measure(AIPLAN, PLAN_DB, True)]
        text = text.replace("## Commands", "\n".join([*SLOW_LINK_INTRO, *slow_link.table(rows), "", "## Commands"]), 1)
        args.report.write_text(text, encoding="utf-8")
    print("[1×] over SSH …", flush=True)  # a throwaway sshd (.ci/run installs openssh-server)
    vd = VD if Path(VD[0]).exists() else None
    over_ssh = ssh.measure(AIPLAN, vd, PLAN_DB, ssh.QUICK if args.quick else ssh.Scenario())
    text = ssh.splice(text, ssh.section(over_ssh))
    args.report.write_text(text, encoding="utf-8")
    print(text)
    return 0


SLOW_LINK_INTRO = [
    "## `--slow-link` on the wire (1×, 80×24)",
    "",
    "The same explorer with and without `--slow-link`: the first paint, 19 cursor moves each waited out "
    "until the text panel has followed (so the panel's update is included), and 5 idle seconds with the "
    "search box open. `--slow-link` caps Textual at 15 frames a second (fewer intermediate frames), "
    "stops the caret blinking and turns off all-motion mouse tracking (`ESC [?1003h`), which would send "
    "every mouse movement over the link.",
    "",
]


if __name__ == "__main__":
    raise SystemExit(main())
