"""A scroll bar that a table draws in its own last column.

Textual's scroll bar is a widget beside the table. It is drawn again through rich
on every new row count or scroll position (~4 ms), and its edge cuts every line
of the screen behind the table: the containers' backgrounds, all hidden, which
Textual then divides there, character by character (~6 ms of a Goals key at
160x45). A table that draws its bar in its last column has neither cost.

The bar looks like Textual's (its colours come from the same styles) and, like
Textual's, shows only when there are more rows than lines; a click above or below
the thumb pages, the wheel scrolls. Dragging the thumb is not
offered: the tables are kept by the keyboard.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip

BAR_WIDTH = 1


class DrawnScrollBar(ScrollView):
    """A scrolling table with a header line and its scroll bar in its last column.
    Subclasses say how many rows they have (`bar_rows`) and end each line they draw
    with `bar_cell(y, line_style)`, `BAR_WIDTH` cells."""

    DEFAULT_CSS = """
    DrawnScrollBar {
        overflow-y: hidden;  /* the bar is drawn in the last column */
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        # The thumb's lines and the bar's colours, found once per drawing.
        self._bar: tuple[tuple[int, int] | None, Style, Style] | None = None

    @property
    def bar_rows(self) -> int:
        """How many rows the table has (the header line not counted)."""
        raise NotImplementedError

    @property
    def allow_vertical_scroll(self) -> bool:
        # Textual lets the wheel scroll only a widget that shows its own scroll bar.
        return not self._check_disabled() and self.max_scroll_y > 0

    @property
    def visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the header

    def bar_thumb(self) -> tuple[int, int] | None:
        """The lines under the header the thumb covers; None: every row is in view."""
        visible, total = self.visible_rows, self.bar_rows
        if total <= visible:
            return None
        size = max(1, round(visible * visible / total))
        top = round((visible - size) * min(1.0, self.scroll_offset.y / (total - visible)))
        return top, top + size

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of a frame shares is found once: Textual's regions and styles
        # are worked out afresh on each call (once per line, half a screenful's drawing).
        self._bar = self._find_bar()
        self.frame_begins()
        try:
            return super().render_lines(crop)
        finally:
            self._bar = None
            self.frame_ends()

    def frame_begins(self) -> None:
        """Before the lines of a frame are drawn (a subclass finds what they share)."""

    def frame_ends(self) -> None:
        """After the lines of a frame are drawn."""

    def _find_bar(self) -> tuple[tuple[int, int] | None, Style, Style]:
        return (self.bar_thumb(), *self.bar_colours())

    def bar_colours(self) -> tuple[Style, Style]:
        """The track's and the thumb's, from Textual's scroll bar styles."""
        background = self.background_colors[1] + self.styles.scrollbar_background
        track = Style(bgcolor=background.rich_color)
        return track, Style(bgcolor=(background + self.styles.scrollbar_color).rich_color)

    def bar_cell(self, y: int, line: Style) -> Segment:
        """The bar's cell on line `y`; on the header line (0), and when every row is in
        view, a blank in the line's own style."""
        thumb, track, thumb_style = self._bar or self._find_bar()
        if y == 0 or thumb is None:
            return Segment(" " * BAR_WIDTH, line)
        return Segment(" " * BAR_WIDTH, thumb_style if thumb[0] <= y - 1 < thumb[1] else track)

    def on_bar(self, x: int, y: int) -> bool:
        """Whether a click at (x, y) of the content is on the bar; if so, it pages."""
        if x < self.size.width - BAR_WIDTH or y < 1:
            return False
        thumb = self.bar_thumb()
        if thumb is not None and not thumb[0] <= y - 1 < thumb[1]:
            self.page_rows(-1 if y - 1 < thumb[0] else 1)
        return True

    def page_rows(self, direction: int) -> None:
        """Move a page up (-1) or down (1)."""
        raise NotImplementedError
