"""A scrolling widget's new extent, without laying the whole screen out again.

Textual treats any new virtual size as a layout change: the whole screen is
arranged and drawn again (~20-25 ms at 160x45), on every search key of the
roster, on every new set of rows of a table. Only a scrollbar that appears or
goes changes the layout; otherwise the scrollbars are told and the view
repainted.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_extent(view: ScrollView, size: Size) -> None:
    old = view.virtual_size
    if size == old:
        return
    region = view.scrollable_content_region
    if ((old.width > region.width) != (size.width > region.width)
            or (old.height > region.height) != (size.height > region.height)):
        view.virtual_size = size  # a scrollbar comes or goes: a layout change
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # Textual's own: scrollbars and scroll offsets
    view.refresh()
