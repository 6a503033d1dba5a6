"""What `--slow-link` saves on the wire: bytes the explorer writes at 80×24, with and without it.

Measured in the same pseudo-terminal as the other figures: the first paint, 20 cursor moves
(at rest after each), and 5 idle seconds with the search box open (where a blinking caret
repaints twice a second).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from benchmarks.explorer import environment, explorer_ready
from benchmarks.pty_driver import Session, contains

MOVES = 20
IDLE_SECONDS = 5.0


class Wire(NamedTuple):
    mode: str
    first_paint: int
    per_move: float
    idle_search_per_second: float
    mouse_tracking: bool  # all-motion tracking (?1003h) requested


def measure(aiplan: Sequence[str], db: Path, slow_link: bool, total: int = 78) -> Wire:
    flags = ["--slow-link"] if slow_link else []
    command = [*aiplan, "--db", str(db), "--ambiguous-width", "narrow", *flags]
    with Session(command, environment()) as session:
        paint = session.first_paint(explorer_ready(total))
        keys = [b"j"] * (MOVES // 2) + [b"k"] * (MOVES // 2 - 1)  # down, and back up to the first node
        moved = [session.send(key, quiet=0.45).size for key in keys]
        session.send(b"/", contains("재선충"))  # in the placeholder (its first letter sits under the caret)
        session.listen(0.5)
        idle = session.listen(IDLE_SECONDS)
        tracking = b"\x1b[?1003h" in session.screen
    return Wire(
        "--slow-link" if slow_link else "default",
        paint.size,
        sum(moved) / len(moved),
        idle / IDLE_SECONDS,
        tracking,
    )


def table(rows: list[Wire]) -> list[str]:
    lines = [
        "| mode | first paint | per cursor move (panel included) | idle, search box open | all-motion mouse |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.mode} | {row.first_paint / 1024:.1f} KB | {row.per_move / 1024:.2f} KB | "
            f"{row.idle_search_per_second:.0f} B/s | {'yes' if row.mouse_tracking else 'no'} |"
        )
    return lines
