"""The `aiplan` command, run as a user runs it: in a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aiplan_tui.store import Store

from .conftest import PLAN_DB, Plan


def aiplan(*args: str, db: Path = PLAN_DB) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def json_of(*args: str, db: Path = PLAN_DB) -> Any:
    result = aiplan(*args, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tasks_json_follows_the_contract(store: Store) -> None:
    tasks = json_of("tasks", "--format", "json")
    assert len(tasks) == 78
    first = tasks[0]
    assert {"id", "strategy", "area", "group", "title", "year", "tentative", "ministries"} <= first.keys()
    assert (first["id"], first["strategy"], first["area"], first["year"]) == ("1-1.1", 1, "1-1", 2023)
    assert first["ministries"] == ["복지부"]
    assert all(isinstance(t["tentative"], bool) and isinstance(t["year"], int) for t in tasks)
    assert [t["id"] for t in tasks] == [t.id for t in store.tasks()]


def test_tasks_filter_by_ministry_alias_and_year_forms() -> None:
    by_short = json_of("tasks", "--ministry", "환경부", "--year", "2024", "--format", "json")
    assert [t["id"] for t in by_short] == ["3-2.3"]
    for ministry, year in (("MSIT", "'24"), ("과학기술정보통신부", "24년"), ("과기부", "24")):
        tasks = json_of("tasks", "--ministry", ministry, "--year", year, "--format", "json")
        assert tasks and all("과기정통부" in t["ministries"] and t["year"] == 2024 for t in tasks)


def test_targets_json_follows_the_contract() -> None:
    targets = json_of("targets", "--format", "json")
    assert len(targets) >= 40
    for target in targets:
        assert {"id", "area", "task", "subject", "unit", "series"} <= target.keys()
        assert all(isinstance(p["year"], int) and isinstance(p["value"], (int, float)) for p in target["series"])
    health = next(t for t in targets if t["subject"].endswith("보건소"))
    assert health["series"] == [{"year": 2023, "value": 141}, {"year": 2027, "value": 261}]
    assert health["task"] == "1-1.1"


def test_tables_for_people() -> None:
    result = aiplan("tasks", "--area", "3-2", "--format", "table")
    assert "┃" in result.stdout
    assert result.returncode == 0
    assert "119 신고대응 AI 플랫폼 개발" in result.stdout and "3-2.9" in result.stdout
    targets = aiplan("targets", "--area", "3-2", "--format", "table")
    assert "'22 32% → '27 100%" in targets.stdout


def test_csv_and_markdown() -> None:
    csv_lines = aiplan("tasks", "--strategy", "4", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "id,전략,분야,과제군,과제,연도,잠정,부처"
    assert len(csv_lines) == 1 + 18
    markdown = aiplan("targets", "--task", "3-2.5", "--format", "md").stdout
    assert "| 3-2/" in markdown and "'22 32% → '27 100%" in markdown
    assert markdown.startswith("| id | 분야 | 과제 | 대상 | 단위 | 목표 |")
    tasks_md = aiplan("tasks", "--tentative", "--format", "md").stdout
    assert tasks_md.startswith("| id | 전략 | 분야 | 과제군 | 과제 | 연도 | 잠정 | 부처 |")


def test_unknown_ministry_suggests_the_right_one() -> None:
    result = aiplan("tasks", "--ministry", "과학기술부")
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "aiplan: 과학기술부는 이 계획의 부처가 아닙니다 — 혹시 과기정통부 (과학기술정보통신부)?"
    )


def test_bad_year_and_area_exit_2_with_the_valid_form() -> None:
    year = aiplan("tasks", "--year", "이천이십사")
    assert year.returncode == 2 and "2024, 24, '24, 24년처럼 쓰세요" in year.stderr
    area = aiplan("tasks", "--area", "9-9")
    assert area.returncode == 2 and "분야가 아닙니다 — 분야는 1-1~4-2" in area.stderr
    assert "Traceback" not in year.stderr + area.stderr


def test_missing_database_exits_3_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", "/nonexistent/plan.db", "tasks"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "aiplan build-db" in result.stderr


def test_check_reports_schema_checksum_and_counts(plan: Plan) -> None:
    result = aiplan("check", db=plan.db)
    assert result.returncode == 0, result.stderr
    counts = plan.store.counts()
    assert result.stdout.startswith("ok: ") and f"과제 {counts['tasks']}," in result.stdout
    assert f"분야 {counts['areas']}," in result.stdout and f"전략 {counts['strategies']}," in result.stdout
    assert "내용이 체크섬과 일치" in result.stdout


def test_version_names_the_app_and_the_plan_data(plan: Plan) -> None:
    from aiplan_tui import __version__

    result = aiplan("--version", db=plan.db)
    meta = plan.store.meta()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"aiplan {__version__}\n")
    assert meta["checksum"] in result.stdout and meta["issued"] in result.stdout and str(plan.db) in result.stdout
    for order in (["--db", "/nonexistent/plan.db", "--version"], ["--version", "--db", "/nonexistent/plan.db"]):
        missing = subprocess.run(
            [sys.executable, "-m", "aiplan_tui", *order], capture_output=True, text=True, timeout=60
        )
        assert missing.returncode == 3 and missing.stdout == f"aiplan {__version__}\n", order
        assert "계획 데이터베이스가 없습니다" in missing.stderr and missing.stderr.count("\n") == 1


def test_lookups_never_import_textual(plan: Plan) -> None:
    code = (
        "import sys, io, contextlib\nfrom aiplan_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['--db', {str(plan.db)!r}, 'tasks'])\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_piped_output_is_plain_tab_separated_lines() -> None:
    lines = aiplan("tasks", "--ministry", "행안부").stdout.splitlines()
    assert lines[0] == "id\t과제\t시기\t부처"
    assert lines[1:] == [
        "3-2.5\tAI 기반 지능형 CCTV 관제시스템 구축\t'23\t행안부",
        "3-2.7\t인파밀집 및 위험상황 분석 시스템 구축·고도화\t'23\t행안부",
    ]


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "md"])
@pytest.mark.parametrize("command", [["tasks"], ["targets"], ["search", "AI"], ["ministries"], ["stats"]])
def test_every_command_in_every_format(plan: Plan, command: list[str], fmt: str) -> None:
    result = aiplan(*command, "--format", fmt, db=plan.db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list)


def test_search_finds_short_korean_words_and_marks_them() -> None:
    hits = json_of("search", "홍수", "--format", "json")
    assert hits[0]["ref"] == "3-2.3"
    first = hits[0]
    assert [first["snippet"][s:e] for s, e in first["marks"]] == ["홍수"]


def test_search_초성_and_quotes() -> None:
    assert any(h["ref"] == "3-2.3" for h in json_of("search", "ㅎㅅ", "--format", "json", "--limit", "200"))
    quote = aiplan("search", '"')
    assert quote.returncode == 0 and "Traceback" not in quote.stderr


def test_search_kind_and_limit_apply_before_the_cut() -> None:
    everything = json_of("search", "AI", "--format", "json", "--limit", "0")
    tasks = [h["ref"] for h in everything if h["kind"] == "task"]
    assert len(everything) > 50 and len(tasks) > 10
    assert [h["ref"] for h in json_of("search", "AI", "--kind", "task", "--format", "json", "-n", "10")] == tasks[:10]
    title = aiplan("search", "AI", "--kind", "task", "-n", "10", "--format", "table").stdout
    assert f"‘AI’ {len(tasks)}건 중 처음 10건" in title


@pytest.mark.parametrize("query", ["[red]", "*", "AND", "NEAR(", "'", "-", "a" * 10_000])
def test_search_survives_any_query(query: str) -> None:
    result = aiplan("search", query, "--format", "json")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    json.loads(result.stdout)


def test_markup_in_a_query_is_shown_as_itself() -> None:
    result = aiplan("search", "[bold]홍수[/bold]", "--format", "table")
    assert result.returncode == 0 and "[bold]홍수[/bold]" in result.stdout


def test_show_prints_a_task_with_body_and_targets() -> None:
    text = aiplan("show", "3-2.5").stdout
    assert "[3-2.5] AI 기반 지능형 CCTV 관제시스템 구축" in text
    assert "'22 32% → '27 100%" in text and "행안부(행정안전부)" in text
    assert "(지능형 관제) 사람 육안에 의존하고 있는 지자체 CCTV 관제를" in text


@pytest.mark.parametrize("node", ["3", "3-2", "3-2/1", "3-2/t6", "summary", "MSIT", "1-1/독거노인"])
def test_show_any_kind_of_id(node: str) -> None:
    result = aiplan("show", node)
    assert result.returncode == 0, result.stderr
    data = json_of("show", node, "--format", "json")
    assert data[0]["kind"] in {"strategy", "area", "item", "target", "document", "ministry"}


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ("3-2.99", "분야 3-2의 과제는 3-2.1~3-2.9"),
        ("9-9", "분야는 1-1~4-2"),
        ("zz", "이 계획에 없는 id입니다 — 예: 1 (전략), 1-1 (분야)"),
        ("3-2/999", "3-2의 항목은 3-2/1~"),
        ("3-2/m9", "3-2의 일정은 3-2/m1~3-2/m2"),
    ],
)
def test_show_unknown_id_exits_2_with_the_valid_range(node: str, message: str) -> None:
    result = aiplan("show", node)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_ministries_lists_name_forms_and_counts() -> None:
    ministries = json_of("ministries", "--format", "json")
    science = next(m for m in ministries if m["id"] == "과기정통부")
    assert science["name"] == "과학기술정보통신부" and "MSIT" in science["aliases"] and science["tasks"] == 42


def test_stats_gives_facets() -> None:
    stats = json_of("stats", "--ministry", "환경부", "--format", "json")[0]
    assert stats["tasks"] == 2 and stats["years"] == {"2024": 1, "2025": 1}


def test_every_command_is_documented_in_the_readme() -> None:
    from aiplan_tui.cli import COMMANDS

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"aiplan {command}" in readme, command


def test_every_command_has_help() -> None:
    for command in ("tasks", "search", "show", "ministries", "targets", "stats", "check", "build-db", "open"):
        result = aiplan(command, "--help")
        assert result.returncode == 0 and "사용법: aiplan" in result.stdout


def test_unknown_option_is_a_one_line_usage_error() -> None:
    result = aiplan("tasks", "--colour", "red")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_help_wraps_to_the_width_it_is_given() -> None:
    def help_at(columns: int) -> list[str]:
        return subprocess.run(
            [sys.executable, "-m", "aiplan_tui", "search", "--help"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "COLUMNS": str(columns)},
            check=True,
        ).stdout.splitlines()

    narrow, wide = help_at(50), help_at(160)
    assert "--kind" in "\n".join(narrow) and len(narrow) > len(wide)
    assert max(map(len, wide)) > 100  # a wide terminal gets long lines, not argparse's guess


def test_a_cut_is_said_on_stderr_when_piped() -> None:
    result = aiplan("search", "ㅅㄹ")  # piped: plain lines
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 1 + 50
    total = len(json_of("search", "ㅅㄹ", "-n", "0", "--format", "json"))
    assert result.stderr == f"aiplan: ‘ㅅㄹ’ {total}건 중 50건만 표시 — -n 0으로 전부\n"
    everything = aiplan("search", "ㅅㄹ", "-n", "0")
    assert everything.stderr == "" and len(everything.stdout.splitlines()) == 1 + total


def test_no_tasks_is_said_on_stderr_when_piped() -> None:
    result = aiplan("tasks", "-m", "과기정통부", "-y", "2024", "-s", "3")
    assert result.returncode == 0 and result.stdout == "id\t과제\t시기\t부처\n"
    assert result.stderr == "aiplan: 과제 0건 — 조건에 맞는 과제가 없습니다\n"


def test_a_body_hit_names_its_task() -> None:
    lines = aiplan("search", "재선충").stdout.splitlines()
    body = next(line for line in lines if line.startswith("3-3/6\t"))
    assert body.endswith("\t3-3.3 산림해충 발생 탐지·예측 AI 개발 및 모니터링 센터 실증")


def test_tentative_tasks_are_shown_and_filtered() -> None:
    lines = aiplan("tasks", "--tentative").stdout.splitlines()
    assert [line.split("\t")[0] for line in lines[1:]] == ["1-1.2", "1-4.4", "2-4.9", "3-1.2"]
    assert all("\t'25(잠정)\t" in line for line in lines[1:])
    tentative = json_of("tasks", "--tentative", "--format", "json")
    assert [t["tentative"] for t in tentative] == [True] * 4


@pytest.mark.parametrize(
    "argv",
    [
        ["--theme", "aiplan-light", "search", "홍수"],
        ["--theme", "tasks", "search", "홍수"],  # a value that is also a command's name
        ["--theme=aiplan-light", "search", "홍수"],
        ["--ambiguous-width", "wide", "--theme", "search", "search", "홍수"],
    ],
)
def test_option_values_are_never_taken_for_commands(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("3-2.3\t과제\t")


def test_help_and_usage_errors_are_korean() -> None:
    top = aiplan("--help").stdout
    assert top.startswith("사용법: aiplan") and "\n옵션:\n" in top and "이 도움말을 보이고 끝냅니다" in top
    search = aiplan("search", "--help").stdout
    assert "\n인자:\n" in search and "최대 N건" in search
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in top + search
    assert aiplan("tasks", "--colour", "red").stderr == ("aiplan: 알 수 없는 인자: --colour (`aiplan --help` 참고)\n")
    assert aiplan("search").stderr == "aiplan search: 다음 인자가 필요합니다: 검색어 (`aiplan search --help` 참고)\n"
    assert "고를 수 없습니다" in aiplan("tasks", "-f", "xml").stderr


def test_a_target_hit_shows_its_values_and_targets_take_words() -> None:
    lines = aiplan("search", "CCTV").stdout.splitlines()
    target = next(line for line in lines if line.startswith("3-2/t6\t"))
    assert "지자체 CCTV 관제 — '22 32% → '27 100%\t3-2.5 " in target
    assert [t["id"] for t in json_of("targets", "CCTV", "--format", "json")] == ["3-2/t6"]
    none = aiplan("targets", "없는말")
    assert none.returncode == 0 and none.stderr == "aiplan: 목표 0건 — 조건에 맞는 목표가 없습니다\n"


# Any plan's shape: what these tests expect comes from the plan's data -----------------


def test_tasks_json_lists_the_plans_tasks_in_order(plan: Plan) -> None:
    tasks = json_of("tasks", "--format", "json", db=plan.db)
    assert [t["id"] for t in tasks] == [t.id for t in plan.store.tasks()]
    assert len(tasks) == plan.store.count("tasks")


@pytest.mark.parametrize("kind", ["strategy", "area", "task", "item", "target", "milestone", "document", "ministry"])
def test_show_every_kind_of_id_of_the_plan(plan: Plan, kind: str) -> None:
    node = plan.ids()[kind]
    data = json_of("show", node, "--format", "json", db=plan.db)
    assert data[0]["kind"] == kind, node


def test_strategy_option_takes_exactly_the_plans_strategies(plan: Plan) -> None:
    ids = [s.id for s in plan.store.strategies()]
    for strategy in ids:
        tasks = json_of("tasks", "--strategy", str(strategy), "-f", "json", db=plan.db)
        assert tasks and {t["strategy"] for t in tasks} == {strategy}
    refused = aiplan("tasks", "--strategy", str(max(ids) + 1), db=plan.db)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == f"aiplan: {max(ids) + 1}은(는) 전략이 아닙니다 — 이 계획의 전략은 {min(ids)}~{max(ids)}\n"


def test_year_option_takes_the_years_the_plan_names(plan: Plan) -> None:
    span = plan.store.year_span()
    assert span is not None
    first, last = span
    starts = {t.year for t in plan.store.tasks()}
    assert min(starts) >= first and max(starts) <= last
    for year in (min(starts), max(starts)):
        tasks = json_of("tasks", "--year", f"'{year % 100}", "-f", "json", db=plan.db)
        assert tasks and {t["year"] for t in tasks} == {year}
    refused = aiplan("tasks", "--year", str(last + 1), db=plan.db)
    assert refused.returncode == 2
    assert refused.stderr == f"aiplan: {last + 1}은(는) 이 계획의 연도가 아닙니다 — 이 계획은 {first}–{last}\n"


def test_an_unknown_id_suggests_examples_that_exist_in_the_plan(plan: Plan) -> None:
    result = aiplan("show", "zz", db=plan.db)
    assert result.returncode == 2
    examples = result.stderr.strip().split(" — 예: ")[1].split(", ")
    for example in examples:
        node = example.split(" (")[0]
        assert aiplan("show", node, db=plan.db).returncode == 0, example


def test_check_compares_the_rows_with_the_counts_the_build_recorded() -> None:
    from aiplan_tui.cli import count_problems

    counts = {"strategies": 2, "areas": 12, "tasks": 23}
    assert count_problems(json.dumps(counts), counts) is None
    assert (
        count_problems(json.dumps({**counts, "tasks": 24}), counts)
        == "개수가 빌드 때와 다릅니다: 과제 23개 (빌드 때 24개)"
    )
    assert count_problems(None, counts) == "개수가 기록되어 있지 않습니다"
    assert count_problems("[1, 2]", counts) == "개수가 기록되어 있지 않습니다"


@pytest.mark.parametrize(
    ("arguments", "configured"),
    [
        ([], set()),  # the explorer: the top level's options are all it reads
        (["--db", str(PLAN_DB), "--ascii"], set()),
        (["show", "3-2"], {"show"}),
        (["bogus"], "all"),  # the error names every command
        (["--help"], "all"),
    ],
)
def test_a_start_builds_only_the_commands_it_needs(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], configured: set[str] | str
) -> None:
    from aiplan_tui import cli

    made: list[str] = []
    for name, (summary, configure) in list(cli.COMMANDS.items()):

        def counted(parser: Any, name: str = name, configure: Any = configure) -> None:
            made.append(name)
            configure(parser)

        monkeypatch.setitem(cli.COMMANDS, name, (summary, counted))
    monkeypatch.setattr(cli, "cmd_explore", lambda args: 0)
    monkeypatch.setitem(cli.HANDLERS, "show", lambda store, args: None)
    with contextlib.suppress(SystemExit):  # --help and the error end the program as they should
        cli.main(arguments)
    assert set(made) == (set(cli.COMMANDS) if configured == "all" else configured)
