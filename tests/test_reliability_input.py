"""Reliability: no input byte and no escape sequence can end the explorer (issue 15, item 1).

The audit's failures: bytes that are not UTF-8 (EUC-KR 홍수 from a PuTTY set to "UHC", 0xff,
an X10 mouse report with high bytes, random binary) and an over-long CSI parameter each ended
the explorer — with exit status 0. Now they are replaced or dropped, and the app goes on.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.message import Message

from aiplan_tui.tui.driver import SafeInput
from aiplan_tui.tui.encoding import legacy_codeset, refusal

from .terminal import PtyApp, explorer

EUC_KR_FLOOD = "홍수".encode("euc_kr")  # c8 ab bc f6: not UTF-8 from its third byte
HUGE_CSI = b"\x1b[999999999999;99999999999H"
PAYLOADS = {
    "euc-kr": EUC_KR_FLOOD,
    "cp949": "똠방각하".encode("cp949"),
    "0xff": b"\xff",
    "x10-mouse-high-bytes": b"\x1b[M\xff\xff\xff",
    "huge-csi": HUGE_CSI,
    "huge-csi-extended-key": b"\x1b[99999999999999999999;5u",
    "random-high-1k": bytes(random.Random(20251130).randrange(0x80, 0x100) for _ in range(1024)),
    "overlong-utf8": b"\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80",
}


def keys(messages: Sequence[Message]) -> str:
    return "".join(m.character or "" for m in messages if isinstance(m, events.Key))


def test_non_utf8_bytes_become_replacement_characters() -> None:
    decoder = SafeInput()
    typed = keys(decoder.feed(b"a" + EUC_KR_FLOOD + b"b"))
    assert typed.startswith("a") and typed.endswith("b")
    assert "\ufffd" in typed
    assert decoder.replaced > 0


def test_an_overflowing_escape_sequence_is_dropped_and_typing_goes_on() -> None:
    decoder = SafeInput()
    decoder.feed(HUGE_CSI)
    assert keys(decoder.feed(b"q")) == "q"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=64), max_size=8))
def test_random_bytes_never_raise(chunks: list[bytes]) -> None:
    decoder = SafeInput()
    for chunk in chunks:
        decoder.feed(chunk)
        decoder.tick()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=256))
def test_after_random_bytes_typing_is_text_again(garbage: bytes) -> None:
    decoder = SafeInput()
    decoder.feed(garbage)
    decoder.feed(b"\x1b[201~")  # ends a bracketed paste the garbage may have opened
    decoder.feed(b"\x1b")  # a lone ESC times out, whatever sequence was left open
    time.sleep(0.11)
    decoder.tick()
    assert "zq" in keys(decoder.feed(b"zq"))


def alive(app: PtyApp) -> bool:
    return os.waitpid(app.pid, os.WNOHANG) == (0, 0)


def test_garbage_bytes_in_the_search_box_do_not_end_the_explorer() -> None:
    with explorer("--ambiguous-width", "narrow", size=(100, 30)) as app:
        app.pump(until="과제 78/78")
        app.send("/")
        app.pump(until="검색")
        for name, payload in PAYLOADS.items():
            os.write(app.fd, payload)
            app.pump(quiet=0.3)
            assert alive(app), f"the explorer ended on {name}:\n{app.text()}"
            if name == "euc-kr":
                assert "UTF-8" in app.text()  # the one-time hint on how to set the terminal to UTF-8
        # Back to an empty search box, whatever the garbage did (a mouse report from it may have
        # closed the box; every byte typed into it is a search, so on a loaded machine the app
        # takes a while to catch up): escape clears a query, / opens a closed box.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = app.text()
            if "╭" in screen and "검색어:" in screen:
                break
            app.send("\x1b" if "╭" in screen else "/")
            app.pump(quiet=0.3, timeout=60)
            time.sleep(0.5)
        app.send("홍수")
        app.pump(until="‘홍수’ 9건", timeout=60)


def test_a_korean_locale_that_is_not_utf8_gets_a_message_it_can_read() -> None:
    assert legacy_codeset({"LANG": "ko_KR.eucKR", "LC_CTYPE": "C.UTF-8"}) == "eucKR"  # Python's coercion
    assert legacy_codeset({"LC_ALL": "ko_KR.CP949"}) == "CP949"
    assert legacy_codeset({"LANG": "ko_KR"}) == "euc_kr"
    for fine in ({"LANG": "C"}, {"LANG": "C", "LC_CTYPE": "C.UTF-8"}, {}, {"LANG": "ko_KR.UTF-8"}, {"LANG": "POSIX"}):
        assert refusal(fine) is None, fine
    message = refusal({"LANG": "ko_KR.eucKR"})
    assert message is not None
    assert "Window > Translation > Remote character set → UTF-8".encode("euc_kr") in message
    assert "UTF-8로".encode("euc_kr") in message  # readable on the EUC-KR terminal itself


def test_the_explorer_refuses_a_euc_kr_terminal_with_exit_2() -> None:
    with explorer(env={"LANG": "ko_KR.eucKR", "LC_ALL": "", "LC_CTYPE": ""}) as app:
        deadline = time.monotonic() + 15
        status = None
        while status is None and time.monotonic() < deadline:
            app.pump(quiet=0.2, timeout=1)
            pid, code = os.waitpid(app.pid, os.WNOHANG)
            status = os.waitstatus_to_exitcode(code) if pid else None
        assert status == 2
        assert "PuTTY" in app.text()


def test_c_locale_still_runs_the_explorer() -> None:
    with explorer("--ambiguous-width", "narrow", env={"LANG": "C", "LC_ALL": "", "LC_CTYPE": ""}) as app:
        app.pump(until="과제 78/78")
        assert alive(app)
