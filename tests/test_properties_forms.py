"""Bad input in every form (issue #9 item 10): random text, huge numbers, control
characters, mixed-width Hangul, empty fields. Each form's save path, at the rule level
(the functions the form calls with the typed strings, in the order it calls them),
either keeps a correct value (checked against what was typed, normalised) or refuses
with a readable message in the UI's language and leaves the store exactly as it was.
Never any other exception.

Each property runs inside an ordinary test (so the function-scoped `db` and `clock`
fixtures are made once, not per example) and prints its figures (`pytest -s`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from branchdash import budget, goals, hr, i18n, reminders, results, schedule
from branchdash import directives as dv
from branchdash import promotions as pm
from branchdash import training as tr
from branchdash.clock import FakeClock
from branchdash.data.branches import BranchInfo, code_from_name, create_branch
from branchdash.data.models import (
    ActionItem,
    Branch,
    Budget,
    DayBlock,
    Expense,
    Goal,
    Partner,
    PartnerEvent,
    ScheduleTemplate,
    Training,
)
from branchdash.i18n import t
from branchdash.meetings import search, set_action_due, set_action_owner
from branchdash.money import AmountError, parse_amount
from branchdash.notes import parse_due
from branchdash.partner_csv import parse_date as partner_date
from branchdash.phone import normalise
from branchdash.screens.widgets.directive_dialogs import (
    InputError,
    parse_date,
    parse_int,
    parse_optional_date,
    parse_time,
)
from branchdash.settings import SettingError
from tests.strategies import (
    AMOUNT,
    COUNT,
    DATE,
    NAME,
    PHONE,
    TEXT,
    TIME,
    Field,
    Tally,
    attempt,
    check_message,
    form,
    plausible_dates,
    snapshot,
    typed,
)

TODAY = pendulum.date(2026, 11, 30)  # the fake clock's day
FAST = settings(max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
LANG = st.sampled_from(["en", "ko"])

F = dict[str, str]  # a form's typed fields


class Refused(Exception):
    """A form's own refusal (shown under its fields) where it checks before any rule."""


@pytest.fixture
def branch(db: Path, clock: FakeClock) -> BranchInfo:
    return create_branch("속성지점", "PROP")


def manager_of(branch: BranchInfo) -> str:
    lead = hr.recruit(branch.id, "박영미", TODAY.subtract(years=2), role="sales_manager")
    hr.transition(lead, "start_onboarding", TODAY.subtract(years=2))
    hr.transition(lead, "activate", TODAY.subtract(years=1))
    return lead


def run(tally: Tally, prop: Callable[[], None]) -> None:
    try:
        prop()
    finally:
        tally.report()
        i18n.set_language("en")



# --- partners (PartnerForm: recruit, edit, every HR event) -------------------------------

# The partner forms read full dates only (2026-11-30, 2026.11.30, 20261130).
HR_DATE = Field(st.integers(-400, 3).map(lambda n: TODAY.add(days=n)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), f"{d:YYYY.MM.DD}", f"{d:YYYYMMDD}"])),
    plausible_dates())


def form_date(value: str) -> pendulum.Date:
    """PartnerForm.action_save: the typed date, or the form's own refusal."""
    try:
        day = partner_date(value)
    except ValueError:
        day = None
    if day is None:
        raise Refused(t("partners.form.bad_date", value=value))
    return day


def test_recruit_form(branch: BranchInfo) -> None:
    tally = Tally("partners: recruit form")
    manager = manager_of(branch)

    @FAST
    @given(lang=LANG, f=form(name=NAME, phone=PHONE, date=HR_DATE, note=TEXT),
           role=st.sampled_from(hr.ROLES), team=st.booleans())
    @example(lang="en", f={"name": "김민수", "phone": "010-1234-5678",
                           "date": "2026-1-99999999999999999999", "note": ""},
             role="seller", team=False).via("a date too big for a C long")
    @example(lang="ko", f={"name": "\x00\x1b[31m", "phone": "", "date": "2026-11-30",
                           "note": "\x00"}, role="seller", team=True).via("control characters")
    def prop(lang: str, f: F, role: str, team: bool) -> None:
        i18n.set_language(lang)

        def save() -> str:
            on = form_date(f["date"])
            return hr.recruit(branch.id, f["name"], on, phone=f["phone"], role=role,
                              manager=manager if team else None, note=f["note"])

        pid = attempt(tally, save, (Refused, hr.HrError), [*f.values(), role])
        if pid is None:
            return
        row = Partner.get_by_id(pid)
        assert row.name == " ".join(f["name"].split()) and row.name
        assert row.phone == normalise(f["phone"])
        assert row.recruited_on == partner_date(f["date"]) <= TODAY
        assert (row.role, row.status) == (role, "candidate")
        assert row.manager_id == (manager if team else None)
        assert PartnerEvent.get(PartnerEvent.partner == pid).note == f["note"].strip()

    run(tally, prop)


def test_edit_form(branch: BranchInfo) -> None:
    tally = Tally("partners: edit form")
    pid = hr.recruit(branch.id, "김민수", TODAY.subtract(days=30), phone="010-1111-2222")
    hr.recruit(branch.id, "이영희", TODAY.subtract(days=30), phone="010-3333-4444")

    @FAST
    @given(lang=LANG, f=form(name=NAME, phone=PHONE, notes=TEXT, date=HR_DATE))
    def prop(lang: str, f: F) -> None:
        i18n.set_language(lang)
        saved = attempt(tally, lambda: hr.edit(pid, form_date(f["date"]), name=f["name"],
                                               phone=f["phone"], notes=f["notes"]) or True,
                        (Refused, hr.HrError), f.values())
        row = Partner.get_by_id(pid)
        if saved:
            assert (row.name, row.phone, row.notes) == (
                " ".join(f["name"].split()), normalise(f["phone"]), f["notes"].strip())
        assert row.name.strip() and row.phone != "010-3333-4444"  # never another's phone

    run(tally, prop)


def test_every_hr_event_form(branch: BranchInfo) -> None:
    tally = Tally("partners: HR event forms")
    manager = manager_of(branch)
    people = [hr.recruit(branch.id, f"파트너{n}", TODAY.subtract(days=400)) for n in range(4)]

    @FAST
    @given(lang=LANG, who=st.sampled_from(people), pick=st.integers(0, 20), legal=st.booleans(),
           f=form(date=HR_DATE, note=TEXT), reason=st.sampled_from([*hr.RESIGN_REASONS, "", "x"]),
           rank=st.sampled_from([*hr.SELLER_RANKS, *hr.MANAGER_RANKS, "", "\x00"]),
           role=st.sampled_from([*hr.ROLES, "x"]), team=st.booleans())
    def prop(lang: str, who: str, pick: int, legal: bool, f: F, reason: str, rank: str,
             role: str, team: bool) -> None:
        i18n.set_language(lang)
        # The roster offers the events the partner's status allows; the rule is asked
        # about every event too.
        offered = hr.allowed_events(Partner.get_by_id(who).status) if legal else hr.EVENTS
        event = offered[pick % len(offered)]
        changes: dict[str, object] = {"note": f["note"]}
        if event == "promote":
            changes.update(role=role, rank=rank)
        elif event in ("transfer", "rehire"):
            changes["manager"] = manager if team else None
        elif event == "resign":
            changes["reason"] = reason
        before = Partner.get_by_id(who).status
        history = {e.id for e in PartnerEvent.select().where(PartnerEvent.partner == who)}

        def save() -> bool:
            hr.transition(who, event, form_date(f["date"]), **changes)
            return True

        if not attempt(tally, save, (Refused, hr.HrError), [*f.values(), reason, rank, role]):
            return
        assert Partner.get_by_id(who).status == (hr.RULES[event].target or before)
        [new] = [e for e in PartnerEvent.select().where(PartnerEvent.partner == who)
                 if e.id not in history]
        assert (new.kind, new.note, new.occurred_on) == (
            event, f["note"].strip(), partner_date(f["date"]))

    run(tally, prop)


# --- the day's schedule and the weekly routine (BlockForm, RoutineEditor) ----------------


def test_block_form_and_routine(branch: BranchInfo) -> None:
    tally = Tally("today: block form / routine editor")

    @FAST
    @given(lang=LANG, f=form(start=TIME, end=TIME, title=NAME),
           kind=st.sampled_from([*schedule.KINDS, "", "x"]),
           meeting=st.sampled_from([*schedule.MEETING_KIND_CHOICES, None, "x"]),
           routine=st.booleans(), weekday=st.integers(0, 6))
    @example(lang="en", f={"start": "9", "end": "10", "title": "ｶ" * 80}, kind="custom",
             meeting=None, routine=False, weekday=0)
    def prop(lang: str, f: F, kind: str, meeting: str | None, routine: bool,
             weekday: int) -> None:
        i18n.set_language(lang)

        def save() -> str:
            data = schedule.block_input(f["start"], f["end"], kind, f["title"], meeting)
            if routine:
                return schedule.add_template_block(branch.id, weekday, data, TODAY)
            return schedule.add_block(branch.id, TODAY, data)

        schedule.ensure_day(branch.id, TODAY)  # the form opens on a day already shown
        new_id = attempt(tally, save, (schedule.ScheduleError,), f.values(),
                         message=lambda e: e.message())  # type: ignore[attr-defined]
        if new_id is None:
            return
        row = (ScheduleTemplate if routine else DayBlock).get_by_id(new_id)
        assert row.title == " ".join(f["title"].split()) and 0 < len(row.title) <= 80
        assert schedule._as_time(row.start) == schedule.parse_time(f["start"])
        assert schedule._as_time(row.end) == schedule.parse_time(f["end"])
        assert row.kind == kind and row.meeting_kind == (meeting if kind == "meeting" else None)

    run(tally, prop)


# --- budget (BudgetForm, ExpenseForm) ---------------------------------------------------------

PLAN = Field(st.lists(st.tuples(st.integers(1, 31), st.integers(1, 10**4), st.text(
    alphabet="판촉물 교육", max_size=8)), max_size=3).map(
    lambda items: "; ".join(f"{d} {a}만 {n}".strip() for d, a, n in items)))


def test_budget_form(branch: BranchInfo) -> None:
    tally = Tally("budget: budget form")
    month = TODAY.start_of("month")

    @FAST
    @given(lang=LANG, account=st.sampled_from(budget.ACCOUNTS),
           f=form(amount=AMOUNT, plan=PLAN))
    @example(lang="en", account=budget.ACCOUNTS[0], f={"amount": "", "plan": "3 5만"}).via(
        "a plan without a budget")
    @example(lang="en", account=budget.ACCOUNTS[0], f={"amount": "9" * 5000, "plan": ""}).via(
        "5,000 digits: more than int() reads")
    def prop(lang: str, account: str, f: F) -> None:
        i18n.set_language(lang)

        def save() -> tuple[int, tuple[budget.PlanItem, ...]] | None:
            typed_budget = budget.typed_budget(account, f["amount"], f["plan"], month)
            if typed_budget is not None:
                budget.set_budgets(branch.id, month, [(account, *typed_budget)])
            return typed_budget

        saved = attempt(tally, save, (budget.BudgetError,), f.values())
        if saved is None:
            return
        assert saved[0] == parse_amount(f["amount"], allow_zero=True)
        row = Budget.get((Budget.branch == branch.id) & (Budget.month == month)
                         & (Budget.account == account))
        assert row.amount_won == saved[0] and budget.plan_from_json(row.plan) == saved[1]
        assert sum(item.amount_won for item in saved[1]) <= saved[0]

    run(tally, prop)


def test_budget_cli_month() -> None:
    """`branchdash budget --month`: a month, or the budget area's refusal."""
    tally = Tally("budget: --month as typed")

    @FAST
    @given(lang=LANG, text=typed(st.builds(lambda y, m: f"{y:04d}-{m}", st.integers(0, 9999),
                                           st.integers(0, 13))))
    @example(lang="en", text="0000-11").via("year zero")
    def prop(lang: str, text: str) -> None:
        i18n.set_language(lang)
        try:
            month = budget.parse_month(text)
        except budget.BudgetError as error:
            check_message(error.message, [text])
            tally.refuse()
            return
        tally.accept()
        assert month == month.start_of("month") and month.year >= 1

    run(tally, prop)


def test_expense_form(branch: BranchInfo) -> None:
    tally = Tally("budget: expense form")
    month = TODAY.start_of("month")
    in_month = Field(st.integers(1, 30).map(lambda d: st_day(d)))

    @FAST
    @given(lang=LANG, account=st.sampled_from([*budget.ACCOUNTS, "x"]),
           f=form(day=in_month, amount=AMOUNT, category=TEXT, payee=NAME, memo=TEXT))
    def prop(lang: str, account: str, f: F) -> None:
        i18n.set_language(lang)

        def save() -> str:  # ExpenseForm.draft, then the screen's add_expense
            spent_on = budget.parse_day(f["day"], month)
            try:
                won = parse_amount(f["amount"])
            except AmountError as error:
                raise budget.BudgetError(error.message) from None
            return budget.add_expense(branch.id, budget.ExpenseDraft(
                spent_on, account, won, f["category"], f["payee"], f["memo"]), month)

        new_id = attempt(tally, save, (budget.BudgetError,), f.values())
        if new_id is None:
            return
        row = Expense.get_by_id(new_id)
        assert row.amount_won == parse_amount(f["amount"]) > 0
        assert row.spent_on == budget.parse_day(f["day"], month)
        assert month <= row.spent_on <= month.end_of("month")
        assert (row.category, row.payee, row.memo) == (
            f["category"].strip()[:budget.MAX_TEXT], f["payee"].strip()[:budget.MAX_TEXT],
            f["memo"].strip()[:budget.MAX_MEMO])

    run(tally, prop)


def st_day(day: int) -> str:
    """A day of the form's month as people type it: 5, 5일, 11/5, 2026-11-05."""
    return [f"{day}", f"{day}일", f"11/{day}", f"2026-11-{day:02d}"][day % 4]


# --- goals (YearGoalForm, MonthTargetForm, GoalSettingsForm) ------------------------------

YEAR = Field(st.integers(2000, 2100).map(str))
MONTHS = Field(st.lists(st.integers(0, 10**6), min_size=12, max_size=12).map(
    lambda values: " / ".join(f"{v:,}" for v in values)))


def test_year_goal_form(branch: BranchInfo) -> None:
    tally = Tally("goals: year goal form")

    @settings(FAST, max_examples=15)  # a year's goal writes ~440 rows, one by one
    @given(lang=LANG, metric=st.sampled_from(goals.METRICS), split=st.sampled_from(goals.SPLITS),
           f=form(year=YEAR, target=COUNT, project=TEXT, months=MONTHS))
    @example(lang="en", metric="sales_won", split="even",
             f={"year": "2027", "target": "9" * 30, "project": "", "months": ""}).via(
        "a target too big for SQLite")
    @example(lang="en", metric="sales_won", split="even",
             f={"year": "2027", "target": "²", "project": "", "months": ""}).via(
        "a digit int() refuses")
    def prop(lang: str, metric: str, split: str, f: F) -> None:
        i18n.set_language(lang)
        Goal.delete().execute()  # a year is ~440 rows: keep the snapshot small

        def save() -> goals.YearGoalRequest:
            request = goals.year_goal_request(metric, f["year"], f["target"], f["project"],
                                              split, f["months"])
            goals.set_year_goal(branch.id, request.metric, request.year, request.target,
                                project=request.project, split=request.split,
                                typed=request.typed)
            return request

        request = attempt(tally, save, (goals.GoalError,), f.values())
        if request is None:
            return
        year_goal = goals.year_goals(branch.id, request.year)[metric]
        assert year_goal.project == f["project"].strip()
        if split == "typed" and metric not in goals.LEVEL_METRICS:
            assert year_goal.target == sum(request.typed or [])
        else:
            assert year_goal.target == request.target == goals.parse_target(f["target"])

    run(tally, prop)


WEEKDAYS = Field(st.lists(st.integers(1, 7), min_size=1, max_size=7).map(
    lambda days: ",".join(map(str, days))))
WINDOW = Field(st.one_of(st.sampled_from(["month", "월", "달"]), st.integers(1, 366).map(str)))


def test_month_target_and_settings_forms(branch: BranchInfo) -> None:
    tally = Tally("goals: month target / settings forms")
    goals.set_year_goal(branch.id, "sales_count", 2026, 1200)

    @FAST
    @given(lang=LANG, f=form(target=COUNT, weekdays=WEEKDAYS, min_sales=COUNT, window=WINDOW),
           skip=st.booleans(), which=st.booleans())
    @example(lang="en", f={"target": "1", "weekdays": "²", "min_sales": "1",
                           "window": "month"}, skip=True, which=False).via("superscript day")
    @example(lang="en", f={"target": "1", "weekdays": "1", "min_sales": "²", "window": "²"},
             skip=True, which=False).via("a superscript count")
    def prop(lang: str, f: F, skip: bool, which: bool) -> None:
        i18n.set_language(lang)
        if which:
            def save() -> int:
                value = goals.parse_target(f["target"])
                goals.set_month_target(branch.id, "sales_count", TODAY, value)
                return value

            value = attempt(tally, save, (goals.GoalError,), [f["target"]])
            if value is not None:
                rows = goals.year_cascade(branch.id, "sales_count", 2026, TODAY)
                assert rows is not None
            return
        saved = attempt(tally, lambda: goals.save_settings_text(
            f["weekdays"].strip(), skip, f["min_sales"].strip(), f["window"].strip()) or True,
            (SettingError,), f.values())
        if saved:
            stored = goals.load_goal_settings()
            assert stored.weekdays == goals.parse_weekdays(f["weekdays"].strip())
            assert stored.skip_holidays == skip
            rule = results.load_active_rule()
            assert rule.min_sales == results.parse_min_sales(f["min_sales"].strip())
            assert rule.window_days == results.parse_window(f["window"].strip())

    run(tally, prop)


# --- the evening results grid (ResultsEntry) --------------------------------------------------


def test_results_entry(branch: BranchInfo) -> None:
    tally = Tally("goals: results entry grid")
    people = [hr.recruit(branch.id, f"판매{n}", TODAY.subtract(days=100)) for n in range(3)]
    for pid in people:
        hr.transition(pid, "start_onboarding", TODAY.subtract(days=90))
    numbers = st.one_of(st.integers(0, 50), st.integers(0, 10**12 - 1), st.just(10**30),
                        st.integers(-5, -1))
    plausible = st.integers(0, 9).flatmap(lambda count: st.tuples(
        st.just(count), st.integers(0, 10**7).map(lambda w: w * count),
        st.integers(0, count), st.one_of(st.none(), st.integers(0, 20))))

    @FAST
    @given(lang=LANG, rows=st.lists(st.tuples(st.sampled_from(people), st.one_of(
        plausible, st.tuples(numbers, numbers, numbers, st.one_of(st.none(), numbers)))),
        max_size=4, unique_by=lambda row: row[0]))
    @example(lang="en", rows=[(people[0], (10**30, 10**30, 10**30, None))]).via(
        "more than SQLite's integers hold")
    def prop(lang: str, rows: list[tuple[str, tuple[int, int, int, int | None]]]) -> None:
        i18n.set_language(lang)
        entries = [(pid, results.ResultValues(*values)) for pid, values in rows]

        def save() -> int:
            for _pid, values in entries:  # ResultsEntry.action_save checks each row first
                results.check_values(values)
            return results.save_day_results(branch.id, TODAY, entries)

        if attempt(tally, save, (results.ResultError,), []) is None:
            return
        shown = {row.partner_id: row for row in results.entry_rows(branch.id, TODAY)}
        for pid, values in entries:
            row = shown[pid]
            if row.saved:
                assert (row.sales_count, row.sales_won, row.new_contracts, row.visits) == (
                    values.sales_count, values.sales_won, values.new_contracts, values.visits)

    run(tally, prop)


# --- directives, training, promotions (FormDialog in their panes) ------------------------

PATHS = Field(st.lists(st.sampled_from(["~/공문.pdf", "/tmp/x.hwp", "a b.xlsx", "  "]),
                       max_size=3).map("\n".join))


def test_directive_form(branch: BranchInfo) -> None:
    tally = Tally("directives: directive form")

    @FAST
    @given(lang=LANG, f=form(number=NAME, title=NAME, received=DATE,
                             due=Field(st.one_of(st.just(""), st.integers(10, 60).map(
                                 lambda n: TODAY.add(days=n).isoformat())), plausible_dates()),
                             points=TEXT, attachments=PATHS))
    @example(lang="en", f={"number": "1", "title": "t", "received": "today", "due": "",
                           "points": "", "attachments": "~nobody_here/공문.pdf"}).via(
        "the home folder of nobody")
    @example(lang="en", f={"number": "2", "title": "t", "received": "2026-1-" + "9" * 20,
                           "due": "", "points": "", "attachments": ""}).via(
        "a day too big for a C long")
    def prop(lang: str, f: F) -> None:
        i18n.set_language(lang)

        def save() -> dv.DirectiveView:  # DirectivePane._save
            return dv.create_directive(
                branch.id, number=f["number"], title=f["title"],
                received_on=parse_date(f["received"], TODAY),
                due_on=parse_optional_date(f["due"], TODAY), key_points=f["points"],
                attachments=f["attachments"].splitlines())

        view = attempt(tally, save, (dv.DirectiveError, InputError), f.values())
        if view is None:
            return
        stored = dv.get_directive(view.id)
        assert (stored.number, stored.title) == (f["number"].strip(), f["title"].strip())
        assert stored.received_on == parse_date(f["received"], TODAY)
        assert stored.due_on == parse_optional_date(f["due"], TODAY)
        assert stored.key_points == f["points"].strip()
        assert len(stored.attachments) <= len(f["attachments"].splitlines())

    run(tally, prop)


def test_training_forms(branch: BranchInfo) -> None:
    tally = Tally("training: session / cost forms")
    session = tr.create_training(branch.id, kind="new_product", title="신상품", date=TODAY,
                                 start=dt.time(9, 30), end=dt.time(11, 30))

    @FAST
    @given(lang=LANG, kind=st.sampled_from([*tr.KINDS, "x"]), cost=st.booleans(),
           f=form(title=NAME, day=DATE, start=TIME, end=TIME, instructor=NAME,
                  curriculum=TEXT, amount=AMOUNT, category=TEXT))
    @example(lang="en", kind="new_product", cost=False, f={
        "title": "t", "day": "today", "start": "9" * 20, "end": "10", "instructor": "",
        "curriculum": "", "amount": "", "category": ""}).via("an hour too big for a C long")
    @example(lang="en", kind="new_product", cost=True, f={
        "title": "t", "day": "today", "start": "9", "end": "10", "instructor": "",
        "curriculum": "", "amount": "9" * 5000, "category": ""}).via("more than int() reads")
    def prop(lang: str, kind: str, cost: bool, f: F) -> None:
        i18n.set_language(lang)
        if cost:  # TrainingPane.action_book_cost
            line = attempt(tally, lambda: tr.book_cost(
                session.id, parse_amount(f["amount"]), parse_date(f["day"], TODAY),
                category=f["category"], payee=f["instructor"], memo=f["title"]),
                (tr.TrainingError, InputError, AmountError), f.values())
            if line is not None:
                assert line.amount_won == parse_amount(f["amount"])
                assert line.memo == (f["title"].strip() or "신상품")
                assert tr.get_training(session.id).cost_won == sum(
                    e.amount_won for e in tr.expenses(session.id))
            return
        view = attempt(tally, lambda: tr.create_training(  # TrainingPane._submit
            branch.id, kind=kind, title=f["title"], date=parse_date(f["day"], TODAY),
            start=parse_time(f["start"]), end=parse_time(f["end"]), instructor=f["instructor"],
            curriculum=f["curriculum"]), (tr.TrainingError, InputError), f.values())
        if view is None:
            return
        assert view.title == f["title"].strip() and view.start < view.end
        assert (view.start, view.end) == (parse_time(f["start"]), parse_time(f["end"]))
        block = DayBlock.get_by_id(Training.get_by_id(view.id).block_id)
        assert block.title == view.title and block.date == view.date

    run(tally, prop)


def test_promotion_forms(branch: BranchInfo) -> None:
    tally = Tally("promotions: promotion / expense forms")
    first = pm.create_promotion(branch.id, title="연말", starts_on=TODAY, ends_on=TODAY,
                                budget_won=0, target_metric="sales_count", target_value=1)
    lift = Field(st.integers(-99, 1000).map(str))

    @FAST
    @given(lang=LANG, metric=st.sampled_from(pm.METRICS), expense=st.booleans(),
           f=form(title=NAME, starts=DATE, ends=DATE, budget=AMOUNT, target=COUNT, lift=lift,
                  notes=TEXT, amount=AMOUNT, day=DATE))
    @example(lang="en", metric="sales_count", expense=False, f={
        "title": "t", "starts": "today", "ends": "today", "budget": "", "target": "9" * 30,
        "lift": "10", "notes": "", "amount": "", "day": ""}).via("a target too big for SQLite")
    @example(lang="en", metric="sales_count", expense=False, f={
        "title": "t", "starts": "today", "ends": "today", "budget": "", "target": "9" * 5000,
        "lift": "10", "notes": "", "amount": "", "day": ""}).via("more than int() reads")
    def prop(lang: str, metric: str, expense: bool, f: F) -> None:
        i18n.set_language(lang)
        refusals = (pm.PromotionError, InputError, AmountError)
        if expense:  # PromotionPane.action_book_expense
            line = attempt(tally, lambda: pm.book_expense(
                first.id, parse_amount(f["amount"]), parse_date(f["day"], TODAY),
                memo=f["notes"]), refusals, f.values())
            if line is not None:
                assert line.amount_won == parse_amount(f["amount"])
            return

        def save() -> pm.PromotionView:  # PromotionPane._submit
            target = (parse_amount(f["target"], allow_zero=True)
                      if metric == "sales_won" and f["target"].strip() else parse_int(f["target"]))
            money = parse_amount(f["budget"], allow_zero=True) if f["budget"].strip() else 0
            return pm.create_promotion(
                branch.id, title=f["title"], starts_on=parse_date(f["starts"], TODAY),
                ends_on=parse_date(f["ends"], TODAY), budget_won=money, target_metric=metric,
                target_value=target, expected_lift_pct=parse_int(f["lift"], signed=True),
                notes=f["notes"])

        view = attempt(tally, save, refusals, f.values())
        if view is None:
            return
        stored = pm.get_promotion(view.id)
        assert stored.title == f["title"].strip() and stored.starts_on <= stored.ends_on
        assert (stored.starts_on, stored.ends_on) == (parse_date(f["starts"], TODAY),
                                                      parse_date(f["ends"], TODAY))
        assert stored.notes == f["notes"].strip()
        assert stored.expected_lift_pct == parse_int(f["lift"], signed=True)

    run(tally, prop)


# --- meetings (PromptDialog for an item's owner and due date, BrowseDialog's search) -------


def test_meeting_prompts_and_search(branch: BranchInfo) -> None:
    tally = Tally("meetings: owner / due prompts, search")
    hr.recruit(branch.id, "김민수", TODAY)
    item = ActionItem.create(branch=branch.id, text="교재 준비")

    @FAST
    @given(lang=LANG, f=form(owner=NAME, due=DATE, words=TEXT))
    @example(lang="en", f={"owner": "", "due": "1/" + "9" * 20, "words": ""}).via(
        "a day too big for a C long")
    @example(lang="en", f={"owner": "", "due": "9" * 5000, "words": "\x00"}).via(
        "a NUL in the search words")
    def prop(lang: str, f: F) -> None:
        i18n.set_language(lang)
        token = "".join(f["owner"].split())  # MeetingsScreen.action_item_owner
        set_action_owner(branch.id, item.id, token)
        assert ActionItem.get_by_id(item.id).owner_name == token
        value = f["due"].strip()  # MeetingsScreen.action_item_due
        day = parse_due(value, TODAY) if value else None
        if value and day is None:
            check_message(t("meetings.due_invalid", value=value), [value])
            tally.refuse("due")
        else:
            set_action_due(item.id, day)
            assert ActionItem.get_by_id(item.id).due_on == day
            tally.accept()
        search(branch.id, f["words"])  # never raises, whatever the words

    run(tally, prop)


# --- reminder settings -------------------------------------------------------------------------

MINUTES = Field(st.integers(0, 240).map(str))


def test_reminder_settings_form(branch: BranchInfo) -> None:
    tally = Tally("today: reminder settings")
    kinds = schedule.KINDS

    @FAST
    @given(lang=LANG, f=form(**{kind: MINUTES for kind in kinds}), bell=st.booleans())
    @example(lang="en", f=dict.fromkeys(kinds, "²"), bell=False).via("a superscript two")
    def prop(lang: str, f: F, bell: bool) -> None:
        i18n.set_language(lang)

        def save() -> dict[str, int]:  # ReminderSettings.action_save
            minutes = {kind: reminders.parse_minutes(f[kind]) for kind in kinds}
            reminders.save_settings(minutes, bell)
            return minutes

        minutes = attempt(tally, save, (reminders.ReminderSettingError,), f.values(),
                          message=lambda e: t(e.key, **e.fields))  # type: ignore[attr-defined]
        if minutes is not None:
            stored = reminders.load_settings()
            assert (stored.minutes, stored.bell) == (minutes, bell)

    run(tally, prop)


# --- the first start: a new branch (WelcomeScreen) ---------------------------------------------

CODE = Field(st.text(alphabet="ABC-12", max_size=6))


def test_welcome_new_branch(db: Path, clock: FakeClock) -> None:
    tally = Tally("welcome: new branch")

    @FAST
    @given(lang=LANG, f=form(name=NAME, code=CODE))
    def prop(lang: str, f: F) -> None:
        i18n.set_language(lang)
        name = f["name"][:60].strip()  # the inputs' max_length, then action_create
        code = f["code"][:32].strip() or code_from_name(name)
        if not name:
            check_message(t("welcome.error.name"))
            tally.refuse("name")
            return
        before = snapshot()
        try:
            info = create_branch(name, code)
        except ValueError:
            check_message(t("welcome.error.code_taken", code=code), [code])
            assert snapshot() == before
            tally.refuse("code")
            return
        tally.accept()
        row = Branch.get_by_id(info.id)
        assert (row.name, row.code) == (name, code)
        assert ScheduleTemplate.select().where(ScheduleTemplate.branch == info.id).exists()

    run(tally, prop)


# --- the results grid reads keys itself: a Pilot test with the nasty ones --------------------

GRID_KEYS = [["²", "3"], ["٣", "５"], ["x", "ㄱ", "7"], ["１", "0", "backspace", "9"],
             ["9"] * 20]


@pytest.mark.parametrize("keys", GRID_KEYS, ids=["superscript", "arabic-fullwidth", "letters",
                                                 "backspace", "too-many"])
async def test_results_grid_keys(db: Path, clock: FakeClock, keys: list[str]) -> None:
    """Only decimal digits go in a cell ("²" is a digit for `isdigit` that int() refuses:
    it stopped the app); at most 12 of them; what is saved is what the cell shows."""
    from textual.app import App

    from branchdash.screens.widgets.results_grid import ResultsEntry

    info = create_branch("속성지점", "PROP")
    pid = hr.recruit(info.id, "김민수", TODAY.subtract(days=30))
    hr.transition(pid, "start_onboarding", TODAY.subtract(days=20))

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ResultsEntry(TODAY, results.entry_rows(info.id, TODAY),
                                          lambda day, rows: results.save_day_results(
                                              info.id, day, rows)))

    async with Host().run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys, "ctrl+s")
        await pilot.pause()
    typed_digits = ""
    for key in keys:
        if key == "backspace":
            typed_digits = typed_digits[:-1]
        elif len(key) == 1 and key.isdecimal() and len(typed_digits) < 12:
            typed_digits = (typed_digits + key).lstrip("0") or "0"
    count = int(typed_digits) if typed_digits else 0
    saved = results.entry_rows(info.id, TODAY)[0]
    assert saved.sales_count == count and saved.saved == (count > 0)
    print(f"[pilot] results grid keys {keys[:4]}: sales count {count}")
