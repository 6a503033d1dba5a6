"""Reading a report CSV back into the workspace: first the list of changes (what --dry-run
shows), then applying them all in one save. A blank 실적 leaves the value as it is."""

from __future__ import annotations

from typing import Any, NamedTuple

from aiplan_tui.store import Store
from aiplan_tui.workspace.db import Workspace
from aiplan_tui.workspace.progress import (
    FIELD_NAMES,
    PROVISIONAL,
    TEXT_FIELDS,
    InvalidInput,
    parse_period,
    parse_status,
    parse_value,
    progress,
    save,
    target_of,
    task_of,
)
from aiplan_tui.workspace.report import KIND_TARGET, KIND_TASK


class Change(NamedTuple):
    task: str
    period: str
    field: str  # status, note, issues, plans, evidence, or a target id
    old: Any
    new: Any

    def line(self) -> str:
        name = FIELD_NAMES.get(self.field, f"실적 {self.field}")
        return f"{self.task} {self.period} {name}: {_show(self.old)} → {_show(self.new)}"


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(없음)"
    if isinstance(value, tuple):
        number, provisional = value
        return f"{number}" + (f" ({PROVISIONAL})" if provisional else "")
    return repr(value) if isinstance(value, str) else str(value)


def plan_changes(store: Store, workspace: Workspace, rows: list[dict[str, str]]) -> list[Change]:
    """What importing ``rows`` would change; InvalidInput names the first bad row (line numbers
    count the header as line 1)."""
    current = {(p.task, p.period): p for p in progress(workspace)}
    changes: list[Change] = []
    for number, row in enumerate(rows, start=2):
        try:
            task = task_of(store, row.get("task", ""))
            period = parse_period(row.get("period", ""))
            entry = current.get((task.id, period))
            kind = row.get("kind", "").strip()
            if kind == KIND_TASK:
                status = row.get("status", "").strip()
                wanted: dict[str, Any] = {"status": parse_status(status) if status else None}
                wanted.update({f: row.get(f, "") for f in TEXT_FIELDS if f in row})
                for field, new in wanted.items():
                    old = getattr(entry, field) if entry else (None if field == "status" else "")
                    if old != new:
                        changes.append(Change(task.id, period, field, old, new))
            elif kind == KIND_TARGET:
                if not row.get("actual", "").strip():
                    continue
                target = target_of(store, task, row.get("target", ""))
                value, provisional = parse_value(row["actual"])
                provisional = provisional or row.get("provisional", "").strip() == PROVISIONAL
                old_actual = next((a for a in entry.actuals if a.target == target.id), None) if entry else None
                old_value = (old_actual.value, old_actual.provisional) if old_actual else None
                if old_value != (value, provisional):
                    changes.append(Change(task.id, period, target.id, old_value, (value, provisional)))
            else:
                raise InvalidInput(f"구분 {kind!r}을(를) 모릅니다 — {KIND_TASK} 또는 {KIND_TARGET}")
        except InvalidInput as error:
            raise InvalidInput(f"{number}행: {error}") from None
    return changes


def apply(workspace: Workspace, changes: list[Change]) -> None:
    """Apply ``changes`` (from plan_changes) in one transaction: all or nothing."""
    grouped: dict[tuple[str, str], tuple[dict[str, Any], list[tuple[str, float | int, bool]]]] = {}
    for change in changes:
        fields, values = grouped.setdefault((change.task, change.period), ({}, []))
        if change.field in ("status", *TEXT_FIELDS):
            fields[change.field] = change.new
        else:
            values.append((change.field, change.new[0], change.new[1]))
    with workspace.write() as writer:
        for (task, period), (fields, values) in grouped.items():
            save(writer, task, period, fields, values)
