"""Every terminal officials use: ambiguous-width mode and its detection, ANSI-only colours,
NO_COLOR, slow links — checked on what the app really writes, read by a terminal emulator."""

from __future__ import annotations

import unicodedata

import pytest
from pyte.graphics import BG_AIXTERM, BG_ANSI, FG_AIXTERM, FG_ANSI
from wcwidth import wcswidth

from aiplan_tui.tui.glyphs import Glyphs, cell_safe, is_ambiguous
from aiplan_tui.tui.probe import parse_reply

from .terminal import PtyApp, explorer

READY = "과제 78/78"
SIZES = [(80, 24), (120, 40)]
# The names pyte gives the 16 ANSI colours (SGR 30–37, 90–97 and 40–47, 100–107), and "default".
ANSI_NAMES = {"default"} | {name for table in (FG_ANSI, FG_AIXTERM, BG_ANSI, BG_AIXTERM) for name in table.values()}


def ambiguous_on(screen: PtyApp) -> set[str]:
    return {c for line in screen.lines() for c in line if unicodedata.east_asian_width(c) == "A"}


def assert_aligned_for_wide_terminals(screen: PtyApp, columns: int) -> None:
    assert ambiguous_on(screen) == set()
    for number, line in enumerate(screen.lines()):
        assert wcswidth(line, ambiguous_width=2) == columns, f"line {number} is misaligned: {line!r}"


# Glyph rules ------------------------------------------------------------------------------


def test_plan_symbols_have_wide_safe_equivalents() -> None:
    glyphs = Glyphs(wide=True)
    assert glyphs.safe("과기정통·고용부") == "과기정통ㆍ고용부"
    assert glyphs.safe("'23년 141개소 → '27년 261개소") == "'23년 141개소 -> '27년 261개소"
    assert glyphs.safe("① (법률) □ ◇ ※ …") == "(1) (법률) ㅁ <> * ..."
    assert Glyphs(wide=False).safe("→") == "→"


def test_every_replacement_is_itself_unambiguous() -> None:
    glyphs = Glyphs(wide=True)
    for code in range(0x20, 0x3000):
        char = chr(code)
        if is_ambiguous(char):
            assert not any(is_ambiguous(c) for c in glyphs.safe(char)), char
            assert len(cell_safe(char)) == 1 and not is_ambiguous(cell_safe(char)), char


@pytest.mark.parametrize(
    ("reply", "width"),
    [(b"\x1b[5;3R", 2), (b"\x1b[5;2R", 1), (b"junk\x1b[12;3R", 2), (b"", None), (b"\x1b[5;9R", None)],
)
def test_cursor_position_replies(reply: bytes, width: int | None) -> None:
    assert parse_reply(reply) == width


# The ambiguous-width mode on screen ---------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_wide_mode_puts_no_ambiguous_character_on_screen(size: tuple[int, int]) -> None:
    with explorer("--ambiguous-width", "wide", "open", "3-2.5", size=size, wide_ambiguous=True) as screen:
        screen.pump(until=READY)
        assert "32%" in screen.text()
        assert_aligned_for_wide_terminals(screen, size[0])
        screen.send("/")
        screen.pump(until="검색어")
        screen.send("재선충")
        screen.pump(until="3건")
        assert_aligned_for_wide_terminals(screen, size[0])
        screen.send("\x1b")
        screen.pump()
        screen.send("m")
        screen.pump(until="소관부처")
        assert_aligned_for_wide_terminals(screen, size[0])


def test_narrow_mode_uses_unicode_symbols() -> None:
    with explorer("--ambiguous-width", "narrow", size=(80, 24)) as screen:
        screen.pump(until=READY)
        assert "▶" in screen.text()


def test_auto_turns_the_mode_on_where_the_terminal_draws_them_wide() -> None:
    with explorer("--ambiguous-width", "auto", size=(80, 24), wide_ambiguous=True) as screen:
        screen.pump(until=READY)
        assert_aligned_for_wide_terminals(screen, 80)


def test_auto_keeps_unicode_where_the_terminal_draws_them_narrow() -> None:
    with explorer("--ambiguous-width", "auto", size=(80, 24)) as screen:
        screen.pump(until=READY)
        assert "▶" in screen.text()


def test_auto_never_hangs_on_a_terminal_that_does_not_answer() -> None:
    with explorer("--ambiguous-width", "auto", size=(80, 24), wide_ambiguous=True) as screen:
        screen.screen.write_process_input = lambda data: None  # type: ignore[method-assign]
        screen.pump(until=READY, timeout=10)
        assert "▶" in screen.text()  # no answer: the mode stays off


def test_ascii_flag_draws_ascii_borders_and_guides() -> None:
    with explorer("--ascii", "open", "3-2.5", size=(80, 24)) as screen:
        screen.pump(until=READY)
        text = screen.text()
        assert "│" not in text and "▶" not in text and "> 3-2.1" in text


# Colour ----------------------------------------------------------------------------------


def colours_on(screen: PtyApp) -> set[str]:
    buffer = screen.screen.buffer
    return {colour for y in range(screen.screen.lines) for char in buffer[y].values() for colour in (char.fg, char.bg)}


def test_ansi_theme_uses_only_the_16_ansi_colours() -> None:
    with explorer("--theme", "aiplan-ansi", "open", "3-2.5", size=(80, 24)) as screen:
        screen.pump(until=READY)
        assert colours_on(screen) <= ANSI_NAMES, colours_on(screen) - ANSI_NAMES


def test_other_themes_use_more_than_ansi() -> None:
    with explorer("--theme", "aiplan-dark", size=(80, 24)) as screen:
        screen.pump(until=READY)
        assert colours_on(screen) - ANSI_NAMES


def test_no_color_is_monochrome_and_still_shows_the_cursor() -> None:
    with explorer(size=(80, 24), env={"NO_COLOR": "1"}) as screen:
        screen.pump(until=READY)
        screen.send("jj")  # the cursor from the overview (row 1) to the third node of the tree
        screen.pump()
        assert colours_on(screen) == {"default"}
        buffer = screen.screen.buffer
        tree_rows_in_reverse = {y for y in range(1, 23) for x, char in buffer[y].items() if x < 30 and char.reverse}
        assert tree_rows_in_reverse == {3}


# Slow links ------------------------------------------------------------------------------


def test_slow_link_turns_off_mouse_tracking() -> None:
    raw: list[bytes] = []
    with explorer("--slow-link", size=(80, 24)) as screen:
        feed = screen.stream.feed

        def keep(data: bytes) -> None:
            raw.append(data)
            feed(data)

        screen.stream.feed = keep  # type: ignore[method-assign]
        screen.pump(until=READY)
    assert b"\x1b[?1003h" not in b"".join(raw)
