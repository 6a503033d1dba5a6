"""Text from outside (argv, paths, environment, a damaged database) made safe to print.

A message that quotes a user's argument must not let the terminal act on it (OSC 52, a
clear screen, a newline that splits the one-line error), and must not fail to encode.
"""

from __future__ import annotations

import unicodedata

# Control, format, line/paragraph separators and lone surrogates (non-UTF-8 argv bytes).
_UNSAFE = ("Cc", "Cf", "Zl", "Zp", "Cs")


def printable(text: object, limit: int = 400) -> str:
    """``text`` with every control character, bidi mark and lone surrogate written as an
    escape (``\\x1b``, ``\\u202e``, ``\\udcff``), so it shows as itself on one line; longer
    than ``limit`` characters, its middle is left out."""
    text = str(text)
    if len(text) > limit:
        text = f"{text[: limit // 2]}…{text[-limit // 4 :]}"
    out = []
    for char in text:
        if unicodedata.category(char) in _UNSAFE:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def bindable(text: str) -> str:
    """``text`` with lone surrogates (what Python makes of non-UTF-8 argv bytes) replaced by
    U+FFFD, so SQLite can bind it: such bytes match nothing rather than crash the lookup."""
    if not _has_surrogates(text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
