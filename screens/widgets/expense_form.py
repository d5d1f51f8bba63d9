"""The expense dialog: add or edit one expense, all by keyboard."""

from __future__ import annotations

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, Label, Select, Static

from branchdash.budget import (
    ACCOUNTS,
    BudgetError,
    ExpenseDraft,
    ExpenseRow,
    Link,
    check_draft,
    parse_day,
)
from branchdash.i18n import format_short_date, format_won, t
from branchdash.money import AmountError, parse_amount

from .form_draft import DraftForm
from .translated import translate_bindings

BUDGET_DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
    overflow-y: auto;
}}
{name} .dialog-title {{ text-style: bold; }}
{name} .dialog-error {{ color: $error; height: auto; }}
{name} .dialog-hint {{ color: $text-muted; height: auto; }}
{name} Label {{ color: $text-muted; }}
{name} Horizontal {{ height: auto; }}
{name} .half {{ width: 1fr; height: auto; }}
{name} Input {{ width: 100%; background: $boost; }}
{name} Select {{ width: 100%; }}
{name} Label {{ margin-top: 1; }}
"""

NO_LINK = "-"


class ExpenseForm(DraftForm[ExpenseDraft | None]):
    """Dismisses with a checked draft for `month`, or None when cancelled."""

    MESSAGE_ID = "#expense-error"
    ENTER_SAVES = True
    SAVE_IN_CALLBACK = True  # the Budget screen writes the expense

    DEFAULT_CSS = BUDGET_DIALOG_CSS.format(name="ExpenseForm") + """
    ExpenseForm #expense-amount-hint { height: 1; color: $success; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@budget.form.save", id="expense_form.save", priority=True),
        Binding("escape", "cancel", "@budget.form.cancel", id="expense_form.cancel"),
    ]

    def __init__(self, heading: str, month: Date, *, day: Date, account: str,
                 categories: list[str], links: list[Link],
                 expense: ExpenseRow | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.heading = heading
        self.month = month
        self.day = expense.spent_on if expense else day
        self.account = expense.account if expense else account
        self.categories = categories
        self.links = links
        self.expense = expense

    def compose(self) -> ComposeResult:
        e = self.expense
        link_value = NO_LINK
        if e is not None and (e.training_id or e.promotion_id):
            link_value = f"training:{e.training_id}" if e.training_id else \
                f"promotion:{e.promotion_id}"
        links = [(t("budget.form.no_link"), NO_LINK)] + [
            (f"{t('budget.link.' + link.kind)} · {format_short_date(link.on)} · {link.title}",
             f"{link.kind}:{link.id}") for link in self.links]
        if link_value not in {value for _, value in links}:
            links.append((e.link_title if e and e.link_title else link_value, link_value))
        with Vertical():
            yield Static(self.heading, classes="dialog-title", markup=False)
            with Horizontal():
                with Vertical(classes="half"):
                    yield Label(t("budget.form.date"))
                    yield Input(self.day.isoformat(), id="expense-date", max_length=20,
                                compact=True,
                                placeholder=t("budget.form.date_placeholder"))
                with Vertical(classes="half"):
                    yield Label(t("budget.form.account"))
                    yield Select([(t(f"budget.account.{a}"), a) for a in ACCOUNTS],
                                 value=self.account, allow_blank=False, id="expense-account",
                                 compact=True)
            with Horizontal():
                with Vertical(classes="half"):
                    yield Label(t("budget.form.amount"))
                    yield Input(f"{e.amount_won:,}" if e else "", id="expense-amount", compact=True,
                                max_length=30, placeholder=t("budget.form.amount_placeholder"))
                    yield Static("", id="expense-amount-hint", markup=False)
                with Vertical(classes="half"):
                    yield Label(t("budget.form.category"))
                    yield Input(e.category if e else "", id="expense-category", max_length=80,
                                compact=True,
                                suggester=SuggestFromList(self.categories, case_sensitive=False),
                                placeholder=t("budget.form.category_placeholder"))
            yield Label(t("budget.form.payee"))
            yield Input(e.payee if e else "", id="expense-payee", compact=True, max_length=80)
            yield Label(t("budget.form.memo"))
            yield Input(e.memo if e else "", id="expense-memo", compact=True, max_length=400)
            yield Label(t("budget.form.link"))
            yield Select(links, value=link_value, allow_blank=False, id="expense-link",
                         compact=True)
            yield Static("", classes="dialog-error", id="expense-error", markup=False)
            yield Static(t("budget.form.hint"), classes="dialog-hint", markup=False)
        yield Footer()

    def draft_key(self) -> str:
        return f"expense.{self.expense.id}" if self.expense else f"expense.new.{self.month}"

    def on_mount(self) -> None:
        # The date is today's and the account the one in view: the amount comes first.
        self.query_one("#expense-amount", Input).focus()
        self._show_amount(self.query_one("#expense-amount", Input).value)

    @on(Input.Changed, "#expense-amount")
    def _amount_changed(self, event: Input.Changed) -> None:
        self._show_amount(event.value)

    def _show_amount(self, text: str) -> None:
        hint = self.query_one("#expense-amount-hint", Static)
        try:
            hint.update("= " + format_won(parse_amount(text)) if text.strip() else "")
        except AmountError:
            hint.update("")

    def draft(self) -> ExpenseDraft:
        """The typed expense, checked; raises BudgetError with the message to show."""
        day = parse_day(self.query_one("#expense-date", Input).value, self.month)
        try:
            amount = parse_amount(self.query_one("#expense-amount", Input).value)
        except AmountError as error:
            raise BudgetError(error.message) from None
        link = str(self.query_one("#expense-link", Select).value)
        kind, _, link_id = link.partition(":")
        return check_draft(ExpenseDraft(
            spent_on=day,
            account=str(self.query_one("#expense-account", Select).value),
            amount_won=amount,
            category=self.query_one("#expense-category", Input).value,
            payee=self.query_one("#expense-payee", Input).value,
            memo=self.query_one("#expense-memo", Input).value,
            training_id=link_id if kind == "training" else None,
            promotion_id=link_id if kind == "promotion" else None,
        ), self.month)

    def save_form(self) -> None:
        try:
            draft = self.draft()
        except BudgetError as error:
            self.query_one("#expense-error", Static).update(error.message)
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
