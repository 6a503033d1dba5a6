"""Every key of the explorer, as data: the bindings, the footer and the help screen read it."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType


class Key(NamedTuple):
    key: str  # Textual key name
    shown: str  # how the help screen writes it
    action: str
    label: str  # footer
    help: str  # help screen and tooltip


APP_KEYS = [
    Key("slash", "/", "search", "검색", "본문·과제·목표·문서 전체를 검색합니다 (초성·부처·연도 이해)"),
    Key("m", "m", "pick_ministries", "부처", "소관부처로 거릅니다 (여러 개 선택, 이름·약칭·초성으로 좁히기)"),
    Key("y", "y", "pick_years", "연도", "추진시기(시작 연도)로 거릅니다"),
    Key("x", "x", "clear_filters", "필터 해제", "모든 필터를 지웁니다"),
    Key("v", "v", "switch_view", "보기", "트리를 전략별 → 부처별 → 연도별로 바꿉니다"),
    Key("g", "g", "goto", "이동", "id로 이동합니다: 3-2.9, 1-4, 3, summary, 환경부"),
    Key("c", "c", "copy", "복사", "선택한 항목을 보고서용 텍스트로 복사합니다 (SSH에서도 OSC 52)"),
    Key("question_mark", "?", "help", "도움말", "모든 키와 기호의 뜻을 봅니다"),
    Key("q", "q", "quit", "종료", "앱을 닫습니다"),
]

# Textual's own binding; listed so the key bar and the help screen can show it.
PALETTE_KEY = Key("ctrl+p", "^p", "command_palette", "명령", "명령 팔레트: 모든 과제·분야·부처로 이동하거나 거르기")

TREE_KEYS = [
    Key("up,k", "↑ k", "cursor_up", "위", "위로 이동"),
    Key("down,j", "↓ j", "cursor_down", "아래", "아래로 이동"),
    Key("enter", "enter", "select_cursor", "열기", "펼치거나 접습니다"),
    Key("right,l", "→ l", "expand", "펼치기", "하위 항목을 펼칩니다"),
    Key("left,h", "← h", "collapse", "접기", "접거나 상위 항목으로 갑니다"),
    Key("escape", "escape", "back", "뒤로", "상위 항목으로 갑니다"),
]

SYMBOLS = [
    ("◇", "분야의 목표(방향)"),
    ("□", "추진 내용"),
    ("○ -", "세부 내용"),
    ("* ** ※", "주석·참고"),
    ("⇒", "결론"),
    ("(잠정)", "추진시기가 잠정인 과제"),
    ("2/6", "필터에 맞는 과제 수 / 전체 과제 수"),
    ("▶ ▼", "접힌 / 펼친 항목"),
]


def bindings(keys: list[Key], show: bool = True) -> list[BindingType]:
    return [Binding(k.key, k.action, k.label, show=show, id=k.action, tooltip=k.help) for k in keys]
