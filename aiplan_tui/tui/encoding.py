"""Is the terminal UTF-8? The explorer refuses, with a message the user can read, when the locale
names another character set (a Korean terminal on EUC-KR/CP949, e.g. PuTTY set to "UHC").

The locale is read from the environment as the C library would (LC_ALL, LC_CTYPE, LANG), because
Python itself has by then switched to UTF-8 mode: on a system without that locale, or with
LANG=C, it sets LC_CTYPE=C.UTF-8 (PEP 538), which we therefore do not take as the user's word.
``C``/``POSIX`` and an unset locale keep working, as before, through that UTF-8 mode.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping

UTF8_NAMES = ("utf8",)
# A bare Korean locale (no ".codeset") is EUC-KR in glibc.
BARE_LEGACY = {"ko_KR": "euc_kr", "ko": "euc_kr"}
PYTHON_COERCED = ("C.UTF-8", "C.utf8")

MESSAGE_KO = (
    "aiplan: 이 터미널의 문자 인코딩({codeset})은 UTF-8이 아니어서 한글이 깨집니다.\n"
    "  터미널을 UTF-8로 바꾸고 (PuTTY: Window > Translation > Remote character set → UTF-8),\n"
    "  로캘도 UTF-8로 지정한 뒤 다시 실행하세요:  LANG=ko_KR.UTF-8 aiplan   (또는 LANG=C.UTF-8)\n"
)
MESSAGE_EN = (
    "aiplan: the terminal's locale ({locale}) is not UTF-8. Set the terminal to UTF-8 "
    "(PuTTY: Window > Translation > UTF-8) and run: LANG=ko_KR.UTF-8 aiplan\n"
)


def user_locale(environ: Mapping[str, str]) -> str:
    """The locale the user asked for (LC_ALL > LC_CTYPE > LANG), ignoring Python's own coercion."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name, "")
        if name == "LC_CTYPE" and value in PYTHON_COERCED and environ.get("LANG"):
            continue  # possibly Python's PEP 538 coercion: LANG says what the user set
        if value:
            return value
    return ""


def legacy_codeset(environ: Mapping[str, str]) -> str | None:
    """The non-UTF-8 character set the locale names, or None when it is UTF-8 (or C/POSIX/unset)."""
    locale = user_locale(environ)
    language, _, rest = locale.partition(".")
    codeset = rest.partition("@")[0]
    if not codeset:
        return BARE_LEGACY.get(language.partition("@")[0])
    if codeset.lower().replace("-", "").replace("_", "") in UTF8_NAMES:
        return None
    return codeset


def refusal(environ: Mapping[str, str]) -> bytes | None:
    """The message (bytes, in the terminal's own encoding where Python knows it) or None if fine."""
    codeset = legacy_codeset(environ)
    if codeset is None:
        return None
    english = MESSAGE_EN.format(locale=user_locale(environ)).encode("ascii", "replace")
    try:
        codec = codecs.lookup(codeset).name
        korean = MESSAGE_KO.format(codeset=codeset).encode(codec, "replace")
    except (LookupError, UnicodeError):
        korean = b""
    return korean + english
