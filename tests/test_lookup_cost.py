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
from hypothesis import given, settings
from hypothesis import strategies as st

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


def rows_read(store: Store, read: Callable[[Store], Any]) -> int:
    """How many rows ``read`` fetches through the store."""
    fetched = [0]
    whole = store.rows

    def counted(sql: str, params: Any = ()) -> list[Any]:
        found = whole(sql, params)
        fetched[0] += len(found)
        return found

    store.rows = counted  # type: ignore[method-assign]
    read(store)
    return fetched[0]


def test_show_reads_the_same_rows_on_a_larger_plan(larger: Path) -> None:
    """A task's area alone (not every area, sorted), its ministries' names alone (not every
    ministry with its count of tasks), its body once: the rows of the answer, whatever the plan's size."""
    small, large = rows_read(Store.open(PLAN_DB), show), rows_read(Store.open(larger), show)
    assert small == large, (small, large)


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


def test_a_strategys_panel_lists_a_screenful_of_areas(tmp_path: Path) -> None:
    """On a plan with hundreds of areas the strategy's panel stays short: the first areas, and
    how many more the tree holds (laying out every one cost ~0.1 s per change of the panel)."""
    from rich.console import Console

    from aiplan_tui.description import LISTED_AREAS
    from aiplan_tui.outline import Ref
    from aiplan_tui.records import NodeKind
    from aiplan_tui.tui.render import node_renderable

    store = Store.open(generate(12, tmp_path / "plan-12x.db"))
    areas = store.areas(3)
    assert len(areas) > LISTED_AREAS
    console = Console(width=100, record=True, color_system=None)
    console.print(node_renderable(store, Ref(NodeKind.strategy, "3"), store.tasks()))
    shown = console.export_text()
    assert f"  {areas[LISTED_AREAS - 1].id} " in shown and f"  {areas[LISTED_AREAS].id} " not in shown
    assert f"분야 {len(areas) - LISTED_AREAS}개 더" in shown
    assert len(shown.splitlines()) < LISTED_AREAS + 10


# What a lookup must not import: the explorer, the workspace, and standard modules that cost
# milliseconds each to import and that only other commands need (`inspect` ~9 ms: the store's
# read guard used it; `hashlib` ~4 ms: only `check` and the build checksum the plan; `typing`
# ~3.5 ms, and typing.NamedTuple ~7 ms more for the records: see aiplan_tui/tuples.py; `json`
# ~1.5 ms: only -f json and the few JSON columns need it).
NOT_FOR_LOOKUPS = (
    *("textual", "aiplan_tui.tui", "aiplan_tui.workspace", "inspect", "hashlib", "difflib", "pydantic"),
    *("typing", "json"),
)


@pytest.mark.parametrize(
    "command", [["show", "3-2.5"], ["tasks", "--ministry", "환경부"], ["search", "홍수"], ["search", "ㅎㅅ"]]
)
def test_a_lookup_imports_only_what_it_needs(command: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\nfrom aiplan_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    status = main(['--db', {str(PLAN_DB)!r}, *{command!r}])\n"
        f"assert status == 0 and out.getvalue(), status\n"
        f"print(sorted(m for m in sys.modules if m.startswith({NOT_FOR_LOOKUPS!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


def test_a_wrong_area_id_names_its_nearest_areas_without_reading_every_id(larger: Path) -> None:
    """3-60 on a plan with 3-1 … 3-12: the few areas of strategy 3 nearest in number, in
    natural order (not the span 1-1~4-…, not 3-9 and 3-19 because they look alike); the error
    path reads that strategy's ids through the index, not the plan's areas and tasks."""
    from aiplan_tui.describe import UnknownId, natural_key

    store = Store.open(larger)
    own = store.ids_under("areas", "3-")
    last = max(int(a.split("-")[1]) for a in own)
    assert len(own) > 5 and len(store.area_ids()) > 3 * len(own)
    for wanted, message in ((f"3-{last + 50}", "분야가 아닙니다"), (f"3-{last + 50}.1", "과제가 아닙니다")):
        store = Store.open(larger)
        said: list[str] = []

        def wrong(store: Store, wanted: str = wanted, said: list[str] = said) -> None:
            with pytest.raises(UnknownId) as raised:
                resolve(store, wanted)
            said.append(str(raised.value))

        cost = steps(store, wrong)
        text = said[0]
        assert message in text
        close = text.split("가까운 분야: ")[1].split(", ")
        nearest_five = sorted(sorted(own, key=lambda a: last + 50 - int(a.split("-")[1])), key=natural_key)[-5:]
        assert close == sorted(close, key=natural_key) == nearest_five, text
        assert store._areas is None and store._tasks is None  # nothing read whole
        everything = steps(Store.open(larger), lambda s: (s.area_ids(), s.all_tasks()))
        assert cost * 10 < everything, (cost, everything)
    store = Store.open(larger)
    with pytest.raises(UnknownId) as raised:
        resolve(store, "9-1")  # no strategy 9: the span, short
    last_area = max(store.ids_under("areas", "4-"), key=natural_key)
    assert str(raised.value).endswith(f"분야는 1-1~{last_area}")


def test_aiplan_check_accepts_a_generated_plan(larger: Path) -> None:
    """The generator records the shape it wrote (counts, years), as the build does."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(larger), "check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.startswith("ok: "), result.stdout + result.stderr
    assert f"과제 {Store.open(larger).count('tasks')}," in result.stdout


def test_search_reads_the_targets_and_tasks_of_its_hits_only(larger: Path) -> None:
    """`search CCTV -n 5`: the values of its target hits and the titles of its hits' tasks,
    read for those hits (it read every target of the plan, and each task whole, one by one)."""
    import contextlib
    import io

    from aiplan_tui import cli

    store = Store.open(larger)
    store.ministry_names(), store.year_span()  # read by any search: not what is counted here
    args = cli.build_parser("search").parse_args(["search", "CCTV", "-n", "5", "-f", "plain"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        fetched = rows_read(store, lambda s: cli.cmd_search(s, args))
    assert "'" in out.getvalue() and " → " in out.getvalue()  # a target hit with its values
    assert fetched < store.count("targets"), fetched


def test_reads_by_many_ids_bind_what_an_old_sqlite_takes(store: Store) -> None:
    """More ids than one statement may bind on an SQLite before 3.32 (999): read in parts,
    with the same answer."""
    import sqlite3

    from aiplan_tui.store import MAX_BOUND

    tasks = store.all_tasks()
    targets = store.targets()
    fresh = Store.open(PLAN_DB)
    if hasattr(fresh.connection, "setlimit"):  # Python 3.11+: make this SQLite as strict as an old one
        fresh.connection.setlimit(getattr(sqlite3, "SQLITE_LIMIT_VARIABLE_NUMBER"), MAX_BOUND)  # noqa: B009
    unknown = [f"9-9.{n}" for n in range(MAX_BOUND)]
    assert fresh.task_titles([t.id for t in tasks] + unknown) == {t.id: t.title for t in tasks}
    assert fresh.targets(ids=[t.id for t in targets[::2]] + unknown) == targets[::2]
    assert fresh.targets(ids=[targets[1].id]) == [targets[1]] and fresh.targets(ids=[]) == []


YEAR_PATTERN = r"['’′‘]?(20\d\d|\d\d)년?"  # what parse_year reads, as the pattern it was written with


@given(st.text(alphabet="0123456789２０１٠٣'’′‘년 a-\t", max_size=8), st.sampled_from([None, (2023, 2027)]))
@settings(max_examples=2000, deadline=None)
def test_parse_year_reads_what_the_year_pattern_matches(word: str, years: tuple[int, int] | None) -> None:
    """parse_year no longer compiles the pattern (for every lookup, even one naming no year)."""
    import re

    from aiplan_tui.search import parse_year

    match = re.fullmatch(YEAR_PATTERN, word.strip())
    year = None if match is None else int(match.group(1)) + (0 if len(match.group(1)) == 4 else 2000)
    expected = year if year is None or years is None or years[0] <= year <= years[1] else None
    assert parse_year(word, years) == expected


def test_the_lookup_modules_compile_no_regex_when_imported() -> None:
    """Module bodies do no regex work: a pattern is compiled by the first call that needs it."""
    import subprocess
    import sys

    code = (
        "import re, sys\nours = []\nplain = re.compile\n"
        "def counted(pattern, flags=0):\n"
        "    if sys._getframe(1).f_globals.get('__name__', '').startswith('aiplan_tui'):\n"
        "        ours.append(pattern)\n"
        "    return plain(pattern, flags)\n"
        "re.compile = counted\n"
        "import aiplan_tui.cli, aiplan_tui.describe, aiplan_tui.description, aiplan_tui.plain\n"
        "print(ours)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_a_snippet_measures_each_character_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A snippet of a long text asks Unicode's table for each distinct character at most once
    (it measured the window again for each character it moved, thousands of asks per hit)."""
    import unicodedata

    from aiplan_tui import search

    asked: list[str] = []

    class Counting:
        def __getattr__(self, name: str) -> Any:
            return getattr(unicodedata, name)

        def east_asian_width(self, char: str) -> str:
            asked.append(char)
            return unicodedata.east_asian_width(char)

    monkeypatch.setattr(search, "unicodedata", Counting())
    text = "지능형 CCTV 관제시스템 구축 " * 40 + "홍수 예보 2024년 30% → 2027년 100% " + "재난 안전 데이터 " * 40
    shown, marks = search.snippet(text, search.parse("홍수"), width=80)
    assert len(asked) <= len(set(text)), len(asked)
    assert [shown[s:e] for s, e in marks] == ["홍수"] and search.cells(shown) <= 82


class Walked(list):  # type: ignore[type-arg]
    """A list that counts how often it is walked from end to end."""

    walks = 0

    def __iter__(self) -> Any:
        self.walks += 1
        return super().__iter__()


def test_a_filter_picks_its_tasks_without_walking_the_plan(larger: Path) -> None:
    """Once every task is read (the explorer reads them in its first quiet second), a filter
    by ministry or area, the tree's outline of it and an area's panel go to that ministry's or area's tasks,
    not through all of them: their cost follows the answer, not the plan (issue 17.6)."""
    from aiplan_tui.outline import Outline, Ref
    from aiplan_tui.records import NodeKind

    store = Store.open(larger)
    walked = Walked(store.all_tasks())
    store._tasks = walked
    expected = {
        where: [t for t in list.__iter__(walked) if keeps(where, t)]
        for where in (
            Filter(ministries=("환경부",)),
            Filter(ministries=("환경부", "과기정통부")),
            Filter(area="3-2"),
            Filter(ministries=("복지부",), area="1-1"),
        )
    }
    for where, tasks in expected.items():
        assert store.tasks(where) == tasks, where
        outline = Outline(store, where=where)
        outline.roots()
        outline.children(Ref(NodeKind.strategy, "3"))
        outline.children(Ref(NodeKind.area, "3-2"))
    describe(store, resolve(store, "3-2"))  # the panel of the area a filter lands on
    assert walked.walks == 0


def test_the_tree_without_filters_walks_no_task_list(larger: Path) -> None:
    """Clearing a filter: the strategy view's outline counts areas from SQL and lists an
    area's tasks through the store's places for it; nothing walks every task of the plan
    (on the 100× plan that walk was ~2 ms of each `x`)."""
    from aiplan_tui.outline import Outline, Ref
    from aiplan_tui.records import NodeKind

    store = Store.open(larger)
    walked = Walked(store.all_tasks())
    store._tasks = walked
    outline = Outline(store)
    entries = [*outline.roots(), *outline.children(Ref(NodeKind.strategy, "3"))]
    tasks = outline.children(Ref(NodeKind.area, "3-2"))
    assert walked.walks == 0
    every = list.__iter__(walked)
    assert [e.ref.id for e in tasks if e.ref.kind == NodeKind.task] == [t.id for t in every if t.area == "3-2"]
    assert any(e.ref == Ref(NodeKind.area, "3-2") and e.tally == f"({store.tasks_per_area()['3-2']})" for e in entries)


def keeps(where: Filter, task: Any) -> bool:
    ministries = set(task.ministries) | set(task.partners)
    return (not where.ministries or bool(ministries & set(where.ministries))) and (
        where.area is None or task.area == where.area
    )


def test_an_areas_top_items_cost_the_same_on_a_larger_plan(larger: Path) -> None:
    """An area's 본문 (its items without a parent): SQLite chose the index on `parent` for
    "parent is null" and walked every top item of the plan (~3 ms at 100×, in every filter
    that lands on an area); read through the area's own index it costs what the area holds."""

    def body(store: Store) -> list[str]:
        return [item.id for item in store.top_items("3-2")]

    small, large = Store.open(PLAN_DB), Store.open(larger)
    assert body(small) and body(large) == body(small)
    assert steps(large, body) <= steps(small, body) * 1.2 + 5, (steps(small, body), steps(large, body))
