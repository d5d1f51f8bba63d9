"""A read-only table drawn line by line (Textual's line API), for long lists.

A DataTable measures every cell of every row when it is filled and renders each
visible cell through rich (padding, wrapping, styles): ~150 ms for a screenful
at 160x50 the first time, a third of a screen's first visit. Here a row is its
cells (rich Text: a cell may carry colours) padded to their column and joined;
its segments are made when the line is first drawn and kept until the rows
change. A header line fixed at the top, zebra stripes, a row cursor (arrows,
page keys, home/end, a click; Enter or a click on the cursor's row selects it),
and horizontal scrolling when the columns are wider than the view.

The Goals screen's figures (GoalTable) and the directives list (DirectiveTable)
are this table.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .scroll_extent import set_extent
from .translated import translate_bindings

PAD = 1  # spaces each side of a cell
Row = tuple[str, Sequence[Text]]  # a row's key and its cells


class LineTable(ScrollView, can_focus=True):
    """Fill with `set_columns(labels, right)`, then `show(rows, keep=key)`; `right`
    are the indexes of the columns aligned right (numbers)."""

    READ_ONLY_ACTIONS = frozenset({"cursor", "page", "to_end", "scroll_columns", "select"})
    BINDINGS = [
        Binding("up", "cursor(-1)", "@table.key.up", show=False),
        Binding("down", "cursor(1)", "@table.key.down", show=False),
        Binding("pageup", "page(-1)", "@table.key.page_up", show=False),
        Binding("pagedown", "page(1)", "@table.key.page_down", show=False),
        Binding("home", "to_end(-1)", "@table.key.first", show=False),
        Binding("end", "to_end(1)", "@table.key.last", show=False),
        Binding("left", "scroll_columns(-1)", "@table.key.left", show=False),
        Binding("right", "scroll_columns(1)", "@table.key.right", show=False),
        Binding("enter", "select", "@table.key.select", show=False),
    ]
    COMPONENT_CLASSES = {"line-table--header", "line-table--even-row", "line-table--cursor"}
    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .line-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .line-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class Highlighted(Message):
        """The cursor is on another row (key None: the table is empty)."""

        def __init__(self, table: LineTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> LineTable:
            return self.table

    class Selected(Message):
        """Enter (or a click) on the cursor's row."""

        def __init__(self, table: LineTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> LineTable:
            return self.table

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        translate_bindings(self)
        self._labels: list[Text] = []
        self._right: set[int] = set()
        self._keys: list[str] = []
        self._rows: list[list[Text]] = []
        self._widths: list[int] = []
        self._lines: dict[int, list[Segment]] = {}  # a row's segments, before the row style
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._content_width = 0
        self._announced: str | None = ""

    # --- content -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Text]:
        return list(self._rows[index])

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None: no rows)."""
        return self._keys[self.cursor_row] if self._rows else None

    def row_text(self, index: int) -> list[str]:
        """The row's cells as plain text."""
        return [cell.plain for cell in self._rows[index]]

    def set_columns(self, labels: Sequence[str], right: set[int] | None = None,
                    rows: Sequence[Row] = ()) -> None:
        """New columns (and their rows: none, by default)."""
        self._labels = [Text(label) for label in labels]
        self._right = set(right or ())
        self.show(rows)

    def show(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on `keep` if it is among them, else on
        the same line (or the last)."""
        self._keys = [key for key, _ in rows]
        self._rows = [list(cells) for _, cells in rows]
        self._widths = [max([label.cell_len, *(row[i].cell_len for row in self._rows)])
                        for i, label in enumerate(self._labels)]
        self._content_width = sum(width + 2 * PAD for width in self._widths)
        self._lines.clear()
        self._strips.clear()
        self._update_virtual_size()
        index = self.cursor_row
        if keep is not None and keep in self._keys:
            index = self._keys.index(keep)
        self.cursor_row = index  # validated into the rows; announces a new row
        self.refresh()

    def move_to_key(self, key: str | None) -> None:
        if key is not None and key in self._keys:
            self.cursor_row = self._keys.index(key)

    def _update_virtual_size(self) -> None:
        # Rows narrower than the view count as 0 wide: their width changes nothing.
        wide = self._content_width if self._content_width > self.size.width else 0
        set_extent(self, Size(wide, len(self._rows) + 1))  # + the header line

    # --- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            index, cursor = -1, False
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, base)
            cursor = index == self.cursor_row
        strip = self._strips.get((index, cursor))
        if strip is None:
            strip = self._make_strip(index, cursor, base)
            self._strips[(index, cursor)] = strip
        if scroll_x == 0 and strip.cell_length == width:
            return strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _segments(self, cells: Sequence[Text]) -> list[Segment]:
        out: list[Segment] = []
        for column, (cell, width) in enumerate(zip(cells, self._widths, strict=False)):
            gap = " " * (width - cell.cell_len)
            out.append(Segment(" " * PAD + (gap if column in self._right else "")))
            out.extend(Segment(text, style) for text, style in _spans(cell))
            out.append(Segment(("" if column in self._right else gap) + " " * PAD))
        return out

    def _make_strip(self, index: int, cursor: bool, base: Style) -> Strip:
        if index < 0:
            segments = self._segments(self._labels)
            row_style = base + self.get_component_rich_style("line-table--header",
                                                             partial=True)
            over = None
        else:
            segments = self._lines.get(index) or self._segments(self._rows[index])
            self._lines[index] = segments
            row_style = base
            if index % 2:
                row_style = base + self.get_component_rich_style("line-table--even-row",
                                                                 partial=True)
            over = (self.get_component_rich_style("line-table--cursor", partial=True)
                    if cursor else None)
        line_width = max(self._content_width, self.size.width)
        filler = line_width - sum(cell_len(segment.text) for segment in segments)
        styled = [Segment(text, row_style + style if style else row_style)
                  for text, style, _ in segments]
        if filler > 0:
            styled.append(Segment(" " * filler, row_style))
        if over is not None:  # the cursor's colours over the cells' own
            styled = [Segment(text, style + over if style else over)
                      for text, style, _ in styled]
        return Strip(styled, line_width)

    def _forget_strips(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()  # lines are drawn to the view's width
        self._update_virtual_size()

    def on_focus(self, event: events.Focus) -> None:
        self._forget_strips()

    def on_blur(self, event: events.Blur) -> None:
        self._forget_strips()

    # --- the cursor ----------------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        for row in {old, new}:
            self._strips.pop((row, True), None)
            self._strips.pop((row, False), None)
        self._scroll_to_cursor()
        self.refresh()
        key = self.cursor_key
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)  # the header's line
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(1, self.scrollable_content_region.height - 2)

    def action_to_end(self, direction: int) -> None:
        self.cursor_row = 0 if direction < 0 else len(self._rows) - 1

    def action_scroll_columns(self, direction: int) -> None:
        self.scroll_to(x=self.scroll_offset.x + direction * 4, animate=False)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = self.scroll_offset.y + offset.y - 1
        if row >= len(self._rows):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row


def _spans(text: Text) -> list[tuple[str, Style | None]]:
    """A one-line Text as (text, style) runs; the Text's own style under its spans'."""
    plain = text.plain
    base = Style.parse(text.style) if isinstance(text.style, str) else text.style
    if not text.spans:
        return [(plain, base or None)]
    # Each cell's style: its Text's, with every span covering it on top.
    styles: list[Style] = [base or Style()] * len(plain)
    for span in text.spans:
        style = Style.parse(span.style) if isinstance(span.style, str) else span.style
        for offset in range(span.start, min(span.end, len(plain))):
            styles[offset] = styles[offset] + style
    runs: list[tuple[str, Style | None]] = []
    start = 0
    for offset in range(1, len(plain) + 1):
        if offset == len(plain) or styles[offset] != styles[start]:
            runs.append((plain[start:offset], styles[start] or None))
            start = offset
    return runs
