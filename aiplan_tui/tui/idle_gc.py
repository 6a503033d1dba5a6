"""Garbage collections while the user reads, not while a key waits for its frame.

CPython's cyclic collector runs a full collection when enough objects have survived into its
oldest generation, and it walks every object the explorer holds: on the 100× plan, after a
morning's use, 30–55 ms that fell inside a keystroke's frame (half the ministry filters in the
benchmark, issue 17.6). Here, once no input has come for ``IDLE_DELAY`` seconds, everything
is collected and what survives is frozen (``gc.freeze``): the collections that still run
between keys walk only what was made since, and the next quiet moment unfreezes and collects
all again, so nothing that became garbage while frozen is kept for long.

The first quiet moment also runs the chores given (reading every task of the plan once: on the
100× plan ~140 ms, which the first filter of a large ministry paid, 4,200 tasks read through
their own query in ~110 ms); what they read is then frozen with the rest.

Young collections wait too, for a shorter while: from a key (or any input) until its frame
has been written, the collector is off (``gc.disable``). A ministry filter on the 100× plan
makes ~12,000 objects before its frame, which ran 17–19 young collections and one or two
middle ones, 3–5 ms of its ~45 (issue 17.6). They now run ``WRITE_GRACE`` after the frame
is handed to the writer thread, so its bytes reach the terminal first, and at the latest
``HOLD_MOST`` after the input if no frame comes.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

IDLE_DELAY = 1.0  # seconds without input before a full collection
# Middle-generation collections between automatic full ones (CPython's default is 10): with the
# quiet passes doing the full collections, one still comes after ten times the usual work
# without a quiet second, which keeps memory bounded.
RARE_FULL = 100
# After a frame is handed over, young collections wait this long: the writer thread needs the
# interpreter's lock to write the frame, and a collection would hold it.
WRITE_GRACE = 0.02
HOLD_MOST = 0.5  # seconds an input holds collections if no frame follows it (twice that at most)


class TimerHost(Protocol):
    """What schedules the collection: a Textual app (``set_timer``)."""

    def set_timer(self, delay: float, callback: Callable[[], None]) -> object: ...


Later = Callable[[float, Callable[[], None]], object]


def call_later(delay: float, callback: Callable[[], None]) -> object:
    """``callback`` in ``delay`` seconds on the running event loop (lighter than a Textual
    timer); at once if no loop runs, as then no frame is coming."""
    try:
        return asyncio.get_running_loop().call_later(delay, callback)
    except RuntimeError:
        callback()
        return None


def young_collections() -> int:
    """How many youngest-generation collections have run: unchanged, little was made."""
    return int(gc.get_stats()[0]["collections"])


class IdleCollector:
    """Collects and freezes after ``delay`` seconds without input (``touched`` on every input);
    holds young collections from an input to its frame (``frame_written`` after every frame)."""

    def __init__(
        self,
        host: TimerHost,
        delay: float = IDLE_DELAY,
        chores: Sequence[Callable[[], object]] = (),
        later: Later = call_later,
    ) -> None:
        self._host = host
        self._later = later
        self._chores = list(chores)  # run once, at the first quiet moment
        self._delay = delay
        self._last_input = time.monotonic()
        self._waiting = False
        self._seen = -1  # collections counted at the last pass: none yet
        self.passes = 0
        self._stopped = False
        self._thresholds: tuple[int, ...] | None = None  # CPython's, while ours are set
        self._holding = False  # collections are off until the input's frame is written
        self._holds = 0  # inputs that turned them off: a release is for one hold only
        self._held_since = 0.0

    def start(self) -> None:
        """The app is drawn: full collections now wait for quiet moments, the first one included."""
        if not self._stopped:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(self._thresholds[0], self._thresholds[1], RARE_FULL)
            self.touched()

    def hold_from_start(self) -> None:
        """Collections have been off since the program started (``aiplan_tui.launch``): hold
        them as for an input, so they come back once the first frame is written (or
        ``HOLD_MOST`` after ``start`` if none is)."""
        if not gc.isenabled() and not self._holding and not self._stopped:
            self._holding = True
            self._held_since = time.monotonic()
            self._holds += 1

    @property
    def holding(self) -> bool:
        """Collections are off: an input waits for its frame."""
        return self._holding

    def touched(self) -> None:
        """Input arrived: no collection until its frame is written, and the full pass waits
        until it has been quiet for ``delay`` seconds."""
        self._last_input = time.monotonic()
        self._hold()
        self._wait(self._delay)

    def frame_written(self) -> None:
        """A frame has gone to the terminal: collections may run again once it is written."""
        if self._holding:
            self._later(WRITE_GRACE, partial(self._release, self._holds))

    def _hold(self) -> None:
        if self._holding:
            if self._last_input - self._held_since > HOLD_MOST:
                return  # keys without a pause (a held arrow): the releases asked for stand
        else:
            if self._thresholds is None or not gc.isenabled():
                return  # not started (or stopped), or someone else turned it off
            gc.disable()
            self._holding = True
            self._held_since = self._last_input
        self._holds += 1  # a release asked for by an earlier input or frame no longer counts
        self._later(HOLD_MOST, partial(self._release, self._holds))

    def _release(self, hold: int) -> None:
        if self._holding and hold == self._holds:
            self._holding = False
            gc.enable()

    def _wait(self, seconds: float) -> None:
        if not self._waiting and not self._stopped:
            self._waiting = True
            self._host.set_timer(seconds, self._quiet_yet)

    def _quiet_yet(self) -> None:
        self._waiting = False
        quiet = time.monotonic() - self._last_input
        if quiet < self._delay:  # one timer for a burst of keys, not one per key
            self._wait(self._delay - quiet)
        else:
            while self._chores and not self._stopped:
                self._chores.pop(0)()
            self.collect()

    def collect(self) -> None:
        """Collect everything (frozen objects included) and freeze what survives."""
        if self._stopped or young_collections() == self._seen:
            return  # nothing much was made since the last pass
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.passes += 1
        self._seen = young_collections()

    def stop(self) -> None:
        """The app is closing: hand every object back to the collector."""
        self._stopped = True
        if self._holding:
            self._holding = False
            gc.enable()
        gc.unfreeze()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
