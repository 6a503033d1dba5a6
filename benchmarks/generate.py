"""Generate a plan N times larger than the real one, for measuring how cost grows with size.

    .venv/bin/python benchmarks/generate.py --scale 100      # → benchmarks/out/plan-100x.db

The curated source is loaded and validated as `aiplan build-db` does (data/source/*.yaml →
pydantic models → rows), then every area is copied N times with everything under it: its
items, tables, targets, milestones, and the tasks of the area with their ministries and
links. The ids must keep the shapes the store parses (``3-2``, ``3-2.5``, ``3-2/7``,
``3-2/t6``), which the source models' patterns (at most 4 areas a strategy) cannot hold, so
the copies never go through YAML: copy k of area ``s-a`` is area ``s-(a+4k)``, and the rows
are written straight to SQLite with the build's own schema, indexes and search index. The
documents (요약, 추진 배경 …) are not copied: a larger plan has more areas, not more preface.

The result is cached in benchmarks/out/ (gitignored) and rebuilt when the source or this
generator changes.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

SOURCE = ROOT / "data" / "source"
OUT = ROOT / "benchmarks" / "out"
VERSION = "1"  # bump when the copies change shape
AREAS_PER_STRATEGY = 4  # the model's limit; copies are numbered past it


def copy_area(area: str, k: int) -> str:
    strategy, number = area.split("-")
    return f"{strategy}-{int(number) + AREAS_PER_STRATEGY * k}"


def copy_task(task: str, k: int) -> str:
    area, number = task.split(".")
    return f"{copy_area(area, k)}.{number}"


def copy_node(node: str, k: int) -> str:
    """An item, target or milestone id of an area (``3-2/7``, ``3-2/t6``)."""
    scope, rest = node.split("/", 1)
    return f"{copy_area(scope, k)}/{rest}"


def _maybe(value: str | None, copy: Any, k: int) -> str | None:
    return None if value is None else str(copy(value, k))


def multiply(tables: dict[str, list[dict[str, Any]]], scale: int) -> dict[str, list[dict[str, Any]]]:
    """The build's rows with every area copied ``scale`` times (copy 0 is the original)."""
    items_of_areas = {row["id"] for row in tables["items"] if row["area"] is not None}
    last_position = max(row["position"] for row in tables["items"])
    last_task = max(row["position"] for row in tables["tasks"])
    last_group = max(int(row["id"].split(".")[1]) for row in tables["task_groups"])
    out = {name: list(rows) for name, rows in tables.items()}

    def group(group_id: str, k: int) -> str:
        strategy, number = group_id.split(".")
        return f"{strategy}.{int(number) + last_group * k}"

    for k in range(1, scale):
        shift = last_position * k
        out["areas"] += [{**r, "id": copy_area(r["id"], k)} for r in tables["areas"]]
        out["items"] += [
            {
                **r,
                "id": copy_node(r["id"], k),
                "parent": _maybe(r["parent"], copy_node, k),
                "area": copy_area(r["area"], k),
                "position": r["position"] + shift,
            }
            for r in tables["items"]
            if r["area"] is not None
        ]
        out["tables"] += [
            {**r, "item": copy_node(r["item"], k)} for r in tables["tables"] if r["item"] in items_of_areas
        ]
        out["item_ministries"] += [
            {**r, "item": copy_node(r["item"], k)} for r in tables["item_ministries"] if r["item"] in items_of_areas
        ]
        out["task_groups"] += [{**r, "id": group(r["id"], k)} for r in tables["task_groups"]]
        out["tasks"] += [
            {
                **r,
                "id": copy_task(r["id"], k),
                "area": copy_area(r["area"], k),
                "group_id": group(r["group_id"], k),
                "position": r["position"] + last_task * k,
            }
            for r in tables["tasks"]
        ]
        out["task_ministries"] += [{**r, "task": copy_task(r["task"], k)} for r in tables["task_ministries"]]
        out["task_items"] += [
            {"task": copy_task(r["task"], k), "item": copy_node(r["item"], k)}
            for r in tables["task_items"]
            if r["item"] in items_of_areas
        ]
        area_targets = [r for r in tables["targets"] if r["area"] is not None]
        out["targets"] += [
            {
                **r,
                "id": copy_node(r["id"], k),
                "item": copy_node(r["item"], k),
                "area": copy_area(r["area"], k),
                "task": _maybe(r["task"], copy_task, k),
                "position": r["position"] + shift,
            }
            for r in area_targets
        ]
        copied = {r["id"] for r in area_targets}
        out["target_points"] += [
            {**r, "target": copy_node(r["target"], k)} for r in tables["target_points"] if r["target"] in copied
        ]
        out["milestones"] += [
            {
                **r,
                "id": copy_node(r["id"], k),
                "item": copy_node(r["item"], k),
                "task": _maybe(r["task"], copy_task, k),
            }
            for r in tables["milestones"]
            if r["item"] in items_of_areas
        ]
    return out


def write(tables: dict[str, list[dict[str, Any]]], target: Path, meta: dict[str, str]) -> None:
    """Write rows exactly as `aiplan build-db` does: same schema, indexes, search index and meta."""
    from aiplan_tui.build import write_database

    write_database(tables, target, meta)


def fingerprint(source: Path, scale: int) -> str:
    from aiplan_tui.build import checksum

    # The generator and the modules that write the database: a change to either makes a new plan.
    package = Path(__file__).resolve().parent.parent / "aiplan_tui"
    writers = [Path(__file__), *(package / name for name in ("build.py", "search_index.py", "grams.py"))]
    generator = hashlib.sha256(b"".join(path.read_bytes() for path in writers)).hexdigest()[:12]
    return f"{checksum(source)[:12]}-{generator}-v{VERSION}-x{scale}"


def existing(target: Path) -> str | None:
    if not target.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            row = connection.execute("select value from meta where key = 'generated'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def generate(scale: int, target: Path | None = None, source: Path = SOURCE) -> Path:
    """The plan ``scale`` times larger at ``target`` (default benchmarks/out/plan-<scale>x.db), cached."""
    from aiplan_tui.build import Builder, checksum, shape_meta
    from aiplan_tui.source import SourceError, load_source

    target = target or OUT / f"plan-{scale}x.db"
    stamp = fingerprint(source, scale)
    if existing(target) == stamp:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    loaded = load_source(source)
    builder = Builder(loaded)
    rows = builder.build()
    if builder.errors:
        raise SourceError("\n".join(builder.errors))
    title = f"{loaded.plan.title} (×{scale}, generated)"
    tables = multiply(rows.tables, scale)
    # Its own shape (counts, years), as the build records it, so `aiplan check` accepts it.
    meta = {"generated": stamp, "checksum": checksum(source), "title": title, "issued": loaded.plan.issued}
    meta.update(shape_meta(tables))
    write(tables, target, meta)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100, help="how many copies of every area (default 100)")
    parser.add_argument("--out", type=Path, help="database to write (default benchmarks/out/plan-<scale>x.db)")
    args = parser.parse_args(argv)
    path = generate(args.scale, args.out)
    connection = sqlite3.connect(path)
    counts = {t: connection.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("areas", "tasks", "items")}
    connection.close()
    print(f"{path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
