"""`?`: every key and what the symbols mean, generated from the key registry."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.keys import (
    APP_KEYS,
    FOCUS_KEY,
    IME_NOTE,
    PALETTE_KEY,
    PANEL_KEYS,
    SYMBOLS,
    TREE_KEYS,
    Key,
    bindings,
)

CLOSE_KEY = Key("escape,question_mark,q", "escape ? q", "dismiss(None)", "닫기", "도움말을 닫습니다")


def shown_with_twins(key: Key) -> str:
    """The key as written, then its 한글-mode twins: "m ㅡ", "↑ k ㅏ"."""
    return " ".join([key.shown, *key.twins])


def keys_table(title: str, keys: list[Key]) -> Table:
    table = Table(title=Text(title, style="bold"), box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("what")
    for key in keys:
        table.add_row(Text(safe(shown_with_twins(key))), Text(safe(key.help)))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings([CLOSE_KEY], show=False)

    def compose(self) -> ComposeResult:
        symbols = Table(title=Text("기호", style="bold"), box=None, show_header=False, padding=(0, 2, 0, 0))
        symbols.add_column("symbol", no_wrap=True, style="bold")
        symbols.add_column("meaning")
        for symbol, meaning in SYMBOLS:
            symbols.add_row(Text(safe(symbol)), Text(safe(meaning)))
        with VerticalScroll(id="help-box"):
            yield Static(Text(safe("escape · ? · q 로 닫습니다"), style="dim"))
            yield Static(keys_table("키", [*APP_KEYS, PALETTE_KEY, FOCUS_KEY]))
            yield Static(Text(safe(IME_NOTE)))
            yield Static(keys_table("트리", TREE_KEYS))
            yield Static(keys_table("본문 패널 (Tab으로 옮긴 뒤)", PANEL_KEYS))
            yield Static(symbols)
