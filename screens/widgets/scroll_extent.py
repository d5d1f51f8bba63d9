"""A scrolling widget's new extent, and a Static's new text, without laying the whole
screen out again.

Textual treats any new virtual size as a layout change: the whole screen is
arranged and drawn again (~20-25 ms at 160x45), on every search key of the
roster, on every new set of rows of a table. Only a scrollbar that appears or
goes changes the layout; otherwise the scrollbars are told and the view
repainted. Likewise a Static's new text: Textual lays the screen out again on every
`update()`, though a line of text mostly keeps its height (`show_text`).
"""

from __future__ import annotations

from rich.table import Table
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static


def set_extent(view: ScrollView, size: Size) -> None:
    old = view.virtual_size
    if size == old:
        return
    region = view.scrollable_content_region
    styles = view.styles
    # Only a scroll bar shown when needed ("auto") comes or goes.
    wider = (old.width > region.width) != (size.width > region.width)
    taller = (old.height > region.height) != (size.height > region.height)
    if (styles.overflow_x == "auto" and wider) or (styles.overflow_y == "auto" and taller):
        view.virtual_size = size  # a scrollbar comes or goes: a layout change
        return
    view.set_reactive(Widget.virtual_size, size)
    view._scroll_update(size)  # Textual's own: scrollbars and scroll offsets
    view.refresh()


def show_text(static: Static, content: VisualType) -> None:
    """Put `content` in `static` (its height `auto`); the screen is laid out again only
    when the text takes more or fewer lines than before (it wraps at another place)."""
    if static.content == content:
        return  # nothing to draw
    height = static.size.height
    static.update(content, layout=False)
    static.clear_cached_dimensions()  # the height Textual measured was the old text's
    width = static.size.width
    if not width or static.get_content_height(static.size, static.app.size, width) != height:
        static.refresh(layout=True)


def repaint(static: Static, content: VisualType) -> None:
    """New content for a Static of fixed size (its tcss): repainted, not laid out; the
    same content again is not drawn again."""
    if isinstance(content, Table) or static.content != content:  # a Table never equals
        static.update(content, layout=False)
