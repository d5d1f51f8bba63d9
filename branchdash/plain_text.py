"""Text from outside made plain: a paste, a CSV cell.

Copied text can carry a terminal's escape sequences (colours, a window title, "clear
the screen") and other control characters. Nobody means to store them: shown again
in a terminal they would be run, or drawn as ^[ marks, and an export would carry them
on to HQ. Tabs and line breaks stay (notes have lines); everything else goes, and an
escape sequence goes whole, not only its ESC.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0 and C1 control characters and DEL, but tab and line feed.
CONTROLS = {code: None for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))
            if chr(code) not in "\t\n"}


def plain(text: str) -> str:
    """`text` without escape sequences and control characters (tabs and line feeds
    stay; a CR LF line break becomes a line feed)."""
    if text.isprintable():
        return text  # the usual case, at C speed
    return _ESCAPE_SEQUENCE.sub("", text).translate(CONTROLS)
