"""The headline figures of the branch on one day, for the Today screen's side.

Plain values from the store; each later area (goals, budget, directives)
brings its own richer rules, and this stays the short summary.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import fn
from pendulum import Date

from branchdash.data.models import (
    ActionItem,
    Budget,
    DailyResult,
    Directive,
    Expense,
    Partner,
    Training,
)


@dataclass(frozen=True)
class Overview:
    registered: int  # partners not resigned (and past candidate)
    active_this_month: int  # partners with at least one sale this calendar month
    sales_today_won: int
    sales_month_won: int
    sales_month_count: int
    budget_month_won: int
    spent_month_won: int
    directives_due: int  # not done, due today or overdue
    directives_overdue: int
    actions_due: int  # open, due today or overdue
    actions_overdue: int
    trainings_today: list[str]
    # the first few of each, to name them on the agenda: (title, due date)
    directives: list[tuple[str, Date]] = field(default_factory=list)
    actions: list[tuple[str, Date]] = field(default_factory=list)
    # from the goals area, once it exists: today's target and actual (None: no goals set)
    goal_target_won: int | None = None
    goal_actual_won: int | None = None
    # from the budget area, once it exists: "" when the month is on plan
    budget_warning: str = ""


AGENDA_ITEMS = 4  # how many directives / action items the agenda names


def _optional(module: str, name: str) -> Callable[..., object] | None:
    """A rule of another area, when that area has landed (the agenda leaves its line out
    until then rather than faking it)."""
    try:
        found = importlib.import_module(f"branchdash.{module}")
    except ImportError:
        return None
    rule = getattr(found, name, None)
    return rule if callable(rule) else None


def branch_overview(branch_id: str, day: Date) -> Overview:
    month_start = day.start_of("month")
    registered = Partner.select().where(
        (Partner.branch == branch_id) & Partner.status.in_(("trainee", "active", "inactive"))
    ).count()
    month_results = DailyResult.select().where(
        (DailyResult.branch == branch_id)
        & (DailyResult.date >= month_start) & (DailyResult.date <= day)
    )
    active = (
        month_results.where(DailyResult.sales_count > 0)
        .select(fn.COUNT(fn.DISTINCT(DailyResult.partner)))
        .scalar() or 0
    )
    month_won, month_count = month_results.select(
        fn.COALESCE(fn.SUM(DailyResult.sales_won), 0),
        fn.COALESCE(fn.SUM(DailyResult.sales_count), 0),
    ).scalar(as_tuple=True)
    today_won = month_results.where(DailyResult.date == day).select(
        fn.COALESCE(fn.SUM(DailyResult.sales_won), 0)).scalar()
    budget = Budget.select(fn.COALESCE(fn.SUM(Budget.amount_won), 0)).where(
        (Budget.branch == branch_id) & (Budget.month == month_start)).scalar()
    spent = Expense.select(fn.COALESCE(fn.SUM(Expense.amount_won), 0)).where(
        (Expense.branch == branch_id)
        & (Expense.spent_on >= month_start) & (Expense.spent_on <= day.end_of("month"))
    ).scalar()
    open_directives = Directive.select().where(
        (Directive.branch == branch_id) & (Directive.status != "done")
        & Directive.due_on.is_null(False) & (Directive.due_on <= day)
    )
    open_actions = ActionItem.select().where(
        (ActionItem.branch == branch_id) & (ActionItem.status == "open")
        & ActionItem.due_on.is_null(False) & (ActionItem.due_on <= day)
    )
    trainings = Training.select(Training.title).where(
        (Training.branch == branch_id) & (Training.date == day)
    ).order_by(Training.start)
    goal_target = goal_actual = None
    day_progress = _optional("goals", "day_progress")
    if day_progress is not None:
        progress = day_progress(branch_id, day)
        if progress is not None:
            goal_target = int(getattr(progress, "target_won", 0))
            goal_actual = int(getattr(progress, "actual_won", 0))
    budget_warning = ""
    month_pace = _optional("budget", "month_pace")
    if month_pace is not None:
        pace = month_pace(branch_id, day)
        if getattr(pace, "warning", False):
            budget_warning = str(getattr(pace, "message", "") or "")
    return Overview(
        registered=registered,
        active_this_month=active,
        sales_today_won=int(today_won),
        sales_month_won=int(month_won),
        sales_month_count=int(month_count),
        budget_month_won=int(budget),
        spent_month_won=int(spent),
        directives_due=open_directives.count(),
        directives_overdue=open_directives.where(Directive.due_on < day).count(),
        actions_due=open_actions.count(),
        actions_overdue=open_actions.where(ActionItem.due_on < day).count(),
        trainings_today=[row.title for row in trainings],
        directives=[(row.title, row.due_on) for row in
                    open_directives.order_by(Directive.due_on, Directive.title)
                    .limit(AGENDA_ITEMS)],
        actions=[(row.text, row.due_on) for row in
                 open_actions.order_by(ActionItem.due_on, ActionItem.created_at)
                 .limit(AGENDA_ITEMS)],
        goal_target_won=goal_target,
        goal_actual_won=goal_actual,
        budget_warning=budget_warning,
    )
