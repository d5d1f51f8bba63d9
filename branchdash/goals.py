"""The goals cascade: a year target per metric, split into months, weeks and working days,
re-spread as results come in, and measured against the results.

Stored (table `goal`): the year goal and its months, weeks and days as planned.
`target` is the plan as it stands (the split, or a month typed by hand);
`original_target` is the first split, kept when a month is typed over.

Computed on read: what is *needed* from here on. When a day falls short or runs
ahead, the rest of its month is re-spread over the remaining working days in
proportion to their plan, and the rest of the year over the remaining months,
so the daily target always says what is needed from today; the plan stays
beside it. Computing it on read keeps it right after a late entry or an
import of past days, with nothing to keep in step.

Weeks run Monday to Sunday and are cut at month ends, so a week across two
months is two week goals, one in each month. Working days follow the settings
`goals.weekdays` (ISO weekdays, default Monday to Saturday) and
`goals.skip_holidays` (Korean public holidays, default yes).

Metrics: "sales_won", "sales_count", "recruits" and "training_attendance" add
up over time; "active_partners" is a head count, so every month, week and day
of a year keeps the same target and is measured as the count on that day.
"""

from __future__ import annotations

import heapq
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import pendulum
from peewee import SQL, fn
from pendulum import Date

from branchdash.clock import utc_now
from branchdash.data.models import (
    GOAL_METRICS,
    Attendance,
    DailyResult,
    DailyTotal,
    Goal,
    Partner,
    PartnerMonthTotal,
    Training,
    database,
)
from branchdash.data.settings import get_setting, set_setting
from branchdash.errors import RefusedChange
from branchdash.i18n import t
from branchdash.results import (
    ActiveRule,
    active_count,
    active_counts_by_day,
    active_rule_or_default,
    parse_min_sales,
    parse_window,
    registered_count,
    save_active_rule,
)
from branchdash.settings import SettingError
from branchdash.workdays import MONDAY_TO_SATURDAY, working_days

METRICS = GOAL_METRICS
SUM_METRICS = ("sales_won", "sales_count", "recruits", "training_attendance")
LEVEL_METRICS = ("active_partners",)
SPLITS = ("working_days", "even", "typed")

WEEKDAYS_KEY = "goals.weekdays"
SKIP_HOLIDAYS_KEY = "goals.skip_holidays"


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalSettings:
    weekdays: frozenset[int] = MONDAY_TO_SATURDAY  # ISO: 1 Monday ... 7 Sunday
    skip_holidays: bool = True


def load_goal_settings() -> GoalSettings:
    """The stored settings, checked; a bad value raises SettingError saying how to fix it."""
    raw_days = get_setting(WEEKDAYS_KEY)
    raw_skip = get_setting(SKIP_HOLIDAYS_KEY)
    weekdays = MONDAY_TO_SATURDAY if raw_days is None else parse_weekdays(raw_days)
    skip = True
    if raw_skip is not None:
        if raw_skip.strip().lower() not in ("yes", "no"):
            raise SettingError(t("goals.settings_error.skip_holidays", key=SKIP_HOLIDAYS_KEY,
                                 value=raw_skip))
        skip = raw_skip.strip().lower() == "yes"
    return GoalSettings(weekdays, skip)


def parse_weekdays(text: str) -> frozenset[int]:
    """"1,2,3,4,5,6" (ISO weekdays, 1 Monday ... 7 Sunday) as a set."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or not all(p.isdecimal() and len(p) <= 2 and 1 <= int(p) <= 7 for p in parts):
        raise SettingError(t("goals.settings_error.weekdays", key=WEEKDAYS_KEY, value=text))
    return frozenset(int(p) for p in parts)


def save_goal_settings(settings: GoalSettings) -> None:
    if not settings.weekdays or not settings.weekdays <= frozenset(range(1, 8)):
        raise SettingError(t("goals.settings_error.weekdays", key=WEEKDAYS_KEY,
                             value=sorted(settings.weekdays)))
    with database.atomic():
        set_setting(WEEKDAYS_KEY, ",".join(str(d) for d in sorted(settings.weekdays)))
        set_setting(SKIP_HOLIDAYS_KEY, "yes" if settings.skip_holidays else "no")


def save_settings_text(weekdays: str, skip_holidays: bool, min_sales: str, window: str) -> None:
    """Check and save the settings as typed in the settings dialog (all or nothing)."""
    settings = GoalSettings(parse_weekdays(weekdays), skip_holidays)
    rule = ActiveRule(parse_min_sales(min_sales), parse_window(window))
    with database.atomic():
        save_goal_settings(settings)
        save_active_rule(rule)


def goal_settings_or_default() -> tuple[GoalSettings, str | None]:
    try:
        return load_goal_settings(), None
    except SettingError as error:
        return GoalSettings(), str(error)


# --- splitting (pure) -----------------------------------------------------------------------


def split_weighted(total: int, weights: Sequence[int]) -> list[int]:
    """`total` in whole units over `weights`; the parts add up to `total` exactly (the
    largest remainders get the odd units, earlier parts first on ties)."""
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    short = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:short]:
        parts[i] += 1
    return parts


def month_starts(year: int) -> list[Date]:
    return [pendulum.date(year, m, 1) for m in range(1, 13)]


def month_working_days(month: Date, settings: GoalSettings) -> list[Date]:
    return working_days(month.start_of("month"), month.end_of("month"), settings.weekdays,
                        settings.skip_holidays)


def split_year(year: int, total: int, split: str, settings: GoalSettings,
               level: bool = False, typed: Sequence[int] | None = None) -> list[int]:
    """The twelve month targets of a year target."""
    if split == "typed":
        if typed is None or len(typed) != 12 or any(
                isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_TARGET
                for v in typed):
            raise GoalError("goals.error.typed_months")
        return list(typed)
    if level:
        return [total] * 12
    if split == "even":
        return split_weighted(total, [1] * 12)
    if split == "working_days":
        return split_weighted(total, [len(month_working_days(m, settings))
                                      for m in month_starts(year)])
    raise GoalError("goals.error.split", split=split)


def month_weeks(month: Date) -> list[tuple[Date, Date]]:
    """Monday-to-Sunday weeks, cut at the month's first and last day."""
    first, last = month.start_of("month"), month.end_of("month")
    weeks: list[tuple[Date, Date]] = []
    start = first
    while start <= last:
        end = min(last, start.add(days=7 - start.isoweekday()))
        weeks.append((start, end))
        start = end.add(days=1)
    return weeks


def split_month(month: Date, total: int, settings: GoalSettings,
                level: bool = False) -> dict[Date, int]:
    """The month's target over its working days (a head count: the same on each day)."""
    days = month_working_days(month, settings)
    if level:
        return {day: total for day in days}
    return dict(zip(days, split_weighted(total, [1] * len(days)), strict=True))


def respread(total: int, plan: Sequence[int], actual: Sequence[int], current: int) -> list[int]:
    """What each part needs, given the parts before `current` are done with `actual`.

    A done part needed, as it started, its plan's share of what was left then. The
    parts from `current` on share what is left now, in proportion to their plan (never
    below zero: a period already won needs nothing more)."""
    needed: list[int] = []
    done = 0
    for i in range(min(current, len(plan))):
        left = max(0, total - done)
        rest = sum(plan[i:])
        needed.append((left * plan[i] + rest // 2) // rest if rest else 0)
        done += actual[i]
    if current < len(plan):
        left = max(0, total - done)
        rest_plan = list(plan[current:])
        needed.extend(split_weighted(left, rest_plan) if sum(rest_plan) else
                      [0] * len(rest_plan))
    return needed


# --- errors ----------------------------------------------------------------------------------


class GoalError(RefusedChange):
    """A goal that cannot be set; `key` and `fields` make the message in the UI's language."""


# The largest target a form takes (won, or a count): more is a typo, and would not fit
# the store's 64-bit integers once added up.
MAX_TARGET = 1_000_000_000_000


@dataclass(frozen=True)
class YearGoalRequest:
    metric: str
    year: int
    target: int
    project: str
    split: str
    typed: list[int] | None


def parse_target(text: str) -> int:
    """A whole number as typed: "1,200,000", "1200000원", "₩1,200,000", full-width digits."""
    cleaned = (unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
               .removeprefix("₩").removesuffix("원"))
    # ASCII digits only: `isdigit` also takes digits that int() refuses.
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise GoalError("goals.form.not_number", value=text.strip() or "…")
    if len(cleaned) > len(str(MAX_TARGET)) or int(cleaned) > MAX_TARGET:
        raise GoalError("goals.error.too_large", value=text.strip(), most=f"{MAX_TARGET:,}")
    return int(cleaned)


def year_goal_request(metric: str, year_text: str, target_text: str, project: str,
                      split: str, months_text: str) -> YearGoalRequest:
    """The year goal form's fields as typed, read (`set_year_goal` checks the rest)."""
    year_text = year_text.strip()
    if not (len(year_text) == 4 and year_text.isascii() and year_text.isdigit()
            and 2000 <= int(year_text) <= 2100):
        raise GoalError("goals.form.bad_year", value=year_text or "…")
    typed: list[int] | None = None
    if split == "typed":
        parts = [p for p in months_text.split("/") if p.strip()]
        if len(parts) != 12:
            raise GoalError("goals.form.twelve", count=len(parts))
        typed = [parse_target(p) for p in parts]
        target = parse_target(target_text) if target_text.strip() else sum(typed)
    else:
        target = parse_target(target_text)
    return YearGoalRequest(metric, int(year_text), target, project.strip(), split, typed)


def _check_target(target: int) -> None:
    if isinstance(target, bool) or not isinstance(target, int) or target < 0:
        raise GoalError("goals.error.target")
    if target > MAX_TARGET:
        raise GoalError("goals.error.too_large", value=f"{target:,}", most=f"{MAX_TARGET:,}")


# --- writing goals ----------------------------------------------------------------------------


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise GoalError("goals.error.metric", metric=metric)


def set_year_goal(branch_id: str, metric: str, year: int, target: int, *, project: str = "",
                  split: str = "working_days", typed: Sequence[int] | None = None,
                  settings: GoalSettings | None = None) -> str:
    """Set (or replace) a year's goal for one metric with its whole cascade; returns its id.
    With split "typed", `typed` gives the twelve months and the year is their sum (or,
    for a head count, the target given)."""
    _check_metric(metric)
    _check_target(target)
    settings = settings or goal_settings_or_default()[0]
    level = metric in LEVEL_METRICS
    months = split_year(year, target, split, settings, level, typed)
    if split == "typed" and not level:
        target = sum(months)
    first, last = pendulum.date(year, 1, 1), pendulum.date(year, 12, 31)
    with database.atomic():
        Goal.delete().where((Goal.branch == branch_id) & (Goal.metric == metric)
                            & (Goal.starts_on >= first) & (Goal.starts_on <= last)).execute()
        year_goal = Goal.create(branch=branch_id, metric=metric, period="year", starts_on=first,
                                ends_on=last, target=target, original_target=target,
                                project=project.strip(), parent=None)
        for month, month_target in zip(month_starts(year), months, strict=True):
            _create_month(branch_id, metric, month, month_target, project.strip(), year_goal.id,
                          settings, level)
    return str(year_goal.id)


def _create_month(branch_id: str, metric: str, month: Date, target: int, project: str,
                  parent: str, settings: GoalSettings, level: bool,
                  original: int | None = None) -> None:
    month_goal = Goal.create(branch=branch_id, metric=metric, period="month", starts_on=month,
                             ends_on=month.end_of("month"), target=target,
                             original_target=target if original is None else original,
                             project=project, parent=parent)
    _create_weeks(branch_id, metric, month, target, project, month_goal.id, settings, level)


def _create_weeks(branch_id: str, metric: str, month: Date, target: int, project: str,
                  parent: str, settings: GoalSettings, level: bool) -> None:
    # One INSERT for the month's weeks and days (~30 rows; a year's cascade is ~440):
    # row by row, setting a year goal took half a second on a busy laptop.
    days = split_month(month, target, settings, level)
    now = utc_now()
    rows: list[dict[str, object]] = []

    def add(period: str, start: Date, end: Date, value: int, parent_id: str) -> str:
        row_id = uuid.uuid4().hex
        rows.append(dict(id=row_id, created_at=now, updated_at=now, branch=branch_id,
                         metric=metric, period=period, starts_on=start, ends_on=end,
                         target=value, original_target=value, project=project,
                         parent=parent_id))
        return row_id

    for start, end in month_weeks(month):
        week_days = {d: v for d, v in days.items() if start <= d <= end}
        week = add("week", start, end, target if level else sum(week_days.values()), parent)
        for day, value in week_days.items():
            add("day", day, day, value, week)
    if rows:
        Goal.insert_many(rows).execute()


def set_month_target(branch_id: str, metric: str, month: Date, target: int,
                     settings: GoalSettings | None = None) -> None:
    """Type one month's target over its split: its weeks and days are split again and the
    year becomes the sum of its months (a head count's year stays as set)."""
    _check_metric(metric)
    _check_target(target)
    settings = settings or goal_settings_or_default()[0]
    month = month.start_of("month")
    level = metric in LEVEL_METRICS
    with database.atomic():
        row = Goal.get_or_none((Goal.branch == branch_id) & (Goal.metric == metric)
                               & (Goal.period == "month") & (Goal.starts_on == month))
        if row is None:
            raise GoalError("goals.error.no_year", year=month.year)
        Goal.delete().where((Goal.branch == branch_id) & (Goal.metric == metric)
                            & Goal.period.in_(("week", "day")) & (Goal.starts_on >= month)
                            & (Goal.starts_on <= month.end_of("month"))).execute()
        row.target = target
        row.save()
        _create_weeks(branch_id, metric, month, target, row.project, row.id, settings, level)
        if not level and row.parent_id:
            year = Goal.get_by_id(row.parent_id)
            year.target = int(Goal.select(fn.SUM(Goal.target)).where(
                Goal.parent == year.id).scalar() or 0)
            year.save()


# --- reading goals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearGoal:
    id: str
    metric: str
    year: int
    target: int
    original_target: int
    project: str


def year_goals(branch_id: str, year: int) -> dict[str, YearGoal]:
    rows = Goal.select().where((Goal.branch == branch_id) & (Goal.period == "year")
                               & (Goal.starts_on == pendulum.date(year, 1, 1)))
    return {r.metric: YearGoal(r.id, r.metric, year, r.target, r.original_target, r.project)
            for r in rows}


def goal_years(branch_id: str) -> list[int]:
    rows = Goal.select(Goal.starts_on).where((Goal.branch == branch_id)
                                             & (Goal.period == "year")).distinct()
    return sorted({r.starts_on.year for r in rows})


def _plans(branch_id: str, metric: str, start: Date, end: Date, period: str) -> dict[Date, int]:
    rows = (Goal.select(Goal.starts_on, Goal.target)
            .where((Goal.branch == branch_id) & (Goal.metric == metric)
                   & (Goal.period == period) & (Goal.starts_on >= start)
                   & (Goal.starts_on <= end)).tuples())
    return dict(rows)


# --- actuals (aggregated in SQL) ------------------------------------------------------------------


def daily_actuals(branch_id: str, metric: str, start: Date, end: Date) -> dict[Date, int]:
    """The metric per day from `start` to `end` (sum metrics only); days with none left out."""
    if metric in ("sales_won", "sales_count"):
        column = DailyResult.sales_won if metric == "sales_won" else DailyResult.sales_count
        query = (DailyResult.select(DailyResult.date, fn.SUM(column))
                 .where((DailyResult.branch == branch_id) & (DailyResult.date >= start)
                        & (DailyResult.date <= end))
                 .group_by(DailyResult.date).tuples())
    elif metric == "recruits":
        query = (Partner.select(Partner.recruited_on, fn.COUNT(Partner.id))
                 .where((Partner.branch == branch_id) & (Partner.recruited_on >= start)
                        & (Partner.recruited_on <= end))
                 .group_by(Partner.recruited_on).tuples())
    elif metric == "training_attendance":
        query = (Attendance.select(Training.date, fn.COUNT(Attendance.id))
                 .join(Training)
                 .where((Training.branch == branch_id) & (Training.date >= start)
                        & (Training.date <= end) & (Attendance.status == "present"))
                 .group_by(Training.date).tuples())
    else:
        raise ValueError(f"{metric} is not summed by day")
    return {day: int(value) for day, value in query if value}


SalesDays = dict[Date, tuple[int, int]]  # date: (sales count, sales won), days with rows


def sales_days(branch_id: str, start: Date, end: Date) -> SalesDays:
    """Both sales sums per day, from the per-day totals the database keeps (one row a day,
    whatever the number of partners); a day whose results add up to nothing is kept,
    so that it shows results were entered."""
    if not DailyTotal.table_exists():
        # A file made before the per-day totals existed (schema v1 is not shipped yet):
        # sum the results themselves, as the totals would.
        rows = (DailyResult.select(DailyResult.date, fn.SUM(DailyResult.sales_count),
                                   fn.SUM(DailyResult.sales_won))
                .where((DailyResult.branch == branch_id) & (DailyResult.date >= start)
                       & (DailyResult.date <= end))
                .group_by(DailyResult.date).tuples())
        return {day: (int(count or 0), int(won or 0)) for day, count, won in rows}
    query = (DailyTotal.select(DailyTotal.date, DailyTotal.sales_count, DailyTotal.sales_won)
             .where((DailyTotal.branch == branch_id) & (DailyTotal.date >= start)
                    & (DailyTotal.date <= end) & (DailyTotal.rows > 0))
             .tuples())
    return {day: (int(count), int(won)) for day, count, won in query}


def _metric_days(branch_id: str, metric: str, start: Date, end: Date,
                 sales: SalesDays | None) -> tuple[dict[Date, int], set[int] | None]:
    """Daily actuals and, for the sales metrics, the months in which results were kept."""
    if metric in ("sales_won", "sales_count"):
        if sales is None:
            sales = sales_days(branch_id, start, end)
        index = 1 if metric == "sales_won" else 0
        days = {d: v[index] for d, v in sales.items() if start <= d <= end}
        return {d: v for d, v in days.items() if v}, {d.month for d in days}
    return daily_actuals(branch_id, metric, start, end), None


def months_with_results(branch_id: str, year: int) -> set[int]:
    """Months of `year` in which any result was entered (months before the branch kept
    results here are not counted as missed)."""
    found: set[int] = set()
    for month in month_starts(year):
        if DailyResult.select(DailyResult.id).where(
                (DailyResult.branch == branch_id) & (DailyResult.date >= month)
                & (DailyResult.date <= month.end_of("month"))).exists():
            found.add(month.month)
    return found


def monthly_active(branch_id: str, year: int, today: Date, rule: ActiveRule) -> dict[int, int]:
    """Active partners as of each month's last day (or today, in the current month)."""
    if rule.window_days is None:
        # The month rule: one grouped pass over the year (partners per month reaching
        # the minimum), rather than a query per month.
        # CAST: PostgreSQL has no SUBSTR of a date (SQLite stores it as text anyway).
        # Literal bounds: as parameters PostgreSQL would not see the GROUP BY's
        # expression as the same as the SELECT's.
        month = fn.SUBSTR(DailyResult.date.cast("TEXT"), SQL("1"), SQL("7"))
        inner = (DailyResult.select(month.alias("month"), DailyResult.partner)
                 .where((DailyResult.branch == branch_id)
                        & (DailyResult.date >= pendulum.date(year, 1, 1))
                        & (DailyResult.date <= min(pendulum.date(year, 12, 31), today))
                        & (DailyResult.sales_count > 0))
                 .group_by(month, DailyResult.partner)
                 .having(fn.SUM(DailyResult.sales_count) >= rule.min_sales))
        rows = (DailyResult.select(inner.c.month, fn.COUNT(1)).from_(inner)
                .group_by(inner.c.month).tuples())
        return {int(m[5:7]): int(c) for m, c in rows}
    counts: dict[int, int] = {}
    for start in month_starts(year):
        if start > today:
            break
        counts[start.month] = active_count(branch_id, min(start.end_of("month"), today), rule)
    return counts


# --- the cascade ---------------------------------------------------------------------------------


@dataclass
class PeriodRow:
    """One line of the cascade."""

    period: str  # year, month, week, day
    start: Date
    end: Date
    plan: int  # the target as planned
    needed: int  # what is needed from here on (the plan, re-spread)
    actual: int | None  # None: the period has not started
    pace: int | None  # actual minus the plan to date; None: not started
    per_day: int | None  # needed per remaining working day; None: over or not applicable
    remaining_days: int
    original: int  # the first split, before any hand-typed change
    children: list[PeriodRow] = field(default_factory=list)
    plan_done: int = 0  # the plan of the days already over

    @property
    def percent(self) -> int | None:
        """The actual as a share of the target shown (what was needed)."""
        if self.actual is None or not self.needed:
            return None
        return round(self.actual * 100 / self.needed)


@dataclass
class Cascade:
    metric: str
    year: int
    project: str
    year_row: PeriodRow  # months as children; the open month also has its weeks and days
    registered: int
    active: int
    settings_problem: str | None = None


def _elapsed(day: Date, today: Date, today_entered: bool) -> bool:
    return day < today or (day == today and today_entered)


def _remaining_days(days: Sequence[Date], today: Date, today_entered: bool) -> int:
    return sum(1 for d in days if not _elapsed(d, today, today_entered) and d >= today)


def today_entered(branch_id: str, today: Date) -> bool:
    return DailyResult.select(DailyResult.id).where(
        (DailyResult.branch == branch_id) & (DailyResult.date == today)).exists()


def year_cascade(branch_id: str, metric: str, year: int, today: Date,
                 open_month: Date | None = None, sales: SalesDays | None = None
                 ) -> Cascade | None:
    """The year's cascade for one metric; `open_month` (default: today's month, when in the
    year) also gets its weeks and days. None when the year has no goal for the metric."""
    _check_metric(metric)
    goal = year_goals(branch_id, year).get(metric)
    if goal is None:
        return None
    settings, problem = goal_settings_or_default()
    rule, rule_problem = active_rule_or_default()
    entered = today_entered(branch_id, today)
    first, last = pendulum.date(year, 1, 1), pendulum.date(year, 12, 31)
    month_rows_db = {r.starts_on: r for r in Goal.select().where(
        (Goal.branch == branch_id) & (Goal.metric == metric) & (Goal.period == "month")
        & (Goal.starts_on >= first) & (Goal.starts_on <= last))}
    months = month_starts(year)
    plan = [month_rows_db[m].target if m in month_rows_db else 0 for m in months]
    originals = [month_rows_db[m].original_target if m in month_rows_db else 0 for m in months]
    if open_month is None and first <= today <= last:
        open_month = today
    open_month = open_month.start_of("month") if open_month is not None else None
    level = metric in LEVEL_METRICS
    registered = registered_count(branch_id)
    active_now = active_count(branch_id, min(today, last), rule)
    if level:
        year_row = _level_year(branch_id, goal, months, plan, originals, today, rule,
                               open_month, settings)
    else:
        year_row = _sum_year(branch_id, metric, goal, months, plan, originals, today, entered,
                             open_month, settings, sales)
    return Cascade(metric, year, goal.project, year_row, registered, active_now,
                   problem or rule_problem)


def _current_index(starts: Sequence[Date], ends: Sequence[Date], today: Date) -> int:
    for i, end in enumerate(ends):
        if today <= end:
            return i
    return len(starts)


def _sum_year(branch_id: str, metric: str, goal: YearGoal, months: list[Date], plan: list[int],
              originals: list[int], today: Date, entered: bool, open_month: Date | None,
              settings: GoalSettings, sales: SalesDays | None) -> PeriodRow:
    ends = [m.end_of("month") for m in months]
    # One pass over the year's results, summed per day in SQL; months from those days.
    days, kept = _metric_days(branch_id, metric, months[0], min(ends[-1], today), sales)
    tracked = set(range(1, 13)) if kept is None else kept
    actual_by_month: dict[int, int] = {}
    for day, value in days.items():
        actual_by_month[day.month] = actual_by_month.get(day.month, 0) + value
    current = _current_index(months, ends, today)
    # A past month with no results at all was before the branch kept them here:
    # count it as met, so the rest of the year is not asked to make it up.
    counted = [actual_by_month.get(m.month, 0) if m.month in tracked else plan[i]
               for i, m in enumerate(months)]
    needed = respread(goal.target, plan, counted, current)
    month_rows: list[PeriodRow] = []
    for i, month in enumerate(months):
        started = month <= today
        is_open = open_month is not None and month == open_month
        if is_open or (started and today <= ends[i]):
            month_days = {d: v for d, v in days.items() if month <= d <= ends[i]}
            row = month_cascade(branch_id, metric, month, today, plan[i], needed[i],
                                originals[i], settings, entered, with_days=is_open,
                                actual_days=month_days)
        else:
            # No results at all in a past month: not kept here then; shown as unknown.
            actual = (actual_by_month.get(month.month, 0)
                      if started and month.month in tracked else None)
            row = PeriodRow("month", month, ends[i], plan[i], needed[i], actual,
                            None if actual is None else actual - plan[i], None, 0, originals[i],
                            plan_done=plan[i] if actual is not None else 0)
        month_rows.append(row)
    actual_year = sum(actual_by_month.values()) if months[0] <= today else None
    if not tracked & {m.month for m in months if m <= today}:
        actual_year = None
    remaining = 0
    for i in range(current, 12):
        if not month_rows[i].remaining_days and months[i] > today:
            month_rows[i].remaining_days = len(month_working_days(months[i], settings))
        remaining += month_rows[i].remaining_days
    plan_done = sum(row.plan_done for row in month_rows)
    left = goal.target - (actual_year or 0)
    per_day = -(-max(0, left) // remaining) if remaining and actual_year is not None else None
    return PeriodRow("year", months[0], ends[-1], goal.target, goal.target, actual_year,
                     None if actual_year is None else actual_year - plan_done, per_day,
                     remaining, goal.original_target, month_rows, plan_done)


def month_cascade(branch_id: str, metric: str, month: Date, today: Date, plan: int,
                  needed: int, original: int, settings: GoalSettings, entered: bool,
                  with_days: bool = True, actual_days: dict[Date, int] | None = None
                  ) -> PeriodRow:
    """One month of a sum metric with its weeks and days (when `with_days`); the month's
    daily actuals are read unless given."""
    month = month.start_of("month")
    end = month.end_of("month")
    day_plan = _plans(branch_id, metric, month, end, "day") or split_month(month, plan,
                                                                            settings)
    if actual_days is None:
        actual_days = (_metric_days(branch_id, metric, month, min(end, today), None)[0]
                       if month <= today else {})
    days = sorted(set(day_plan) | set(actual_days))
    day_plans = [day_plan.get(d, 0) for d in days]
    day_actual = [actual_days.get(d, 0) for d in days]
    current = next((i for i, d in enumerate(days) if not _elapsed(d, today, entered)),
                   len(days))
    day_needed = respread(needed, day_plans, day_actual, current)
    started = month <= today
    actual = sum(day_actual) if started else None
    plan_done = sum(p for d, p in zip(days, day_plans, strict=True)
                    if _elapsed(d, today, entered))
    remaining = sum(1 for d, p in zip(days, day_plans, strict=True)
                    if p and not _elapsed(d, today, entered))
    left = needed - (actual or 0)
    per_day = -(-max(0, left) // remaining) if remaining and started else None
    row = PeriodRow("month", month, end, plan, needed, actual,
                    None if actual is None else actual - plan_done, per_day, remaining,
                    original, plan_done=plan_done)
    if not with_days:
        return row
    for start, stop in month_weeks(month):
        idx = [i for i, d in enumerate(days) if start <= d <= stop]
        week_started = start <= today
        w_actual = sum(day_actual[i] for i in idx) if week_started else None
        w_plan = sum(day_plans[i] for i in idx)
        w_done = sum(day_plans[i] for i in idx if _elapsed(days[i], today, entered))
        w_remaining = sum(1 for i in idx if day_plans[i] and not _elapsed(days[i], today,
                                                                            entered))
        w_needed = sum(day_needed[i] for i in idx)
        w_left = w_needed - (w_actual or 0)
        week = PeriodRow("week", start, stop, w_plan, w_needed, w_actual,
                         None if w_actual is None else w_actual - w_done,
                         -(-max(0, w_left) // w_remaining) if w_remaining and week_started
                         else None, w_remaining, w_plan)
        for i in idx:
            day = days[i]
            d_started = _elapsed(day, today, entered) or day == today
            d_actual = day_actual[i] if d_started else None
            week.children.append(PeriodRow(
                "day", day, day, day_plans[i], day_needed[i], d_actual,
                None if d_actual is None or not _elapsed(day, today, entered)
                else d_actual - day_plans[i], None, 0, day_plans[i]))
        row.children.append(week)
    return row


def month_detail(branch_id: str, metric: str, row: PeriodRow, today: Date) -> PeriodRow | None:
    """A month row of the cascade with its weeks and days (for a month opened later)."""
    if metric in LEVEL_METRICS:
        cascade = year_cascade(branch_id, metric, row.start.year, today, open_month=row.start)
        return cascade.year_row.children[row.start.month - 1] if cascade else None
    settings, _problem = goal_settings_or_default()
    return month_cascade(branch_id, metric, row.start, today, row.plan, row.needed,
                         row.original, settings, today_entered(branch_id, today))


def _level_year(branch_id: str, goal: YearGoal, months: list[Date], plan: list[int],
                originals: list[int], today: Date, rule: ActiveRule, open_month: Date | None,
                settings: GoalSettings) -> PeriodRow:
    counts = monthly_active(branch_id, goal.year, today, rule)
    tracked = months_with_results(branch_id, goal.year)
    counts = {m: c for m, c in counts.items() if m in tracked}
    month_rows: list[PeriodRow] = []
    for i, month in enumerate(months):
        end = month.end_of("month")
        actual = counts.get(month.month) if month <= today else None
        row = PeriodRow("month", month, end, plan[i], plan[i], actual,
                        None if actual is None else actual - plan[i], None, 0, originals[i])
        if open_month is not None and month == open_month and month <= today:
            by_day = active_counts_by_day(branch_id, month, min(end, today), rule)
            for start, stop in month_weeks(month):
                w_actual = by_day.get(min(stop, today)) if start <= today else None
                week = PeriodRow("week", start, stop, plan[i], plan[i], w_actual,
                                 None if w_actual is None else w_actual - plan[i], None, 0,
                                 plan[i])
                for day in working_days(start, stop, settings.weekdays, settings.skip_holidays):
                    d_actual = by_day.get(day)
                    week.children.append(PeriodRow(
                        "day", day, day, plan[i], plan[i], d_actual,
                        None if d_actual is None else d_actual - plan[i], None, 0, plan[i]))
                row.children.append(week)
        month_rows.append(row)
    last_month = max((m for m in counts), default=None)
    actual_year = counts.get(last_month) if last_month is not None else None
    current_plan = plan[min(today.month, 12) - 1] if today.year == goal.year else goal.target
    return PeriodRow("year", months[0], months[-1].end_of("month"), goal.target, goal.target,
                     actual_year, None if actual_year is None else actual_year - current_plan,
                     None, 0, goal.original_target, month_rows)


# --- one day, for the Today screen and the meeting agendas ---------------------------------------


@dataclass(frozen=True)
class DayProgress:
    day: Date
    target_won: int  # needed today (the plan re-spread); 0 on a day off
    actual_won: int
    target_count: int
    actual_count: int
    active_partners: int  # by the branch's active rule, as of `day`
    registered_partners: int
    plan_won: int = 0  # today's target as first planned
    plan_count: int = 0
    month_target_won: int = 0
    month_actual_won: int = 0
    active_target: int | None = None
    project: str = ""


def day_progress(branch_id: str, day: Date) -> DayProgress | None:
    """The day's targets and results; None when the day's year has no goals."""
    goals = year_goals(branch_id, day.year)
    if not goals:
        return None
    rule, _problem = active_rule_or_default()
    sales = sales_days(branch_id, pendulum.date(day.year, 1, 1), day)
    figures: dict[str, tuple[int, int, int, int, int]] = {}
    for index, metric in enumerate(("sales_count", "sales_won")):
        actual = sales.get(day, (0, 0))[index]
        cascade = year_cascade(branch_id, metric, day.year, day, open_month=day, sales=sales)
        if cascade is None:
            figures[metric] = (0, actual, 0, 0, 0)
            continue
        month = cascade.year_row.children[day.month - 1]
        row = next((d for w in month.children for d in w.children if d.start == day), None)
        figures[metric] = (row.needed if row else 0, actual, row.plan if row else 0,
                           month.needed, month.actual or 0)
    active_goal = goals.get("active_partners")
    active_target = None
    if active_goal is not None:
        month_goal = Goal.get_or_none((Goal.branch == branch_id)
                                      & (Goal.metric == "active_partners")
                                      & (Goal.period == "month")
                                      & (Goal.starts_on == day.start_of("month")))
        active_target = month_goal.target if month_goal else active_goal.target
    project = next((g.project for g in goals.values() if g.project), "")
    won, count = figures["sales_won"], figures["sales_count"]
    return DayProgress(
        day=day, target_won=won[0], actual_won=won[1], target_count=count[0],
        actual_count=count[1], active_partners=active_count(branch_id, day, rule),
        registered_partners=registered_count(branch_id), plan_won=won[2], plan_count=count[2],
        month_target_won=won[3], month_actual_won=won[4], active_target=active_target,
        project=project)


# --- the month by team and by partner -------------------------------------------------------------


@dataclass(frozen=True)
class PartnerMonth:
    partner_id: str
    name: str
    team: str
    status: str
    sales_count: int
    sales_won: int
    new_contracts: int
    days_with_sales: int
    active: bool


@dataclass(frozen=True)
class TeamMonth:
    team: str
    members: int  # registered partners in the team
    active: int
    sales_count: int
    sales_won: int
    new_contracts: int


@dataclass(frozen=True)
class MonthBreakdown:
    month: Date
    partners: list[PartnerMonth]  # by sales won, the first `limit` of them
    teams: list[TeamMonth]
    target_won: int  # the month's plan (0: no goal)
    target_count: int
    partner_count: int  # all partners in the view (registered, or with results)
    active: int
    sales_won: int


# Everyone of the branch. Their team (the sales manager's own name, or their
# manager's) is found here: joining each partner to their manager in SQL costs three
# times the read itself at region scale (a lookup by text key per partner).
_ROSTER_SQL = """
SELECT id, name, role, status, manager_id FROM partner WHERE branch_id = {p}
"""
# The month's sums per partner: from the month totals the database keeps (SQLite,
# schema v2), one row a partner; else summed from the daily results.
_MONTH_TOTALS_SQL = """
SELECT partner_id, sales_count, sales_won, new_contracts, days_with_sales
FROM partner_month_total
WHERE branch_id = {p} AND month = {p} AND rows > 0
"""
_MONTH_SUMS_SQL = """
SELECT partner_id, SUM(sales_count), SUM(sales_won), SUM(new_contracts),
       SUM(CASE WHEN sales_count > 0 THEN 1 ELSE 0 END)
FROM daily_result
WHERE branch_id = {p} AND date >= {p} AND date <= {p}
GROUP BY partner_id
"""


def month_totals_kept() -> bool:
    """Whether the database keeps `partner_month_total` (SQLite from schema v2)."""
    from branchdash.data.postgres import is_postgres

    return not is_postgres() and PartnerMonthTotal.table_exists()


def _results_after(branch_id: str, end: Date, month_end: Date) -> bool:
    """Whether results are stored for days after `end` in its month (dated ahead by
    mistake, or `end` is a day in the past): then the month's totals are not the sums
    to `end`. One look at the per-day totals."""
    if end >= month_end:
        return False
    return DailyTotal.select(DailyTotal.date).where(
        (DailyTotal.branch == branch_id) & (DailyTotal.date > end)
        & (DailyTotal.date <= month_end) & (DailyTotal.rows > 0)).exists()


def partner_month_sums(branch_id: str, month: Date, end: Date
                       ) -> dict[str, tuple[int, int, int, int]]:
    """partner id: (sales count, sales won, new contracts, days with sales) from the
    month's first day to `end` (partners with no result that month left out)."""
    param = database.obj.param  # "?" for SQLite, "%s" for PostgreSQL
    if month_totals_kept() and not _results_after(branch_id, end, month.end_of("month")):
        cursor = database.execute_sql(_MONTH_TOTALS_SQL.format(p=param),
                                      (branch_id, month.isoformat()))
    else:  # no month totals kept, or the month's results run past `end`
        cursor = database.execute_sql(_MONTH_SUMS_SQL.format(p=param),
                                      (branch_id, month.isoformat(), end.isoformat()))
    return {pid: (int(c), int(w), int(n), int(d)) for pid, c, w, n, d in cursor.fetchall()}


def _manager_names(roster: list[tuple[str, str, str, str, str | None]]) -> dict[str, str]:
    """Partner id: name, for the roster and any manager outside it (another branch's)."""
    names = {row[0]: row[1] for row in roster}
    outside = {row[4] for row in roster} - names.keys() - {None, ""}
    if outside:
        names.update(Partner.select(Partner.id, Partner.name)
                     .where(Partner.id.in_(sorted(outside))).tuples())
    return names


def month_breakdown(branch_id: str, month: Date, today: Date,
                    limit: int | None = 500) -> MonthBreakdown:
    """The month's results by partner and by team: the month's sums per partner (one
    row a partner) joined to the roster here; `limit` keeps the best sellers for the
    partner list (teams and totals count everyone)."""
    from branchdash.results import REGISTERED_STATUSES, active_partner_ids

    month = month.start_of("month")
    end = min(month.end_of("month"), today)
    rule, _problem = active_rule_or_default()
    sums = partner_month_sums(branch_id, month, end)
    roster = database.execute_sql(_ROSTER_SQL.format(p=database.obj.param),
                                  (branch_id,)).fetchall()
    names = _manager_names(roster)
    rolling = (None if rule.window_days is None
               else active_partner_ids(branch_id, end, rule))
    registered = frozenset(REGISTERED_STATUSES)
    nothing = (0, 0, 0, 0)
    minimum = rule.min_sales
    teams: dict[str, list[int]] = {}
    rows: list[tuple[str, str, str, str, tuple[int, int, int, int], bool]] = []
    active_total = won_total = 0
    for pid, name, role, status, manager in roster:
        figures = sums.get(pid)
        if figures is None:
            if status not in registered:
                continue  # gone before the month and nothing in it
            figures = nothing
        team = name if role == "sales_manager" else names.get(manager, "")
        active = figures[0] >= minimum if rolling is None else pid in rolling
        totals = teams.get(team)
        if totals is None:
            totals = teams[team] = [0, 0, 0, 0, 0]
        totals[0] += status in registered
        totals[1] += active
        totals[2] += figures[0]
        totals[3] += figures[1]
        totals[4] += figures[2]
        active_total += active
        won_total += figures[1]
        rows.append((pid, name, team, status, figures, active))

    def best_first(row: tuple[str, str, str, str, tuple[int, int, int, int], bool]
                   ) -> tuple[int, str]:
        return -row[4][1], row[1]

    shown = (sorted(rows, key=best_first) if limit is None
             else heapq.nsmallest(limit, rows, key=best_first))
    partners = [PartnerMonth(pid, name, team, status, *figures, active)
                for pid, name, team, status, figures, active in shown]
    team_rows = sorted((TeamMonth(name, *values) for name, values in teams.items()),
                       key=lambda r: (-r.sales_won, r.team))
    targets = dict(Goal.select(Goal.metric, Goal.target).where(
        (Goal.branch == branch_id) & (Goal.period == "month") & (Goal.starts_on == month)
        & Goal.metric.in_(("sales_won", "sales_count"))).tuples())
    return MonthBreakdown(month, partners, team_rows, int(targets.get("sales_won", 0)),
                          int(targets.get("sales_count", 0)), len(rows), active_total,
                          won_total)
