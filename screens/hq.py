"""HQ roll-up: every branch pushed into this database, a row each, sortable by any
column; Enter opens the branch's own screens, read-only."""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from branchdash.hq import COLUMNS, BranchFigures, branch_by_id, rollup, sort_rollup, totals
from branchdash.i18n import format_short_date, format_won, t
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .widgets.header import BranchHeader
from .widgets.palette import binding_entries, screen_commands


def _pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


class HqScreen(BranchScreen):
    TITLE_KEY = "mode.hq"
    CSS_PATH = "hq.tcss"
    COMMANDS = {screen_commands(partial(binding_entries, title_key="mode.hq"), discover=False)}
    READ_ONLY_ACTIONS = frozenset({"open_branch", "next_sort", "reverse_sort", "reload"})
    BINDINGS = [
        Binding("enter", "open_branch", "@hq.key.open", id="hq.open",
                tooltip="@hq.key.open_help"),
        Binding("s", "next_sort", "@hq.key.sort", id="hq.sort", tooltip="@hq.key.sort_help"),
        Binding("r", "reverse_sort", "@hq.key.reverse", id="hq.reverse",
                tooltip="@hq.key.reverse_help"),
        Binding("f5", "reload", "@hq.key.reload", id="hq.reload",
                tooltip="@hq.key.reload_help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BranchFigures] = []
        self.sort_column = "name"
        self.descending = False

    def compose(self) -> ComposeResult:
        # The header names HQ, not the branch the app happened to open first.
        yield BranchHeader(t("hq.title"), t(self.TITLE_KEY))
        yield from self.body()
        from textual.widgets import Footer

        yield Footer()

    def body(self) -> ComposeResult:
        yield Static("", id="hq-totals")
        table: DataTable[str] = DataTable(id="hq-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("hq.read_only_hint"), id="hq-hint")

    def refresh_data(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="hq",
          description="read the branches")
    def load(self) -> None:
        try:
            rows = rollup(self.now().date())
        finally:
            close_connection()
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: list[BranchFigures]) -> None:
        self.rows = rows
        self._draw()

    def _draw(self) -> None:
        table = self.query_one("#hq-table", DataTable)
        selected = self.selected_branch()
        table.clear(columns=True)
        for column in COLUMNS:
            label = t(f"hq.column.{column}")
            if column == self.sort_column:
                label += " ▼" if self.descending else " ▲"
            table.add_column(label, key=column)
        ordered = sort_rollup(self.rows, self.sort_column, self.descending)
        for row in ordered:
            table.add_row(*self._cells(row), key=row.branch_id)
        if selected is not None and selected in {r.branch_id for r in ordered}:
            table.move_cursor(row=table.get_row_index(selected))
        total = totals(self.rows)
        self.query_one("#hq-totals", Static).update(t(
            "hq.totals", branches=total.branches, headcount=total.headcount,
            active=total.active, sales=format_won(total.sales_won),
            target=format_won(total.target_won), spent=format_won(total.spent_won),
            budget=format_won(total.budget_won), directives=total.open_directives))

    def _cells(self, row: BranchFigures) -> list[str]:
        target = format_won(row.target_won) if row.target_won is not None else "—"
        directives = str(row.open_directives)
        if row.overdue_directives:
            directives += " " + t("hq.overdue", count=row.overdue_directives)
        if row.last_push is None:
            pushed = t("hq.never_pushed")
        else:
            local = row.last_push.in_timezone(self.now().timezone)
            pushed = f"{format_short_date(local.date())} {local:%H:%M}"
        return [
            f"{row.name} ({row.code})", str(row.headcount), str(row.active),
            f"{format_won(row.sales_won)} / {target}", _pct(row.sales_pct),
            f"{format_won(row.spent_won)} / {format_won(row.budget_won)}", _pct(row.burn_pct),
            directives, pushed,
        ]

    def selected_branch(self) -> str | None:
        table = self.query_one("#hq-table", DataTable)
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value) if key.value is not None else None

    # --- actions ---------------------------------------------------------------------------

    def action_next_sort(self) -> None:
        index = COLUMNS.index(self.sort_column)
        self.sort_column = COLUMNS[(index + 1) % len(COLUMNS)]
        self.descending = self.sort_column != "name"  # the biggest first, names A to Z
        self._draw()
        self.notify(t("hq.sorted_by", column=t(f"hq.column.{self.sort_column}")), timeout=2)

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self._draw()

    def action_reload(self) -> None:
        self.load()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, column != "name"
        self._draw()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_branch()

    def action_open_branch(self) -> None:
        branch_id = self.selected_branch()
        branch = branch_by_id(branch_id) if branch_id else None
        if branch is None:
            return
        view = getattr(self.app, "view_branch", None)
        if view is not None:
            view(branch)
