"""argparse's own words in Korean: usage, section titles, -h's help and its errors.

argparse looks every message up through its module's ``_`` and ``ngettext`` (gettext) when
it needs it, so giving it a catalogue is enough; nothing of argparse is copied. Messages
not in the catalogue stay as argparse wrote them.
"""

from __future__ import annotations

import argparse

CATALOGUE = {
    "usage: ": "사용법: ",
    "positional arguments": "인자",
    "options": "옵션",
    "optional arguments": "옵션",  # Python 3.9
    "show this help message and exit": "이 도움말을 보이고 끝냅니다",
    "show program's version number and exit": "버전을 보이고 끝냅니다",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "알 수 없는 인자: %s",
    "the following arguments are required: %s": "다음 인자가 필요합니다: %s",
    "expected one argument": "값이 하나 필요합니다",
    "expected at most one argument": "값은 하나까지입니다",
    "expected at least one argument": "값이 하나 이상 필요합니다",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "%(value)r은(는) 고를 수 없습니다 (고를 수 있는 값: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r은(는) 올바른 값이 아닙니다 (%(type)s)",
    "ambiguous option: %(option)s could match %(matches)s": "옵션 %(option)s이(가) 여럿과 맞습니다: %(matches)s",
    "not allowed with argument %s": "%s와(과) 함께 쓸 수 없습니다",
    "ignored explicit argument %r": "값 %r은(는) 받지 않습니다",
    "unexpected option string: %s": "뜻밖의 옵션: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 오류: %(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "%(parser_name)r은(는) 명령이 아닙니다 (명령: %(choices)s)"
    ),
}


def translate(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "값이 %s개 필요합니다"
    return singular if count == 1 else plural


def install() -> None:
    """Make argparse speak Korean in this process (the CLI's own process)."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
