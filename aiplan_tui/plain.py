"""A node's description as plain text (`aiplan show`, the copy key) and as Markdown (`show -f md`).

Both walk the same blocks (``description.py``) the explorer's panel draws with Rich.
"""

from __future__ import annotations

from aiplan_tui.describe import item_lines, milestone_when, target_lines
from aiplan_tui.description import Body, Description, Fields, Line, Milestones, Row, Rows, Targets
from aiplan_tui.records import Item

TYPE_CHECKING = False  # not typing's: see tuples.py
if TYPE_CHECKING:
    from aiplan_tui.description import Block


def _md(text: str) -> str:
    """Plan text inside Markdown: its footnote stars and underscores stay literal."""
    return "".join(f"\\{c}" if c in "\\*_`[]<>#|" else c for c in text)


def _fields(fields: Fields, bold: bool = False) -> str:
    def pair(name: str, value: str) -> str:
        if not name:
            return _md(value) if bold else value
        return f"**{name}** {_md(value)}" if bold else f"{name} {value}"

    return " · ".join(pair(name, value) for name, value in fields.pairs)


def _row(row: Row, bold: bool = False) -> str:
    if bold:
        return f"- **{_md(row.key)}** {_md(row.text)}" + (f" ({_md(row.tail)})" if row.tail else "")
    return f"- {row.key} {row.text}" + (f" ({row.tail})" if row.tail else "")


def _section(lines: list[str], title: str, heading: str = "") -> None:
    """A blank line (one, however sections meet), then the title if there is one."""
    if lines and lines[-1] != "":
        lines.append("")
    if title:
        lines.append(f"{heading}{title}")
        if heading:
            lines.append("")


def heading(description: Description) -> str:
    """[3-2.5] AI 기반 …, [전략 3] …, or the title alone."""
    if not description.key:
        return description.title
    return f"[{description.key}] {description.title}".rstrip()


def to_text(description: Description) -> str:
    """Report-ready text: what `aiplan show` prints and the explorer copies."""
    lines = [heading(description)]
    for block in description.blocks:
        _text_block(lines, block)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def _text_block(lines: list[str], block: Block) -> None:
    if isinstance(block, Fields):
        lines.append(_fields(block))
    elif isinstance(block, Line):
        lines.append(block.text)
    elif isinstance(block, Rows):
        _section(lines, block.title)
        lines += [_row(row) for row in block.rows]
        lines += [f"({note})" for note in block.notes]
    elif isinstance(block, Body):
        if block.items:
            _section(lines, block.title)
            lines += item_lines(block.items)
        lines += block.notes
    elif isinstance(block, Targets):
        if block.targets:
            _section(lines, "목표")
            lines += target_lines(block.targets)
    elif isinstance(block, Milestones) and block.milestones:
        _section(lines, "일정")
        lines += [f"- {milestone_when(m)} {m.text}" for m in block.milestones]


# Markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return _md(text).replace("\n", " ")


def _md_items(items: list[Item]) -> list[str]:
    """Items as nested list entries with the plan's own marks; tables as Markdown tables."""
    if not items:
        return []
    base = min(i.depth for i in items)
    lines: list[str] = []
    for item in items:
        indent = "  " * (item.depth - base)
        if item.table is not None:
            columns, rows = item.table
            lines += ["", f"{indent}*{_md(item.text)}*" if item.text else f"{indent}*표*", ""]
            lines.append("| " + " | ".join(_cell(c) for c in columns) + " |")
            lines.append("|" + "---|" * len(columns))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
        else:
            mark = f"{_md(item.mark)} " if item.mark and item.mark != "-" else ""  # "-" is the list's own
            lines.append(f"{indent}- {mark}{_md(item.text)}")
    return lines


def to_markdown(description: Description) -> str:
    """The same description as Markdown: a heading, bold field names, lists and tables."""
    lines = [f"## {_md(f'{description.key} {description.title}'.strip())}", ""]
    for block in description.blocks:
        if isinstance(block, Fields):
            lines += [_fields(block, bold=True), ""]
        elif isinstance(block, Line):
            lines += [_md(block.text), ""] if block.text else []
        elif isinstance(block, Rows):
            _section(lines, block.title, "### ")
            lines += [_row(row, bold=True) for row in block.rows]
            lines += [f"- *{_md(note)}*" for note in block.notes]
        elif isinstance(block, Body):
            if block.items:
                _section(lines, block.title, "### ")
                lines += _md_items(block.items)
            lines += [f"*{_md(note)}*" for note in block.notes]
        elif isinstance(block, Targets) and block.targets:
            _section(lines, "목표", "### ")
            lines += [
                _md(line) if line.startswith("- ") else f"  {_md(line.strip())}" for line in target_lines(block.targets)
            ]
        elif isinstance(block, Milestones) and block.milestones:
            _section(lines, "일정", "### ")
            lines += [f"- {_md(milestone_when(m))} {_md(m.text)}" for m in block.milestones]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
