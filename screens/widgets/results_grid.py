"""The evening results entry: a grid of the day's partners, typed into by keyboard only.

Type digits straight into the highlighted cell; Enter keeps the number and goes
down a row, Tab (or →) keeps it and goes right, Backspace takes back a digit,
Delete empties the cell, ctrl+s saves the whole day in one write. Nothing is
written until the save, and a refused save writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pendulum import Date
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from branchdash.drafts import DraftValues
from branchdash.i18n import format_date, format_won, t
from branchdash.results import EntryRow, ResultError, ResultValues, check_values

from .form_draft import DraftForm
from .translated import translate_bindings

# Editable columns: (field of EntryRow, catalog key of the heading)
FIELDS: tuple[tuple[str, str], ...] = (
    ("sales_count", "goals.entry.col.count"),
    ("sales_won", "goals.entry.col.won"),
    ("new_contracts", "goals.entry.col.new"),
    ("visits", "goals.entry.col.visits"),
)
FIRST_EDITABLE = 2  # columns 0 and 1: name and team
MAX_DIGITS = 12  # up to 999,999,999,999 won

# Writes the day's results (partner id, values); returns rows written.
SaveFn = Callable[[Date, list[tuple[str, ResultValues]]], int]


@dataclass
class Edit:
    row: int
    field: str
    digits: str


class ResultsGrid(DataTable[Text]):
    """A DataTable whose number cells take typed digits."""

    class Edited(Message):
        """A number was typed or changed (the form keeps a draft)."""

    # Tab and shift+tab are taken in `on_key`, in the order typed: as priority
    # bindings they would run ahead of digits typed just before them.
    BINDINGS = [
        Binding("enter", "commit_down", "@goals.entry.key.down", id="results.down",
                show=False),
    ]

    def __init__(self, rows: list[EntryRow], **kwargs: object) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        translate_bindings(self)
        self.entries = rows
        self.editing: Edit | None = None
        self.changed: set[int] = set()

    def on_mount(self) -> None:
        self.add_column(t("goals.entry.col.name"), key="name")
        self.add_column(t("goals.entry.col.team"), key="team")
        for field, heading in FIELDS:
            self.add_column(t(heading), key=field)
        for index, entry in enumerate(self.entries):
            self.add_row(*self._cells(entry), key=str(index))
        if self.entries:
            self.cursor_coordinate = Coordinate(0, FIRST_EDITABLE)

    def _cells(self, entry: EntryRow) -> list[Text]:
        mark = "✓ " if entry.saved else "  "
        cells = [Text(mark + entry.name), Text(entry.team, style="dim")]
        for field, _heading in FIELDS:
            cells.append(self._value_text(field, getattr(entry, field)))
        return cells

    @staticmethod
    def _value_text(field: str, value: int | None) -> Text:
        if value is None:
            return Text("–", style="dim", justify="right")
        shown = format_won(value) if field == "sales_won" else f"{value:,}"
        return Text(shown, style="" if value else "dim", justify="right")

    # --- typing --------------------------------------------------------------------------------

    def _field_at(self, column: int) -> str | None:
        index = column - FIRST_EDITABLE
        return FIELDS[index][0] if 0 <= index < len(FIELDS) else None

    def on_key(self, event: events.Key) -> None:
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.action_commit_right()
            else:
                self.action_commit_left()
            return
        row, column = self.cursor_coordinate
        field = self._field_at(column)
        if field is None or not self.entries:
            return
        # isdecimal, not isdigit: "²" is a digit that int() refuses
        if event.character is not None and event.character.isdecimal():
            event.stop()
            event.prevent_default()
            if self.editing is None or (self.editing.row, self.editing.field) != (row, field):
                self.commit()
                self.editing = Edit(row, field, "")
            if len(self.editing.digits) < MAX_DIGITS:
                self.editing.digits = (self.editing.digits + event.character).lstrip("0") or "0"
            self._show_edit()
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            if self.editing is None:
                self.editing = Edit(row, field, str(getattr(self.entries[row], field) or ""))
            self.editing.digits = self.editing.digits[:-1]
            self._show_edit()
        elif event.key == "delete":
            event.stop()
            event.prevent_default()
            self.editing = None
            self._set(row, field, None if field == "visits" else 0)
        elif event.key == "escape" and self.editing is not None:
            event.stop()
            event.prevent_default()
            self.editing = None
            self.update_cell_at(Coordinate(row, column),
                                self._value_text(field, getattr(self.entries[row], field)))

    def _show_edit(self) -> None:
        assert self.editing is not None
        shown = f"{int(self.editing.digits):,}" if self.editing.digits else ""
        column = FIRST_EDITABLE + [f for f, _ in FIELDS].index(self.editing.field)
        self.update_cell_at(Coordinate(self.editing.row, column),
                            Text(shown + "▏", style="bold reverse", justify="right"),
                            update_width=True)
        self.post_message(self.Edited())

    def commit(self) -> None:
        """Keep the number being typed (if any) in its cell."""
        edit, self.editing = self.editing, None
        if edit is None:
            return
        if edit.digits:
            value: int | None = int(edit.digits)
        else:
            value = None if edit.field == "visits" else 0
        self._set(edit.row, edit.field, value)

    def _set(self, row: int, field: str, value: int | None) -> None:
        entry = self.entries[row]
        if getattr(entry, field) != value:
            setattr(entry, field, value)
            self.changed.add(row)
        column = FIRST_EDITABLE + [f for f, _ in FIELDS].index(field)
        self.update_cell_at(Coordinate(row, column), self._value_text(field, value),
                            update_width=True)
        self.post_message(self.Edited())

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        if self.editing is not None and old != new:
            self.commit()

    def action_commit_down(self) -> None:
        self.commit()
        row, column = self.cursor_coordinate
        if row + 1 < self.row_count:
            self.cursor_coordinate = Coordinate(row + 1, column)

    def action_commit_right(self) -> None:
        self.commit()
        row, column = self.cursor_coordinate
        if column + 1 < len(self.columns):
            self.cursor_coordinate = Coordinate(row, column + 1)
        elif row + 1 < self.row_count:
            self.cursor_coordinate = Coordinate(row + 1, FIRST_EDITABLE)

    def action_commit_left(self) -> None:
        self.commit()
        row, column = self.cursor_coordinate
        if column > FIRST_EDITABLE:
            self.cursor_coordinate = Coordinate(row, column - 1)
        elif row > 0:
            self.cursor_coordinate = Coordinate(row - 1, len(self.columns) - 1)

    def typed(self, row: int) -> list[int | None]:
        """A row's numbers as shown, the one being typed included (for the draft)."""
        entry = self.entries[row]
        numbers: list[int | None] = [getattr(entry, field) for field, _ in FIELDS]
        edit = self.editing
        if edit is not None and edit.row == row and edit.digits:
            numbers[[f for f, _ in FIELDS].index(edit.field)] = int(edit.digits)
        return numbers

    def put(self, row: int, numbers: list[int | None]) -> None:
        """Fill a row from a draft."""
        for (field, _), value in zip(FIELDS, numbers, strict=True):
            self._set(row, field, value)

    def values(self) -> list[tuple[EntryRow, ResultValues]]:
        self.commit()
        return [(entry, ResultValues(entry.sales_count, entry.sales_won, entry.new_contracts,
                                     entry.visits)) for entry in self.entries]


class ResultsEntry(DraftForm[int | None]):
    """The day's results; dismisses with the rows written, or None when closed unsaved."""

    DEFAULT_CSS = """
    ResultsEntry { align: center middle; }
    ResultsEntry > Vertical {
        width: 100%; max-width: 110; height: 100%; max-height: 40;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ResultsEntry #entry-title { text-style: bold; height: 1; }
    ResultsEntry #entry-hint { color: $text-muted; height: auto; }
    ResultsEntry #entry-error { color: $error; height: auto; }
    ResultsEntry ResultsGrid { height: 1fr; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@goals.entry.key.save", id="results.save", priority=True),
        Binding("escape", "close", "@goals.entry.key.close", id="results.close"),
    ]
    MESSAGE_ID = "#entry-error"

    def __init__(self, day: Date, rows: list[EntryRow], save: SaveFn) -> None:
        super().__init__()
        translate_bindings(self)
        self.day = day
        self.rows = rows
        self.save = save
        self._warned_unsaved = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("goals.entry.title", date=format_date(self.day)), id="entry-title",
                         markup=False)
            yield Static(t("goals.entry.hint"), id="entry-hint", markup=False)
            yield ResultsGrid(self.rows, id="entry-grid")
            yield Static("", id="entry-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        grid = self.query_one(ResultsGrid)
        grid.focus()
        if not self.rows:
            self.query_one("#entry-error", Static).update(t("goals.entry.nobody"))

    def draft_key(self) -> str:
        return f"results.{self.day}"

    def draft_values(self) -> DraftValues:
        grid = self.query_one(ResultsGrid)
        return {entry.partner_id: list(grid.typed(row))
                for row, entry in enumerate(grid.entries)}

    def restore_values(self, values: DraftValues) -> None:
        grid = self.query_one(ResultsGrid)
        for row, entry in enumerate(grid.entries):
            numbers = values.get(entry.partner_id)
            if isinstance(numbers, list) and len(numbers) == len(FIELDS) and all(
                    n is None or isinstance(n, int) and not isinstance(n, bool) and n >= 0
                    for n in numbers):
                grid.put(row, numbers)  # type: ignore[arg-type]

    @on(ResultsGrid.Edited)
    def _edited(self) -> None:
        self.note_change()

    def save_form(self) -> None:
        grid = self.query_one(ResultsGrid)
        values = grid.values()
        for entry, value in values:
            try:
                check_values(value)
            except ResultError as error:
                self._error(t("goals.entry.bad_row", name=entry.name, problem=str(error)))
                return
        try:
            written = self.save(self.day, [(entry.partner_id, value) for entry, value in values])
        except ResultError as error:
            self._error(str(error))
            return
        self.dismiss(written)

    def action_close(self) -> None:
        grid = self.query_one(ResultsGrid)
        grid.commit()
        if grid.changed and not self._warned_unsaved:
            self._warned_unsaved = True
            self._error(t("goals.entry.unsaved"))
            return
        self.dismiss(None)

    def _error(self, text: str) -> None:
        self.query_one("#entry-error", Static).update(text)
