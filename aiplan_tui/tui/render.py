"""What the detail and targets panels show for a node, as Rich renderables (never markup).

The panels draw a node's one description (``description.py``); `show` and copy write the
same description as text (``plain.py``)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aiplan_tui.describe import format_series, milestone_when, point_value, point_year
from aiplan_tui.description import (
    LISTED_TASKS,
    NO_FILTER,
    Body,
    Description,
    Fields,
    Lens,
    Line,
    Milestones,
    Row,
    Rows,
    description,
)
from aiplan_tui.outline import OVERVIEW, Ref
from aiplan_tui.plain import to_text
from aiplan_tui.records import Item, NodeKind, Target, Task
from aiplan_tui.store import Filter, Store
from aiplan_tui.tui.glyphs import ACTIVE, safe
from aiplan_tui.tui.kept_lines import KeptLines

if TYPE_CHECKING:
    from aiplan_tui.description import Block  # a Union, for type checkers only

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


def _items_key(items: list[Item]) -> Hashable:
    """All that ``items_renderable`` draws of ``items`` (ids alone repeat across plans)."""
    return (
        ACTIVE.wide,  # the glyphs and table borders of the ambiguous-width mode
        tuple((i.id, i.depth, i.kind, i.mark, i.text, None if i.table is None else repr(i.table)) for i in items),
    )


def task_renderable(store: Store, task: Task) -> RenderableType:
    """A task's panel (its targets are drawn beside it, by ``targets_renderable``)."""
    return description_renderable(description(store, NodeKind.task, task.id, Lens(node=task)))


def description_renderable(told: Description) -> RenderableType:
    """A node's one description as the detail panel draws it. Targets are left to the targets
    panel beside it (``targets_renderable(told.targets)``), which draws the same description."""
    parts: list[RenderableType] = [_heading(told.key, told.title)]
    for block in told.blocks:
        parts += _block(block)
    return Group(*parts)


def _section(title: str) -> list[RenderableType]:
    return [_text(""), _text(title, style="bold underline")] if title else [_text("")]


def _block(block: Block) -> list[RenderableType]:
    if isinstance(block, Fields):
        return [_meta(*block.pairs)]
    if isinstance(block, Line):
        return [_text(block.text, style="dim" if block.quiet else "")]
    if isinstance(block, Rows):
        return [
            *_section(block.title),
            *(_row(row) for row in block.rows),
            *(Padding(_text(note, style="dim"), (0, 0, 0, 2)) for note in block.notes),
        ]
    if isinstance(block, Body):
        notes: list[RenderableType] = [_text(note, style="dim") for note in block.notes]
        if not block.items:
            return notes
        items = block.items
        # The same text under every filter: its lines are rendered once per width (kept_lines.py).
        body = KeptLines(_items_key(items), lambda: items_renderable(items))
        return [*_section(block.title), body, *notes]
    if isinstance(block, Milestones) and block.milestones:
        return [*_section("일정"), *(_text(f"{milestone_when(m)} {m.text}") for m in block.milestones)]
    return []  # targets: the targets panel's


def _row(row: Row) -> RenderableType:
    line = _text()
    line.append(safe(row.key), style="bold")
    line.append(" " + safe(row.text))
    if row.tail:
        line.append(f"  {safe(row.tail)}", style="dim")
    return Padding(line, (0, 0, 0, 2))  # wrapped lines keep the indent


def node_renderable(store: Store, ref: Ref, tasks: list[Task], where: Filter = NO_FILTER) -> RenderableType:
    """The detail panel for a node; ``tasks`` are the tasks ``where`` (the filters) keeps."""
    lens = Lens(where, tasks if where.active else None, most=LISTED_TASKS)
    return description_renderable(description(store, NodeKind(ref.kind), ref.id, lens))


def home_renderable(store: Store) -> RenderableType:
    """What the detail panel shows before anything is chosen: the plan at a glance."""
    return description_renderable(description(store, NodeKind.overview, OVERVIEW.id))


def home_text(store: Store) -> str:
    """The overview as plain text (what `c` copies on it)."""
    return to_text(description(store, NodeKind.overview, OVERVIEW.id)) + "\n"


def _bar(value: float, top: float, glyph: str, width: int) -> str:
    """A bar of ``value`` scaled to ``top``, the series' largest value, drawn ``width`` long."""
    return glyph * max(1, round(width * float(value) / float(top)))


class SeriesTable:
    """A target's points as a table of year, value, bar and label, fitted to the width it is
    drawn at. Rich shrinks columns that may not wrap all alike, which cut '24 to "4 …" in a
    narrow panel; here the bar gives way first (shorter, then left out), then the label wraps,
    and the year wraps only where it cannot fit beside its value ("연도 미기재 · 과제 '25(잠정)")."""

    GAPS = 2  # a column's padding: a cell on each side
    SHORTEST_BAR = 4  # below this a bar tells nothing, and is left out

    def __init__(self, target: Target) -> None:
        self.target = target

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        target = self.target
        points = target.series
        years = [_text(point_year(p)) for p in points]
        values = [_text(point_value(p, target.unit)) for p in points]
        labels = [_text(p.label or "", style="dim") for p in points]
        year_width = max((t.cell_len for t in years), default=0)
        label_width = max((t.cell_len for t in labels), default=0)
        whole = year_width + max((t.cell_len for t in values), default=0) + 2 * self.GAPS
        room = options.max_width - whole - (label_width + self.GAPS if label_width else 0) - self.GAPS
        # A single point has nothing to compare with: no bar (a full one would read as "reached the top").
        bar_width = min(BAR_WIDTH, room) if len(points) > 1 else 0
        if bar_width < self.SHORTEST_BAR:
            bar_width = 0
        table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
        table.add_column("year", no_wrap=whole <= options.max_width, overflow="fold")
        table.add_column("value", justify="right", no_wrap=True)
        if bar_width:
            table.add_column("bar", no_wrap=True)
        if label_width:
            table.add_column("label", overflow="fold")
        glyph = "#" if ACTIVE.wide else BAR
        top = max((p.value for p in points), default=0) or 1
        for point, year, value, label in zip(points, years, values, labels):
            cells = [year, value]
            if bar_width:
                cells.append(_text(_bar(point.value, top, glyph, bar_width), style="bold"))
            if label_width:
                cells.append(label)
            table.add_row(*cells)
        yield table


def targets_for(store: Store, ref: Ref) -> list[Target]:
    """The targets shown beside a node: those its description holds."""
    return description(store, NodeKind(ref.kind), ref.id).targets


def targets_renderable(targets: list[Target]) -> RenderableType:
    """Each target as a small table: year, value, and a bar scaled to the series' largest value."""
    blocks: list[RenderableType] = []
    for target in targets:
        title = _text(target.subject, style="bold")
        title.append(f"  {target.id}", style="dim")
        blocks.append(title)
        blocks.append(SeriesTable(target))
        blocks.append(_text(format_series(target), style="dim"))
        if target.note:
            blocks.append(_text(f"비고: {target.note}", style="dim"))
    return Group(*blocks)
