"""The explorer (and VisiData beside it) in a real 80×24 pty: first paint, keys, bytes, memory.

Every key is written to the pty as a terminal would send it; its answer is everything the
program writes until it has been quiet for SETTLE seconds, and its latency is the time to the
last chunk of that answer that drew something. Bytes are what an SSH link would carry.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pty_driver import DOWN, QUIET, Burst, Session, contains, terminal_environment

SETTLE = 0.25  # quiet seconds that end the answer to a key
SETTLED = 0.5  # quiet seconds that end start-up
UP = b"\x1b[A"
ENTER = b"\r"
ESCAPE = b"\x1b"
BACKSPACE = b"\x7f"

# Text each dialog draws when it is open, so keys are typed only once it can take them.
GOTO_TITLE = "이동할 id"
PICKER_TITLE = "소관부처"
SEARCH_PLACEHOLDER = "재선충"  # in the input's placeholder (its first letter sits under the caret)


@dataclass(frozen=True)
class Scenario:
    """How much of each thing one session does."""

    moves: tuple[bytes, ...] = (DOWN,) * 26 + (UP,) * 24  # inside the 27 rows of the 1× plan, strategies open
    strategies: int = 4  # how many to open (every one, in the plan's four)
    tasks: int = 6
    # Enough samples that a p95 is not simply the slowest one: by nearest rank, the p95 of 19
    # or fewer is their maximum, of 20–39 the second slowest, of 40–59 the third.
    ministries: int = 20
    # Sessions that only filter (on a task, as the main session does), for a p95 of the filter
    # that one or two slow frames on this shared machine do not decide: 60 filters, not 20.
    filter_sessions: int = 2
    # Typed one key at a time: a Korean syllable arrives whole from the terminal's input method.
    # Eleven queries leave one or two letters in the box after 42 keys (typing and erasing).
    queries: tuple[str, ...] = (
        "홍수예보",
        "ㅎㅅ",
        "환경부 2024",
        "재선충",
        "교육 데이터",
        "디지털 포용",
        "교과서",
        "ㅈㄴ",
        "바우처",
        "어르신",
        "일자리",
    )
    visidata_moves: int = 20
    idle: float = 2.0  # seconds of listening to the explorer while nobody types


QUICK = Scenario(
    moves=(DOWN,) * 4 + (UP,) * 2,
    strategies=1,
    tasks=1,
    ministries=1,
    filter_sessions=1,
    queries=("홍수",),
    visidata_moves=3,
    idle=0.5,
)


@dataclass(frozen=True)
class Paint:
    """One cold start: the first full screen, and the end of start-up (all redraws done)."""

    first: Burst
    settled: Burst


@dataclass
class Interaction:
    """Answers to each kind of key in one session of the explorer."""

    paint: Paint
    moves: list[Burst] = field(default_factory=list)
    open_strategy: list[Burst] = field(default_factory=list)
    goto_task: list[Burst] = field(default_factory=list)
    open_task: list[Burst] = field(default_factory=list)
    open_picker: list[Burst] = field(default_factory=list)
    apply_filter: list[Burst] = field(default_factory=list)
    clear_filter: list[Burst] = field(default_factory=list)
    open_search: list[Burst] = field(default_factory=list)
    search_keys: list[Burst] = field(default_factory=list)
    # Those of search_keys after which the box holds one or two letters (typed or left by ⌫):
    # words too short for the trigram index.
    short_search_keys: list[Burst] = field(default_factory=list)
    rss_strategies_kib: int = 0
    rss_end_kib: int = 0
    idle_tree: float = 0.0  # bytes a second written while nobody types: the tree
    idle_search: float = 0.0  # … and the search dialog (its caret blinks)


@dataclass(frozen=True)
class Plan:
    """What the scenario needs to know about one plan database."""

    db: Path
    total: int  # tasks
    first_root: str  # id of the first node of the tree after the overview
    strategies: list[str]
    tasks: list[str]  # tasks with items, spread over the plan
    ministries: list[tuple[str, int]]  # (what to type in the picker, tasks it leaves)


def describe_plan(db: Path, scenario: Scenario) -> Plan:
    from aiplan_tui.outline import Outline
    from aiplan_tui.store import Filter, Store

    store = Store.open(db)
    tasks = [t for t in store.tasks() if t.items]
    step = max(len(tasks) // scenario.tasks, 1)
    choices = [m for m in store.ministries() if m.tasks]
    names = {m.id: [m.id, m.name, m.name_en, *m.aliases] for m in choices}

    def unique(typed: str) -> bool:  # the picker takes a name typed down to one choice
        return sum(any(typed.casefold() in n.casefold() for n in ns) for ns in names.values()) == 1

    picked = sorted((m for m in choices if unique(m.id)), key=lambda m: (-m.tasks, m.id))[: scenario.ministries]
    return Plan(
        db=db,
        total=len(store.tasks()),
        first_root=next(e.ref.id for e in Outline(store).roots() if e.ref.kind != "overview"),
        strategies=[str(s.id) for s in store.strategies()][: scenario.strategies],
        tasks=[t.id for t in tasks[::step][: scenario.tasks]],
        ministries=[(m.id, len(store.tasks(Filter(ministries=(m.id,))))) for m in picked],
    )


def environment() -> dict[str, str]:
    env = terminal_environment(dict(os.environ))
    # VisiData writes its command log and options under $HOME; keep them out of the user's.
    env["HOME"] = str(Path(__file__).resolve().parent / "out" / "home")
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    # A fresh workspace and settings: a kept place (the explorer reopens where it was left) or a
    # theme chosen by the user would change what is measured.
    env["AIPLAN_WORKSPACE"] = str(Path(env["HOME"]) / "workspace.db")
    env["AIPLAN_CONFIG_DIR"] = str(Path(env["HOME"]) / "config")
    return env


def start(session: Session, ready: Callable[[bytes], bool]) -> Paint:
    first = session.first_paint(ready, quiet=QUIET)
    rest = session.collect(session.started, quiet=SETTLED)
    settled_seconds = rest.seconds if rest.size else first.seconds
    return Paint(first, Burst(first.data + rest.data, max(settled_seconds, first.seconds)))


def cold_start(command: Sequence[str], ready: Callable[[bytes], bool]) -> Paint:
    with Session(command, environment()) as session:
        return start(session, ready)


def floor(command: Sequence[str]) -> float:
    """Seconds from spawning to exit of a program that draws nothing (the import floor)."""
    with Session(command, environment()) as session:
        return session.until_exit().seconds


def explorer_ready(total: int) -> Callable[[bytes], bool]:
    return contains("검색", f"과제 {total}/{total}")  # the footer and the filter bar


@dataclass(frozen=True)
class Keys:
    """Keys typed into a session: each answer is read until SETTLE seconds of quiet."""

    session: Session

    def __call__(self, keys: bytes, until: Callable[[bytes], bool] | None = None) -> Burst:
        return self.session.send(keys, until, quiet=SETTLE)

    def goto(self, node: str) -> Burst:
        """`g`, the id, ⏎: the answer to ⏎."""
        self(b"g", contains(GOTO_TITLE))
        self(node.encode(), contains(node))
        return self(ENTER)


def explore(aiplan: Sequence[str], plan: Plan, scenario: Scenario) -> Interaction:
    """One session of the explorer on ``plan``: open every strategy, move, open tasks, filter, search."""
    with Session([*aiplan, "--db", str(plan.db)], environment()) as session:
        key = Keys(session)
        goto = key.goto
        result = Interaction(start(session, explorer_ready(plan.total)))
        for strategy in plan.strategies:
            goto(strategy)
            result.open_strategy.append(key(ENTER))
        result.rss_strategies_kib = session.peak_rss_kib()
        result.idle_tree = session.listen(scenario.idle) / scenario.idle

        goto(plan.first_root)
        result.moves = [key(move) for move in scenario.moves]

        for task in plan.tasks:
            result.goto_task.append(goto(task))
            result.open_task.append(key(ENTER))
            key(ENTER)  # close it again

        # Search before the filters: clearing a filter shows a toast whose removal would be counted as idle output.
        result.open_search.append(key(b"/", contains(SEARCH_PLACEHOLDER)))
        result.idle_search = session.listen(scenario.idle) / scenario.idle
        for query in scenario.queries:
            for typed in range(1, len(query) + 1):  # the box then holds query[:typed]
                result.search_keys.append(key(query[typed - 1].encode()))
                if typed <= 2:
                    result.short_search_keys.append(result.search_keys[-1])
            for left in range(len(query) - 1, -1, -1):  # ⌫ leaves query[:left]
                result.search_keys.append(key(BACKSPACE))
                if 1 <= left <= 2:
                    result.short_search_keys.append(result.search_keys[-1])
        key(ESCAPE)
        filter_by_each_ministry(key, plan, result)

        result.rss_end_kib = session.peak_rss_kib()
    return result


def filter_by_each_ministry(key: Keys, plan: Plan, into: Interaction) -> None:
    """Pick each ministry of ``plan`` in the picker (typed down to one choice), then clear it."""
    everything = contains(f"과제 {plan.total}/{plan.total}")
    for ministry, count in plan.ministries:
        into.open_picker.append(key(b"m", contains(PICKER_TITLE)))
        key(ministry.encode(), contains(ministry))
        into.apply_filter.append(key(ENTER, contains(f"과제 {count}/{plan.total}")))
        into.clear_filter.append(key(b"x", everything))


def filters_only(aiplan: Sequence[str], plan: Plan) -> Interaction:
    """A session that goes to the plan's last sampled task and filters by each ministry from there."""
    with Session([*aiplan, "--db", str(plan.db)], environment()) as session:
        key = Keys(session)
        result = Interaction(start(session, explorer_ready(plan.total)))
        key.goto(plan.tasks[-1])
        filter_by_each_ministry(key, plan, result)
    return result


@dataclass
class VisiData:
    paint: Paint
    moves: list[Burst]
    rss_kib: int


ROW_RULE = "║".encode()  # VisiData draws it after the key column of every row


def visidata_ready(data: bytes) -> bool:
    """The sheet list of the database's tables is on the screen (its column widths vary)."""
    return data.count(ROW_RULE) >= 12


def visidata(vd: Sequence[str], db: Path, moves: int) -> VisiData:
    """`vd plan.db`: its first screen (the list of tables), then ↓ through it."""
    with Session([*vd, str(db)], environment()) as session:
        paint = start(session, visidata_ready)
        answers = [session.send(DOWN, quiet=SETTLE) for _ in range(moves)]
        return VisiData(paint, answers, session.peak_rss_kib())
