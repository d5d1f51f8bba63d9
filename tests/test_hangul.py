"""초성 and incremental matching of Korean names."""

from __future__ import annotations

import pytest

from branchdash.hangul import compile_query, initials, matches


def test_initials() -> None:
    assert initials("김민수") == "ㄱㅁㅅ"
    assert initials("쌍둥이 Kim") == "ㅆㄷㅇ Kim"


@pytest.mark.parametrize(("query", "name", "found"), [
    ("ㄱㅁㅅ", "김민수", True),
    ("ㅁㅅ", "김민수", True),  # anywhere in the name
    ("김ㅁㅅ", "김민수", True),  # syllables and initials mixed
    ("김민", "김민수", True),
    ("김미", "김민수", True),  # the IME shows 미 on the way to 민
    ("미수", "김민수", False),  # an open syllable widens only at the end
    ("ㄱㅅ", "김민수", False),  # initials are consecutive
    ("ㄲ", "김민수", False),  # ㄲ is not ㄱ
    ("ㄲ", "꽃님", True),
    ("김 민", "김민수", True),  # spaces are ignored
    ("kim", "Kim Minsu", True),
    ("", "김민수", True),
    ("박", "김민수", False),
])
def test_matches(query: str, name: str, found: bool) -> None:
    assert matches(query, name) is found


def test_regex_characters_are_literal() -> None:
    assert matches("a.b", "a.b")
    assert not matches("a.b", "axb")
    assert compile_query("   ") is None
