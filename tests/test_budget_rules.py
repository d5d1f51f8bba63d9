"""Budgets, plans, burn-down and projection arithmetic, expenses, the pace and the report."""

from __future__ import annotations

import csv
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.budget import (
    ALL,
    BudgetError,
    ExpenseDraft,
    PlanItem,
    add_expense,
    budgets_for,
    compute_burndown,
    daily_spent,
    delete_expense,
    format_plan,
    get_expense,
    month_categories,
    month_expenses,
    month_pace,
    month_report,
    month_view,
    parse_day,
    parse_month,
    parse_plan,
    planned_cumulative,
    report_markdown,
    report_table,
    restore_expense,
    set_budget,
    set_budgets,
    update_expense,
)
from branchdash.clock import FakeClock
from branchdash.csvio import write_table
from branchdash.data.branches import create_branch
from branchdash.data.models import Expense, Promotion, Training

NOV = pendulum.date(2026, 11, 1)
d = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def spend(branch: str, day: pendulum.Date, account: str, amount: int,
          category: str = "snacks") -> str:
    return add_expense(branch, ExpenseDraft(day, account, amount, category),
                       day.start_of("month"))


# --- the plan ----------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "month", "days"),
                         [(2026, 2, 28), (2028, 2, 29), (2026, 11, 30), (2026, 12, 31)])
def test_straight_plan_reaches_the_budget_on_the_last_day(year: int, month: int,
                                                            days: int) -> None:
    plan = planned_cumulative(1_000_000, (), days)
    assert len(plan) == days
    assert plan[-1] == 1_000_000
    assert plan[0] == 1_000_000 // days
    assert all(b >= a for a, b in zip(plan, plan[1:], strict=False))


def test_front_loaded_plan_puts_items_on_their_days() -> None:
    items = (PlanItem(3, 500_000, "kit"), PlanItem(15, 300_000, "training"))
    plan = planned_cumulative(3_000_000, items, 30)
    rest = 3_000_000 - 800_000
    assert plan[1] == rest * 2 // 30  # before the kit
    assert plan[2] == 500_000 + rest * 3 // 30  # the kit lands on the 3rd
    assert plan[14] == 800_000 + rest * 15 // 30
    assert plan[-1] == 3_000_000


def test_plan_typed_and_shown() -> None:
    items = parse_plan("3 50만 판촉물; 15 300,000 신상품 교육;", NOV, 3_000_000)
    assert items == (PlanItem(3, 500_000, "판촉물"), PlanItem(15, 300_000, "신상품 교육"))
    assert parse_plan(format_plan(items), NOV, 3_000_000) == items
    assert parse_plan("", NOV, 1) == ()


@pytest.mark.parametrize(("text", "words"), [
    ("31 5만", "between 1 and 30"), ("3 -5만", "negative"), ("kit 5만", "DAY AMOUNT"),
    ("3 400만", "exceed"),
])
def test_bad_plans_are_refused(text: str, words: str) -> None:
    with pytest.raises(BudgetError, match=words):
        parse_plan(text, NOV, 3_000_000)


# --- the burn-down arithmetic on fixed fixtures ---------------------------------------------


def even_month(days: int = 30) -> list[int]:
    return planned_cumulative(3_000_000, (), days)


def test_burndown_mid_month_even_plan() -> None:
    spent = [0] * 30
    spent[0], spent[4], spent[9], spent[13] = 300_000, 200_000, 700_000, 200_000  # 1.4M by 14th
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), spent, d(2026, 11, 15))
    assert (b.elapsed, b.spent_won, b.remaining_won) == (15, 1_400_000, 1_600_000)
    assert b.planned_to_date_won == 1_500_000
    assert b.ahead_of_plan_pct == pytest.approx(-6.666, abs=0.01)
    # month rate: 1.4M / 15 days; 15 days left
    assert b.month_rate == pytest.approx(1_400_000 / 15)
    assert b.projected_balance_won == 1_600_000 - 1_400_000
    # last 7 days (9th-15th): 700k + 200k
    assert b.recent_rate == pytest.approx(900_000 / 7)
    assert b.projected_balance_recent_won == 1_600_000 - round(900_000 / 7 * 15 + 0.5)
    assert b.run_out_on is None
    assert b.run_out_on_recent is not None and b.run_out_on_recent.day == 28
    assert b.warnings == ("recent_overspend",)
    assert b.remaining_by_day()[:5] == [2_700_000] * 4 + [2_500_000]
    assert len(b.projection(b.month_rate)) == 16


def test_ahead_of_plan_by_more_than_ten_percent_warns() -> None:
    spent = [0] * 30
    spent[0] = 400_000  # 10 days' plan is 1,000,000; spend 1.12M
    spent[8] = 720_000
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), spent, d(2026, 11, 10))
    assert b.ahead_of_plan_pct == pytest.approx(12.0)
    assert "ahead_of_plan" in b.warnings
    just_under = list(spent)
    just_under[8] = 600_000  # 1.0M: exactly on plan
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), just_under,
                         d(2026, 11, 10))
    assert "ahead_of_plan" not in b.warnings


def test_front_loaded_plan_does_not_flag_a_planned_early_purchase() -> None:
    items = (PlanItem(3, 1_000_000, "promotion kit"),)
    spent = [0] * 30
    spent[2] = 1_000_000
    straight = compute_burndown(NOV, "promotion", 2_000_000, planned_cumulative(
        2_000_000, (), 30), spent, d(2026, 11, 4))
    front = compute_burndown(NOV, "promotion", 2_000_000, planned_cumulative(
        2_000_000, items, 30), spent, d(2026, 11, 4))
    assert "ahead_of_plan" in straight.warnings
    assert "ahead_of_plan" not in front.warnings
    assert front.planned_to_date_won == 1_000_000 + 1_000_000 * 4 // 30


def test_projected_overspend_and_run_out_day() -> None:
    spent = [200_000] * 10 + [0] * 20  # 2M in 10 days of a 3M month
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), spent, d(2026, 11, 10))
    assert b.projected_balance_won == 1_000_000 - 200_000 * 20
    assert b.run_out_on == d(2026, 11, 16)  # 1M left at 200k a day: gone after 5 more days
    assert b.warnings[0] == "projected_overspend"


def test_overspent_already() -> None:
    spent = [0] * 30
    spent[1] = 3_100_000
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), spent, d(2026, 11, 5))
    assert b.remaining_won == -100_000
    assert b.warnings[0] == "overspent"
    assert b.run_out_on is None


@pytest.mark.parametrize(("month", "days"), [(d(2026, 2, 1), 28), (d(2028, 2, 1), 29),
                                             (d(2026, 11, 1), 30), (d(2026, 12, 1), 31)])
def test_last_day_of_the_month(month: pendulum.Date, days: int) -> None:
    planned = planned_cumulative(1_000_000, (), days)
    spent = [30_000] * days
    last = month.end_of("month")
    b = compute_burndown(month, "training", 1_000_000, planned, spent, last)
    assert b.elapsed == days
    assert b.spent_won == 30_000 * days
    assert b.planned_to_date_won == 1_000_000
    assert b.projected_balance_won == b.remaining_won  # nothing left to project
    assert b.is_current
    assert len(b.projection(b.month_rate)) == 1


def test_month_with_no_expenses() -> None:
    b = compute_burndown(NOV, "training", 1_500_000, planned_cumulative(1_500_000, (), 30),
                         [0] * 30, d(2026, 11, 20))
    assert (b.spent_won, b.month_rate, b.recent_rate) == (0, 0, 0)
    assert b.projected_balance_won == 1_500_000
    assert b.run_out_on is None and b.warnings == ()
    assert b.ahead_of_plan_pct == pytest.approx(-100.0)


def test_past_and_future_months() -> None:
    spent = [100_000] * 30
    past = compute_burndown(NOV, "operating", 3_000_000, even_month(), spent, d(2026, 12, 5))
    assert (past.elapsed, past.spent_won, past.is_current) == (30, 3_000_000, False)
    assert past.working_days_left == 0 and past.per_working_day_won is None
    assert past.warnings == ()
    future = compute_burndown(NOV, "operating", 3_000_000, even_month(), [0] * 30,
                              d(2026, 10, 20))
    assert (future.elapsed, future.spent_won, future.projected_balance_won) == (0, 0, 3_000_000)


def test_booked_ahead_counts_in_the_projection() -> None:
    spent = [0] * 30
    spent[24] = 500_000  # a training booked on the 25th
    b = compute_burndown(NOV, "training", 1_500_000, planned_cumulative(1_500_000, (), 30),
                         spent, d(2026, 11, 10))
    assert b.spent_won == 0 and b.booked_ahead_won == 500_000
    assert b.projected_balance_won == 1_000_000


def test_remaining_per_working_day() -> None:
    # 2026-11-30 is a Monday: one working day left, today
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), [0] * 30, d(2026, 11, 30))
    assert b.working_days_left == 1
    assert b.per_working_day_won == 3_000_000
    # from Monday the 23rd: 23-28 (Mon-Sat) and the 30th
    b = compute_burndown(NOV, "operating", 3_000_000, even_month(), [0] * 30, d(2026, 11, 23))
    assert b.working_days_left == 7
    assert b.per_working_day_won == 3_000_000 // 7


# --- budgets in the store -------------------------------------------------------------------


def test_next_month_carries_this_months_amounts_until_changed(branch: str) -> None:
    set_budget(branch, NOV, "operating", 3_000_000, (PlanItem(3, 500_000),))
    dec = budgets_for(branch, d(2026, 12, 1))
    assert dec["operating"].amount_won == 3_000_000
    assert dec["operating"].carried_from == NOV and not dec["operating"].is_set
    assert dec["operating"].plan == ()  # the items were November's
    assert dec["training"].amount_won == 0 and not dec["training"].is_set
    set_budget(branch, d(2026, 12, 1), "operating", 2_500_000)
    assert budgets_for(branch, d(2027, 1, 1))["operating"].amount_won == 2_500_000
    assert budgets_for(branch, NOV)["operating"].plan == (PlanItem(3, 500_000),)
    # October knows nothing of November
    assert budgets_for(branch, d(2026, 10, 1))["operating"].amount_won == 0


def test_setting_budgets_is_all_or_nothing(branch: str) -> None:
    with pytest.raises(BudgetError):
        set_budgets(branch, NOV, [("operating", 3_000_000, ()), ("marketing", 1, ())])
    assert budgets_for(branch, NOV)["operating"].amount_won == 0


def test_budget_refusals(branch: str) -> None:
    with pytest.raises(BudgetError, match="Unknown account"):
        set_budget(branch, NOV, "marketing", 1_000)
    with pytest.raises(BudgetError, match="exceed"):
        set_budget(branch, NOV, "operating", 100, (PlanItem(2, 200),))
    with pytest.raises(BudgetError):
        set_budget(branch, NOV, "operating", -5)


# --- expenses --------------------------------------------------------------------------------


def test_add_edit_delete_restore(branch: str) -> None:
    expense_id = spend(branch, d(2026, 11, 5), "operating", 120_000, "다과")
    row = get_expense(branch, expense_id)
    assert row is not None and row.amount_won == 120_000 and row.category == "다과"
    before = update_expense(branch, expense_id, ExpenseDraft(
        d(2026, 11, 6), "promotion", 150_000, "판촉물", "판촉나라", "memo"), NOV)
    assert before.amount_won == 120_000
    assert get_expense(branch, expense_id).account == "promotion"
    gone = delete_expense(branch, expense_id)
    assert get_expense(branch, expense_id) is None
    restore_expense(branch, gone)
    back = get_expense(branch, expense_id)
    assert back is not None and back.amount_won == 150_000 and back.payee == "판촉나라"
    assert back.created_at == gone.created_at


@pytest.mark.parametrize(("draft", "words"), [
    (ExpenseDraft(d(2026, 12, 1), "operating", 1_000), "outside this month"),
    (ExpenseDraft(d(2026, 11, 5), "marketing", 1_000), "Unknown account"),
    (ExpenseDraft(d(2026, 11, 5), "operating", 0), "above zero"),
    (ExpenseDraft(d(2026, 11, 5), "operating", -10), "above zero"),
])
def test_refused_expenses_write_nothing(branch: str, draft: ExpenseDraft, words: str) -> None:
    with pytest.raises(BudgetError, match=words):
        add_expense(branch, draft, NOV)
    assert Expense.select().count() == 0


def test_dates_typed_for_an_expense() -> None:
    assert parse_day("5", NOV) == d(2026, 11, 5)
    assert parse_day("5일", NOV) == d(2026, 11, 5)
    assert parse_day("11/5", NOV) == d(2026, 11, 5)
    assert parse_day("11월 5일", NOV) == d(2026, 11, 5)
    assert parse_day("2026-11-05", NOV) == d(2026, 11, 5)
    with pytest.raises(BudgetError, match="outside"):
        parse_day("12/1", NOV)
    with pytest.raises(BudgetError, match="not a date"):
        parse_day("31", NOV)
    with pytest.raises(BudgetError, match="not a date"):
        parse_day("yesterday", NOV)
    assert parse_month("2026-11") == NOV
    with pytest.raises(BudgetError):
        parse_month("2026-13")


def test_month_list_filters_and_links(branch: str, clock: FakeClock) -> None:
    training = Training.create(branch=branch, kind="new_product", title="신상품 교육",
                               date=d(2026, 11, 12), start="09:30", end="11:30")
    promotion = Promotion.create(branch=branch, title="11월 판촉", starts_on=d(2026, 11, 1),
                                 ends_on=d(2026, 11, 30))
    # rows booked by the trainings/promotions area show like any expense
    Expense.create(branch=branch, spent_on=d(2026, 11, 12), account="training",
                   category="강사료", amount_won=200_000, training=training)
    Expense.create(branch=branch, spent_on=d(2026, 11, 3), account="promotion",
                   category="판촉물", amount_won=500_000, promotion=promotion)
    spend(branch, d(2026, 11, 20), "operating", 50_000, "다과/음료")
    spend(branch, d(2026, 10, 20), "operating", 70_000, "다과/음료")
    rows = month_expenses(branch, NOV)
    assert [r.spent_on.day for r in rows] == [20, 12, 3]
    assert rows[1].link_title == "신상품 교육" and rows[1].training_id == training.id
    assert rows[2].link_title == "11월 판촉"
    assert [r.category for r in month_expenses(branch, NOV, "training")] == ["강사료"]
    assert [r.category for r in month_expenses(branch, NOV, ALL, "다과")] == ["다과/음료"]
    assert month_categories(branch, NOV) == ["강사료", "다과/음료", "판촉물"]
    spent = daily_spent(branch, NOV)
    assert spent["training"][11] == 200_000 and sum(spent["operating"]) == 50_000


# --- the view, the pace, the report ---------------------------------------------------------


def test_month_view_sums_all_accounts(branch: str) -> None:
    set_budget(branch, NOV, "operating", 3_000_000)
    set_budget(branch, NOV, "promotion", 2_000_000, (PlanItem(3, 1_000_000, "kit"),))
    spend(branch, d(2026, 11, 3), "promotion", 1_000_000)
    spend(branch, d(2026, 11, 10), "operating", 900_000)
    view = month_view(branch, NOV, d(2026, 11, 15))
    whole = view.burndown(ALL)
    assert whole.budget_won == 5_000_000
    assert whole.spent_won == 1_900_000
    assert whole.planned_to_date_won == (view.burndown("operating").planned_to_date_won
                                         + view.burndown("promotion").planned_to_date_won)
    assert view.burndown("training").budget_won == 0


def test_month_pace_for_today_and_the_agenda(branch: str) -> None:
    today = d(2026, 11, 10)
    set_budget(branch, NOV, "operating", 3_000_000)
    set_budget(branch, NOV, "training", 1_000_000)
    pace = month_pace(branch, today)
    assert (pace.warning, pace.warning_kind, pace.message) == (False, "", "")
    spend(branch, d(2026, 11, 9), "training", 900_000)  # the training account races ahead
    pace = month_pace(branch, today)
    assert pace.warning and pace.accounts_warned == ("training",)
    assert pace.warning_kind == "projected_overspend"
    assert pace.budget_won == 4_000_000 and pace.spent_won == 900_000
    assert pace.message == "Projected to overspend by month end: Training"
    i18n.set_language("ko")
    assert "교육비" in pace.message


def test_report_markdown_and_csv(branch: str, tmp_path: Path) -> None:
    set_budget(branch, NOV, "operating", 3_000_000)
    spend(branch, d(2026, 11, 3), "operating", 120_000, "=cmd|' /C calc'!A0")
    spend(branch, d(2026, 11, 4), "operating", 80_000, "다과 | 음료")
    report = month_report(branch, NOV)
    assert report.spent_won == 200_000
    text = report_markdown(report)
    assert "| Operating | ₩3,000,000 | ₩200,000 | ₩2,800,000 | 6.7% |" in text
    assert "다과 \\| 음료" in text  # a pipe in a category does not break the table
    header, rows = report_table(report)
    path = tmp_path / "report.csv"
    write_table(path, header, rows)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert table[0][0] == "Month"
    assert ["2026-11", "operating", "Operating", "'=cmd|' /C calc'!A0", "1", "120000", "",
            ""] in table  # neutralised: Excel will not run it
    assert table[-1][-3:] == ["200000", "3000000", "2800000"]
    i18n.set_language("ko")
    assert "예산 집행 보고" in report_markdown(report)
