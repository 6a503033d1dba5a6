"""The ``aiplan`` command. Lookups never import textual; only the explorer does.

Exit status: 0 success (zero results too), 2 bad usage or input, 3 missing or damaged data.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from aiplan_tui import __version__, argparse_ko, cli_workspace
from aiplan_tui.korean import topic
from aiplan_tui.output import FORMATS, Column, default_format, emit, print_text
from aiplan_tui.records import Hit, Target, Task
from aiplan_tui.safe import printable
from aiplan_tui.search import normalize, parse, parse_year
from aiplan_tui.settings import AMBIGUOUS_CHOICES, Settings
from aiplan_tui.settings import load as load_settings
from aiplan_tui.store import DataError, Filter, Store, as_dict, default_db_path

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import Any

    from aiplan_tui.output import Row

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
        self.exit(EXIT_USAGE, f"{self.prog}: {printable(message)} (`{self.prog} --help` 참고)\n")


def count_of(text: str) -> int:
    """--limit: 0 (all) or a positive count SQLite can take."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{text!r}: 0(전부)부터 {MAX_LIMIT}까지의 정수를 쓰세요")
    return value


def strategy_of(text: str) -> int:
    """--strategy's form: a strategy number (whether the plan has it is checked in `filter_of`)."""
    if not text.strip().isdigit() or len(text.strip()) > 9:
        raise argparse.ArgumentTypeError(f"{text!r}: 전략 번호를 쓰세요 (예: 1)")
    return int(text)


def plan_strategy(store: Store, number: int | None) -> int | None:
    """A strategy the plan has, or a UsageError naming the ones it has."""
    if number is None:
        return None
    ids = [s.id for s in store.strategies()]
    if number not in ids:
        raise UsageError(f"{topic(str(number))} 전략이 아닙니다 — 이 계획의 전략은 {span_of(ids)}")
    return number


def span_of(numbers: Sequence[int]) -> str:
    """1~4, or 1, 3 when there are gaps: the plan's numbers, short."""
    ordered = sorted(set(numbers))
    if not ordered:
        return "없음"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return str(ordered[0]) if len(ordered) == 1 else f"{ordered[0]}~{ordered[-1]}"
    return ", ".join(map(str, ordered))


MAX_LIMIT = 1_000_000_000


# Understanding filters ----------------------------------------------------------------


def year_of(store: Store, text: str) -> int:
    """A year in any form, inside the years the plan names (a year outside them is a mistake,
    not a filter with no results)."""
    span = store.year_span()
    year = parse_year(normalize(text))
    where = f"{span[0]}–{span[1]}" if span else "연도 없음"
    if year is None:
        raise UsageError(f"{topic(repr(text))} 연도가 아닙니다 — 2024, 24, '24, 24년처럼 쓰세요 ({where})")
    if span is None or not span[0] <= year <= span[1]:
        raise UsageError(f"{topic(str(year))} 이 계획의 연도가 아닙니다 — 이 계획은 {where}")
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
        raise UsageError(f"{topic(wanted)} 이 계획의 부처가 아닙니다 — 혹시 {hint}?")
    raise UsageError(f"{topic(wanted)} 이 계획의 부처가 아닙니다 — `aiplan ministries`가 목록을 보여 줍니다")


def filter_of(store: Store, args: argparse.Namespace, query: str | None = None) -> Filter:
    area = getattr(args, "area", None)
    if area is not None and area not in store.area_ids():
        from aiplan_tui.describe import area_hint

        raise UsageError(f"{topic(repr(area))} 분야가 아닙니다 — {area_hint(store, area)}")
    return Filter(
        ministries=tuple(dict.fromkeys(ministry_of(store, m) for m in getattr(args, "ministry", []))),
        years=tuple(dict.fromkeys(year_of(store, y) for y in getattr(args, "year", []))),
        strategy=plan_strategy(store, getattr(args, "strategy", None)),
        area=area,
        query=parse(query, store.ministry_names(), store.year_span()) if query else None,
    )


# Rows ---------------------------------------------------------------------------------


def task_row(task: Task) -> Row:
    row: Row = as_dict(task)
    row["ministries_written"] = row.pop("written")
    return row


def _worth_saying(key: str, value: Any) -> bool:
    """A point's extra field in JSON: only when it says something (year_stated only when false)."""
    return value is False if key == "year_stated" else value not in (None, False)


def target_row(target: Target) -> Row:
    row: Row = as_dict(target)
    row["series"] = [
        {k: v for k, v in point.items() if k in ("year", "value") or _worth_saying(k, v)} for point in row["series"]
    ]
    return row


TASK_COLUMNS = [
    Column("id", "id", wrap=False),
    Column("title", "과제"),
    Column("when", "시기", wrap=False),
    Column("ministries", "부처"),
]
TASK_TOOL_COLUMNS = [
    Column("id", "id"),
    Column("strategy", "전략"),
    Column("area", "분야"),
    Column("group", "과제군"),
    Column("title", "과제"),
    Column("year", "연도"),
    Column("tentative", "잠정"),
    Column("ministries", "부처"),
]


def say(message: str) -> None:
    """A note for people on stderr (a cut, no results), so piped output stays data."""
    print(f"aiplan: {printable(message)}", file=sys.stderr)


# Commands -----------------------------------------------------------------------------


def cmd_tasks(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import year_label

    tasks = store.tasks(filter_of(store, args, " ".join(args.query) if args.query else None))
    if args.tentative:
        tasks = [t for t in tasks if t.tentative]
    if not tasks and args.format not in ("table", "json"):
        say("과제 0건 — 조건에 맞는 과제가 없습니다")
    if args.format in ("table", "plain"):
        # The shown columns only (TASK_COLUMNS): not every field of every task as a dict.
        rows = [
            {"id": t.id, "title": t.title, "when": year_label(t.year, t.tentative), "ministries": t.ministries}
            for t in tasks
        ]
        emit(rows, args.format, TASK_COLUMNS, f"과제 {len(tasks)}건")
    else:
        emit([task_row(t) for t in tasks], args.format, TASK_TOOL_COLUMNS)


def cmd_targets(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import format_series

    where = filter_of(store, args)
    task = args.task
    if task is not None and store.task(task) is None:
        raise UsageError(f"{topic(repr(task))} 과제가 아닙니다 — 과제 id는 3-2.9처럼 씁니다 (`aiplan tasks`가 목록)")
    targets = store.targets(area=where.area, task=task)
    if args.query:
        query = parse(" ".join(args.query), store.ministry_names(), store.year_span())
        found = {hit.ref for hit in store.search(query, limit=None, kinds=("target",)).hits}
        targets = [t for t in targets if t.id in found]
    if not targets and args.format not in ("table", "json"):
        say("목표 0건 — 조건에 맞는 목표가 없습니다")
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
            rows = [{**r, "series": format_series(t)} for r, t in zip(rows, targets)]
        headers = {"id": "id", "area": "분야", "task": "과제", "subject": "대상", "unit": "단위", "series": "목표"}
        emit(rows, args.format, [Column(k, v) for k, v in headers.items()])


def cmd_search(store: Store, args: argparse.Namespace) -> None:
    text = " ".join(args.query)
    where = filter_of(store, args)
    query = parse(text, store.ministry_names(), store.year_span())
    hits, total = store.search(query, where, limit=args.limit or None, kinds=args.kind or ())
    if len(hits) < total and args.format != "table":
        say(f"‘{query.text}’ {total}건 중 {len(hits)}건만 표시 — -n 0으로 전부")
    elif not hits and args.format != "table":
        say(f"‘{query.text}’ 0건")
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
    series = _series_of(store, hits)
    titles = store.task_titles(list(dict.fromkeys(t for h in hits if h.kind != "task" for t in h.tasks)))
    rows = [
        {
            "id": h.ref,
            "kind": kinds[h.kind],
            "where": h.scope,
            "text": f"{h.snippet} — {series[h.ref]}" if h.ref in series else h.snippet,
            "tasks": _named_tasks(titles, h),
        }
        for h in hits
    ]
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


def _series_of(store: Store, hits: list[Hit]) -> dict[str, str]:
    """The values of the target hits ('22 32% → '27 100%), shown after their name."""
    from aiplan_tui.describe import format_series

    wanted = list(dict.fromkeys(h.ref for h in hits if h.kind == "target"))
    return {t.id: format_series(t) for t in store.targets(ids=wanted) if t.series} if wanted else {}


def _named_tasks(titles: dict[str, str], hit: Hit) -> list[str]:
    """A hit's tasks; a body, target or milestone hit names each with its title (``titles``:
    the titles of every hit's tasks, read at once)."""
    if hit.kind == "task":
        return hit.tasks
    return [f"{t} {titles[t]}" if t in titles else t for t in hit.tasks]


def cmd_show(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.describe import UnknownId, as_json, describe, described, resolve

    try:
        resolved = resolve(store, normalize(args.id))
    except UnknownId as error:
        raise UsageError(str(error)) from None
    if args.format == "json":
        emit([as_json(store, resolved)], "json", [])
    elif args.format == "md":
        from aiplan_tui.plain import to_markdown

        print_text(to_markdown(described(store, resolved, lines_shown=args.lines)).rstrip("\n"))
    else:
        print_text(describe(store, resolved, lines_shown=args.lines))


def cmd_ministries(store: Store, args: argparse.Namespace) -> None:
    ministries = store.ministries()
    if args.all is False:
        ministries = [m for m in ministries if m.tasks or m.kind in ("ministry", "office", "local")]
    rows = [as_dict(m) for m in ministries]
    columns = [
        Column("id", "약칭", wrap=False),
        Column("name", "공식 명칭"),
        Column("name_en", "영문 명칭"),
        Column("tasks", "과제", wrap=False),
        Column("aliases", "다른 이름"),
    ]
    if args.format in ("json", "csv", "md"):
        headers = {"id": "약칭", "name": "공식 명칭", "name_en": "영문 명칭", "kind": "종류", "tasks": "과제"}
        columns = [Column(k, v) for k, v in {**headers, "aliases": "다른 이름"}.items()]
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
    from aiplan_tui.store import REBUILD_HINT

    problems = store.verify()
    if problems:
        raise DataError(
            f"계획 데이터베이스 검사 실패: {printable(store.path)} — {'; '.join(problems)} — {REBUILD_HINT}"
        )
    meta = store.meta()
    counts = store.counts()
    wrong = count_problems(meta.get("counts"), counts)
    if wrong:
        raise DataError(f"계획 데이터베이스의 {wrong}: {printable(store.path)} — {REBUILD_HINT}")
    print(
        f"ok: {printable(store.path)} — 무결성 검사 통과, 내용이 체크섬과 일치, 스키마 {meta['schema_version']} "
        f"(이 aiplan은 {SCHEMA_VERSION}), 체크섬 {meta.get('checksum', '?')[:12]}, "
        + ", ".join(f"{COUNT_NAMES.get(k, k)} {v}" for k, v in counts.items())
    )
    print(check_search_mode(store))


def count_problems(recorded: str | None, counts: dict[str, int]) -> str | None:
    """How the stored rows differ from the counts the build recorded in meta, or None."""
    import json

    try:
        expected = json.loads(recorded) if recorded else None
    except ValueError:
        expected = None
    if not isinstance(expected, dict):
        return "개수가 기록되어 있지 않습니다"
    wrong = [
        f"{COUNT_NAMES.get(k, k)} {counts.get(k, 0)}개 (빌드 때 {v}개)"
        for k, v in expected.items()
        if counts.get(k, 0) != v
    ]
    return f"개수가 빌드 때와 다릅니다: {', '.join(wrong)}" if wrong else None


def check_search_mode(store: Store) -> str:
    """Which way search finds words here: `aiplan check`'s second line."""
    import sqlite3

    if store.fts_problem is None:
        return f"검색: FTS5 trigram 색인 사용 (SQLite {sqlite3.sqlite_version})"
    return f"검색: 색인 없이 기본 테이블에서 찾음 (SQLite {sqlite3.sqlite_version}: {store.fts_problem})"


COUNT_NAMES = {
    "strategies": "전략",
    "areas": "분야",
    "tasks": "과제",
    "items": "본문 항목",
    "targets": "목표",
    "milestones": "일정",
    "ministries": "부처·기관",
    "documents": "문서",
    "corrections": "교정",
}


def cmd_build(args: argparse.Namespace) -> int:
    try:
        from aiplan_tui.build import build
        from aiplan_tui.source import SourceError
    except ModuleNotFoundError as error:  # pydantic, PyYAML and sqlite-utils are the `build` extra (not in aiplan.pyz)
        print(f"aiplan build-db에는 빌드 도구가 필요합니다: pip install 'aiplan-tui[build]' ({error})", file=sys.stderr)
        return EXIT_USAGE

    import sqlite3

    source = Path(args.source)
    target = Path(args.db) if args.db else Path("data/plan.db")
    partial = target.with_name(target.name + ".partial")
    try:
        problem = _build_problem(source, target)
        if problem:
            print(f"aiplan build-db: {printable(problem)}", file=sys.stderr)
            return EXIT_USAGE
        counts = build(source, target)
    except SourceError as error:
        problems = "\n".join(printable(line) for line in str(error).splitlines())
        print(f"aiplan build-db: {printable(source)}의 원본이 올바르지 않습니다:\n{problems}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, sqlite3.Error, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        print(f"aiplan build-db: {printable(target)}에 쓰지 못했습니다 ({printable(reason)})", file=sys.stderr)
        return EXIT_USAGE
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    print(f"만들었습니다: {target} — " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _build_problem(source: Path, target: Path) -> str | None:
    """What is wrong with build-db's paths, before anything is written."""
    for option, path in (("--source", source), ("--db", target)):
        try:
            path.exists()
        except OSError as error:  # a name over 255 bytes, a loop
            return f"{option} {path}을(를) 쓸 수 없습니다 ({error.strerror or error})"
    if not source.is_dir():
        return f"--source {source}은(는) 폴더가 아닙니다 — data/source처럼 *.yaml이 든 폴더를 쓰세요"
    if not any(source.glob("*.yaml")):
        return f"--source {source}에 *.yaml 파일이 없습니다"
    if target.is_dir():
        return f"--db {target}은(는) 폴더입니다 — 만들 파일 이름을 쓰세요 (예: {target / 'plan.db'})"
    if not target.parent.is_dir():
        return f"--db {target}의 폴더 {target.parent}가 없습니다"
    return None


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
    if not _stdin_is_terminal():
        raise UsageError(
            "탐색기는 터미널에서만 열립니다 (표준 입력이 터미널이 아닙니다) — "
            "스크립트에서는 `aiplan search 홍수`, `aiplan show 3-2.9`처럼 조회 명령을 쓰세요"
        )
    settings, warnings = explorer_settings(args)
    workspace = Path(args.workspace) if getattr(args, "workspace", None) else None
    if settings.slow_link:
        os.environ.setdefault("TEXTUAL_FPS", "15")  # read when textual is imported, just below
    if settings.ambiguous_width != "auto":
        return run_explorer(store, start, settings, warnings, workspace)
    from aiplan_tui.tui.probe import AmbiguousWidthProbe

    # The terminal answers while Textual is imported: its round trip costs no time. The probe
    # spans the whole session: an answer later than the wait is read by the explorer (and,
    # the terminal not echoing until the end, never shown).
    with AmbiguousWidthProbe() as probe:
        from aiplan_tui.tui import late_width
        from aiplan_tui.tui.app import PlanApp  # noqa: F401  (imported while the answer travels)

        return run_explorer(
            store, start, settings._replace(ambiguous_width=late_width.start_mode(probe)), warnings, workspace
        )


def run_explorer(
    store: Store, start: str | None, settings: Settings, warnings: list[str], workspace: Path | None = None
) -> int:
    from aiplan_tui.tui.app import PlanApp
    from aiplan_tui.tui.safe_app import data_error_line, is_data_error

    # Everything imported so far lives as long as the process. Left to the cyclic garbage
    # collector, those ~300,000 objects were walked by a full collection that fell just before
    # the first frame (~20-40 ms); frozen, a collection walks only what the explorer makes.
    gc.freeze()
    try:
        app = PlanApp(
            store,
            start=normalize(start) if start else None,
            settings=settings,
            warnings=warnings,
            workspace=workspace,
        )
    except Exception as error:  # read at start-up, before the app runs
        if is_data_error(error):
            raise DataError(data_error_line(error, store.path)) from None
        raise
    app.idle_collector.hold_from_start()  # off since launch.py: back on once the first frame is written
    app.run(mouse=not settings.slow_link)  # all-motion mouse tracking sends every movement over the link
    if app.data_error is not None:
        raise DataError(app.data_error)
    return app.exit_status  # 128+n after a signal, 3 for damaged data, never 0 after a crash


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed
        return False


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
        meta = store.meta()
    except DataError as error:
        print(f"aiplan: 계획 데이터 없음: {error}", file=sys.stderr)
        return EXIT_DATA
    print(
        f"계획 데이터: {printable(meta.get('title', '?'))} ({printable(meta.get('issued', '?'))}), "
        f"스키마 {printable(meta.get('schema_version', '?'))}, 체크섬 {printable(meta.get('checksum', '?'))}\n"
        f"           {printable(store.path)}"
    )
    return 0


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        metavar="형식",
        help="출력 형식: table (터미널 기본), plain (파이프 기본), json, csv, md",
    )


def _filters(parser: argparse.ArgumentParser, ministry: bool = True) -> None:
    if ministry:
        parser.add_argument(
            "--ministry",
            "-m",
            action="append",
            default=[],
            metavar="부처",
            help="부처 (어떤 이름이든: 과기정통부, 과학기술정보통신부, 과기부, MSIT; 여러 번 가능)",
        )
        parser.add_argument(
            "--year",
            "-y",
            action="append",
            default=[],
            metavar="연도",
            help="시작 연도: 2024, 24, '24, 24년 (여러 번 가능)",
        )
    parser.add_argument("--strategy", "-s", type=strategy_of, metavar="전략", help="전략 번호 (예: 1)")
    parser.add_argument("--area", "-a", metavar="분야", help="분야 (예: 3-2)")


def _tasks_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser)
    parser.add_argument("--tentative", action="store_true", help="추진시기가 잠정인 과제만")
    parser.add_argument("query", nargs="*", metavar="검색어", help="과제나 그 본문에 들어 있어야 할 말 (선택)")
    _output(parser)


def _search_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", nargs="+", metavar="검색어", help="찾을 말 (모두 맞아야 함); ㅎㅅ 같은 초성, 부처, 연도도 됩니다"
    )
    _filters(parser)
    parser.add_argument(
        "--kind",
        "-k",
        action="append",
        choices=["task", "area", "target", "item", "milestone", "document"],
        metavar="종류",
        help="이 종류만: task 과제, area 분야, target 목표, item 본문, milestone 일정, document 문서 (여러 번 가능)",
    )
    parser.add_argument("--limit", "-n", type=count_of, default=50, metavar="N", help="최대 N건 (기본 50; 0이면 전부)")
    _output(parser)


def _show_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="전략·분야·과제·본문·목표·일정·문서·부처: 3, 3-2, 3-2.9, 3-2/14, 요약, 환경부")
    parser.add_argument(
        "--format",
        "-f",
        choices=("text", "md", "json"),
        default="text",
        metavar="형식",
        help="text (기본), md (마크다운) 또는 json",
    )
    parser.add_argument("--lines", action="store_true", help="본문에 원문 행 번호(원문 …행)를 함께 표시")


def _ministries_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="계획에 나오는 기관·위원회까지")
    _output(parser)


def _targets_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser, ministry=False)
    parser.add_argument("--task", "-t", metavar="과제", help="과제 id (예: 3-2.5)")
    parser.add_argument("query", nargs="*", metavar="검색어", help="목표에 들어 있어야 할 말 (선택): CCTV, 보건소")
    _output(parser)


def _stats_options(parser: argparse.ArgumentParser) -> None:
    _filters(parser)
    parser.add_argument("query", nargs="*", metavar="검색어", help="과제가 맞아야 할 말 (선택)")
    _output(parser)


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", default="data/source", metavar="폴더", help="YAML 원본 폴더 (기본: data/source)")


def _open_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="시작할 곳: 3-2.9, 1-4, 3, 요약, 환경부")


def _no_options(parser: argparse.ArgumentParser) -> None:
    del parser


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "tasks": ("과제를 조건으로 골라 봅니다", _tasks_options),
    "search": ("모든 것을 찾습니다: 과제, 본문, 목표, 문서", _search_options),
    "show": ("한 곳을 보입니다: 3, 3-2, 3-2.9, 3-2/14, 3-2/t6, 요약, 환경부", _show_options),
    "ministries": ("부처와 그 이름들, 과제 수", _ministries_options),
    "targets": ("계획의 정량 목표 전부", _targets_options),
    "stats": ("전략·분야·연도·부처별 과제 수", _stats_options),
    "open": ("탐색기를 그 자리에서 엽니다: aiplan open 3-2.9", _open_options),
    "check": ("계획 데이터베이스를 검사합니다 (무결성, 내용 체크섬, 스키마, 개수)", _no_options),
    "build-db": ("data/source/*.yaml로 계획 데이터베이스를 만듭니다", _build_options),
    **cli_workspace.COMMANDS,  # progress, report, note, bookmark (the workspace)
}
# Top-level options that take a value: their value is never the command.
VALUE_OPTIONS = ("--db", "--theme", "--ambiguous-width", "--workspace")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (to start faster) the top level and one command's options (none
    for ``only=""``)."""
    argparse_ko.install()
    parser = Parser(
        prog="aiplan",
        description="전국민 AI 일상화 실행계획 (2023. 9.) — 탐색기와 조회 명령. 명령 없이 실행하면 탐색기가 열립니다.",
    )
    parser.add_argument("--db", metavar="경로", help=f"계획 데이터베이스 (기본: {default_db_path()})")
    parser.add_argument("--version", action="store_true", help="aiplan과 계획 데이터의 버전을 보이고 끝냅니다")
    parser.add_argument(
        "--workspace",
        metavar="경로",
        help="작업공간 파일 (기본: 사용자 데이터 폴더의 workspace.db; AIPLAN_WORKSPACE로도)",
    )
    look = parser.add_argument_group(
        "탐색기 화면 (AIPLAN_THEME, AIPLAN_AMBIGUOUS_WIDTH, AIPLAN_ASCII, AIPLAN_SLOW_LINK, settings.json으로도)"
    )
    look.add_argument(
        "--theme",
        metavar="테마",
        help="aiplan-dark (기본), aiplan-light, aiplan-high-contrast, aiplan-ansi, 또는 직접 만든 테마",
    )
    look.add_argument(
        "--ambiguous-width",
        choices=AMBIGUOUS_CHOICES,
        metavar="폭",
        help="터미널이 · → ※ ○ □ 와 상자 선을 그리는 폭: narrow, wide (한글 글꼴, PuTTY의 CJK 설정), "
        "auto (터미널에 묻기; 기본)",
    )
    look.add_argument("--ascii", action="store_true", default=None, help="ASCII 테두리와 기호만")
    look.add_argument(
        "--slow-link",
        action="store_true",
        default=None,
        help="느린 SSH 연결용: 애니메이션·깜빡임·마우스 추적 없이, 화면 갱신을 줄여서",
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser, metavar="명령")
    for name, (summary, configure) in COMMANDS.items():
        if only is None or name == only:
            configure(commands.add_parser(name, help=summary, description=summary))
    return parser


def command_in(arguments: Sequence[str]) -> tuple[str | None, int]:
    """The command and its position: the first word that is not an option or an option's value.
    No command: (None, the position of a word that is not one, or of ``--``), or (None, -1)."""
    skip = False
    for position, argument in enumerate(arguments):
        if skip:
            skip = False
        elif argument == "--":
            return None, position
        elif argument in VALUE_OPTIONS:
            skip = True
        elif not argument.startswith("-"):
            return (argument, position) if argument in COMMANDS else (None, position)
    return None, -1


HANDLERS: dict[str, Callable[[Store, argparse.Namespace], None]] = {
    "tasks": cmd_tasks,
    "search": cmd_search,
    "show": cmd_show,
    "ministries": cmd_ministries,
    "targets": cmd_targets,
    "stats": cmd_stats,
    "check": cmd_check,
    **cli_workspace.HANDLERS,
}


def main(argv: Sequence[str] | None = None) -> int:
    _safe_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    command, position = command_in(arguments)
    if command:
        top_level_help = any(a in ("-h", "--help") for a in arguments[:position])
        only: str | None = None if top_level_help else command
    elif position < 0 and not any(a in ("-h", "--help") for a in arguments):
        only = ""  # the explorer: the top level's options, no command's (~4 ms of every start)
    else:
        only = None  # help lists every command; a word that is none of them is told which are
    args = build_parser(only).parse_args(arguments)
    explorer = args.command in (None, "open") and not args.version
    if not explorer and not gc.isenabled():  # off while starting (launch.py); the explorer's stays off
        # Everything made so far lives as long as the process; left young, the first collection
        # would walk all of it (~3.5 ms of a lookup).
        gc.freeze()
        gc.enable()
    try:
        if args.version:
            return show_version(args.db)
        if getattr(args, "format", "text") is None:
            args.format = default_format(sys.stdout)
        if args.command == "build-db":
            return cmd_build(args)
        if explorer:
            return cmd_explore(args)
        store = Store.open(Path(args.db) if args.db else None)
        HANDLERS[args.command](store, args)
    except UsageError as error:
        print(f"aiplan: {printable(error)}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as error:
        print(f"aiplan: {printable(error)}", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (| head); nothing more to say
    return 0


# Punctuation the messages and the plan use, with what to write where the output encoding
# lacks it: cp949 (Korean Windows, PuTTY) has no em dash, and a '?' in "지점 ? 연도 미기재" or
# "부처가 아닙니다 ? 혹시 …" reads as a question. Anything else missing is still '?'.
NEAREST = {"—": "―", "–": "-", "‘": "'", "’": "'", "′": "'", "“": '"', "”": '"', "…": "...", "→": "->", "·": "."}
NEAREST_ERRORS = "aiplan-nearest"


def _nearest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        near = NEAREST.get(char, "?")
        try:
            near.encode(error.encoding)
        except (UnicodeEncodeError, LookupError):
            near = "?"
        out.append(near)
    return "".join(out), error.end


def _safe_streams() -> None:
    """Never fail on a character the output encoding lacks (cp949, euc-kr, latin-1, ascii):
    write its nearest form the encoding has (NEAREST), else '?', so the exit status still
    means what the contract says."""
    codecs.register_error(NEAREST_ERRORS, _nearest)
    for stream in (sys.stdout, sys.stderr):
        # stdout is strict by default, stderr writes \u2014 escapes: both get the nearest form.
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "backslashreplace"):
            stream.reconfigure(errors=NEAREST_ERRORS)


if __name__ == "__main__":
    raise SystemExit(main())
