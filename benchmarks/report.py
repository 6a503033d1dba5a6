"""benchmarks/REPORT.md from the figures of one run: the budgets, the tables, and what limits each."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.explorer import SETTLE, Interaction, Paint, Plan, VisiData
from benchmarks.pty_driver import Burst
from benchmarks.stats import latency_ms, mean, median, p95, size, spread_ms, spread_size

KIB = 1024


@dataclass
class PlanFigures:
    label: str  # "1×", "100×"
    plan: Plan
    cli_floor: list[float]
    cli: dict[str, list[float]]
    cli_commands: dict[str, list[str]]
    tui_floor: list[float]
    paints: list[Paint]
    session: Interaction
    vd_paints: list[Paint]
    vd: VisiData | None

    def paint_ratio(self) -> float:
        return median([p.first.seconds for p in self.paints]) / median(self.tui_floor)

    def cli_ratio(self, name: str) -> float:
        return median(self.cli[name]) / median(self.cli_floor)


@dataclass
class Figures:
    date: str
    machine: str
    versions: str
    runs: int
    cli_runs: int
    quick: bool
    seconds: float
    plans: list[PlanFigures]
    vd_installed: bool
    noise: list[float] = field(default_factory=list)  # benchmarks/machine_noise.py, seconds
    filter_sessions: int = 0  # sessions of filters only, beside the one session (explorer.filters_only)


@dataclass(frozen=True)
class Budget:
    what: str
    limit: str
    measured: str
    met: bool


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def seconds_of(bursts: Sequence[Burst]) -> list[float]:
    return [b.seconds for b in bursts]


def firsts_of(bursts: Sequence[Burst]) -> list[float]:
    return [b.first for b in bursts]


def sizes_of(bursts: Sequence[Burst]) -> list[float]:
    return [float(b.size) for b in bursts]


def latency_budget(what: str, limit_ms: int, samples: Sequence[float]) -> Budget:
    """A p95 budget, measured with how many samples it was taken from and the slowest of
    them: the p95 of fewer than 20 samples is their maximum."""
    found = p95(samples)
    measured = f"{found * 1000:.0f} ms (n={len(samples)}, slowest {max(samples) * 1000:.0f} ms)"
    return Budget(what, f"≤ {limit_ms} ms", measured, found <= limit_ms / 1000)


def budgets(figures: Figures) -> list[Budget]:
    one, big = figures.plans[0], figures.plans[-1]
    s = one.session
    moves, keys = seconds_of(s.moves), seconds_of(s.search_keys)
    found = [
        Budget("1×: first paint", "≤ 1.5× floor", f"{one.paint_ratio():.2f}× floor", one.paint_ratio() <= 1.5),
    ]
    for name in ("aiplan search 홍수", "aiplan tasks --ministry 환경부"):
        ratio = one.cli_ratio(name)
        found.append(Budget(f"1×: `{name}`", "≤ 1.5× floor", f"{ratio:.2f}× floor", ratio <= 1.5))
    found += [
        latency_budget("1×: tree move, p95", 30, moves),
        latency_budget("1×: search keystroke, p95", 30, keys),
        Budget(
            "1×: bytes per tree move (mean)",
            "≤ 2 KB",
            size(mean(sizes_of(s.moves))),
            mean(sizes_of(s.moves)) <= 2 * KIB,
        ),
        Budget(
            "1×: peak RSS, every strategy open",
            "≤ 100 MB",
            size(s.rss_strategies_kib * KIB),
            s.rss_strategies_kib <= 100 * KIB,
        ),
        Budget(
            f"{big.label}: first paint",
            "≤ 1.3× floor",
            f"{big.paint_ratio():.2f}× floor",
            big.paint_ratio() <= 1.3,
        ),
    ]
    # On the large plan, cost follows the answer: the same budgets as on the real plan.
    for name in ("aiplan show 3-2.5", "aiplan tasks --ministry 환경부"):
        ratio = big.cli_ratio(name)
        found.append(Budget(f"{big.label}: `{name}`", "≤ 1.5× floor", f"{ratio:.2f}× floor", ratio <= 1.5))
    applied = seconds_of(big.session.apply_filter)
    short = seconds_of(big.session.short_search_keys)
    found += [
        latency_budget(f"{big.label}: ministry filter, p95", 50, applied),
        latency_budget(f"{big.label}: search keystroke, 1–2 letters in the box, p95", 30, short),
    ]
    return found


def budget_table(figures: Figures) -> list[str]:
    lines = ["| budget | limit | measured | met |", "|---|---|---|---|"]
    for budget in budgets(figures):
        lines.append(f"| {budget.what} | {budget.limit} | {budget.measured} | {'yes' if budget.met else '**no**'} |")
    return lines


def paint_table(figures: Figures) -> list[str]:
    lines = [
        "| plan | program | first full screen | × floor | bytes "
        "| settled (all start-up redraws) | bytes until settled |",
        "|---|---|---|---|---|---|---|",
    ]
    for plan in figures.plans:
        lines.append(
            f'| {plan.label} | floor: `python -c "import textual.app, textual.widgets"` '
            f"| {spread_ms(plan.tui_floor)} (to exit) | 1.00 | – | – | – |"
        )
        rows: list[tuple[str, list[Paint]]] = [("`aiplan`", plan.paints)]
        if plan.vd_paints:
            rows.append(("`vd plan.db` (VisiData)", plan.vd_paints))
        for name, paints in rows:
            first = median([p.first.seconds for p in paints]) / median(plan.tui_floor)
            lines.append(
                f"| {plan.label} | {name} | {spread_ms([p.first.seconds for p in paints])} | {first:.2f} "
                f"| {size(median(sizes_of([p.first for p in paints])))} "
                f"| {spread_ms([p.settled.seconds for p in paints])} "
                f"| {size(median(sizes_of([p.settled for p in paints])))} |"
            )
    return lines


def cli_table(figures: Figures) -> list[str]:
    lines = ["| plan | command | time | × floor |", "|---|---|---|---|"]
    for plan in figures.plans:
        floor = spread_ms(plan.cli_floor)
        lines.append(f'| {plan.label} | `python -c "import sqlite3, rich"` (floor) | {floor} | 1.00 |')
        for name, samples in plan.cli.items():
            lines.append(f"| {plan.label} | `{name}` | {spread_ms(samples)} | {plan.cli_ratio(name):.2f} |")
    return lines


ACTIONS = [
    ("moves", "tree move (↓/↑)"),
    ("open_strategy", "open a strategy (⏎)"),
    ("open_task", "open a task (⏎ on it)"),
    ("goto_task", "go to a task (`g` id ⏎)"),
    ("open_picker", "open the ministry picker (`m`)"),
    ("apply_filter", "apply a ministry filter (⏎ in the picker)"),
    ("clear_filter", "clear the filter (`x`)"),
    ("open_search", "open search (`/`)"),
    ("search_keys", "search keystroke (typing, ⌫)"),
    ("short_search_keys", "… of those, 1–2 letters in the box"),
]


def interaction_table(figures: Figures) -> list[str]:
    lines = [
        "| plan | action | n | complete: median / p95 | first response: median / p95 "
        "| bytes per key, median (min–max) | mean |",
        "|---|---|---|---|---|---|---|",
    ]
    for plan in figures.plans:
        for attribute, name in ACTIONS:
            bursts: list[Burst] = getattr(plan.session, attribute)
            if not bursts:
                continue
            lines.append(interaction_row(plan.label, name, bursts))
        if plan.vd is not None:
            lines.append(interaction_row(plan.label, "VisiData: ↓ in the sheet list", plan.vd.moves))
    return lines


def interaction_row(label: str, name: str, bursts: Sequence[Burst]) -> str:
    return (
        f"| {label} | {name} | {len(bursts)} | {latency_ms(seconds_of(bursts))} | {latency_ms(firsts_of(bursts))} "
        f"| {spread_size(sizes_of(bursts))} | {size(mean(sizes_of(bursts)))} |"
    )


def memory_table(figures: Figures) -> list[str]:
    lines = ["| plan | program | peak RSS (VmHWM) |", "|---|---|---|"]
    for plan in figures.plans:
        session = plan.session
        lines.append(f"| {plan.label} | `aiplan`, every strategy open | {size(session.rss_strategies_kib * KIB)} |")
        lines.append(f"| {plan.label} | `aiplan`, end of the session | {size(session.rss_end_kib * KIB)} |")
        if plan.vd is not None:
            lines.append(f"| {plan.label} | `vd plan.db`, after the moves | {size(plan.vd.rss_kib * KIB)} |")
    return lines


def idle_table(figures: Figures) -> list[str]:
    lines = ["| plan | screen | bytes a second |", "|---|---|---|"]
    for plan in figures.plans:
        lines.append(f"| {plan.label} | the tree | {size(plan.session.idle_tree)} |")
        lines.append(f"| {plan.label} | the search dialog (caret blinking) | {size(plan.session.idle_search)} |")
    return lines


def sizes_line(figures: Figures) -> str:
    parts = []
    for plan in figures.plans:
        megabytes = plan.plan.db.stat().st_size / KIB / KIB
        parts.append(f"{plan.label}: `{plan.plan.db.name}`, {plan.plan.total} tasks ({megabytes:.1f} MB)")
    return "; ".join(parts)


def render(figures: Figures) -> str:
    python = Path(sys.executable).name
    quick = " (a --quick smoke run: few samples, do not quote)" if figures.quick else ""
    lines = [
        "# Benchmark report",
        "",
        f"Written by `.venv/bin/{python} benchmarks/run.py` on {figures.date}{quick}, "
        f"in {figures.seconds:.0f} s. Machine: {figures.machine}; {figures.versions}.",
        "",
        f"Plans: {sizes_line(figures)}. The larger one is generated by `benchmarks/generate.py` "
        "(every area copied with its tasks, items and targets; not committed).",
        "",
        "## Budgets",
        "",
        *budget_table(figures),
        "",
        "## Cold start to the first full screen (80×24 pty)",
        "",
        f'{figures.runs} cold starts each, median (min–max), interleaved with the floor. "First full screen": the '
        "footer (`검색`) and the filter bar (`과제 N/N`) have been drawn and 50 ms pass with no output. "
        '"Settled": the last output that draws anything before 0.5 s of silence (start-up redraws included).',
        "",
        *paint_table(figures),
        "",
        "## CLI lookups against their floor",
        "",
        f"Each a fresh process with stdout piped; {figures.cli_runs} runs on 1×, half that on the large plan, "
        "taking turns with the floor (one run of each, then again).",
        "",
        *cli_table(figures),
        "",
        "## Interaction: latency and bytes written, in one session at 80×24",
        "",
        'Each key is written to the pty as a terminal sends it. "Complete": the time to the last chunk of output '
        'that draws something before 0.25 s of silence (the screen is final; budgets use this). "First '
        'response": the time to the first chunk that draws something (the key has visibly been taken). '
        "Bytes: everything written until the silence, what an SSH link carries. Moves walk the tree with "
        "every strategy open (documents, strategies and areas); the filter is applied with ⏎ after typing "
        "the ministry's name in the picker; search keystrokes type queries one syllable at a time and erase "
        "them with ⌫."
        + (
            f" The picker, filter and clear rows also count {plural(figures.filter_sessions, 'more session')}, "
            "each only going to a task and filtering by each ministry from there, so that their p95 is not "
            "set by one or two slow frames."
            if figures.filter_sessions
            else ""
        ),
        "",
        *interaction_table(figures),
        "",
        "## Output while nobody types",
        "",
        "Listened to for a few seconds, first on the tree, then with the search dialog open and empty.",
        "",
        *idle_table(figures),
        "",
        "## Memory",
        "",
        *memory_table(figures),
        "",
        *noise_section(figures),
        *LIMITS,
    ]
    if not figures.vd_installed:
        lines += ["", "VisiData is not installed in this environment: `pip install visidata` to compare."]
    return "\n".join(lines) + "\n"


def noise_section(figures: Figures) -> list[str]:
    """The machine's own spread (benchmarks/machine_noise.py), beside the p95 budgets."""
    if not figures.noise:
        return []
    found = figures.noise
    return [
        "## How steady this machine is",
        "",
        f"The same fixed piece of Python work (`benchmarks/machine_noise.py`), {len(found)} times, each after "
        f"{SETTLE:g} s of sleep as between the session's keys: "
        f"median {median(found) * 1000:.1f} ms, p95 {p95(found) * 1000:.1f} ms "
        f"(**{p95(found) / median(found):.2f}× the median**), slowest {max(found) * 1000:.1f} ms. "
        "The work never changes, so this spread is the machine's; a key whose median is M cannot be "
        "expected to keep its p95 under that ratio × M here.",
        "",
    ]


def write_report(figures: Figures, path: Path) -> str:
    text = render(figures)
    path.write_text(text, encoding="utf-8")
    return text


COMMANDS = [
    "## Commands",
    "",
    "```sh",
    ".venv/bin/python benchmarks/run.py            # everything above; writes this file (about 10 minutes)",
    ".venv/bin/python benchmarks/run.py --quick    # a smoke run: 2× plan, few samples (tests/test_benchmarks.py)",
    ".venv/bin/python benchmarks/generate.py --scale 100   # only the large plan → benchmarks/out/plan-100x.db",
    ".venv/bin/python benchmarks/ssh.py            # only the SSH section (a throwaway sshd; about 5 minutes)",
    "# profiling used for the notes below",
    '.venv/bin/python -X importtime -c "import aiplan_tui.cli, aiplan_tui.tui.app" 2>&1 | sort -t"|" -k2 -n',
    ".venv/bin/pyinstrument -m aiplan_tui --db benchmarks/out/plan-100x.db   # quit with q; or PlanApp.run_test",
    "```",
    "",
    "VisiData (`vd`) and pyinstrument are installed in the venv by hand (`pip install visidata pyinstrument`); "
    "they are not dependencies of the project. Without `vd` its rows are left out. The generated plan "
    "records its own shape (counts, years) as the build does, so `aiplan check` accepts it too.",
]

LIMITS: list[str] = [
    *COMMANDS,
    "",
    "## What limits each figure, and what would fix it",
    "",
    "Profiled with pyinstrument and cProfile (the explorer in-process under Textual's pilot at 80×24, and in a "
    "pty with every chunk of output timed) and `python -X importtime`. Medians on this 2-core machine move by "
    "±15% from run to run; the ranges below are from the full runs of 2026-11-26 (after the fixes).",
    "",
    "**Session 14 (2026-12-01, the run above, at 08:30).** The machine probe was 1.09× (median 24.7 ms: "
    "as slow as all of session 13, whose committed run had 24.6), the floors 260 ms (1×) and 271 ms "
    "(100×). Met in this run: every budget. The 100× ministry filter p95 29 ms (n=60, slowest 30; median "
    "23.7; 51 ms in session 13's run on a host this slow), the 100× first paint 1.23× (1.23× at 1×), the "
    "100× search keystroke with 1–2 letters p95 14 ms, every CLI lookup (1.06–1.25×). The session's two "
    "earlier runs on this code (reports to /tmp), while the host ran faster: at 07:49, probe median 13.2 "
    "ms, floors 249 and 230 ms: every budget met, the filter p95 19 ms (n=60, slowest 20; median 16.0), "
    "the 100× first paint 1.27× (1.23× at 1×), short search keys 16 ms, lookups 1.10–1.24×; at 08:03, "
    "probe median 13.5 ms, floors 338 and 337 ms swinging 240–505 within the run: every budget met, the "
    "filter p95 20 ms (slowest 22; median 16.0), the first paint 1.15× (1.13× at 1×), short search keys "
    "14 ms, lookups 1.03–1.20×. What moved: every widget's content lines are framed from a frame worked "
    "out once per render (`tui/quick_styles.py`: side borders and padding made once; a line with no frame "
    "is its content's own strip, whose line-filter result Textual keeps, so the tree's, the panel's and "
    "the bars' kept lines are not converted again in each frame): the filtered 100× screen 7.3 → 2.4 ms "
    "in-process, and in the pty, five A/B pairs of 20 filters on the slow host, median 36.9 → 31.1 ms and "
    "p95 44.7 → 37.6; and a filter's tree nodes are grown while its picker waits and swapped in at ⏎ "
    "(`PlanTree.grow`, `take`): four A/B pairs, median 26.3 → 23.1 ms. With both, a filter is a swap of "
    "kept nodes and one frame whose lines mostly come kept; what is left of it is the tree's 22 new "
    "lines, Textual's compositor and the write.",
    "",
    "**Session 13 (2026-12-01, a run at 05:37).** This host ran about twice as slow as in "
    "session 12 all session, steadily: the machine probe was 1.13× (median 24.6 ms against 11.8 in "
    "session 12's committed run), the floors 544 ms (1×) and 539 ms (100×). Missed in this run: the 100× "
    "ministry filter, p95 51 ms (n=60, slowest 59; median 43.0). Met: the 100× first paint 1.12× (1.10× "
    "at 1×), the 100× search keystroke with 1–2 letters p95 30 ms, every CLI lookup (1.05–1.23×), every "
    "1× budget. The session's two earlier runs (reports to /tmp): at 05:06, before the tree without "
    "filters stopped walking every task, probe 1.13× (median 26.4): every budget met, the 100× filter p95 "
    "48 ms (n=60, slowest 55; median 40.3); at 05:21, on this run's code, probe 1.11× (median 26.0): the "
    "filter p95 53 ms (slowest 65; median 40.9), every other budget met. So on a host running this slow "
    "the filter's p95 is 48–53 ms. What moved: once the picker's keys pause for 0.15 s, the filter ⏎ "
    "would apply is worked out ahead (the outline along the cursor's path, where the cursor lands, that "
    "node's description and its text rendered at the panel's width; `tui/ahead.py`), and the reload takes "
    "it: in the pty, with the feature on and off on alternate filters of the same sessions, the filter's "
    "median fell 41.7 → 35.6 ms (40 each); the tree keeps its line styles from frame to frame (0.75 → "
    "0.12 ms a frame); and a tree without filters no longer walks every task to count an area (~2 ms of "
    "each `x`). What is left in the pty (median, this host): the key's way to the picker's apply 2–3 ms, "
    "the reload ~6 ms (the tree's nodes), one frame of ~23 ms (the tree's 22 lines ~7.5, Textual's "
    "compositor ~4, scrollbars 2.3, the panel 1.9, the screen's blank lines 1.2, the layout 1.9) and the "
    "write ~2 ms: the frame is Textual's drawing of a screen that changes whole.",
    "",
    "**Session 12 (2026-12-01, a run at 03:36).** The machine probe was 1.77× (median 11.8 ms), "
    "the floors 232 ms (1×) and 254 ms (100×). Missed in this run: the 100× ministry filter, p95 57 ms "
    "(n=60, slowest 92; median 27.4). Met: the 100× first paint 1.12× (1.20× at 1×, the same program), "
    "the 100× search keystroke with 1–2 letters p95 27 ms, every CLI lookup (1.07–1.26×), every 1× "
    "budget. Not a budget: the 1× filter p95 55 ms (median 23.6), again no better than the 100× one. The "
    "session's two earlier runs on this code (reports to /tmp): at 03:01, probe 2.01×: every budget met, "
    "the 100× filter p95 43 ms (n=60, slowest 97; median 33.0), first paint 1.20× (1.09× at 1×); at "
    "03:11, probe 2.90×: every budget met, the filter p95 45 ms (slowest 76; median 24.3), first paint "
    "1.11× (1.06× at 1×). So the 100× filter's p95 is 43–57 ms across three runs of 60 filters on this "
    "code (48–54 in session 11's), its median 24–33 ms: at the budget, not under it with a margin. What "
    "moved: the tree draws a label straight into segments (the spans Tree's `render_label` and the cut "
    "to the width give, combined as Rich combines them; no `Text` made, copied and cut per line): the 22 "
    "lines of a filter's frame 3.8 → 2.3 ms in-process; and a panel's kept 본문 is given as its kept lines "
    "instead of replayed through Rich and split into lines again (the panels' part of the reload 2.2 → "
    "1.8 ms). Marks inside the app with the thread's CPU time beside the wall clock show the main thread "
    "running from the key to the write (CPU time = wall time): a slow filter is the same work run "
    "1.5–2.5× slower, so only less work narrows the spread, and the tree is still half of it (its lines "
    "and its nodes).",
    "",
    "**Session 11 (2026-12-01, a run at 01:05).** The machine probe was 1.57× (median 16.0 ms), "
    "the floors 304 ms (1×) and 339 ms (100×). From this session the filter's p95 is taken from 60 "
    "filters (the session's 20 and two sessions that only go to a task and filter by each ministry), not "
    "20, and the first paint from 21 cold starts of each program, not 11: with 20 filters the p95 is "
    "their second slowest, and with 11 starts the first paint moved between 1.09× and 1.42× on unchanged "
    "code. Missed in this run: the 100× ministry filter, p95 54 ms (n=60, slowest 119; median 29.9). Met: "
    "the 100× first paint 1.17× (1.32× at 1×, the same program), the 100× search keystroke with 1–2 "
    "letters p95 27 ms, every CLI lookup (0.94–1.19×), every 1× budget. Not a budget: the 1× filter's p95 "
    "was 67 ms (median 28.1), higher than the 100× one: what is left of the filter's spread does not grow "
    "with the plan. The session's two earlier runs (reports to /tmp): at 00:23, before an area's 본문 was "
    "read through its index, probe 1.43× (median 21.0 ms, a slow hour): filter p95 51 ms (median 31.3), "
    "first paint 1.19× (1.18× at 1×); at 00:53, on this run's code, probe 2.08×: every budget met, filter "
    "p95 48 ms (n=60, slowest 58; median 28.6), first paint 1.12× (1.20× at 1×). So the 100× filter's p95 "
    "is 48–54 ms on this host with the larger sample, at the budget's edge; the first paint has stayed at "
    "1.12–1.19× (1× 1.18–1.32×) in the three runs. What moved: `Store.top_items` asked SQLite for an "
    'area\'s items "(area or document) and parent is null", and SQLite walked the parent index over every '
    "top item of the plan (2.97 ms at 100× for four rows, in each filter that lands on an area; 0.03 ms "
    "through the area's index now); and the key bar keeps the lines it has drawn (a filter and its "
    "clearing swap it between two lines; 1.8 → 0.4 ms in the filter's frame). A pty trace of 20 filters "
    "(every message over 0.3 ms, the update timer's resumes and ticks, the write) shows no idle wait "
    "between ⏎ and the frame: the same work took 9.9 ms in one filter's tick and 42 ms in another's.",
    "",
    "**Session 10 (2026-11-30, a run at 22:54).** The machine probe was 1.90× (median 13.8 ms), "
    "the floors 424 ms (1×) and 307 ms (100×). Met in this run: every budget. The 100× first paint 1.29× "
    "(1.05× at 1×), the 100× ministry filter p95 46 ms (n=20, slowest 79; median 30), the 100× search "
    "keystroke with 1–2 letters p95 21 ms (median 13), every CLI lookup (1.10–1.33×). Not a budget: at 1× "
    "the same filter had a p95 of 71 ms (median 32). The margins are thin and the machine moves them: the "
    "session's three earlier runs (reports to /tmp), each on the code of its time: at 21:23, before a "
    "lookup froze what starting made and with 7 cold starts, probe 3.19×: first paint 1.31× (1.24× at "
    "1×), filter p95 53 ms (median 38), short search keys 39 ms, `tasks --ministry` 1.73× (a young "
    "collection walked everything the start had made, 3.5 ms; fixed since); at 21:45, probe 1.55×: first "
    "paint 1.42× (1.23× at 1×; the same program), filter p95 84 ms (median 33), short search keys 41 ms; "
    "at 22:19, before the area text was rendered ahead, probe 1.95×: first paint 1.09× (1.06× at 1×), "
    "filter p95 78 ms (median 38), short search keys 27 ms, every lookup met. What moved: the `aiplan` "
    "command starts with the cyclic collector off (`aiplan_tui/launch.py`: 241 collections before the "
    "first frame, 32–45 ms of them on this machine, ~12 ms within Textual's import, which the floor still "
    "pays); a lookup turns it on once parsed, with what starting made frozen, and the explorer after its "
    "first frame is written; the first frame is drawn once every widget has handled its messages (a "
    "callback at the end of each queue, in rounds) instead of at the update timer's first tick ~15 ms "
    "later (one start's timeline: the frame 25 ms after the screen resumed instead of 40; still one frame "
    "of 8.1 KB); and once the panel has rested on a task for 0.5 s its area's text is rendered ahead, so "
    "a filter that hides the task lands on the area without rendering it (the scenario's second filter, "
    "the first to land on an area, took 48–68 ms in three pty sessions before, 29–48 after). The report "
    "now takes 11 cold starts of each program instead of 7. The machine: the same ~4 ms of CPU work timed "
    "1,600 times in 8 s gave median 4.2 ms, p90 6.5, p99 16, slowest 33 (min 3.6), with no gap over 2 ms "
    "in a busy loop and no steal: the host's shared hardware slows work down 2–8× at random moments, and "
    "in-process the same filter's frame took 20 ms in one run and 73 ms in the next, with no collection "
    "in either.",
    "",
    "**Session 9 (2026-11-30, a run at 20:19, on a contended host).** This run's machine "
    "probe was 2.41× (median 18 ms for work that takes 12 on a quiet host) and both floors were "
    "346–367 ms against ~220 in quiet runs: missed here, the 100× ministry filter (p95 85 ms, median "
    "39), the 100× search keystroke with 1–2 letters (p95 38 ms, median 15) and the 100× first paint "
    "(1.37×; 1.40× at 1× in the same run, the same program). The same session's earlier runs "
    "(reports to /tmp), each on the code of its time: at 19:09, after the tree and panel changes, "
    "filter p95 50 ms (median 36), first paint 1.24×, short search keys p95 43 ms, probe 1.40×; at "
    "19:27, with search keys laying out nothing, filter p95 33 ms (median 26), short search keys p95 "
    "21 ms, 1× search keys 16 ms, first paint 1.38×, probe 1.74×; at 19:40, with kept search pages, "
    "filter p95 36 ms (median 29), short search keys 24 ms, 1× search keys 28 ms, first paint 1.31×, "
    "probe 1.68×; at 19:53, during heavier contention (floors 357–384 ms), filter p95 131 ms and "
    "short search keys 72 ms. So the filter and search budgets are met when the host is quiet and "
    "missed when it is not; the first paint has been 1.15–1.51× across the day's runs of unchanged "
    "start-up code. What moved: the tree's lines are drawn straight into segments with their styles "
    "worked out once per render (`tui/widgets/tree_lines.py`; the cells are Tree's, compared in "
    "eight states); a label is cut by cropping a copy instead of slicing it; a filter redraws the "
    "panels' bodies, not their boxes (the bound values are vars, a border title is set only when it "
    "changes; ~1.2 ms); a search keystroke lays out nothing (the box and the list are fixed boxes "
    "whose virtual size asks for no layout: 13.8 → 11.2 ms in-process at 100×); erasing a letter "
    "shows the kept page of the shorter words without a search; and the explorer's start builds no "
    "command's parser (~4 ms). What is left of the first paint above the floor (~70–85 ms on a quiet "
    "host): ~18 ms of Textual parsing the stylesheets, ~10 ms of composing, ~8 ms of the first "
    "layout, ~12 ms of the first render, ~17 ms of the first screen waiting for Textual's update "
    "timer (drawing it at the screen's first idle moment was tried: the tree's first resize and the "
    "key bar then came as a second frame), and our modules' imports overlapping the terminal's "
    "answer.",
    "",
    "**Session 8 (2026-11-30, a run at 17:25).** Met in this run: every CLI lookup on both "
    "plans, the 1× budgets, and now the 100× search keystroke with 1–2 letters in the box (p95 22 ms; 35 "
    "in session 7's committed run). Missed: the 100× ministry filter, p95 65 ms (n=20, slowest 82; median "
    "33, 41 before), and the 100× first paint, 1.51× floor, while the same first screen measured 0.96× at "
    "1× in this run (the program is the same on both plans; the floor moves). New in the report: how "
    "steady this machine is. A fixed piece of work timed after the session's 0.25 s pauses had a p95 of "
    "1.54× its median in this run (1.6–2.3× in probes earlier in the day), so a 50 ms p95 needs a median "
    "near 25–30 ms; the filter's is 33. What moved, in-process from ⏎ to the frame composed (median of 20: "
    "43 → 27 ms): young collections wait from a key until its frame has been written (`tui/idle_gc.py`, "
    "3–5 ms); scrollbars are drawn straight into strips and kept (`tui/widgets/scroll_bar.py`, 3.2 → 1.2 "
    "ms for two); a panel makes strips only for the lines it draws (3.0 → 1.0 ms); the tree takes its "
    "one-line labels as they are, and an area's tasks come from one pass over the answer (reload 9.6 → 6.8 "
    "ms). Session 7's in-process figures had the cursor on the overview, where a filter reloads nothing "
    "beneath it; with the cursor in a task, as in this session, in-process and pty agree. What is left: "
    "~7 ms of reload (75 tree nodes and their labels, the landing panels), ~7 ms of Textual's tree lines, "
    "and ~8 ms of the compositor cutting and joining ~800 strips a frame. A second run of the same code "
    "at 18:05 (report to /tmp), with the machine probe at 2.34×: 100× filter p95 60 ms (median 37), 100× "
    "first paint 1.15× (met), 100× short search keys p95 32 ms, 1× search keys p95 43 ms (median 12; "
    "missed in that run only).",
    "",
    "**Session 7 (2026-11-30, a run at 15:20).** The session now takes 20 ministry filters and 42 short "
    "search keys: with 8 and 19, each p95 was simply the slowest sample (nearest rank), against the "
    "scenario's own comment; each budget row gives n and the slowest. Met in this run: every CLI "
    "lookup, the 1× budgets (search keystroke p95 27 ms). Missed: the 100× ministry filter, p95 78 ms "
    "(median 41; 1× median 32, p95 50); the 100× search keystroke with 1–2 letters, p95 35 ms; and the "
    "100× first paint, 1.40× floor, with the program unchanged since 1.19× in this session's first run. "
    "That first run, before the kept area text and the search list below, gave 61 ms and 27 ms for the "
    "two 100× p95s, and a second run of this code 117 ms (median 46) and 31 ms, with 1.40× first paint "
    "again; the spread between runs is this machine's (in-process, the same tree render takes 5 ms in "
    "one filter and 10–13 ms in the next). What moved: a filter by ministry or area goes to that "
    "ministry's or area's tasks through their places in the plan, kept once every task is read, instead "
    "of testing all 7,800 (~7 ms); an area's 본문, the same under every filter, is rendered once per "
    "width and kept (`tui/kept_lines.py`; 4-1's panel 8.6 → 1.0 ms); search hits are drawn from their "
    "Rich text, not converted to Textual `Content` (a page of 13: 4.8 → 3.4 ms). In-process a 100× "
    "filter is now a reload of 6–10 ms and one frame of 15–25 ms (the tree's 22 lines 4–13, the panel's "
    "strips 2–4, scrollbars, key bar, young collections 1–2): 25–45 ms from ⏎ to the frame written. Our "
    "own tree line renderer was tried (snapshots unchanged, ~0.8 ms saved in-process) and dropped: no "
    "change in the session. What is left is Textual's own per-line work for a screen that changes "
    "whole.",
    "",
    "**Session 6 (2026-11-30, a run at 13:15, idle machine).** Met now: 100× first paint (1.27×; the "
    "program is the same on both plans, and 1.34–1.36× in the runs before was noise in the floor, which "
    "moves by ~25% between runs), every CLI lookup, the 1× budgets but one. The ministry filter: 100× "
    "median 46 ms (110 before), 1× 43 ms (86), clearing it 41 / 35 ms (112 / 116); its p95 — of 8 "
    "filters, so the slowest one — is still 106 ms at 100× (94 at 1×): the slowest is the first filter "
    "that lands on an area, which renders the area's text and its 17 target tables for the first time and"
    " lays out the panels anew. What moved: half the 100× filters held a full garbage collection of 27–56"
    " ms (timestamps inside the app, `gc.callbacks`), now done after a quiet second (`tui/idle_gc.py`); "
    "the first filter of a large ministry read its 4,200 tasks through a query of their own (~110 ms), "
    "now every task is read in the first quiet second and filters pick from them; the `x`/`v` toasts, a "
    "second frame that also slowed the frames drawn under it, are gone; the tree works out its style once"
    " per render; the targets panel keeps its drawing when a filter lands on the same area; a panel's "
    "text reaches Textual as strips kept per width. What is left of a filter is ~11–25 ms of reload and "
    "one frame of ~15–25 ms, most of it Textual rendering the tree's 22 lines (~0.3–0.5 ms each in the "
    "session: 7 Rich text renders and 3 style lookups a line); meeting 50 ms at p95 needs our own tree "
    "line renderer. Search keystrokes: medians 13–17 ms, p95 35 ms (1×) and 56 ms (100×, 1–2 letters; 31 "
    "ms in this session's first run, 100 in session 5's): the p95 of 19 keys is set by one or two slow "
    "frames that move from key to key between runs, no longer by collections.",
    "",
    "**Session 5 (2026-11-30, a run at 10:51, idle machine).** Met now: every CLI lookup on both plans "
    "(1.27–1.37× floor; they import neither `typing` nor `json` and read only their rows), 1× first "
    "paint (1.25×; the first screen is one frame of 8 KB instead of six frames of ~32 KB). Still "
    "missed: 100× first paint 1.34× (≤ 1.3×; 1× and 100× are the same program now, so the gap is noise "
    "around Textual's own start: CSS parse ~10 ms, styling, rendering the first lines); 100× ministry "
    "filter 110 / 180 ms (one frame now, where it was up to five; in-process, per filter at 100×, ~45 "
    "ms of reload — the strategy's 325 areas added to the tree and the landing node revealed through "
    "the lazy chunks — and ~60 ms of Textual rendering the tree's lines (~0.5 ms each) and the landing "
    "area's text; at 1× the same rendering gives 86 / 145 ms, so the budget needs a cheaper tree line "
    "render, not only less reading); search keystrokes p95 34 ms (1×) and 100 ms (100×, 1–2 letters) "
    "against medians of 14–19 ms: the search itself is ~1–4 ms on both plans now, and the p95 of 19 "
    "keys is set by one or two slow frames that move from key to key between runs "
    "(`benchmarks/search_keys.py`, 2–3 sessions: 100× p95 33 ms, 1× 28–42 ms; gc pauses logged in the "
    "same sessions were at most 13 ms).",
    "",
    "**Issue 17.6: cost follows the answer (runs of 2026-11-30).** This machine was shared with other "
    "sessions running test suites (load average 4 on 2 cores): every figure of these runs is ~1.5–2.5× "
    "those of 2026-11-26, the real plan's budgets included (met then, missed now), and the floors swing "
    "33–131 ms. So the large plan is judged against the real plan in the same run, and against the code "
    "before the change in A/B runs taking turns (`main` at 5d76aaa vs this branch, same plan files). "
    "Lookups: `show 3-2.5` at 100× 2.07× floor against 1.85× at 1× in the same run (before: 5.33× against "
    "1.44×); in-process the lookup takes 22 ms at 1× and 25 ms at 100× (it was ~190 ms at 100×: every "
    "task and every target point was read); A/B, 100×: `show` 157 vs 436 ms, `tasks --ministry` 146 vs "
    "353 ms, `search 홍` 116 vs 193 ms (medians of 11, interleaved). `tests/test_lookup_cost.py` checks it "
    "without timing: SQLite's virtual-machine steps for `show` stay the same on a 4× plan. Search: one- "
    "and two-letter words are looked up in an index of 1- and 2-grams (`search_grams`), and the count is "
    "no longer a window over the page; A/B sessions at 100×: search keystroke median 31 vs 97 ms, p95 69 "
    "vs 248 ms; 1–2 letters in the box p95 73 vs 261 ms. The slowest short words are those that match "
    "most of the plan (ㅎ alone: 32,000 of 38,500 rows): ranking titles first still reads every match (~35 "
    "ms at 100×). Filters and strategies: the tree adds a level with one invalidation, and a strategy's "
    "panel counted tasks per area in a loop over all tasks for each of its 325 areas and listed them all "
    "(~0.1 s to lay out); it now counts in one pass and lists 30. Opening a strategy at 100×: 98 ms "
    "median (was 174–318 ms); a ministry filter at 100×: 117 / 149 ms median / p95, no slower than at 1× in "
    "this run (244 / 397 ms; opening a strategy: 132 ms at 1×), so what is left is the explorer's frame "
    "on this loaded machine, not the "
    "plan's size.",
    "",
    "**Session 4: this session's regressions (A/B in a pty, 80×24, before/after taking turns, a loaded "
    "2-core machine).** Search keystrokes: the search ran as a Textual thread worker and the key's handler "
    "waited up to 50 ms for it, but a Textual worker only starts when the event loop next runs, so the wait "
    "always ran out (50 ms and a second frame per key); the search thread now starts at once. 1×: median "
    "96 → 14 ms, p95 132 → 27 ms; 100×: median 107 → 26 ms, p95 202 → 91 ms (the slowest short words match "
    "most of the plan: ㅎ alone 32,000 rows, ~25 ms to rank in SQLite; its count now comes from the index). "
    "Lookups: the store's read guard imported `inspect` (~9 ms: ast, dis, tokenize) and `hashlib` (~4 ms) "
    "for every command; 1×, medians of 11 (floor 37 ms): `show 3-2.5` 1.85× → 1.62×, `tasks --ministry "
    "환경부` 2.39× → 1.51×, `search 홍수` 2.31× → 1.57×, `search ㅎㅅ` 2.02× → 1.67×; on 100× `show` also read "
    "and naturally sorted all 1,300 areas with a regex per id (14 → 6 ms). Filter: the tree adds a level "
    '60 children at a time (a "… N개 더" line for the rest; a path adds the chunk around its node: 79 nodes '
    "instead of 317 after a filter on a task deep in a 100× strategy), and the nearest node's panel is drawn "
    "with the filter instead of 0.3 s later (that late frame was the filter's p95). What is left of a "
    "filter is two or three frames: the picker's screen is popped and repainted, then the tree and panels.",
    "",
    "**Fixed since the harness's first run** (the figures above are after the fixes): the task list is read "
    "once per store, and not at all for the first screen (per-strategy counts come from SQL) — 100× first "
    "paint went from 4.3× to ~1.2–1.45× the floor; moving the cursor only moves it (the panels follow once it "
    "rests 0.3 s); search ranks, counts and pages in SQL and snips only the rows it shows (a one-letter query "
    "on the 100× plan: 1.2 s → 0.13 s); a keystroke's echo and its results are one frame (a watcher on the "
    "input instead of `Input.Changed` and a worker), one line per hit, one screenful read per keystroke "
    "(search keystroke p95 ~100–130 ms → 28–30 ms); a one-line key bar replaces Textual's `Footer`, whose "
    "rebuild after every dialog repainted the whole screen a second time (filter 1×: ~120 ms → ~70–80 ms "
    "median); the search, go-to and picker dialogs are made once and reused (a dialog made per use is "
    "removed when it closes, and Textual then repaints the whole screen a second time); the "
    "ambiguous-width question is sent before Textual is imported and its answer read after; the "
    "theme is chosen before the stylesheet is first built (one parse of all CSS instead of two); the tree "
    "no longer measures every open label on each rebuild; the caret does not blink over SSH or with "
    "`--slow-link` (this harness sets neither, so the idle table shows the blink).",
    "",
    "**Bytes.** Over SSH only TERM travels (no COLORTERM), so the harness runs with 256 colours: every styled "
    "segment costs ~20 bytes of SGR and one full 80×24 frame is ~10 KB. VisiData lets curses redraw only the "
    "changed cells (~1.8 KB per ↓); Textual redraws whole widget regions. Opening or closing a dialog "
    "(search, picker, go to) repaints the whole screen, hence 20–40 KB for them.",
    "",
    "**First paint (met: 1.14–1.47× at 1×, 1.22–1.44× at 100×).** The floor is the interpreter plus "
    "importing textual.app (~0.3–0.45 s here). Above it: the explorer's modules (~45 ms), Textual parsing the "
    "stylesheets (~30 ms), the first full layout and render (~40 ms), then Textual's own start-up Resize "
    "repaints the screen once more (~35 ms) before it is still. The plan's size no longer matters: nothing "
    "is read per task before the first screen. With one full frame at start-up left, `--slow-link`'s 15 "
    "frames a second no longer saves bytes on the first paint (both ~16 KB); it still stops the caret's "
    "blinking and the all-motion mouse reports.",
    "",
    "**Search keystroke (met at 1×: p95 26–38 ms and median 15–19 ms across runs; 46 keys a session "
    "since the last runs, 28 before).** One frame per key: the "
    "query (1–4 ms), one screenful of results built as options (~3 ms), one layout and render of the dialog "
    "(~10 ms; the `OptionList` changes its virtual size, which makes Textual lay the dialog out again). At "
    "100× the p95 is ~130–180 ms: one- and two-letter terms are shorter than the trigram index and scan the "
    "whole search table with `instr` (~100k rows, ~60–130 ms); from three letters on the index answers in a "
    "few ms. That index now exists (issue 17.6, above).",
    "",
    "**Filters (2026-11-26, before issue 17.6, see above; 1×: 64–94 ms median; 100×: 99–128 ms median, "
    "110–208 ms p95).** A "
    "filter keeps the cursor where it was (or on the nearest node it leaves) instead of sending it to the "
    "top; to show that node the tree opens its strategy again, and the 100× plan has 325 areas per strategy. "
    "Each tree node costs ~0.17 ms to add (Textual's `TreeNode.add` invalidates the tree each time, ~0.12 ms, "
    "plus our label, ~0.05 ms), so opening one strategy is ~55 ms; after the frame that draws it, Textual "
    "applies the scroll to the cursor and redraws the scrollbar in two small frames (~20–35 ms later). "
    "Sending the cursor to the top instead measured ~70 ms at 100× (the earlier behaviour) but loses the "
    "reader's place; a tree that creates nodes only for the lines on screen would remove the cost, which "
    "Textual's `Tree` does not offer. On the real plan (13 areas) the cost is not visible.",
    "",
    "**CLI lookups (1.29–1.77× across runs, 1.4–1.6× since the last fix: on the budget's edge).** Python's "
    "start-up and the floor's imports are most of it. On top: argparse (with gettext, ~3 ms; its help "
    "formatter imported shutil for every argument added, ~5 ms, until it was given one that measures the "
    "terminal with os), json, our store, "
    "search and output modules (~12 ms, of which ~4 ms is creating the record classes), then the query and "
    "the printing (a few ms). Lookups never import textual, rich's console (when piped), sqlite-utils or "
    "pydantic. The floor itself moves between 39 and 73 ms between runs, so the gap of ~30 ms is near this "
    "machine's noise; what is left to cut would mean replacing argparse or the NamedTuple records.",
    "",
    "**Memory (met: 43 MB).** Importing textual alone peaks at ~32 MB. At 100× the end of a session is now "
    "~64 MB (it was 180 MB when each keystroke kept 200 snipped hits; now one screenful).",
]
