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

    branch = ForeignKeyField(Branch, backref="days", on_delete="CASCADE")
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

    branch = ForeignKeyField(Branch, backref="budgets", on_delete="CASCADE")
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
    training = ForeignKeyField(Training, backref="attendance", on_delete="CASCADE")
    partner = ForeignKeyField(Partner, backref="attendance", on_delete="CASCADE")
    status = CharField(choices=_choices(ATTENDANCE_STATUSES), default="invited")

    class Meta:
        indexes = ((("training", "partner"), True),)


class Expense(SyncModel):
    branch = ForeignKeyField(Branch, backref="expenses", on_delete="CASCADE")
    spent_on = DateField(index=True)
    account = CharField(choices=_choices(BUDGET_ACCOUNTS))
    category = CharField(default="")
    amount_won = WonField()
    payee = CharField(default="")
    memo = TextField(default="")
    training = ForeignKeyField(Training, null=True, backref="expenses", on_delete="SET NULL")
    promotion = ForeignKeyField(Promotion, null=True, backref="expenses", on_delete="SET NULL")


# --- goals and results ----------------------------------------------------------------


class Goal(SyncModel):
    """A target for one metric over one period; the cascade links via `parent`."""

    branch = ForeignKeyField(Branch, backref="goals", on_delete="CASCADE")
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
    branch = ForeignKeyField(Branch, backref="results", on_delete="CASCADE")
    partner = ForeignKeyField(Partner, backref="results", on_delete="CASCADE")
    date = DateField(index=True)
    sales_count = IntegerField(default=0)
    sales_won = WonField(default=0)
    new_contracts = IntegerField(default=0)
    visits = IntegerField(null=True)

    class Meta:
        indexes = ((("partner", "date"), True),)


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


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    Setting,
    Branch,
    Partner,
    PartnerEvent,
    ScheduleTemplate,
    ScheduleDay,
    DayBlock,
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
    Directive,
)
