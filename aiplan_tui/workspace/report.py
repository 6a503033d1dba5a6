"""The 추진실적 report of one period (for one ministry or all): its content, and writing it as
Markdown, CSV, XLSX (openpyxl) or HWPX (python-hwpx). The two libraries are the optional
``report`` extra; without them the message says how to install them.

Every file is written atomically (a temporary file beside it, fsync, os.replace), so a
crash leaves the old file or the new one, never half of one. CSV cells that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return) are written with
a leading apostrophe, which ``read_csv`` takes off again.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from aiplan_tui.records import Target, Task
from aiplan_tui.store import Store
from aiplan_tui.workspace.db import Workspace, now
from aiplan_tui.workspace.progress import (
    PROVISIONAL,
    Actual,
    Progress,
    Rollup,
    achievement_rate,
    planned_value,
    progress,
    rollup_of,
    status_label,
)

FORMATS = ("md", "csv", "xlsx", "hwpx")
EXTRA_HINT = "pip install 'aiplan-tui[report]'"
KIND_TASK, KIND_TARGET = "과제", "목표"
CSV_HEADERS = (
    ("kind", "구분"),
    ("task", "과제"),
    ("title", "과제명"),
    ("ministries", "부처"),
    ("period", "기간"),
    ("status", "상태"),
    ("note", "추진실적"),
    ("issues", "애로사항"),
    ("plans", "향후계획"),
    ("evidence", "증빙"),
    ("target", "목표"),
    ("subject", "목표 대상"),
    ("unit", "단위"),
    ("planned", "계획값"),
    ("actual", "실적"),
    ("provisional", "잠정"),
    ("rate", "달성률(%)"),
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class MissingExtra(Exception):
    """openpyxl or python-hwpx is not installed; the message says how to get it."""


class TargetLine(NamedTuple):
    target: Target
    planned: float | int | None
    actual: Actual | None
    rate: float | None


class TaskLine(NamedTuple):
    task: Task
    progress: Progress | None
    targets: list[TargetLine]


class Report(NamedTuple):
    ministry: str | None
    period: str
    made_at: str
    made_by: str
    rollup: Rollup | None
    tasks: list[TaskLine]

    @property
    def title(self) -> str:
        return f"추진실적 점검 — {self.ministry or '전체 부처'}, {self.period}"


def build(store: Store, workspace: Workspace, period: str, ministry: str | None = None) -> Report:
    tasks = [t for t in store.all_tasks() if ministry is None or ministry in t.ministries]
    entries = {p.task: p for p in progress(workspace, period=period, tasks=[t.id for t in tasks])}
    lines = []
    for task in tasks:
        entry = entries.get(task.id)
        values = {a.target: a for a in entry.actuals} if entry else {}
        targets = []
        for target in store.targets(task=task.id):
            actual = values.get(target.id)
            rate = achievement_rate(target, period, actual.value) if actual else None
            targets.append(TargetLine(target, planned_value(target, period), actual, rate))
        lines.append(TaskLine(task, entry, targets))
    summary = rollup_of(store, workspace, period, ministry) if ministry else None
    return Report(ministry, period, now(), workspace.user, summary, lines)


def _fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _actual_text(actual: Actual | None) -> str:
    if actual is None:
        return ""
    return _fmt(actual.value) + (f" ({PROVISIONAL})" if actual.provisional else "")


# Rows (CSV and XLSX share them) ------------------------------------------------------------


def rows(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in report.tasks:
        entry = line.progress
        out.append(
            {
                "kind": KIND_TASK,
                "task": line.task.id,
                "title": line.task.title,
                "ministries": "·".join(line.task.ministries),
                "period": report.period,
                "status": entry.status if entry and entry.status else "",
                "note": entry.note if entry else "",
                "issues": entry.issues if entry else "",
                "plans": entry.plans if entry else "",
                "evidence": entry.evidence if entry else "",
            }
        )
        for target in line.targets:
            out.append(
                {
                    "kind": KIND_TARGET,
                    "task": line.task.id,
                    "period": report.period,
                    "target": target.target.id,
                    "subject": target.target.subject,
                    "unit": target.target.unit,
                    "planned": target.planned,
                    "actual": target.actual.value if target.actual else None,
                    "provisional": PROVISIONAL if target.actual and target.actual.provisional else "",
                    "rate": target.rate,
                }
            )
    return out


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (and so does text
    that already starts with apostrophes before such a character, so reading back is exact)."""
    return "'" + text if text.lstrip("'").startswith(_FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return neutralise(str(value))


def to_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _, header in CSV_HEADERS])
    for row in rows(report):
        writer.writerow([_cell(row.get(key)) for key, _ in CSV_HEADERS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Rows of a CSV written by ``to_csv`` (or edited in a spreadsheet), keyed as CSV_HEADERS.
    Raises ValueError naming the missing columns."""
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    keys = {name: key for key, name in CSV_HEADERS}
    missing = [name for name in ("구분", "과제", "기간") if name not in header]
    if missing:
        raise ValueError(
            f"CSV에 열이 없습니다: {', '.join(missing)} — `aiplan report --format csv`로 만든 파일을 쓰세요"
        )
    found = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        row = {keys[name]: unneutralise(value) for name, value in zip(header, values) if name in keys}
        found.append(row)
    return found


def to_md(report: Report) -> bytes:
    out = [f"# {report.title}", "", f"작성 {report.made_at} · {report.made_by}", ""]
    if report.rollup:
        out += [report.rollup.line(), ""]
    for line in report.tasks:
        entry = line.progress
        out += [f"## {line.task.id} {_md(line.task.title)}", "", f"- 부처: {'·'.join(line.task.ministries)}"]
        out.append(f"- 상태: {status_label(entry.status if entry else None)}")
        for key, name in (("note", "추진실적"), ("issues", "애로사항"), ("plans", "향후계획"), ("evidence", "증빙")):
            text = getattr(entry, key) if entry else ""
            if text:
                out.append(f"- {name}: {_md(text)}")
        if line.targets:
            out += ["", "| 목표 | 계획 | 실적 | 달성률 |", "|---|---|---|---|"]
            for target in line.targets:
                planned = f"{_fmt(target.planned)}{target.target.unit}" if target.planned is not None else "—"
                rate = f"{target.rate}%" if target.rate is not None else "—"
                out.append(
                    f"| {target.target.id} {_md(target.target.subject)} | {planned} | "
                    f"{_actual_text(target.actual) or '—'} | {rate} |"
                )
        out.append("")
    return "\n".join(out).encode("utf-8")


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_xlsx(report: Report) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError as error:
        raise MissingExtra(f"XLSX 보고서에는 openpyxl이 필요합니다: {EXTRA_HINT} ({error})") from None
    book = Workbook()
    sheet = book.active
    sheet.title = "추진실적"
    sheet.append([report.title])
    sheet.append([report.rollup.line() if report.rollup else f"작성 {report.made_at} · {report.made_by}"])
    sheet.append([header for _, header in CSV_HEADERS])
    for row in rows(report):
        sheet.append([_xlsx_value(row.get(key)) for key, _ in CSV_HEADERS])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is text, never a formula, whatever it starts with
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_hwpx(report: Report) -> bytes:
    try:
        from hwpx import HwpxDocument
    except ImportError as error:
        raise MissingExtra(
            f"HWPX 보고서에는 python-hwpx(파이썬 3.10 이상)가 필요합니다: {EXTRA_HINT} ({error})"
        ) from None
    document = HwpxDocument.new()
    document.add_paragraph(report.title)
    document.add_paragraph(f"작성 {report.made_at} · {report.made_by}")
    if report.rollup:
        document.add_paragraph(report.rollup.line())
    headers = ("과제", "과제명", "부처", "상태", "추진실적", "애로사항", "향후계획")
    table = document.add_table(len(report.tasks) + 1, len(headers))
    for column, header in enumerate(headers):
        table.set_cell_text(0, column, header)
    for number, line in enumerate(report.tasks, start=1):
        entry = line.progress
        cells = (
            line.task.id,
            line.task.title,
            "·".join(line.task.ministries),
            status_label(entry.status if entry else None),
            entry.note if entry else "",
            entry.issues if entry else "",
            entry.plans if entry else "",
        )
        for column, text in enumerate(cells):
            table.set_cell_text(number, column, text)
    targets = [(line.task.id, target) for line in report.tasks for target in line.targets]
    if targets:
        document.add_paragraph("목표 대비 실적")
        target_headers = ("과제", "목표", "계획", "실적", "달성률")
        grid = document.add_table(len(targets) + 1, len(target_headers))
        for column, header in enumerate(target_headers):
            grid.set_cell_text(0, column, header)
        for number, (task, target) in enumerate(targets, start=1):
            row = (
                task,
                f"{target.target.id} {target.target.subject}",
                f"{_fmt(target.planned)}{target.target.unit}" if target.planned is not None else "—",
                _actual_text(target.actual) or "—",
                f"{target.rate}%" if target.rate is not None else "—",
            )
            for column, text in enumerate(row):
                grid.set_cell_text(number, column, text)
    return bytes(document.to_bytes())


WRITERS = {"md": to_md, "csv": to_csv, "xlsx": to_xlsx, "hwpx": to_hwpx}


def render(report: Report, fmt: str) -> bytes:
    return WRITERS[fmt](report)


def _mode_for(path: Path) -> int:
    """The file's own mode when it exists, else what the umask gives a new file (mkstemp's is 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one whole."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (not possible on every system)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
