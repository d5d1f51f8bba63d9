"""The day's schedule: blocks made from the weekly template, and where "now" falls.

A date's blocks are made from its weekday's template the first time the date
is needed; from then on they live on their own (editing one date never touches
the template, and editing the template never rewrites a made day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pendulum import Date, DateTime

from branchdash.data.models import DayBlock, ScheduleDay, ScheduleTemplate, database


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

    def start_on(self, moment: DateTime) -> DateTime:
        return moment.replace(hour=self.start.hour, minute=self.start.minute, second=0,
                              microsecond=0)

    def end_on(self, moment: DateTime) -> DateTime:
        return moment.replace(hour=self.end.hour, minute=self.end.minute, second=0,
                              microsecond=0)


def ensure_day(branch_id: str, date: Date) -> None:
    """Make `date`'s blocks from the template once; later calls change nothing."""
    if ScheduleDay.select().where(
        (ScheduleDay.branch == branch_id) & (ScheduleDay.date == date)
    ).exists():
        return
    with database.atomic():
        inserted = (
            ScheduleDay.insert(branch=branch_id, date=date)
            .on_conflict_ignore()
            .execute()
        )
        if not inserted:  # another copy made it between our check and our write
            return
        template = ScheduleTemplate.select().where(
            (ScheduleTemplate.branch == branch_id)
            & (ScheduleTemplate.weekday == date.weekday())
        )
        for row in template:
            DayBlock.create(branch=branch_id, date=date, start=row.start, end=row.end,
                            kind=row.kind, title=row.title, meeting_kind=row.meeting_kind,
                            template=row.id)


def _as_time(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def day_blocks(branch_id: str, date: Date) -> list[Block]:
    ensure_day(branch_id, date)
    rows = (
        DayBlock.select()
        .where((DayBlock.branch == branch_id) & (DayBlock.date == date)
               & (DayBlock.status != "cancelled"))
        .order_by(DayBlock.start, DayBlock.end, DayBlock.title)
    )
    return [
        Block(row.id, date, _as_time(row.start), _as_time(row.end), row.kind, row.title,
              row.meeting_kind, row.status)
        for row in rows
    ]


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
