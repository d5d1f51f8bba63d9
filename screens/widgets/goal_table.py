"""A read-only table of figures drawn line by line (Textual's line API): the Goals
screen's month by team and by partner.

A DataTable renders every visible cell through rich (padding, wrapping, styles):
~150 ms for a screenful at 160x50 the first time its rows are shown. These rows
are plain strings already padded to their column, so a line is a handful of
segments, made when the line is first drawn and kept until the rows change.
Header row fixed at the top, zebra stripes, a row cursor (arrows, page keys,
home/end, a click), horizontal scrolling when the columns are wider than the view.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .translated import translate_bindings

PAD = 1  # spaces each side of a cell


def _fit(text: str, width: int, right: bool) -> str:
    """`text` padded (or cut) to `width` cells."""
    gap = width - cell_len(text)
    if gap >= 0:
        return " " * gap + text if right else text + " " * gap
    while cell_len(text) > width:
        text = text[:-1]
    return text + " " * (width - cell_len(text))


class GoalTable(ScrollView, can_focus=True):
    """Fill with `show(labels, rows, right)`; `right` are the indexes of the columns
    aligned right (numbers)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "@goals.table_key.up", show=False),
        Binding("down", "cursor(1)", "@goals.table_key.down", show=False),
        Binding("pageup", "page(-1)", "@goals.table_key.page_up", show=False),
        Binding("pagedown", "page(1)", "@goals.table_key.page_down", show=False),
        Binding("home", "to_end(-1)", "@goals.table_key.first", show=False),
        Binding("end", "to_end(1)", "@goals.table_key.last", show=False),
    ]
    COMPONENT_CLASSES = {"goal-table--header", "goal-table--even-row", "goal-table--cursor"}
    DEFAULT_CSS = """
    GoalTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .goal-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .goal-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .goal-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .goal-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .goal-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        translate_bindings(self)
        self._labels: list[str] = []
        self._rows: list[list[str]] = []
        self._widths: list[int] = []
        self._right: set[int] = set()
        self._texts: list[str] = []  # each row as one line of text, built when first drawn
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._base: Style | None = None  # the widget's own style, asked once a frame
        self._content_width = 0

    # --- content -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[str]:
        """The row's cells as given (their padding taken off)."""
        return [cell.strip() for cell in self._rows[index]]

    def show(self, labels: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]
             ) -> None:
        """Replace the table's columns and rows; the cursor goes back to the first row."""
        self._labels = list(labels)
        self._rows = [list(row) for row in rows]
        self._right = set(right)
        self._widths = [max([cell_len(label), *(cell_len(row[i]) for row in self._rows)])
                        for i, label in enumerate(self._labels)]
        self._texts = [""] * len(self._rows)
        self._strips.clear()
        self._content_width = sum(w + 2 * PAD for w in self._widths)
        self._update_virtual_size()
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _update_virtual_size(self) -> None:
        # A new virtual size lays the whole screen out again (~20 ms at 160x50). Rows
        # narrower than the view all count as 0 wide, so that the teams and partners
        # switching in the one table (as many rows each) change no size.
        wide = self._content_width if self._content_width > self.size.width else 0
        self.virtual_size = Size(wide, len(self._rows) + 1)  # + the header line

    def clear(self) -> None:
        self.show([], [], set())

    def _line_text(self, cells: Sequence[str]) -> str:
        pad = " " * PAD
        return "".join(pad + _fit(cell, width, i in self._right) + pad
                       for i, (cell, width) in enumerate(zip(cells, self._widths, strict=True)))

    # --- drawing -------------------------------------------------------------------------------

    @property
    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _style(self, *names: str) -> Style:
        return self._base_style + self.get_component_rich_style(*names, partial=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = None  # styles may have changed since the last frame
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            key = (-1, False)
            index = -1
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, self._base_style)
            key = (index, index == self.cursor_row)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._make_strip(index, key[1])
            self._strips[key] = strip
        if scroll_x == 0 and strip.cell_length == width:
            return strip
        return strip.crop_extend(scroll_x, scroll_x + width, self._base_style)

    def _make_strip(self, index: int, cursor: bool) -> Strip:
        if index < 0:
            text, style = self._line_text(self._labels), self._style("goal-table--header")
        else:
            if not self._texts[index]:
                self._texts[index] = self._line_text(self._rows[index])
            text = self._texts[index]
            if cursor:
                style = self._style("goal-table--cursor")
            elif index % 2:
                style = self._style("goal-table--even-row")
            else:
                style = self._base_style
        line_width = max(self._content_width, self.size.width)
        return Strip([Segment(text + " " * max(0, line_width - cell_len(text)), style)])

    def _restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()  # lines are drawn to the view's width
        self._update_virtual_size()

    def on_focus(self, event: events.Focus) -> None:
        self._restyle()

    def on_blur(self, event: events.Blur) -> None:
        self._restyle()

    # --- the cursor ----------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        for row in {old, new}:
            self._strips.pop((row, True), None)
            self._strips.pop((row, False), None)
        self._scroll_to_cursor()
        self.refresh()

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)  # the header takes a line
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(1, self.size.height - 2)

    def action_to_end(self, direction: int) -> None:
        self.cursor_row = 0 if direction < 0 else len(self._rows) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor_row = self.scroll_offset.y + event.y - 1
