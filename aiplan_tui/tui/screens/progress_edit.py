"""`e`: a task's progress for one period — status, 추진실적, 애로사항, 향후계획, 증빙, and an
actual value (잠정/확정) for each of its targets beside the plan's value for that period.

Pre-filled from what is saved. Only what the user changed is sent (``set_progress`` keeps the
rest, so two people editing different fields of one task lose nothing). Changing the period
reloads the fields the user has not touched; typed ones keep their text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from aiplan_tui.records import Target, Task
from aiplan_tui.store import Store
from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.screens.editing import EditorScreen
from aiplan_tui.workspace.progress import (
    FIELD_NAMES,
    STATUSES,
    TEXT_FIELDS,
    ActualChange,
    InvalidInput,
    Progress,
    parse_period,
    parse_value,
    planned_value,
    set_progress,
    status_label,
)

if TYPE_CHECKING:
    from aiplan_tui.workspace.db import Workspace

AREAS = {"note": 3, "issues": 2, "plans": 2}  # the text areas and their heights
Loader = Callable[[str], "Progress | None"]


class Saved(NamedTuple):
    """What the fields hold when nothing has been typed: the saved progress of a period."""

    fields: dict[str, str]  # status ('' when none) and the text fields
    actuals: dict[str, tuple[float | int, bool]]  # target id → (value, provisional)

    @classmethod
    def of(cls, entry: Progress | None) -> Saved:
        if entry is None:
            return cls({"status": "", **{f: "" for f in TEXT_FIELDS}}, {})
        fields = {"status": entry.status or "", **{f: getattr(entry, f) for f in TEXT_FIELDS}}
        return cls(fields, {a.target: (a.value, a.provisional) for a in entry.actuals})


class StatusSelect(Select[str]):
    """The status: enter (↓ ↑ space) opens the list as in any Select; ← → step through the
    statuses as their keys pass (not later, as bindings are), so keys typed ahead in one burst
    (a slow SSH link) keep their order — the list opens asynchronously and keys that arrive
    before it are lost."""

    def on_key(self, event: events.Key) -> None:
        if event.key in ("left", "right"):
            event.stop()
            event.prevent_default()
            values = [value for _, value in self._options]  # Select.NULL (미입력) first
            index = values.index(self.value) if self.value in values else 0
            self.value = values[(index + (1 if event.key == "right" else -1)) % len(values)]


def number_text(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


class ProgressEditScreen(EditorScreen):
    def __init__(self, task: Task, targets: Sequence[Target], period: str, load: Loader, ascii: bool = False) -> None:
        super().__init__()
        self.plan_task = task
        self.targets = list(targets)
        self.period = period
        self.first_period = period
        self.load = load
        self.ascii = ascii
        self.saved = Saved.of(load(period))
        self.shown: dict[str, Any] = {}  # widget id → the value it was given (what "untouched" means)

    # Layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        title = f"실적 입력 — {self.plan_task.id} {self.plan_task.title} ({', '.join(self.plan_task.ministries)})"
        with Vertical(id="editor-box", classes="progress"):
            yield Static(Text(safe(title), style="bold"), id="editor-title")
            with VerticalScroll(id="progress-fields"):
                with Horizontal(classes="row"):
                    yield Label("기간", classes="name")
                    yield Input(self.period, id="period", compact=True, placeholder="2025 또는 2025Q2")
                yield Static("", id="period-error", classes="field-error", markup=False)
                with Horizontal(classes="row"):
                    yield Label("상태", classes="name")
                    options = [(safe(status_label(s, self.ascii)), s) for s in STATUSES]
                    yield StatusSelect(
                        options,
                        prompt=safe(status_label(None, self.ascii)),
                        id="status",
                        compact=True,
                        allow_blank=True,
                    )
                for field, height in AREAS.items():
                    yield Label(FIELD_NAMES[field], classes="name")
                    area = TextArea(id=field, soft_wrap=True, compact=True)
                    area.styles.height = height
                    yield area
                with Horizontal(classes="row"):
                    yield Label("증빙", classes="name")
                    yield Input(id="evidence", compact=True, placeholder="문서번호, 파일 경로 또는 URL")
                if self.targets:
                    yield Static(Text(safe(f"목표 실적 ({self.period})"), style="bold"), id="targets-heading")
                for n, target in enumerate(self.targets):
                    yield Static(Text(safe(f"{target.id} {target.subject} ({target.unit})")), classes="target")
                    with Horizontal(classes="row"):
                        yield Label("실적", classes="name")
                        yield Input(id=f"actual-{n}", compact=True, placeholder="수 (예: 12, 1,200)")
                        yield Checkbox("잠정", id=f"provisional-{n}", compact=True)
                        yield Static("", id=f"planned-{n}", classes="planned", markup=False)
                    yield Static("", id=f"actual-error-{n}", classes="field-error", markup=False)
            yield from self.buttons()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.fill(self.saved, everything=True)
        self.show_planned()
        self.query_one("#status", Select).focus()

    # Filling and reading the fields -----------------------------------------------------

    def _value(self, widget_id: str) -> Any:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else widget.value
        if isinstance(widget, (Input, Checkbox)):
            return widget.value
        raise TypeError(widget)

    def _set(self, widget_id: str, value: Any) -> None:
        widget: Widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            widget.load_text(value)
        elif isinstance(widget, Select):
            widget.value = value if value else Select.NULL
        elif isinstance(widget, (Input, Checkbox)):
            widget.value = value
        self.shown[widget_id] = value

    def _wanted(self, saved: Saved) -> dict[str, Any]:
        wanted: dict[str, Any] = dict(saved.fields)
        for n, target in enumerate(self.targets):
            value, provisional = saved.actuals.get(target.id, (None, False))
            wanted[f"actual-{n}"] = number_text(value) if value is not None else ""
            wanted[f"provisional-{n}"] = provisional
        return wanted

    def fill(self, saved: Saved, everything: bool = False) -> None:
        """Put ``saved`` in the fields; with ``everything`` False only in those not typed in."""
        for widget_id, value in self._wanted(saved).items():
            if everything or self._value(widget_id) == self.shown.get(widget_id):
                self._set(widget_id, value)
            else:
                self.shown[widget_id] = value  # typed: kept, and compared with this period's value

    def show_planned(self) -> None:
        for n, target in enumerate(self.targets):
            planned = planned_value(target, self.period)
            line = f"계획 {number_text(planned)}{target.unit}" if planned is not None else "이 기간 계획값 없음"
            self.query_one(f"#planned-{n}", Static).update(safe(line))
        if self.targets:
            self.query_one("#targets-heading", Static).update(Text(safe(f"목표 실적 ({self.period})"), style="bold"))

    def typed(self) -> bool:
        if self._value("period").strip() != self.first_period:
            return True
        return any(self._value(widget_id) != value for widget_id, value in self.shown.items())

    @on(Input.Changed, "#period")
    def period_changed(self, event: Input.Changed) -> None:
        self.query_one("#period-error", Static).remove_class("-shown")
        try:
            period = parse_period(event.value)
        except InvalidInput:
            return  # said on save; half-typed periods are normal while typing
        self.switch_period(period)

    def switch_period(self, period: str) -> None:
        """Fields not typed in show ``period``'s saved values; typed ones keep their text."""
        if period != self.period:
            self.period = period
            self.saved = Saved.of(self.load(period))
            self.fill(self.saved)
            self.show_planned()

    # Saving ---------------------------------------------------------------------------

    def _wrong(self, error_id: str, field_id: str, message: str) -> None:
        error = self.query_one(f"#{error_id}", Static)
        error.update(Text(safe(message), style="bold"))
        error.add_class("-shown")
        self.query_one(f"#{field_id}").add_class("wrong")

    def prepare_save(self) -> tuple[Callable[[Any], object], str] | None:
        for error in self.query(".field-error"):
            if isinstance(error, Static):
                error.update("")
                error.remove_class("-shown")
        self.query(".wrong").remove_class("wrong")
        problems: list[str] = []
        try:
            period = parse_period(self._value("period"))
        except InvalidInput as error:
            self._wrong("period-error", "period", str(error))
            problems.append("period")
            period = self.period
        self.switch_period(period)  # a period typed just now: compare with what it has saved
        actuals: list[ActualChange] = []
        for n, target in enumerate(self.targets):
            typed = str(self._value(f"actual-{n}")).strip()
            ticked = bool(self._value(f"provisional-{n}"))
            before = self.saved.actuals.get(target.id)
            if not typed:
                if before is not None:  # emptied: the saved value is cleared
                    actuals.append((target.id, None, False))
                continue
            try:
                value, provisional = parse_value(typed)
            except InvalidInput as error:
                self._wrong(f"actual-error-{n}", f"actual-{n}", str(error))
                problems.append(f"actual-{n}")
                continue
            if (value, provisional or ticked) != before:
                actuals.append((target.id, value, provisional or ticked))
        if problems:
            self.say("고칠 칸이 있습니다 — 칸 아래의 설명을 보세요")
            self.query_one(f"#{problems[0]}").focus()
            return None
        fields = {
            name: self._value(name) for name in ("status", *TEXT_FIELDS) if self._value(name) != self.saved.fields[name]
        }
        if not fields and not actuals:
            self.nothing_to_save()
            return None
        changed = [status_label(fields["status"] or None, self.ascii) if "status" in fields else ""]
        changed += [FIELD_NAMES[name] for name in TEXT_FIELDS if name in fields]
        changed += [
            f"{t} 지움" if value is None else f"{t}={number_text(value)}" + ("(잠정)" if provisional else "")
            for t, value, provisional in actuals
        ]
        done = f"{self.plan_task.id} {period} 저장: {', '.join(part for part in changed if part)}"
        return partial(_save, self.plan_app.store, self.plan_task.id, period, fields, actuals), done


def _save(
    store: Store,
    task: str,
    period: str,
    fields: dict[str, str],
    actuals: list[ActualChange],
    workspace: Workspace,
) -> None:
    set_progress(store, workspace, task, period, fields, actuals)
