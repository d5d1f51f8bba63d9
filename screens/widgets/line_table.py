"""A read-only table drawn line by line (Textual's line API), for long lists.

A DataTable measures every cell of every row when it is filled and renders each
visible cell through rich (padding, wrapping, styles): ~150 ms for a screenful
at 160x50 the first time, a third of a screen's first visit. Here a row is its
cells (rich Text: a cell may carry colours) padded to their column and joined;
its segments are made when the line is first drawn and kept until the rows
change. A header line fixed at the top, zebra stripes, a row cursor (arrows,
page keys, home/end, a click; Enter or a click on the cursor's row selects it),
horizontal scrolling when the columns are wider than the view, and its own scroll
bar (drawn_scrollbar.py).

The Goals screen's figures (GoalTable) and the directives list (DirectiveTable)
are this table.

What it shows (columns, rows, the lines drawn) is one `TableContent`: a table that
switches between a few lists (the Goals screen's teams and partners) keeps each
one's content and puts it back with `use_content`, its lines already made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from .drawn_scrollbar import BAR_WIDTH, DrawnScrollBar
from .hidden_blur import RestyleHiddenAfterFrame
from .scroll_extent import set_extent
from .translated import translate_bindings

PAD = 1  # spaces each side of a cell
Cell = str | Text  # plain text, or rich Text when a cell carries colours
Row = tuple[str, Sequence[Cell]]  # a row's key and its cells


def _cell_len(cell: Cell) -> int:
    return cell_len(cell) if isinstance(cell, str) else cell.cell_len


def _plain(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.plain


@dataclass
class TableContent:
    """Columns and rows, and the lines made from them so far."""

    labels: list[Cell] = field(default_factory=list)
    right: set[int] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    content_width: int = 0
    lines: dict[int, list[Segment]] = field(default_factory=dict)  # before the row style
    # Lines as drawn (row, cursor on it), by the look they were drawn with (styles and
    # width): focused and not, the table goes back and forth between two.
    looks: dict[object, dict[tuple[int, bool], Strip]] = field(default_factory=dict)
    look: object = None
    strips: dict[tuple[int, bool], Strip] = field(default_factory=dict)  # the look's

    def use_look(self, look: object) -> None:
        if look == self.look:
            return
        self.look = look
        self.strips = self.looks.pop(look, {})
        self.looks[look] = self.strips  # the newest last
        while len(self.looks) > 2:
            del self.looks[next(iter(self.looks))]

    @classmethod
    def make(cls, labels: Sequence[Cell], right: set[int] | None,
             rows: Sequence[Row]) -> TableContent:
        made = cls(list(labels), set(right or ()))
        made.keys = [key for key, _ in rows]
        made.rows = [list(cells) for _, cells in rows]
        made.widths = [max([_cell_len(label), *(_cell_len(row[i]) for row in made.rows)])
                       for i, label in enumerate(made.labels)]
        made.content_width = sum(width + 2 * PAD for width in made.widths)
        return made


class _RowMessage(Message):
    """A row of a LineTable, by its key."""

    def __init__(self, table: LineTable, key: str | None) -> None:
        super().__init__()
        self.table = table
        self.key = key

    @property
    def control(self) -> LineTable:
        return self.table


class LineTable(DrawnScrollBar, RestyleHiddenAfterFrame, can_focus=True):
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

    class Highlighted(_RowMessage):
        """The cursor is on another row (key None: the table is empty)."""

    class Selected(_RowMessage):
        """Enter (or a click) on the cursor's row (its key is never None)."""

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        translate_bindings(self)
        self._content = TableContent()
        # The styles the lines are drawn with (base, header, even row, cursor), found
        # again after each change of styles, focus or size (a new `_look`).
        self._look = 0
        self._styles: tuple[int, object, Style, Style, Style, Style] | None = None
        self._announced: str | None = ""

    # --- content -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._content.rows)

    def get_row_at(self, index: int) -> list[Cell]:
        return list(self._content.rows[index])

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None: no rows)."""
        content = self._content
        return content.keys[self.cursor_row] if content.rows else None

    def row_text(self, index: int) -> list[str]:
        """The row's cells as plain text."""
        return [_plain(cell) for cell in self._content.rows[index]]

    @property
    def content(self) -> TableContent:
        return self._content

    def set_columns(self, labels: Sequence[Cell], right: set[int] | None = None,
                    rows: Sequence[Row] = ()) -> None:
        """New columns (and their rows: none, by default)."""
        self.use_content(TableContent.make(labels, right, rows))

    def show(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on `keep` if it is among them, else on
        the same line (or the last)."""
        content = self._content
        self.use_content(TableContent.make(content.labels, content.right, rows), keep)

    def use_content(self, content: TableContent, keep: str | None = None) -> None:
        """Show `content` (new, or one shown before: its lines drawn then are kept)."""
        self._content = content
        self._update_virtual_size()
        index = self.cursor_row
        if keep is not None and keep in content.keys:
            index = content.keys.index(keep)
        self.cursor_row = index  # validated into the rows; announces a new row
        self.refresh()

    def move_to_key(self, key: str | None) -> None:
        if key is not None and key in self._content.keys:
            self.cursor_row = self._content.keys.index(key)

    def _update_virtual_size(self) -> None:
        # Rows narrower than the view count as 0 wide: their width changes nothing.
        # Wider rows scroll until their end meets the scroll bar's column.
        content = self._content
        room = self.size.width - BAR_WIDTH
        wide = content.content_width + BAR_WIDTH if content.content_width > room else 0
        set_extent(self, Size(wide, len(content.rows) + 1))  # + the header line

    @property
    def bar_rows(self) -> int:
        return len(self._content.rows)

    def page_rows(self, direction: int) -> None:
        self.action_page(direction)

    # --- drawing -------------------------------------------------------------------------------

    def _look_styles(self) -> tuple[object, Style, Style, Style, Style]:
        """The look (what the lines depend on besides the rows) and the base, header,
        even-row and cursor styles."""
        if self._styles is None or self._styles[0] != self._look:
            base = self.rich_style
            component = self.get_component_rich_style
            styles = (base, base + component("line-table--header", partial=True),
                      base + component("line-table--even-row", partial=True),
                      component("line-table--cursor", partial=True))
            self._styles = (self._look, (styles, self.size.width), *styles)
        return self._styles[1:]

    def render_line(self, y: int) -> Strip:
        width = self.size.width - BAR_WIDTH  # the rows' part of the line
        scroll_x, scroll_y = self.scroll_offset
        content = self._content
        look, base, header, even, cursor_style = self._look_styles()
        content.use_look(look)
        if y == 0:
            index, cursor, line_style = -1, False, header
        else:
            index = scroll_y + y - 1
            if index >= len(content.rows):
                bar = Strip([self.bar_cell(y, base)], BAR_WIDTH)
                return Strip.join([Strip.blank(width, base), bar])
            cursor = index == self.cursor_row
            line_style = even if index % 2 else base
            if cursor:
                line_style += cursor_style
        bar = Strip([self.bar_cell(y, line_style)], BAR_WIDTH)
        strip = content.strips.get((index, cursor))
        if strip is None:
            strip = self._make_strip(index, cursor)
            content.strips[(index, cursor)] = strip
        if scroll_x or strip.cell_length != width:
            strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        return Strip.join([strip, bar])

    def _segments(self, cells: Sequence[Cell]) -> list[Segment]:
        out: list[Segment] = []
        right = self._content.right
        for column, (cell, width) in enumerate(zip(cells, self._content.widths, strict=False)):
            if isinstance(cell, str):
                # one segment: the padding and the text, unstyled (the row's style)
                gap = " " * (width - cell_len(cell))
                pad = " " * PAD
                out.append(Segment(pad + gap + cell + pad if column in right
                                   else pad + cell + gap + pad))
                continue
            gap = " " * (width - cell.cell_len)
            out.append(Segment(" " * PAD + (gap if column in right else "")))
            out.extend(Segment(text, style) for text, style in _spans(cell))
            out.append(Segment(("" if column in right else gap) + " " * PAD))
        return _joined(out)

    def _make_strip(self, index: int, cursor: bool) -> Strip:
        content = self._content
        _look, base, header, even, cursor_style = self._look_styles()
        if index < 0:
            segments = self._segments(content.labels)
            row_style = header
            over = None
        else:
            segments = content.lines.get(index) or self._segments(content.rows[index])
            content.lines[index] = segments
            row_style = even if index % 2 else base
            over = cursor_style if cursor else None
        line_width = max(content.content_width, self.size.width - BAR_WIDTH)
        filler = line_width - sum(cell_len(segment.text) for segment in segments)
        styled = [Segment(text, row_style + style if style else row_style)
                  for text, style, _ in segments]
        if filler > 0:
            styled.append(Segment(" " * filler, row_style))
        if over is not None:  # the cursor's colours over the cells' own
            styled = [Segment(text, style + over if style else over)
                      for text, style, _ in styled]
        # Runs of one style as one segment (a row of plain cells: one): Textual styles
        # and composes a line segment by segment.
        return Strip(Segment.simplify(styled), line_width)

    def _forget_strips(self) -> None:
        self._look += 1
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look += 1

    def on_resize(self, event: events.Resize) -> None:
        self._look += 1  # lines are drawn to the view's width
        self._update_virtual_size()

    def on_focus(self, event: events.Focus) -> None:
        self._forget_strips()

    def on_blur(self, event: events.Blur) -> None:
        self._forget_strips()

    # --- the cursor ----------------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._content.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        strips = self._content.strips
        for row in {old, new}:
            strips.pop((row, True), None)
            strips.pop((row, False), None)
        self._scroll_to_cursor()
        self.refresh()
        key = self.cursor_key
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_to_cursor(self) -> None:
        visible = self.visible_rows
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
        self.cursor_row = 0 if direction < 0 else len(self._content.rows) - 1

    def action_scroll_columns(self, direction: int) -> None:
        self.scroll_to(x=self.scroll_offset.x + direction * 4, animate=False)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1 or self.on_bar(offset.x, offset.y):
            return
        row = self.scroll_offset.y + offset.y - 1
        if row >= len(self._content.rows):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row


def _joined(segments: list[Segment]) -> list[Segment]:
    """Neighbouring unstyled segments as one: fewer segments to style and draw."""
    out: list[Segment] = []
    for segment in segments:
        if out and segment.style is None and out[-1].style is None:
            out[-1] = Segment(out[-1].text + segment.text)
        else:
            out.append(segment)
    return out


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
