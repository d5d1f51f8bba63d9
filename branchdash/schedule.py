"""The day's schedule: blocks made from the weekly template, and where "now" falls.

A date's blocks are made from its weekday's template the first time the date
is needed; from then on they live on their own (editing one date never touches
the template). Korean public holidays get no blocks unless the manager adds
some. Editing the template re-makes only future dates that nobody has touched
yet (every block still linked to its template row and still planned), so a
change to the routine shows on next week's days without undoing any edit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pendulum
from pendulum import Date, DateTime

from branchdash.data.models import (
    BLOCK_KINDS,
    MEETING_KINDS,
    DayBlock,
    ScheduleDay,
    ScheduleTemplate,
    database,
)
from branchdash.data.postgres import is_read_only
from branchdash.i18n import t
from branchdash.workdays import holiday_name

KINDS = BLOCK_KINDS
MEETING_KIND_CHOICES = MEETING_KINDS


class ScheduleError(ValueError):
    """A block the manager typed that cannot be kept; `message()` says why and how to fix it."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def message(self) -> str:
        return t(self.key, **self.fields)


@dataclass(frozen=True)
class Block:
    id: str
    date: Date
    start: dt.time
    end: dt.time
    kind: str
    title: str
    meeting_kind: str | None
    status: str
    from_template: bool = False
    note: str = ""

    def start_on(self, moment: DateTime) -> DateTime:
        return moment.replace(hour=self.start.hour, minute=self.start.minute, second=0,
                              microsecond=0)

    def end_on(self, moment: DateTime) -> DateTime:
        return moment.replace(hour=self.end.hour, minute=self.end.minute, second=0,
                              microsecond=0)

    def start_at(self, timezone: str) -> DateTime:
        """The block's start as an instant on its own date."""
        return pendulum.datetime(self.date.year, self.date.month, self.date.day,
                                 self.start.hour, self.start.minute, tz=timezone)

    def end_at(self, timezone: str) -> DateTime:
        return pendulum.datetime(self.date.year, self.date.month, self.date.day,
                                 self.end.hour, self.end.minute, tz=timezone)

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@dataclass(frozen=True)
class TemplateBlock:
    id: str
    weekday: int  # 0 is Monday
    start: dt.time
    end: dt.time
    kind: str
    title: str
    meeting_kind: str | None


@dataclass(frozen=True)
class Day:
    date: Date
    holiday: str | None  # the public holiday's name in the UI's language
    blocks: list[Block]


@dataclass(frozen=True)
class BlockInput:
    """A block as the manager typed it, checked."""

    start: dt.time
    end: dt.time
    kind: str
    title: str
    meeting_kind: str | None = None


# --- checking what was typed ------------------------------------------------------------

_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.시h]?\s*(\d{2})?\s*분?\s*$")


def parse_time(text: str) -> dt.time:
    """"8:30", "08:30", "0830", "830", "8" or "8시 30분" → 08:30."""
    cleaned = text.strip()
    match = _TIME.match(cleaned)
    if match is None and cleaned.isdigit() and len(cleaned) in (3, 4):
        match = _TIME.match(f"{cleaned[:-2]}:{cleaned[-2:]}")
    if match is None:
        raise ScheduleError("today.error.time", value=text.strip())
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ScheduleError("today.error.time", value=text.strip())
    return dt.time(hour, minute)


def block_input(start: str, end: str, kind: str, title: str,
                meeting_kind: str | None = None) -> BlockInput:
    """Check a block as typed; raises ScheduleError saying what to fix."""
    start_time, end_time = parse_time(start), parse_time(end)
    if not start_time < end_time:
        raise ScheduleError("today.error.order", start=f"{start_time:%H:%M}",
                            end=f"{end_time:%H:%M}")
    if kind not in KINDS:
        raise ScheduleError("today.error.kind")
    clean_title = " ".join(title.split())
    if not clean_title:
        raise ScheduleError("today.error.title")
    if len(clean_title) > 80:
        raise ScheduleError("today.error.title_long")
    if kind != "meeting":
        meeting_kind = None
    elif meeting_kind is not None and meeting_kind not in MEETING_KINDS:
        raise ScheduleError("today.error.meeting_kind")
    return BlockInput(start_time, end_time, kind, clean_title, meeting_kind)


# --- days -----------------------------------------------------------------------------------


def _as_time(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def _block(row: DayBlock) -> Block:
    return Block(row.id, row.date, _as_time(row.start), _as_time(row.end), row.kind, row.title,
                 row.meeting_kind, row.status, row.template_id is not None, row.note)


def _make_blocks(branch_id: str, date: Date) -> None:
    template = ScheduleTemplate.select().where(
        (ScheduleTemplate.branch == branch_id)
        & (ScheduleTemplate.weekday == date.weekday())
    )
    for row in template:
        DayBlock.create(branch=branch_id, date=date, start=row.start, end=row.end,
                        kind=row.kind, title=row.title, meeting_kind=row.meeting_kind,
                        template=row.id)


def ensure_day(branch_id: str, date: Date) -> None:
    """Make `date`'s blocks from the template once; later calls change nothing.
    A public holiday is recorded with its name and gets no blocks."""
    if ScheduleDay.select().where(
        (ScheduleDay.branch == branch_id) & (ScheduleDay.date == date)
    ).exists():
        return
    holiday = holiday_name(date) or ""
    with database.atomic():
        inserted = (
            ScheduleDay.insert(branch=branch_id, date=date, holiday_name=holiday)
            .on_conflict_ignore()
            .execute()
        )
        if not inserted:  # another copy made it between our check and our write
            return
        if not holiday:
            _make_blocks(branch_id, date)


def _template_blocks(branch_id: str, date: Date) -> list[Block]:
    """A day not made yet, as `ensure_day` would make it, without storing it (the
    store is read-only: the meeting-room screen, HQ)."""
    if holiday_name(date):
        return []
    rows = (ScheduleTemplate.select()
            .where((ScheduleTemplate.branch == branch_id)
                   & (ScheduleTemplate.weekday == date.weekday()))
            .order_by(ScheduleTemplate.start, ScheduleTemplate.end, ScheduleTemplate.title))
    return [Block(f"template-{row.id}", date, _as_time(row.start), _as_time(row.end), row.kind,
                  row.title, row.meeting_kind, "planned", True) for row in rows]


def day_blocks(branch_id: str, date: Date) -> list[Block]:
    """The date's blocks (made from the template if needed), cancelled ones left out."""
    if is_read_only() and not ScheduleDay.select().where(
            (ScheduleDay.branch == branch_id) & (ScheduleDay.date == date)).exists():
        return _template_blocks(branch_id, date)
    ensure_day(branch_id, date)
    rows = (
        DayBlock.select()
        .where((DayBlock.branch == branch_id) & (DayBlock.date == date)
               & (DayBlock.status != "cancelled"))
        .order_by(DayBlock.start, DayBlock.end, DayBlock.title)
    )
    return [_block(row) for row in rows]


def day(branch_id: str, date: Date) -> Day:
    blocks = day_blocks(branch_id, date)
    return Day(date, holiday_name(date), blocks)


def week_of(date: Date) -> Date:
    """The Monday of `date`'s week."""
    return date.subtract(days=date.weekday())


def week(branch_id: str, date: Date) -> list[Day]:
    """Monday to Sunday of `date`'s week."""
    monday = week_of(date)
    return [day(branch_id, monday.add(days=offset)) for offset in range(7)]


def get_block(block_id: str) -> Block | None:
    row = DayBlock.get_or_none(DayBlock.id == block_id)
    return _block(row) if row is not None else None


def add_block(branch_id: str, date: Date, data: BlockInput) -> str:
    """A block for one date only (the template is not touched)."""
    ensure_day(branch_id, date)
    with database.atomic():
        row = DayBlock.create(branch=branch_id, date=date, start=data.start, end=data.end,
                              kind=data.kind, title=data.title,
                              meeting_kind=data.meeting_kind, template=None)
    return row.id


def _day_row(block_id: str) -> DayBlock:
    row = DayBlock.get_or_none(DayBlock.id == block_id)
    if row is None:
        raise ScheduleError("today.error.gone")
    return row


def update_block(block_id: str, data: BlockInput) -> None:
    """Change one date's block; it no longer follows the template."""
    with database.atomic():
        row = _day_row(block_id)
        row.start, row.end = data.start, data.end
        row.kind, row.title, row.meeting_kind = data.kind, data.title, data.meeting_kind
        row.template = None  # edited by hand: lives on its own now
        row.save()


def move_block(block_id: str, minutes: int) -> Block:
    """Shift a block later (or earlier, negative) on its date, keeping its length."""
    with database.atomic():
        row = _day_row(block_id)
        start, end = _as_time(row.start), _as_time(row.end)
        first = start.hour * 60 + start.minute + minutes
        last = end.hour * 60 + end.minute + minutes
        if first < 0 or last > 24 * 60 - 1:
            raise ScheduleError("today.error.move_out")
        row.start = dt.time(first // 60, first % 60)
        row.end = dt.time(last // 60, last % 60)
        row.template = None  # moved by hand: lives on its own now
        row.save()
        return _block(row)


def delete_block(block_id: str) -> None:
    """Cancel the block on its date (kept, so meetings linked to it keep their link)."""
    with database.atomic():
        row = _day_row(block_id)
        row.status = "cancelled"
        row.save()


def set_status(block_id: str, status: str) -> str:
    """Mark done or skipped; the same mark again puts it back to planned. Returns the new status."""
    if status not in ("done", "skipped", "planned"):
        raise ScheduleError("today.error.status")
    with database.atomic():
        row = _day_row(block_id)
        row.status = "planned" if row.status == status else status
        row.save()
        return str(row.status)


# --- the weekly template ----------------------------------------------------------------------


def _template(row: ScheduleTemplate) -> TemplateBlock:
    return TemplateBlock(row.id, row.weekday, _as_time(row.start), _as_time(row.end), row.kind,
                         row.title, row.meeting_kind)


def template_blocks(branch_id: str, weekday: int) -> list[TemplateBlock]:
    rows = (
        ScheduleTemplate.select()
        .where((ScheduleTemplate.branch == branch_id) & (ScheduleTemplate.weekday == weekday))
        .order_by(ScheduleTemplate.start, ScheduleTemplate.end, ScheduleTemplate.title)
    )
    return [_template(row) for row in rows]


def _untouched_future_days(branch_id: str, weekday: int, today: Date) -> list[Date]:
    """Made days after `today` on `weekday` that nobody has edited: each block still
    follows its template row and is still planned."""
    dates: list[Date] = []
    days = ScheduleDay.select().where((ScheduleDay.branch == branch_id)
                                      & (ScheduleDay.date > today))
    for row in days:
        date: Date = row.date
        if date.weekday() != weekday or row.holiday_name:
            continue
        blocks = DayBlock.select().where((DayBlock.branch == branch_id)
                                         & (DayBlock.date == date))
        if all(b.template_id is not None and b.status == "planned" for b in blocks):
            dates.append(date)
    return dates


def _remake(branch_id: str, dates: list[Date]) -> None:
    for date in dates:
        DayBlock.delete().where((DayBlock.branch == branch_id)
                                & (DayBlock.date == date)).execute()
        _make_blocks(branch_id, date)


def _check_weekday(weekday: int) -> None:
    if not 0 <= weekday <= 6:
        raise ScheduleError("today.error.weekday")


def add_template_block(branch_id: str, weekday: int, data: BlockInput, today: Date) -> str:
    _check_weekday(weekday)
    with database.atomic():
        follow = _untouched_future_days(branch_id, weekday, today)
        row = ScheduleTemplate.create(branch=branch_id, weekday=weekday, start=data.start,
                                      end=data.end, kind=data.kind, title=data.title,
                                      meeting_kind=data.meeting_kind)
        _remake(branch_id, follow)
    return row.id


def _template_row(template_id: str) -> ScheduleTemplate:
    row = ScheduleTemplate.get_or_none(ScheduleTemplate.id == template_id)
    if row is None:
        raise ScheduleError("today.error.gone")
    return row


def update_template_block(template_id: str, data: BlockInput, today: Date) -> None:
    with database.atomic():
        row = _template_row(template_id)
        follow = _untouched_future_days(row.branch_id, row.weekday, today)
        row.start, row.end = data.start, data.end
        row.kind, row.title, row.meeting_kind = data.kind, data.title, data.meeting_kind
        row.save()
        _remake(row.branch_id, follow)


def delete_template_block(template_id: str, today: Date) -> None:
    with database.atomic():
        row = _template_row(template_id)
        branch_id, weekday = row.branch_id, row.weekday
        follow = _untouched_future_days(branch_id, weekday, today)
        # Clear the days first: deleting the row would unlink their blocks from it.
        DayBlock.delete().where((DayBlock.branch == branch_id)
                                & DayBlock.date.in_(follow)).execute()
        row.delete_instance()
        for date in follow:
            _make_blocks(branch_id, date)


# --- where "now" falls ----------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where `now` falls in the day: the block running, and the next one to start."""

    current: Block | None
    following: Block | None


def position(blocks: list[Block], now: DateTime) -> Position:
    clock_time = dt.time(now.hour, now.minute, now.second)
    current = next((b for b in blocks if b.start <= clock_time < b.end), None)
    following = next((b for b in blocks if b.start > clock_time), None)
    return Position(current, following)


def gaps(blocks: list[Block], minimum_minutes: int = 15) -> Iterator[tuple[dt.time, dt.time]]:
    """Free stretches of at least `minimum_minutes` between the day's blocks."""
    latest: dt.time | None = None
    for block in blocks:
        if latest is not None and block.start > latest:
            free = (block.start.hour * 60 + block.start.minute) - (latest.hour * 60
                                                                   + latest.minute)
            if free >= minimum_minutes:
                yield latest, block.start
        if latest is None or block.end > latest:
            latest = block.end
