"""Matching Korean names as people type them, including initial consonants (초성).

Typing `ㄱㅁㅅ` finds 김민수; so do `김ㅁㅅ`, `김민` and `민수`. While a syllable
is being composed the IME shows it without its final consonant (`김미` on the
way to `김민`), so a last typed syllable without a final matches any syllable
that starts the same way. Latin letters match case-insensitively.

A query compiles once into a regular expression; matching a roster of 10,000
names is then one `search` per name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SYLLABLE_FIRST = 0xAC00  # 가
SYLLABLE_LAST = 0xD7A3  # 힣
PER_INITIAL = 21 * 28  # syllables per initial consonant
FINALS = 28  # final consonant slots per initial + vowel (the first is "none")

# The 19 initial consonants in Unicode order, as compatibility jamo (what a keyboard types).
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_INITIAL_INDEX = {jamo: index for index, jamo in enumerate(INITIALS)}


def is_syllable(ch: str) -> bool:
    return SYLLABLE_FIRST <= ord(ch) <= SYLLABLE_LAST


def initial_of(ch: str) -> str:
    """The initial consonant of a syllable (김 -> ㄱ); other characters as they are."""
    if is_syllable(ch):
        return INITIALS[(ord(ch) - SYLLABLE_FIRST) // PER_INITIAL]
    return ch


def initials(text: str) -> str:
    """김민수 -> ㄱㅁㅅ."""
    return "".join(initial_of(ch) for ch in text)


def _char_pattern(ch: str, last: bool) -> str:
    index = _INITIAL_INDEX.get(ch)
    if index is not None:
        first = SYLLABLE_FIRST + index * PER_INITIAL
        return f"[{re.escape(ch)}{chr(first)}-{chr(first + PER_INITIAL - 1)}]"
    if last and is_syllable(ch) and (ord(ch) - SYLLABLE_FIRST) % FINALS == 0:
        return f"[{ch}-{chr(ord(ch) + FINALS - 1)}]"
    return re.escape(ch)


@lru_cache(maxsize=256)
def compile_query(query: str) -> re.Pattern[str] | None:
    """The pattern for a typed query; None for an empty query (everything matches)."""
    text = "".join(unicodedata.normalize("NFC", query).split())
    if not text:
        return None
    parts = [_char_pattern(ch, index == len(text) - 1) for index, ch in enumerate(text)]
    return re.compile("".join(parts), re.IGNORECASE)


def matches(query: str, name: str) -> bool:
    pattern = compile_query(query)
    if pattern is None:
        return True
    return pattern.search("".join(name.split())) is not None
