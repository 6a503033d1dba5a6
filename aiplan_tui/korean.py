"""Small helpers for Korean messages."""

from __future__ import annotations

_FIRST, _LAST = 0xAC00, 0xD7A3


def has_final(word: str) -> bool | None:
    """Whether the last syllable ends in a consonant (받침); None when it is not Hangul."""
    last = word.rstrip("’'\")»")[-1:]
    if not last or not _FIRST <= ord(last) <= _LAST:
        return None
    return (ord(last) - _FIRST) % 28 != 0


def topic(word: str) -> str:
    """The word with its topic particle: 과학기술부는, 요약은, 'zz'은(는)."""
    final = has_final(word)
    return word + ("은(는)" if final is None else "은" if final else "는")
