"""Nodes of the plan as plain text and as JSON-ready dicts (for `aiplan show` and copying).

Any id a person types resolves here: strategy ``3``, area ``3-2``, task ``3-2.9``, item
``3-2/14`` or ``3-2/독거노인``, target ``3-2/t6``, milestone ``3-2/m1``, document
``summary``, or a ministry in any name form.
"""

from __future__ import annotations

import re

from aiplan_tui.korean import topic
from aiplan_tui.records import Area, Document, Item, Milestone, Ministry, NodeKind, Point, Strategy, Target, Task
from aiplan_tui.safe import printable
from aiplan_tui.store import Store, as_dict
from aiplan_tui.tuples import NamedTuple

TYPE_CHECKING = False  # not typing's: importing typing costs a lookup ~3.5 ms (see tuples.py)
if TYPE_CHECKING:
    from typing import Any, Union

    # description.py builds on the helpers here: imported inside the functions below
    from aiplan_tui.description import Description

    Node = Union[Strategy, Area, Task, Item, Target, Milestone, Document, Ministry]


class UnknownId(Exception):
    """The id names nothing in the plan; the message says what ids look like here."""


class Resolved(NamedTuple):
    kind: NodeKind  # strategy, area, task, item, target, milestone, document or ministry
    node: Node


def year_label(year: int, tentative: bool = False) -> str:
    return f"'{year % 100:02d}" + ("(잠정)" if tentative else "")


BASELINE = "현재(연도 미기재)"


def point_year(point: Point) -> str:
    """'25, or '25~'26 for a span; a year the plan does not state says so."""
    if point.kind == "baseline":
        return BASELINE
    label = year_label(point.year, point.tentative) + (f"~{year_label(point.until)}" if point.until else "")
    return f"연도 미기재 · 과제 {label}" if point.year_from_task else label


KIND_WORDS = {"added": " 추가", "cumulative": "(누적)"}


def point_value(point: Point, unit: str) -> str:
    """1,400여개교, 16종 이상, 4개 추가, 4개(누적): the value with its unit, the plan's hedge and
    whether it is an addition or a cumulative total where the plan says so."""
    about = point.qualifier if point.qualifier in ("여", "약") else ""
    at_least = " 이상" if point.qualifier == "이상" else ""
    return f"{point.value:,}{about}{unit}{at_least}{KIND_WORDS.get(point.kind or '', '')}"


def format_series(target: Target) -> str:
    """'23 141개소 → '27 261개소, with the plan's hedges (여, 이상)."""
    return " → ".join(f"{point_year(p)} {point_value(p, target.unit)}" for p in target.series)


def resolve(store: Store, text: str) -> Resolved:
    """What a typed id or name means: ids as the plan prints them (3, 3-2, 3-2.9, 3-2/14,
    3-2/t6, 3-2/m1, summary), Korean names of documents (요약, 참고, 목차, 추진체계, Ⅵ) and
    ministries in any name form. UnknownId's message is Korean, one line, and short."""
    wanted = text.strip()
    if not wanted:
        raise UnknownId(f"id를 입력하세요 ({id_examples(store)})")
    if re.fullmatch(r"\d+", wanted):
        strategies = store.strategies()
        strategy = next((s for s in strategies if str(s.id) == wanted), None)
        if strategy is None:
            raise UnknownId(f"{topic(wanted)} 전략이 아닙니다 — 전략은 {_span([str(s.id) for s in strategies])}")
        return Resolved(NodeKind.strategy, strategy)
    if re.fullmatch(r"\d+-\d+", wanted):
        area = store.area(wanted)
        if area is None:
            raise UnknownId(f"{topic(wanted)} 분야가 아닙니다 — {area_hint(store, wanted)}")
        return Resolved(NodeKind.area, area)
    if re.fullmatch(r"\d+-\d+\.\d+", wanted):
        task = store.task(wanted)
        if task is None:
            area_id = wanted.split(".")[0]
            ids = store.ids_under("tasks", f"{area_id}.")
            if not ids:
                raise UnknownId(f"{topic(wanted)} 과제가 아닙니다 — {area_hint(store, area_id)}")
            raise UnknownId(f"{topic(wanted)} 과제가 아닙니다 — 분야 {area_id}의 과제는 {_span(ids)}")
        return Resolved(NodeKind.task, task)
    if "/" in wanted:
        return _resolve_in_scope(store, wanted)
    document = next((d for d in store.documents() if d.id == wanted), None) or document_named(store, wanted)
    if document is not None:
        return Resolved(NodeKind.document, document)
    ministry_id = store.ministry_names().get(wanted) or {
        k.casefold(): v for k, v in store.ministry_names().items()
    }.get(wanted.casefold())
    if ministry_id is not None:
        return Resolved(NodeKind.ministry, next(m for m in store.ministries() if m.id == ministry_id))
    close = nearest(wanted, _known_ids(store))
    hint = f"가까운 id: {', '.join(close)}" if close else f"예: {id_examples(store)}"
    raise UnknownId(f"{topic(_quoted(wanted))} 이 계획에 없는 id입니다 — {hint}")


def id_examples(store: Store) -> str:
    """One id of each kind this plan has, taken from its data: 1 (전략), 1-1 (분야), 1-1.12 (과제) …"""
    examples: list[str] = []
    strategies = store.strategies()
    if strategies:
        examples.append(f"{strategies[0].id} (전략)")
    areas = sorted(store.areas(strategies[0].id) if strategies else [], key=lambda a: natural_key(a.id))
    if areas:
        area = areas[0].id
        tasks = [str(row["id"]) for row in store.rows("select id from tasks where area = ?", (area,))]
        examples.append(f"{area} (분야)")
        if tasks:
            examples.append(f"{max(tasks, key=natural_key)} (과제)")  # the longest form this plan writes
        examples.append(f"{area}/1 (본문)")
    target = store.rows("select id from targets order by position limit 1")
    if target:
        examples.append(f"{target[0]['id']} (목표)")
    documents = store.documents()
    if documents:
        examples.append(f"{documents[0].id} (문서)")
    ministry = store.rows("select id from ministries order by rowid limit 1")
    if ministry:
        examples.append(str(ministry[0]["id"]))
    return ", ".join(examples)


# Other words people use for a document's title.
_DOCUMENT_WORDS = {"목차": "순서"}
_ROMAN = {"i": "Ⅰ", "ii": "Ⅱ", "iii": "Ⅲ", "iv": "Ⅳ", "v": "Ⅴ", "vi": "Ⅵ", "vii": "Ⅶ"}


def _quoted(text: str) -> str:
    return f"‘{printable(text)[:60]}’"


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold().rstrip(".")


def natural_key(text: str) -> list[Any]:
    """3-2.9 before 3-2.10: digits compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _span(ids: list[str]) -> str:
    """1-1~4-2: the first and last of ids in natural order (short on any size of plan)."""
    ordered = sorted(ids, key=natural_key)
    if not ordered:
        return "없음"
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}~{ordered[-1]}"


def nearest(wanted: str, candidates: list[str], count: int = 5) -> list[str]:
    """The few candidates closest to what was typed, in natural order."""
    import difflib

    close = difflib.get_close_matches(wanted, list(dict.fromkeys(candidates)), n=count, cutoff=0.6)
    return sorted(close, key=natural_key)


def area_hint(store: Store, wanted: str, count: int = 5) -> str:
    """What to say for an area id the plan does not have (3-999): the few areas of its
    strategy nearest in number, in natural order; for a strategy the plan does not have, the
    span of all areas (1-1~4-2). Reads that strategy's ids only, never every id of the plan."""
    strategy, _, number = wanted.partition("-")
    ids = store.ids_under("areas", f"{strategy}-") if strategy.isdigit() and number.isdigit() else []
    if ids:

        def distance(area_id: str) -> tuple[int, list[Any]]:
            tail = area_id.partition("-")[2]
            return (abs(int(tail) - int(number)) if tail.isdigit() else len(ids), natural_key(area_id))

        close = sorted(sorted(ids, key=distance)[:count], key=natural_key)
        return f"가까운 분야: {', '.join(close)}"
    span = store.area_span()
    return f"분야는 {span[0]}~{span[1]}" if span and span[0] != span[1] else f"분야는 {span[0] if span else '없음'}"


def _known_ids(store: Store) -> list[str]:
    documents = store.documents()
    return [
        *store.area_ids(),
        *(t.id for t in store.tasks()),
        *(d.id for d in documents),
        *(m.id for m in store.ministries()),
    ]


def _document_names(document: Document) -> list[str]:
    """Names a document answers to besides its id, squeezed (no spaces, case folded)."""
    title = _squeezed(document.title)
    names = [title]
    numeral = re.match(r"([ⅰ-ⅿⅠ-Ⅿ])\.?(.*)", title)
    if numeral:
        names += [numeral.group(1), numeral.group(2)]
    names += re.findall(r"\[([^\]]+)\]", title)
    if title.startswith("참고:"):
        names.append(title.removeprefix("참고:"))
    return names


def document_named(store: Store, text: str) -> Document | None:
    """A document by a Korean name: 요약, 순서 or 목차, Ⅵ (or VI), 추진체계, 참고 (the first
    참고 page; 참고2 and 참고3 the next), or any part of its title."""
    key = _squeezed(text)
    key = _squeezed(_ROMAN.get(key, _DOCUMENT_WORDS.get(key, key)))
    documents = store.documents()
    numbered = re.fullmatch(r"참고(\d+)", key)
    if numbered:
        references = [d for d in documents if d.title.startswith("참고")]
        number = int(numbered.group(1))
        return references[number - 1] if 1 <= number <= len(references) else None
    exact = next((d for d in documents if key in _document_names(d)), None)
    if exact is not None or len(key) < 2 or not re.search("[가-힣]", key):
        return exact
    return next((d for d in documents if key in _squeezed(d.title)), None)


def _resolve_in_scope(store: Store, wanted: str) -> Resolved:
    scope, _, local = wanted.partition("/")
    scopes = [*store.area_ids(), *(d.id for d in store.documents())]
    if scope not in scopes and re.fullmatch(r"\d+-\d+", scope) and store.ids_under("areas", scope.split("-")[0] + "-"):
        # An area of a strategy the plan has: its nearest areas by number (not 3-99 for 3-999).
        hint = area_hint(store, scope)
        raise UnknownId(f"{topic(_quoted(wanted))} 없는 id입니다 — {topic(_quoted(scope))} 분야가 아닙니다 ({hint})")
    if scope not in scopes:
        close = nearest(scope, scopes)
        documents = _span([d.id for d in store.documents()])
        hint = f"가까운 것: {', '.join(close)}" if close else f"분야는 {_span(store.area_ids())}, 문서는 {documents}"
        raise UnknownId(
            f"{topic(_quoted(wanted))} 없는 id입니다 — {topic(_quoted(scope))} 분야나 문서가 아닙니다 ({hint})"
        )
    if re.fullmatch(r"t\d+", local):
        target = next((t for t in store.targets() if t.id == wanted), None)
        if target is None:
            ids = [t.id for t in store.targets() if (t.area or t.document) == scope]
            where = f"{scope}의 목표는 {_span(ids)}" if ids else f"{scope}에는 목표가 없습니다"
            raise UnknownId(f"{topic(wanted)} 목표가 아닙니다 — {where}")
        return Resolved(NodeKind.target, target)
    if re.fullmatch(r"m\d+", local):
        milestone = next((m for m in store.milestones() if m.id == wanted), None)
        if milestone is None:
            ids = [m.id for m in store.milestones() if m.id.startswith(f"{scope}/")]
            where = f"{scope}의 일정은 {_span(ids)}" if ids else f"{scope}에는 일정이 없습니다"
            raise UnknownId(f"{topic(wanted)} 일정이 아닙니다 — {where}")
        return Resolved(NodeKind.milestone, milestone)
    item = store.item(wanted) if local.isdigit() else store.item_by_key(scope, local)
    if item is None:
        count = len(store.items(scope))
        raise UnknownId(f"{topic(_quoted(wanted))} 본문 항목이 아닙니다 — {scope}의 항목은 {scope}/1~{scope}/{count}")
    return Resolved(NodeKind.item, item)


# Plain text -----------------------------------------------------------------------------


def item_lines(items: list[Item], base_depth: int | None = None) -> list[str]:
    """Items indented by depth, with their own bullet marks and tables as rows."""
    if not items:
        return []
    base = min(i.depth for i in items) if base_depth is None else base_depth
    lines = []
    for item in items:
        indent = "  " * (item.depth - base)
        mark = f"{item.mark} " if item.mark else ""
        if item.table is not None:
            columns, rows = item.table
            caption = f"< {item.text} >" if item.text else "<표>"
            lines.append(f"{indent}{caption}")
            lines.append(f"{indent}  " + " | ".join(columns))
            lines.extend(f"{indent}  " + " | ".join(row) for row in rows)
        else:
            lines.append(f"{indent}{mark}{item.text}")
    return lines


def ministry_label(store: Store, ids: list[str], gap: str = "") -> str:
    """Short names with the official name where it differs: 행안부(행정안전부), 환경부."""
    official = store.official_names(list(dict.fromkeys(ids)))
    return ", ".join(m if official.get(m, m) == m else f"{m}{gap}({official[m]})" for m in ids)


def task_body(store: Store, task: Task) -> list[Item]:
    """The task's own body items, each once, in reading order.

    A linked item brings its sub-items (notes, tables, sub-bullets) only where they belong to
    the same task: a sub-item linked to other tasks and not to this one is left out with
    everything under it, and an item reached both directly and through its parent is kept once.
    """
    chosen: dict[str, Item] = {}
    for item_id in task.items:
        if item_id in chosen:
            continue
        dropped: set[str] = set()
        for item in store.subtree(item_id):
            if item.parent in dropped or (item.id != item_id and item.tasks and task.id not in item.tasks):
                dropped.add(item.id)
                continue
            chosen.setdefault(item.id, item)
    order = {item_id: number for number, item_id in enumerate(_reading_order(store, chosen))}
    return sorted(chosen.values(), key=lambda i: order[i.id])


def _reading_order(store: Store, chosen: dict[str, Item]) -> list[str]:
    scopes = dict.fromkeys(item.scope for item in chosen.values())
    return [item.id for scope in scopes for item in store.items(scope) if item.id in chosen]


def elsewhere(store: Store, task: Task, body_items: list[Item] | None = None) -> list[tuple[str, list[str]]]:
    """Sub-items of this task's items that belong to other tasks: (item id, its tasks).
    ``body_items``: the task's ``task_body`` when the caller has it (read once, not twice)."""
    body = {item.id for item in (task_body(store, task) if body_items is None else body_items)}
    found: dict[str, list[str]] = {}
    for item_id in task.items:
        for item in store.subtree(item_id):
            if item.id not in body and item.parent in body and item.tasks:
                found.setdefault(item.id, item.tasks)
    return list(found.items())


def target_lines(targets: list[Target]) -> list[str]:
    lines = []
    for target in targets:
        lines.append(f"- {target.subject}: {format_series(target)}")
        if target.note:
            lines.append(f"  비고: {target.note}")
    return lines


def milestone_when(milestone: Milestone) -> str:
    """'25, or '25~'26 when the step spans years."""
    return year_label(milestone.year) + (f"~{year_label(milestone.until)}" if milestone.until else "")


def partner_label(store: Store, task: Task) -> str:
    """Bodies the plan's text names beside the task table's ministries (3-2.6: 경호처)."""
    return ministry_label(store, task.partners)


def task_text(store: Store, task: Task, with_body: bool = True, lines_shown: bool = False) -> str:
    """The task as report-ready text; ``lines_shown`` adds the source line numbers."""
    from aiplan_tui.description import Body, Lens, description
    from aiplan_tui.plain import to_text

    told = description(store, NodeKind.task, task.id, Lens(lines_shown=lines_shown, node=task))
    if not with_body:
        told = told._replace(blocks=tuple(b for b in told.blocks if not isinstance(b, Body)))
    return to_text(told)


def task_with_title(store: Store, task_id: str) -> str:
    """'3-3.3 산림해충 발생 탐지·예측 AI 개발 …': which task a line belongs to, readable."""
    task = store.task(task_id)
    return f"{task_id} {task.title}" if task else task_id


def describe(store: Store, resolved: Resolved, lines_shown: bool = False) -> str:
    """The node as plain text: what `aiplan show` prints and what the explorer copies, from
    the node's one description (``description.py``, drawn by the panel too).

    The text is report-ready: source line numbers only when ``lines_shown`` (``show --lines``)."""
    from aiplan_tui.plain import to_text

    return to_text(described(store, resolved, lines_shown))


def described(store: Store, resolved: Resolved, lines_shown: bool = False) -> Description:
    """The resolved node's description, with no filter (what `show` and JSON say)."""
    from aiplan_tui.description import Lens, description

    node_id = str(getattr(resolved.node, "id", ""))
    return description(store, resolved.kind, node_id, Lens(lines_shown=lines_shown, node=resolved.node))


def as_json(store: Store, resolved: Resolved) -> dict[str, Any]:
    """The node as a dict (DESIGN.md's contract): the record's fields, and the lists its
    description holds, taken from that description where they are the same lists."""
    from aiplan_tui.description import Body, Milestones

    node = resolved.node
    data: dict[str, Any] = {**as_dict(node), "kind": resolved.kind}
    if isinstance(node, Item):
        data["item_kind"] = node.kind  # aim, measure, note, table …
    if isinstance(node, (Task, Area, Item, Ministry)):
        told = described(store, resolved)
        body = [i for block in told.all(Body) for i in block.items]
        if isinstance(node, Task):
            data["items"] = [as_dict(i) for i in body]
            data["targets"] = [as_dict(t) for t in told.targets]
            data["milestones"] = [as_dict(m) for block in told.all(Milestones) for m in block.milestones]
        elif isinstance(node, Area):
            data["items"] = [as_dict(i) for i in body]
            data["tasks"] = told.task_ids
            data["targets"] = [as_dict(t) for t in told.targets]
        elif isinstance(node, Item):
            data["items"] = [as_dict(i) for i in body[1:]]  # the item itself is the record above
        else:
            data["tasks"] = told.task_ids
    elif isinstance(node, Document):
        data["items"] = [as_dict(i) for i in store.items(node.id)]  # its title line too (the panel skips it)
    elif isinstance(node, Strategy):
        data["areas"] = [as_dict(a) for a in store.areas(node.id)]
    return data
