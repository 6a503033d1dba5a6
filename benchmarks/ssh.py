"""The explorer over a real SSH login, beside VisiData over the same login.

A throwaway sshd on 127.0.0.1 (tests/ssh/server.py) behind the latency relay (tests/ssh/
relay.py), at no delay and at a round trip of ~400 ms; the client is a real ``ssh -tt`` on a
pty at 80×24. Bytes are what the client reads from the SSH channel (the screen's bytes after
decryption). Measured:

- the first paint, from starting ``ssh`` (the login included; ``ssh … true`` alone is given);
- bytes and time per tree move, each waited out until the text panel has followed;
- bytes and time per search keystroke (typing, ⌫);
- in a terminal that draws ambiguous characters two cells wide (pyte), how long until the
  ambiguous-width mode has settled: the screen complete with no ambiguous character left.

Run alone with ``.venv/bin/python benchmarks/ssh.py`` (splices its section into REPORT.md);
``benchmarks/run.py`` runs it as part of the whole report.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from benchmarks.explorer import BACKSPACE, SETTLE, environment, explorer_ready, visidata_ready  # noqa: E402
from benchmarks.pty_driver import DOWN, Burst, Session, contains  # noqa: E402
from benchmarks.stats import latency_ms, mean, median, size, spread_ms  # noqa: E402
from tests.ssh.clients import WideTerminal  # noqa: E402
from tests.ssh.server import Login, Relay, remote_command, sshd, sshd_binary  # noqa: E402

HEADING = "## Over SSH (1×, 80×24)"
LINKS = {"no delay": 0.0, "RTT ~400 ms": 0.2}
FOLLOWED = 0.45  # quiet seconds after a move: the text panel follows a cursor at rest after 0.3 s
UP = b"\x1b[A"


@dataclass(frozen=True)
class Scenario:
    paints: int = 3
    moves: int = 20
    queries: tuple[str, ...] = ("홍수예보", "재선충")


QUICK = Scenario(paints=1, moves=3, queries=("홍수",))


@dataclass
class Row:
    link: str
    program: str
    paints: list[float] = field(default_factory=list)  # seconds from starting ssh
    paint_bytes: list[float] = field(default_factory=list)
    moves: list[Burst] = field(default_factory=list)
    keys: list[Burst] = field(default_factory=list)


@dataclass(frozen=True)
class Settling:
    case: str
    first_paint: float  # seconds from starting ssh to the first complete screen
    settled: float  # … to a complete screen with no ambiguous character (math.inf: never)


@dataclass
class SshFigures:
    logins: dict[str, float]  # link → median seconds of `ssh … true`
    rows: list[Row]
    settling: list[Settling]


def remote(argv: Sequence[str], home: Path) -> str:
    # The explorer's files and VisiData's (~/.visidata) under a temporary home.
    return remote_command(argv, {"AIPLAN_CONFIG_DIR": str(home), "XDG_CACHE_HOME": str(home), "HOME": str(home)})


def ssh_session(login: Login, relay: Relay, argv: Sequence[str], home: Path) -> Session:
    return Session(login.command(remote(argv, home), port=relay.port, send_env=("LANG", "LC_ALL")), environment())


def login_seconds(login: Login, relay: Relay, runs: int) -> float:
    samples = []
    for _ in range(runs):
        with Session(login.command("true", port=relay.port), environment()) as session:
            samples.append(session.until_exit(timeout=60).seconds)
    return median(samples)


def there_and_back(down: bytes, up: bytes, moves: int) -> list[bytes]:
    """Down and back up, never past the top (where a key would draw nothing)."""
    downs = moves // 2 + 1
    return [down] * downs + [up] * (moves - downs)


def measure_aiplan(
    login: Login, relay: Relay, link: str, aiplan: Sequence[str], db: Path, flags: Sequence[str], scenario: Scenario
) -> Row:
    argv = [*aiplan, "--db", str(db), *flags]
    row = Row(link, " ".join(["`aiplan`", *(f"`{f}`" for f in flags)]))
    ready = explorer_ready(78)
    with tempfile.TemporaryDirectory() as home:
        for run in range(scenario.paints):
            with ssh_session(login, relay, argv, Path(home)) as session:
                paint = session.first_paint(ready, timeout=60)
                row.paints.append(paint.seconds)
                row.paint_bytes.append(float(paint.size))
                if run:
                    continue
                session.collect(session.started, quiet=1.0)  # start-up redraws
                for key in there_and_back(b"j", b"k", scenario.moves):
                    row.moves.append(session.send(key, quiet=FOLLOWED))
                session.send(b"/", contains("재선충"), quiet=SETTLE)
                for query in scenario.queries:
                    row.keys += [session.send(char.encode(), quiet=SETTLE) for char in query]
                    row.keys += [session.send(BACKSPACE, quiet=SETTLE) for _ in query]
    return row


def measure_visidata(login: Login, relay: Relay, link: str, vd: Sequence[str], db: Path, scenario: Scenario) -> Row:
    row = Row(link, "`vd plan.db` (VisiData)")
    with tempfile.TemporaryDirectory() as home:
        for run in range(scenario.paints):
            with ssh_session(login, relay, [*vd, str(db)], Path(home)) as session:
                paint = session.first_paint(visidata_ready, timeout=60)
                row.paints.append(paint.seconds)
                row.paint_bytes.append(float(paint.size))
                if run:
                    continue
                session.collect(session.started, quiet=1.0)
                for key in there_and_back(DOWN, UP, scenario.moves):
                    row.moves.append(session.send(key, quiet=FOLLOWED))
    return row


def settling(login: Login, relay: Relay, aiplan: Sequence[str], db: Path, case: str, answer_delay: float) -> Settling:
    """In a wide-ambiguous terminal: the first complete screen, and the first one with no
    ambiguous character. ``answer_delay``: how late the terminal answers (math.inf: never)."""
    ready = "과제 78/78"
    with tempfile.TemporaryDirectory() as home:
        argv = login.command(remote([*aiplan, "--db", str(db)], Path(home)), port=relay.port)
        env = {**environment(), "TERM": "xterm-256color"}
        terminal = WideTerminal(argv, env, (80, 24), answer_delay)
        started = time.monotonic()
        first = settled = math.inf
        try:
            while time.monotonic() - started < 20 and settled == math.inf:
                terminal.pump(0.02)
                if ready in terminal.text():
                    now = time.monotonic() - started
                    first = min(first, now)
                    if not terminal.ambiguous():
                        settled = now
        finally:
            terminal.close()
    return Settling(case, first, settled)


@contextlib.contextmanager
def server() -> Iterator[Login]:
    with tempfile.TemporaryDirectory() as directory, sshd(Path(directory)) as login:
        yield login


def measure(aiplan: Sequence[str], vd: Sequence[str] | None, db: Path, scenario: Scenario) -> SshFigures:
    figures = SshFigures({}, [], [])
    with server() as login:
        for link, half_rtt in LINKS.items():
            with Relay(login.port, half_rtt) as relay:
                print(f"[ssh, {link}] …", flush=True)
                figures.logins[link] = login_seconds(login, relay, scenario.paints)
                figures.rows.append(measure_aiplan(login, relay, link, aiplan, db, (), scenario))
                figures.rows.append(measure_aiplan(login, relay, link, aiplan, db, ("--slow-link",), scenario))
                if vd is not None:
                    figures.rows.append(measure_visidata(login, relay, link, vd, db, scenario))
        with Relay(login.port, LINKS["RTT ~400 ms"]) as relay:
            print("[ssh] ambiguous-width mode settling …", flush=True)
            for case, delay in (
                ("RTT ~400 ms, the terminal answers at once", 0.0),
                ("RTT ~400 ms, the answer 1.5 s later still (past the wait)", 1.5),
                ("RTT ~400 ms, the terminal never answers", math.inf),
            ):
                figures.settling.append(settling(login, relay, aiplan, db, case, delay))
    return figures


def seconds(value: float) -> str:
    return "never" if value == math.inf else f"{value:.2f} s"


def section(figures: SshFigures) -> list[str]:
    lines = [
        HEADING,
        "",
        "A real `ssh -tt` login to a throwaway sshd on 127.0.0.1, through a relay that holds every chunk "
        "half a round trip each way (`tests/ssh/relay.py`), the client on an 80×24 pty. First paint: from "
        "starting `ssh` to the first full screen (login included; `ssh … true` alone took "
        + ", ".join(f"{seconds(v)} at {k}" for k, v in figures.logins.items())
        + "). Bytes: what the client reads from the SSH channel. Moves: ↓/↑ (j/k for the explorer) each waited "
        f"out until {FOLLOWED} s of silence, so the explorer's text panel, which follows a cursor at rest, is "
        "included; search keystrokes type queries one syllable at a time and erase them with ⌫. Times per key "
        "are to the last drawn chunk (the round trip included).",
        "",
        "| link | program | first paint (median, min–max) | bytes | per move: bytes (mean) | per move: time "
        "| per search key: bytes (mean) | per search key: time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in figures.rows:
        moves = [float(b.size) for b in row.moves]
        keys = [float(b.size) for b in row.keys]
        lines.append(
            f"| {row.link} | {row.program} | {spread_ms(row.paints)} | {size(median(row.paint_bytes))} "
            f"| {size(mean(moves)) if moves else '–'} "
            f"| {latency_ms([b.seconds for b in row.moves]) if row.moves else '–'} "
            f"| {size(mean(keys)) if keys else '–'} "
            f"| {latency_ms([b.seconds for b in row.keys]) if row.keys else '–'} |"
        )
    lines += [
        "",
        "How long until the ambiguous-width mode settles, in a terminal that draws ambiguous characters two "
        "cells wide and answers the cursor-position question (pyte; `tests/ssh/clients.py`), over the ~400 ms "
        "link: from starting `ssh` to the first full screen, and to the first full screen with no ambiguous "
        "character left. Over SSH the explorer waits up to 1 s for the answer (0.25 s when it remembers this "
        "terminal), then keeps listening and repaints when a late answer comes.",
        "",
        "| case | first full screen | settled (no ambiguous character) | settled after the first screen |",
        "|---|---|---|---|",
    ]
    for settle in figures.settling:
        after = "never" if settle.settled == math.inf else f"+{settle.settled - settle.first_paint:.2f} s"
        lines.append(f"| {settle.case} | {seconds(settle.first_paint)} | {seconds(settle.settled)} | {after} |")
    lines += [
        "",
        "What it shows: the round trip adds itself to every key and the login dominates the first paint; the "
        "explorer's bytes over SSH are those of the local pty (its frame is the same), several times VisiData's "
        "per move, since Textual repaints whole widget regions (the tree's changed lines and the text panel "
        "that follows) where curses sends only changed cells. A move's time includes the panel's 0.3 s wait "
        "for the cursor to rest. `--slow-link` does not change the bytes per move or per key; it stops the caret "
        "blinking and the all-motion mouse reports (the section above). With a terminal that answers, the "
        "mode is settled before the first paint even at ~400 ms; an answer later than the wait costs one "
        "repaint after the first screen; a terminal that never answers costs the rest of the 1 s wait.",
    ]
    return [*lines, ""]


def splice(report: str, lines: list[str]) -> str:
    """The report with this section put (or replaced) before `## Commands`."""
    text = "\n".join(lines)
    if HEADING in report:
        start = report.index(HEADING)
        end = report.index("\n## ", start + len(HEADING)) + 1
        return report[:start] + text + "\n" + report[end:]
    return report.replace("## Commands", text + "\n## Commands", 1)


def available() -> bool:
    return sshd_binary() is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one paint, few keys: a smoke run")
    parser.add_argument("--report", type=Path, default=ROOT / "benchmarks" / "REPORT.md")
    args = parser.parse_args(argv)
    bin_dir = Path(sys.executable).parent
    aiplan = [str(bin_dir / "aiplan")]
    vd = [str(bin_dir / "vd")] if (bin_dir / "vd").exists() else None
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    figures = measure(aiplan, vd, ROOT / "data" / "plan.db", QUICK if args.quick else Scenario())
    lines = section(figures)
    args.report.write_text(splice(args.report.read_text(encoding="utf-8"), lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
