"""Every key of the explorer, as data: the bindings, the footer and the help screen read it.

With a Korean IME in 한글 mode a letter key arrives as the jamo printed on it on the standard
2-beolsik (두벌식) keyboard: m as ㅡ, q as ㅂ. Every single-letter key here therefore also
answers to that twin; the twins are derived from the keys below, never listed by hand.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType

# The 2-beolsik layout: what each Latin letter key types in 한글 mode (unshifted).
_LETTERS, _JAMO = "qwertyuiopasdfghjklzxcvbnm", "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ"
DUBEOLSIK = {letter: _JAMO[n] for n, letter in enumerate(_LETTERS)}


class Key(NamedTuple):
    key: str  # Textual key name(s), comma-separated
    shown: str  # how the help screen writes it
    action: str
    label: str  # footer
    help: str  # help screen and tooltip

    @property
    def names(self) -> list[str]:
        return self.key.split(",")

    @property
    def twins(self) -> list[str]:
        """The 2-beolsik jamo of its single-letter keys: what they type with the IME in 한글."""
        return [DUBEOLSIK[name] for name in self.names if name in DUBEOLSIK]

    @property
    def with_twins(self) -> str:
        """The binding's keys: its own and their jamo twins."""
        return ",".join([*self.names, *self.twins])


APP_KEYS = [
    Key("slash", "/", "search", "검색", "본문·과제·목표·문서 전체를 검색합니다 (초성·부처·연도 이해)"),
    Key("m", "m", "pick_ministries", "부처", "소관부처로 거릅니다 (여러 개 선택, 이름·약칭·초성으로 좁히기)"),
    Key("y", "y", "pick_years", "연도", "추진시기(시작 연도)로 거릅니다"),
    Key("x", "x", "clear_filters", "필터 해제", "모든 필터를 지웁니다"),
    Key("v", "v", "switch_view", "보기", "트리를 전략별 → 부처별 → 연도별로 바꿉니다"),
    Key("g", "g", "goto", "이동", "id나 이름으로 이동합니다: 3-2.9, 1-4, 3, summary, 환경부"),
    Key("c", "c", "copy", "복사", "커서의 항목을 보고서용 텍스트로 파일에 저장하고 클립보드로 보냅니다 (OSC 52)"),
    Key(
        "e",
        "e",
        "edit_progress",
        "실적",
        "커서의 과제(또는 그 아래 항목의 과제)의 추진실적을 씁니다: 상태·추진실적·목표 실적",
    ),
    Key("n", "n", "edit_note", "메모", "커서의 항목에 메모를 씁니다 (비우고 저장하면 지움)"),
    Key("b", "b", "toggle_bookmark", "북마크", "커서의 항목에 북마크를 달거나 뗍니다"),
    Key("r", "r", "write_report", "보고서", "추진실적 보고서를 hwpx·xlsx·csv·md로 씁니다 (부처·기간 선택)"),
    Key("p", "p", "pick_period", "기간", "실적을 볼 기간을 고릅니다: 계획의 연도와 분기 (2025, 2025Q2)"),
    Key("u", "u", "my_tasks", "내 과제", "내 부처의 과제(신호등)와 내 북마크를 봅니다 (그 안에서 m: 내 부처 바꾸기)"),
    Key("question_mark", "?", "help", "도움말", "모든 키와 기호의 뜻을 봅니다"),
    Key("q", "q", "quit", "종료", "앱을 닫습니다"),
]

# Textual's own binding; listed so the key bar and the help screen can show it.
PALETTE_KEY = Key(
    "ctrl+p", "^p", "command_palette", "명령", "명령 팔레트: 모든 과제·분야·부처로 이동하거나 거르기, 테마 바꾸기"
)

TREE_KEYS = [
    Key("up,k", "↑ k", "cursor_up", "위", "위로 이동"),
    Key("down,j", "↓ j", "cursor_down", "아래", "아래로 이동"),
    Key("enter", "enter", "select_cursor", "열기", "펼치거나 접습니다"),
    Key("right,l", "→ l", "expand", "펼치기", "하위 항목을 펼칩니다 (펼친 항목에서는 첫 하위 항목으로)"),
    Key("left,h", "← h", "collapse", "접기", "접거나 상위 항목으로 갑니다"),
    Key("pageup", "PgUp", "page_up", "앞 쪽", "한 화면 위로"),
    Key("pagedown", "PgDn", "page_down", "다음 쪽", "한 화면 아래로"),
    Key("home", "Home", "scroll_home", "처음", "첫 항목으로"),
    Key("end", "End", "scroll_end", "끝", "마지막 항목으로"),
    Key("escape", "escape", "back", "뒤로", "상위 항목으로 갑니다"),
]

# Textual's own focus keys; listed so help and docs show them.
FOCUS_KEY = Key("tab,shift+tab", "Tab shift+Tab", "focus_next", "패널", "트리 ↔ 본문 패널로 포커스를 옮깁니다")

# In the text panel (Tab): every key scrolls it, however fast the keys arrive.
PANEL_KEYS = [
    Key("up,k", "↑ k", "scroll_up", "위", "한 줄 위로"),
    Key("down,j", "↓ j", "scroll_down", "아래", "한 줄 아래로"),
    Key("pageup", "PgUp", "page_up", "앞 쪽", "한 화면 위로"),
    Key("pagedown", "PgDn", "page_down", "다음 쪽", "한 화면 아래로"),
    Key("home", "Home", "scroll_home", "처음", "처음으로"),
    Key("end", "End", "scroll_end", "끝", "끝으로"),
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
    ("○ ● ▲ ■ ◎ × ·", "실적: 미착수 정상추진 관심필요 재검토 완료 중단 미입력 (ASCII o * ! # v x -)"),
]

IME_NOTE = (
    "한글 입력 상태에서도 됩니다: 글자 키마다 두벌식 자판의 같은 자리 자모가 같은 일을 합니다 (m=ㅡ, q=ㅂ, j=ㅓ …)"
)


def bindings(keys: list[Key], show: bool = True) -> list[BindingType]:
    return [Binding(k.with_twins, k.action, k.label, show=show, id=k.action, tooltip=k.help) for k in keys]
