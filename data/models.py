"""Schema v1 for the whole branch domain.

Every row that a branch may send to HQ ("syncable") has a UUID key, so that
many branches' rows merge into one database without clashes, and created /
updated instants in UTC. Money is integer won (`WonField`). Dates that belong
to the branch's working day (a meeting's date, an expense's date) are local
dates; instants (when a note was saved) are UTC.

Choices are kept as short English codes in the database; the UI translates
them through the i18n catalog.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

from branchdash.clock import utc_now

from .fields import LocalDateField as DateField
from .fields import LocalTimeField as TimeField
from .fields import UtcDateTimeField, WonField

database = DatabaseProxy()

# --- choices -----------------------------------------------------------------

PARTNER_ROLES = ("seller", "sales_manager")
PARTNER_STATUSES = ("candidate", "trainee", "active", "inactive", "resigned")
PARTNER_EVENT_KINDS = (
    "recruit",
    "start_onboarding",
    "activate",
    "promote",
    "transfer",
    "deactivate",
    "resign",
    "rehire",
    "edit",
)
RESIGN_REASONS = ("personal", "competitor", "income", "health", "relocation", "other")
BLOCK_KINDS = ("meeting", "training", "directives", "promotion", "prep", "custom")
BLOCK_STATUSES = ("planned", "done", "skipped", "cancelled")
MEETING_KINDS = ("morning", "evening", "strategy")
MEETING_STATUSES = ("planned", "in_progress", "ended")
ACTION_STATUSES = ("open", "done", "dropped")
BUDGET_ACCOUNTS = ("operating", "training", "promotion")
GOAL_METRICS = ("sales_won", "sales_count", "recruits", "active_partners", "training_attendance")
GOAL_PERIODS = ("year", "month", "week", "day")
DIRECTIVE_STATUSES = ("received", "understood", "relayed", "done")
TRAINING_KINDS = ("new_product", "new_partner", "regular", "irregular")
ATTENDANCE_STATUSES = ("invited", "present", "absent", "excused")


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


# --- bases -------------------------------------------------------------------


# Foreign keys marked index=False lead a composite index of their table already;
# a second index on the key alone would only cost space and insert time.


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SyncModel(BaseModel):
    """A row that travels to HQ: UUID key, created/updated instants in UTC."""

    id = CharField(primary_key=True, max_length=32, default=lambda: uuid.uuid4().hex)
    created_at = UtcDateTimeField(default=utc_now)
    updated_at = UtcDateTimeField(default=utc_now, index=True)

    def save(self, *args: object, **kwargs: object) -> int:
        self.updated_at = utc_now()
        return super().save(*args, **kwargs)

    @classmethod
    def update(cls, __data: object = None, **update: object):  # type: ignore[override]
        """A bulk update moves `updated_at` too: HQ's push compares it to tell the
        newer copy of a row, so no change may leave it behind."""
        data = cls._normalize_data(__data, update)
        if isinstance(data, dict) and cls.updated_at not in data:
            data[cls.updated_at] = utc_now()
        return super().update(data)


# --- housekeeping ------------------------------------------------------------


class SchemaVersion(BaseModel):
    """One row per applied migration; the highest is the file's schema version."""

    version = IntegerField(primary_key=True)
    name = CharField()
    applied_at = UtcDateTimeField(default=utc_now)


class Setting(BaseModel):
    """Settings of this laptop's copy (language, timezone, the branch in use)."""

    key = CharField(primary_key=True)
    value = TextField()


# --- branch and people ---------------------------------------------------------


class Branch(SyncModel):
    code = CharField(unique=True)
    name = CharField()
    region = CharField(default="")
    timezone = CharField(default="")  # empty: the machine's local zone
    year_project = CharField(default="")  # the company's named project, e.g. "S.M.A.R.T 345"


class Partner(SyncModel):
    branch = ForeignKeyField(Branch, backref="partners", on_delete="CASCADE")
    name = CharField(index=True)
    phone = CharField(default="")  # normalised Korean format, e.g. 010-1234-5678
    role = CharField(choices=_choices(PARTNER_ROLES), default="seller")
    rank = CharField(default="")
    status = CharField(choices=_choices(PARTNER_STATUSES), default="candidate", index=True)
    # The team is its sales manager; a sales manager leads their own team.
    manager = ForeignKeyField("self", null=True, backref="team_members", on_delete="SET NULL")
    recruited_on = DateField(null=True)
    hired_on = DateField(null=True)
    resigned_on = DateField(null=True)
    resign_reason = CharField(default="")
    notes = TextField(default="")

    class Meta:
        # The roster's first page: a branch's partners in name order (schema v3).
        indexes = ((("branch", "name"), False),)


class PartnerEvent(SyncModel):
    """One change in a partner's HR life, with the values before and after."""

    partner = ForeignKeyField(Partner, backref="events", on_delete="CASCADE")
    kind = CharField(choices=_choices(PARTNER_EVENT_KINDS))
    occurred_on = DateField(index=True)
    before = TextField(default="{}")  # JSON of the changed fields
    after = TextField(default="{}")
    reason = CharField(default="")
    note = TextField(default="")


# --- the day -----------------------------------------------------------------------


class ScheduleTemplate(SyncModel):
    """One block of the weekly routine; weekday 0 is Monday."""

    branch = ForeignKeyField(Branch, backref="template_blocks", on_delete="CASCADE")
    weekday = SmallIntegerField()
    start = TimeField()
    end = TimeField()
    kind = CharField(choices=_choices(BLOCK_KINDS))
    title = CharField()
    meeting_kind = CharField(null=True, choices=_choices(MEETING_KINDS))


class ScheduleDay(SyncModel):
    """A date whose blocks have been made from the template (then live on their own)."""

    branch = ForeignKeyField(Branch, backref="days", on_delete="CASCADE", index=False)
    date = DateField()
    holiday_name = CharField(default="")

    class Meta:
        indexes = ((("branch", "date"), True),)


class DayBlock(SyncModel):
    branch = ForeignKeyField(Branch, backref="blocks", on_delete="CASCADE")
    date = DateField(index=True)
    start = TimeField()
    end = TimeField()
    kind = CharField(choices=_choices(BLOCK_KINDS))
    title = CharField()
    meeting_kind = CharField(null=True, choices=_choices(MEETING_KINDS))
    status = CharField(choices=_choices(BLOCK_STATUSES), default="planned")
    template = ForeignKeyField(ScheduleTemplate, null=True, on_delete="SET NULL")
    note = TextField(default="")


class FiredReminder(BaseModel):
    """A reminder already shown, so that none fires twice (a restart, a clock set
    back). Keyed by the block, the reminder's kind ("before" or "start") and the
    block's start when it fired: a block moved later earns a new reminder.
    Local to this laptop: it never travels to HQ."""

    block = ForeignKeyField(DayBlock, backref="fired_reminders", on_delete="CASCADE")
    date = DateField(index=True)
    kind = CharField()
    block_start = TimeField()
    fired_at = UtcDateTimeField(default=utc_now)

    class Meta:
        indexes = ((("block", "kind", "block_start"), True),)


# --- meetings ----------------------------------------------------------------------


class Meeting(SyncModel):
    branch = ForeignKeyField(Branch, backref="meetings", on_delete="CASCADE")
    date = DateField(index=True)
    kind = CharField(choices=_choices(MEETING_KINDS))
    block = ForeignKeyField(DayBlock, null=True, backref="meetings", on_delete="SET NULL")
    title = CharField(default="")
    status = CharField(choices=_choices(MEETING_STATUSES), default="planned")
    started_at = UtcDateTimeField(null=True)
    ended_at = UtcDateTimeField(null=True)


class MeetingNote(SyncModel):
    """The meeting's notes as typed. Saved continuously so nothing typed is lost."""

    meeting = ForeignKeyField(Meeting, backref="notes", unique=True, on_delete="CASCADE")
    text = TextField(default="")
    draft = TextField(default="")  # unsaved keystrokes, flushed often
    revision = IntegerField(default=0)  # bumped on each save: two copies never overwrite blindly
    saved_at = UtcDateTimeField(null=True)
    cursor = CharField(null=True)  # "row:column" of the editor's cursor, to reopen where it was


class ActionItem(SyncModel):
    branch = ForeignKeyField(Branch, backref="action_items", on_delete="CASCADE")
    meeting = ForeignKeyField(Meeting, null=True, backref="action_items", on_delete="SET NULL")
    text = TextField()
    owner = ForeignKeyField(Partner, null=True, backref="action_items", on_delete="SET NULL")
    owner_name = CharField(default="")  # as typed, when it matches no partner
    due_on = DateField(null=True, index=True)
    status = CharField(choices=_choices(ACTION_STATUSES), default="open", index=True)
    done_at = UtcDateTimeField(null=True)


# --- money -------------------------------------------------------------------------


class Budget(SyncModel):
    """A month's budget for one account. `month` is the first day of the month."""

    branch = ForeignKeyField(Branch, backref="budgets", on_delete="CASCADE", index=False)
    month = DateField()
    account = CharField(choices=_choices(BUDGET_ACCOUNTS))
    amount_won = WonField()
    plan = TextField(default="")  # JSON of front-loaded items; empty: straight line

    class Meta:
        indexes = ((("branch", "month", "account"), True),)


class Promotion(SyncModel):
    branch = ForeignKeyField(Branch, backref="promotions", on_delete="CASCADE")
    title = CharField()
    starts_on = DateField()
    ends_on = DateField()
    budget_won = WonField(default=0)
    target_metric = CharField(choices=_choices(GOAL_METRICS), default="sales_count")
    target_value = IntegerField(default=0)
    expected_lift_pct = IntegerField(default=0)
    notes = TextField(default="")


class Training(SyncModel):
    branch = ForeignKeyField(Branch, backref="trainings", on_delete="CASCADE")
    kind = CharField(choices=_choices(TRAINING_KINDS))
    title = CharField()
    date = DateField(index=True)
    start = TimeField()
    end = TimeField()
    instructor = CharField(default="")
    curriculum = TextField(default="")
    cost_won = WonField(default=0)
    block = ForeignKeyField(DayBlock, null=True, backref="trainings", on_delete="SET NULL")
    completed = BooleanField(default=False)


class Attendance(SyncModel):
    training = ForeignKeyField(Training, backref="attendance", on_delete="CASCADE",
                               index=False)
    partner = ForeignKeyField(Partner, backref="attendance", on_delete="CASCADE")
    status = CharField(choices=_choices(ATTENDANCE_STATUSES), default="invited")

    class Meta:
        indexes = ((("training", "partner"), True),)


class Expense(SyncModel):
    branch = ForeignKeyField(Branch, backref="expenses", on_delete="CASCADE", index=False)
    spent_on = DateField(index=True)
    account = CharField(choices=_choices(BUDGET_ACCOUNTS))
    category = CharField(default="")
    amount_won = WonField()
    payee = CharField(default="")
    memo = TextField(default="")
    training = ForeignKeyField(Training, null=True, backref="expenses", on_delete="SET NULL")
    promotion = ForeignKeyField(Promotion, null=True, backref="expenses", on_delete="SET NULL")

    class Meta:
        # The first covers the Budget screen's sums by day and account (the month's
        # totals come from the index alone, even with 100,000 expenses in the file);
        # the second gives the expense list newest first without sorting the month.
        indexes = ((("branch", "spent_on", "account", "amount_won"), False),
                   (("branch", "spent_on", "created_at"), False))


# --- goals and results ----------------------------------------------------------------


class Goal(SyncModel):
    """A target for one metric over one period; the cascade links via `parent`."""

    branch = ForeignKeyField(Branch, backref="goals", on_delete="CASCADE", index=False)
    metric = CharField(choices=_choices(GOAL_METRICS))
    period = CharField(choices=_choices(GOAL_PERIODS))
    starts_on = DateField()
    ends_on = DateField()
    target = IntegerField()  # won for sales_won, a count otherwise
    original_target = IntegerField()  # the plan as first split, kept beside re-spreads
    project = CharField(default="")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")

    class Meta:
        indexes = ((("branch", "metric", "period", "starts_on"), True),)


class DailyResult(SyncModel):
    branch = ForeignKeyField(Branch, backref="results", on_delete="CASCADE", index=False)
    partner = ForeignKeyField(Partner, backref="results", on_delete="CASCADE", index=False)
    date = DateField(index=True)
    sales_count = IntegerField(default=0)
    sales_won = WonField(default=0)
    new_contracts = IntegerField(default=0)
    visits = IntegerField(null=True)

    class Meta:
        # (branch, date, ...): a month's results of a branch read only that month's rows,
        # and the sums and active counts of the goals come from the index alone (at
        # region scale the table's rows are scattered: reading them is 10x slower).
        indexes = ((("partner", "date"), True),
                   (("branch", "date", "partner", "sales_count", "sales_won", "new_contracts"),
                    False))


class DailyTotal(BaseModel):
    """The branch's results summed per day, kept by triggers on `daily_result` (any writer:
    the entry grid, imports, the demo, an HQ merge), so that a year of goals reads at
    most 366 rows instead of every partner's results. Derived data: not synced."""

    branch = ForeignKeyField(Branch, on_delete="CASCADE")
    date = DateField()
    sales_count = IntegerField(default=0)
    sales_won = WonField(default=0)
    new_contracts = IntegerField(default=0)
    rows = IntegerField(default=0)  # result rows that day (0: all were deleted)

    class Meta:
        primary_key = CompositeKey("branch", "date")


_ADD_TOTAL = """
    INSERT INTO daily_total (branch_id, date, sales_count, sales_won, new_contracts, rows)
    VALUES ({row}.branch_id, {row}.date, {row}.sales_count, {row}.sales_won,
            {row}.new_contracts, 1)
    ON CONFLICT (branch_id, date) DO UPDATE SET
        sales_count = sales_count + excluded.sales_count,
        sales_won = sales_won + excluded.sales_won,
        new_contracts = new_contracts + excluded.new_contracts,
        rows = rows + 1;"""
_SUBTRACT_TOTAL = """
    UPDATE daily_total SET sales_count = sales_count - OLD.sales_count,
        sales_won = sales_won - OLD.sales_won,
        new_contracts = new_contracts - OLD.new_contracts, rows = rows - 1
    WHERE branch_id = OLD.branch_id AND date = OLD.date;"""
DAILY_TOTAL_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS daily_total_insert AFTER INSERT ON daily_result BEGIN"
    + _ADD_TOTAL.format(row="NEW") + " END",
    "CREATE TRIGGER IF NOT EXISTS daily_total_delete AFTER DELETE ON daily_result BEGIN"
    + _SUBTRACT_TOTAL + " END",
    "CREATE TRIGGER IF NOT EXISTS daily_total_update AFTER UPDATE OF branch_id, date, "
    "sales_count, sales_won, new_contracts ON daily_result BEGIN"
    + _SUBTRACT_TOTAL + _ADD_TOTAL.format(row="NEW") + " END",
)


def create_daily_totals(db: object) -> None:
    """The triggers that keep `daily_total`, and its rows for results already stored
    (SQLite; and `partner_month_total`'s, where the file has that table)."""
    execute = db.execute_sql  # type: ignore[attr-defined]
    for sql in DAILY_TOTAL_TRIGGERS:
        execute(sql)
    execute("DELETE FROM daily_total")
    execute("INSERT INTO daily_total (branch_id, date, sales_count, sales_won, new_contracts, "
            "rows) SELECT branch_id, date, SUM(sales_count), SUM(sales_won), "
            "SUM(new_contracts), COUNT(*) FROM daily_result GROUP BY branch_id, date")
    # The month totals by partner (schema v2) are kept the same way: whoever rebuilds
    # the day totals after a bulk load with the triggers off (data/demo.py) rebuilds
    # these too.
    has_months = execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                         "AND name = 'partner_month_total'").fetchone()
    if has_months:
        create_partner_month_totals(db)


class PartnerMonthTotal(BaseModel):
    """Each partner's results summed per month (`month`: its first day), kept by SQLite
    triggers on `daily_result` like `daily_total`, so that a month by partner reads one
    row a partner instead of a row a partner and day (the Goals screen's per-partner
    view at region scale). Derived data: not synced, not in ALL_MODELS. Its table is
    SQLite's own (WITHOUT ROWID, made by `create_partner_month_totals`, schema v2);
    PostgreSQL has none, and the rules sum `daily_result` there."""

    branch = ForeignKeyField(Branch, on_delete="CASCADE", index=False)
    partner = ForeignKeyField(Partner, on_delete="CASCADE", index=False)
    month = DateField()
    sales_count = IntegerField(default=0)
    sales_won = WonField(default=0)
    new_contracts = IntegerField(default=0)
    days_with_sales = IntegerField(default=0)  # days with sales_count > 0
    rows = IntegerField(default=0)  # result rows in the month (0: all were deleted)

    class Meta:
        primary_key = CompositeKey("branch", "month", "partner")


# The table as schema v2 made it (data/migrations/m0002_partner_month_total.py makes
# it in an older file, `create_latest` in a new one): written out, not generated from
# the model, so that a later change of the model cannot change what v2 was. WITHOUT
# ROWID: the month's rows of a branch are read straight from the key's order.
PARTNER_MONTH_TOTAL_TABLE = (
    'CREATE TABLE IF NOT EXISTS "partner_month_total" ('
    '"branch_id" VARCHAR(32) NOT NULL REFERENCES "branch" ("id") ON DELETE CASCADE, '
    '"partner_id" VARCHAR(32) NOT NULL REFERENCES "partner" ("id") ON DELETE CASCADE, '
    '"month" DATE NOT NULL, "sales_count" INTEGER NOT NULL DEFAULT 0, '
    '"sales_won" INTEGER NOT NULL DEFAULT 0, "new_contracts" INTEGER NOT NULL DEFAULT 0, '
    '"days_with_sales" INTEGER NOT NULL DEFAULT 0, "rows" INTEGER NOT NULL DEFAULT 0, '
    'PRIMARY KEY ("branch_id", "month", "partner_id")) WITHOUT ROWID',
    # a partner deleted: its month rows are found by this (the foreign key's cascade)
    'CREATE INDEX IF NOT EXISTS "partner_month_total_partner_id" '
    'ON "partner_month_total" ("partner_id")',
)
# Dates are ISO text in SQLite: a month's first day is the date's first 8 characters
# and "01".
_MONTH_OF = "substr({row}.date, 1, 8) || '01'"
_ADD_MONTH = """
    INSERT INTO partner_month_total (branch_id, partner_id, month, sales_count, sales_won,
                                     new_contracts, days_with_sales, rows)
    VALUES ({row}.branch_id, {row}.partner_id, """ + _MONTH_OF + """, {row}.sales_count,
            {row}.sales_won, {row}.new_contracts, {row}.sales_count > 0, 1)
    ON CONFLICT (branch_id, month, partner_id) DO UPDATE SET
        sales_count = sales_count + excluded.sales_count,
        sales_won = sales_won + excluded.sales_won,
        new_contracts = new_contracts + excluded.new_contracts,
        days_with_sales = days_with_sales + excluded.days_with_sales,
        rows = rows + 1;"""
_SUBTRACT_MONTH = """
    UPDATE partner_month_total SET sales_count = sales_count - OLD.sales_count,
        sales_won = sales_won - OLD.sales_won,
        new_contracts = new_contracts - OLD.new_contracts,
        days_with_sales = days_with_sales - (OLD.sales_count > 0), rows = rows - 1
    WHERE branch_id = OLD.branch_id AND month = """ + _MONTH_OF.format(row="OLD") + """
      AND partner_id = OLD.partner_id;"""
PARTNER_MONTH_TOTAL_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS partner_month_total_insert AFTER INSERT ON daily_result "
    "BEGIN" + _ADD_MONTH.format(row="NEW") + " END",
    "CREATE TRIGGER IF NOT EXISTS partner_month_total_delete AFTER DELETE ON daily_result "
    "BEGIN" + _SUBTRACT_MONTH + " END",
    "CREATE TRIGGER IF NOT EXISTS partner_month_total_update AFTER UPDATE OF branch_id, "
    "partner_id, date, sales_count, sales_won, new_contracts ON daily_result BEGIN"
    + _SUBTRACT_MONTH + _ADD_MONTH.format(row="NEW") + " END",
)


def create_partner_month_totals(db: object) -> None:
    """The table (when missing), the triggers that keep it, and its rows for the results
    already stored. SQLite only; run inside the caller's transaction."""
    execute = db.execute_sql  # type: ignore[attr-defined]
    for sql in (*PARTNER_MONTH_TOTAL_TABLE, *PARTNER_MONTH_TOTAL_TRIGGERS):
        execute(sql)
    execute("DELETE FROM partner_month_total")
    execute("INSERT INTO partner_month_total (branch_id, partner_id, month, sales_count, "
            "sales_won, new_contracts, days_with_sales, rows) "
            "SELECT branch_id, partner_id, substr(date, 1, 8) || '01', SUM(sales_count), "
            "SUM(sales_won), SUM(new_contracts), SUM(sales_count > 0), COUNT(*) "
            "FROM daily_result GROUP BY branch_id, partner_id, substr(date, 1, 8)")


# --- HQ directives ----------------------------------------------------------------


class Directive(SyncModel):
    branch = ForeignKeyField(Branch, backref="directives", on_delete="CASCADE")
    number = CharField()
    title = CharField()
    received_on = DateField()
    due_on = DateField(null=True, index=True)
    key_points = TextField(default="")
    attachments = TextField(default="[]")  # JSON list of file paths
    status = CharField(choices=_choices(DIRECTIVE_STATUSES), default="received", index=True)
    relayed_in = ForeignKeyField(Meeting, null=True, backref="relayed_directives",
                                 on_delete="SET NULL")
    done_at = UtcDateTimeField(null=True)


# --- HQ ---------------------------------------------------------------------------


class PushRecord(BaseModel):
    """One push from a branch into this (HQ) database: when, how much, what clashed.
    HQ's own bookkeeping: it never travels."""

    branch = ForeignKeyField(Branch, backref="pushes", on_delete="CASCADE")
    pushed_at = UtcDateTimeField(default=utc_now, index=True)
    rows_sent = IntegerField(default=0)
    conflicts = IntegerField(default=0)
    complete = BooleanField(default=True)  # False: the connection dropped mid-way


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    Branch,
    Partner,
    PartnerEvent,
    ScheduleTemplate,
    ScheduleDay,
    DayBlock,
    FiredReminder,
    Meeting,
    MeetingNote,
    ActionItem,
    Budget,
    Promotion,
    Training,
    Attendance,
    Expense,
    Goal,
    DailyResult,
    DailyTotal,
    Directive,
    PushRecord,
)
