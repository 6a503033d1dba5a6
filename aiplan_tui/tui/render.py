"""What the detail and targets panels show for a node, as Rich renderables (never markup)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aiplan_tui.describe import (
    elsewhere,
    format_series,
    milestone_when,
    ministry_label,
    partner_label,
    point_value,
    point_year,
    task_body,
    year_label,
)
from aiplan_tui.outline import Ref
from aiplan_tui.records import Item, Ministry, NodeKind, Target, Task
from aiplan_tui.store import Store
from aiplan_tui.tui.glyphs import ACTIVE, safe

BAR = "█"
BAR_WIDTH = 16


def _text(text: str = "", **options: Any) -> Text:
    """Text for the screen: never markup, and wide-safe in the ambiguous-width mode."""
    return Text(safe(text), **options)


def _box() -> box.Box:
    return box.ASCII2 if ACTIVE.wide else box.HEAVY_HEAD


def _heading(key: str, title: str) -> Text:
    text = _text()
    if key:
        text.append(safe(key), style="bold reverse")
        text.append(" ")
    text.append(safe(title), style="bold")
    return text


def _meta(*pairs: tuple[str, str]) -> Text:
    text = _text()
    for number, (name, value) in enumerate(pairs):
        if number:
            text.append("  ")
        text.append(safe(f"{name} "), style="dim")
        text.append(safe(value))
    return text


def items_renderable(items: list[Item], highlight: str | None = None) -> list[RenderableType]:
    """Items indented by depth with their own marks; tables as tables."""
    if not items:
        return []
    base = min(i.depth for i in items)
    out: list[RenderableType] = []
    for item in items:
        indent = "  " * (item.depth - base)
        style = "reverse" if item.id == highlight else ""
        if item.table is not None:
            columns, rows = item.table
            table = Table(title=_text(item.text) if item.text else None, show_lines=False, expand=False, box=_box())
            for column in columns:
                table.add_column(_text(column), overflow="fold")
            for row in rows:
                table.add_row(*(_text(cell) for cell in row))
            out.append(table)
            continue
        line = _text(style=style)
        if item.mark:
            line.append(safe(item.mark + " "), style="bold" if item.kind in ("aim", "measure") else "dim")
        line.append(safe(item.text), style="bold" if item.kind in ("heading", "case", "figure") else "")
        if style:
            line.stylize(style)
        out.append(Padding(line, (0, 0, 0, len(indent))))  # wrapped lines keep the indent
    return out


def task_renderable(store: Store, task: Task) -> RenderableType:
    area = next(a for a in store.areas() if a.id == task.area)
    parts: list[RenderableType] = [
        _heading(task.id, task.title),
        _meta(
            ("추진시기", year_label(task.year, task.tentative)),
            ("소관", ministry_label(store, task.ministries, gap=" ")),
        ),
        _meta(("분야", f"{area.id} {area.title}")),
    ]
    if task.partners:
        parts.insert(2, _meta(("본문의 협력기관", partner_label(store, task))))
    if task.group.split(") ")[-1] != area.title:  # the table's group, where it differs from the area
        parts.append(_meta(("과제표", task.group)))
    parts.append(_meta(("표에 적힌 부처", task.written)))
    milestones = store.milestones(task=task.id)
    if milestones:
        parts.append(_text(""))
        parts.append(_text("일정", style="bold underline"))
        parts += [_text(f"{milestone_when(m)} {m.text}") for m in milestones]
    body = task_body(store, task)
    if body:
        parts.append(_text(""))
        parts.append(_text("본문", style="bold underline"))
        parts += items_renderable(body)
        for item_id, tasks in elsewhere(store, task):
            parts.append(_text(f"(하위 항목 {item_id} → 과제 {', '.join(tasks)})", style="dim"))
    return Group(*parts)


# A strategy's panel lists its areas up to this many: hundreds (a generated large plan) cost
# ~0.1 s to lay out on every change of the panel, and nobody reads them there.
LISTED_AREAS = 30


def _task_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    task = store.task(ref.id)
    return task_renderable(store, task) if task else _text(ref.id)


def _strategy_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    strategy = next(s for s in store.strategies() if s.id == int(ref.id))
    lines: list[RenderableType] = [_heading(f"전략 {strategy.id}", strategy.title)]
    if strategy.scope:
        lines.append(_meta(("영역", strategy.scope)))
    per_area = Counter(t.area for t in tasks)  # one pass: a large plan has hundreds of areas
    areas = store.areas(strategy.id)
    for area in areas[:LISTED_AREAS]:
        lines.append(_text(f"  {area.id} {area.label} — 과제 {per_area[area.id]}", overflow="fold"))
    if len(areas) > LISTED_AREAS:  # what the reader reads stays short (and quick to lay out)
        rest = len(areas) - LISTED_AREAS
        lines.append(_text(f"  … 분야 {rest}개 더 (트리에서 전략을 펼치면 모두 보입니다)", style="dim"))
    return Group(*lines)


def _area_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    """An area (its matching tasks, then its text) or its body (the text alone)."""
    area = next(a for a in store.areas() if a.id == ref.id)
    lines: list[RenderableType] = [_heading(area.id, area.label)]
    area_tasks = [t for t in tasks if t.area == area.id]
    if area_tasks and ref.kind == NodeKind.area:
        lines.append(_text(""))
        lines.append(_text(f"과제 {len(area_tasks)}", style="bold underline"))
        lines += [_task_line(task) for task in area_tasks]
    lines.append(_text(""))
    lines += items_renderable(store.items(area.id))
    return Group(*lines)


def _document_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    document = next(d for d in store.documents() if d.id == ref.id)
    items = store.items(document.id)
    if items and items[0].kind == "heading" and items[0].text in document.title:
        items = items[1:]  # the document's own title line, already the heading here
    return Group(_heading("", document.title), _text(""), *items_renderable(items))


def _item_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    item = store.item(ref.id)
    if item is None:
        return _text(ref.id)
    lines: list[RenderableType] = [_meta(("항목", item.id))]
    if item.tasks:
        for task_id in item.tasks:  # id and title: which task a body line belongs to, at a glance
            task = store.task(task_id)
            lines.append(_meta(("관련 과제", f"{task_id} {task.title}" if task else task_id)))
    lines.append(_text(""))
    lines += items_renderable(store.subtree(item.id))
    return Group(*lines)


def _ministry_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    ministry = next(m for m in store.ministries() if m.id == ref.id)
    lines: list[RenderableType] = [_heading(ministry.id, ministry.name), _meta(("영문", ministry.name_en))]
    if ministry.aliases:
        lines.append(_meta(("다른 이름", ", ".join(ministry.aliases))))
    lines.append(_text(""))
    lines += [_task_line(t) for t in tasks if ministry.id in t.ministries]
    return Group(*lines)


def _year_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    year = int(ref.id)
    return Group(
        _heading(year_label(year), f"{year}년에 시작하는 과제"),
        _text(""),
        *[_task_line(t) for t in tasks if t.year == year],
    )


def _overview_panel(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    return home_renderable(store)


Panel = Callable[[Store, Ref, list[Task]], RenderableType]
# The panel of every kind with a tree node, one function each (targets and milestones have
# no node of their own: a jump to one shows its task or item).
PANELS: dict[NodeKind, Panel] = {
    NodeKind.overview: _overview_panel,
    NodeKind.task: _task_panel,
    NodeKind.strategy: _strategy_panel,
    NodeKind.area: _area_panel,
    NodeKind.body: _area_panel,
    NodeKind.document: _document_panel,
    NodeKind.item: _item_panel,
    NodeKind.ministry: _ministry_panel,
    NodeKind.year: _year_panel,
}


def node_renderable(store: Store, ref: Ref, tasks: list[Task]) -> RenderableType:
    """The detail panel for a node; ``tasks`` are the tasks that match the filters."""
    panel = PANELS.get(NodeKind(ref.kind))
    return panel(store, ref, tasks) if panel else _text(ref.id)


def home_renderable(store: Store) -> RenderableType:
    """What the detail panel shows before anything is chosen: the plan at a glance."""
    plan = store.plan()
    counts = store.counts()
    lines: list[RenderableType] = [
        _heading("", f"「{plan['title']}」"),
        _meta(("발표", "{}. {}.".format(*map(int, plan["issued"].split("-")))), ("", plan["issuer"])),
        _text(""),
        _meta(("비전", plan["vision"])),
        *(_meta(("목표", goal)) for goal in plan["goals"]),
        _text(""),
    ]
    bodies = store.ministries()
    ministries = sum(1 for m in bodies if listed_as_ministry(m))
    per_strategy = store.tasks_per_strategy()
    for strategy in store.strategies():
        line = _text(f"전략 {strategy.id} ", style="bold")
        line.append(safe(strategy.title))
        line.append(f"  과제 {per_strategy.get(strategy.id, 0)}", style="dim")
        lines.append(line)
    lines += [
        _text(""),
        _text(
            f"분야 {counts['areas']} · 과제 {counts['tasks']} · 목표 {counts['targets']}"
            f" · 부처 {ministries} · 기관 {len(bodies) - ministries}",
            style="dim",
        ),
        _text(""),
        _text("↑↓ 이동 · enter 펼치기 · / 검색 · m 부처 · y 연도 · g 이동 · ? 도움말", style="dim"),
    ]
    return Group(*lines)


def listed_as_ministry(ministry: Ministry) -> bool:
    """What `aiplan ministries` lists: bodies with tasks, and ministries, offices and local
    governments; the others (NIA, TTA, committees …) are counted as 기관."""
    return bool(ministry.tasks) or ministry.kind in ("ministry", "office", "local")


def home_text(store: Store) -> str:
    """The overview as plain text (what `c` copies on it)."""
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(home_renderable(store))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()).strip() + "\n"


def _task_line(task: Task) -> Text:
    line = _text(f"{task.id} ", style="bold")
    line.append(safe(task.title))
    line.append(f"  {year_label(task.year, task.tentative)} {', '.join(task.ministries)}", style="dim")
    return line


def _bar(target: Target, value: float, top: float, glyph: str) -> str:
    """A bar scaled to the series' largest value; a single point has nothing to compare with, so
    it gets no bar (a full bar would read as "reached the top")."""
    if len(target.series) < 2:
        return ""
    return glyph * max(1, round(BAR_WIDTH * float(value) / float(top)))


def targets_for(store: Store, ref: Ref) -> list[Target]:
    """The targets shown beside a node: how they are found is part of its kind's spec."""
    how = NodeKind(ref.kind).spec.targets
    if how == "task":
        return store.targets(task=ref.id)
    if how == "area":
        return store.targets(area=ref.id)
    if how == "subtree":
        ids = {i.id for i in store.subtree(ref.id)}
        return [t for t in store.targets() if t.item in ids]
    return []


def targets_renderable(targets: list[Target]) -> RenderableType:
    """Each target as a small table: year, value, and a bar scaled to the series' largest value."""
    blocks: list[RenderableType] = []
    for target in targets:
        title = _text(target.subject, style="bold")
        title.append(f"  {target.id}", style="dim")
        blocks.append(title)
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column("year", no_wrap=True)
        table.add_column("value", justify="right", no_wrap=True)
        table.add_column("bar", no_wrap=True)
        table.add_column("label", no_wrap=True, overflow="ellipsis")
        bar = "#" if ACTIVE.wide else BAR
        top = max((p.value for p in target.series), default=0) or 1
        for point in target.series:
            when, value = point_year(point), point_value(point, target.unit)
            table.add_row(
                _text(when),
                _text(value),
                _text(_bar(target, point.value, top, bar), style="bold"),
                _text(point.label or "", style="dim"),
            )
        blocks.append(table)
        blocks.append(_text(format_series(target), style="dim"))
        if target.note:
            blocks.append(_text(f"비고: {target.note}", style="dim"))
    return Group(*blocks)
