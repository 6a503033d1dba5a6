"""How the CLI prints: a Rich table on a terminal, plain tab-separated lines when piped,
and json / csv / md for tools. Rich is imported only when a table is drawn.

Text from the plan is never read as markup: cells are Rich ``Text`` objects.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from aiplan_tui.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import Any, TextIO

    Row = dict[str, Any]

FORMATS = ("table", "plain", "json", "csv", "md")


class Column(NamedTuple):
    key: str
    header: str  # shown to people (table, plain, md, csv); json uses the key
    wrap: bool = True


def default_format(stream: TextIO) -> str:
    """A table on a terminal; plain lines when piped, so grep and cut work."""
    return "table" if stream.isatty() else "plain"


def cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "예" if value else ""
    return "" if value is None else str(value)


def emit(
    rows: Sequence[Row],
    fmt: str,
    columns: Sequence[Column],
    title: str = "",
    marks: Sequence[Sequence[tuple[int, int]]] | None = None,
    marked: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Print rows. ``marks`` are match spans per row in the column named ``marked``."""
    out = out or sys.stdout
    if fmt == "json":
        import json  # only -f json needs it: not imported for every lookup

        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.header for c in columns])
        writer.writerows([[cell(row.get(c.key)) for c in columns] for row in rows])
        out.write(buffer.getvalue())
    elif fmt == "md":
        out.write("| " + " | ".join(c.header for c in columns) + " |\n")
        out.write("|" + "---|" * len(columns) + "\n")
        for row in rows:
            cells = (_md(cell(row.get(c.key))) for c in columns)
            out.write("| " + " | ".join(cells) + " |\n")
    elif fmt == "plain":
        out.write("\t".join(c.header for c in columns) + "\n")
        for row in rows:
            out.write("\t".join(_one_line(cell(row.get(c.key))) for c in columns) + "\n")
    else:
        _table(rows, columns, title, marks, marked, out)


def _md(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _table(
    rows: Sequence[Row],
    columns: Sequence[Column],
    title: str,
    marks: Sequence[Sequence[tuple[int, int]]] | None,
    marked: str | None,
    out: TextIO,
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None, title_justify="left", expand=False, highlight=False)
    for column in columns:
        table.add_column(column.header, overflow="fold", no_wrap=not column.wrap)
    for number, row in enumerate(rows):
        cells = []
        for column in columns:
            text = Text(cell(row.get(column.key)))
            if marks is not None and column.key == marked:
                for start, end in marks[number]:
                    text.stylize("bold reverse", start, end)
            cells.append(text)
        table.add_row(*cells)
    console = Console(file=out, markup=False, emoji=False, highlight=False, soft_wrap=False)
    console.print(table)


def print_text(text: str, out: TextIO | None = None) -> None:
    """Print plan text as it is (never as markup), wrapped by Rich on a terminal."""
    out = out or sys.stdout
    if not out.isatty():
        out.write(text + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    Console(file=out, markup=False, emoji=False, highlight=False).print(Text(text))
