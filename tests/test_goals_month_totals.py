"""The month totals per partner (`partner_month_total`, schema v2): kept right by the
triggers through any write, read by the month's per-partner view, and not needed
where they are not kept (a file without them, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchdash import goals
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database
from branchdash.data.models import DailyResult, Partner, database
from tests.pg import pg_server, pg_url  # noqa: F401

D = pendulum.date
FRESH_SUMS = """
SELECT branch_id, partner_id, substr(date, 1, 8) || '01', SUM(sales_count), SUM(sales_won),
       SUM(new_contracts), SUM(sales_count > 0), COUNT(*)
FROM daily_result GROUP BY branch_id, partner_id, substr(date, 1, 8)
"""
KEPT = """
SELECT branch_id, partner_id, month, sales_count, sales_won, new_contracts, days_with_sales,
       rows
FROM partner_month_total WHERE rows > 0
"""


def kept_equals_fresh() -> None:
    kept = sorted(database.execute_sql(KEPT).fetchall())
    fresh = sorted(database.execute_sql(FRESH_SUMS).fetchall())
    assert kept == fresh
    # A month whose rows were all deleted or moved away sums to nothing.
    assert database.execute_sql(
        "SELECT COUNT(*) FROM partner_month_total WHERE rows = 0 AND (sales_count != 0 "
        "OR sales_won != 0 OR new_contracts != 0 OR days_with_sales != 0)").fetchone() == (0,)


@pytest.fixture
def people(db: Path) -> dict[str, str]:
    one = create_branch("강남3센터", "GN03").id
    two = create_branch("서초1센터", "SC01").id
    found = {"one": one, "two": two}
    for name, branch in (("김하나", one), ("박둘", one), ("이셋", one), ("최넷", two)):
        found[name] = Partner.create(branch=branch, name=name, status="active").id
    return found


# The days of two months and their edges: a move across a month's end must leave one
# month's total and join the other's.
DAYS = st.sampled_from([D(2026, 10, 1), D(2026, 10, 31), D(2026, 11, 1), D(2026, 11, 15),
                        D(2026, 11, 30), D(2026, 12, 1)])
AMOUNTS = st.tuples(st.integers(0, 5), st.integers(0, 3_000_000), st.integers(0, 2))
PARTNERS = st.sampled_from(["김하나", "박둘", "이셋", "최넷"])
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("insert"), PARTNERS, DAYS, AMOUNTS),
    st.tuples(st.just("update"), st.integers(0, 50), PARTNERS, DAYS, AMOUNTS),
    st.tuples(st.just("amounts"), st.integers(0, 50), AMOUNTS),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("branch"), st.integers(0, 50)),
), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_month_totals_equal_a_fresh_sum_after_any_writes(people: dict[str, str],
                                                         operations: list[tuple]) -> None:
    DailyResult.delete().execute()
    database.execute_sql("DELETE FROM partner_month_total")  # each example from nothing

    def branch_of(name: str) -> str:
        return people["two"] if name == "최넷" else people["one"]

    def pick(index: int) -> DailyResult | None:
        rows = list(DailyResult.select().order_by(DailyResult.id))
        return rows[index % len(rows)] if rows else None

    for operation in operations:
        kind = operation[0]
        # One write at a time, as the app writes; a clash with the (partner, date) key
        # is refused by the database and must leave the totals as they were.
        try:
            with database.atomic():
                if kind == "insert":
                    _, name, day, (count, won, new) = operation
                    DailyResult.create(branch=branch_of(name), partner=people[name], date=day,
                                       sales_count=count, sales_won=won, new_contracts=new)
                elif (row := pick(operation[1])) is None:
                    continue
                elif kind == "update":  # another partner, day and amounts at once
                    _, _, name, day, (count, won, new) = operation
                    DailyResult.update(partner=people[name], branch=branch_of(name), date=day,
                                       sales_count=count, sales_won=won, new_contracts=new
                                       ).where(DailyResult.id == row.id).execute()
                elif kind == "amounts":
                    _, _, (count, won, new) = operation
                    DailyResult.update(sales_count=count, sales_won=won, new_contracts=new
                                       ).where(DailyResult.id == row.id).execute()
                elif kind == "branch":  # moved to the other branch (a transfer)
                    other = people["two"] if row.branch_id == people["one"] else people["one"]
                    DailyResult.update(branch=other).where(DailyResult.id == row.id).execute()
                else:
                    row.delete_instance()
        except Exception as error:  # noqa: BLE001 - only the key clash is expected
            assert "UNIQUE" in str(error), error
        kept_equals_fresh()


def test_a_partner_deleted_takes_their_month_totals(people: dict[str, str]) -> None:
    DailyResult.create(branch=people["one"], partner=people["김하나"], date=D(2026, 11, 3),
                       sales_count=2, sales_won=200_000)
    Partner.delete().where(Partner.id == people["김하나"]).execute()
    assert database.execute_sql("SELECT COUNT(*) FROM partner_month_total").fetchone() == (0,)
    kept_equals_fresh()


def test_the_demo_load_rebuilds_the_month_totals(db: Path) -> None:
    """The demo loads results with the triggers off, then rebuilds what they keep."""
    from branchdash.data.demo import generate_demo

    generate_demo(D(2026, 11, 30))
    assert database.execute_sql("SELECT COUNT(*) FROM partner_month_total").fetchone()[0] > 0
    kept_equals_fresh()
    names = {row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND tbl_name = 'daily_result'")}
    assert {"partner_month_total_insert", "partner_month_total_update",
            "partner_month_total_delete"} <= names


def _breakdowns(branch: str, month: pendulum.Date, today: pendulum.Date
                ) -> tuple[goals.MonthBreakdown, goals.MonthBreakdown]:
    """The view from the month totals, and the same summed from the daily results."""
    kept = goals.month_breakdown(branch, month, today, limit=None)
    database.execute_sql("ALTER TABLE partner_month_total RENAME TO pmt_aside")
    try:
        assert not goals.month_totals_kept()
        summed = goals.month_breakdown(branch, month, today, limit=None)
    finally:
        database.execute_sql("ALTER TABLE pmt_aside RENAME TO partner_month_total")
    return kept, summed


def test_the_view_from_the_totals_equals_the_view_summed_from_results(db: Path) -> None:
    from branchdash.data.demo import generate_demo

    today = D(2026, 11, 30)
    generate_demo(today)
    branch = database.execute_sql("SELECT id FROM branch").fetchone()[0]
    assert goals.month_totals_kept()
    for month in (D(2026, 9, 1), D(2026, 10, 1), D(2026, 11, 1)):
        kept, summed = _breakdowns(branch, month, today)
        assert kept == summed and kept.sales_won > 0


def test_results_dated_after_today_are_left_out_as_before(people: dict[str, str]) -> None:
    """Looking at a month up to a day inside it (`today`), results dated later (a typo,
    or a view of the past) are not in its sums: the totals are not used then."""
    branch = people["one"]
    DailyResult.create(branch=branch, partner=people["김하나"], date=D(2026, 11, 10),
                       sales_count=1, sales_won=100_000)
    DailyResult.create(branch=branch, partner=people["김하나"], date=D(2026, 11, 20),
                       sales_count=2, sales_won=500_000)
    kept, summed = _breakdowns(branch, D(2026, 11, 1), D(2026, 11, 15))
    assert kept == summed and kept.sales_won == 100_000
    whole = goals.month_breakdown(branch, D(2026, 11, 1), D(2026, 11, 30))
    assert whole.sales_won == 600_000 and whole.partners[0].days_with_sales == 2


@pytest.fixture
def pg(clock: FakeClock, pg_url: str) -> Iterator[str]:  # noqa: F811
    from branchdash.data.postgres import open_postgres

    open_postgres(pg_url)
    yield pg_url
    close_database()


def test_postgres_sums_the_results_itself(pg: str) -> None:
    """HQ's PostgreSQL keeps no month totals: the view sums the daily results there."""
    from branchdash.data.models import Branch

    branch = Branch.create(code="GN03", name="강남3센터")
    kim = Partner.create(branch=branch, name="김민수", status="active")
    lee = Partner.create(branch=branch, name="이영희", status="active")
    DailyResult.create(branch=branch, partner=kim, date=D(2026, 11, 2), sales_count=2,
                       sales_won=300_000)
    DailyResult.create(branch=branch, partner=kim, date=D(2026, 11, 3), sales_count=1,
                       sales_won=100_000)
    DailyResult.create(branch=branch, partner=lee, date=D(2026, 10, 30), sales_count=1,
                       sales_won=50_000)
    assert not goals.month_totals_kept()
    view = goals.month_breakdown(branch.id, D(2026, 11, 1), D(2026, 11, 30))
    assert [(p.name, p.sales_count, p.sales_won, p.days_with_sales) for p in view.partners] \
        == [("김민수", 3, 400_000, 2), ("이영희", 0, 0, 0)]
    assert (view.partner_count, view.active, view.sales_won) == (2, 1, 400_000)


def test_a_team_led_from_another_branch_keeps_its_leader_s_name(
        people: dict[str, str]) -> None:
    lead = Partner.create(branch=people["two"], name="서팀장", role="sales_manager",
                          status="active")
    Partner.update(manager=lead.id).where(Partner.id == people["김하나"]).execute()
    DailyResult.create(branch=people["one"], partner=people["김하나"], date=D(2026, 11, 3),
                       sales_count=1, sales_won=10_000)
    view = goals.month_breakdown(people["one"], D(2026, 11, 1), D(2026, 11, 30))
    assert view.partners[0].team == "서팀장"
    assert {team.team for team in view.teams} == {"서팀장", ""}
