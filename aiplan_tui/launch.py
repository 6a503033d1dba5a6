"""The ``aiplan`` command's entry point: no cyclic garbage collection while the program starts.

Starting the explorer creates ~300,000 objects that all live as long as the process (modules,
classes, the stylesheet, the widgets). CPython's collector walked them over and over as they
were made: ~240 collections before the first frame, 32–45 ms of it on a busy machine, ~12 ms
within Textual's import alone. None of it found garbage worth the time. So the collector is off from here:

- a lookup turns it back on once the command is parsed (``cli.main``), before it does its
  work, with what was made so far frozen (``gc.freeze``: it lives on, and the first young
  collection would otherwise walk all of it);
- the explorer keeps it off until its first frame is written (``IdleCollector.hold_from_start``),
  then the collections it holds for every key take over.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from aiplan_tui.cli import main as run

    return run()
