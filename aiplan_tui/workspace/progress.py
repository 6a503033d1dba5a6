"""Progress per task and period (status, 추진실적, 애로사항, 향후계획, evidence) and the actual
values of the plan's targets, with achievement rates and roll-ups. A library: the CLI and
the explorer call it; it raises ``InvalidInput`` (one Korean line naming what is valid)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Optional, Union

from aiplan_tui.korean import topic
from aiplan_tui.records import Target, Task
from aiplan_tui.safe import printable
from aiplan_tui.store import Filter, Store, task_order
from aiplan_tui.workspace.db import Workspace, Writer

STATUSES = ("미착수", "정상추진", "관심필요", "재검토", "완료", "중단")
NOT_ENTERED = "미입력"
# A period is a year of this century (what '25 can name): reports run past the plan's own span,
# so the plan's years do not bound it.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# A traffic light that reads without colour: a symbol (and an ASCII one for terminals where
# the symbols are ambiguous-width or missing) beside the word; the colour is only a hint.
LIGHTS = {
    "미착수": ("○", "o", "default"),
    "정상추진": ("●", "*", "green"),
    "관심필요": ("▲", "!", "yellow"),
    "재검토": ("■", "#", "red"),
    "완료": ("◎", "v", "blue"),
    "중단": ("×", "x", "magenta"),
    NOT_ENTERED: ("·", "-", "default"),
}


# One actual value to write: (target, value, provisional); a value of None clears the saved one.
ActualChange = tuple[str, Optional[Union[float, int]], bool]


def status_label(status: str | None, ascii: bool = False) -> str:
    """'● 정상추진' ('* 정상추진' in ASCII): the light's symbol and the word."""
    word = status or NOT_ENTERED
    return f"{LIGHTS[word][1 if ascii else 0]} {word}"


TEXT_FIELDS = ("note", "issues", "plans", "evidence")
FIELD_NAMES = {"status": "상태", "note": "추진실적", "issues": "애로사항", "plans": "향후계획", "evidence": "증빙"}
PROVISIONAL = "잠정"
_PERIOD = re.compile(r"^'?(\d{2}|\d{4})(?:년)?(?:\s*-?\s*[Qq]([1-4])|\s*([1-4])분기)?$")


class InvalidInput(Exception):
    """A mistake of the user's: the message names what would be right."""


class Actual(NamedTuple):
    target: str
    period: str
    value: float | int
    provisional: bool
    updated_at: str
    updated_by: str


class Progress(NamedTuple):
    task: str
    period: str
    status: str | None
    note: str
    issues: str
    plans: str
    evidence: str
    actuals: list[Actual]
    updated_at: str
    updated_by: str
    plan_checksum: str


# Parsing -------------------------------------------------------------------------------


def parse_period(text: str) -> str:
    """'2025', '25', '2025Q2', '2025-q2', '2025년 2분기' → '2025' or '2025Q2'."""
    found = _PERIOD.match(text.strip())
    if found:
        year = int(found.group(1)) + (2000 if len(found.group(1)) == 2 else 0)
        quarter = found.group(2) or found.group(3)
        if FIRST_YEAR <= year <= LAST_YEAR:
            return f"{year}Q{quarter}" if quarter else str(year)
    raise InvalidInput(
        f"{topic(repr(printable(text)))} 기간이 아닙니다 — "
        f"연도 2025 또는 분기 2025Q2처럼 쓰세요 ({FIRST_YEAR}–{LAST_YEAR})"
    )


def period_year(period: str) -> int:
    return int(period[:4])


def parse_status(text: str) -> str:
    wanted = "".join(text.split())
    if wanted in STATUSES:
        return wanted
    raise InvalidInput(f"{topic(repr(printable(text)))} 상태가 아닙니다 — {' · '.join(STATUSES)} 중 하나를 쓰세요")


def parse_value(text: str) -> tuple[float | int, bool]:
    """'12', '1,200', '12.5', '12잠정', '12(잠정)' → (value, provisional)."""
    raw = text.strip()
    provisional = raw.endswith(PROVISIONAL) or raw.endswith(f"({PROVISIONAL})")
    number = raw.replace(f"({PROVISIONAL})", "").replace(PROVISIONAL, "").replace(",", "").strip()
    try:
        value = float(number)
    except ValueError:
        raise InvalidInput(
            f"{topic(repr(printable(text)))} 실적 값이 아닙니다 — "
            "12, 1,200, 12.5 같은 수를 쓰고 잠정이면 12잠정처럼 쓰세요"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidInput(f"{topic(repr(printable(text)))} 실적 값이 아닙니다 — 유한한 수를 쓰세요")
    return (int(value) if value.is_integer() and abs(value) < 2**53 else value), provisional


def task_of(store: Store, text: str) -> Task:
    task = store.task(text.strip())
    if task is None:
        from aiplan_tui.describe import nearest

        ids = [t.id for t in store.all_tasks()]
        close = nearest(text.strip(), ids)
        hint = f"가까운 과제: {', '.join(close)}" if close else f"과제 id는 {ids[0]}~{ids[-1]}처럼 씁니다"
        raise InvalidInput(f"{topic(repr(printable(text)))} 과제가 아닙니다 — {hint} (`aiplan tasks`가 목록)")
    return task


def target_of(store: Store, task: Task, text: str) -> Target:
    """A target of ``task`` by its id (3-2/t1) or its short form (t1)."""
    targets = store.targets(task=task.id)
    wanted = text.strip()
    for target in targets:
        if wanted in (target.id, target.id.split("/")[-1]):
            return target
    if not targets:
        raise InvalidInput(
            f"과제 {task.id}에는 계획의 정량 목표가 없어 실적 값을 적을 곳이 없습니다 — --note로 적으세요"
        )
    valid = ", ".join(f"{t.id} ({t.subject})" for t in targets)
    raise InvalidInput(f"{topic(repr(printable(text)))} 과제 {task.id}의 목표가 아닙니다 — 이 과제의 목표: {valid}")


# Writing -------------------------------------------------------------------------------


def set_progress(
    store: Store,
    workspace: Workspace,
    task_id: str,
    period_text: str,
    fields: dict[str, str] | None = None,
    actuals: Sequence[ActualChange] = (),
) -> Progress:
    """Set some fields of one task's progress for one period, and some actual values, in one save.
    Fields not given keep their value (so two users editing different fields lose nothing); an
    actual value of None clears what was saved for that target and period."""
    task = task_of(store, task_id)
    period = parse_period(period_text)
    fields = dict(fields or {})
    unknown = set(fields) - {"status", *TEXT_FIELDS}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if fields.get("status"):
        fields["status"] = parse_status(fields["status"])
    elif "status" in fields:
        fields["status"] = None  # type: ignore[assignment]  # '' clears the status
    resolved = [(target_of(store, task, target).id, value, provisional) for target, value, provisional in actuals]
    with workspace.write() as writer:
        save(writer, task.id, period, fields, resolved)
    found_progress = progress(workspace, task=task.id, period=period)
    if found_progress:
        return found_progress[0]
    return Progress(task.id, period, None, "", "", "", "", [], "", "", workspace.plan_checksum)


def save(writer: Writer, task: str, period: str, fields: dict[str, Any], actuals: Sequence[ActualChange]) -> None:
    """Inside one transaction: merge ``fields`` into the task-period's row and write ``actuals``
    (ids already checked; a value of None deletes the target's value), logging each change."""
    workspace = writer.workspace
    key = {"task": task, "period": period}
    row = writer.execute("select * from progress where task = ? and period = ?", (task, period)).fetchone()
    old = {k: row[k] for k in ("status", *TEXT_FIELDS)} if row else None
    new = {**(old or {"status": None, **{f: "" for f in TEXT_FIELDS}}), **fields}
    if new != old:
        writer.execute(
            "insert into progress (task, period, status, note, issues, plans, evidence, plan_checksum, updated_at,"
            " updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (task, period) do update set"
            " status = excluded.status, note = excluded.note, issues = excluded.issues, plans = excluded.plans,"
            " evidence = excluded.evidence, plan_checksum = excluded.plan_checksum,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (
                task,
                period,
                new["status"],
                *(new[f] for f in TEXT_FIELDS),
                workspace.plan_checksum,
                writer.at,
                workspace.user,
            ),
        )
        writer.log("progress", key, old, new)
    for target, value, provisional in actuals:
        found = writer.execute(
            "select value, provisional from actuals where target = ? and period = ?", (target, period)
        ).fetchone()
        before = {"value": found["value"], "provisional": bool(found["provisional"])} if found else None
        if value is None:
            if before is not None:
                writer.execute("delete from actuals where target = ? and period = ?", (target, period))
                writer.log("actuals", {"target": target, "period": period}, before, None)
            continue
        after = {"value": value, "provisional": provisional}
        if before == after:
            continue
        writer.execute(
            "insert into actuals (target, period, task, value, provisional, plan_checksum, updated_at, updated_by)"
            " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (target, period) do update set value = excluded.value,"
            " provisional = excluded.provisional, task = excluded.task, plan_checksum = excluded.plan_checksum,"
            " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (target, period, task, value, int(provisional), workspace.plan_checksum, writer.at, workspace.user),
        )
        writer.log("actuals", {"target": target, "period": period}, before, after)


# Reading -------------------------------------------------------------------------------


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def actuals(workspace: Workspace, task: str | None = None, period: str | None = None) -> list[Actual]:
    sql = "select * from actuals where 1"
    params: list[Any] = []
    if task is not None:
        sql += " and task = ?"
        params.append(task)
    if period is not None:
        sql += " and period = ?"
        params.append(period)
    rows = workspace.read(sql + " order by target, period", tuple(params))
    return [
        Actual(r["target"], r["period"], _number(r["value"]), bool(r["provisional"]), r["updated_at"], r["updated_by"])
        for r in rows
    ]


def progress(
    workspace: Workspace, task: str | None = None, period: str | None = None, tasks: Iterable[str] | None = None
) -> list[Progress]:
    """Every task-period with a progress row or an actual value, in the plan's task order."""
    wanted = set(tasks) if tasks is not None else None

    def kept(key: tuple[str, str]) -> bool:
        return (
            (task is None or key[0] == task)
            and (period is None or key[1] == period)
            and (wanted is None or key[0] in wanted)
        )

    rows = {(r["task"], r["period"]): r for r in workspace.read("select * from progress")}
    values: dict[tuple[str, str], list[Actual]] = {}
    for r in workspace.read("select * from actuals order by target"):
        values.setdefault((r["task"], r["period"]), []).append(
            Actual(
                r["target"], r["period"], _number(r["value"]), bool(r["provisional"]), r["updated_at"], r["updated_by"]
            )
        )
    found = []
    for key in filter(kept, set(rows) | set(values)):
        these = values.get(key, [])
        latest = max([a.updated_at for a in these] + ([rows[key]["updated_at"]] if key in rows else []))
        last_actual = max(these, key=lambda a: a.updated_at).updated_by if these else ""
        if key in rows:
            r = rows[key]
            entry = Progress(
                key[0], key[1], r["status"], r["note"], r["issues"], r["plans"], r["evidence"], these, latest,
                r["updated_by"] if r["updated_at"] == latest else last_actual, r["plan_checksum"],
            )  # fmt: skip
        else:
            entry = Progress(
                key[0],
                key[1],
                None,
                "",
                "",
                "",
                "",
                these,
                latest,
                max(these, key=lambda a: a.updated_at).updated_by,
                "",
            )
        found.append(entry)
    return sorted(found, key=lambda p: (task_order(p.task) if _is_task_id(p.task) else (99, 99, 99), p.task, p.period))


def _is_task_id(text: str) -> bool:
    return re.fullmatch(r"\d+-\d+\.\d+", text) is not None


def as_json(entry: Progress) -> dict[str, Any]:
    """The CLI contract's shape (plus 애로사항, 향후계획, 증빙 and whether a value is 잠정)."""
    return {
        "task": entry.task,
        "period": entry.period,
        "status": entry.status,
        "note": entry.note,
        "actuals": [{"target": a.target, "value": a.value, "provisional": a.provisional} for a in entry.actuals],
        "updated_at": entry.updated_at,
        "issues": entry.issues,
        "plans": entry.plans,
        "evidence": entry.evidence,
        "updated_by": entry.updated_by,
    }


# Targets: planned vs actual ------------------------------------------------------------


def planned_value(target: Target, period: str) -> float | int | None:
    """The plan's value for the period: only a year period, only where the plan gives exactly
    one level for that year (not a range, an increment or a baseline). Never interpolated."""
    if "Q" in period:
        return None
    year = period_year(period)
    points = [p for p in target.series if p.year == year and p.until is None and p.kind not in ("added", "baseline")]
    return points[0].value if len(points) == 1 else None


def achievement_rate(target: Target, period: str, actual: float | int) -> float | None:
    """actual / planned × 100 where the plan gives a value for the period, else None."""
    planned = planned_value(target, period)
    if planned is None or planned == 0:
        return None
    return round(actual / planned * 100, 1)


# Roll-ups ------------------------------------------------------------------------------


class Rollup(NamedTuple):
    key: str
    tasks: int
    statuses: dict[str, int]  # in STATUSES order, then 미입력; only those with tasks

    def line(self) -> str:
        """'행안부: 과제 2 · 정상추진 1 · 관심필요 1'."""
        parts = [f"과제 {self.tasks}", *(f"{status} {count}" for status, count in self.statuses.items())]
        return f"{self.key}: " + " · ".join(parts)


def rollup(
    store: Store, workspace: Workspace, period: str, by: str = "ministry", key: str | None = None
) -> list[Rollup]:
    """Tasks and their statuses for one period, grouped by ministry, strategy or area (a task
    with two ministries counts once for each); with ``key``, that group alone, read from its
    own tasks (a panel's one node costs what the node holds, not the whole plan)."""
    if by not in ("ministry", "strategy", "area"):
        raise ValueError(by)
    statuses = {p.task: p.status for p in progress(workspace, period=period)}
    groups: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for task in store.all_tasks() if key is None else _group_tasks(store, by, key):
        keys = task.ministries if by == "ministry" else [str(task.strategy) if by == "strategy" else task.area]
        for each in keys:
            if key is None or each == key:
                sizes[each] += 1
                groups.setdefault(each, Counter())[statuses.get(task.id) or NOT_ENTERED] += 1
    order = (*STATUSES, NOT_ENTERED)
    return [
        Rollup(group, sizes[group], {s: groups[group][s] for s in order if groups[group][s]})
        for group in sorted(groups, key=lambda k: (-sizes[k], k) if by == "ministry" else (k,))
    ]


def _group_tasks(store: Store, by: str, key: str) -> list[Task]:
    """The tasks that can belong to group ``key`` (a ministry's include those it partners in)."""
    if by == "ministry":
        return store.tasks_under(Filter(ministries=(key,)))
    if by == "strategy":
        return store.tasks_under(Filter(strategy=int(key))) if key.isdigit() else []
    return store.tasks_under(Filter(area=key)) if key else []


def rollup_of(store: Store, workspace: Workspace, period: str, key: str, by: str = "ministry") -> Rollup:
    found = rollup(store, workspace, period, by, key)
    return found[0] if found else Rollup(key, 0, {})


# A rebuilt plan ------------------------------------------------------------------------


class Orphan(NamedTuple):
    table: str
    key: str
    period: str
    missing: str  # the id that the current plan no longer has


def orphans(store: Store, workspace: Workspace) -> list[Orphan]:
    """Rows written against another plan whose task or target the current plan lacks. They are
    kept (never dropped) and reported, so a rebuilt plan never loses them silently."""
    current = workspace.plan_checksum
    tasks = {t.id for t in store.all_tasks()}
    targets = {t.id for t in store.targets()}
    found = [
        Orphan("progress", r["task"], r["period"], r["task"])
        for r in workspace.read("select task, period from progress where plan_checksum != ?", (current,))
        if r["task"] not in tasks
    ]
    for r in workspace.read("select target, task, period from actuals where plan_checksum != ?", (current,)):
        if r["target"] not in targets:
            found.append(Orphan("actuals", r["target"], r["period"], r["target"]))
        elif r["task"] not in tasks:
            found.append(Orphan("actuals", r["target"], r["period"], r["task"]))
    for table, column in (("notes", "node"), ("bookmarks", "node")):
        for r in workspace.read(f"select {column} from {table} where plan_checksum != ?", (current,)):
            node = r[column]
            if _is_task_id(node) and node not in tasks:
                found.append(Orphan(table, node, "", node))
    return found
