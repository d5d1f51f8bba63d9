"""The month's money: budgets per account, the planned spend curve, expenses,
the burn-down with its projections, and the pace warning.

Budgets are per month and account (operating 운영비, training 교육비, promotion
판촉비). A month without its own budget row carries the latest earlier month's
amount ("carried") until one is set. The plan is a straight line over the
month's days, or front-loaded: known items on their days (a promotion kit on
the 3rd) and the rest spread evenly.

The arithmetic (`compute_burndown`) is pure; the loaders sum in SQL (one
GROUP BY per month) so a region-scale file answers as fast as a small one.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pendulum
from peewee import JOIN, SQL, fn
from pendulum import Date

from branchdash.csvio import CsvError, write_table
from branchdash.data.models import (
    BUDGET_ACCOUNTS,
    Branch,
    Budget,
    Expense,
    Promotion,
    Training,
    database,
)
from branchdash.i18n import format_month, format_won, t
from branchdash.money import AmountError, parse_amount
from branchdash.user_files import replaced_whole
from branchdash.workdays import working_days

ACCOUNTS: tuple[str, ...] = BUDGET_ACCOUNTS
ALL = "all"  # the accounts together
AHEAD_WARNING_PCT = 10.0
RECENT_DAYS = 7
MAX_TEXT = 200  # category, payee: one line
MAX_MEMO = 2000

# Warning kinds, most severe first.
WARNING_KINDS = ("overspent", "projected_overspend", "recent_overspend", "ahead_of_plan")


class BudgetError(ValueError):
    """A refused change; `message` says what is wrong and how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- months ----------------------------------------------------------------------------


def month_start(day: Date) -> Date:
    return pendulum.date(day.year, day.month, 1)


def month_end(month: Date) -> Date:
    return month_start(month).end_of("month")


def days_in(month: Date) -> int:
    return month_end(month).day


def parse_month(text: str) -> Date:
    """"2026-11" (or "2026-11-05", "2026/11") to the month's first day."""
    match = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?\s*", text)
    # Year 0000 matches the pattern but is no date.
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise BudgetError(t("budget.error.month", text=text))
    return pendulum.date(int(match.group(1)), int(match.group(2)), 1)


def parse_day(text: str, month: Date) -> Date:
    """A date typed for an expense of `month`: "5", "5일", "11/5", "11-05", "11월 5일",
    "2026-11-05". A date in another month is refused."""
    raw = text.strip()
    month = month_start(month)
    year, mon, day = month.year, month.month, None
    if m := re.fullmatch(r"(\d{1,2})\s*일?", raw):
        day = int(m.group(1))
    elif m := re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})", raw) or re.fullmatch(
            r"(\d{1,2})\s*월\s*(\d{1,2})\s*일?", raw):
        mon, day = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})", raw):
        year, mon, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if day is None:
        raise BudgetError(t("budget.error.date", text=text))
    try:
        value = pendulum.date(year, mon, day)
    except ValueError:
        raise BudgetError(t("budget.error.date", text=text)) from None
    if month_start(value) != month:
        raise BudgetError(t("budget.error.date_outside", text=text,
                            first=month.isoformat(), last=month_end(month).isoformat()))
    return value


# --- budgets and plans -----------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """A known spend on a day of the month (front-loaded plan)."""

    day: int
    amount_won: int
    label: str = ""


@dataclass(frozen=True)
class AccountBudget:
    account: str
    month: Date
    amount_won: int
    plan: tuple[PlanItem, ...] = ()
    carried_from: Date | None = None  # the month the amount comes from, when not set here
    is_set: bool = True  # a row for this very month (False: carried, or no budget at all)

    @property
    def front_loaded(self) -> bool:
        return bool(self.plan)


def plan_to_json(items: tuple[PlanItem, ...]) -> str:
    if not items:
        return ""
    return json.dumps({"items": [{"day": i.day, "amount_won": i.amount_won, "label": i.label}
                                 for i in items]}, ensure_ascii=False)


def plan_from_json(text: str) -> tuple[PlanItem, ...]:
    if not text:
        return ()
    try:
        items = json.loads(text).get("items", [])
        return tuple(sorted((PlanItem(int(i["day"]), int(i["amount_won"]), str(i.get("label", "")))
                             for i in items), key=lambda i: i.day))
    except (ValueError, TypeError, KeyError, AttributeError):
        return ()  # an unreadable plan falls back to the straight line


def parse_plan(text: str, month: Date, budget_won: int) -> tuple[PlanItem, ...]:
    """Front-loaded items typed as "DAY AMOUNT [label]; ...", e.g.
    "3 50만 판촉물; 15 30만 신상품 교육". Empty: a straight line."""
    items: list[PlanItem] = []
    last = days_in(month)
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,2})\s*일?\s+(\S+(?:\s*[억만천원])*)\s*(.*)", part)
        if m is None:
            raise BudgetError(t("budget.error.plan_item", item=part))
        day = int(m.group(1))
        if not 1 <= day <= last:
            raise BudgetError(t("budget.error.plan_day", item=part, last=last))
        try:
            amount = parse_amount(m.group(2))
        except AmountError as error:
            raise BudgetError(f"{part}: {error.message}") from None
        items.append(PlanItem(day, amount, m.group(3).strip()[:MAX_TEXT]))
    items.sort(key=lambda i: i.day)
    if sum(i.amount_won for i in items) > budget_won:
        raise BudgetError(t("budget.error.plan_over",
                            planned=format_won(sum(i.amount_won for i in items)),
                            budget=format_won(budget_won)))
    return tuple(items)


def format_plan(items: tuple[PlanItem, ...]) -> str:
    """The typed form of a plan, the inverse of `parse_plan`."""
    return "; ".join(f"{i.day} {i.amount_won:,}" + (f" {i.label}" if i.label else "")
                     for i in items)


def typed_budget(account: str, amount_text: str, plan_text: str, month: Date
                 ) -> tuple[int, tuple[PlanItem, ...]] | None:
    """One account's budget as typed in the budget form: (amount, plan), or None when the
    amount is left empty. Raises BudgetError whose message starts with the account."""
    name = t(f"budget.account.{account}")
    if not amount_text.strip():
        if plan_text.strip():
            raise BudgetError(f"{name}: {t('budget.error.plan_without_budget')}")
        return None
    try:
        amount = parse_amount(amount_text, allow_zero=True)
    except AmountError as error:
        raise BudgetError(f"{name}: {error.message}") from None
    try:
        plan = parse_plan(plan_text, month, amount)
    except BudgetError as error:
        raise BudgetError(f"{name}: {error.message}") from None
    return amount, plan


def budgets_for(branch_id: str, month: Date) -> dict[str, AccountBudget]:
    """Each account's budget for `month`; an account without a row this month
    carries the latest earlier month's amount (straight-line plan)."""
    month = month_start(month)
    result: dict[str, AccountBudget] = {}
    rows = (Budget.select(Budget.account, Budget.amount_won, Budget.plan)
            .where((Budget.branch == branch_id) & (Budget.month == month)).tuples())
    for account, amount, plan in rows:
        result[account] = AccountBudget(account, month, amount, plan_from_json(plan))
    for account in ACCOUNTS:
        if account in result:
            continue
        row = (Budget.select(Budget.month, Budget.amount_won)
               .where((Budget.branch == branch_id) & (Budget.account == account)
                      & (Budget.month < month))
               .order_by(Budget.month.desc()).first())
        if row is None:
            result[account] = AccountBudget(account, month, 0, (), None, is_set=False)
        else:
            result[account] = AccountBudget(account, month, row.amount_won, (), row.month,
                                            is_set=False)
    return {account: result[account] for account in ACCOUNTS}


def set_budget(branch_id: str, month: Date, account: str, amount_won: int,
               plan: tuple[PlanItem, ...] = ()) -> None:
    """Set one account's budget for `month` (later months without their own
    row follow it)."""
    month = month_start(month)
    if account not in ACCOUNTS:
        raise BudgetError(t("budget.error.account", account=account,
                            accounts=", ".join(ACCOUNTS)))
    if isinstance(amount_won, bool) or not isinstance(amount_won, int) or amount_won < 0:
        raise BudgetError(t("budget.error.budget_amount"))
    if sum(i.amount_won for i in plan) > amount_won:
        raise BudgetError(t("budget.error.plan_over",
                            planned=format_won(sum(i.amount_won for i in plan)),
                            budget=format_won(amount_won)))
    if any(not 1 <= i.day <= days_in(month) for i in plan):
        raise BudgetError(t("budget.error.plan_day", item=format_plan(plan),
                            last=days_in(month)))
    with database.atomic():
        row = Budget.get_or_none((Budget.branch == branch_id) & (Budget.month == month)
                                 & (Budget.account == account))
        if row is None:
            Budget.create(branch=branch_id, month=month, account=account,
                          amount_won=amount_won, plan=plan_to_json(plan))
        else:
            row.amount_won = amount_won
            row.plan = plan_to_json(plan)
            row.save()


def set_budgets(branch_id: str, month: Date,
                changes: list[tuple[str, int, tuple[PlanItem, ...]]]) -> None:
    """Several accounts' budgets at once: all are saved, or none."""
    with database.atomic():
        for account, amount_won, plan in changes:
            set_budget(branch_id, month, account, amount_won, plan)


def planned_cumulative(budget_won: int, plan: tuple[PlanItem, ...], days: int) -> list[int]:
    """Planned spending by the end of each day (index 0 is day 1), in whole won.

    Known items land on their days; the rest of the budget is spread evenly over
    the month's days. The last day reaches the budget exactly."""
    fixed = [0] * days
    for item in plan:
        fixed[min(max(item.day, 1), days) - 1] += item.amount_won
    rest = max(budget_won - sum(fixed), 0)
    result: list[int] = []
    running = 0
    for day in range(1, days + 1):
        running += fixed[day - 1]
        result.append(running + rest * day // days)
    return result


# --- burn-down -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Burndown:
    """One account's month (or all accounts'), as of `today`."""

    month: Date
    account: str  # an account code or ALL
    budget_won: int
    days: int  # days in the month
    elapsed: int  # days of the month up to and including today (0 before, `days` after)
    spent_by_day: tuple[int, ...]  # per day of the month
    planned: tuple[int, ...]  # planned cumulative spending per day
    spent_won: int  # up to and including today
    booked_ahead_won: int  # dated after today (a booked training, a paid-ahead kit)
    planned_to_date_won: int
    month_rate: float  # won per day over the elapsed days
    recent_rate: float  # won per day over the last (up to) 7 elapsed days
    projected_balance_won: int  # month end, at the month's rate
    projected_balance_recent_won: int  # month end, at the last 7 days' rate
    run_out_on: Date | None  # the day the money runs out at the month's rate
    run_out_on_recent: Date | None
    working_days_left: int  # from today (included) to the month's end
    today: Date
    warnings: tuple[str, ...] = field(default=())

    @property
    def remaining_won(self) -> int:
        return self.budget_won - self.spent_won

    @property
    def is_current(self) -> bool:
        """Today falls in this month."""
        return month_start(self.today) == self.month

    @property
    def ahead_of_plan_pct(self) -> float | None:
        """How far spending runs ahead of the plan, in % of the plan to date."""
        if self.planned_to_date_won <= 0:
            return None
        return (self.spent_won - self.planned_to_date_won) * 100 / self.planned_to_date_won

    @property
    def per_working_day_won(self) -> int | None:
        if self.working_days_left <= 0:
            return None
        return max(self.remaining_won - self.booked_ahead_won, 0) // self.working_days_left

    @property
    def warning(self) -> bool:
        return bool(self.warnings)

    def remaining_by_day(self) -> list[int]:
        """The actual remaining budget at the end of each elapsed day."""
        out: list[int] = []
        running = self.budget_won
        for day in range(self.elapsed):
            running -= self.spent_by_day[day]
            out.append(running)
        return out

    def planned_remaining(self) -> list[int]:
        return [self.budget_won - p for p in self.planned]

    def projection(self, rate: float) -> list[float]:
        """Remaining budget from today (index 0 = day `elapsed`) to the month's
        end at `rate` won per day, with booked-ahead expenses on their days."""
        start = self.budget_won - self.spent_won
        out: list[float] = [float(start)]
        booked = 0
        for day in range(self.elapsed + 1, self.days + 1):
            booked += self.spent_by_day[day - 1]
            out.append(start - rate * (day - self.elapsed) - booked)
        return out


def _run_out(month: Date, start: float, rate: float, elapsed: int, days: int,
             spent_by_day: tuple[int, ...]) -> Date | None:
    if start < 0:
        return None
    booked = 0
    for day in range(elapsed + 1, days + 1):
        booked += spent_by_day[day - 1]
        if start - rate * (day - elapsed) - booked < 0:
            return month.add(days=day - 1)
    return None


def compute_burndown(month: Date, account: str, budget_won: int, planned: list[int],
                     spent_by_day: list[int], today: Date,
                     workdays: list[Date] | None = None) -> Burndown:
    """The burn-down of one month as seen on `today` (pure arithmetic).

    `planned` and `spent_by_day` have one entry per day of the month;
    `workdays` are the month's working days (default: Mon-Sat without holidays).
    """
    month = month_start(month)
    days = days_in(month)
    if len(planned) != days or len(spent_by_day) != days:
        raise ValueError("one value per day of the month")
    last = month_end(month)
    if today < month:
        elapsed = 0
    elif today > last:
        elapsed = days
    else:
        elapsed = today.day
    spent = sum(spent_by_day[:elapsed])
    booked = sum(spent_by_day[elapsed:])
    planned_to_date = planned[elapsed - 1] if elapsed else 0
    month_rate = spent / elapsed if elapsed else 0.0
    window = min(RECENT_DAYS, elapsed)
    recent_rate = sum(spent_by_day[elapsed - window:elapsed]) / window if window else 0.0
    left = days - elapsed
    remaining = budget_won - spent
    balance = remaining - booked - math.ceil(month_rate * left - 1e-9)
    balance_recent = remaining - booked - math.ceil(recent_rate * left - 1e-9)
    if workdays is None:
        workdays = working_days(month, last)
    working_left = sum(1 for d in workdays if today <= d <= last)
    spent_tuple = tuple(spent_by_day)
    burndown = Burndown(
        month=month, account=account, budget_won=budget_won, days=days, elapsed=elapsed,
        spent_by_day=spent_tuple, planned=tuple(planned), spent_won=spent,
        booked_ahead_won=booked, planned_to_date_won=planned_to_date,
        month_rate=month_rate, recent_rate=recent_rate,
        projected_balance_won=balance, projected_balance_recent_won=balance_recent,
        run_out_on=_run_out(month, remaining, month_rate, elapsed, days, spent_tuple),
        run_out_on_recent=_run_out(month, remaining, recent_rate, elapsed, days, spent_tuple),
        working_days_left=working_left, today=today,
    )
    return replace(burndown, warnings=_warnings(burndown))


def _warnings(b: Burndown) -> tuple[str, ...]:
    found: list[str] = []
    if b.budget_won == 0 and b.spent_won + b.booked_ahead_won == 0:
        return ()
    if b.remaining_won < 0:
        found.append("overspent")
    elif b.projected_balance_won < 0:
        found.append("projected_overspend")
    elif b.projected_balance_recent_won < 0 and b.elapsed < b.days:
        found.append("recent_overspend")
    pct = b.ahead_of_plan_pct
    if b.elapsed < b.days and ((pct is not None and pct > AHEAD_WARNING_PCT)
                               or (b.planned_to_date_won == 0 and b.spent_won > 0)):
        found.append("ahead_of_plan")
    return tuple(found)


# --- loading a month ----------------------------------------------------------------------


def daily_spent(branch_id: str, month: Date) -> dict[str, list[int]]:
    """Spending per account and day of `month` (one GROUP BY over the covering index)."""
    month = month_start(month)
    days = days_in(month)
    result = {account: [0] * days for account in ACCOUNTS}
    query = (Expense.select(Expense.spent_on, Expense.account, fn.SUM(Expense.amount_won))
             .where((Expense.branch == branch_id) & (Expense.spent_on >= month)
                    & (Expense.spent_on <= month_end(month)))
             .group_by(Expense.spent_on, Expense.account)
             .tuples())
    for spent_on, account, total in query:
        if account in result:
            result[account][spent_on.day - 1] += int(total)
    return result


@dataclass(frozen=True)
class MonthView:
    """Everything the Budget screen shows for one month, except the expense list."""

    month: Date
    today: Date
    budgets: dict[str, AccountBudget]
    burndowns: dict[str, Burndown]  # per account and ALL

    def burndown(self, account: str) -> Burndown:
        return self.burndowns[account]


@lru_cache(maxsize=48)
def _month_workdays(month: Date) -> tuple[Date, ...]:
    return tuple(working_days(month, month_end(month)))


def month_view(branch_id: str, month: Date, today: Date) -> MonthView:
    month = month_start(month)
    days = days_in(month)
    budgets = budgets_for(branch_id, month)
    spent = daily_spent(branch_id, month)
    workdays = list(_month_workdays(month))
    burndowns: dict[str, Burndown] = {}
    all_planned = [0] * days
    all_spent = [0] * days
    for account in ACCOUNTS:
        budget = budgets[account]
        planned = planned_cumulative(budget.amount_won, budget.plan, days)
        burndowns[account] = compute_burndown(month, account, budget.amount_won, planned,
                                              spent[account], today, workdays)
        all_planned = [a + b for a, b in zip(all_planned, planned, strict=True)]
        all_spent = [a + b for a, b in zip(all_spent, spent[account], strict=True)]
    total = sum(b.amount_won for b in budgets.values())
    burndowns[ALL] = compute_burndown(month, ALL, total, all_planned, all_spent, today, workdays)
    return MonthView(month, today, budgets, burndowns)


# --- the pace, for Today and the meeting agenda --------------------------------------------


@dataclass(frozen=True)
class MonthPace:
    """This month's budget against the plan, all accounts together."""

    month: Date
    budget_won: int
    spent_won: int
    planned_to_date_won: int
    ahead_of_plan_pct: float | None
    projected_balance_won: int  # month end, at the month's rate
    warning: bool
    warning_kind: str  # "" or one of WARNING_KINDS (the most severe found)
    accounts_warned: tuple[str, ...]  # accounts with a warning of their own
    account_kinds: tuple[tuple[str, str], ...] = ()  # (account, its most severe kind)

    @property
    def message(self) -> str:
        """One line for the Today screen or the agenda ("" when all is well)."""
        return pace_message(self)


def month_pace(branch_id: str, today: Date) -> MonthPace:
    view = month_view(branch_id, today, today)
    whole = view.burndown(ALL)
    kinds = set(whole.warnings)
    warned = tuple(a for a in ACCOUNTS if view.burndown(a).warnings)
    for account in warned:
        kinds.update(view.burndown(account).warnings)
    kind = next((k for k in WARNING_KINDS if k in kinds), "")
    account_kinds = tuple((a, view.burndown(a).warnings[0]) for a in warned)
    return MonthPace(
        month=view.month, budget_won=whole.budget_won, spent_won=whole.spent_won,
        planned_to_date_won=whole.planned_to_date_won,
        ahead_of_plan_pct=whole.ahead_of_plan_pct,
        projected_balance_won=whole.projected_balance_won,
        warning=bool(kind), warning_kind=kind, accounts_warned=warned,
        account_kinds=account_kinds,
    )


def pace_message(pace: MonthPace) -> str:
    """The warning in one line: each kind found, with the accounts it concerns,
    most severe first, e.g. "Over budget: Promotion · Projected to overspend …:
    Operating, Training"."""
    if not pace.warning:
        return ""
    parts: list[str] = []
    for kind in WARNING_KINDS:
        names = [t(f"budget.account.{a}") for a, k in pace.account_kinds if k == kind]
        if names:
            parts.append(f"{t(f'budget.warning.{kind}')}: {', '.join(names)}")
    return " · ".join(parts) or t(f"budget.warning.{pace.warning_kind}")


# --- expenses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenseDraft:
    spent_on: Date
    account: str
    amount_won: int
    category: str = ""
    payee: str = ""
    memo: str = ""
    training_id: str | None = None
    promotion_id: str | None = None


@dataclass(frozen=True)
class ExpenseRow:
    id: str
    spent_on: Date
    account: str
    category: str
    amount_won: int
    payee: str
    memo: str
    training_id: str | None
    promotion_id: str | None
    link_title: str  # the linked training's or promotion's title, or ""
    created_at: Any = None

    def draft(self) -> ExpenseDraft:
        return ExpenseDraft(self.spent_on, self.account, self.amount_won, self.category,
                            self.payee, self.memo, self.training_id, self.promotion_id)


def check_draft(draft: ExpenseDraft, month: Date) -> ExpenseDraft:
    """The draft, cleaned; raises BudgetError for a date outside `month`, an unknown
    account, an amount that is not a positive whole number of won."""
    month = month_start(month)
    if draft.account not in ACCOUNTS:
        raise BudgetError(t("budget.error.account", account=draft.account,
                            accounts=", ".join(ACCOUNTS)))
    if month_start(draft.spent_on) != month:
        raise BudgetError(t("budget.error.date_outside", text=draft.spent_on.isoformat(),
                            first=month.isoformat(), last=month_end(month).isoformat()))
    amount = draft.amount_won
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise BudgetError(t("budget.error.expense_amount"))
    return replace(draft, category=draft.category.strip()[:MAX_TEXT],
                   payee=draft.payee.strip()[:MAX_TEXT], memo=draft.memo.strip()[:MAX_MEMO],
                   training_id=draft.training_id or None,
                   promotion_id=draft.promotion_id or None)


def _fields(draft: ExpenseDraft) -> dict[str, object]:
    return {"spent_on": draft.spent_on, "account": draft.account,
            "amount_won": draft.amount_won, "category": draft.category, "payee": draft.payee,
            "memo": draft.memo, "training": draft.training_id,
            "promotion": draft.promotion_id}


def add_expense(branch_id: str, draft: ExpenseDraft, month: Date) -> str:
    draft = check_draft(draft, month)
    with database.atomic():
        row = Expense.create(branch=branch_id, **_fields(draft))
    return row.id


def get_expense(branch_id: str, expense_id: str) -> ExpenseRow | None:
    found = [_dict_row(r) for r in _expense_query(branch_id, with_created=True)
             .where(Expense.id == expense_id)]
    return found[0] if found else None


def update_expense(branch_id: str, expense_id: str, draft: ExpenseDraft,
                   month: Date) -> ExpenseRow:
    """Change an expense; returns it as it was before (for undo)."""
    draft = check_draft(draft, month)
    with database.atomic():
        before = get_expense(branch_id, expense_id)
        if before is None:
            raise BudgetError(t("budget.error.gone"))
        row = Expense.get_by_id(expense_id)
        for name, value in _fields(draft).items():
            setattr(row, name, value)
        row.save()
    return before


def delete_expense(branch_id: str, expense_id: str) -> ExpenseRow:
    """Delete an expense; returns it whole, so that undo can put it back."""
    with database.atomic():
        before = get_expense(branch_id, expense_id)
        if before is None:
            raise BudgetError(t("budget.error.gone"))
        Expense.delete().where(Expense.id == expense_id).execute()
    return before


def restore_expense(branch_id: str, row: ExpenseRow) -> None:
    """Put a deleted expense back with its own id (undo of a delete)."""
    draft = check_draft(row.draft(), row.spent_on)
    fields = _fields(draft)
    if row.created_at is not None:
        fields["created_at"] = row.created_at
    with database.atomic():
        Expense.create(id=row.id, branch=branch_id, **fields)


def _expense_query(branch_id: str, *, with_created: bool = False) -> Any:
    columns = [Expense.id, Expense.spent_on, Expense.account, Expense.category,
               Expense.amount_won, Expense.payee, Expense.memo, Expense.training,
               Expense.promotion, Training.title.alias("training_title"),
               Promotion.title.alias("promotion_title")]
    if with_created:  # converting instants is costly: only for the one row undo keeps
        columns.append(Expense.created_at)
    return (Expense.select(*columns)
            .join(Training, JOIN.LEFT_OUTER, on=(Expense.training == Training.id))
            .switch(Expense)
            .join(Promotion, JOIN.LEFT_OUTER, on=(Expense.promotion == Promotion.id))
            .where(Expense.branch == branch_id)
            .dicts())


def _month_filter(query: Any, month: Date, account: str, category: str) -> Any:
    query = query.where((Expense.spent_on >= month) & (Expense.spent_on <= month_end(month)))
    if account != ALL:
        query = query.where(Expense.account == account)
    if category.strip():
        query = query.where(fn.LOWER(Expense.category).contains(category.strip().lower()))
    return query


def month_expenses(branch_id: str, month: Date, account: str = ALL, category: str = "",
                   limit: int | None = None) -> list[ExpenseRow]:
    """The month's expenses, newest first; filtered by account and by category
    (a case-insensitive part of it); at most `limit` of them."""
    month = month_start(month)
    query = _month_filter(_expense_query(branch_id), month, account, category).order_by(
        Expense.spent_on.desc(), Expense.created_at.desc(), Expense.id)
    if limit is not None:
        query = query.limit(limit)
    return [_dict_row(r) for r in query]


def count_expenses(branch_id: str, month: Date, account: str = ALL, category: str = "") -> int:
    """How many expenses `month_expenses` would list without a limit."""
    query = Expense.select(fn.COUNT(SQL("*"))).where(Expense.branch == branch_id)
    return int(_month_filter(query, month_start(month), account, category).scalar() or 0)


def _dict_row(r: dict[str, Any]) -> ExpenseRow:
    return ExpenseRow(
        id=r["id"], spent_on=r["spent_on"], account=r["account"], category=r["category"],
        amount_won=r["amount_won"], payee=r["payee"], memo=r["memo"],
        training_id=r["training"], promotion_id=r["promotion"],
        link_title=r["training_title"] or r["promotion_title"] or "",
        created_at=r.get("created_at"))


def month_categories(branch_id: str, month: Date) -> list[str]:
    month = month_start(month)
    query = (Expense.select(Expense.category).distinct()
             .where((Expense.branch == branch_id) & (Expense.spent_on >= month)
                    & (Expense.spent_on <= month_end(month)) & (Expense.category != ""))
             .order_by(Expense.category).tuples())
    return [c for (c,) in query]


@dataclass(frozen=True)
class Link:
    kind: str  # "training" or "promotion"
    id: str
    title: str
    on: Date


def linkable(branch_id: str, month: Date) -> list[Link]:
    """Trainings in the month and promotions running in it, to link an expense to."""
    month = month_start(month)
    last = month_end(month)
    trainings = (Training.select(Training.id, Training.title, Training.date)
                 .where((Training.branch == branch_id) & (Training.date >= month)
                        & (Training.date <= last)).order_by(Training.date))
    promotions = (Promotion.select(Promotion.id, Promotion.title, Promotion.starts_on)
                  .where((Promotion.branch == branch_id) & (Promotion.starts_on <= last)
                         & (Promotion.ends_on >= month)).order_by(Promotion.starts_on))
    return ([Link("training", r.id, r.title, r.date) for r in trainings]
            + [Link("promotion", r.id, r.title, r.starts_on) for r in promotions])


# --- the month report for HQ ----------------------------------------------------------------


@dataclass(frozen=True)
class CategoryLine:
    category: str
    count: int
    spent_won: int


@dataclass(frozen=True)
class AccountReport:
    account: str
    budget_won: int
    spent_won: int
    categories: tuple[CategoryLine, ...]

    @property
    def remaining_won(self) -> int:
        return self.budget_won - self.spent_won


@dataclass(frozen=True)
class MonthReport:
    branch_name: str
    branch_code: str
    month: Date
    accounts: tuple[AccountReport, ...]

    @property
    def budget_won(self) -> int:
        return sum(a.budget_won for a in self.accounts)

    @property
    def spent_won(self) -> int:
        return sum(a.spent_won for a in self.accounts)


def month_report(branch_id: str, month: Date) -> MonthReport:
    month = month_start(month)
    branch = Branch.get_by_id(branch_id)
    budgets = budgets_for(branch_id, month)
    query = (Expense.select(Expense.account, Expense.category, fn.COUNT(Expense.id),
                            fn.SUM(Expense.amount_won))
             .where((Expense.branch == branch_id) & (Expense.spent_on >= month)
                    & (Expense.spent_on <= month_end(month)))
             .group_by(Expense.account, Expense.category)
             .order_by(Expense.account, fn.SUM(Expense.amount_won).desc()).tuples())
    lines: dict[str, list[CategoryLine]] = {a: [] for a in ACCOUNTS}
    for account, category, count, total in query:
        lines.setdefault(account, []).append(CategoryLine(category, int(count), int(total)))
    accounts = tuple(
        AccountReport(a, budgets[a].amount_won, sum(c.spent_won for c in lines[a]),
                      tuple(lines[a]))
        for a in ACCOUNTS)
    return MonthReport(branch.name, branch.code, month, accounts)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _share(spent: int, budget: int) -> str:
    return f"{spent * 100 / budget:.1f}%" if budget else "—"


def report_markdown(report: MonthReport) -> str:
    """The month's report for HQ as Markdown: accounts, then categories per account."""
    lines = [
        "# " + t("budget.report.title", branch=_md_cell(report.branch_name),
                 code=_md_cell(report.branch_code), month=format_month(report.month)),
        "",
        f"| {t('budget.report.account')} | {t('budget.report.budget')} | "
        f"{t('budget.report.spent')} | {t('budget.report.remaining')} | "
        f"{t('budget.report.share')} |",
        "|---|--:|--:|--:|--:|",
    ]
    for a in report.accounts:
        lines.append(f"| {t('budget.account.' + a.account)} | {format_won(a.budget_won)} | "
                     f"{format_won(a.spent_won)} | {format_won(a.remaining_won)} | "
                     f"{_share(a.spent_won, a.budget_won)} |")
    lines.append(f"| **{t('budget.report.total')}** | **{format_won(report.budget_won)}** | "
                 f"**{format_won(report.spent_won)}** | "
                 f"**{format_won(report.budget_won - report.spent_won)}** | "
                 f"**{_share(report.spent_won, report.budget_won)}** |")
    for a in report.accounts:
        lines += ["", f"## {t('budget.account.' + a.account)}", ""]
        if not a.categories:
            lines.append(t("budget.report.no_expenses"))
            continue
        lines += [f"| {t('budget.report.category')} | {t('budget.report.count')} | "
                  f"{t('budget.report.spent')} |", "|---|--:|--:|"]
        for c in a.categories:
            name = _md_cell(c.category) or t("budget.report.uncategorised")
            lines.append(f"| {name} | {c.count} | {format_won(c.spent_won)} |")
    return "\n".join(lines) + "\n"


def report_table(report: MonthReport) -> tuple[list[str], list[list[object]]]:
    """The report as one flat table (for CSV): a line per account and category,
    then the account's total with its budget and what remains. Money in plain won."""
    header = [t("budget.report.month"), t("budget.report.account_code"),
              t("budget.report.account"), t("budget.report.category"),
              t("budget.report.count"), t("budget.report.spent_won"),
              t("budget.report.budget_won"), t("budget.report.remaining_won")]
    month = report.month.format("YYYY-MM")
    rows: list[list[object]] = []
    for a in report.accounts:
        name = t("budget.account." + a.account)
        for c in a.categories:
            rows.append([month, a.account, name,
                         c.category or t("budget.report.uncategorised"), c.count,
                         c.spent_won, "", ""])
        rows.append([month, a.account, name, t("budget.report.total"),
                     sum(c.count for c in a.categories), a.spent_won, a.budget_won,
                     a.remaining_won])
    rows.append([month, ALL, t("budget.account.all"), t("budget.report.total"),
                 sum(c.count for a in report.accounts for c in a.categories),
                 report.spent_won, report.budget_won, report.budget_won - report.spent_won])
    return header, rows


REPORT_FORMATS = ("md", "csv")
_REPORT_SUFFIXES = {".md", ".markdown", ".csv"}


def report_paths(path: Path, formats: tuple[str, ...] = REPORT_FORMATS) -> dict[str, Path]:
    """Where each format goes: `path` with the format's extension, side by side
    (budget-2026-11 or budget-2026-11.md -> budget-2026-11.md and budget-2026-11.csv)."""
    stem = path.with_suffix("") if path.suffix.lower() in _REPORT_SUFFIXES else path
    return {fmt: stem.with_name(f"{stem.name}.{fmt}") for fmt in formats}


def write_report(report: MonthReport, path: Path, fmt: str) -> None:
    """Write the report as Markdown ("md") or CSV for Excel ("csv"), replacing `path`
    whole or not at all; a failure raises BudgetError saying why."""
    if fmt == "csv":
        header, rows = report_table(report)
        try:
            write_table(path, header, rows)
        except CsvError as error:
            raise BudgetError(str(error)) from None
        return
    if not path.name or path.is_dir():
        raise BudgetError(t("budget.report.folder", path=path))
    try:
        with replaced_whole(path) as partial:
            partial.write_text(report_markdown(report), encoding="utf-8")
    except OSError as error:
        raise BudgetError(t("budget.report.cannot_write", path=path,
                            reason=error.strerror)) from None
