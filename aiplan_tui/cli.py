"""The ``aiplan`` command. Lookups never import textual; only the explorer does.

Exit status: 0 success (zero results too), 2 bad usage or input, 3 missing or damaged data.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aiplan_tui import __version__
from aiplan_tui.output import FORMATS, Column, Row, default_format, emit, print_text
from aiplan_tui.schema import FIRST_YEAR, LAST_YEAR
from aiplan_tui.search import normalize, parse, parse_year
from aiplan_tui.settings import AMBIGUOUS_CHOICES, Settings
from aiplan_tui.settings import load as load_settings
from aiplan_tui.store import DataError, Filter, Store, Target, Task, as_dict, default_db_path

EXIT_USAGE = 2
EXIT_DATA = 3


class UsageError(Exception):
    """The user asked for something that does not exist; the message says what would be right."""


class HelpFormatter(argparse.HelpFormatter):
    """argparse makes a formatter for every argument it adds, only to check it, and each one
    imports shutil to measure the terminal: ~5 ms of a lookup. Measure with os, which is
    already loaded (what shutil.get_terminal_size does, minus the import)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_columns() - 2)


def terminal_columns() -> int:
    """$COLUMNS, else the terminal's width, else 80."""
    setting = os.environ.get("COLUMNS", "")
    if setting.isdigit() and int(setting) > 0:
        return int(setting)
    try:
        return os.get_terminal_size(1).columns
    except OSError:  # not a terminal
        return 80


class Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one line, like every other usage error here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


# Understanding filters ----------------------------------------------------------------


def year_of(text: str) -> int:
    year = parse_year(normalize(text))
    if year is None:
        raise UsageError(f"{text!r} is not a year; write it as 2024, 24, '24 or 24년 ({FIRST_YEAR}–{LAST_YEAR})")
    return year


def ministry_of(store: Store, text: str) -> str:
    """Any name form of a ministry → its short id, or a UsageError with the closest names."""
    wanted = normalize(text)
    names = store.ministry_names()
    folded = {name.casefold(): ministry for name, ministry in names.items()}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    import difflib

    official = {m.id: m.name for m in store.ministries()}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.4)
    suggestions = list(dict.fromkeys(names[name] for name in close))
    if suggestions:
        hint = ", ".join(f"{m} ({official[m]})" for m in suggestions)
        raise UsageError(f"{wanted} is not a ministry in this plan; did you mean {hint}?")
    raise UsageError(f"{wanted} is not a ministry in this plan; `aiplan ministries` lists them")


def filter_of(store: Store, args: argparse.Namespace, query: str | None = None) -> Filter:
    area = getattr(args, "area", None)
    if area is not None and area not in store.area_ids():
        raise UsageError(f"{area!r} is not an area; areas are {', '.join(store.area_ids())}")
    return Filter(
        ministries=tuple(dict.fromkeys(ministry_of(store, m) for m in getattr(args, "ministry", []))),
        years=tuple(dict.fromkeys(year_of(y) for y in getattr(args, "year", []))),
        strategy=getattr(args, "strategy", None),
        area=area,
        query=parse(query, store.ministry_names()) if query else None,
    )


# Rows ---------------------------------------------------------------------------------


def task_row(task: Task) -> Row:
    row: Row = as_dict(task)
    row["ministries_written"] = row.pop("written")
    return row


def target_row(target: Target) -> Row:
    row: Row = as_dict(target)
    row["series"] = [
        {k: v for k, v in point.items() if k in ("year", "value") or v not in (None, False)} for point in row["series"]
    ]
    return row


TASK_COLUMNS = [
    Column("id", "id", wrap=False),
    Column("title", "과제"),
    Column("when", "시기", wrap=False),
    Column("ministries", "부처"),
]
TASK_TOOL_COLUMNS = [
    Column(k, k) for k in ("id", "strategy", "area", "group", "title", "year", "tentative", "ministries")
]


# Commands -----------------------------------------------------------------------------


def cmd_tasks(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import year_label

    tasks = store.tasks(filter_of(store, args, " ".join(args.query) if args.query else None))
    if args.format in ("table", "plain"):
        rows = [{**task_row(t), "when": year_label(t.year, t.tentative)} for t in tasks]
        emit(rows, args.format, TASK_COLUMNS, f"과제 {len(tasks)}건")
    else:
        emit([task_row(t) for t in tasks], args.format, TASK_TOOL_COLUMNS)


def cmd_targets(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import format_series

    where = filter_of(store, args)
    task = args.task
    if task is not None and store.task(task) is None:
        raise UsageError(f"{task!r} is not a task; task ids look like 3-2.9 (`aiplan tasks` lists them)")
    targets = store.targets(area=where.area, task=task)
    if where.strategy is not None:
        targets = [t for t in targets if t.area and t.area.startswith(f"{where.strategy}-")]
    if args.format in ("table", "plain"):
        rows = [{"id": t.id, "task": t.task, "subject": t.subject, "series": format_series(t)} for t in targets]
        columns = [
            Column("id", "id", wrap=False),
            Column("task", "과제", wrap=False),
            Column("subject", "대상"),
            Column("series", "목표"),
        ]
        emit(rows, args.format, columns, f"목표 {len(targets)}건")
    else:
        rows = [target_row(t) for t in targets]
        if args.format in ("csv", "md"):
            rows = [{**r, "series": format_series(t)} for r, t in zip(rows, targets, strict=True)]
        emit(rows, args.format, [Column(k, k) for k in ("id", "area", "task", "subject", "unit", "series")])


def cmd_search(store: Store, args: argparse.Namespace) -> None:
    text = " ".join(args.query)
    where = filter_of(store, args)
    query = parse(text, store.ministry_names())
    hits, total = store.search(query, where, limit=args.limit or None, kinds=args.kind or ())
    if args.format in ("json",):
        emit([as_dict(h) for h in hits], "json", [])
        return
    kinds = {
        "task": "과제",
        "area": "분야",
        "target": "목표",
        "item": "본문",
        "milestone": "일정",
        "document": "문서",
    }
    rows = [{"id": h.ref, "kind": kinds[h.kind], "where": h.scope, "text": h.snippet, "tasks": h.tasks} for h in hits]
    columns = [
        Column("id", "id", wrap=False),
        Column("kind", "종류", wrap=False),
        Column("text", "내용"),
        Column("tasks", "과제"),
    ]
    understood = ", ".join(f"{g.word}→{g.meaning}" for g in query.groups if g.meaning != "text")
    shown = f" 중 처음 {len(hits)}건" if len(hits) < total else ""
    title = f"‘{query.text}’ {total}건{shown}" + (f" ({understood})" if understood else "")
    emit(rows, args.format, columns, title, marks=[h.marks for h in hits], marked="text")


def cmd_show(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import UnknownId, as_json, describe, resolve

    try:
        resolved = resolve(store, normalize(args.id))
    except UnknownId as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        emit([as_json(store, resolved)], "json", [])
    else:
        print_text(describe(store, resolved))


def cmd_ministries(store: Store, args: argparse.Namespace) -> None:
    ministries = store.ministries()
    if args.all is False:
        ministries = [m for m in ministries if m.tasks or m.kind in ("ministry", "office", "local")]
    rows = [as_dict(m) for m in ministries]
    columns = [
        Column("id", "약칭", wrap=False),
        Column("name", "공식 명칭"),
        Column("name_en", "English"),
        Column("tasks", "과제", wrap=False),
        Column("aliases", "다른 이름"),
    ]
    if args.format in ("json", "csv", "md"):
        columns = [Column(k, k) for k in ("id", "name", "name_en", "kind", "tasks", "aliases")]
    emit(rows, args.format, columns, f"부처·기관 {len(rows)}곳")


def cmd_stats(store: Store, args: argparse.Namespace) -> None:
    where = filter_of(store, args, " ".join(args.query) if args.query else None)
    facets = store.facets(where)
    tasks = store.tasks(where)
    if args.format == "json":
        emit([{"tasks": len(tasks), "counts": store.counts(), **as_dict(facets)}], "json", [])
        return
    rows: list[Row] = [{"facet": "전체", "value": "과제", "count": len(tasks)}]
    rows += [{"facet": "전략", "value": k, "count": v} for k, v in facets.strategies.items()]
    rows += [{"facet": "분야", "value": k, "count": v} for k, v in facets.areas.items()]
    rows += [{"facet": "연도", "value": k, "count": v} for k, v in facets.years.items()]
    rows += [{"facet": "부처", "value": k, "count": v} for k, v in facets.ministries.items()]
    columns = [
        Column("facet", "구분", wrap=False),
        Column("value", "값"),
        Column("count", "과제 수", wrap=False),
    ]
    emit(rows, args.format, columns, "과제 통계 (각 구분은 그 구분의 필터를 뺀 나머지 필터로 셉니다)")


def cmd_check(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.schema import SCHEMA_VERSION

    meta = store.meta()
    counts = store.counts()
    expected = {"strategies": 4, "areas": 13, "tasks": 78}
    wrong = {k: v for k, v in expected.items() if counts[k] != v}
    if wrong:
        raise DataError(f"plan database at {store.path} has unexpected counts {wrong}: rebuild it")
    problems = store.rows("pragma quick_check")
    if problems[0][0] != "ok":
        raise DataError(f"plan database at {store.path} fails its integrity check: {problems[0][0]}")
    print(
        f"ok: {store.path} — schema {meta['schema_version']} (this aiplan reads {SCHEMA_VERSION}), "
        f"checksum {meta['checksum'][:12]}, " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


def cmd_build(args: argparse.Namespace) -> int:
    try:
        from aiplan_tui.build import build
        from aiplan_tui.source import SourceError
    except ModuleNotFoundError as error:  # aiplan.pyz carries only what lookups and the explorer need
        print(f"aiplan build-db needs the full install (`pip install aiplan-tui`): {error}", file=sys.stderr)
        return EXIT_USAGE

    source = Path(args.source)
    target = Path(args.db) if args.db else Path("data/plan.db")
    try:
        counts = build(source, target)
    except SourceError as error:
        print(f"aiplan build-db: the source in {source} is invalid:\n{error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"built {target}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_explore(args: argparse.Namespace) -> int:
    from aiplan_tui.tui.encoding import refusal

    if (message := refusal(os.environ)) is not None:  # a non-UTF-8 terminal would show mojibake
        sys.stderr.buffer.write(message)
        sys.stderr.flush()
        return EXIT_USAGE
    store = Store.open(Path(args.db) if args.db else None)
    start = getattr(args, "id", None)
    if start is not None:
        from aiplan_tui.describe import UnknownId, resolve

        try:
            resolve(store, normalize(start))
        except UnknownId as error:
            raise UsageError(str(error)) from None
    settings, warnings = explorer_settings(args)
    if settings.slow_link:
        os.environ.setdefault("TEXTUAL_FPS", "15")  # read when textual is imported, just below
    if settings.ambiguous_width == "auto":
        from aiplan_tui.tui.probe import AmbiguousWidthProbe

        # The terminal answers while Textual is imported: its round trip costs no time.
        with AmbiguousWidthProbe() as probe:
            from aiplan_tui.tui.app import PlanApp

            settings = settings._replace(ambiguous_width="wide" if probe.answer() == 2 else "narrow")
    from aiplan_tui.tui.app import PlanApp
    from aiplan_tui.tui.safe_app import data_error_line, is_data_error

    try:
        app = PlanApp(store, start=normalize(start) if start else None, settings=settings, warnings=warnings)
    except Exception as error:  # read at start-up, before the app runs
        if is_data_error(error):
            raise DataError(data_error_line(error, store.path)) from None
        raise
    app.run(mouse=not settings.slow_link)  # all-motion mouse tracking sends every movement over the link
    if app.data_error is not None:
        raise DataError(app.data_error)
    return app.exit_status  # 128+n after a signal, 3 for damaged data, never 0 after a crash


def explorer_settings(args: argparse.Namespace) -> tuple[Settings, list[str]]:
    """Settings file < environment < command line (`auto` is settled by asking the terminal)."""
    warnings: list[str] = []
    settings = load_settings(warnings)
    flags = {
        "theme": args.theme,
        "ambiguous_width": args.ambiguous_width,
        "ascii": True if args.ascii else None,
        "slow_link": True if args.slow_link else None,
    }
    return settings._replace(**{k: v for k, v in flags.items() if v is not None}), warnings


# Parser -------------------------------------------------------------------------------


def show_version(db: str | None) -> int:
    """--version: aiplan's version and the plan data's (exit 3 if the database is missing or damaged).
    Handled after parsing, so `--db` counts wherever it is written."""
    print(f"aiplan {__version__}", flush=True)
    try:
        store = Store.open(Path(db) if db else None)
    except DataError as error:
        print(f"aiplan: no plan data: {error}", file=sys.stderr)
        return EXIT_DATA
    meta = store.meta()
    print(
        f"plan data: {meta.get('title', '?')} ({meta.get('issued', '?')}), schema {meta['schema_version']}, "
        f"checksum {meta.get('checksum', '?')}\n           {store.path}"
    )
    return 0


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="output: table (default on a terminal), plain (default when piped), json, csv or md",
    )


def _filters(parser: argparse.ArgumentParser, ministry: bool = True) -> None:
    if ministry:
        parser.add_argument(
            "--ministry",
            "-m",
            action="append",
            default=[],
            help="ministry in any name form: 과기정통부, 과학기술정보통신부, 과기부, MSIT (repeatable)",
        )
        parser.add_argument(
            "--year", "-y", action="append", default=[], help="start year: 2024, 24, '24 or 24년 (repeatable)"
        )
    parser.add_argument("--strategy", "-s", type=int, choices=range(1, 5), help="strategy 1-4")
    parser.add_argument("--area", "-a", help="area such as 3-2")


def _tasks_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser)
    parser.add_argument("query", nargs="*", help="optional words the task or its body text must contain")
    _output(parser)


def _search_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help="words (all must match); 초성 such as ㅎㅅ; ministries; years")
    _filters(parser)
    parser.add_argument(
        "--kind",
        "-k",
        action="append",
        choices=["task", "area", "target", "item", "milestone", "document"],
        help="only hits of this kind (repeatable)",
    )
    parser.add_argument("--limit", "-n", type=int, default=50, help="at most this many hits (default 50; 0 for all)")
    _output(parser)


def _show_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="strategy, area, task, item, target, document or ministry")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text", help="text (default) or json")


def _ministries_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="also agencies and committees the plan names")
    _output(parser)


def _targets_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser, ministry=False)
    parser.add_argument("--task", "-t", help="task id such as 3-2.5")
    _output(parser)


def _stats_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser)
    parser.add_argument("query", nargs="*", help="optional words the tasks must match")
    _output(parser)


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default="data/source", help="curated YAML directory (default: data/source)")


def _open_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="where to start: 3-2.9, 1-4, 3, summary, 환경부")


def _no_options(parser: argparse.ArgumentParser) -> None:
    del parser


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "tasks": ("list the 78 tasks, filtered", _tasks_options),
    "search": ("search everything: tasks, body text, targets, documents", _search_options),
    "show": ("print one node: 3, 3-2, 3-2.9, 3-2/14, 3-2/t6, summary, 환경부", _show_options),
    "ministries": ("list ministries with their name forms and task counts", _ministries_options),
    "targets": ("list every quantitative target of the plan", _targets_options),
    "stats": ("task counts per strategy, area, year and ministry", _stats_options),
    "open": ("open the explorer at an id: aiplan open 3-2.9", _open_options),
    "check": ("verify the plan database (schema version, checksum, counts)", _no_options),
    "build-db": ("build the plan database from data/source/*.yaml", _build_options),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (to start faster) the top level and one command's options."""
    parser = Parser(
        prog="aiplan",
        description="전국민 AI 일상화 실행계획 (2023. 9.) — explorer and lookups. "
        "Without a command, opens the explorer.",
    )
    parser.add_argument("--db", help=f"plan database (default: {default_db_path()})")
    parser.add_argument("--version", action="store_true", help="show aiplan's version and the plan data's, and exit")
    look = parser.add_argument_group(
        "explorer display (also AIPLAN_THEME, AIPLAN_AMBIGUOUS_WIDTH, AIPLAN_ASCII, "
        "AIPLAN_SLOW_LINK, and settings.json)"
    )
    look.add_argument(
        "--theme", help="aiplan-dark (default), aiplan-light, aiplan-high-contrast, aiplan-ansi, or yours"
    )
    look.add_argument(
        "--ambiguous-width",
        choices=AMBIGUOUS_CHOICES,
        help="how the terminal draws · → ※ ○ □ and box lines: narrow, wide (Korean fonts, PuTTY's CJK option), "
        "or auto (ask the terminal; the default)",
    )
    look.add_argument("--ascii", action="store_true", default=None, help="ASCII borders and symbols only")
    look.add_argument(
        "--slow-link",
        action="store_true",
        default=None,
        help="for poor SSH links: no animation, no blinking, no mouse tracking, fewer frames",
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser, metavar="COMMAND")
    for name, (summary, configure) in COMMANDS.items():
        if only is None or name == only:
            configure(commands.add_parser(name, help=summary, description=summary))
    return parser


HANDLERS: dict[str, Callable[[Store, argparse.Namespace], None]] = {
    "tasks": cmd_tasks,
    "search": cmd_search,
    "show": cmd_show,
    "ministries": cmd_ministries,
    "targets": cmd_targets,
    "stats": cmd_stats,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in arguments if not a.startswith("-") and a in COMMANDS), None)
    top_level_help = any(a in ("-h", "--help") for a in arguments[: arguments.index(command)]) if command else True
    args = build_parser(None if top_level_help else command).parse_args(arguments)
    if args.version:
        return show_version(args.db)
    if getattr(args, "format", "text") is None:
        args.format = default_format(sys.stdout)
    try:
        if args.command == "build-db":
            return cmd_build(args)
        if args.command in (None, "open"):
            return cmd_explore(args)
        store = Store.open(Path(args.db) if args.db else None)
        HANDLERS[args.command](store, args)
    except UsageError as error:
        print(f"aiplan: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as error:
        print(f"aiplan: {error}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head); nothing more to say
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
