"""A deterministic demo branch: people, days, meetings, money, goals, HQ directives.

`generate_demo(today)` fills an empty, opened database (see `database.open_database`)
with a believable branch whose history ends on `today`. The same `today`, scale
and seed give byte-identical rows: every random choice comes from one
`random.Random(seed)`, keys are UUIDs drawn from it, and each row's
created/updated instants are set from the row's own local date (never the wall
clock).

Scales:
- "branch": one branch of 60 partners in 6 teams; history from the first of the
  month three months back (three whole months and the current one so far).
- "region": the same shape at 10,000 partners in 500 teams and 36 months of
  history (a load test for the UI and queries; see bench/region_data.py). To
  keep the file a few hundred MB, a partner has a daily result on ~8% of
  their active working days there (every active working day in "branch").

The demo's "now" is `today` at 17:00 in the branch's zone: no instant is later.
Dates run up to `today`, except what is planned ahead: due dates of directives
and action items, trainings and day blocks of the next 7 days, the current
periods of goals and the current month's promotion.

Rows are written with one prepared INSERT per table (`executemany`) inside one
transaction, so a failure leaves nothing. The values are what the models' fields
would write (dates and times as ISO text, instants as UTC text, money as int):
going through `Model.insert_many` costs ~140 µs a row here, too slow for the
region scale. Large tables are inserted in key order with their secondary
indexes dropped and rebuilt afterwards, and `daily_total` (kept by triggers on
`daily_result`) rebuilt in one pass instead of a trigger per row; all in the
same transaction, several times faster than row by row.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import functools
import json
import math
import operator
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import holidays
import pendulum
from peewee import SqliteDatabase

from . import demo_names as names
from . import models
from .fields import WonField
from .models import (
    ActionItem,
    Attendance,
    BaseModel,
    Branch,
    Budget,
    DailyResult,
    DayBlock,
    Directive,
    Expense,
    Goal,
    Meeting,
    MeetingNote,
    Partner,
    PartnerEvent,
    Promotion,
    ScheduleDay,
    ScheduleTemplate,
    Training,
    database,
)
from .routine import DEFAULT_ROUTINE, seed_template

TIMEZONE = "Asia/Seoul"
TRAINING_START, TRAINING_END = dt.time(9, 30), dt.time(11, 30)
NOW_SECONDS = 17 * 3600  # the demo's "now": 17:00 local on `today`
PLAN_AHEAD_DAYS = 7  # blocks and trainings planned this far ahead

# Budgets of a six-team branch, per month and account, in won.
BASE_BUDGETS: dict[str, int] = {"operating": 3_000_000, "training": 1_500_000,
                                "promotion": 2_000_000}
BASE_TEAMS = 6

# Rows per executemany call (one statement per row, so SQLite's variable limit
# does not apply; the chunk only bounds the work per call).
CHUNK_ROWS = 5_000
# From this many rows, insert in key order and rebuild secondary indexes after.
BULK_ROWS = 20_000

LEVEL_METRICS = ("active_partners",)  # a head count: each child period keeps the target
_UNITS = {"sales_won": 1_000}  # goals in won are split in thousands


@dataclass(frozen=True)
class Scale:
    """The shape of one demo branch."""

    name: str
    teams: int
    sellers_per_team: int
    history_months: int  # whole months before the current one
    result_share: float  # share of a partner's active working days with a DailyResult
    expenses_per_week: float  # besides the expenses of trainings
    trainings_per_week: int
    directives_per_week: float
    invited_teams: int | None  # teams invited to a training; None: all


SCALES: dict[str, Scale] = {
    "branch": Scale("branch", teams=6, sellers_per_team=9, history_months=3, result_share=1.0,
                    expenses_per_week=6.0, trainings_per_week=2, directives_per_week=1.0,
                    invited_teams=None),
    "region": Scale("region", teams=500, sellers_per_team=19, history_months=36,
                    result_share=0.08, expenses_per_week=640.0, trainings_per_week=5,
                    directives_per_week=3.0, invited_teams=6),
}

# Seller life stories and their shares of the sellers.
ARCHETYPES: tuple[tuple[str, float], ...] = (
    ("veteran", 0.56), ("new_active", 0.12), ("reactivated", 0.03), ("rehired", 0.02),
    ("trainee", 0.06), ("candidate", 0.05), ("inactive", 0.06), ("resigned", 0.08),
    ("resigned_old", 0.02),
)

@functools.lru_cache(maxsize=16)
def _holidays(year: int) -> dict[dt.date, str]:
    # The same source as branchdash.workdays, named in Korean whatever the UI language.
    return dict(holidays.KR(years=year, language="ko").items())


def holiday_name(day: dt.date) -> str:
    """The Korean public holiday on `day` (substitute holidays included), or ""."""
    return _holidays(day.year).get(dt.date(day.year, day.month, day.day), "")


def is_working_day(day: dt.date) -> bool:
    """Monday to Saturday, not a public holiday (as `branchdash.workdays` counts)."""
    return day.weekday() < 6 and not holiday_name(day)


@dataclass
class DemoSummary:
    """Rows written per table, and how long it took."""

    scale: str
    seed: int
    today: dt.date
    branch: int = 0
    partner: int = 0
    partner_event: int = 0
    schedule_template: int = 0
    schedule_day: int = 0
    day_block: int = 0
    meeting: int = 0
    meeting_note: int = 0
    action_item: int = 0
    directive: int = 0
    training: int = 0
    attendance: int = 0
    promotion: int = 0
    budget: int = 0
    expense: int = 0
    goal: int = 0
    daily_result: int = 0
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """Rows per table name."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.type in ("int", int) and f.name != "seed"}

    @property
    def total(self) -> int:
        return sum(self.counts().values())


_UUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)


def uuid_hex(bits: int) -> str:
    """`uuid.UUID(int=bits, version=4).hex`, without building a UUID object."""
    return f"{(bits & _UUID_CLEAR) | _UUID_SET:032x}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def _date_json(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def _dumps(values: dict[str, object]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=_date_json)


def _split_evenly(total: int, parts: int, unit: int = 1) -> list[int]:
    """`total` in `parts` that differ by at most one `unit` and sum to `total`
    (what `unit` cannot split goes to the first part)."""
    base, extra = divmod(total // unit, parts)
    split = [(base + (1 if i < extra else 0)) * unit for i in range(parts)]
    split[0] += total % unit
    return split


def _manwon(won: int) -> str:
    return f"{round(won / 10_000):,}만원"


# --- writing -------------------------------------------------------------------------

# Columns written for each table, in the order of the row tuples. Every column
# is given: the models' defaults are Python-side and do not apply to raw INSERTs.
COLUMNS: dict[type[BaseModel], tuple[str, ...]] = {
    Branch: ("id", "code", "name", "region", "timezone", "year_project", "created_at",
             "updated_at"),
    Partner: ("id", "branch", "name", "phone", "role", "rank", "status", "manager",
              "recruited_on", "hired_on", "resigned_on", "resign_reason", "notes", "created_at",
              "updated_at"),
    PartnerEvent: ("id", "partner", "kind", "occurred_on", "before", "after", "reason", "note",
                   "created_at", "updated_at"),
    ScheduleDay: ("id", "branch", "date", "holiday_name", "created_at", "updated_at"),
    DayBlock: ("id", "branch", "date", "start", "end", "kind", "title", "meeting_kind",
               "status", "template", "note", "created_at", "updated_at"),
    Meeting: ("id", "branch", "date", "kind", "block", "title", "status", "started_at",
              "ended_at", "created_at", "updated_at"),
    MeetingNote: ("id", "meeting", "text", "draft", "revision", "saved_at", "created_at",
                  "updated_at"),
    ActionItem: ("id", "branch", "meeting", "text", "owner", "owner_name", "due_on", "status",
                 "done_at", "created_at", "updated_at"),
    Directive: ("id", "branch", "number", "title", "received_on", "due_on", "key_points",
                "attachments", "status", "relayed_in", "done_at", "created_at", "updated_at"),
    Training: ("id", "branch", "kind", "title", "date", "start", "end", "instructor",
               "curriculum", "cost_won", "block", "completed", "created_at", "updated_at"),
    Attendance: ("id", "training", "partner", "status", "created_at", "updated_at"),
    Promotion: ("id", "branch", "title", "starts_on", "ends_on", "budget_won", "target_metric",
                "target_value", "expected_lift_pct", "notes", "created_at", "updated_at"),
    Budget: ("id", "branch", "month", "account", "amount_won", "plan", "created_at",
             "updated_at"),
    Expense: ("id", "branch", "spent_on", "account", "category", "amount_won", "payee", "memo",
              "training", "promotion", "created_at", "updated_at"),
    Goal: ("id", "branch", "metric", "period", "starts_on", "ends_on", "target",
           "original_target", "project", "parent", "created_at", "updated_at"),
    DailyResult: ("id", "branch", "partner", "date", "sales_count", "sales_won",
                  "new_contracts", "visits", "created_at", "updated_at"),
}
# Parents before children: the order tables are written in.
WRITE_ORDER: tuple[type[BaseModel], ...] = (
    Partner, PartnerEvent, ScheduleDay, DayBlock, Meeting, MeetingNote, ActionItem, Directive,
    Training, Attendance, Promotion, Budget, Expense, Goal, DailyResult,
)
SELF_REFERENCING: tuple[type[BaseModel], ...] = (Partner, Goal)  # keep their parent-first order


# Values are stored as the models' fields write them; these make the text.
_DATE_TEXT = DailyResult.date.db_value
_TIME_TEXT = DayBlock.start.db_value


def _instant_formatter() -> Callable[[dt.datetime], str]:
    """Text of a naive UTC datetime as the instant fields store it: a fast path
    when the fields' form is a known one, else the field itself."""
    field = Branch.created_at
    probe = dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    stored = field.db_value(probe)
    for timespec in ("microseconds", "seconds"):
        if probe.replace(tzinfo=None).isoformat(" ", timespec) == stored:
            return functools.partial(dt.datetime.isoformat, sep=" ", timespec=timespec)
    return lambda naive: field.db_value(naive.replace(tzinfo=dt.UTC))


_INSTANT_TEXT = _instant_formatter()


def _check_stored_form(model: type[BaseModel], columns: Sequence[str],
                       rows: list[tuple[object, ...]]) -> None:
    """Refuse values the fields would store differently (a field whose storage
    format changed since this generator was written): each sampled value must
    come back unchanged through the field's read and write."""
    fields = [model._meta.fields[name] for name in columns]
    step = max(1, len(rows) // 50)
    for row in rows[::step]:
        for field, value in zip(fields, row, strict=True):
            if value is None:
                continue
            again = field.db_value(field.python_value(value))
            if again != value:
                raise ValueError(f"{model.__name__}.{field.name}: {value!r} would be stored "
                                 f"as {again!r}")


def _quote(name: str) -> str:
    open_, close = database.quote[0], database.quote[-1]
    return f"{open_}{name}{close}"


def insert_rows(model: type[BaseModel], rows: list[tuple[object, ...]],
                columns: Sequence[str] | None = None) -> int:
    """Insert prepared row tuples into `model`'s table; returns the row count.

    Values must already be what the fields write (ISO text for dates and times,
    UTC text for instants, int won for money); a sample of each table is checked
    against the fields, and columns the tuples leave out take their constant
    default. From `BULK_ROWS` rows on, see `_bulk_mode`.
    """
    columns = tuple(columns or COLUMNS[model])
    fields = model._meta.fields
    if not rows:
        return 0
    # Columns added to the schema after this generator was written take their
    # constant default (or NULL); a column whose default is computed must be given.
    extra: list[object] = []
    for name in fields:
        if name in columns:
            continue
        field = fields[name]
        if field.default is not None and not callable(field.default):
            extra.append(field.db_value(field.default))
        elif field.default is None and field.null:
            extra.append(None)
        else:
            raise ValueError(f"{model.__name__}: no value for {name}")
        columns += (name,)
    if extra:
        tail = tuple(extra)
        rows = [row + tail for row in rows]
    for index, name in enumerate(columns):
        if isinstance(fields[name], WonField):
            bad = next((row[index] for row in rows if type(row[index]) is not int), None)
            if bad is not None:
                raise TypeError(f"{model.__name__}.{name}: money must be integer won, "
                                f"got {bad!r}")
    _check_stored_form(model, columns, rows)
    table = model._meta.table_name
    column_sql = ", ".join(_quote(fields[name].column_name) for name in columns)
    marks = ", ".join([database.param] * len(columns))
    sql = f"INSERT INTO {_quote(table)} ({column_sql}) VALUES ({marks})"
    bulk = (len(rows) >= BULK_ROWS and isinstance(database.obj, SqliteDatabase)
            and model not in SELF_REFERENCING)
    if bulk:
        rows.sort(key=operator.itemgetter(0))  # the key index grows at its end
    with _bulk_mode(model, table, enabled=bulk):
        cursor = database.cursor()
        for start in range(0, len(rows), CHUNK_ROWS):
            cursor.executemany(sql, rows[start:start + CHUNK_ROWS])
    return len(rows)


def _derived_rebuilders() -> dict[type[BaseModel], Callable[[Any], None]]:
    """Tables whose triggers keep derived rows, and what rebuilds those rows (and
    the triggers) in one pass: far cheaper than a trigger firing per row."""
    rebuild = getattr(models, "create_daily_totals", None)
    return {DailyResult: rebuild} if callable(rebuild) else {}


@contextlib.contextmanager
def _bulk_mode(model: type[BaseModel], table: str, *, enabled: bool) -> Iterator[None]:
    """While many rows go in: the table's secondary indexes are dropped and built
    again afterwards, and triggers that keep derived data are replaced by one
    rebuild. All inside the caller's transaction."""
    if not enabled:
        yield
        return

    def schema(kind: str) -> list[tuple[str, str]]:
        return database.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name", (kind, table)).fetchall()

    indexes = schema("index")
    for name, _ in indexes:
        database.execute_sql(f"DROP INDEX {_quote(name)}")
    rebuild = _derived_rebuilders().get(model)
    triggers = schema("trigger") if rebuild is not None else []
    for name, _ in triggers:
        database.execute_sql(f"DROP TRIGGER {_quote(name)}")
    yield
    for _, sql in indexes:
        database.execute_sql(sql)
    if rebuild is not None:
        rebuild(database)
        present = {name for name, _ in schema("trigger")}
        for name, sql in triggers:
            if name not in present:  # a trigger the rebuild does not make
                database.execute_sql(sql)


# --- the generator --------------------------------------------------------------------


_SURNAMES = [surname for surname, _ in names.SURNAMES]
_SURNAME_WEIGHTS: list[int] = []
for _, _weight in names.SURNAMES:
    _SURNAME_WEIGHTS.append((_SURNAME_WEIGHTS[-1] if _SURNAME_WEIGHTS else 0) + _weight)


class _Partner:
    __slots__ = ("id", "name", "phone", "role", "team", "state", "events", "change_days",
                 "change_statuses", "spans", "first_active", "p_sale", "slump")

    def __init__(self, partner_id: str, name: str, phone: str, role: str, team: int) -> None:
        self.id = partner_id
        self.name = name
        self.phone = phone
        self.role = role
        self.team = team
        self.state: dict[str, object] = {}
        # (ordinal, kind, before, after, reason, note)
        self.events: list[tuple[int, str, dict[str, object], dict[str, object], str, str]] = []
        self.change_days: list[int] = []
        self.change_statuses: list[str] = []
        self.spans: list[tuple[int, int]] = []  # active [start, end) ordinals
        self.first_active: int | None = None
        self.p_sale = 0.0
        self.slump = False

    def event(self, day: int, kind: str, after: dict[str, object], reason: str = "",
              note: str = "") -> None:
        before = {} if kind == "recruit" else {key: self.state.get(key) for key in after}
        self.state.update(after)
        self.events.append((day, kind, before, dict(after), reason, note))
        if "status" in after:
            self.change_days.append(day)
            self.change_statuses.append(str(after["status"]))
            if after["status"] == "active" and self.first_active is None:
                self.first_active = day

    def status_on(self, day: int) -> str | None:
        index = bisect.bisect_right(self.change_days, day) - 1
        return self.change_statuses[index] if index >= 0 else None

    def finish(self, last_day: int) -> None:
        """Work out the active spans from the status changes."""
        for index, status in enumerate(self.change_statuses):
            if status == "active":
                end = (self.change_days[index + 1] if index + 1 < len(self.change_days)
                       else last_day + 1)
                self.spans.append((self.change_days[index], end))


class _Meeting:
    __slots__ = ("id", "day", "kind", "start", "end", "ended")

    def __init__(self, meeting_id: str, day: int, kind: str, start: int, end: int,
                 ended: bool) -> None:
        self.id = meeting_id
        self.day = day
        self.kind = kind
        self.start = start  # local seconds of the day
        self.end = end
        self.ended = ended


class _Demo:
    def __init__(self, today: dt.date, scale: Scale, rng: random.Random) -> None:
        self.today = today
        self.scale = scale
        self.rng = rng
        self._bits = rng.getrandbits
        self.t = today.toordinal()
        first = add_months(today.replace(day=1), -scale.history_months)
        self.w = first.toordinal()
        self.month_start = today.replace(day=1).toordinal()
        self.rows: dict[type[BaseModel], list[tuple[object, ...]]] = {
            model: [] for model in WRITE_ORDER}
        self.manager_rows: list[tuple[object, ...]] = []
        self.counts: dict[str, int] = {}
        self._dates: dict[int, dt.date] = {}
        self._texts: dict[int, str] = {}
        self._midnights: dict[int, dt.datetime] = {}
        self._zone = pendulum.timezone(TIMEZONE)
        self._holidays: dict[int, str] = {}
        self.working = [day for day in range(self.w, self.t + PLAN_AHEAD_DAYS + 1)
                        if self.is_working(day)]
        self.past_working = [day for day in self.working if day <= self.t]
        self.used_names: set[str] = set()
        self.used_phones: set[str] = set()

    # --- small helpers -----------------------------------------------------------------

    def uid(self) -> str:
        return f"{(self._bits(128) & _UUID_CLEAR) | _UUID_SET:032x}"

    def date(self, day: int) -> dt.date:
        value = self._dates.get(day)
        if value is None:
            value = self._dates[day] = dt.date.fromordinal(day)
        return value

    def text(self, day: int) -> str:
        value = self._texts.get(day)
        if value is None:
            value = self._texts[day] = _DATE_TEXT(self.date(day))
        return value

    def holiday(self, day: int) -> str:
        name = self._holidays.get(day)
        if name is None:
            name = self._holidays[day] = holiday_name(self.date(day))
        return name

    def is_working(self, day: int) -> bool:
        return self.date(day).weekday() < 6 and not self.holiday(day)

    def stamp(self, day: int, seconds: int) -> str:
        """The UTC text of local `seconds` after midnight of `day`, no later than now."""
        if day > self.t or (day == self.t and seconds > NOW_SECONDS):
            day, seconds = self.t, NOW_SECONDS
        midnight = self._midnights.get(day)
        if midnight is None:
            local = self.date(day)
            # the zone's offset at local noon (Seoul keeps one offset all year)
            offset = pendulum.datetime(local.year, local.month, local.day, 12,
                                       tz=self._zone).utcoffset()
            midnight = dt.datetime(local.year, local.month, local.day) - offset
            self._midnights[day] = midnight
        return _INSTANT_TEXT(midnight + dt.timedelta(seconds=seconds))

    def aware(self, day: int, seconds: int) -> pendulum.DateTime:
        local = self.date(day)
        return pendulum.datetime(local.year, local.month, local.day, tz=self._zone).add(
            seconds=seconds)

    def pick_name(self) -> str:
        rng = self.rng
        for attempt in range(200):
            surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_WEIGHTS)[0]
            if attempt < 6:
                given = rng.choice(names.GIVEN_NAMES)
            else:
                given = rng.choice(names.GIVEN_FIRST) + rng.choice(names.GIVEN_SECOND)
            name = surname + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of demo names")

    def pick_phone(self) -> str:
        while True:
            phone = f"010-{self.rng.randint(2000, 9999)}-{self.rng.randint(0, 9999):04d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def product(self) -> str:
        return self.rng.choice(names.PRODUCTS)[0]

    def add(self, model: type[BaseModel], row: tuple[object, ...]) -> None:
        self.rows[model].append(row)

    # --- one branch -----------------------------------------------------------------------

    def build_branch(self, index: int) -> None:
        rng = self.rng
        if index < len(names.BRANCHES):
            code, name, region = names.BRANCHES[index]
        else:
            code, name, region = f"DEMO-{index + 1:03d}", f"데모{index + 1}센터", "데모"
        self.branch_id = self.uid()
        project = "S.M.A.R.T 345"
        self.project = project
        opened = self.w - 4100  # before the first partner was recruited
        stamp = self.stamp(opened, 9 * 3600 + rng.randint(0, 1800))
        insert_rows(Branch, [(self.branch_id, code, name, region, TIMEZONE, project, stamp,
                              stamp)])
        self.count(Branch, 1)
        seeded = seed_template(self.branch_id, routine=DEFAULT_ROUTINE, new_id=self.uid,
                               stamp=self.aware(opened, 9 * 3600 + 2400))
        self.count(ScheduleTemplate, seeded)
        self.template_ids = {
            (row.weekday, row.start): row.id
            for row in ScheduleTemplate.select(ScheduleTemplate.id, ScheduleTemplate.weekday,
                                               ScheduleTemplate.start)
            .where(ScheduleTemplate.branch == self.branch_id)}

        self.make_partners()
        self.make_results()
        self.training_days = self.pick_training_days()
        self.make_schedule()
        self.make_directives()
        self.make_notes()
        self.make_trainings()
        self.make_money()
        self.make_goals()

    def count(self, model: type[BaseModel], rows: int) -> None:
        name = model._meta.table_name
        self.counts[name] = self.counts.get(name, 0) + rows

    # --- partners and their lives ---------------------------------------------------------

    def make_partners(self) -> None:
        rng, scale = self.rng, self.scale
        self.managers: list[_Partner] = []
        for team in range(scale.teams):
            manager = _Partner(self.uid(), self.pick_name(), self.pick_phone(), "sales_manager",
                               team)
            self.manager_life(manager)
            self.managers.append(manager)
        self.lead_ids = [m.id for m in self.managers]

        sellers = scale.teams * scale.sellers_per_team
        shares = [(kind, share * sellers) for kind, share in ARCHETYPES]
        counts = {kind: int(value) for kind, value in shares}
        left = sellers - sum(counts.values())
        for kind, _share in sorted(shares, key=lambda item: (int(item[1]) - item[1], item[0])):
            if left <= 0:
                break
            counts[kind] += 1
            left -= 1
        stories = [kind for kind, _ in ARCHETYPES for _ in range(counts[kind])]
        rng.shuffle(stories)
        self.sellers: list[_Partner] = []
        for number, story in enumerate(stories):
            team = number % scale.teams
            seller = _Partner(self.uid(), self.pick_name(), self.pick_phone(), "seller", team)
            self.seller_life(seller, story)
            self.sellers.append(seller)
        self.partners = self.managers + self.sellers
        by_id = {m.id: m.team for m in self.managers}
        for partner in self.partners:
            partner.finish(self.t)
            if partner.role == "seller":
                partner.team = by_id[str(partner.state["manager"])]
                partner.p_sale = rng.uniform(0.3, 0.75)
            else:
                partner.p_sale = rng.uniform(0.1, 0.3)
            partner.slump = (partner.state["status"] == "active" and partner.role == "seller"
                             and rng.random() < 0.12)
        self.write_partners()

    def manager_life(self, p: _Partner) -> None:
        ri, w, t = self.rng.randint, self.w, self.t
        recruited = w - ri(1500, 4000)
        onboarding = recruited + ri(3, 20)
        active = onboarding + ri(7, 28)
        p.event(recruited, "recruit", {"status": "candidate", "role": "seller", "rank": "일반",
                                       "manager": None, "recruited_on": self.date(recruited)})
        p.event(onboarding, "start_onboarding", {"status": "trainee",
                                                 "hired_on": self.date(onboarding)})
        p.event(active, "activate", {"status": "active"})
        good = active + ri(200, 500)
        p.event(good, "promote", {"rank": "우수"}, note="분기 실적 우수")
        lead = min(active + ri(600, 1200), w - 30)
        p.event(lead, "promote", {"role": "sales_manager", "manager": None, "rank": "팀장"},
                note="영업관리자로 승진, 팀 신설")
        if self.rng.random() < 0.35 and lead + 365 <= t - 10:
            p.event(ri(lead + 365, t - 10), "promote", {"rank": "수석팀장"},
                    note="팀 실적 우수")

    def seller_life(self, p: _Partner, story: str) -> None:
        rng = self.rng
        ri, w, t = rng.randint, self.w, self.t
        lead = self.lead_ids[p.team]
        if story in ("veteran", "inactive", "reactivated", "resigned"):
            recruited = w - ri(30, 2500)
            if story == "resigned" and rng.random() < 0.3:
                recruited = ri(w - 20, t - 90)
        elif story in ("resigned_old", "rehired"):
            recruited = w - ri(400, 2500)
        elif story == "new_active":
            recruited = ri(w - 20, t - 50)
        elif story == "trainee":
            recruited = ri(t - 35, t - 14)
        else:  # candidate
            recruited = ri(t - 12, t)
        p.event(recruited, "recruit", {"status": "candidate", "role": "seller", "rank": "일반",
                                       "manager": lead, "recruited_on": self.date(recruited)},
                note="지인 추천" if rng.random() < 0.4 else "")
        if story == "candidate":
            return
        onboarding = recruited + ri(3, 10 if story == "trainee" else 20)
        p.event(onboarding, "start_onboarding", {"status": "trainee",
                                                 "hired_on": self.date(onboarding)})
        if story == "trainee":
            return
        active = onboarding + ri(7, 21 if story == "new_active" else 28)
        p.event(active, "activate", {"status": "active"})

        # the first break in the active life, if any
        end = t + 1
        if story == "inactive":
            end = ri(max(active + 30, w, t - 150), t - 1)
        elif story == "reactivated":
            end = ri(max(active + 30, w, t - 200), t - 40)
        elif story == "resigned":
            end = ri(max(w + 3, active + 30), t - 1)
        elif story == "resigned_old":
            end = ri(active + 60, w - 10)
        elif story == "rehired":
            end = ri(max(active + 60, w - 250), t - 90)
        self.growth(p, active + 60, end - 1)

        if story == "inactive":
            p.event(end, "deactivate", {"status": "inactive"},
                    note=rng.choice(names.DEACTIVATE_NOTES))
        elif story == "reactivated":
            p.event(end, "deactivate", {"status": "inactive"},
                    note=rng.choice(names.DEACTIVATE_NOTES))
            p.event(end + ri(14, 35), "activate", {"status": "active"}, note="활동 재개")
        elif story in ("resigned", "resigned_old", "rehired"):
            self.resign(p, end)
            if story == "rehired":
                again = end + ri(30, 80)
                p.event(again, "rehire", {"status": "trainee", "hired_on": self.date(again),
                                          "resigned_on": None, "resign_reason": ""},
                        note="재입사, 보수 교육 후 활동")
                p.event(again + ri(5, 10), "activate", {"status": "active"})

    def resign(self, p: _Partner, day: int) -> None:
        reason = self.rng.choice(("personal", "competitor", "income", "health", "relocation",
                                  "other"))
        p.event(day, "resign", {"status": "resigned", "resigned_on": self.date(day),
                                "resign_reason": reason},
                reason=reason, note=self.rng.choice(names.RESIGN_NOTES[reason]))

    def growth(self, p: _Partner, first: int, last: int) -> None:
        """Promotions and a transfer within the active days first..last."""
        rng = self.rng
        if last - first < 10:
            return
        planned: list[tuple[int, str]] = []
        chance = min(0.55, (last - first) / 1000)
        for _ in range(2):
            if rng.random() < chance:
                planned.append((rng.randint(first, last), "promote"))
        if len(self.lead_ids) > 1 and rng.random() < 0.07:
            planned.append((rng.randint(first, last), "transfer"))
        seen: set[int] = set()
        ranks = names.SELLER_RANKS
        for day, kind in sorted(planned):
            if day in seen:
                continue
            seen.add(day)
            if kind == "promote":
                rank = ranks[ranks.index(str(p.state["rank"])) + 1]
                p.event(day, "promote", {"rank": rank}, note="월 실적 기준 달성")
            else:
                others = [lead for lead in self.lead_ids if lead != p.state["manager"]]
                p.event(day, "transfer", {"manager": rng.choice(others)},
                        note=rng.choice(names.TRANSFER_NOTES))

    def write_partners(self) -> None:
        rng = self.rng
        for partner in self.partners:
            state = partner.state
            stamps = []
            last_day, same_day = None, 0
            for day, kind, before, after, reason, note in partner.events:
                same_day = same_day + 1 if day == last_day else 0
                last_day = day
                created = self.stamp(day, 10 * 3600 + same_day * 1800 + rng.randint(0, 1700))
                stamps.append(created)
                self.add(PartnerEvent, (self.uid(), partner.id, kind, self.text(day),
                                        _dumps(before), _dumps(after), reason, note, created,
                                        created))

            def as_text(value: object) -> str | None:
                return _DATE_TEXT(value) if isinstance(value, dt.date) else None

            row = (partner.id, self.branch_id, partner.name, partner.phone, state["role"],
                   state["rank"], state["status"], state["manager"],
                   as_text(state.get("recruited_on")), as_text(state.get("hired_on")),
                   as_text(state.get("resigned_on")), state.get("resign_reason") or "",
                   rng.choice(names.PARTNER_NOTES) if rng.random() < 0.15 else "",
                   stamps[0], stamps[-1])
            if partner.role == "sales_manager":
                self.manager_rows.append(row)
            else:
                self.add(Partner, row)

    # --- results ---------------------------------------------------------------------------

    def make_results(self) -> None:
        """Daily results of every partner on their active working days (on a share of
        them at the larger scales: days are skipped by geometric jumps)."""
        rng = self.rng
        rand, bits = rng.random, rng.getrandbits
        share = self.scale.result_share
        log_miss = math.log(1.0 - share) if share < 1.0 else 0.0
        prices = [price for (_, price), weight in zip(names.PRODUCTS, names.PRODUCT_WEIGHTS,
                                                      strict=True) for _ in range(weight)]
        n_prices = len(prices)
        days = self.past_working
        texts = {day: self.text(day) for day in days}
        # results are entered in the evening; 64 instants a day to draw from
        evenings = {day: [self.stamp(day, 68400 + 112 * k) for k in range(64)]
                    for day in days}
        rows = self.rows[DailyResult]
        add = rows.append
        branch_id, month_start = self.branch_id, self.month_start
        day_totals: dict[int, list[int]] = {}  # day: [count, won, new, sellers]
        team_day: dict[tuple[int, int], int] = {}
        for partner in self.partners:
            p_sale, partner_id, team = partner.p_sale, partner.id, partner.team
            slump_from = month_start if partner.slump else self.t + 1
            for start, end in partner.spans:
                index = bisect.bisect_left(days, max(start, self.w))
                stop = bisect.bisect_left(days, min(end, self.t + 1))
                if log_miss:
                    index += int(math.log(1.0 - rand()) / log_miss)
                while index < stop:
                    day = days[index]
                    index += 1 + int(math.log(1.0 - rand()) / log_miss) if log_miss else 1
                    if day < slump_from and rand() < p_sale:
                        roll = rand()
                        count = 1 if roll < 0.62 else 2 if roll < 0.9 else 3
                        won = new = 0
                        for _ in range(count):
                            won += prices[int(rand() * n_prices)]
                            if rand() < 0.35:
                                new += 1
                    else:
                        count = won = new = 0
                    visits = None if rand() < 0.05 else count + 1 + int(rand() * 6)
                    created = evenings[day][bits(6)]
                    add((f"{(bits(128) & _UUID_CLEAR) | _UUID_SET:032x}", branch_id, partner_id,
                         texts[day], count, won, new, visits, created, created))
                    if count:
                        totals = day_totals.get(day)
                        if totals is None:
                            totals = day_totals[day] = [0, 0, 0, 0]
                        totals[0] += count
                        totals[1] += won
                        totals[2] += new
                        totals[3] += 1
                        key = (day, team)
                        team_day[key] = team_day.get(key, 0) + count
        self.day_totals = day_totals
        self.team_day = team_day
        self.sales_won = sum(totals[1] for totals in day_totals.values())
        self.sales_count = sum(totals[0] for totals in day_totals.values())

    # --- the days ----------------------------------------------------------------------------

    def pick_training_days(self) -> set[int]:
        """About `trainings_per_week` working days a week, up to a week ahead."""
        chosen: set[int] = set()
        weeks: dict[int, list[int]] = {}
        for day in self.working:
            weeks.setdefault((day - 1) // 7, []).append(day)  # ordinal 1 was a Monday
        for week in sorted(weeks):
            days = weeks[week]
            wanted = min(len(days), self.scale.trainings_per_week)
            chosen.update(self.rng.sample(days, wanted))
        return chosen

    def make_schedule(self) -> None:
        rng = self.rng
        t = self.t
        self.meetings: list[_Meeting] = []
        self.training_blocks: dict[int, str] = {}
        self.training_block_rows: dict[int, int] = {}  # day: index in the DayBlock rows
        self.morning_meeting: dict[int, _Meeting] = {}
        blocks_by_weekday: dict[int, list[tuple[dt.time, dt.time, str, str, str | None]]] = {}
        for block in DEFAULT_ROUTINE:
            for weekday in block.weekdays:
                blocks_by_weekday.setdefault(weekday, []).append(
                    (block.start, block.end, block.kind, block.title, block.meeting_kind))
        for value in blocks_by_weekday.values():
            value.sort()
        for day in range(self.w, t + PLAN_AHEAD_DAYS + 1):
            made = self.stamp(day - 1, 19 * 3600 + 45 * 60 + rng.randint(0, 600))
            self.add(ScheduleDay, (self.uid(), self.branch_id, self.text(day), self.holiday(day),
                                   made, made))
            if not self.is_working(day):
                continue
            weekday = self.date(day).weekday()
            for start, end, kind, title, meeting_kind in blocks_by_weekday.get(weekday, ()):
                block_id = self.uid()
                start_s = start.hour * 3600 + start.minute * 60
                end_s = end.hour * 3600 + end.minute * 60
                status, note, updated = "planned", "", made
                if day < t:
                    done = (kind == "meeting" or (kind == "training" and day in
                                                   self.training_days) or rng.random() >= 0.07)
                    status = "done" if done else "skipped"
                    if not done:
                        note = rng.choice(names.SKIP_NOTES)
                    updated = self.stamp(day, end_s + rng.randint(0, 600))
                self.add(DayBlock, (block_id, self.branch_id, self.text(day), _TIME_TEXT(start),
                                    _TIME_TEXT(end), kind, title, meeting_kind, status,
                                    self.template_ids[(weekday, start)], note, made, updated))
                if kind == "training":
                    self.training_blocks[day] = block_id
                    self.training_block_rows[day] = len(self.rows[DayBlock]) - 1
                if meeting_kind is not None and day <= t:
                    self.meeting(day, meeting_kind, block_id, start_s, end_s, made)

    def meeting(self, day: int, kind: str, block_id: str, start_s: int, end_s: int,
                made: str) -> None:
        rng = self.rng
        meeting_id = self.uid()
        ended = day < self.t
        if ended:
            begin = start_s + rng.randint(-120, 300)
            finish = end_s + rng.randint(-300, 600)
            started_at, ended_at = self.stamp(day, begin), self.stamp(day, finish)
            row = (meeting_id, self.branch_id, self.text(day), kind, block_id, "", "ended",
                   started_at, ended_at, made, ended_at)
        else:
            begin, finish = start_s, end_s
            row = (meeting_id, self.branch_id, self.text(day), kind, block_id, "", "planned",
                   None, None, made, made)
        self.add(Meeting, row)
        record = _Meeting(meeting_id, day, kind, begin, finish, ended)
        self.meetings.append(record)
        if kind == "morning":
            self.morning_meeting[day] = record

    # --- HQ directives ---------------------------------------------------------------------

    def make_directives(self) -> None:
        rng, t = self.rng, self.t
        weeks = (t - self.w + 1) / 7
        wanted = max(1, round(weeks * self.scale.directives_per_week))
        pool = self.past_working
        if wanted <= len(pool):
            received = sorted(rng.sample(pool, wanted))
        else:
            received = sorted(rng.choice(pool) for _ in range(wanted))
        items = []
        numbers: dict[int, int] = {}
        for day in received:
            year = self.date(day).year
            if year not in numbers:
                numbers[year] = 1 + self.date(day).timetuple().tm_yday // 4
            else:
                numbers[year] += rng.randint(1, 4)
            title, points = rng.choice(names.DIRECTIVES)
            due = day + rng.randint(4, 21) if rng.random() < 0.92 else None
            items.append({"day": day, "number": f"본사-{year}-{numbers[year]:03d}",
                          "title": title, "points": points, "due": due})
        # one due today and one overdue, whatever the draw
        recent = [item for item in items if item["day"] <= t - 3]
        if recent:
            recent[-1]["due"] = t
        for item in items:
            due = item["due"]
            relay = self.next_morning(item["day"])
            if due is None or due >= t:
                roll = rng.random()
                status = ("done" if roll < 0.2 else "relayed" if roll < 0.6 else
                          "understood" if roll < 0.85 else "received")
                if t - item["day"] <= 1:
                    status = "received"
            elif due < t - 7:
                status = "done" if rng.random() < 0.85 else "relayed"
            else:
                status = "done" if rng.random() < 0.5 else rng.choice(("relayed", "understood"))
            if due == t and status == "done":
                status = "relayed"
            if status in ("relayed", "done") and relay is None:
                status = "understood"
            item["status"] = status
            item["relay"] = relay if status in ("relayed", "done") else None
        overdue = [item for item in items if item["due"] is not None and item["due"] < t]
        if overdue and all(item["status"] == "done" for item in overdue):
            overdue[-1]["status"] = "relayed" if overdue[-1]["relay"] else "understood"
            if overdue[-1]["status"] == "understood":
                overdue[-1]["relay"] = None
        self.relays: dict[str, list[dict[str, object]]] = {}
        for item in items:
            day, relay, status = item["day"], item["relay"], item["status"]
            created = self.stamp(day, 9 * 3600 + rng.randint(0, 3 * 3600))
            updated, done_at = created, None
            if relay is not None:
                self.relays.setdefault(relay.id, []).append(item)
                updated = self.stamp(relay.day, relay.end + 60)
            elif status == "understood":
                updated = self.stamp(day, 14 * 3600 + rng.randint(0, 3600))
            if status == "done":
                last = min(item["due"] if item["due"] is not None else t, t)
                first = relay.day if relay is not None else day
                done_day = rng.randint(first, max(first, last))
                done_at = self.stamp(done_day, max(14 * 3600 + rng.randint(0, 3 * 3600),
                                                   (relay.end + 120) if relay is not None
                                                   and done_day == relay.day else 0))
                updated = done_at
            points = "\n".join(f"- {point}" for point in item["points"])
            due = item["due"]
            self.add(Directive, (self.uid(), self.branch_id, item["number"], item["title"],
                                 self.text(day), self.text(due) if due is not None else None,
                                 points, "[]", status, relay.id if relay is not None else None,
                                 done_at, created, updated))

    def next_morning(self, day: int) -> _Meeting | None:
        """The first ended morning meeting after `day`."""
        for later in range(day + 1, day + 10):
            meeting = self.morning_meeting.get(later)
            if meeting is not None:
                return meeting if meeting.ended else None
        return None

    # --- meeting notes and action items ---------------------------------------------------

    def make_notes(self) -> None:
        rng = self.rng
        t = self.t
        items: list[list[Any]] = []
        notes: list[list[Any]] = []  # meeting, lines, revision, started_at, saved_at
        previous_day: int | None = None
        for meeting in self.meetings:
            if not meeting.ended:
                continue
            day = meeting.day
            local = self.date(day)
            label = f"{local.month}/{local.day}({names.WEEKDAY_NAMES[local.weekday()]})"
            lines: list[str] = []
            product = self.product()
            if meeting.kind == "morning":
                lines.append(f"{label} 조회")
                away = rng.randrange(len(self.managers)) if rng.random() < 0.3 else -1
                if len(self.managers) <= 12:
                    shown = ", ".join(m.name for number, m in enumerate(self.managers)
                                      if number != away)
                    lines.append(f"참석: {shown} 팀장")
                else:
                    present = len(self.managers) - rng.randint(0, len(self.managers) // 20)
                    lines.append(f"참석: 팀장 {present}/{len(self.managers)}명")
                lines.append(rng.choice(names.MORNING_OPENERS))
                if previous_day is not None and previous_day in self.day_totals:
                    count, won, _, _ = self.day_totals[previous_day]
                    before = self.date(previous_day)
                    when = ("어제" if previous_day == day - 1
                            else f"{before.month}/{before.day}")
                    lines.append(f"{when} 실적: {count}건 / {_manwon(won)}")
                for directive in self.relays.get(meeting.id, ()):
                    lines.append(f"> [{directive['number']}] {directive['title']}"
                                 f" - {directive['points'][0]}")
                for line in rng.sample(names.RELAY_LINES, rng.randint(1, 2)):
                    lines.append(self.fill(line, product))
                if rng.random() < 0.4:
                    lines.append(self.fill(rng.choice(names.DECISION_LINES), product))
                actions = rng.randint(1, 2)
            elif meeting.kind == "evening":
                lines.append(f"{label} 석회")
                count, won, new, sellers = self.day_totals.get(day, [0, 0, 0, 0])
                lines.append(f"오늘 실적: {count}건 / {_manwon(won)} "
                             f"(판매 {sellers}명, 신규 {new}건)")
                best = self.best_team(day)
                if best is not None:
                    lead, sold = best
                    lines.append(f"최다 실적: {lead.name} 팀 {sold}건")
                if rng.random() < 0.5:
                    lines.append(self.fill(rng.choice(names.DECISION_LINES), product))
                if rng.random() < 0.4:
                    lines.append(self.fill(rng.choice(names.RELAY_LINES), product))
                actions = rng.randint(0, 2)
            else:
                lines.append(f"{label} 영업관리자 전략회의")
                for line in rng.sample(names.STRATEGY_LINES, rng.randint(1, 2)):
                    lines.append("- " + self.fill(line, product))
                lines.append(self.fill(rng.choice(names.DECISION_LINES), product))
                actions = rng.randint(0, 1)
            ended_at = self.stamp(day, meeting.end)
            for _ in range(actions):
                text = self.fill(rng.choice(names.ACTION_TEXTS), product)
                due = day + rng.randint(1, 10)
                due_date = self.date(due)
                if rng.random() < 0.08:
                    owner_id, owner_name = None, rng.choice(names.NON_PARTNER_OWNERS)
                    typed = owner_name
                else:
                    owner = rng.choice(self.managers)
                    owner_id, owner_name, typed = owner.id, "", owner.name
                # typed open; checked off later ("- [x]") when the item is done
                items.append([meeting, text, owner_id, owner_name, due, ended_at, len(notes),
                              len(lines)])
                lines.append(f"- [ ] {text} @{typed} ~{due_date.month}/{due_date.day}")
            if meeting.kind == "morning":
                previous_day = day
            started_at = self.stamp(day, meeting.start)
            saved_at = self.stamp(day, meeting.end + rng.randint(0, 120))
            notes.append([meeting, lines, rng.randint(2, 14), started_at, saved_at])

        # what became of the action items
        statuses = []
        for item in items:
            due = item[4]
            if due < t:
                roll = rng.random()
                status = "done" if roll < 0.8 else "dropped" if roll < 0.84 else "open"
            else:
                status = "done" if rng.random() < 0.25 else "open"
            statuses.append(status)
        overdue = [index for index, item in enumerate(items) if item[4] < t]
        if overdue and not any(statuses[index] == "open" for index in overdue):
            statuses[overdue[-1]] = "open"
        for item, status in zip(items, statuses, strict=True):
            meeting, text, owner_id, owner_name, due, created, note_index, line_index = item
            done_at, updated = None, created
            if status in ("done", "dropped"):
                last = min(due + 2, t)
                day = rng.randint(meeting.day, max(meeting.day, last))
                seconds = 9 * 3600 + rng.randint(0, 10 * 3600)
                if day == meeting.day:
                    seconds = max(seconds, meeting.end + 300)
                updated = self.stamp(day, seconds)
                if status == "done":
                    done_at = updated
                    note = notes[note_index]
                    note[1][line_index] = note[1][line_index].replace("- [ ]", "- [x]", 1)
                    note[2] += 1
                    note[4] = max(note[4], done_at)
            self.add(ActionItem, (self.uid(), self.branch_id, meeting.id, text, owner_id,
                                  owner_name, self.text(due), status, done_at, created, updated))
        for meeting, lines, revision, started_at, saved_at in notes:
            self.add(MeetingNote, (self.uid(), meeting.id, "\n".join(lines) + "\n", "",
                                   revision, saved_at, started_at, saved_at))

    def fill(self, line: str, product: str) -> str:
        if "{" not in line:
            return line
        lead = self.rng.choice(self.managers)
        return line.format(product=product, n=self.rng.randint(8, 20), team=f"{lead.name} 팀")

    def best_team(self, day: int) -> tuple[_Partner, int] | None:
        best: tuple[_Partner, int] | None = None
        for manager in self.managers:
            sold = self.team_day.get((day, manager.team), 0)
            if sold and (best is None or sold > best[1]):
                best = (manager, sold)
        return best

    # --- trainings -----------------------------------------------------------------------

    def make_trainings(self) -> None:
        rng, t = self.rng, self.t
        self.training_costs: list[tuple[int, int, str, str, str]] = []
        self.present_count = 0
        kinds = ("new_product", "new_partner", "regular", "irregular")
        by_team: dict[int, list[_Partner]] = {}
        for partner in self.partners:
            by_team.setdefault(partner.team, []).append(partner)
        for day in sorted(self.training_days):
            block_id = self.training_blocks.get(day)
            kind = rng.choices(kinds, (25, 25, 35, 15))[0]
            teams = list(range(self.scale.teams))
            if self.scale.invited_teams is not None:
                teams = sorted(rng.sample(teams, min(len(teams), self.scale.invited_teams)))
            elif kind == "irregular":
                teams = sorted(rng.sample(teams, max(1, len(teams) // 2)))
            members = [p for team in teams for p in by_team.get(team, ())]
            invited: list[_Partner] = []
            if kind == "new_partner":
                for partner in members:
                    status = partner.status_on(day)
                    if status == "trainee" or (status == "active" and partner.first_active
                                               is not None and day - partner.first_active <= 60):
                        invited.append(partner)
                if not invited:
                    kind = "regular"
            if not invited:
                invited = [p for p in members if p.status_on(day) == "active"]
            product = self.product()
            title = rng.choice(names.TRAINING_TITLES[kind]).format(product=product)
            curriculum = "\n".join(names.TRAINING_CURRICULA[kind])
            if rng.random() < 0.55:
                instructor = names.BRANCH_INSTRUCTOR
                cost = rng.choice((0, 0, 30_000, 50_000, 80_000))
            else:
                instructor = rng.choice(names.HQ_INSTRUCTORS[kind])
                cost = rng.randint(10, 40) * 10_000
            created = self.stamp(day - rng.randint(2, 10), 19 * 3600 + 50 * 60)
            completed = day < t
            updated = self.stamp(day, 11 * 3600 + 40 * 60) if completed else created
            if block_id is not None:
                # the routine's training block becomes the training's (as the Training
                # area does): it takes the training's title
                blocks = self.rows[DayBlock]
                index = self.training_block_rows[day]
                row = list(blocks[index])
                row[COLUMNS[DayBlock].index("title")] = title
                blocks[index] = tuple(row)
            training_id = self.uid()
            self.add(Training, (training_id, self.branch_id, kind, title, self.text(day),
                                _TIME_TEXT(TRAINING_START), _TIME_TEXT(TRAINING_END),
                                instructor, curriculum, cost, block_id,
                                1 if completed else 0, created, updated))
            if cost and day <= t:
                category = (names.TRAINING_COST_CATEGORY if instructor != names.BRANCH_INSTRUCTOR
                            else "교재 인쇄")
                payee = instructor if instructor != names.BRANCH_INSTRUCTOR else "강남인쇄"
                self.training_costs.append((day, cost, category, payee, training_id))
            for partner in invited:
                if completed:
                    roll = rng.random()
                    status = "present" if roll < 0.86 else "absent" if roll < 0.95 else "excused"
                    if status == "present":
                        self.present_count += 1
                    marked = self.stamp(day, 11 * 3600 + 35 * 60 + rng.randint(0, 300))
                else:
                    status, marked = "invited", created
                self.add(Attendance, (self.uid(), training_id, partner.id, status, created,
                                      marked))

    # --- money ---------------------------------------------------------------------------------

    def make_money(self) -> None:
        rng, t = self.rng, self.t
        factor = self.scale.teams / BASE_TEAMS
        trainings_by_month: dict[int, list[tuple[int, int, str, str, str]]] = {}
        for item in self.training_costs:
            trainings_by_month.setdefault(self.month_of(item[0]), []).append(item)
        self.promotions: list[tuple[int, str]] = []
        month = self.w
        while month <= t:
            local = self.date(month)
            length = _days_in_month(local.year, local.month)
            last = month + length - 1
            budgets = {}
            made = self.stamp(month - 1, 18 * 3600 + rng.randint(0, 1800))
            for account in ("operating", "training", "promotion"):
                amount = round(BASE_BUDGETS[account] * factor * rng.uniform(0.95, 1.05), -5)
                budgets[account] = int(amount)
                self.add(Budget, (self.uid(), self.branch_id, self.text(month), account,
                                  int(amount), "", made, made))
            promotion_id = self.make_promotion(month, last, budgets["promotion"])
            # spending: past months close to budget, this month a little ahead of the line
            current = last >= t
            days = [d for d in range(month, min(last, t) + 1) if self.is_working(d)]
            if not days:
                days = list(range(month, min(last, t) + 1))
            elapsed = (min(last, t) - month + 1) / length
            weeks = (min(last, t) - month + 1) / 7
            wanted = self.scale.expenses_per_week * weeks
            linked = trainings_by_month.get(month, [])
            for day, cost, category, payee, training_id in linked:
                made = self.stamp(day, 11 * 3600 + 45 * 60 + rng.randint(0, 3600))
                self.add(Expense, (self.uid(), self.branch_id, self.text(day), "training",
                                   category, cost, payee, "", training_id, None, made, made))
            for account, share in (("operating", 0.5), ("promotion", 0.35), ("training", 0.15)):
                if current:
                    target = budgets[account] * min(1.0, elapsed * rng.uniform(1.12, 1.18))
                else:
                    target = budgets[account] * rng.uniform(0.88, 0.99)
                if account == "training":
                    target -= sum(item[1] for item in linked)
                count = max(1, round(wanted * share))
                if target < 1_000 * count:
                    continue
                self.spend(account, int(target), count, days,
                           promotion_id if account == "promotion" else None)
            month = last + 1

    def month_of(self, day: int) -> int:
        return self.date(day).replace(day=1).toordinal()

    def make_promotion(self, month: int, last: int, budget: int) -> str:
        rng, t = self.rng, self.t
        local = self.date(month)
        starts = month + rng.randint(0, 4)
        if starts > t:
            starts = month
        product = self.product()
        title = rng.choice(names.PROMOTION_TITLES).format(month=local.month, product=product)
        metric = rng.choice(("sales_count", "sales_count", "sales_won"))
        per_day = (self.sales_count if metric == "sales_count" else self.sales_won) / max(
            1, len(self.past_working))
        working = sum(1 for day in range(starts, last + 1) if self.is_working(day))
        target = int(per_day * working * 1.1)
        if metric == "sales_won":
            target = int(round(target, -5))
        lift = rng.randint(8, 20)
        notes = f"판촉물과 사은품으로 '{product}' 판매 확대. 팀별 주간 점검."
        made = self.stamp(starts - 3, 15 * 3600 + rng.randint(0, 3600))
        promotion_id = self.uid()
        self.add(Promotion, (promotion_id, self.branch_id, title, self.text(starts),
                             self.text(last), int(round(budget * rng.uniform(0.55, 0.8), -4)),
                             metric, target, lift, notes, made, made))
        return promotion_id

    def spend(self, account: str, target: int, count: int, days: list[int],
              promotion_id: str | None) -> None:
        rand = self.rng.random
        weights = [0.3 + 1.4 * rand() for _ in range(count)]
        whole = sum(weights)
        dates = sorted(days[int(rand() * len(days))] for _ in range(count))
        choices = names.EXPENSES[account]
        add = self.rows[Expense].append
        for weight, day in zip(weights, dates, strict=True):
            amount = max(1_000, round(target * weight / whole / 100) * 100)
            category, payees = choices[int(rand() * len(choices))]
            payee = payees[int(rand() * len(payees))]
            memo = f"{self.date(day).month}월 {category}" if rand() < 0.3 else ""
            made = self.stamp(day, 10 * 3600 + int(rand() * 8 * 3600))
            add((self.uid(), self.branch_id, self.text(day), account, category, int(amount),
                 payee, memo, None, promotion_id, made, made))

    # --- goals ---------------------------------------------------------------------------------

    def make_goals(self) -> None:
        rng, t = self.rng, self.t
        today = self.today
        worked = max(1, len(self.past_working))
        window_days = t - self.w + 1
        recruits = sum(1 for p in self.partners for day, kind, *_ in p.events
                       if kind == "recruit" and day >= self.w)
        active_now = sum(1 for p in self.partners if p.state["status"] == "active")
        for year in range(self.date(self.w).year, today.year + 1):
            first = dt.date(year, 1, 1).toordinal()
            last = dt.date(year, 12, 31).toordinal()
            year_days = sum(1 for day in range(first, last + 1) if self.is_working(day))
            project = (self.project if year == today.year else
                       names.PAST_PROJECTS[(today.year - year - 1) % len(names.PAST_PROJECTS)])
            targets = {
                "sales_won": int(round(self.sales_won / worked * year_days * 1.08, -6)),
                "sales_count": int(round(self.sales_count / worked * year_days * 1.08, -1)),
                "recruits": max(1, round(recruits / window_days * 365 * 1.15)),
                "active_partners": max(1, round(active_now * 1.1)),
                "training_attendance": max(1, round(self.present_count / worked * year_days
                                                    * 1.1)),
            }
            made = self.stamp(dt.date(year, 1, 2).toordinal(), 10 * 3600 + rng.randint(0, 1800))
            for metric in ("sales_won", "sales_count", "recruits", "active_partners",
                           "training_attendance"):
                target = targets[metric]
                year_id = self.goal(metric, "year", first, last, target, project, None, made)
                parts = ([target] * 12 if metric in LEVEL_METRICS
                         else _split_evenly(target, 12, _UNITS.get(metric, 1)))
                for month_number, part in enumerate(parts, start=1):
                    starts = dt.date(year, month_number, 1)
                    ends = starts.replace(day=_days_in_month(year, month_number))
                    month_id = self.goal(metric, "month", starts.toordinal(), ends.toordinal(),
                                         part, project, year_id, made)
                    if year == today.year and month_number == today.month:
                        self.plan_month(metric, starts.toordinal(), ends.toordinal(), part,
                                        project, month_id)

    def plan_month(self, metric: str, first: int, last: int, target: int, project: str,
                   month_id: str) -> None:
        """Week and day goals of the current month: the month's target over its working
        days, each week the sum of its days."""
        made = self.stamp(first, 9 * 3600 + 10 * 60)
        days = [day for day in range(first, last + 1) if self.is_working(day)]
        if not days:
            return
        level = metric in LEVEL_METRICS
        day_targets = dict(zip(days, [target] * len(days) if level
                               else _split_evenly(target, len(days), _UNITS.get(metric, 1)),
                               strict=True))
        weeks: dict[int, list[int]] = {}
        for day in days:
            weeks.setdefault((day - 1) // 7, []).append(day)
        for week in sorted(weeks):
            week_days = weeks[week]
            starts = max(first, week * 7 + 1)
            ends = min(last, week * 7 + 7)
            week_target = target if level else sum(day_targets[day] for day in week_days)
            week_id = self.goal(metric, "week", starts, ends, week_target, project, month_id,
                                made)
            for day in week_days:
                self.goal(metric, "day", day, day, day_targets[day], project, week_id, made)

    def goal(self, metric: str, period: str, starts: int, ends: int, target: int, project: str,
             parent: str | None, made: str) -> str:
        goal_id = self.uid()
        self.add(Goal, (goal_id, self.branch_id, metric, period, self.text(starts),
                        self.text(ends), int(target), int(target), project, parent, made, made))
        return goal_id

    # --- writing ---------------------------------------------------------------------------------

    def write(self) -> None:
        self.rows[Partner][:0] = self.manager_rows  # team leads before their sellers
        self.manager_rows = []
        for model in WRITE_ORDER:
            rows = self.rows[model]
            self.count(model, insert_rows(model, rows))
            self.rows[model] = []


def generate_demo(today: pendulum.Date | dt.date, *, scale: str = "branch", seed: int = 2026,
                  branches: int = 1, progress: Callable[[str], None] | None = None
                  ) -> DemoSummary:
    """Fill the opened, empty database with a demo whose history ends on `today`.

    `scale` is "branch" or "region" (see `SCALES`); `branches` repeats the shape
    for that many branches. Raises ValueError if the database already holds a
    branch (nothing is written then), and on an unknown scale.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}; choose one of {', '.join(SCALES)}")
    if branches < 1:
        raise ValueError("branches must be at least 1")
    if database.obj is None:
        raise RuntimeError("no database is open; call open_database() first")
    if Branch.select().exists():
        raise ValueError("The database already holds a branch; the demo is only made in an "
                         "empty database. Choose a new database file.")
    started = time.perf_counter()
    day = dt.date(today.year, today.month, today.day)
    builder = _Demo(day, SCALES[scale], random.Random(seed))
    with database.atomic():
        for index in range(branches):
            builder.build_branch(index)
            builder.write()
            if progress is not None:
                progress(f"branch {index + 1}/{branches} written")
    summary = DemoSummary(scale=scale, seed=seed, today=day)
    for name, rows in builder.counts.items():
        setattr(summary, name, rows)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
