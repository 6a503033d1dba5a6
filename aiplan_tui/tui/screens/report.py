"""`r`: choose the report's format, ministry and period (and, if wanted, the file); the app
writes it in a worker (see tui/workspace_edit.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import ClassVar, NamedTuple, Optional

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from aiplan_tui.tui.glyphs import safe
from aiplan_tui.tui.screens.editing import CSS
from aiplan_tui.workspace.progress import InvalidInput, parse_period

FORMATS = (
    ("md", "md — 마크다운 (텍스트)"),
    ("csv", "csv — 엑셀에서 열기, aiplan progress import로 되가져오기"),
    ("xlsx", "xlsx — 엑셀 (openpyxl)"),
    ("hwpx", "hwpx — 한글 (python-hwpx)"),
)
ALL = "전체 부처"


def default_format() -> str:
    """HWPX (what officials submit) when its library is installed, else XLSX, else CSV."""
    for fmt, module in (("hwpx", "hwpx"), ("xlsx", "openpyxl")):
        if importlib.util.find_spec(module) is not None:
            return fmt
    return "csv"


class ReportRequest(NamedTuple):
    fmt: str
    ministry: str | None
    period: str
    path: Path


def default_name(fmt: str, ministry: str | None, period: str) -> str:
    return f"추진실적_{ministry or '전체'}_{period}.{fmt}"


def target_path(typed: str, folder: Path, fmt: str, ministry: str | None, period: str) -> Path:
    """The file to write: the copy folder and a name of its own, or what was typed (a folder
    typed gets that name inside it)."""
    name = default_name(fmt, ministry, period)
    if not typed.strip():
        return folder / name
    path = Path(typed.strip()).expanduser()
    return path / name if path.is_dir() else path


class ReportScreen(ModalScreen[Optional[ReportRequest]]):
    DEFAULT_CSS = CSS
    SCOPED_CSS = False  # the rules name their screens and boxes themselves
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "쓰기", id="report_write", tooltip="보고서를 씁니다"),
        Binding("escape", "dismiss(None)", "취소", id="report_cancel", tooltip="쓰지 않고 닫습니다"),
    ]

    def __init__(self, ministries: list[str], ministry: str | None, period: str, folder: Path) -> None:
        super().__init__()
        self.ministries = ministries
        self.ministry = ministry
        self.period = period
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box"):
            yield Static(Text(safe("추진실적 보고서 쓰기"), style="bold"))
            with Horizontal(classes="row"):
                yield Label("형식", classes="name")
                formats = [(safe(label), fmt) for fmt, label in FORMATS]
                yield Select(formats, value=default_format(), allow_blank=False, id="report-format", compact=True)
            with Horizontal(classes="row"):
                yield Label("부처", classes="name")
                choices = [(ALL, ALL), *((m, m) for m in self.ministries)]
                yield Select(choices, value=self.ministry or ALL, allow_blank=False, id="report-ministry", compact=True)
            with Horizontal(classes="row"):
                yield Label("기간", classes="name")
                yield Input(self.period, id="report-period", compact=True, placeholder="2025 또는 2025Q2")
            with Horizontal(classes="row"):
                yield Label("파일", classes="name")
                yield Input(id="report-path", compact=True, placeholder="비우면 아래 폴더에 씁니다")
            yield Static("", id="report-where", markup=False)
            yield Static("", id="report-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("쓰기", id="report-write", variant="primary", compact=True)
                yield Button("취소", id="report-cancel", compact=True)
                yield Static(Text(safe("ctrl+s 또는 enter 쓰기 · escape 취소"), style="dim"))

    def on_mount(self) -> None:
        self.app.clear_notifications()  # no toast over the dialog
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.show_where()
        self.query_one("#report-format", Select).focus()

    def request(self) -> ReportRequest | None:
        """What the fields ask for, or None (said under the fields) when the period is wrong."""
        fmt = str(self.query_one("#report-format", Select).value)
        chosen = self.query_one("#report-ministry", Select).value
        ministry = None if chosen in (ALL, Select.NULL) else str(chosen)
        try:
            period = parse_period(self.query_one("#report-period", Input).value)
        except InvalidInput as error:
            self.query_one("#report-error", Static).update(Text(safe(str(error)), style="bold"))
            return None
        typed = self.query_one("#report-path", Input).value
        return ReportRequest(fmt, ministry, period, target_path(typed, self.folder, fmt, ministry, period))

    @on(Select.Changed)
    @on(Input.Changed)
    def show_where(self) -> None:
        self.query_one("#report-error", Static).update("")
        request = self.request()
        if request is not None:
            self.query_one("#report-where", Static).update(safe(f"→ {request.path}"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#report-write")
    def action_write(self) -> None:
        request = self.request()
        if request is not None:
            self.dismiss(request)

    @on(Button.Pressed, "#report-cancel")
    def cancel(self) -> None:
        self.dismiss(None)
