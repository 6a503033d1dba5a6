"""benchmarks/REPORT.md from the figures of one run: the budgets, the tables, and what limits each."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.explorer import Interaction, Paint, Plan, VisiData
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


@dataclass(frozen=True)
class Budget:
    what: str
    limit: str
    measured: str
    met: bool


def seconds_of(bursts: Sequence[Burst]) -> list[float]:
    return [b.seconds for b in bursts]


def firsts_of(bursts: Sequence[Burst]) -> list[float]:
    return [b.first for b in bursts]


def sizes_of(bursts: Sequence[Burst]) -> list[float]:
    return [float(b.size) for b in bursts]


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
        Budget("1×: tree move, p95", "≤ 30 ms", f"{p95(moves) * 1000:.0f} ms", p95(moves) <= 0.030),
        Budget("1×: search keystroke, p95", "≤ 30 ms", f"{p95(keys) * 1000:.0f} ms", p95(keys) <= 0.030),
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
            "≤ 2× floor",
            f"{big.paint_ratio():.2f}× floor",
            big.paint_ratio() <= 2.0,
        ),
    ]
    applied = seconds_of(big.session.apply_filter)
    found.append(
        Budget(f"{big.label}: ministry filter, p95", "≤ 100 ms", f"{p95(applied) * 1000:.0f} ms", p95(applied) <= 0.100)
    )
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
        "them with ⌫.",
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
        *LIMITS,
    ]
    if not figures.vd_installed:
        lines += ["", "VisiData is not installed in this environment: `pip install visidata` to compare."]
    return "\n".join(lines) + "\n"


def write_report(figures: Figures, path: Path) -> str:
    text = render(figures)
    path.write_text(text, encoding="utf-8")
    return text


COMMANDS = [
    "## Commands",
    "",
    "```sh",
    ".venv/bin/python benchmarks/run.py            # everything above; writes this file (about 5 minutes)",
    ".venv/bin/python benchmarks/run.py --quick    # a smoke run: 2× plan, few samples (tests/test_benchmarks.py)",
    ".venv/bin/python benchmarks/generate.py --scale 100   # only the large plan → benchmarks/out/plan-100x.db",
    "# profiling used for the notes below",
    '.venv/bin/python -X importtime -c "import aiplan_tui.cli, aiplan_tui.tui.app" 2>&1 | sort -t"|" -k2 -n',
    ".venv/bin/pyinstrument -m aiplan_tui --db benchmarks/out/plan-100x.db   # quit with q; or PlanApp.run_test",
    "```",
    "",
    "VisiData (`vd`) and pyinstrument are installed in the venv by hand (`pip install visidata pyinstrument`); "
    "they are not dependencies of the project. Without `vd` its rows are left out. The generated plan is "
    "accepted by `Store.open` and the explorer, but `aiplan check` rejects it on purpose (its counts are "
    "not the plan's).",
]

LIMITS: list[str] = [
    *COMMANDS,
    "",
    "## What limits each figure, and what would fix it",
    "",
    "Profiled with pyinstrument and cProfile (the explorer in-process under Textual's pilot at 80×24) and "
    "`python -X importtime`. Medians on this 2-core machine move by ±15% from run to run.",
    "",
    "**Fixed after the first run of this harness** (the figures above are after the fixes): (1) the task "
    "list is read once per store (the database is immutable while open) instead of seven times at start-up "
    "and three more per filter — at 100× each read took 0.25 s, so first paint went from 4.3× to 1.9–2.2× "
    "the floor (two runs) and RSS at the end of a session no longer grows with it; (2) moving the cursor only "
    "moves it: the text and targets panels follow once the cursor rests for 0.3 s (and at once on ⏎ or a "
    "jump), so a tree "
    "move went from ~314 ms p95 and ~13.5 KB to the figures above. The panel's own cost when it does follow is "
    "the “open a task (⏎)” row: ~0.1 s and ~11 KB, Rich wrapping the text and Textual laying the panel out "
    "(an auto-height `Static` in a `VerticalScroll`) two or three times; (3) the caret no longer blinks over "
    "SSH (`SSH_CONNECTION` set) or with `--slow-link`; this harness sets neither, so the idle table still "
    "shows the blink (~1.2–1.6 KB/s).",
    "",
    "**Bytes.** Over SSH only TERM travels (no COLORTERM), so the harness runs with 256 colours: every styled "
    "segment costs ~20 bytes of SGR and one full 80×24 frame is ~10 KB. VisiData lets curses redraw only the "
    "changed cells (~1.8 KB per ↓). Actions that open or close a dialog (search, picker, go to) repaint the "
    "whole screen, hence 19–57 KB for them.",
    "",
    "**First paint, 1× (1.38–1.52× the floor across runs: on the budget's edge).** The floor is the "
    "interpreter plus importing textual.app (~0.25 s). Above it: the "
    "explorer's modules (+35–50 ms), parsing the stylesheets (~60 ms), then Textual lays the screen out several "
    "times and writes two or three full frames before it is still (the detail panel's auto height, "
    "`tree.focus()` in `on_mount`, the first Resize, the footer's recompose). The ambiguous-width probe costs "
    "one round trip before the first paint (0.25 s where a terminal never answers); sending the query before "
    "importing textual and reading the reply after would hide it — not done yet.",
    "",
    "**Filters, 100× (missed: 160–220 ms p95 in two runs).** The plan's size no longer matters: the 1× "
    "filter costs the same (~180 ms). It is bounded by closing the picker: Textual repaints the whole "
    "screen under the dialog "
    "(~19 KB) and rebuilds the tree's top level with new counts. To try: update the counts in place instead of "
    "reloading the tree, and keep the picker's screen cached.",
    "",
    "**Search keystroke (missed: 100–130 ms p95 at 1×, ~0.5 s at 100×).** The typed syllable shows within ~10 ms "
    "(first response); the results follow in a later frame. At 1× the query takes 1–25 ms; the rest is Textual "
    "drawing the input and the result list in separate frames, each with a layout pass in which the "
    "`OptionList` measures all of its (up to 200) options. At 100× one- and two-letter terms are shorter than "
    "the trigram index, so they scan the search table with `instr` and every match is loaded and snippeted "
    "before the cut to 200. To fix: hold ~50 options, search inside the key handler so echo and results share "
    "a frame, and rank and cut in SQL before making snippets.",
    "",
    "**CLI lookups (missed by a hair: 1.5–1.8× in this run, 1.4–1.6× in others).** Python's start-up and the "
    "floor's imports are most of it; on top come argparse, json, typing and our store/search/output modules "
    "(~15 ms) and the queries (a few ms). Lookups never import textual, sqlite-utils or pydantic. The floor "
    "itself moves between 39 and 63 ms from run to run here, so the remaining gap is inside this machine's "
    "noise; what is left to cut is argparse (~5 ms with its help formatter) and `typing`.",
    "",
    "**Memory.** Importing textual alone peaks at ~32 MB; the explorer stays under 50 MB on the 1× plan with "
    "every strategy open. At 100× the end-of-session figure is dominated by the search results kept per "
    "keystroke (200 hits with snippets).",
]
