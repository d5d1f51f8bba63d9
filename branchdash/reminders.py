"""Reminders before each block, and the catch-up after the clock jumped.

Each planned block reminds N minutes before it starts (N per kind of block,
default 10; 0 turns that kind off), and a meeting block says so again when it
starts. The app asks `check(branch, since, now)` each minute with the moment
of its previous check: what fell due in between is shown, each reminder once
(remembered in the store per block, so neither a restart nor a clock set back
repeats one). When the wall clock jumped (a laptop waking from sleep), the
reminders whose moment has passed are not replayed one by one: they come
back as one summary of what was missed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date, DateTime

from branchdash.data.models import FiredReminder, database
from branchdash.data.settings import get_setting, set_setting
from branchdash.schedule import KINDS, Block, day_blocks

DEFAULT_MINUTES = 10
MAX_MINUTES = 240
BEFORE = "before"  # N minutes before a block starts
START = "start"  # a meeting block starts now
# After a jump, look back at most this many days for what was missed.
CATCH_UP_DAYS = 1

_MINUTES_KEY = "reminders.minutes.{kind}"
_BELL_KEY = "reminders.bell"


class ReminderSettingError(ValueError):
    """A reminder setting that cannot be kept; `key` is the catalog message."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


# --- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderSettings:
    minutes: dict[str, int]  # per block kind; 0 means no reminder
    bell: bool


def load_settings() -> ReminderSettings:
    minutes: dict[str, int] = {}
    for kind in KINDS:
        stored = get_setting(_MINUTES_KEY.format(kind=kind))
        try:
            value = int(stored) if stored is not None else DEFAULT_MINUTES
        except ValueError:
            value = DEFAULT_MINUTES  # a damaged setting falls back rather than stopping reminders
        minutes[kind] = min(max(value, 0), MAX_MINUTES)
    return ReminderSettings(minutes, get_setting(_BELL_KEY) == "1")


def parse_minutes(text: str) -> int:
    cleaned = text.strip().removesuffix("분").removesuffix("m").strip()
    # Decimal digits that int() reads ("²" is a digit it refuses), no more than it needs.
    if not (cleaned.isdecimal() and len(cleaned) <= 4) or int(cleaned) > MAX_MINUTES:
        raise ReminderSettingError("today.reminder.error.minutes", value=text.strip(),
                                   most=MAX_MINUTES)
    return int(cleaned)


def save_settings(minutes: dict[str, int], bell: bool) -> None:
    unknown = set(minutes) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown block kinds {sorted(unknown)}")
    for value in minutes.values():
        if not 0 <= value <= MAX_MINUTES:
            raise ReminderSettingError("today.reminder.error.minutes", value=str(value),
                                       most=MAX_MINUTES)
    with database.atomic():
        for kind, value in minutes.items():
            set_setting(_MINUTES_KEY.format(kind=kind), str(value))
        set_setting(_BELL_KEY, "1" if bell else "0")


# --- what is due ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    block: Block
    kind: str  # BEFORE or START
    at: DateTime  # the moment it is due
    starts: DateTime  # the block's start
    ends: DateTime

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.block.id, self.kind, f"{self.block.start:%H:%M:%S}")

    def minutes_to_start(self, now: DateTime) -> int:
        return max(0, int((self.starts - now).total_seconds() + 59) // 60)

    def live(self, now: DateTime) -> bool:
        """Still worth saying on its own: the block is ahead (a reminder
        before it), or a meeting that started and is still running."""
        if self.kind == BEFORE:
            return self.starts > now
        return self.starts <= now < self.ends


@dataclass(frozen=True)
class Check:
    due: list[Reminder]  # show each, in order
    missed: list[Reminder]  # passed unseen (the clock jumped): one summary

    @property
    def missed_blocks(self) -> list[Block]:
        """The blocks behind the missed reminders, once each, without those still shown."""
        shown = {r.block.id for r in self.due}
        seen: set[str] = set()
        blocks: list[Block] = []
        for reminder in self.missed:
            if reminder.block.id not in shown and reminder.block.id not in seen:
                seen.add(reminder.block.id)
                blocks.append(reminder.block)
        return blocks


def _reminders(blocks: list[Block], minutes: dict[str, int], timezone: str) -> list[Reminder]:
    found: list[Reminder] = []
    for block in blocks:
        if block.status != "planned":
            continue  # done or skipped: nothing to remind of
        starts, ends = block.start_at(timezone), block.end_at(timezone)
        lead = minutes.get(block.kind, DEFAULT_MINUTES)
        if lead > 0:
            found.append(Reminder(block, BEFORE, starts.subtract(minutes=lead), starts, ends))
        if block.kind == "meeting":
            found.append(Reminder(block, START, starts, starts, ends))
    return found


def _dates(since: DateTime | None, now: DateTime) -> list[Date]:
    today = now.date()
    if since is None or since.date() >= today:
        return [today]
    first = max(since.date(), today.subtract(days=CATCH_UP_DAYS))
    dates = []
    while first <= today:
        dates.append(first)
        first = first.add(days=1)
    return dates


def check(branch_id: str, since: DateTime | None, now: DateTime) -> Check:
    """What is due after `since` up to `now`, each at most once ever.

    `since` None (the app just started): reminders already due whose block is
    still ahead (or a meeting still running) are shown; older ones are left
    alone, not reported as missed. Everything returned is remembered as fired.
    """
    timezone = now.timezone_name or "UTC"
    minutes = load_settings().minutes
    candidates: list[Reminder] = []
    for date in _dates(since, now):
        candidates.extend(_reminders(day_blocks(branch_id, date), minutes, timezone))
    if not candidates:
        return Check([], [])
    fired = {
        (row.block_id, row.kind, _time_text(row.block_start))
        for row in FiredReminder.select().where(
            FiredReminder.block.in_({r.block.id for r in candidates}))
    }
    due: list[Reminder] = []
    missed: list[Reminder] = []
    for reminder in sorted(candidates, key=lambda r: (r.at, r.kind != START)):
        if reminder.key in fired or reminder.at > now:
            continue
        if since is None:
            if reminder.live(now):
                due.append(reminder)
        elif reminder.at > since:
            (due if reminder.live(now) else missed).append(reminder)
    _remember(due + missed)
    return Check(due, missed)


def _time_text(value: object) -> str:
    return value.strftime("%H:%M:%S") if hasattr(value, "strftime") else str(value)


def _remember(reminders: list[Reminder]) -> None:
    if not reminders:
        return
    with database.atomic():
        for reminder in reminders:
            FiredReminder.insert(block=reminder.block.id, date=reminder.block.date,
                                 kind=reminder.kind, block_start=reminder.block.start,
                                 ).on_conflict_ignore().execute()
