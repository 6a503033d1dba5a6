"""`?`: every key and what the symbols mean, generated from the key registry."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.keys import APP_KEYS, SYMBOLS, TREE_KEYS, Key


def keys_table(title: str, keys: list[Key]) -> Table:
    table = Table(title=Text(title, style="bold"), box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("key", no_wrap=True, style="bold")
    table.add_column("what")
    for key in keys:
        table.add_row(Text(safe(key.shown)), Text(safe(key.help)))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss(None)", "닫기", id="help_close", tooltip="도움말을 닫습니다"),
    ]

    def compose(self) -> ComposeResult:
        symbols = Table(title=Text("기호", style="bold"), box=None, show_header=False, padding=(0, 2, 0, 0))
        symbols.add_column("symbol", no_wrap=True, style="bold")
        symbols.add_column("meaning")
        for symbol, meaning in SYMBOLS:
            symbols.add_row(Text(safe(symbol)), Text(safe(meaning)))
        palette = Text(safe("ctrl+p  명령 팔레트: 모든 과제·분야·부처로 이동하거나 거르기"))
        with VerticalScroll(id="help-box"):
            yield Static(keys_table("키", APP_KEYS))
            yield Static(keys_table("트리", TREE_KEYS))
            yield Static(palette)
            yield Static(symbols)
