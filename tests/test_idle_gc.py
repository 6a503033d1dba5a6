"""Full garbage collections wait for a quiet moment (issue 17.6): the collector in
aiplan_tui/tui/idle_gc.py, on a fake clock, and wired to the explorer's input."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable, Iterator

import pytest

from aiplan_tui.store import Store
from aiplan_tui.tui import idle_gc
from aiplan_tui.tui.app import PlanApp
from aiplan_tui.tui.idle_gc import IdleCollector

from .conftest import PLAN_DB


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Host:
    """Records the timers asked for instead of running them."""

    def __init__(self) -> None:
        self.timers: list[tuple[float, Callable[[], None]]] = []

    def set_timer(self, delay: float, callback: Callable[[], None]) -> None:
        self.timers.append((delay, callback))

    def fire(self) -> None:
        _, callback = self.timers.pop(0)
        callback()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(time, "monotonic", fake)
    yield fake
    gc.unfreeze()  # whatever a test froze goes back to the collector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_keys_in_a_burst_share_one_timer_and_the_pass_waits_for_a_quiet_second(clock: Clock) -> None:
    host = Host()
    collector = IdleCollector(host, delay=1.0)
    collector.touched()
    clock.now += 0.5
    collector.touched()  # a second key: no second timer
    assert [delay for delay, _ in host.timers] == [1.0]
    clock.now += 0.5
    host.fire()  # only half a second since the last key: wait the other half
    assert collector.passes == 0
    assert [delay for delay, _ in host.timers] == [pytest.approx(0.5)]
    clock.now += 0.5
    host.fire()
    assert collector.passes == 1 and host.timers == []


def test_chores_run_once_at_the_first_quiet_moment_before_the_collection(clock: Clock) -> None:
    host = Host()
    done: list[tuple[str, int]] = []
    collector = IdleCollector(host, delay=1.0, chores=[lambda: done.append(("read", collector.passes))])
    collector.touched()
    assert done == []  # not while keys may come
    clock.now += 1.0
    host.fire()
    assert done == [("read", 0)] and collector.passes == 1  # the chore, then the pass that freezes its reads
    collector.touched()
    clock.now += 1.0
    host.fire()
    assert done == [("read", 0)]


def test_a_pass_collects_garbage_that_was_frozen_and_freezes_what_survives(clock: Clock) -> None:
    collector = IdleCollector(Host())
    cycle = Cycle()
    gone = weakref.ref(cycle)
    gc.freeze()  # as the previous pass left it
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: automatic and explicit collections pass it by
    kept = Cycle()
    collector.collect()
    assert gone() is None
    assert gc.get_freeze_count() > 0 and kept.me is kept
    collector.stop()
    assert gc.get_freeze_count() == 0


def test_a_pass_with_nothing_made_since_the_last_one_does_nothing(clock: Clock) -> None:
    collector = IdleCollector(Host())
    collector.collect()
    collector.collect()
    assert collector.passes == 1
    gc.collect(0)  # a young collection: something was made
    collector.collect()
    assert collector.passes == 2


def test_while_it_runs_automatic_full_collections_are_rare_and_stopping_restores_cpythons(clock: Clock) -> None:
    before = gc.get_threshold()
    host = Host()
    collector = IdleCollector(host)
    collector.start()
    assert gc.get_threshold() == (before[0], before[1], idle_gc.RARE_FULL) and len(host.timers) == 1
    collector.stop()
    assert gc.get_threshold() == before


def test_a_stopped_collector_asks_for_no_timer_and_collects_nothing(clock: Clock) -> None:
    host = Host()
    collector = IdleCollector(host)
    collector.stop()
    collector.touched()
    collector.collect()
    assert host.timers == [] and collector.passes == 0


async def test_the_explorer_postpones_the_pass_on_every_key_and_runs_it_when_quiet() -> None:
    app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
    app.idle_collector = IdleCollector(app, delay=0.3, chores=app.idle_collector._chores)  # its own, sooner
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        touched: list[int] = []
        real = app.idle_collector.touched

        def counted() -> None:
            touched.append(1)
            real()

        app.idle_collector.touched = counted  # type: ignore[method-assign]
        await pilot.press("j", "k")
        assert len(touched) == 2
        assert app.store._tasks is None  # the plan's tasks are read in the first quiet moment
        await pilot.pause(0.8)
        assert app.idle_collector.passes >= 1 and app.store._tasks is not None
    assert gc.get_freeze_count() == 0  # closing hands every object back
    assert gc.get_threshold()[2] != idle_gc.RARE_FULL
