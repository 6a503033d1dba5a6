"""Garbage collections wait for a quiet moment, and young ones for the key's frame (issue
17.6): the collector in aiplan_tui/tui/idle_gc.py, on a fake clock, and wired to the
explorer's input and frames."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Callable, Iterator

import pytest

from aiplan_tui.store import Filter, Store
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


class Later:
    """Records what ``call_later`` is asked for instead of running it."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, Callable[[], None]]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> None:
        self.calls.append((delay, callback))

    def run(self, delay: float) -> None:
        """Run (and forget) every callback asked for with ``delay``."""
        due = [callback for d, callback in self.calls if d == delay]
        self.calls = [(d, callback) for d, callback in self.calls if d != delay]
        for callback in due:
            callback()


@pytest.fixture
def started(clock: Clock) -> Iterator[tuple[IdleCollector, Later]]:
    later = Later()
    collector = IdleCollector(Host(), later=later)
    collector.start()
    later.calls.clear()  # start() counts as an input: begin from no hold asked for
    collector.frame_written()
    later.run(idle_gc.WRITE_GRACE)
    assert gc.isenabled()
    yield collector, later
    collector.stop()
    assert gc.isenabled()


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


def test_young_collections_wait_from_a_key_until_its_frame_is_written(started: tuple[IdleCollector, Later]) -> None:
    collector, later = started
    collector.touched()
    assert not gc.isenabled() and collector.holding
    collector.frame_written()
    assert not gc.isenabled()  # the frame's bytes are being written
    later.run(idle_gc.WRITE_GRACE)  # … and have had their moment
    assert gc.isenabled() and not collector.holding


def test_a_release_asked_for_before_the_next_key_does_not_end_that_keys_hold(
    started: tuple[IdleCollector, Later], clock: Clock
) -> None:
    collector, later = started
    collector.touched()
    collector.frame_written()
    clock.now += 0.01
    collector.touched()  # the next key, before the first frame's grace is over
    later.run(idle_gc.WRITE_GRACE)
    assert not gc.isenabled()  # that release was the first key's
    collector.frame_written()
    later.run(idle_gc.WRITE_GRACE)
    assert gc.isenabled()


def test_an_input_without_a_frame_holds_collections_no_longer_than_hold_most(
    started: tuple[IdleCollector, Later],
) -> None:
    collector, later = started
    collector.touched()  # a key that changes nothing on the screen: no frame comes
    assert not gc.isenabled()
    later.run(idle_gc.HOLD_MOST)
    assert gc.isenabled()


def test_keys_without_a_pause_let_the_releases_already_asked_for_stand(
    started: tuple[IdleCollector, Later], clock: Clock
) -> None:
    """A held arrow key: each key's frame asks for a release that the next key would void; after
    HOLD_MOST of keys the hold is no longer renewed, so collections come back."""
    collector, later = started
    collector.touched()
    began = clock.now
    for _ in range(round(idle_gc.HOLD_MOST / 0.01) - 1):  # keys 10 ms apart, each with its frame
        collector.frame_written()
        clock.now += 0.01
        collector.touched()
        later.run(idle_gc.WRITE_GRACE)
        assert not gc.isenabled()
    collector.frame_written()
    clock.now = began + idle_gc.HOLD_MOST + 0.01
    collector.touched()  # more than HOLD_MOST since the hold began: this key does not renew it
    later.run(idle_gc.WRITE_GRACE)
    assert gc.isenabled()


def test_collections_turned_off_by_someone_else_stay_off(clock: Clock) -> None:
    later = Later()
    collector = IdleCollector(Host(), later=later)
    collector.touched()  # not started: no hold
    assert gc.isenabled() and later.calls == []
    collector.start()
    collector.frame_written()
    later.run(idle_gc.WRITE_GRACE)
    gc.disable()
    try:
        collector.touched()
        collector.frame_written()
        later.run(idle_gc.WRITE_GRACE)
        later.run(idle_gc.HOLD_MOST)
        assert not gc.isenabled()  # not ours to turn back on
    finally:
        gc.enable()
        collector.stop()


def test_stopping_turns_collections_back_on(clock: Clock) -> None:
    later = Later()
    collector = IdleCollector(Host(), later=later)
    collector.start()
    collector.touched()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    later.run(idle_gc.HOLD_MOST)
    assert gc.isenabled()


async def test_a_filter_runs_no_collection_before_its_frame_and_collections_resume_after() -> None:
    """On the real explorer: from ⏎ in the ministry picker to the frame that shows the filter,
    no collection runs although enough objects were made for several; shortly after, the
    collector is on again and catches up."""
    app = PlanApp(Store.open(PLAN_DB), start="4-1.6", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        for letter in "교육부":
            await pilot.press(letter)
        await pilot.pause()
        collections: list[int] = []
        window = {"open": True, "made": 0}

        def seen(phase: str, info: dict[str, int]) -> None:
            if phase == "start" and window["open"]:
                collections.append(info["generation"])

        real_hook = app.post_display_hook

        def frame_done() -> None:
            if window["open"]:
                window["open"] = False
                window["made"] = gc.get_count()[0]
            real_hook()

        app.post_display_hook = frame_done  # type: ignore[method-assign]
        gc.callbacks.append(seen)
        try:
            await pilot.press("enter")
            while window["open"]:
                await pilot.pause(0.01)
            assert collections == []
            assert window["made"] > gc.get_threshold()[0]  # without the hold, a collection would have run
            assert app.where == Filter(ministries=("교육부",))
            await pilot.pause(2 * idle_gc.WRITE_GRACE)
            assert gc.isenabled()
        finally:
            gc.callbacks.remove(seen)


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


def test_collections_off_since_the_start_come_back_once_the_first_frame_is_written(clock: Clock) -> None:
    later = Later()
    collector = IdleCollector(Host(), later=later)
    gc.disable()  # as aiplan_tui.launch leaves them
    try:
        collector.hold_from_start()
        collector.start()  # the app is ready: its layout is done, its frame not yet drawn
        later.run(idle_gc.WRITE_GRACE)
        assert not gc.isenabled() and collector.holding
        collector.frame_written()
        assert not gc.isenabled()
        later.run(idle_gc.WRITE_GRACE)
        assert gc.isenabled() and not collector.holding
    finally:
        collector.stop()
        gc.enable()


def test_collections_off_since_the_start_come_back_if_no_frame_is_drawn(clock: Clock) -> None:
    later = Later()
    collector = IdleCollector(Host(), later=later)
    gc.disable()
    try:
        collector.hold_from_start()
        collector.start()
        later.run(idle_gc.HOLD_MOST)
        assert gc.isenabled()
    finally:
        collector.stop()
        gc.enable()


def test_a_start_with_collections_on_holds_nothing(clock: Clock) -> None:
    collector = IdleCollector(Host(), later=Later())
    collector.hold_from_start()
    assert gc.isenabled() and not collector.holding
    collector.stop()
    assert gc.isenabled()


async def test_the_explorer_started_by_the_command_collects_nothing_before_its_first_frame() -> None:
    """As `aiplan` starts it (launch.py, then run_explorer): no collection runs until the first
    frame has been written; shortly after it, the collector is on again."""
    collections: list[int] = []
    frames: list[bool] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and not frames:
            collections.append(info["generation"])

    gc.disable()
    gc.callbacks.append(seen)
    try:
        app = PlanApp(Store.open(PLAN_DB), cursor_blink=False)
        app.idle_collector.hold_from_start()
        real_hook = app.post_display_hook

        def frame_done() -> None:
            frames.append(gc.isenabled())
            real_hook()

        app.post_display_hook = frame_done  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:
            while not frames:
                await pilot.pause(0.01)
            await pilot.pause(2 * idle_gc.WRITE_GRACE)
            assert gc.isenabled()
        assert frames[0] is False and collections == []
    finally:
        gc.callbacks.remove(seen)
        gc.enable()
