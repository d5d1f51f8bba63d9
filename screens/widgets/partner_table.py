"""A virtual table of roster rows: only the lines in view are drawn.

A region's roster has 10,000 partners; putting them all into a DataTable takes
seconds and every sort redraws them all. Here the rows stay a Python list,
and `render_line` draws the few dozen lines on screen (Textual's line API), so
showing, searching and sorting cost what the list operations cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView

# Textual imports its scroll bars when a widget first needs one: at start here, not
# during the roster's first frame (2 ms).
from textual.scrollbar import ScrollBar  # noqa: F401
from textual.strip import Strip

from branchdash.partners import RosterRow

from .scroll_extent import set_extent


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    align_right: bool = False


class PartnerTable(ScrollView, can_focus=True):
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
        # Styles for the lines of one drawing pass (see render_lines).
        self._pass_styles: dict[str | None, Style] = {}

    # --- content -------------------------------------------------------------------------

    @property
    def current(self) -> RosterRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_columns(self, columns: list[Column]) -> None:
        self.columns = columns
        self.refresh()

    def set_sort(self, column: str, descending: bool) -> None:
        self.sort_column, self.descending = column, descending
        self.refresh()

    def show_rows(self, rows: Sequence[RosterRow], keep_id: str | None = None,
                  fallback: int = 0, empty_text: str = "") -> None:
        """Show `rows`, keeping the cursor on `keep_id` if it is among them, else
        on the row at `fallback` (or the last); `empty_text` says why there are none."""
        self.rows = rows
        self.empty_text = empty_text
        index = min(fallback, max(0, len(rows) - 1))
        if keep_id is not None:
            index = next((i for i, row in enumerate(rows) if row.id == keep_id), index)
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
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._set_cursor(self.cursor + direction * self._visible_rows)

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
        visible = self._visible_rows
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
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)

    # --- drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every line of a pass has the same styles; `rich_style` walks the ancestors,
        # once per line it cost a fifth of the table's first drawing.
        self._pass_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = {}

    def _style(self, component: str | None) -> Style:
        style = self._pass_styles.get(component)
        if style is None:
            style = self.rich_style
            if component is not None:
                style = style + self.get_component_rich_style(component)
            self._pass_styles[component] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._line(self._header_cells(), "partner-table--header", width)
        index = int(self.scroll_y) + y - 1
        if not self.rows and y == 2 and self.empty_text:
            style = self._style(None) + Style(dim=True, italic=True)
            return Strip([Segment(set_cell_size(" " + self.empty_text, width), style)], width)
        if index >= len(self.rows):
            return Strip.blank(width, self._style(None))
        row = self.rows[index]
        cells = [self._cell(row, column.key) for column in self.columns]
        if index == self.cursor:
            return self._line(cells, "partner-table--cursor", width)
        if row.status == "resigned":
            return self._line(cells, "partner-table--resigned", width)
        return self._line(cells, None, width)

    def _header_cells(self) -> list[str]:
        cells = []
        for column in self.columns:
            title = column.title
            if column.key == self.sort_column:
                title += "▼" if self.descending else "▲"
            cells.append(title)
        return cells

    def _line(self, cells: list[str], component: str | None, width: int) -> Strip:
        style = self._style(component)
        parts: list[str] = []
        for column, text in zip(self.columns, cells, strict=False):
            if cell_len(text) > column.width:
                text = set_cell_size(text, column.width - 1) + "…"
            pad = column.width - cell_len(text)
            parts.append(" " * pad + text if column.align_right else text + " " * pad)
        line = " ".join(parts)
        line = set_cell_size(line, width)
        return Strip([Segment(line, style or Style())], width)
