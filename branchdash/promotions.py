"""Sales promotions: a period, a budget on the promotion account, a target, the result.

Money spent on a promotion is an ordinary Expense on the "promotion" account
linked to it, so the Budget screen counts it like any other. The result is read
from the store over the promotion's period (up to today while it runs):

- the target metric's value against the target;
- the lift against the baseline, the same number of days just before the start,
  and against the lift expected when it was planned;
- the cost per result: per sale, per recruit, per newly active partner (a partner
  who became active through an HR "activate" event in the period).

Amounts per result are whole won, rounded half up; a result of zero gives no
cost per result (None), never a division by zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn
from pendulum import Date

from branchdash.data.models import (
    GOAL_METRICS,
    Attendance,
    Budget,
    DailyResult,
    Expense,
    Partner,
    PartnerEvent,
    Promotion,
    Training,
    database,
)
from branchdash.errors import RefusedChange
from branchdash.money import MAX_WON

MAX_LIFT_PCT = 1000
MAX_TARGET = 1_000_000_000_000  # won or a count: more is a typo
METRICS = GOAL_METRICS


class PromotionError(RefusedChange):
    """A refused change; `str()` is the translated message saying what to do."""


@dataclass(frozen=True)
class PromotionView:
    id: str
    branch_id: str
    title: str
    starts_on: Date
    ends_on: Date
    budget_won: int
    target_metric: str
    target_value: int
    expected_lift_pct: int
    notes: str
    spent_won: int

    def phase(self, today: Date) -> str:
        """"upcoming", "running" or "ended"."""
        if today < self.starts_on:
            return "upcoming"
        return "running" if today <= self.ends_on else "ended"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@dataclass(frozen=True)
class Figures:
    """What happened in the branch over some days."""

    sales_count: int
    sales_won: int
    recruits: int
    active_partners: int  # distinct partners with at least one sale
    newly_active: int  # HR "activate" events
    training_attendance: int  # present at a training

    def metric(self, name: str) -> int:
        return int(getattr(self, name))


@dataclass(frozen=True)
class PromotionResult:
    promotion: PromotionView
    phase: str
    measured_to: Date  # the last day counted (the end, or today while it runs)
    actual: Figures
    baseline: Figures  # the same number of days just before the start
    actual_value: int  # of the target metric
    baseline_value: int
    expected_value: int  # baseline raised by the expected lift
    achieved_pct: int | None  # actual against target; None without a target
    lift_pct: int | None  # actual against baseline; None without a baseline
    spent_won: int
    budget_left_won: int
    cost_per_sale: int | None
    cost_per_recruit: int | None
    cost_per_new_active: int | None
    cost_per_result: int | None  # per unit of the target metric (not for sales in won)
    cost_ratio_pct: float | None  # spent as a share of sales in won

    @property
    def met(self) -> bool:
        return self.promotion.target_value > 0 and self.actual_value >= \
            self.promotion.target_value


@dataclass(frozen=True)
class ExpenseLine:
    id: str
    spent_on: Date
    amount_won: int
    category: str
    payee: str
    memo: str


# --- arithmetic ---------------------------------------------------------------------------


def per(amount: int, count: int) -> int | None:
    """`amount` shared over `count` results, whole won rounded half up; None for no results."""
    if count <= 0:
        return None
    return (amount * 2 + count) // (count * 2)


def percent(part: int, whole: int) -> int | None:
    """part/whole as a whole percent, halves rounded away from zero; None when whole
    is zero."""
    if whole <= 0:
        return None
    size = (abs(part) * 200 + whole) // (whole * 2)
    return -size if part < 0 else size


def lifted(baseline: int, lift_pct: int) -> int:
    return per(baseline * (100 + lift_pct), 100) or 0


# --- reading ---------------------------------------------------------------------------


def _spent(promotion_ids: list[str]) -> dict[str, int]:
    if not promotion_ids:
        return {}
    rows = (Expense.select(Expense.promotion, fn.SUM(Expense.amount_won))
            .where(Expense.promotion.in_(promotion_ids))
            .group_by(Expense.promotion).tuples())
    return {pid: int(total) for pid, total in rows}


def _view(row: Promotion, spent: int | None = None) -> PromotionView:
    if spent is None:
        spent = _spent([row.id]).get(row.id, 0)
    return PromotionView(row.id, row.branch_id, row.title, row.starts_on, row.ends_on,
                         row.budget_won, row.target_metric, row.target_value,
                         row.expected_lift_pct, row.notes, spent)


def _get(promotion_id: str) -> Promotion:
    row = Promotion.get_or_none(Promotion.id == promotion_id)
    if row is None:
        raise PromotionError("promotions.error.not_found")
    return row


def get_promotion(promotion_id: str) -> PromotionView:
    return _view(_get(promotion_id))


def list_promotions(branch_id: str) -> list[PromotionView]:
    """Newest first."""
    rows = list(Promotion.select().where(Promotion.branch == branch_id)
                .order_by(Promotion.starts_on.desc(), Promotion.title))
    spent = _spent([row.id for row in rows])
    return [_view(row, spent.get(row.id, 0)) for row in rows]


def expenses(promotion_id: str) -> list[ExpenseLine]:
    rows = (Expense.select().where(Expense.promotion == promotion_id)
            .order_by(Expense.spent_on, Expense.created_at))
    return [ExpenseLine(r.id, r.spent_on, r.amount_won, r.category, r.payee, r.memo)
            for r in rows]


def account_budget(branch_id: str, starts_on: Date, ends_on: Date) -> int:
    """The promotion account's budget over the months the period touches."""
    return int(Budget.select(fn.COALESCE(fn.SUM(Budget.amount_won), 0)).where(
        (Budget.branch == branch_id) & (Budget.account == "promotion")
        & (Budget.month >= starts_on.start_of("month")) & (Budget.month <= ends_on)).scalar())


def figures(branch_id: str, first: Date, last: Date) -> Figures:
    """The branch's figures from `first` to `last`, both included."""
    results = DailyResult.select().where((DailyResult.branch == branch_id)
                                         & (DailyResult.date >= first)
                                         & (DailyResult.date <= last))
    count, won = results.select(fn.COALESCE(fn.SUM(DailyResult.sales_count), 0),
                                fn.COALESCE(fn.SUM(DailyResult.sales_won), 0)
                                ).scalar(as_tuple=True)
    selling = (results.where(DailyResult.sales_count > 0)
               .select(fn.COUNT(fn.DISTINCT(DailyResult.partner))).scalar() or 0)

    def events(kind: str) -> int:
        return (PartnerEvent.select().join(Partner)
                .where((Partner.branch == branch_id) & (PartnerEvent.kind == kind)
                       & (PartnerEvent.occurred_on >= first)
                       & (PartnerEvent.occurred_on <= last)).count())

    present = (Attendance.select().join(Training)
               .where((Training.branch == branch_id) & (Attendance.status == "present")
                      & (Training.date >= first) & (Training.date <= last)).count())
    return Figures(int(count), int(won), events("recruit"), int(selling), events("activate"),
                   present)


def result(promotion_id: str, today: Date) -> PromotionResult:
    """The promotion's result so far (or final, after its end)."""
    view = get_promotion(promotion_id)
    phase = view.phase(today)
    measured_to = min(view.ends_on, today)
    if phase == "upcoming":
        measured_to = view.starts_on.subtract(days=1)  # nothing counted yet
    actual = (figures(view.branch_id, view.starts_on, measured_to) if phase != "upcoming"
              else Figures(0, 0, 0, 0, 0, 0))
    days = view.days if phase == "upcoming" else (measured_to - view.starts_on).days + 1
    base_last = view.starts_on.subtract(days=1)
    baseline = figures(view.branch_id, base_last.subtract(days=days - 1), base_last)
    metric = view.target_metric
    actual_value, baseline_value = actual.metric(metric), baseline.metric(metric)
    spent = view.spent_won
    return PromotionResult(
        promotion=view, phase=phase, measured_to=measured_to, actual=actual,
        baseline=baseline, actual_value=actual_value, baseline_value=baseline_value,
        expected_value=lifted(baseline_value, view.expected_lift_pct),
        achieved_pct=percent(actual_value, view.target_value),
        lift_pct=(percent(actual_value - baseline_value, baseline_value)
                  if baseline_value > 0 else None),
        spent_won=spent, budget_left_won=view.budget_won - spent,
        cost_per_sale=per(spent, actual.sales_count),
        cost_per_recruit=per(spent, actual.recruits),
        cost_per_new_active=per(spent, actual.newly_active),
        cost_per_result=None if metric == "sales_won" else per(spent, actual_value),
        cost_ratio_pct=(round(spent * 100 / actual.sales_won, 1) if actual.sales_won > 0
                        else None),
    )


# --- writing ----------------------------------------------------------------------------


def _check(title: str, starts_on: Date, ends_on: Date, budget_won: int, target_metric: str,
           target_value: int, expected_lift_pct: int) -> None:
    if not title:
        raise PromotionError("promotions.error.title")
    if ends_on < starts_on:
        raise PromotionError("promotions.error.period")
    if isinstance(budget_won, bool) or not isinstance(budget_won, int) or not (
            0 <= budget_won <= MAX_WON):
        raise PromotionError("promotions.error.budget")
    if target_metric not in GOAL_METRICS:
        raise PromotionError("promotions.error.metric")
    if isinstance(target_value, bool) or not isinstance(target_value, int) or target_value < 0:
        raise PromotionError("promotions.error.target")
    if target_value > MAX_TARGET:  # a typo, and more than the store's integers hold
        raise PromotionError("promotions.error.target_large", most=f"{MAX_TARGET:,}")
    if not -100 < expected_lift_pct <= MAX_LIFT_PCT:
        raise PromotionError("promotions.error.lift", most=MAX_LIFT_PCT)


def create_promotion(branch_id: str, *, title: str, starts_on: Date, ends_on: Date,
                     budget_won: int, target_metric: str, target_value: int,
                     expected_lift_pct: int = 0, notes: str = "") -> PromotionView:
    title = title.strip()
    _check(title, starts_on, ends_on, budget_won, target_metric, target_value,
           expected_lift_pct)
    with database.atomic():
        row = Promotion.create(branch=branch_id, title=title, starts_on=starts_on,
                               ends_on=ends_on, budget_won=budget_won,
                               target_metric=target_metric, target_value=target_value,
                               expected_lift_pct=expected_lift_pct, notes=notes.strip())
    return _view(row, 0)


def update_promotion(promotion_id: str, *, title: str, starts_on: Date, ends_on: Date,
                     budget_won: int, target_metric: str, target_value: int,
                     expected_lift_pct: int, notes: str) -> PromotionView:
    title = title.strip()
    _check(title, starts_on, ends_on, budget_won, target_metric, target_value,
           expected_lift_pct)
    with database.atomic():
        row = _get(promotion_id)
        row.title, row.starts_on, row.ends_on = title, starts_on, ends_on
        row.budget_won, row.target_metric, row.target_value = (budget_won, target_metric,
                                                               target_value)
        row.expected_lift_pct, row.notes = expected_lift_pct, notes.strip()
        row.save()
    return _view(row)


def delete_promotion(promotion_id: str) -> None:
    """Only a promotion with no money booked on it (remove its expenses first)."""
    with database.atomic():
        row = _get(promotion_id)
        if Expense.select().where(Expense.promotion == row.id).exists():
            raise PromotionError("promotions.error.has_expenses")
        row.delete_instance()


def book_expense(promotion_id: str, amount_won: int, spent_on: Date, *, category: str = "",
                 payee: str = "", memo: str = "") -> ExpenseLine:
    """Money spent on the promotion: an Expense on the "promotion" account, linked."""
    if isinstance(amount_won, bool) or not isinstance(amount_won, int) or amount_won <= 0:
        raise PromotionError("promotions.error.amount")
    with database.atomic():
        row = _get(promotion_id)
        expense = Expense.create(branch=row.branch_id, spent_on=spent_on, account="promotion",
                                 category=category.strip(), amount_won=amount_won,
                                 payee=payee.strip(), memo=memo.strip() or row.title,
                                 promotion=row.id)
    return ExpenseLine(expense.id, expense.spent_on, expense.amount_won, expense.category,
                       expense.payee, expense.memo)


def remove_expense(promotion_id: str, expense_id: str) -> None:
    with database.atomic():
        deleted = Expense.delete().where((Expense.id == expense_id)
                                         & (Expense.promotion == promotion_id)).execute()
        if not deleted:
            raise PromotionError("promotions.error.expense_not_found")
