"""HQ's roll-up: the branches pushed into one database, side by side.

Each branch's figures come from the same rules its own screens use (the active
rule, the goals cascade's month target, the budget's pace, the directives'
counts), so a branch manager and HQ read the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pendulum
from peewee import fn
from pendulum import Date

from branchdash.budget import month_pace
from branchdash.data.branches import BranchInfo
from branchdash.data.models import Branch, DailyResult, Goal, PushRecord
from branchdash.directives import counts as directive_counts
from branchdash.results import active_count, active_rule_or_default, registered_count

COLUMNS = ("name", "headcount", "active", "sales", "sales_pct", "burn", "burn_pct",
           "directives", "last_push")


@dataclass(frozen=True)
class BranchFigures:
    branch_id: str
    code: str
    name: str
    region: str
    headcount: int  # registered partners (trainee, active, inactive)
    active: int  # active partners today, by the database's active rule
    sales_won: int  # this month to today
    target_won: int | None  # this month's sales target; None: no goal set
    budget_won: int  # this month, all accounts
    spent_won: int
    planned_won: int  # what the plan allows spent by today
    open_directives: int
    overdue_directives: int
    last_push: pendulum.DateTime | None

    @property
    def sales_pct(self) -> int | None:
        return round(self.sales_won * 100 / self.target_won) if self.target_won else None

    @property
    def burn_pct(self) -> int | None:
        """Spent against the plan to date: over 100 is ahead of plan."""
        return round(self.spent_won * 100 / self.planned_won) if self.planned_won else None


def branch_count() -> int:
    return Branch.select().count()


def is_hq() -> bool:
    """The roll-up is shown when the database holds more than one branch."""
    return branch_count() > 1


def month_sales(branch_id: str, today: Date) -> int:
    total = (DailyResult.select(fn.COALESCE(fn.SUM(DailyResult.sales_won), 0))
             .where((DailyResult.branch == branch_id)
                    & (DailyResult.date >= today.start_of("month"))
                    & (DailyResult.date <= today)).scalar())
    return int(total or 0)


def month_target(branch_id: str, today: Date) -> int | None:
    row = Goal.get_or_none((Goal.branch == branch_id) & (Goal.metric == "sales_won")
                           & (Goal.period == "month")
                           & (Goal.starts_on == today.start_of("month")))
    return int(row.target) if row is not None else None


def last_pushes() -> dict[str, pendulum.DateTime]:
    query = (PushRecord.select(PushRecord.branch, fn.MAX(PushRecord.pushed_at))
             .group_by(PushRecord.branch).tuples())
    stamp = PushRecord.pushed_at
    return {branch_id: stamp.python_value(value) for branch_id, value in query}


def figures_for(branch: Branch, today: Date, pushes: dict[str, pendulum.DateTime]
                ) -> BranchFigures:
    rule, _problem = active_rule_or_default()
    pace = month_pace(branch.id, today)
    directives = directive_counts(branch.id, today)
    return BranchFigures(
        branch_id=branch.id, code=branch.code, name=branch.name, region=branch.region,
        headcount=registered_count(branch.id), active=active_count(branch.id, today, rule),
        sales_won=month_sales(branch.id, today), target_won=month_target(branch.id, today),
        budget_won=pace.budget_won, spent_won=pace.spent_won,
        planned_won=pace.planned_to_date_won,
        open_directives=directives.open, overdue_directives=directives.overdue,
        last_push=pushes.get(branch.id))


def rollup(today: Date) -> list[BranchFigures]:
    """Every branch's figures, by name."""
    pushes = last_pushes()
    branches = Branch.select().order_by(Branch.name, Branch.code)
    return [figures_for(branch, today, pushes) for branch in branches]


def _key(column: str) -> Callable[[BranchFigures], object]:
    keys: dict[str, Callable[[BranchFigures], object]] = {
        "name": lambda f: (f.name, f.code),
        "headcount": lambda f: f.headcount,
        "active": lambda f: f.active,
        "sales": lambda f: f.sales_won,
        "sales_pct": lambda f: f.sales_pct,
        "burn": lambda f: f.spent_won,
        "burn_pct": lambda f: f.burn_pct,
        "directives": lambda f: (f.open_directives, f.overdue_directives),
        "last_push": lambda f: f.last_push,
    }
    if column not in keys:
        raise ValueError(f"unknown column {column!r}; one of {', '.join(COLUMNS)}")
    return keys[column]


def sort_rollup(rows: Sequence[BranchFigures], column: str, descending: bool = False
                ) -> list[BranchFigures]:
    """Sorted by `column`; rows without a value (no target, never pushed) go last
    whichever way, and ties keep the branches' name order."""
    key = _key(column)
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    by_name = sorted(present, key=lambda f: (f.name, f.code))
    ordered = sorted(by_name, key=key, reverse=descending)  # type: ignore[arg-type]
    return ordered + sorted(missing, key=lambda f: (f.name, f.code))


@dataclass(frozen=True)
class Totals:
    branches: int
    headcount: int
    active: int
    sales_won: int
    target_won: int
    budget_won: int
    spent_won: int
    open_directives: int


def totals(rows: Sequence[BranchFigures]) -> Totals:
    return Totals(len(rows), sum(r.headcount for r in rows), sum(r.active for r in rows),
                  sum(r.sales_won for r in rows), sum(r.target_won or 0 for r in rows),
                  sum(r.budget_won for r in rows), sum(r.spent_won for r in rows),
                  sum(r.open_directives for r in rows))


def branch_by_id(branch_id: str) -> BranchInfo | None:
    """One branch, to open its screens."""
    row = Branch.get_or_none(Branch.id == branch_id)
    if row is None:
        return None
    return BranchInfo(row.id, row.code, row.name, row.timezone, row.year_project)


def branch_by_code(code: str) -> BranchInfo | None:
    row = Branch.get_or_none(Branch.code == code)
    return None if row is None else branch_by_id(row.id)
