"""The ``aiplan`` command starts with the cyclic collector off (aiplan_tui/launch.py, issue
17.6: ~240 collections before the explorer's first frame walked only objects that live on);
a lookup turns it back on before its work, the explorer after its first frame."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiplan_tui import cli, launch
from aiplan_tui.settings import Settings
from aiplan_tui.store import Store
from aiplan_tui.tui.app import PlanApp

from .conftest import PLAN_DB


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    gc.enable()
    gc.unfreeze()


def test_the_command_runs_with_the_collector_off_from_its_first_import(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    seen: list[bool] = []

    def main() -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "main", main)
    assert launch.main() == 0
    assert seen == [False]


def test_a_lookup_turns_the_collector_on_before_its_work_with_what_starting_made_frozen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], collector_restored: None
) -> None:
    """Frozen, the objects made while starting are not walked by the first young collection."""
    seen: list[tuple[bool, int]] = []

    def show(store: Store, args: argparse.Namespace) -> None:
        seen.append((gc.isenabled(), gc.get_freeze_count()))

    monkeypatch.setitem(cli.HANDLERS, "show", show)
    gc.unfreeze()
    gc.disable()
    young = [object() for _ in range(100)]  # made while starting
    assert cli.main(["--db", str(PLAN_DB), "show", "3-2"]) == 0
    assert seen[0][0] is True and seen[0][1] >= len(young)


def test_a_lookup_run_by_someone_whose_collector_is_on_freezes_nothing(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    seen: list[int] = []
    monkeypatch.setitem(cli.HANDLERS, "show", lambda store, args: seen.append(gc.get_freeze_count()))
    gc.unfreeze()
    assert cli.main(["--db", str(PLAN_DB), "show", "3-2"]) == 0
    assert seen == [0]


@pytest.mark.parametrize("argv", [[], ["open", "3-2"]])
def test_the_explorer_starts_with_the_collector_still_off(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    seen: list[bool] = []

    def explore(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(cli, "cmd_explore", explore)
    gc.disable()
    assert cli.main(["--db", str(PLAN_DB), *argv]) == 0
    assert seen == [False]


def test_the_version_turns_the_collector_on(capsys: pytest.CaptureFixture[str], collector_restored: None) -> None:
    gc.disable()
    assert cli.main(["--db", str(PLAN_DB), "--version"]) == 0
    assert gc.isenabled()
    assert capsys.readouterr().out.startswith("aiplan ")


def test_the_explorer_holds_the_collections_off_since_the_start_until_its_first_frame(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, collector_restored: None
) -> None:
    seen: list[bool] = []

    def run(app: PlanApp, **kwargs: object) -> None:
        seen.append(app.idle_collector.holding)

    monkeypatch.setattr(PlanApp, "run", run)
    gc.disable()
    settings = Settings(ambiguous_width="narrow")
    cli.run_explorer(Store.open(PLAN_DB), None, settings, [], tmp_path / "workspace.db")
    assert seen == [True]
