"""How steady this machine is: one fixed piece of Python work, timed after the pause that the
explorer's session leaves between keys (explorer.SETTLE).

The work never changes, so its spread is the machine's: on a shared virtual machine the first
milliseconds after a pause run slower and vary more than the rest. A p95 budget on key
latencies can be no tighter than the p95/median ratio this probe shows, and the report puts it
beside the budgets so a reader can tell the program's time from the machine's.
"""

from __future__ import annotations

import time

from benchmarks.explorer import SETTLE

RUNS = 40  # a p95 of 40 samples is the second slowest


def fixed_work() -> int:
    """About 10 ms of dict, str and int work on a 2020s CPU: the kind of work a frame is."""
    kept: dict[int, str] = {}
    total = 0
    for n in range(60_000):
        kept[n % 1000] = str(n)
        total += len(kept[n % 1000])
    return total


def probe(runs: int = RUNS, pause: float = SETTLE) -> list[float]:
    """Seconds of ``fixed_work``, each run after ``pause`` seconds of sleep."""
    samples = []
    for _ in range(runs):
        time.sleep(pause)
        start = time.perf_counter()
        fixed_work()
        samples.append(time.perf_counter() - start)
    return samples
