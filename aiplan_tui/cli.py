"""The ``aiplan`` command. Lookups never import textual; only the explorer does.

Exit status: 0 success (zero results too), 2 bad usage or input, 3 missing or damaged data.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from aiplan_tui.store import DataError, Store, Target, Task, TaskFilter, default_db_path

FORMATS = ("table", "json", "csv", "md")
EXIT_USAGE = 2
EXIT_DATA = 3


class UsageError(Exception):
    """The user asked for something that does not exist; the message says what would be right."""


# Input understanding ------------------------------------------------------------------


def parse_year(text: str) -> int:
    """2024, 24, '24, ’24, ′24, 24년 → 2024."""
    match = re.fullmatch(r"\s*['’′‘]?(\d{2}|\d{4})\s*년?\s*", text)
    if not match:
        raise UsageError(f"{text!r} is not a year; write it as 2024, 24, '24 or 24년")
    digits = match.group(1)
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def resolve_ministry(text: str, names: dict[str, str], official: dict[str, str]) -> str:
    """Any name form of a ministry → its short id, or a UsageError with the closest names."""
    wanted = text.strip()
    folded = {name.casefold(): ministry for name, ministry in names.items()}
    if wanted.casefold() in folded:
        return folded[wanted.casefold()]
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.4)
    suggestions = list(dict.fromkeys(names[name] for name in close))
    if suggestions:
        hint = ", ".join(f"{m} ({official[m]})" for m in suggestions)
        raise UsageError(f"{wanted} is not a ministry in this plan; did you mean {hint}?")
    raise UsageError(f"{wanted} is not a ministry in this plan; `aiplan ministries` lists them")


# Output -------------------------------------------------------------------------------

Row = dict[str, Any]


def emit(rows: list[Row], fmt: str, columns: list[str], title: str) -> None:
    """Print rows as a table for people, or as json/csv/md for tools."""
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(row[c]) for c in columns] for row in rows])
        out.write(buffer.getvalue())
    elif fmt == "md":
        out.write("| " + " | ".join(columns) + " |\n")
        out.write("|" + "---|" * len(columns) + "\n")
        for row in rows:
            cells = (_cell(row[c]).replace("|", "\\|") for c in columns)
            out.write("| " + " | ".join(cells) + " |\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False, expand=False)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row[c]) for c in columns), style=None)
        Console(markup=False, emoji=False, highlight=False).print(table)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "잠정" if value else ""
    return "" if value is None else str(value)


def task_row(task: Task) -> Row:
    row = asdict(task)
    row["ministries_written"] = row.pop("written")
    return row


def target_row(target: Target) -> Row:
    row = asdict(target)
    row["series"] = [
        {k: v for k, v in point.items() if k in ("year", "value") or v not in (None, False)}
        for point in row["series"]
    ]
    return row


def format_series(target: Target) -> str:
    parts = []
    for point in target.series:
        year = f"'{point.year % 100:02d}" + (f"~'{point.until % 100:02d}" if point.until else "")
        value = f"{point.value:,}" if isinstance(point.value, int) else str(point.value)
        about = point.qualifier if point.qualifier in ("여", "약") else ""
        at_least = " 이상" if point.qualifier == "이상" else ""
        parts.append(f"{year} {value}{about}{target.unit}{at_least}")
    return " → ".join(parts)


# Commands -----------------------------------------------------------------------------


def cmd_tasks(store: Store, args: argparse.Namespace) -> None:
    official = {m.id: m.name for m in store.ministries()}
    names = store.ministry_names()
    where = TaskFilter(
        ministries=tuple(dict.fromkeys(resolve_ministry(m, names, official) for m in args.ministry)),
        years=tuple(dict.fromkeys(parse_year(y) for y in args.year)),
        strategy=args.strategy,
        area=_check_area(store, args.area),
    )
    tasks = store.tasks(where)
    if args.format == "table":
        rows = [
            {**task_row(t), "year": f"'{t.year % 100}" + ("(잠정)" if t.tentative else "")} for t in tasks
        ]
        emit(rows, "table", ["id", "title", "year", "ministries"], f"과제 {len(tasks)}건")
    else:
        emit(
            [task_row(t) for t in tasks],
            args.format,
            ["id", "strategy", "area", "group", "title", "year", "tentative", "ministries"],
            "",
        )


def cmd_targets(store: Store, args: argparse.Namespace) -> None:
    targets = store.targets(area=_check_area(store, args.area), task=args.task)
    if args.format == "table":
        rows = [
            {"id": t.id, "task": t.task, "subject": t.subject, "series": format_series(t)} for t in targets
        ]
        emit(rows, "table", ["id", "task", "subject", "series"], f"목표 {len(targets)}건")
    else:
        rows = [target_row(t) for t in targets]
        if args.format in ("csv", "md"):
            rows = [{**r, "series": format_series(t)} for r, t in zip(rows, targets, strict=True)]
        emit(rows, args.format, ["id", "area", "task", "subject", "unit", "series"], "")


def _check_area(store: Store, area: str | None) -> str | None:
    if area is None:
        return None
    valid = store.area_ids()
    if area not in valid:
        raise UsageError(f"{area!r} is not an area; areas are {', '.join(valid)}")
    return area


def cmd_check(store: Store, args: argparse.Namespace) -> None:
    meta = store.meta()
    counts = store.strategy_counts()
    expected = {"strategies": 4, "areas": 13, "tasks": 78}
    wrong = {k: v for k, v in expected.items() if counts[k] != v}
    if wrong:
        raise DataError(f"plan database at {store.path} has unexpected counts {wrong}; rebuild it")
    print(
        f"ok: {store.path} — schema {meta['schema_version']}, checksum {meta['checksum'][:12]}, "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


def cmd_build(args: argparse.Namespace) -> int:
    from aiplan_tui.build import build
    from aiplan_tui.source import SourceError

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
    store = Store.open(Path(args.db) if args.db else None)
    from aiplan_tui.tui.app import PlanApp

    PlanApp(store).run()
    return 0


# Parser -------------------------------------------------------------------------------


def _formats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiplan", description="전국민 AI 일상화 실행계획 (2023. 9.) — explorer and lookups"
    )
    parser.add_argument("--db", help=f"plan database (default: {default_db_path()})")
    commands = parser.add_subparsers(dest="command")

    tasks = commands.add_parser("tasks", help="list the 78 tasks, filtered")
    tasks.add_argument(
        "--ministry", "-m", action="append", default=[], help="ministry (any name form; repeatable)"
    )
    tasks.add_argument("--year", "-y", action="append", default=[], help="start year: 2024, 24, '24, 24년")
    tasks.add_argument("--strategy", "-s", type=int, choices=range(1, 5), help="strategy 1-4")
    tasks.add_argument("--area", "-a", help="area such as 3-2")
    _formats(tasks)

    targets = commands.add_parser("targets", help="list every quantitative target of the plan")
    targets.add_argument("--area", "-a", help="area such as 3-2")
    targets.add_argument("--task", "-t", help="task id such as 3-2.5")
    _formats(targets)

    commands.add_parser("check", help="verify the plan database (schema, checksum, counts)")

    build = commands.add_parser("build-db", help="build the plan database from data/source/*.yaml")
    build.add_argument(
        "--source", default="data/source", help="curated YAML directory (default: data/source)"
    )
    return parser


HANDLERS: dict[str, Callable[[Store, argparse.Namespace], None]] = {
    "tasks": cmd_tasks,
    "targets": cmd_targets,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "format", "x") is None:
        args.format = "table"
    try:
        if args.command == "build-db":
            return cmd_build(args)
        if args.command is None:
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
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
