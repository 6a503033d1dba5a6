"""The workspace commands of ``aiplan``: progress (set, show, import, rollup), report, note,
bookmark. Each is a few lines over the library in aiplan_tui.workspace; cli.py registers
them. Mistakes raise cli.UsageError (exit 2); a workspace that cannot be used raises
DataError (exit 3) with its one-line message."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from aiplan_tui.output import FORMATS, Column, default_format, emit
from aiplan_tui.safe import printable
from aiplan_tui.store import DataError, Store

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import Any

    from aiplan_tui.workspace.db import Workspace


def _usage(message: str) -> Exception:
    from aiplan_tui.cli import UsageError

    return UsageError(message)


@contextlib.contextmanager
def opened(store: Store, args: argparse.Namespace) -> Iterator[Workspace]:
    """The workspace for this command; workspace problems become DataError, input mistakes UsageError."""
    from aiplan_tui.workspace.db import Workspace, WorkspaceError
    from aiplan_tui.workspace.migrations import NewerSchema
    from aiplan_tui.workspace.progress import InvalidInput

    path = getattr(args, "workspace", None)
    try:
        workspace = Workspace.for_store(store, Path(path) if path else None)
    except (WorkspaceError, NewerSchema) as error:
        raise DataError(str(error)) from None
    for notice in workspace.notices:
        print(f"aiplan: {printable(notice)}", file=sys.stderr)
    try:
        _report_orphans(store, workspace)
        yield workspace
    except InvalidInput as error:
        raise _usage(str(error)) from None
    except WorkspaceError as error:
        raise DataError(str(error)) from None
    finally:
        workspace.close()


def _report_orphans(store: Store, workspace: Workspace) -> None:
    from aiplan_tui.workspace.progress import orphans

    found = orphans(store, workspace)
    if found:
        named = ", ".join(f"{o.missing}" + (f" ({o.period})" if o.period else "") for o in found[:8])
        more = f" 외 {len(found) - 8}건" if len(found) > 8 else ""
        print(
            f"aiplan: 작업공간의 {len(found)}건이 지금 계획에 없는 id를 가리킵니다 "
            f"(계획이 다시 만들어졌습니다; 지우지 않고 그대로 둡니다): {printable(named)}{more}",
            file=sys.stderr,
        )


def _ministry(store: Store, text: str | None) -> str | None:
    if text is None:
        return None
    from aiplan_tui.cli import ministry_of

    return ministry_of(store, text)


def _period(text: str | None, required: bool = False) -> str | None:
    from aiplan_tui.workspace.progress import InvalidInput, parse_period

    if text is None:
        if required:
            raise _usage("--period가 필요합니다 — 연도 2025 또는 분기 2025Q2처럼 쓰세요")
        return None
    try:
        return parse_period(text)
    except InvalidInput as error:
        raise _usage(str(error)) from None


# progress ------------------------------------------------------------------------------


def cmd_progress(store: Store, args: argparse.Namespace) -> None:
    action = getattr(args, "action", None) or "show"
    {"set": _progress_set, "show": _progress_show, "import": _progress_import, "rollup": _progress_rollup}[action](
        store, args
    )


def _progress_set(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace.progress import (
        ActualChange,
        InvalidInput,
        parse_period,
        parse_status,
        parse_value,
        set_progress,
        task_of,
    )

    fields = {
        k: getattr(args, k) for k in ("status", "note", "issues", "plans", "evidence") if getattr(args, k) is not None
    }
    values: list[ActualChange] = []
    for text in args.actual:
        target, equals, value = text.partition("=")
        if not equals or not target.strip():
            raise _usage(f"--actual {printable(text)}: 목표=값 꼴로 쓰세요 (예: --actual 3-2/t1=12 또는 t1=12잠정)")
        if not value.strip():  # t1= clears the saved value
            values.append((target.strip(), None, False))
            continue
        try:
            number, provisional = parse_value(value)
        except InvalidInput as error:
            raise _usage(str(error)) from None
        values.append((target.strip(), number, provisional or args.provisional))
    try:  # mistakes are found before the workspace is opened (or made)
        task_of(store, args.task)
        parse_period(args.period)
        if fields.get("status"):
            parse_status(fields["status"])
    except InvalidInput as error:
        raise _usage(str(error)) from None
    if not fields and not values:
        raise _usage(
            "바꿀 것이 없습니다 — --status, --note, --issues, --plans, --evidence, --actual 중 하나 이상을 쓰세요"
        )
    with opened(store, args) as workspace:
        entry = set_progress(store, workspace, args.task, args.period, fields, values)
    shown = [entry.status or "상태 미입력"] + [f"{a.target}={a.value}" for a in entry.actuals]
    print(f"저장했습니다: {entry.task} {entry.period} — {', '.join(shown)}")


def _progress_show(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace.progress import as_json, progress, rollup_of, status_label

    ministry = _ministry(store, getattr(args, "ministry", None))
    period = _period(getattr(args, "period", None))
    fmt = getattr(args, "format", None) or default_format(sys.stdout)
    tasks = [t for t in store.all_tasks() if ministry is None or ministry in t.ministries]
    with opened(store, args) as workspace:
        entries = progress(workspace, period=period, tasks=[t.id for t in tasks] if ministry else None)
        summary = rollup_of(store, workspace, period, ministry) if ministry and period else None
    if fmt == "json":
        emit([as_json(e) for e in entries], "json", [])
        return
    titles = {t.id: t.title for t in tasks}
    rows: list[dict[str, Any]] = [
        {
            "task": e.task,
            "title": titles.get(e.task, "(현재 계획에 없는 과제)"),
            "period": e.period,
            "status": status_label(e.status),
            "note": e.note,
            "actuals": ", ".join(f"{a.target}={a.value}" + ("(잠정)" if a.provisional else "") for a in e.actuals),
            "updated_at": e.updated_at,
        }
        for e in entries
    ]
    if summary is not None and fmt in ("table", "plain", "md"):  # people see their ministry's tasks not entered too
        entered = {row["task"]: row for row in rows}
        blank = {"period": period, "status": status_label(None), "note": "", "actuals": "", "updated_at": ""}
        rows = [entered.get(t.id) or {"task": t.id, "title": t.title, **blank} for t in tasks]
    columns = [
        Column("task", "과제", wrap=False),
        Column("title", "과제명"),
        Column("period", "기간", wrap=False),
        Column("status", "상태", wrap=False),
        Column("note", "추진실적"),
        Column("actuals", "실적"),
        Column("updated_at", "고친 때", wrap=False),
    ]
    if fmt == "csv":  # what people typed is never a formula in a spreadsheet
        from aiplan_tui.workspace.report import neutralise

        rows = [{k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
    title = summary.line() if summary else f"추진실적 {len(rows)}건"
    if fmt in ("table", "plain") and summary is not None and fmt == "plain":
        print(summary.line(), file=sys.stderr)
    emit(rows, fmt, columns, title)


def _progress_rollup(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace.progress import rollup

    period = _period(getattr(args, "period", None), required=True) or ""
    with opened(store, args) as workspace:
        found = rollup(store, workspace, period, args.by)
    if getattr(args, "format", None) == "json":
        emit([{"key": r.key, "tasks": r.tasks, "statuses": r.statuses} for r in found], "json", [])
        return
    for entry in found:
        print(entry.line())


def _progress_import(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace import importing
    from aiplan_tui.workspace.report import read_csv

    path = Path(args.file)
    try:
        rows = read_csv(path.read_bytes())
    except OSError as error:
        raise _usage(f"{printable(path)}을(를) 읽을 수 없습니다 ({printable(error.strerror or error)})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise _usage(f"{printable(path)}: {printable(error)}") from None
    with opened(store, args) as workspace:
        changes = importing.plan_changes(store, workspace, rows)
        for change in changes:
            print(printable(change.line()))
        if not changes:
            print("바뀌는 것이 없습니다")
            return
        if args.dry_run:
            print(f"미리보기: {len(changes)}건이 바뀝니다 (--dry-run이라 저장하지 않았습니다)")
            return
        importing.apply(workspace, changes)
    print(f"가져왔습니다: {len(changes)}건")


# report --------------------------------------------------------------------------------


def cmd_report(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace import report

    ministry = _ministry(store, args.ministry)
    period = _period(args.period, required=True) or ""
    if args.output is None and args.report_format in ("xlsx", "hwpx"):
        raise _usage(
            f"{args.report_format} 보고서는 파일로만 씁니다 — -o 보고서.{args.report_format}처럼 파일 이름을 주세요"
        )
    with opened(store, args) as workspace:
        built = report.build(store, workspace, period, ministry)
    try:
        data = report.render(built, args.report_format)
    except report.MissingExtra as error:
        raise _usage(str(error)) from None
    if args.output is None:
        sys.stdout.buffer.write(data if args.report_format == "md" else data.lstrip("\ufeff".encode()))
        sys.stdout.flush()
        return
    target = Path(args.output)
    try:
        report.write_atomic(target, data)
    except OSError as error:
        raise _usage(f"{printable(target)}에 쓰지 못했습니다 ({printable(error.strerror or error)})") from None
    print(f"썼습니다: {printable(target)} ({built.title}, 과제 {len(built.tasks)}개)")


# note, bookmark ------------------------------------------------------------------------


def _node(store: Store, text: str) -> str:
    from aiplan_tui.describe import UnknownId, resolve
    from aiplan_tui.search import normalize

    try:
        return str(resolve(store, normalize(text)).node.id)
    except UnknownId as error:
        raise _usage(str(error)) from None


def cmd_note(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace import notes

    node = _node(store, args.id) if args.id else None
    with opened(store, args) as workspace:
        if node is None:
            found = notes.notes(workspace)
            columns = [Column("node", "id", wrap=False), Column("text", "메모"), Column("updated_by", "쓴 사람")]
            emit([n._asdict() for n in found], _fmt(args), columns, f"메모 {len(found)}건")
            return
        if args.delete or args.text:
            saved = notes.set_note(workspace, node, "" if args.delete else " ".join(args.text))
            print(f"메모를 지웠습니다: {node}" if saved is None else f"메모를 저장했습니다: {node}")
            return
        found_note = notes.note(workspace, node)
    print(f"{node}: {printable(found_note.text)}" if found_note else f"{node}: 메모 없음")


def cmd_bookmark(store: Store, args: argparse.Namespace) -> None:
    from aiplan_tui.workspace import notes

    node = _node(store, args.id) if args.id else None
    with opened(store, args) as workspace:
        if node is None:
            found = notes.bookmarks(workspace)
            columns = [Column("node", "id", wrap=False), Column("created_at", "표시한 때", wrap=False)]
            emit([b._asdict() for b in found], _fmt(args), columns, f"북마크 {len(found)}개")
            return
        changed = notes.set_bookmark(workspace, node, on=not args.delete)
    if args.delete:
        print(f"북마크를 뗐습니다: {node}" if changed else f"{node}에는 북마크가 없습니다")
    else:
        print(f"북마크를 달았습니다: {node}" if changed else f"{node}에는 이미 북마크가 있습니다")


def _fmt(args: argparse.Namespace) -> str:
    return getattr(args, "format", None) or default_format(sys.stdout)


# Options -------------------------------------------------------------------------------

STATUS_HELP = "미착수 · 정상추진 · 관심필요 · 재검토 · 완료 · 중단"
PERIOD_HELP = "기간: 연도 2025 또는 분기 2025Q2"


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="경로",
        default=argparse.SUPPRESS,
        help="작업공간 파일 (기본: 사용자 데이터 폴더의 workspace.db; AIPLAN_WORKSPACE로도)",
    )


def _show_filters(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--ministry", "-m", default=default, metavar="부처", help="이 부처의 과제만 (어떤 이름이든)")
    parser.add_argument("--period", "-p", default=default, metavar="기간", help=PERIOD_HELP)
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default=default, metavar="형식", help="table, plain, json, csv, md"
    )
    _workspace_option(parser)


def progress_options(parser: argparse.ArgumentParser) -> None:
    from aiplan_tui.cli import Parser

    _show_filters(parser, suppress=True)
    actions = parser.add_subparsers(dest="action", parser_class=Parser, metavar="동작")
    change = actions.add_parser(
        "set",
        help="한 과제·기간의 상태, 추진실적, 실적 값을 저장합니다",
        description=f"한 과제·기간의 상태, 추진실적, 실적 값을 저장합니다. 상태: {STATUS_HELP}",
    )
    change.add_argument("task", metavar="과제", help="과제 id (예: 3-2.1)")
    change.add_argument("--period", "-p", required=True, metavar="기간", help=PERIOD_HELP)
    change.add_argument("--status", "-s", metavar="상태", help=STATUS_HELP + " (빈 값이면 지움)")
    change.add_argument("--note", metavar="글", help="추진실적")
    change.add_argument("--issues", metavar="글", help="애로사항")
    change.add_argument("--plans", metavar="글", help="향후계획")
    change.add_argument("--evidence", metavar="글", help="증빙: 문서번호, 파일 경로 또는 URL")
    change.add_argument(
        "--actual",
        action="append",
        default=[],
        metavar="목표=값",
        help="목표의 실적 값: 3-2/t1=12 또는 t1=12 (잠정이면 12잠정; t1= 은 저장된 값을 지움; 여러 번 가능)",
    )
    change.add_argument("--provisional", action="store_true", help="이번 실적 값을 모두 잠정으로")
    _workspace_option(change)
    show = actions.add_parser("show", help="저장한 추진실적을 봅니다", description="저장한 추진실적을 봅니다")
    _show_filters(show, suppress=False)
    bring = actions.add_parser(
        "import", help="보고서 CSV를 작업공간으로 가져옵니다", description="보고서 CSV를 작업공간으로 가져옵니다"
    )
    bring.add_argument("file", metavar="파일", help="`aiplan report --format csv`로 만든 CSV")
    bring.add_argument("--dry-run", action="store_true", help="바뀔 것만 보이고 저장하지 않습니다")
    _workspace_option(bring)
    roll = actions.add_parser("rollup", help="부처·전략·분야별 상태 집계", description="부처·전략·분야별 상태 집계")
    roll.add_argument("--period", "-p", required=True, metavar="기간", help=PERIOD_HELP)
    roll.add_argument(
        "--by", choices=("ministry", "strategy", "area"), default="ministry", help="묶는 기준 (기본 ministry)"
    )
    roll.add_argument("--format", "-f", choices=("text", "json"), default="text", metavar="형식", help="text 또는 json")
    _workspace_option(roll)


def report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ministry", "-m", metavar="부처", help="이 부처의 과제만 (없으면 전체)")
    parser.add_argument("--period", "-p", metavar="기간", help=PERIOD_HELP + " (필수)")
    parser.add_argument(
        "--format",
        "-f",
        dest="report_format",
        required=True,
        choices=("md", "csv", "xlsx", "hwpx"),
        metavar="형식",
        help="md, csv, xlsx (openpyxl), hwpx (한글; python-hwpx)",
    )
    parser.add_argument("--output", "-o", metavar="파일", help="쓸 파일 (md와 csv는 없으면 표준 출력)")
    _workspace_option(parser)


def note_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="id", help="어느 곳이든: 3-2.1, 3-2, 3-2/t1, 요약 (없으면 메모 목록)")
    parser.add_argument("text", nargs="*", metavar="글", help="메모 (없으면 지금 메모를 보입니다)")
    parser.add_argument("--delete", action="store_true", help="메모를 지웁니다 (옛 글은 변경 기록에 남습니다)")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, metavar="형식", help="목록의 출력 형식")
    _workspace_option(parser)


def bookmark_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", metavar="id", help="북마크를 달 곳: 3-2.1, 3-2 (없으면 내 북마크 목록)")
    parser.add_argument("--delete", action="store_true", help="북마크를 뗍니다")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, metavar="형식", help="목록의 출력 형식")
    _workspace_option(parser)


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "progress": ("추진실적: set 저장, show 보기, import 가져오기, rollup 집계", progress_options),
    "report": ("추진실적 보고서를 md, csv, xlsx, hwpx로 씁니다", report_options),
    "note": ("어느 곳에든 메모를 답니다: aiplan note 3-2.1 글", note_options),
    "bookmark": ("북마크: aiplan bookmark 3-2.1, 목록은 aiplan bookmark", bookmark_options),
}
HANDLERS: dict[str, Callable[[Store, argparse.Namespace], None]] = {
    "progress": cmd_progress,
    "report": cmd_report,
    "note": cmd_note,
    "bookmark": cmd_bookmark,
}
