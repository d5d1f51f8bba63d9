"""The goals cascade: splits on fixed calendars, re-spreading, progress against results."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from branchdash import goals
from branchdash.data.branches import create_branch
from branchdash.data.models import DailyResult, Goal, Partner
from branchdash.data.settings import set_setting
from branchdash.goals import (
    GoalError,
    GoalSettings,
    respread,
    set_month_target,
    set_year_goal,
    split_month,
    split_weighted,
    split_year,
)
from branchdash.settings import SettingError
from branchdash.workdays import MONDAY_TO_FRIDAY

MON_SAT = GoalSettings()
MON_FRI = GoalSettings(MONDAY_TO_FRIDAY)
D = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


@pytest.fixture
def seller(branch: str) -> str:
    return Partner.create(branch=branch, name="김하나", status="active").id


def add_result(branch: str, partner: str, day: pendulum.Date, count: int, won: int) -> None:
    DailyResult.create(branch=branch, partner=partner, date=day, sales_count=count,
                       sales_won=won)


# --- pure splits -----------------------------------------------------------------------------


def test_split_weighted_adds_up_and_gives_odd_units_to_the_largest_remainders() -> None:
    assert split_weighted(10, [1, 1, 1]) == [4, 3, 3]
    assert split_weighted(100, [2, 1, 1]) == [50, 25, 25]
    assert split_weighted(7, [0, 0]) == [4, 3]  # no weights: evenly
    parts = split_weighted(1_322_000_000, [23, 21, 26, 26, 24, 25, 27, 25, 23, 24, 24, 26])
    assert sum(parts) == 1_322_000_000


def test_chuseok_month_leaves_out_its_three_days() -> None:
    # 추석 2026: Thu 24, Fri 25, Sat 26 September. 26 Mondays-to-Saturdays minus 3.
    days = split_month(D(2026, 9, 1), 2_300_000, MON_SAT)
    assert len(days) == 23
    assert not {D(2026, 9, 24), D(2026, 9, 25), D(2026, 9, 26)} & days.keys()
    assert all(day.isoweekday() != 7 for day in days)
    assert set(days.values()) == {100_000}


def test_seollal_in_a_short_february() -> None:
    # 설날 2026: Mon 16 to Wed 18 February; February has 28 days, 4 of them Sundays.
    saturday_week = split_month(D(2026, 2, 1), 2_100_000, MON_SAT)
    weekday_week = split_month(D(2026, 2, 1), 1_700_000, MON_FRI)
    assert len(saturday_week) == 28 - 4 - 3 == 21
    assert len(weekday_week) == 20 - 3 == 17
    assert D(2026, 2, 17) not in saturday_week and D(2026, 2, 14) in saturday_week
    assert D(2026, 2, 14) not in weekday_week
    assert sum(saturday_week.values()) == 2_100_000


def test_year_split_by_working_days_gives_february_less() -> None:
    months = split_year(2026, 1_200_000_000, "working_days", MON_SAT)
    assert sum(months) == 1_200_000_000
    assert months[1] < months[0] and months[1] == min(months)  # short February with 설날
    assert split_year(2026, 1200, "even", MON_SAT) == [100] * 12
    assert split_year(2026, 50, "working_days", MON_SAT, level=True) == [50] * 12
    with pytest.raises(GoalError):
        split_year(2026, 0, "typed", MON_SAT, typed=[1, 2])


def test_holidays_can_be_counted_as_working_days() -> None:
    days = split_month(D(2026, 9, 1), 26, GoalSettings(skip_holidays=False))
    assert len(days) == 26 and D(2026, 9, 24) in days


def test_respread_after_a_bad_day_and_a_good_day() -> None:
    plan = [100, 100, 100, 100]
    # Nothing done yet: the plan itself.
    assert respread(400, plan, [0, 0, 0, 0], 0) == plan
    # Day one brought 40 instead of 100: the 360 left go over three days.
    assert respread(400, plan, [40, 0, 0, 0], 1) == [100, 120, 120, 120]
    # Then a great day two (220): 140 left over two days.
    assert respread(400, plan, [40, 220, 0, 0], 2) == [100, 120, 70, 70]
    # Already past the target: nothing more is needed, never a negative target.
    assert respread(400, plan, [500, 0, 0, 0], 1) == [100, 0, 0, 0]
    # Weights follow the plan's shape (a front-loaded plan stays front-loaded).
    assert respread(300, [200, 50, 50], [0, 0, 0], 1) == [200, 150, 150]


# --- stored cascade --------------------------------------------------------------------------


def test_year_goal_is_stored_with_its_whole_cascade(branch: str) -> None:
    set_year_goal(branch, "sales_won", 2026, 1_322_000_000, project="S.M.A.R.T 345",
                  settings=MON_SAT)
    year = Goal.get((Goal.period == "year") & (Goal.metric == "sales_won"))
    assert (year.target, year.original_target, year.project) == (
        1_322_000_000, 1_322_000_000, "S.M.A.R.T 345")
    months = list(Goal.select().where(Goal.period == "month").order_by(Goal.starts_on))
    assert len(months) == 12 and sum(m.target for m in months) == 1_322_000_000
    for month in months:
        weeks = list(month.children)
        days = [d for w in weeks for d in w.children]
        assert sum(w.target for w in weeks) == month.target
        assert sum(d.target for d in days) == month.target
        assert all(w.starts_on.month == w.ends_on.month == month.starts_on.month
                   for w in weeks)


def test_a_week_across_two_months_is_cut_at_the_month_end(branch: str) -> None:
    set_year_goal(branch, "sales_count", 2026, 1200, settings=MON_SAT)
    # Monday 30 November to Sunday 6 December 2026.
    november = Goal.get((Goal.period == "week") & (Goal.starts_on == D(2026, 11, 30)))
    december = Goal.get((Goal.period == "week") & (Goal.starts_on == D(2026, 12, 1)))
    assert november.ends_on == D(2026, 11, 30)
    assert december.ends_on == D(2026, 12, 6)
    assert november.parent.starts_on == D(2026, 11, 1)
    assert december.parent.starts_on == D(2026, 12, 1)
    assert [d.starts_on for d in november.children] == [D(2026, 11, 30)]
    assert len(list(december.children)) == 5  # Tuesday to Saturday


def test_typed_months_and_retyping_one_month(branch: str) -> None:
    typed = [100] * 11 + [300]
    set_year_goal(branch, "recruits", 2026, 0, split="typed", typed=typed, settings=MON_SAT)
    year = Goal.get((Goal.period == "year") & (Goal.metric == "recruits"))
    assert year.target == 1400
    set_month_target(branch, "recruits", D(2026, 3, 1), 160, settings=MON_SAT)
    march = Goal.get((Goal.period == "month") & (Goal.starts_on == D(2026, 3, 1)))
    assert (march.target, march.original_target) == (160, 100)  # the first plan kept
    assert Goal.get_by_id(year.id).target == 1460
    days = Goal.select().where((Goal.period == "day") & (Goal.metric == "recruits")
                               & (Goal.starts_on.between(D(2026, 3, 1), D(2026, 3, 31))))
    assert sum(d.target for d in days) == 160


def test_refused_goals_write_nothing(branch: str) -> None:
    with pytest.raises(GoalError):
        set_year_goal(branch, "sales_won", 2026, -5)
    with pytest.raises(GoalError):
        set_year_goal(branch, "smiles", 2026, 5)
    with pytest.raises(GoalError):
        set_month_target(branch, "sales_won", D(2026, 3, 1), 5)
    assert Goal.select().count() == 0


def test_head_count_keeps_its_target_at_every_level(branch: str) -> None:
    set_year_goal(branch, "active_partners", 2026, 50, settings=MON_SAT)
    targets = {g.target for g in Goal.select().where(Goal.metric == "active_partners")}
    assert targets == {50}


# --- progress ---------------------------------------------------------------------------------


def november_day(cascade: goals.Cascade, day: pendulum.Date) -> goals.PeriodRow:
    month = cascade.year_row.children[day.month - 1]
    return next(d for w in month.children for d in w.children if d.start == day)


def test_a_bad_day_raises_the_rest_of_the_month_and_the_plan_stays(branch: str,
                                                                    seller: str) -> None:
    # November 2026 Monday-to-Saturday has 25 working days; 2,500,000 makes 100,000 a day.
    set_year_goal(branch, "sales_won", 2026, 0, split="typed",
                  typed=[0] * 10 + [2_500_000, 0], settings=MON_SAT)
    add_result(branch, seller, D(2026, 11, 2), 0, 0)  # Monday: out, but no sale
    before = goals.year_cascade(branch, "sales_won", 2026, D(2026, 11, 3))
    assert before is not None
    assert november_day(before, D(2026, 11, 3)).needed == 104_167  # Monday gave nothing
    add_result(branch, seller, D(2026, 11, 3), 3, 600_000)  # a very good Tuesday
    after = goals.year_cascade(branch, "sales_won", 2026, D(2026, 11, 4))
    assert after is not None
    wednesday = november_day(after, D(2026, 11, 4))
    assert wednesday.plan == 100_000  # the plan, kept beside
    assert wednesday.needed == round(1_900_000 / 23)
    month = after.year_row.children[10]
    assert month.actual == 600_000
    assert month.pace == 600_000 - 200_000  # two planned days are over
    assert month.per_day == -(-1_900_000 // 23)
    tuesday = november_day(after, D(2026, 11, 3))
    assert (tuesday.actual, tuesday.pace) == (600_000, 500_000)


def test_day_progress_for_the_today_screen(branch: str, seller: str) -> None:
    assert goals.day_progress(branch, D(2026, 11, 30)) is None
    set_year_goal(branch, "sales_won", 2026, 0, split="typed",
                  typed=[0] * 10 + [2_500_000, 0], settings=MON_SAT)
    set_year_goal(branch, "sales_count", 2026, 0, split="typed",
                  typed=[0] * 10 + [250, 0], settings=MON_SAT)
    Partner.create(branch=branch, name="박둘", status="active")
    Partner.create(branch=branch, name="최셋", status="resigned")
    add_result(branch, seller, D(2026, 11, 27), 5, 480_000)
    progress = goals.day_progress(branch, D(2026, 11, 30))
    assert progress is not None
    assert progress.plan_won == 100_000
    assert progress.target_won == 2_500_000 - 480_000  # the last day must bring the rest
    assert progress.target_count == 245
    assert (progress.actual_won, progress.actual_count) == (0, 0)
    assert (progress.active_partners, progress.registered_partners) == (1, 2)
    assert progress.month_actual_won == 480_000


def test_months_before_results_were_kept_are_not_made_up_later(branch: str,
                                                                seller: str) -> None:
    set_year_goal(branch, "sales_count", 2026, 1200, split="even", settings=MON_SAT)
    add_result(branch, seller, D(2026, 11, 2), 4, 100)
    cascade = goals.year_cascade(branch, "sales_count", 2026, D(2026, 11, 3))
    assert cascade is not None
    months = cascade.year_row.children
    assert months[0].actual is None  # January: no results kept here
    assert months[10].needed == 100  # November is not asked to make up January to October


def test_bad_stored_settings_are_reported_and_defaults_used(branch: str) -> None:
    set_setting("goals.weekdays", "mon,tue")
    with pytest.raises(SettingError, match="1,2,3,4,5,6"):
        goals.load_goal_settings()
    settings, problem = goals.goal_settings_or_default()
    assert settings == GoalSettings() and problem is not None
    goals.save_settings_text("1,2,3,4,5", False, "2", "30")
    assert goals.load_goal_settings() == GoalSettings(MONDAY_TO_FRIDAY, False)
    with pytest.raises(SettingError):
        goals.save_settings_text("1,2,3", True, "0", "month")
    assert goals.load_goal_settings() == GoalSettings(MONDAY_TO_FRIDAY, False)  # unchanged


def test_month_by_team_and_partner(branch: str, seller: str) -> None:
    lead = Partner.create(branch=branch, name="이팀장", role="sales_manager", status="active")
    Partner.update(manager=lead.id).where(Partner.id == seller).execute()
    other = Partner.create(branch=branch, name="박둘", status="active", manager=lead.id)
    loner = Partner.create(branch=branch, name="최셋", status="trainee")
    gone = Partner.create(branch=branch, name="한다섯", status="resigned", manager=lead.id)
    add_result(branch, seller, D(2026, 11, 3), 2, 200_000)
    add_result(branch, seller, D(2026, 11, 4), 1, 50_000)
    add_result(branch, gone.id, D(2026, 11, 2), 1, 70_000)  # sold, then resigned
    add_result(branch, other.id, D(2026, 11, 5), 0, 0)
    add_result(branch, loner.id, D(2026, 10, 30), 3, 300_000)  # last month: not counted
    view = goals.month_breakdown(branch, D(2026, 11, 1), D(2026, 11, 30))
    assert [(p.name, p.sales_won, p.days_with_sales, p.active) for p in view.partners] == [
        ("김하나", 250_000, 2, True), ("한다섯", 70_000, 1, True), ("박둘", 0, 0, False),
        ("이팀장", 0, 0, False), ("최셋", 0, 0, False)]
    assert (view.partner_count, view.active, view.sales_won) == (5, 2, 320_000)
    teams = {team.team: team for team in view.teams}
    assert (teams["이팀장"].members, teams["이팀장"].active, teams["이팀장"].sales_won) == (
        3, 2, 320_000)  # the resigned seller's sales count, not as a member
    assert teams[""].members == 1  # 최셋 has no team yet
    top = goals.month_breakdown(branch, D(2026, 11, 1), D(2026, 11, 30), limit=1)
    assert [p.name for p in top.partners] == ["김하나"] and top.partner_count == 5


def test_demo_branch_totals_and_progress(db: Path) -> None:
    from branchdash.data.demo import generate_demo
    from branchdash.data.models import DailyTotal, database

    generate_demo(D(2026, 11, 30))
    sums = database.execute_sql(
        "SELECT date, SUM(sales_count), SUM(sales_won), COUNT(*) FROM daily_result "
        "GROUP BY date ORDER BY date").fetchall()
    kept = [(row.date.isoformat(), row.sales_count, row.sales_won, row.rows)
            for row in DailyTotal.select().order_by(DailyTotal.date)]
    assert kept == [tuple(row) for row in sums] and kept
    branch_id = database.execute_sql("SELECT id FROM branch").fetchone()[0]
    progress = goals.day_progress(branch_id, D(2026, 11, 30))
    assert progress is not None and progress.project
    assert progress.registered_partners > progress.active_partners > 0
    cascade = goals.year_cascade(branch_id, "sales_won", 2026, D(2026, 11, 30))
    assert cascade is not None
    november = cascade.year_row.children[10]
    assert november.actual == sum(r[2] for r in sums if r[0].startswith("2026-11"))


def test_a_file_without_daily_totals_still_adds_up(branch: str, seller: str) -> None:
    from branchdash.data.models import DailyTotal, database

    add_result(branch, seller, D(2026, 11, 3), 2, 200_000)
    with_totals = goals.sales_days(branch, D(2026, 11, 1), D(2026, 11, 30))
    database.execute_sql("DROP TABLE daily_total")
    assert not DailyTotal.table_exists()
    assert goals.sales_days(branch, D(2026, 11, 1), D(2026, 11, 30)) == with_totals == {
        D(2026, 11, 3): (2, 200_000)}
