"""The month's budgets: an amount and an optional front-loaded plan per account."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, Static

from branchdash.budget import (
    ACCOUNTS,
    AccountBudget,
    BudgetError,
    PlanItem,
    format_plan,
    typed_budget,
)
from branchdash.i18n import format_month, t

from .expense_form import BUDGET_DIALOG_CSS
from .form_draft import DraftForm
from .translated import translate_bindings


@dataclass(frozen=True)
class BudgetChange:
    account: str
    amount_won: int
    plan: tuple[PlanItem, ...]


class BudgetForm(DraftForm[list[BudgetChange] | None]):
    """Dismisses with the accounts whose budget changed (a carried amount left as
    it was stays carried), or None when cancelled."""

    DEFAULT_CSS = BUDGET_DIALOG_CSS.format(name="BudgetForm") + """
    BudgetForm .account-title { text-style: bold; margin-top: 1; }
    BudgetForm .carried { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@budget.form.save", id="budget_form.save", priority=True),
        Binding("escape", "cancel", "@budget.form.cancel", id="budget_form.cancel"),
    ]
    MESSAGE_ID = "#budget-error"
    ENTER_SAVES = True
    SAVE_IN_CALLBACK = True  # the Budget screen writes the budgets

    def __init__(self, month: Date, budgets: dict[str, AccountBudget]) -> None:
        super().__init__()
        translate_bindings(self)
        self.month = month
        self.budgets = budgets

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("budget.form.budget_title", month=format_month(self.month)),
                         classes="dialog-title", markup=False)
            for account in ACCOUNTS:
                budget = self.budgets[account]
                note = ""
                if budget.carried_from is not None:
                    note = t("budget.carried_from", month=format_month(budget.carried_from))
                elif not budget.is_set:
                    note = t("budget.not_set")
                yield Static(t(f"budget.account.{account}") + (f"  ({note})" if note else ""),
                             classes="account-title", markup=False)
                yield Label(t("budget.form.budget_amount"))
                yield Input(f"{budget.amount_won:,}" if budget.is_set or budget.carried_from
                            else "", id=f"budget-{account}", compact=True, max_length=30,
                            placeholder=t("budget.form.amount_placeholder"))
                yield Label(t("budget.form.plan"))
                yield Input(format_plan(budget.plan), id=f"plan-{account}", max_length=400,
                            compact=True,
                            placeholder=t("budget.form.plan_placeholder"))
            yield Static("", classes="dialog-error", id="budget-error", markup=False)
            yield Static(t("budget.form.budget_hint"), classes="dialog-hint", markup=False)
        yield Footer()

    def draft_key(self) -> str:
        return f"budget.{self.month}"

    def on_mount(self) -> None:
        # The first field is near the top: Textual would scroll it to the middle of a
        # dialog taller than the terminal (80x24), hiding the title and its account.
        self.query_one(f"#budget-{ACCOUNTS[0]}", Input).focus(scroll_visible=False)
        self.call_after_refresh(self.query_one(Vertical).scroll_home, animate=False)

    def changes(self) -> list[BudgetChange]:
        """The accounts whose amount or plan differ from what is shown; raises
        BudgetError naming the account and what is wrong."""
        found: list[BudgetChange] = []
        for account in ACCOUNTS:
            budget = self.budgets[account]
            typed = typed_budget(account, self.query_one(f"#budget-{account}", Input).value,
                                 self.query_one(f"#plan-{account}", Input).value, self.month)
            if typed is None:
                continue
            amount, plan = typed
            if budget.is_set and amount == budget.amount_won and plan == budget.plan:
                continue
            if budget.carried_from is not None and amount == budget.amount_won and not plan:
                continue  # left as carried
            found.append(BudgetChange(account, amount, plan))
        return found

    def save_form(self) -> None:
        try:
            changes = self.changes()
        except BudgetError as error:
            self.query_one("#budget-error", Static).update(error.message)
            return
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)



