"""Roster rules: loading, figures, summary and attrition, filters, sort, incremental search."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchdash import hr
from branchdash.data.branches import create_branch
from branchdash.data.models import Attendance, DailyResult, Training
from branchdash.partners import (
    COLUMNS,
    Filters,
    RosterRow,
    RosterView,
    SearchIndex,
    load_everything,
    partner_detail,
)
from tests.tools.roster_rules import apply_filters, matcher, sort_rows

D = pendulum.date
TODAY = D(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> dict[str, str]:
    branch_id = create_branch("강남3센터", "GN03").id
    ids = {"branch": branch_id}
    lead = hr.recruit(branch_id, "박영미", D(2020, 1, 2), role="sales_manager")
    hr.transition(lead, "start_onboarding", D(2020, 1, 6))
    hr.transition(lead, "activate", D(2020, 2, 1))
    ids["lead"] = lead
    for name, hired, steps in (
        ("김민수", D(2025, 6, 1), ("activate",)),
        ("김미나", D(2026, 11, 3), ()),
        ("최수민", D(2025, 1, 1), ("activate", "resign_old")),
        ("강현우", D(2025, 2, 1), ("activate", "resign")),
    ):
        pid = hr.recruit(branch_id, name, hired.subtract(days=3), manager=lead)
        hr.transition(pid, "start_onboarding", hired)
        for step in steps:
            if step == "activate":
                hr.transition(pid, "activate", hired.add(days=10))
            elif step == "resign":
                hr.transition(pid, "resign", D(2026, 11, 20), reason="income")
            else:
                hr.transition(pid, "resign", D(2025, 6, 1), reason="health")
        ids[name] = pid
    # a candidate who withdraws: not counted in attrition
    pid = hr.recruit(branch_id, "오세훈", D(2026, 11, 2), manager=lead)
    hr.transition(pid, "resign", D(2026, 11, 10), reason="personal")
    ids["오세훈"] = pid
    DailyResult.create(branch=branch_id, partner=ids["김민수"], date=D(2026, 11, 27),
                       sales_count=2, sales_won=300_000)
    DailyResult.create(branch=branch_id, partner=ids["김민수"], date=D(2026, 10, 27),
                       sales_count=5, sales_won=900_000)  # last month: not in this month's
    training = Training.create(branch=branch_id, kind="new_partner", title="입문",
                               date=D(2026, 11, 5), start="10:00", end="12:00")
    Attendance.create(training=training, partner=ids["김미나"], status="present")
    return ids


def test_load_roster_with_figures_and_summary(branch: dict[str, str], clock: object) -> None:
    roster = load_everything(branch["branch"], TODAY)
    rows = {row.name: row for row in roster.rows}
    assert len(rows) == 6
    kim = rows["김민수"]
    assert (kim.status, kim.team, kim.month_count, kim.month_won) == ("active", "박영미", 2,
                                                                      300_000)
    assert kim.tenure_days == (TODAY - D(2025, 6, 1)).days
    assert rows["김미나"].trainings == 1 and rows["김미나"].status == "trainee"
    assert rows["박영미"].team == "박영미"  # a sales manager leads their own team
    assert rows["최수민"].tenure_days == (D(2025, 6, 1) - D(2025, 1, 1)).days
    s = roster.summary
    assert s.by_status == {"candidate": 0, "trainee": 1, "active": 2, "inactive": 0,
                           "resigned": 3}
    assert (s.active, s.selling, s.hires_month, s.resignations_month) == (2, 1, 1, 2)
    # last 12 months: 강현우 left (최수민 left before the window, 오세훈 was a candidate);
    # headcount now 3, a year ago 3 - 1 hire (김미나) + 1 = 3: 1 / 3
    assert s.resignations_year == 1
    assert s.attrition_pct == pytest.approx(33.3)


def test_detail_has_trend_and_trainings(branch: dict[str, str], clock: object) -> None:
    detail = partner_detail(branch["김민수"], TODAY)
    assert detail is not None
    assert len(detail.weeks) == 12 and detail.weeks[-1][0] == D(2026, 11, 30)
    assert sum(count for _, count, _ in detail.weeks) == 7
    assert detail.weeks[-2][1:] == (2, 300_000)
    assert [entry.kind for entry in detail.history] == ["recruit", "start_onboarding",
                                                        "activate"]
    lead = partner_detail(branch["lead"], TODAY)
    assert lead is not None and lead.team_size == 2  # 김민수 and 김미나 are still on the team
    mina = partner_detail(branch["김미나"], TODAY)
    assert mina is not None and [t.title for t in mina.trainings] == ["입문"]


def row(name: str, status: str = "active", team: str = "t1", month: int = 0) -> RosterRow:
    return RosterRow(name, name, "010-0000-0000", "seller", "일반", status, team, team, team,
                     "", "", None, name.replace(" ", ""), "01000000000", month_count=month)


def test_filters_and_stable_sort() -> None:
    rows = [row("나"), row("가", "resigned"), row("다", team="t2", month=3), row("라", month=3)]
    assert [r.name for r in apply_filters(rows, Filters())] == ["나", "다", "라"]
    assert [r.name for r in apply_filters(rows, Filters(status="all", team="t2"))] == ["다"]
    view = RosterView(rows, Filters(status="all"), "month_count", True)
    # ties keep name order, also when descending
    assert [r.name for r in view.shown] == ["다", "라", "가", "나"]
    assert [r.name for r in sort_rows(view.found, "status")] == ["나", "다", "라", "가"]


NAMES = st.lists(st.text(alphabet="김민수미나박영이유진최강현우ㄱ ab", min_size=1, max_size=4),
                 min_size=1, max_size=30)
QUERY = st.text(alphabet="김민미나박ㄱㅁㅅㅇab", max_size=4)


@settings(max_examples=200, deadline=None)
@given(NAMES, QUERY)
def test_typing_a_query_one_key_at_a_time_finds_what_a_fresh_search_finds(
        names: list[str], query: str) -> None:
    rows = [row(name) for name in names]
    view = RosterView(rows)
    for end in range(len(query) + 1):
        view.set_filters(Filters(query=query[:end]))
    fresh = RosterView(rows, Filters(query=query))
    assert [r.name for r in view.shown] == [r.name for r in fresh.shown]


PHONES = st.text(alphabet="0123456789", min_size=0, max_size=5)
PHONE_QUERY = st.text(alphabet="0123-. 김ㄱ", max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES.map(lambda names: names[0]), PHONES), min_size=1, max_size=30),
       st.one_of(QUERY, PHONE_QUERY))
def test_the_search_index_finds_what_testing_each_row_finds(
        people: list[tuple[str, str]], query: str) -> None:
    rows = [row(name) for name, _ in people]
    for each, (_, digits) in zip(rows, people, strict=True):
        each.digits = digits
    test = matcher(query)
    expected = rows if test is None else [r for r in rows if test(r)]
    found = SearchIndex(rows).find(query)
    assert (rows if found is None else [rows[place] for place in found]) == expected


STATUSES = st.sampled_from(["active", "resigned", "candidate", "inactive"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES.map(lambda names: names[0]), STATUSES,
                          st.sampled_from(["t1", "t2"]), st.integers(0, 3)),
                min_size=0, max_size=30),
       QUERY, st.sampled_from(["current", "all", "active", "resigned"]),
       st.sampled_from(["all", "t1"]), st.sampled_from(COLUMNS), st.booleans())
def test_the_view_shows_what_filtering_and_sorting_row_by_row_shows(
        people: list[tuple[str, str, str, int]], query: str, status: str, team: str,
        column: str, descending: bool) -> None:
    rows = [row(name, state, team_id, month) for name, state, team_id, month in people]
    for number, each in enumerate(rows):
        each.id = f"p{number}"  # two partners may share a name, never an id
    filters = Filters(query=query, status=status, team=team)
    view = RosterView(rows, filters, column, descending)
    by_name = sorted(rows, key=lambda r: r.name)
    expected = sort_rows(apply_filters(by_name, filters), column, descending)
    assert list(view.shown) == expected
    assert [view.shown_index(shown.id) for shown in view.shown] == list(range(len(expected)))
    assert view.shown_index("nobody") is None


def test_first_rows_are_the_first_current_partners_by_name(branch: dict[str, str],
                                                           clock: object) -> None:
    from branchdash.partners import load_first_rows

    rows = load_first_rows(branch["branch"], TODAY, 2)
    assert [(r.name, r.team) for r in rows] == [("김미나", "박영미"), ("김민수", "박영미")]
    everything = load_everything(branch["branch"], TODAY).rows
    view = RosterView(everything)
    assert [r.id for r in view.shown[:2]] == [r.id for r in rows]


def test_sorting_by_hire_date_puts_the_not_yet_hired_last(db: Path, clock: object) -> None:
    branch = create_branch("강남3센터", "GN03").id
    for name, hired in (("나중", D(2025, 3, 1)), ("후보", None), ("먼저", D(2019, 7, 15))):
        pid = hr.recruit(branch, name, D(2018, 1, 2))
        if hired:
            hr.transition(pid, "start_onboarding", hired)
    rows = load_everything(branch, TODAY).rows
    assert [r.name for r in sort_rows(rows, "hired_on")] == ["먼저", "나중", "후보"]
    assert [r.name for r in sort_rows(rows, "hired_on", descending=True)] == ["후보", "나중",
                                                                                "먼저"]
