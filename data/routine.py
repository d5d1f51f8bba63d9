"""The branch's default weekly routine, as plain data.

Monday to Friday the manager's day runs from arriving at 08:00 to preparing
tomorrow until 20:00; Saturday is a short day (morning meeting and training);
Sunday has nothing. `seed_template` writes this routine as `ScheduleTemplate`
rows for a branch; the day's blocks are later made from those rows.

Titles are i18n catalog keys with a leading "@" (the UI translates a title
that starts with "@"; a title the user typed is free text).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from branchdash.clock import utc_now

from .models import BLOCK_KINDS, MEETING_KINDS, Branch, ScheduleTemplate

MONDAY_TO_FRIDAY: tuple[int, ...] = (0, 1, 2, 3, 4)
MONDAY_TO_SATURDAY: tuple[int, ...] = (0, 1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RoutineBlock:
    """One block of the weekly routine, on each of `weekdays` (0 is Monday)."""

    weekdays: tuple[int, ...]
    start: dt.time
    end: dt.time
    kind: str
    title: str
    meeting_kind: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.meeting_kind is not None and self.meeting_kind not in MEETING_KINDS:
            raise ValueError(f"unknown meeting kind {self.meeting_kind!r}")
        if (self.meeting_kind is not None) != (self.kind == "meeting"):
            raise ValueError("a meeting block, and only a meeting block, has a meeting kind")
        if not self.start < self.end:
            raise ValueError(f"{self.title}: start {self.start} is not before end {self.end}")
        if not self.weekdays or any(not 0 <= day <= 6 for day in self.weekdays):
            raise ValueError(f"{self.title}: weekdays must be 0 (Monday) to 6 (Sunday)")


def _t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


DEFAULT_ROUTINE: tuple[RoutineBlock, ...] = (
    RoutineBlock(MONDAY_TO_FRIDAY, _t("08:00"), _t("08:30"), "prep", "@routine.arrive"),
    RoutineBlock(MONDAY_TO_SATURDAY, _t("08:30"), _t("09:00"), "meeting",
                 "@routine.morning_meeting", "morning"),
    RoutineBlock(MONDAY_TO_SATURDAY, _t("09:30"), _t("11:30"), "training", "@routine.training"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("13:00"), _t("14:30"), "directives",
                 "@routine.directives"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("14:30"), _t("17:30"), "promotion", "@routine.promotion"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("17:30"), _t("18:00"), "prep", "@routine.evening_prep"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("18:00"), _t("19:00"), "meeting",
                 "@routine.evening_meeting", "evening"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("19:00"), _t("19:40"), "meeting",
                 "@routine.strategy_meeting", "strategy"),
    RoutineBlock(MONDAY_TO_FRIDAY, _t("19:40"), _t("20:00"), "prep", "@routine.tomorrow_prep"),
)


def blocks_for_weekday(weekday: int,
                       routine: Iterable[RoutineBlock] = DEFAULT_ROUTINE
                       ) -> tuple[RoutineBlock, ...]:
    """The routine's blocks on `weekday` (0 is Monday), in order of start."""
    return tuple(sorted((block for block in routine if weekday in block.weekdays),
                        key=lambda block: (block.start, block.end)))


def template_rows(branch_id: str, routine: Iterable[RoutineBlock] = DEFAULT_ROUTINE
                  ) -> list[dict[str, object]]:
    """One `ScheduleTemplate` row (without id and stamps) per block and weekday,
    by weekday then start."""
    rows: list[dict[str, object]] = []
    routine = tuple(routine)
    for weekday in range(7):
        for block in blocks_for_weekday(weekday, routine):
            rows.append({
                "branch": branch_id,
                "weekday": weekday,
                "start": block.start,
                "end": block.end,
                "kind": block.kind,
                "title": block.title,
                "meeting_kind": block.meeting_kind,
            })
    return rows


def seed_template(branch: Branch | str, *,
                  routine: Iterable[RoutineBlock] = DEFAULT_ROUTINE,
                  new_id: Callable[[], str] | None = None,
                  stamp: dt.datetime | None = None) -> int:
    """Write the weekly routine as `ScheduleTemplate` rows for `branch`; returns
    the number of rows written.

    Refuses (ValueError) a branch that already has a routine, so that a user's
    edited routine is never doubled or overwritten. `new_id` and `stamp` (an
    aware instant) let a caller make the rows reproducible; by default ids are
    random and the stamp is the clock's now.
    """
    branch_id = branch.id if isinstance(branch, Branch) else str(branch)
    if ScheduleTemplate.select().where(ScheduleTemplate.branch == branch_id).exists():
        raise ValueError(f"branch {branch_id} already has a weekly routine; not seeding it again")
    make_id = new_id or (lambda: uuid.uuid4().hex)
    when = stamp or utc_now()
    rows = template_rows(branch_id, routine)
    for row in rows:
        row["id"] = make_id()
        row["created_at"] = when
        row["updated_at"] = when
    if rows:
        ScheduleTemplate.insert_many(rows).execute()
    return len(rows)
