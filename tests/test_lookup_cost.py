"""Lookups read what their answer needs, not the whole plan.

Counted in SQLite's virtual-machine steps (deterministic, unlike time): on a plan four times
larger (benchmarks/generate.py), `show`'s reads of one task stay the same, and a ministry's
few tasks cost a fraction of all tasks. And the partial reads give exactly what reading everything gives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aiplan_tui.describe import describe, resolve
from aiplan_tui.store import Filter, Store
from benchmarks.generate import generate

from .conftest import PLAN_DB

STEP = 10  # the progress handler runs every STEP instructions


def steps(store: Store, read: Callable[[Store], Any]) -> int:
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    store.connection.set_progress_handler(tick, STEP)
    try:
        read(store)
    finally:
        store.connection.set_progress_handler(None, STEP)
    return counted[0]


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(4, tmp_path_factory.mktemp("plan") / "plan-4x.db")


def show(store: Store) -> str:
    return describe(store, resolve(store, "3-2.5"))


def test_one_task_costs_the_same_on_a_larger_plan(larger: Path) -> None:
    small, large = steps(Store.open(PLAN_DB), show), steps(Store.open(larger), show)
    assert large <= small * 1.2 + 5, (small, large)


def test_a_ministrys_tasks_read_only_those_tasks(larger: Path) -> None:
    """환경부 has a few percent of the tasks: reading them costs a fraction of reading all."""
    wanted = Filter(ministries=("환경부",))
    found = len(Store.open(larger).tasks(wanted))
    everything = len(Store.open(larger).all_tasks())
    assert found * 10 < everything
    part, whole = steps(Store.open(larger), lambda s: s.tasks(wanted)), steps(Store.open(larger), Store.all_tasks)
    assert part < whole * 0.25, (part, whole)


def test_partial_reads_equal_the_whole(store: Store) -> None:
    whole = Store.open(PLAN_DB)
    everything = whole.all_tasks()
    for task in everything:
        assert Store.open(PLAN_DB).task(task.id) == task
    assert Store.open(PLAN_DB).task("3-2.99") is None
    ministries = {m for t in everything for m in (*t.ministries, *t.partners)}
    filters = [Filter(ministries=(m,)) for m in sorted(ministries)]
    filters += [Filter(strategy=s) for s in (1, 2, 3, 4)] + [Filter(area=a) for a in ("1-1", "3-2", "4-3")]
    filters += [Filter(ministries=("환경부", "경호처"), strategy=3), Filter(ministries=("과기정통부",), years=(2024,))]
    for where in filters:
        assert Store.open(PLAN_DB).tasks(where) == whole.tasks(where), where
    all_targets = whole.targets()
    for task in everything:
        assert Store.open(PLAN_DB).targets(task=task.id) == [t for t in all_targets if t.task == task.id]
    assert Store.open(PLAN_DB).targets(area="3-2") == [t for t in all_targets if t.area == "3-2"]


def test_a_wrong_id_on_a_larger_plan_says_little(larger: Path) -> None:
    """Not every id of a large plan: the span or the nearest few, in natural order (1-2 before 1-10)."""
    from aiplan_tui.describe import UnknownId, natural_key

    store = Store.open(larger)
    for wrong in ("3-999", "3-2.999", "3-1O", "1-1x", "3-2/t999", "3-999/1"):
        with pytest.raises(UnknownId) as raised:
            resolve(store, wrong)
        message = str(raised.value)
        assert "\n" not in message and len(message) < 160, message
    with pytest.raises(UnknownId) as raised:
        resolve(store, "1-1x")
    suggested = str(raised.value).split("가까운 id: ")[1].split(", ")
    assert 1 < len(suggested) <= 5 and suggested == sorted(suggested, key=natural_key), suggested
