"""Pasted text and CSV cells lose a terminal's escape sequences and control characters."""

from __future__ import annotations

import pytest

from branchdash.plain_text import plain


@pytest.mark.parametrize(("text", "expected"), [
    ("김민수", "김민수"),
    ("Kim\x1b[31mRed\x1b[0m", "KimRed"),  # colours
    ("\x1b]0;window title\x07김민수", "김민수"),  # a window title (OSC, ended by BEL)
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # a hyperlink (OSC, ended by ST)
    ("\x1b[2J\x1b[H화면", "화면"),  # clear the screen, cursor home
    ("a\x00b\x07c\x7fd\x9b31me", "abcd31me"),  # NUL, BEL, DEL, a C1 CSI
    ("첫 줄\r\n둘째\t줄", "첫 줄\n둘째\t줄"),  # line breaks and tabs stay
    ("\x1b", ""),
])
def test_plain(text: str, expected: str) -> None:
    assert plain(text) == expected
