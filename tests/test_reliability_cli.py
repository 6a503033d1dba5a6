"""Nothing breaks the CLI: damaged databases, any argv (bytes too), any output encoding.

Every case must end with exit 0, 2 or 3, an error in one line on stderr with control
characters escaped, and never a traceback. The counts of the last run are recorded in
docs/reliability.md ("CLI and data").
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiplan_tui.store import DataError, Store

from .clirun import one_line_error, run
from .conftest import PLAN_DB, SOURCE_DIR
from .damaged import CORPUS, SOUND, make_corpus

# What every damaged database is put through: each kind of read the CLI does.
COMMANDS = [
    ["check"],
    ["--version"],
    ["tasks"],
    ["tasks", "-m", "환경부", "-y", "2024", "-f", "json"],
    ["tasks", "예보 플랫폼", "--tentative"],
    ["search", "홍수"],
    ["search", "ㅎㅅ", "-f", "json"],
    ["search", "플랫폼", "-f", "csv", "-n", "0"],
    ["show", "3-2.9"],
    ["show", "3-2/t6", "-f", "json"],
    ["show", "4-2/m1"],
    ["show", "요약"],
    ["show", "환경부"],
    ["ministries", "--all", "-f", "md"],
    ["targets", "--area", "3-2"],
    ["stats", "홍수", "-f", "json"],
    ["open", "no-such-id"],
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_corpus(tmp_path_factory.mktemp("damaged"))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_damaged_database_gives_exit_0_or_3_in_one_line(corpus: dict[str, Path], name: str) -> None:
    for command in COMMANDS:
        result = run(["--db", str(corpus[name]), *command])
        where = f"{name}: aiplan {' '.join(command)} → {result.code}: {result.err!r}"
        if command[0] == "open":  # an unknown id is a usage error, or the data's
            assert result.code in (2, 3), where
        elif command[0] == "show" or "-m" in command:  # what it names may be gone with the damage
            assert result.code in (0, 2, 3), where
        else:
            assert result.code in (0, 3), where
        if result.code:
            assert one_line_error(result), where


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_check_finds_every_damage_and_passes_sound_copies(corpus: dict[str, Path], name: str) -> None:
    result = run(["--db", str(corpus[name]), "check"])
    if name in SOUND:
        assert result.code == 0 and result.out.startswith("ok: "), result.err
    else:
        assert result.code == 3 and one_line_error(result), (name, result)
        assert "`aiplan build-db`" in result.err


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("checksum-changed", "내용이 기록된 체크섬과 다릅니다"),
        ("text-changed", "내용이 기록된 체크섬과 다릅니다"),
        ("content-checksum-missing", "내용 체크섬이 기록되어 있지 않습니다"),
        ("null-title", "체크섬과 다릅니다"),
    ],
)
def test_check_reports_tampering(corpus: dict[str, Path], name: str, found: str) -> None:
    result = run(["--db", str(corpus[name]), "check"])
    assert result.code == 3 and found in result.err


def test_the_store_raises_only_data_error_on_damage(corpus: dict[str, Path]) -> None:
    """What the explorer relies on: one exception type for every kind of damage."""
    for path in corpus.values():
        try:
            store = Store.open(path)
            store.all_tasks()
            store.ministries()
            store.plan()
            store.targets()
            store.documents()
            store.items("3-2")
        except DataError as error:
            assert "\n" not in str(error)


def test_a_locked_database_still_answers(tmp_path: Path) -> None:
    copy = tmp_path / "locked.db"
    shutil.copyfile(PLAN_DB, copy)
    holder = sqlite3.connect(copy)
    holder.execute("begin exclusive")
    holder.execute("update items set text = text || '!'")  # uncommitted
    try:
        for command in (["check"], ["search", "홍수", "-f", "json"], ["show", "3-2.9"]):
            result = run(["--db", str(copy), *command])
            assert result.code == 0, result.err
    finally:
        holder.rollback()
        holder.close()


# Output encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "latin-1", "ascii"])
@pytest.mark.parametrize("command", [["show", "summary"], ["check"], ["search", "홍수"], ["tasks", "-m", "없는부처"]])
def test_an_output_encoding_that_lacks_a_character_never_crashes(encoding: str, command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *command],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=60,
    )
    assert b"Traceback" not in result.stderr
    assert result.returncode == (2 if "없는부처" in command else 0), result.stderr.decode(encoding, "replace")
    if encoding in ("cp949", "euc-kr"):  # Korean still comes through where the encoding has it
        assert re.search("[가-힣]", (result.stdout or result.stderr).decode(encoding))


def test_a_dash_cp949_lacks_is_written_as_its_nearest_form_not_a_question_mark() -> None:
    """cp949 has no em dash: '지점 ? 연도 미기재' read as a question; it is written as ― there,
    on stdout and in error messages on stderr alike."""
    env = {**os.environ, "PYTHONIOENCODING": "cp949"}
    run = [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB)]
    found = subprocess.run([*run, "search", "홍수"], capture_output=True, env=env, timeout=60)
    out = found.stdout.decode("cp949")
    assert found.returncode == 0 and "지점 ― 연도 미기재" in out and "?" not in out, out
    wrong = subprocess.run([*run, "tasks", "-m", "없는부처"], capture_output=True, env=env, timeout=60)
    err = wrong.stderr.decode("cp949")
    assert wrong.returncode == 2 and "아닙니다 ― " in err and "\\u2014" not in err, err


# Argv ------------------------------------------------------------------------------------

NON_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\x80", b"\xc8\xab\xbc\xf6"]  # last: 홍수 in EUC-KR


@pytest.mark.parametrize("raw", NON_UTF8)
@pytest.mark.parametrize(
    "command",
    [
        [b"search"],
        [b"tasks"],
        [b"stats"],
        [b"show", b"3-2/"],
        [b"show"],
        [b"open", b"3-2/t"],
        [b"tasks", b"-m"],
        [b"tasks", b"-y"],
    ],
)
def test_argv_that_is_not_utf8_never_crashes(raw: bytes, command: list[bytes]) -> None:
    argv = [*command[:-1], command[-1] + raw] if len(command) > 1 else [*command, raw]
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"aiplan_tui", b"--db", bytes(PLAN_DB), *argv],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode in (0, 2), result.stderr
    assert b"Traceback" not in result.stderr
    if result.returncode == 2:
        assert result.stderr.count(b"\n") == 1 and b"\\udc" in result.stderr  # the bytes, escaped


def test_huge_and_negative_numbers_are_usage_errors() -> None:
    for argv in (
        ["search", "홍수", "--limit", "99999999999999999999"],
        ["search", "홍수", "-n", "-99999999999999999999"],
        ["search", "홍수", "-n", "-5"],
        ["tasks", "-s", "99999999999999999999"],
        ["tasks", "-y", "99999999999999999999"],
    ):
        result = run(["--db", str(PLAN_DB), *argv])
        assert result.code == 2 and one_line_error(result), (argv, result)


def test_an_over_long_path_is_exit_3_even_for_version() -> None:
    long = "x" * 300
    for argv in (["--db", long, "--version"], ["--db", long, "check"], ["--db", f"/tmp/{long}/plan.db", "tasks"]):
        result = run(argv)
        assert result.code == 3 and one_line_error(result) and "File name too long" in result.err, result


def test_error_text_shows_control_characters_escaped() -> None:
    osc52 = "\x1b]52;c;SGVsbG8=\x07"
    for argv in (
        ["ministries", osc52],
        ["--db", f"/tmp/\x9b2J{osc52}\nplan.db", "check"],
        ["build-db", "--source", f"/nope/{osc52}"],
        ["show", f"3-2/{osc52}"],
        ["tasks", "-m", osc52],
    ):
        result = run(argv)
        assert result.code in (2, 3) and one_line_error(result), (argv, result)
        assert "\x1b" not in result.err and "\x07" not in result.err and "\x9b" not in result.err, result.err
        assert "]52;c;SGVsbG8=" in result.err, result.err  # the rest is shown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build-db", "--source", "/etc/passwd"], "폴더가 아닙니다"),
        (["build-db", "--source", "a" * 300], "File name too long"),
        (
            ["--db", "/nonexistent/dir/plan.db", "build-db", "--source", str(SOURCE_DIR)],
            "폴더 /nonexistent/dir가 없습니다",
        ),
    ],
)
def test_build_db_error_paths_are_one_line_exit_2(argv: list[str], message: str) -> None:
    result = run(argv)
    assert result.code == 2 and one_line_error(result) and message in result.err, result


def test_build_db_into_a_directory_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run(["--db", str(folder), "build-db", "--source", str(SOURCE_DIR)])
    assert result.code == 2 and one_line_error(result) and "폴더입니다" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and not any(folder.iterdir())


def test_build_db_that_cannot_write_its_work_file_fails_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "plan.db"
    (tmp_path / "plan.db.partial").mkdir()  # the build cannot create its work file
    result = run(["--db", str(target), "build-db", "--source", str(SOURCE_DIR)])
    assert result.code == 2 and one_line_error(result), result
    assert not target.exists()


@pytest.mark.parametrize("argv", [[], ["open", "3-2.9"], ["--theme", "aiplan-light"]])
def test_the_explorer_without_a_terminal_says_so_and_exits_2(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aiplan_tui", "--db", str(PLAN_DB), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,  # it used to wait forever
    )
    assert result.returncode == 2 and "터미널에서만" in result.stderr and result.stderr.count("\n") == 1


# Hypothesis over argv --------------------------------------------------------------------

WORDS = [
    *("tasks", "search", "show", "ministries", "targets", "stats", "check", "open"),
    *("--version", "-h", "--", "-f", "json", "csv", "md", "plain", "table", "text", "-n", "--limit", "-m", "-y"),
    *("-s", "-a", "-k", "task", "--tentative", "--all", "--theme", "--ambiguous-width", "--ascii", "-t"),
    *("홍수", "ㅎㅅ", "과기부", "2024", "'24", "3-2.9", "3-2", "3-2/t6", "4-2/m1", "요약", "참고", "Ⅵ", "3"),
    *("\udcff", "3-2/\udcff", "\x1b]52;c;SGVsbG8=\x07", "\x9b2J", "\u202e", "[/]", "[bold]x", "=1+1"),
    *("99999999999999999999", "-1", "0", "", " ", "\u3000", "NEAR(", '"', "*", "a" * 3000, "٣", "２０２４"),
]
ARGUMENT = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(exclude_categories=()), max_size=12),  # surrogates and controls included
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARGUMENT, max_size=6))
def test_any_argv_gives_exit_0_2_or_3_and_never_a_traceback(argv: list[str]) -> None:
    if "build-db" in argv or "--db" in argv:
        argv = [a for a in argv if a not in ("build-db", "--db")]
    result = run(["--db", str(PLAN_DB), *argv])
    assert result.code in (0, 2, 3), (argv, result)
    if result.code:
        assert one_line_error(result), (argv, result)
    assert "\x1b" not in result.out + result.err, (argv, result)
