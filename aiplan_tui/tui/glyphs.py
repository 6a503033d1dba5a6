"""Glyphs for terminals that draw East Asian *ambiguous*-width characters two cells wide.

Korean fonts, PuTTY's "treat CJK ambiguous characters as wide" and legacy Windows consoles
draw `· → ※ ○ □ ◇ ① ▶`, every box-drawing character and Textual's own tree guides,
scrollbars and borders two cells wide while Rich and Textual count them as one — every
border and column then breaks. In that mode the explorer puts no ambiguous character on
screen at all, in two layers:

1. ``safe()`` rewrites the text the app lays out (the plan's symbols, our labels) with
   wide-safe or ASCII equivalents before it is measured: ``·`` → ``ㆍ``, ``→`` → ``->``,
   ``①`` → ``(1)``, ``□`` → ``ㅁ`` (as Korean plain-text documents write it).
2. ``GlyphFilter`` is a Textual line filter over the final screen: any ambiguous character
   left (Textual's tree guides, scrollbars, borders, check boxes, footer separators) becomes
   one ASCII character of the same width, so the layout stays exactly as measured.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.segment import Segment
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter

# Layer 1: the plan's own symbols, with replacements that may change the width.
TEXT_REPLACEMENTS: dict[str, str] = {
    "·": "ㆍ",
    "‧": "ㆍ",
    "∙": "ㆍ",
    "•": "*",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "⇒": "=>",
    "➡": "=>",
    "※": "*",
    "○": "o",
    "●": "*",
    "◎": "o",
    "□": "ㅁ",
    "■": "ㅁ",
    "◇": "<>",
    "◆": "<>",
    "◈": "<>",
    "▶": ">",
    "▷": ">",
    "▸": ">",
    "▼": "v",
    "…": "...",
    "‥": "..",
    "‘": "'",
    "’": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "″": '"',
    "–": "-",
    "—": "-",
    "―": "-",
    "∼": "~",
    "×": "x",
    "÷": "/",
    "±": "+/-",
    "°": "o",
    "¹": "1",
    "²": "2",
    "³": "3",
    "☆": "*",
    "★": "*",
    "┃": "|",
}
for _number in range(1, 21):
    TEXT_REPLACEMENTS[chr(0x2460 + _number - 1)] = f"({_number})"  # ①…⑳
for _number in range(1, 11):
    TEXT_REPLACEMENTS[chr(0x2776 + _number - 1)] = f"({_number})"  # ❶…❿
for _number, _roman in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"], 1):
    TEXT_REPLACEMENTS[chr(0x2160 + _number - 1)] = _roman  # Ⅰ…Ⅻ
    TEXT_REPLACEMENTS[chr(0x2170 + _number - 1)] = _roman.lower()  # ⅰ…ⅻ

# Layer 2: one cell for one cell, for whatever reaches the screen.
CELL_REPLACEMENTS: dict[str, str] = {
    "│": "|",
    "┃": "|",
    "║": "|",
    "╎": "|",
    "┆": "|",
    "▏": "|",
    "▎": "|",
    "▍": "|",
    "▌": "|",
    "▋": "|",
    "▊": "|",
    "▉": "#",
    "▕": "|",
    "─": "-",
    "━": "-",
    "═": "=",
    "╌": "-",
    "┄": "-",
    "▔": "-",
    "▁": "_",
    "▂": "_",
    "▃": "=",
    "▄": "=",
    "▅": "=",
    "▆": "#",
    "▇": "#",
    "█": "#",
    "▀": "-",
    "░": ".",
    "▒": ":",
    "▓": "#",
    "├": "+",
    "┤": "+",
    "┬": "+",
    "┴": "+",
    "┼": "+",
    "└": "`",
    "┘": "+",
    "┌": "+",
    "┐": "+",
    "╭": "+",
    "╮": "+",
    "╰": "+",
    "╯": "+",
    "╔": "+",
    "╗": "+",
    "╚": "+",
    "╝": "+",
    "╠": "+",
    "╣": "+",
    "╦": "+",
    "╩": "+",
    "╬": "+",
    "▶": ">",
    "▼": "v",
    "▲": "^",
    "◀": "<",
    "…": ".",
    "·": ".",
    "→": ">",
    "←": "<",
    "•": "*",
    "※": "*",
    "○": "o",
    "●": "*",
    "□": "#",
    "■": "#",
    "◇": "*",
    "◆": "*",
    "‘": "'",
    "’": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "–": "-",
    "—": "-",
    "―": "-",
    "×": "x",
    "°": "o",
    "✓": "v",
    "✔": "v",
    "⭘": "o",
}


def is_ambiguous(char: str) -> bool:
    return unicodedata.east_asian_width(char) == "A"


@lru_cache(maxsize=4096)
def cell_safe(char: str) -> str:
    """One non-ambiguous character of the same width (1 cell) for an ambiguous one."""
    if char in CELL_REPLACEMENTS:
        return CELL_REPLACEMENTS[char]
    folded = unicodedata.normalize("NFKD", char)
    ascii_only = "".join(c for c in folded if c.isascii() and c.isprintable())
    return ascii_only[:1] or "?"


class Glyphs:
    """The active glyph mode; one instance per app."""

    def __init__(self, wide: bool = False) -> None:
        self.wide = wide

    def safe(self, text: str) -> str:
        """Text to lay out: the plan's ambiguous symbols replaced (may change the width)."""
        if not self.wide or text.isascii():
            return text
        out = []
        for char in text:
            if char in TEXT_REPLACEMENTS:
                out.append(TEXT_REPLACEMENTS[char])
            elif is_ambiguous(char):
                out.append(cell_safe(char))
            else:
                out.append(char)
        return "".join(out)

    def safe_text(self, text: Text) -> Text:
        """``safe()`` for styled text: each styled run is rewritten with its styles kept."""
        if not self.wide or text.plain.isascii():
            return text
        cuts = sorted({span.start for span in text.spans} | {span.end for span in text.spans})
        out = Text(style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap, end=text.end)
        for piece in text.divide(cuts):
            rewritten = Text(self.safe(piece.plain))
            for span in piece.spans:
                rewritten.stylize(span.style)
            out.append_text(rewritten)
        return out


class GlyphFilter(LineFilter):
    """The last line of defence: no ambiguous-width character reaches the terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if control or text.isascii():
                out.append(Segment(text, style, control))
                continue
            out.append(Segment(_cell_safe_text(text), style, control))
        return out


@lru_cache(maxsize=8192)
def _cell_safe_text(text: str) -> str:
    return "".join(cell_safe(c) if is_ambiguous(c) else c for c in text)


# One app runs per process; its glyph mode is set once at start-up (PlanApp.__init__).
ACTIVE = Glyphs()


def configure(wide: bool) -> None:
    ACTIVE.wide = wide


def safe(text: str) -> str:
    return ACTIVE.safe(text)


def safe_text(text: Text) -> Text:
    return ACTIVE.safe_text(text)


def ellipsis() -> str:
    return "..." if ACTIVE.wide else "…"
