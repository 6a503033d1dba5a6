"""The search part of `explorer.explore` alone: per-key times of the search dialog in an 80×24 pty.

For A/B runs of a change to search (seconds, not the ten minutes of `benchmarks/run.py`):

    .venv/bin/python -m benchmarks.search_keys benchmarks/out/plan-100x.db --sessions 3

Each session opens the explorer, presses `/`, and types the scenario's queries one key at a
time, then erases them with ⌫, as `explore` does. Every key after which the box holds one or
two letters is printed as ``text:milliseconds/bytes``, then the median and p95 of those keys
over all sessions (the benchmark's ``short_search_keys``). ``--aiplan`` runs another install
(the old side of an A/B), with its own database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.explorer import (
    BACKSPACE,
    ESCAPE,
    SEARCH_PLACEHOLDER,
    SETTLE,
    Scenario,
    describe_plan,
    environment,
    explorer_ready,
    start,
)
from benchmarks.pty_driver import Session, contains
from benchmarks.stats import median, p95


def session(aiplan: list[str], db: Path, scenario: Scenario, total: int) -> list[tuple[str, float, int]]:
    """(what the box holds, milliseconds, bytes) of each key leaving one or two letters."""
    keys: list[tuple[str, float, int]] = []
    with Session([*aiplan, "--db", str(db)], environment()) as running:
        start(running, explorer_ready(total))
        running.send(b"/", contains(SEARCH_PLACEHOLDER), quiet=SETTLE)
        for query in scenario.queries:
            for typed in range(1, len(query) + 1):
                answer = running.send(query[typed - 1].encode(), quiet=SETTLE)
                if typed <= 2:
                    keys.append((query[:typed], answer.seconds * 1000, answer.size))
            for left in range(len(query) - 1, -1, -1):
                answer = running.send(BACKSPACE, quiet=SETTLE)
                if 1 <= left <= 2:
                    keys.append(("⌫" + query[:left], answer.seconds * 1000, answer.size))
        running.send(ESCAPE, quiet=SETTLE)
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--aiplan", default=str(Path(sys.executable).with_name("aiplan")))
    args = parser.parse_args(argv)
    scenario = Scenario()
    total = describe_plan(args.db, scenario).total
    times: list[float] = []
    for _ in range(args.sessions):
        keys = session([args.aiplan], args.db, scenario, total)
        print(" ".join(f"{text}:{ms:.0f}/{size}" for text, ms, size in keys))
        times += [ms for _, ms, _ in keys]
    print(
        f"short search keys: n={len(times)} median={median(times):.1f} ms "
        f"p95={p95(times):.1f} ms slowest={max(times):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
