"""A view swapped out of sight restyles after the frame that shows what replaced it.

On the Goals screen `p`, `t` and `c` swap the month's table and the goal tree and
move the focus with them. Textual restyles the widget that lost the focus at once
(3-5 ms of its CSS matching), although that widget is hidden by then and its look
matters only when it is shown again: the frame answering the key waited for it.
Here the restyle of a hidden widget that lost the focus comes right after that
frame. Where the focus goes (and so where the next key goes) is unchanged.

Put it after the Textual widget class among the bases (`class T(Tree, Restyle...)`):
before it, Widget's class attributes would hide the widget's own (its component
classes, its scrolling).
"""

from __future__ import annotations

from textual.widget import Widget


class RestyleHiddenAfterFrame(Widget):
    def watch_has_focus(self, has_focus: bool) -> None:
        if not has_focus and not self.display:
            self.call_after_refresh(self.update_node_styles)
        else:
            super().watch_has_focus(has_focus)
