"""A virtual table of roster rows: only the lines in view are drawn.

A region's roster has 10,000 partners; putting them all into a DataTable takes
seconds and every sort redraws them all. Here the rows stay a Python list,
and `render_line` draws the few dozen lines on screen (Textual's line API), so
showing, searching and sorting cost what the list operations cost.

A row's text is made once and kept (a search or a sort shows the same rows
again, in another order), and the table draws its own scroll bar
(drawn_scrollbar.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from branchdash.partners import RosterRow

from .drawn_scrollbar import BAR_WIDTH, DrawnScrollBar
from .scroll_extent import set_extent


@dataclass
class _Pass:
    """What the lines of one drawing share: the width, the first row, the styles by
    name."""

    width: int
    top: int
    styles: dict[str | None, Style]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    align_right: bool = False


class PartnerTable(DrawnScrollBar, can_focus=True):
    """Rows of partners with a fixed header line and a cursor."""

    READ_ONLY_ACTIONS = frozenset({"move", "page", "edge"})

    COMPONENT_CLASSES = {
        "partner-table--header",
        "partner-table--cursor",
        "partner-table--resigned",
    }
    DEFAULT_CSS = """
    PartnerTable {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;  /* the columns are fitted to the width */
    }
    PartnerTable > .partner-table--header {
        text-style: bold;
        background: $panel;
    }
    PartnerTable > .partner-table--cursor {
        background: $block-cursor-blurred-background;
    }
    PartnerTable:focus > .partner-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    PartnerTable > .partner-table--resigned {
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    class Highlighted(Message):
        """The cursor is on another row (None: the table is empty)."""

        def __init__(self, row: RosterRow | None) -> None:
            super().__init__()
            self.row = row

    class HeaderClicked(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, cell: Callable[[RosterRow, str], str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cell = cell
        self.rows: Sequence[RosterRow] = []
        self.empty_text = ""  # what an empty table says, under its header
        self.columns: list[Column] = []
        self.cursor = 0
        self.sort_column = ""
        self.descending = False
        self._highlighted_id: str | None = ""
        # What the lines of one drawing pass share (see render_lines).
        self._pass: _Pass | None = None
        # Each row's text as drawn, by the row (kept with it: a row made later may get
        # the id() of one gone), until the columns, the width or the rows' data change.
        self._texts: dict[int, tuple[RosterRow, str]] = {}

    # --- content -------------------------------------------------------------------------

    @property
    def current(self) -> RosterRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_columns(self, columns: list[Column]) -> None:
        self.columns = columns
        self.forget_texts()

    def forget_texts(self) -> None:
        """Make each row's text again: what the cells say has changed (the month's
        figures came, the phones are shown), not only which rows are shown."""
        self._texts = {}
        self.refresh()

    def set_sort(self, column: str, descending: bool) -> None:
        self.sort_column, self.descending = column, descending
        self.refresh()

    def show_rows(self, rows: Sequence[RosterRow], keep: int | None = None,
                  fallback: int = 0, empty_text: str = "") -> None:
        """Show `rows`, the cursor on the row at `keep` (the row it was on, where it is
        now), else on the row at `fallback` (or the last); `empty_text` says why there
        are none."""
        self.rows = rows
        self.empty_text = empty_text
        index = keep if keep is not None else min(fallback, max(0, len(rows) - 1))
        set_extent(self, Size(self.size.width, len(rows) + 1))
        self.cursor = index
        self._scroll_to_cursor(center=True)
        self.refresh()
        self._announce()

    def move_to(self, partner_id: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.id == partner_id:
                self._set_cursor(index)
                return True
        return False

    # --- keys and mouse --------------------------------------------------------------------

    @property
    def bar_rows(self) -> int:
        return len(self.rows)

    def page_rows(self, direction: int) -> None:
        self.action_page(direction)

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * self.visible_rows)

    def action_edge(self, end: int) -> None:
        self._set_cursor(len(self.rows) - 1 if end else 0)

    def _set_cursor(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(len(self.rows) - 1, index))
        if index == self.cursor:
            return
        self.cursor = index
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def _scroll_to_cursor(self, center: bool = False) -> None:
        top = int(self.scroll_y)
        visible = self.visible_rows
        if center and not (top <= self.cursor < top + visible):
            self.scroll_to(y=max(0, self.cursor - visible // 2), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def _announce(self) -> None:
        row = self.current
        row_id = row.id if row else None
        if row_id != self._highlighted_id:
            self._highlighted_id = row_id
            self.post_message(self.Highlighted(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if self.on_bar(offset.x, offset.y):
            return
        if offset.y == 0:
            x = 0
            for column in self.columns:
                if x <= offset.x < x + column.width + 1:
                    self.post_message(self.HeaderClicked(column.key))
                    return
                x += column.width + 1
            return
        self._set_cursor(int(self.scroll_y) + offset.y - 1)

    def on_resize(self, event: events.Resize) -> None:
        self._texts = {}  # made to the width
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    # --- drawing -------------------------------------------------------------------------------

    def frame_begins(self) -> None:
        self._pass = self._new_pass()

    def frame_ends(self) -> None:
        self._pass = None

    def _new_pass(self) -> _Pass:
        return _Pass(self.scrollable_content_region.width, int(self.scroll_y), {})

    def _style(self, component: str | None) -> Style:
        styles = (self._pass or self._new_pass()).styles
        style = styles.get(component)
        if style is None:
            style = self.rich_style
            if component is not None:
                style = style + self.get_component_rich_style(component)
            styles[component] = style
        return style

    def render_line(self, y: int) -> Strip:
        drawing = self._pass or self._new_pass()
        width = drawing.width
        line = self._table_line(y, drawing.top, width - BAR_WIDTH)
        return Strip([*line, self.bar_cell(y, line[-1].style or Style())], width)

    def _table_line(self, y: int, top: int, width: int) -> list[Segment]:
        if y == 0:
            header = self._fit(self._header_cells(), width)
            return [Segment(header, self._style("partner-table--header"))]
        index = top + y - 1
        if not self.rows and y == 2 and self.empty_text:
            style = self._style(None) + Style(dim=True, italic=True)
            return [Segment(set_cell_size(" " + self.empty_text, width), style)]
        if index >= len(self.rows):
            return [Segment(" " * width, self._style(None))]
        row = self.rows[index]
        kept = self._texts.get(id(row))
        if kept is None or kept[0] is not row:
            kept = (row, self._fit([self._cell(row, column.key) for column in self.columns],
                                   width))
            self._texts[id(row)] = kept
        if index == self.cursor:
            component: str | None = "partner-table--cursor"
        elif row.status == "resigned":
            component = "partner-table--resigned"
        else:
            component = None
        return [Segment(kept[1], self._style(component))]

    def _header_cells(self) -> list[str]:
        cells = []
        for column in self.columns:
            title = column.title
            if column.key == self.sort_column:
                title += "▼" if self.descending else "▲"
            cells.append(title)
        return cells

    def _fit(self, cells: list[str], width: int) -> str:
        """The cells in their columns, the line made `width` cells long."""
        parts: list[str] = []
        for column, text in zip(self.columns, cells, strict=False):
            length = text_width(text)
            if length > column.width:
                text = set_cell_size(text, column.width - 1) + "…"
                length = column.width
            pad = " " * (column.width - length)
            parts.append(pad + text if column.align_right else text + pad)
        used = sum(column.width + 1 for column in self.columns) - 1
        if used <= width:
            return " ".join(parts) + " " * (width - used)
        return set_cell_size(" ".join(parts), width)


_HANGUL = re.compile("[가-힣]+")


def text_width(text: str) -> int:
    """Cells `text` takes: rich's count, made quick for what a roster holds (Korean
    syllables, two cells each, and ASCII), a tenth of rich's time per cell."""
    if text.isascii():
        return len(text)
    rest = _HANGUL.sub("", text)
    if rest.isascii():
        return 2 * len(text) - len(rest)
    return cell_len(text)
