"""Budget: the month's burn-down per account and for all accounts, the figures
beside it, the pace warning, and the expense list below, all by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from pendulum import Date
from rich.cells import cell_len
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import DataTable, Input, Static

from branchdash.budget import (
    ACCOUNTS,
    ALL,
    BudgetError,
    Burndown,
    ExpenseDraft,
    ExpenseRow,
    MonthView,
    add_expense,
    count_expenses,
    delete_expense,
    get_expense,
    linkable,
    month_categories,
    month_expenses,
    month_start,
    month_view,
    restore_expense,
    set_budgets,
    update_expense,
)
from branchdash.i18n import format_date, format_month, format_short_date, format_won, t
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .messages import DayChanged
from .widgets.budget_form import BudgetChange, BudgetForm
from .widgets.budget_report_dialog import BudgetReportDialog
from .widgets.burndown import BurndownChart, Drawing, drawing
from .widgets.expense_form import ExpenseForm
from .widgets.palette import binding_entries, screen_commands
from .widgets.scroll_extent import repaint

VIEWS = (ALL, *ACCOUNTS)
FigureRow = tuple[str, str | Text]  # a figure's name and its value
# Rows of the expense list drawn at once: a branch books a few dozen a month, a
# region-scale file thousands; `m` shows more, the filter narrows.
PAGE = 50


@dataclass(frozen=True)
class Undo:
    """One step to take back: what it says, and how."""

    label: str
    run: Callable[[], None]


@dataclass(frozen=True)
class ReadAhead:
    """A month read ahead, while the change token was `token`, and its chart drawn."""

    view: MonthView
    token: tuple[int, int]
    burndown: Burndown
    drawing: Drawing


class BudgetScreen(BranchScreen):
    TITLE_KEY = "mode.budget"
    READ_ONLY_ACTIONS = frozenset({"previous_month", "next_month", "this_month",
                                   "next_account", "filter", "more"})
    CSS_PATH = "budget.tcss"
    # The footer's keys, by name: found by typing, not listed in the empty palette.
    COMMANDS = {screen_commands(partial(binding_entries, title_key="mode.budget"),
                                discover=False)}
    BINDINGS = [
        Binding("left_square_bracket", "previous_month", "@budget.key.previous_month",
                id="budget.previous_month", key_display="["),
        Binding("right_square_bracket", "next_month", "@budget.key.next_month",
                id="budget.next_month", key_display="]"),
        Binding("t", "this_month", "@budget.key.this_month", id="budget.this_month"),
        Binding("a", "next_account", "@budget.key.account", id="budget.account"),
        Binding("n,insert", "add_expense", "@budget.key.add", id="budget.add"),
        Binding("e", "edit_expense", "@budget.key.edit", id="budget.edit"),
        Binding("d,delete", "delete_expense", "@budget.key.delete", id="budget.delete"),
        Binding("u,ctrl+z", "undo", "@budget.key.undo", id="budget.undo"),
        Binding("b", "edit_budgets", "@budget.key.budgets", id="budget.budgets"),
        Binding("f,slash", "filter", "@budget.key.filter", id="budget.filter"),
        Binding("m", "more", "@budget.key.more", id="budget.more"),
        Binding("r", "month_report", "@budget.key.report", id="budget.report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: Date = month_start(self.now().date())
        self.view_account: str = ALL
        self.category_filter = ""
        self.undo_stack: list[Undo] = []
        self.view: MonthView | None = None
        self._ahead: dict[Date, ReadAhead] = {}  # the months either side, by month
        self.rows: list[ExpenseRow] = []
        self.total_rows = 0
        self.limit = PAGE

    def body(self) -> ComposeResult:
        yield Static("", id="budget-title", markup=False)
        yield Static("", id="budget-warning", markup=False)
        with Horizontal(id="budget-top"):
            yield BurndownChart(id="burndown")
            yield Static("", id="budget-figures", markup=False)
        with Vertical(id="expense-area"):
            yield Input(id="expense-filter", placeholder=t("budget.filter_placeholder"))
            yield DataTable(id="expenses", cursor_type="row", zebra_stripes=True)
            yield Static("", id="expense-more", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#expenses", DataTable)
        table.add_column(t("budget.column.date"), key="date")
        table.add_column(t("budget.column.account"), key="account")
        table.add_column(t("budget.column.category"), key="category")
        table.add_column(t("budget.column.amount"), key="amount")
        table.add_column(t("budget.column.payee"), key="payee")
        table.add_column(t("budget.column.memo"), key="memo")
        self.query_one("#expense-filter", Input).display = False
        super().on_mount()
        table.focus()

    # --- drawing -----------------------------------------------------------------

    def refresh_data(self) -> None:
        """Re-read the month: the sums (one GROUP BY) and the expense list."""
        ahead = self._still_ahead(self.month)
        self.view = ahead.view if ahead is not None else month_view(
            self.branch_app.branch.id, self.month, self.now().date())
        self._draw_month()
        # The chart and figures go on screen first; the list (the slower part to lay
        # out) follows on the next frame, so a month key answers at once.
        self.call_after_refresh(self._load_expenses)
        self.call_after_refresh(self._read_ahead)

    def _read_ahead(self) -> None:
        """The months either side of the one shown, read and drawn in a thread: `[` or
        `]` then only shows one (a month key: ~8 ms less). Where the store cannot tell
        whether anything was written since (PostgreSQL), nothing is read ahead; nor
        again when they are read already and nothing was (the minute's redraw)."""
        token = self.branch_app.change_token()
        if token is None or not self.is_mounted:
            return
        neighbours = (self.month.subtract(months=1), self.month.add(months=1))
        if all(ahead is not None and ahead.burndown.account == self.view_account
               for ahead in map(self._still_ahead, neighbours)):
            return
        chart = self.query_one(BurndownChart)
        self._read_ahead_worker(self.branch_app.branch.id, self.month, self.now().date(),
                                self.view_account, chart.size, chart.base_style, token)

    def _still_ahead(self, month: Date) -> ReadAhead | None:
        """The month as read ahead, if read for today and nothing was written since."""
        ahead = self._ahead.get(month)
        if (ahead is None or ahead.view.today != self.now().date()
                or ahead.token != self.branch_app.change_token()):
            return None
        return ahead

    @work(thread=True, exclusive=True, exit_on_error=False, group="budget-ahead",
          description="read the months either side")
    def _read_ahead_worker(self, branch_id: str, month: Date, today: Date, account: str,
                           size: Size, style: Style, token: tuple[int, int]) -> None:
        months = {}
        try:
            for other in (month.subtract(months=1), month.add(months=1)):
                view = month_view(branch_id, other, today)
                burndown = view.burndown(account)
                chart = drawing(burndown, size)
                chart.strips(style)
                months[other] = ReadAhead(view, token, burndown, chart)
        finally:
            close_connection()
        self.app.call_from_thread(self._keep_ahead, months)

    def _keep_ahead(self, months: dict[Date, ReadAhead]) -> None:
        self._ahead = months

    def _draw_month(self) -> None:
        assert self.view is not None
        burndown = self.view.burndown(self.view_account)
        heading = Text()
        heading.append(format_month(self.month), style="bold")
        heading.append("  ·  ")
        for index, account in enumerate(VIEWS):
            if index:
                heading.append(" ")
            name = t(f"budget.account.{account}")
            warned = bool(self.view.burndown(account).warnings)
            style = "bold reverse" if account == self.view_account else "dim"
            heading.append(f" {name}{' !' if warned else ''} ",
                           style=style + (" red" if warned else ""))
        if month_start(self.now().date()) != self.month:
            heading.append("  " + t("budget.not_this_month"), style="italic dim")
        # The lines here have a fixed size (budget.tcss): update(layout=False) repaints
        # them without a relayout of the whole screen, which costs more than the rest.
        repaint(self.query_one("#budget-title", Static), heading)
        warning = self.query_one("#budget-warning", Static)
        found = [t(f"budget.warning.{kind}") for kind in burndown.warnings]
        if self.view_account == ALL:  # name the accounts that run into trouble on their own
            found += [f"{t(f'budget.account.{account}')}: {t(f'budget.warning.{kind}')}"
                      for account in ACCOUNTS
                      for kind in self.view.burndown(account).warnings[:1]]
        # The line stays in place either way: showing and hiding it moved everything
        # under it, a relayout and redraw of the whole screen on a month key (~40 ms).
        if found:
            repaint(warning, Text("⚠ " + "  ·  ".join(found), style="bold"))
        elif burndown.budget_won == 0:
            repaint(warning, Text(t("budget.no_budget")))
        else:
            repaint(warning, Text("✓ " + t("budget.on_plan")))
        warning.set_class(bool(found), "-warned")
        ahead = self._ahead.get(self.month)  # its chart drawn too, if for this account
        drawn = ahead.drawing if ahead is not None and ahead.burndown is burndown else None
        self.query_one(BurndownChart).show(burndown, drawn)
        repaint(self.query_one("#budget-figures", Static), self._figures(burndown))

    def _figures(self, b: Burndown) -> Table | Text:
        rows = self._figure_rows(b)
        width = self.query_one("#budget-figures", Static).size.width
        return _grid_text(rows, width) or _grid_table(rows)

    def _figure_rows(self, b: Burndown) -> list[FigureRow]:
        assert self.view is not None
        rows: list[FigureRow] = []
        budget_note = ""
        if b.account != ALL:
            budget = self.view.budgets[b.account]
            if budget.carried_from is not None:
                budget_note = t("budget.carried_from", month=format_month(budget.carried_from))
            elif not budget.is_set:
                budget_note = t("budget.not_set")
            plan = t("budget.plan.front_loaded") if budget.front_loaded else \
                t("budget.plan.straight")
        else:
            plan = t("budget.plan.front_loaded") if any(
                self.view.budgets[a].front_loaded for a in ACCOUNTS) else t("budget.plan.straight")
        rows.append((t("budget.figure.budget"), format_won(b.budget_won)))
        if budget_note:
            rows.append(("", Text(budget_note, style="italic dim")))
        rows.append((t("budget.figure.plan"), plan))
        rows.append((t("budget.figure.spent"), format_won(b.spent_won)))
        pct = b.ahead_of_plan_pct
        planned = format_won(b.planned_to_date_won)
        if pct is not None:
            planned += f" ({pct:+.0f}%)"
        rows.append((t("budget.figure.planned"),
                     Text(planned, style="bold red" if "ahead_of_plan" in b.warnings else "")))
        rows.append((t("budget.figure.remaining"),
                     Text(format_won(b.remaining_won),
                          style="bold red" if b.remaining_won < 0 else "bold")))
        if b.booked_ahead_won:
            rows.append((t("budget.figure.booked"), format_won(b.booked_ahead_won)))
        per_day = b.per_working_day_won
        rows.append((t("budget.figure.per_working_day"),
                     t("budget.figure.per_day_value", amount=format_won(per_day),
                       days=b.working_days_left) if per_day is not None else "—"))
        if b.elapsed == 0:
            pass  # a month still ahead: nothing spent, nothing to project
        elif b.elapsed < b.days:
            rows.append((t("budget.figure.projected"),
                         self._balance(b.projected_balance_won)))
            rows.append((t("budget.figure.projected_recent"),
                         self._balance(b.projected_balance_recent_won)))
            rows.append((t("budget.figure.runs_out"), self._run_out(b)))
        else:
            rows.append((t("budget.figure.month_end"), self._balance(b.remaining_won)))
        if b.account == ALL:
            for account in ACCOUNTS:
                one = self.view.burndown(account)
                share = f" ({one.spent_won * 100 // one.budget_won}%)" if one.budget_won else ""
                text = Text(format_won(one.spent_won) + share,
                            style="bold red" if one.warnings else "")
                rows.append((t(f"budget.account.{account}"), text))
        return rows

    @staticmethod
    def _balance(amount: int) -> Text:
        return Text(format_won(amount), style="bold red" if amount < 0 else "")

    @staticmethod
    def _run_out(b: Burndown) -> Text:
        if b.remaining_won < 0:
            return Text(t("budget.figure.already_out"), style="bold red")
        if b.run_out_on is None:
            return Text(t("budget.figure.lasts"))
        return Text(format_short_date(b.run_out_on), style="bold red")

    def _load_expenses(self) -> None:
        branch_id = self.branch_app.branch.id
        self.rows = month_expenses(branch_id, self.month, self.view_account,
                                   self.category_filter, limit=self.limit)
        self.total_rows = (len(self.rows) if len(self.rows) < self.limit else
                           count_expenses(branch_id, self.month, self.view_account,
                                          self.category_filter))
        table = self.query_one("#expenses", DataTable)
        keep = self._selected_id()
        table.clear()
        # plain strings (amounts padded) measure faster than rich Text
        width = max((len(format_won(row.amount_won)) for row in self.rows), default=0)
        table.add_rows(
            (format_short_date(row.spent_on), t(f"budget.account.{row.account}"),
             row.category, format_won(row.amount_won).rjust(width), row.payee,
             self._memo(row))
            for row in self.rows)
        ids = [row.id for row in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        if not self.rows:
            table.add_row("", "", Text(t("budget.no_expenses"), style="italic dim"), "", "", "")
        more = self.query_one("#expense-more", Static)
        if self.total_rows > len(self.rows):
            more.update(t("budget.more", shown=len(self.rows), total=self.total_rows),
                        layout=False)
            more.display = True
        else:
            more.display = False

    def action_more(self) -> None:
        if self.total_rows > len(self.rows):
            self.limit += PAGE
            self._load_expenses()

    @staticmethod
    def _memo(row: ExpenseRow) -> str:
        if row.link_title:
            kind = "training" if row.training_id else "promotion"
            link = f"[{t('budget.link.' + kind)}] {row.link_title}"
            return f"{link} · {row.memo}" if row.memo else link
        return row.memo

    def _selected_id(self) -> str | None:
        table = self.query_one("#expenses", DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row].id
        return None

    # --- months and accounts -------------------------------------------------------

    def action_previous_month(self) -> None:
        self.month = self.month.subtract(months=1)
        self.limit = PAGE
        self.refresh_data()

    def action_next_month(self) -> None:
        self.month = self.month.add(months=1)
        self.limit = PAGE
        self.refresh_data()

    def action_this_month(self) -> None:
        self.month = month_start(self.now().date())
        self.limit = PAGE
        self.refresh_data()

    def action_next_account(self) -> None:
        self.view_account = VIEWS[(VIEWS.index(self.view_account) + 1) % len(VIEWS)]
        self.limit = PAGE
        self._draw_month()
        self._load_expenses()

    def on_day_changed(self, message: DayChanged) -> None:
        # Follow the calendar into a new month when the old one was in view.
        if month_start(message.previous) == self.month:
            self.month = month_start(message.today)
        self.mark_stale()

    # --- filter --------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#expense-filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#expense-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.category_filter = event.value
        self.limit = PAGE
        self._load_expenses()

    @on(Input.Submitted, "#expense-filter")
    def _filter_done(self) -> None:
        self.query_one("#expenses", DataTable).focus()

    def key_escape(self) -> None:
        field = self.query_one("#expense-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.category_filter = ""
            self._load_expenses()
            self.query_one("#expenses", DataTable).focus()

    # --- expenses ------------------------------------------------------------------

    def _form(self, heading: str, expense: ExpenseRow | None = None) -> ExpenseForm:
        today = self.now().date()
        day = today if month_start(today) == self.month else self.month
        branch_id = self.branch_app.branch.id
        account = self.view_account if self.view_account != ALL else ACCOUNTS[0]
        return ExpenseForm(heading, self.month, day=day, account=account,
                           categories=month_categories(branch_id, self.month)
                           or month_categories(branch_id, self.month.subtract(months=1)),
                           links=linkable(branch_id, self.month), expense=expense)

    def action_add_expense(self) -> None:
        self.app.push_screen(self._form(t("budget.form.add_title",
                                          month=format_month(self.month))), self._added)

    def _added(self, draft: ExpenseDraft | None) -> None:
        if draft is None:
            return
        branch_id = self.branch_app.branch.id
        try:
            expense_id = add_expense(branch_id, draft, self.month)
        except BudgetError as error:
            self.notify(error.message, severity="error")
            return
        label = t("budget.undo.add", amount=format_won(draft.amount_won))
        self.undo_stack.append(Undo(label, lambda: self._undo_delete_id(expense_id)))
        self.refresh_data()
        self._select(expense_id)
        self.notify(t("budget.saved", amount=format_won(draft.amount_won),
                      date=format_date(draft.spent_on)))

    def _undo_delete_id(self, expense_id: str) -> None:
        delete_expense(self.branch_app.branch.id, expense_id)

    def _select(self, expense_id: str) -> None:
        ids = [row.id for row in self.rows]
        if expense_id in ids:
            self.query_one("#expenses", DataTable).move_cursor(row=ids.index(expense_id))

    def action_edit_expense(self) -> None:
        expense_id = self._selected_id()
        if expense_id is None:
            self.notify(t("budget.nothing_selected"), severity="warning")
            return
        expense = get_expense(self.branch_app.branch.id, expense_id)
        if expense is None:
            self.refresh_data()
            return
        self.app.push_screen(self._form(t("budget.form.edit_title"), expense),
                             partial(self._edited, expense_id))

    @on(DataTable.RowSelected, "#expenses")
    async def _row_chosen(self) -> None:
        await self.run_action("edit_expense")  # through the display mode's gate

    def _edited(self, expense_id: str, draft: ExpenseDraft | None) -> None:
        if draft is None:
            return
        branch_id = self.branch_app.branch.id
        try:
            before = update_expense(branch_id, expense_id, draft, self.month)
        except BudgetError as error:
            self.notify(error.message, severity="error")
            return

        def put_back() -> None:
            update_expense(branch_id, expense_id, before.draft(), before.spent_on)

        self.undo_stack.append(Undo(t("budget.undo.edit", amount=format_won(before.amount_won)),
                                    put_back))
        self.refresh_data()
        self._select(expense_id)

    def action_delete_expense(self) -> None:
        expense_id = self._selected_id()
        if expense_id is None:
            self.notify(t("budget.nothing_selected"), severity="warning")
            return
        branch_id = self.branch_app.branch.id
        try:
            gone = delete_expense(branch_id, expense_id)
        except BudgetError as error:
            self.notify(error.message, severity="error")
            self.refresh_data()
            return
        self.undo_stack.append(Undo(t("budget.undo.delete", amount=format_won(gone.amount_won)),
                                    lambda: restore_expense(branch_id, gone)))
        self.refresh_data()
        self.notify(t("budget.deleted", amount=format_won(gone.amount_won),
                      category=gone.category or "—"))

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("budget.undo.nothing"), severity="warning")
            return
        step = self.undo_stack.pop()
        try:
            step.run()
        except BudgetError as error:
            self.notify(error.message, severity="error")
        else:
            self.notify(t("budget.undo.done", what=step.label))
        self.refresh_data()

    # --- budgets -------------------------------------------------------------------

    def action_edit_budgets(self) -> None:
        assert self.view is not None
        self.app.push_screen(BudgetForm(self.month, self.view.budgets), self._budgets_set)

    def _budgets_set(self, changes: list[BudgetChange] | None) -> None:
        if not changes:
            return
        branch_id = self.branch_app.branch.id
        try:
            set_budgets(branch_id, self.month,
                        [(c.account, c.amount_won, c.plan) for c in changes])
        except BudgetError as error:
            self.notify(error.message, severity="error")
        else:
            self.notify(t("budget.budgets_saved", month=format_month(self.month)))
        self.refresh_data()

    # --- the month report for HQ ------------------------------------------------------

    def action_month_report(self) -> None:
        def done(message: str | None) -> None:
            if message:
                self.notify(message)

        self.app.push_screen(BudgetReportDialog(self.branch_app.branch.id, self.month), done)


def _grid_table(rows: list[FigureRow]) -> Table:
    """The figures as a two-column grid: names dim, values to the right."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for name, value in rows:
        table.add_row(name, value)
    return table


def _grid_text(rows: list[FigureRow], width: int) -> Text | None:
    """The grid `_grid_table` draws, as one Text: a third of the cost to draw on a
    month key. None when the columns do not fit in `width` (the table shrinks them)."""
    names = max((cell_len(name) for name, _ in rows), default=0)
    values = max((_cell_len(value) for _, value in rows), default=0)
    if not rows or names + 1 + values > width:
        return None
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, (name, value) in enumerate(rows):
        if index:
            text.append("\n")
        text.append(name + " " * (names - cell_len(name)) + " ", style="dim")
        text.append(" " * (values - _cell_len(value)))
        if isinstance(value, str):
            text.append(value)
        else:
            text.append_text(value)
    return text


def _cell_len(value: str | Text) -> int:
    return cell_len(value) if isinstance(value, str) else value.cell_len
