"""Read and validate the curated plan in data/source/*.yaml.

Errors name the file and the field path (``strategy-1.yaml: areas.0.items.2.text: …``), so
a curator can fix the YAML without reading a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from aiplan_tui.model import (
    DocumentsFile,
    ItemSource,
    MinistriesFile,
    PlanFile,
    StrategyFile,
    TasksFile,
)

Model = TypeVar("Model", bound=BaseModel)


class SourceError(Exception):
    """The curated source is invalid; the message lists every problem, one per line."""


@dataclass(frozen=True)
class Source:
    """The whole curated plan, validated file by file (cross-checks happen in ``check_links``)."""

    plan: PlanFile
    ministries: MinistriesFile
    strategies: list[StrategyFile]
    documents: dict[str, DocumentsFile]  # by file name
    tasks: TasksFile


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top)"


def load_file(path: Path, model: type[Model]) -> Model:
    """Parse one YAML file into ``model``; raise SourceError naming file and field path."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{path.name}: file is missing") from None
    except yaml.YAMLError as error:
        raise SourceError(f"{path.name}: not valid YAML: {error}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = [f"{path.name}: {_location(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise SourceError("\n".join(problems)) from None


def load_source(directory: Path) -> Source:
    """Load every file of data/source, collecting all errors before raising."""
    errors: list[str] = []

    def attempt(path: Path, model: type[Model]) -> Model | None:
        try:
            return load_file(path, model)
        except SourceError as error:
            errors.append(str(error))
            return None

    plan = attempt(directory / "plan.yaml", PlanFile)
    ministries = attempt(directory / "ministries.yaml", MinistriesFile)
    tasks = attempt(directory / "tasks.yaml", TasksFile)
    strategies = [attempt(path, StrategyFile) for path in strategy_files(directory)]
    if not strategies:
        errors.append(f"{directory}: no strategy-*.yaml files")
    for path, loaded in zip(strategy_files(directory), strategies):
        if loaded is not None and path.name != f"strategy-{loaded.strategy}.yaml":
            errors.append(f"{path.name}: holds strategy {loaded.strategy}; name it strategy-{loaded.strategy}.yaml")
    documents = {p.name: attempt(p, DocumentsFile) for p in sorted(directory.glob("documents-*.yaml"))}
    if not documents:
        errors.append(f"{directory}: no documents-*.yaml files")
    if errors:
        raise SourceError("\n".join(errors))
    assert plan and ministries and tasks  # errors is empty, so every file loaded
    return Source(
        plan=plan,
        ministries=ministries,
        strategies=[s for s in strategies if s is not None],
        documents={name: d for name, d in documents.items() if d is not None},
        tasks=tasks,
    )


def strategy_files(directory: Path) -> list[Path]:
    """strategy-N.yaml, as many as the plan has, in number order (strategy-10 after strategy-9)."""
    paths = [p for p in directory.glob("strategy-*.yaml") if p.stem.split("-", 1)[1].isdigit()]
    return sorted(paths, key=lambda p: int(p.stem.split("-", 1)[1]))


def walk(items: list[ItemSource]) -> Iterator[ItemSource]:
    """Every item in reading order (pre-order)."""
    for item in items:
        yield item
        yield from walk(item.items)


def main(argv: list[str]) -> int:
    """``python -m aiplan_tui.source FILE…``: validate single files while curating."""
    models: dict[str, type[BaseModel]] = {
        "plan": PlanFile,
        "ministries": MinistriesFile,
        "tasks": TasksFile,
        "strategy": StrategyFile,
        "documents": DocumentsFile,
    }
    status = 0
    for name in argv:
        path = Path(name)
        model = next((m for prefix, m in models.items() if path.name.startswith(prefix)), None)
        if model is None:
            print(f"{path.name}: unknown kind of source file", file=sys.stderr)
            status = 1
            continue
        try:
            load_file(path, model)
            print(f"{path.name}: ok")
        except SourceError as error:
            print(error, file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
