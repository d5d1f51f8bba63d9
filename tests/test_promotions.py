"""Promotions: checks, linked expenses on the promotion account, result arithmetic."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from branchdash import budget, hr
from branchdash import promotions as pm
from branchdash.data.branches import create_branch
from branchdash.data.models import Budget, DailyResult, Expense, Partner
from branchdash.overview import branch_overview

TODAY = pendulum.date(2026, 11, 30)
START = pendulum.date(2026, 11, 16)  # a two-week promotion, ended yesterday... almost
END = pendulum.date(2026, 11, 29)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("Gangnam 3", "GN3").id


def _promotion(branch: str, **kw: object) -> pm.PromotionView:
    fields: dict[str, object] = {
        "title": "Winter set push", "starts_on": START, "ends_on": END,
        "budget_won": 1_000_000, "target_metric": "sales_count", "target_value": 40,
        "expected_lift_pct": 20,
    }
    fields.update(kw)
    return pm.create_promotion(branch, **fields)  # type: ignore[arg-type]


def _sales(branch: str, partner: str, day: pendulum.Date, count: int, won: int) -> None:
    DailyResult.create(branch=branch, partner=partner, date=day, sales_count=count,
                       sales_won=won)


def test_arithmetic_helpers() -> None:
    assert pm.per(1_000_000, 3) == 333_333
    assert pm.per(5, 2) == 3  # half up
    assert pm.per(100, 0) is None
    assert pm.percent(45, 40) == 113  # 112.5 -> 113
    assert pm.percent(-5, 40) == -13  # -12.5 -> -13, away from zero
    assert pm.percent(3, 0) is None
    assert pm.lifted(30, 20) == 36
    assert pm.lifted(7, 15) == 8  # 8.05


def test_result_against_target_baseline_and_cost(branch: str) -> None:
    kim = Partner.create(branch=branch, name="Kim", status="active").id
    lee = Partner.create(branch=branch, name="Lee", status="active").id
    # baseline: the 14 days before the start, 30 sales
    _sales(branch, kim, START.subtract(days=1), 20, 2_000_000)
    _sales(branch, lee, START.subtract(days=14), 10, 1_000_000)
    _sales(branch, kim, START.subtract(days=15), 99, 9_900_000)  # outside the baseline
    # during: 45 sales, 5,000,000 won, by both
    _sales(branch, kim, START, 25, 3_000_000)
    _sales(branch, lee, END, 20, 2_000_000)
    _sales(branch, lee, END.add(days=1), 50, 5_000_000)  # after the end: not counted
    # two recruits and one newly active partner in the period
    new = hr.recruit(branch, "Park", START.add(days=1))
    hr.recruit(branch, "Choi", START.add(days=2))
    hr.transition(new, "start_onboarding", on=START.add(days=3))
    hr.transition(new, "activate", on=START.add(days=10))
    item = _promotion(branch)
    pm.book_expense(item.id, 600_000, START, category="Gifts")
    pm.book_expense(item.id, 300_000, START.subtract(days=2), category="Flyers")  # prep
    result = pm.result(item.id, TODAY)
    assert result.phase == "ended" and result.measured_to == END
    assert (result.actual.sales_count, result.actual.sales_won) == (45, 5_000_000)
    assert (result.actual.recruits, result.actual.newly_active) == (2, 1)
    assert result.actual.active_partners == 2
    assert (result.actual_value, result.baseline_value, result.expected_value) == (45, 30, 36)
    assert result.achieved_pct == 113 and result.met
    assert result.lift_pct == 50
    assert (result.spent_won, result.budget_left_won) == (900_000, 100_000)
    assert result.cost_per_sale == 20_000
    assert result.cost_per_recruit == 450_000
    assert result.cost_per_new_active == 900_000
    assert result.cost_per_result == 20_000
    assert result.cost_ratio_pct == 18.0


def test_result_while_running_counts_to_today(branch: str) -> None:
    kim = Partner.create(branch=branch, name="Kim", status="active").id
    item = _promotion(branch, starts_on=TODAY.subtract(days=2), ends_on=TODAY.add(days=10),
                      target_metric="sales_won", target_value=10_000_000)
    _sales(branch, kim, TODAY.subtract(days=1), 3, 2_500_000)
    _sales(branch, kim, TODAY.subtract(days=3), 1, 1_000_000)  # baseline (3 days before)
    result = pm.result(item.id, TODAY)
    assert result.phase == "running" and result.measured_to == TODAY
    assert (result.actual_value, result.baseline_value) == (2_500_000, 1_000_000)
    assert result.achieved_pct == 25 and not result.met
    assert result.cost_per_sale == 0  # nothing spent yet over three sales
    assert result.cost_per_result is None  # no "cost per won"
    assert result.cost_ratio_pct == 0.0


def test_no_results_give_no_cost_per_result(branch: str) -> None:
    item = _promotion(branch, target_value=0)
    pm.book_expense(item.id, 50_000, START)
    result = pm.result(item.id, TODAY)
    assert result.cost_per_sale is None and result.cost_per_recruit is None
    assert result.achieved_pct is None and result.lift_pct is None and not result.met


def test_upcoming_counts_nothing_yet(branch: str) -> None:
    item = _promotion(branch, starts_on=TODAY.add(days=5), ends_on=TODAY.add(days=9))
    result = pm.result(item.id, TODAY)
    assert result.phase == "upcoming" and result.actual_value == 0


def test_expenses_are_promotion_account_rows_in_the_budget_figures(branch: str) -> None:
    Budget.create(branch=branch, month=TODAY.start_of("month"), account="promotion",
                  amount_won=2_000_000)
    item = _promotion(branch)
    before = branch_overview(branch, TODAY).spent_month_won
    line = pm.book_expense(item.id, 250_000, TODAY, category="Gifts", payee="Gift shop")
    row = Expense.get_by_id(line.id)
    assert (row.account, row.promotion_id, row.training_id) == ("promotion", item.id, None)
    assert branch_overview(branch, TODAY).spent_month_won == before + 250_000
    month = budget.month_view(branch, TODAY, TODAY)
    assert month.burndown("promotion").spent_won == 250_000
    assert month.burndown("promotion").remaining_won == 1_750_000
    [listed] = budget.month_expenses(branch, TODAY, "promotion")
    assert (listed.promotion_id, listed.link_title) == (item.id, "Winter set push")
    assert pm.get_promotion(item.id).spent_won == 250_000
    assert pm.account_budget(branch, START, END) == 2_000_000
    with pytest.raises(pm.PromotionError) as keep:
        pm.delete_promotion(item.id)
    assert keep.value.key == "promotions.error.has_expenses"
    pm.remove_expense(item.id, line.id)
    pm.delete_promotion(item.id)
    assert pm.list_promotions(branch) == []


@pytest.mark.parametrize(("change", "key"), [
    ({"title": " "}, "promotions.error.title"),
    ({"ends_on": START.subtract(days=1)}, "promotions.error.period"),
    ({"budget_won": -1}, "promotions.error.budget"),
    ({"budget_won": 10.5}, "promotions.error.budget"),
    ({"target_metric": "smiles"}, "promotions.error.metric"),
    ({"target_value": -3}, "promotions.error.target"),
    ({"expected_lift_pct": 5000}, "promotions.error.lift"),
])
def test_refusals_write_nothing(branch: str, change: dict[str, object], key: str) -> None:
    with pytest.raises(pm.PromotionError) as refused:
        _promotion(branch, **change)
    assert refused.value.key == key
    assert pm.list_promotions(branch) == []
