"""Reminders as Textual notifications, whichever screen is in view.

The app calls `poll(events, now)` from its clock poll; the store is asked only
when a minute turned, the day changed or the clock jumped (and once at start),
never each second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pendulum import DateTime

from branchdash import reminders
from branchdash.clock import ClockEvent, Tick
from branchdash.i18n import format_duration, format_short_date, t, title

from ..registry import SCREENS

if TYPE_CHECKING:
    from branchdash.app import BranchDashApp

REMINDER_SECONDS = 60  # a reminder stays a minute on screen
MEETING_SECONDS = 120
SUMMARY_SECONDS = 120
SUMMARY_LINES = 6


class ReminderNotifier:
    def __init__(self, app: BranchDashApp) -> None:
        self.app = app
        self.since: DateTime | None = None  # the previous check; None before the first

    def poll(self, events: Sequence[ClockEvent], now: DateTime) -> None:
        if self.since is None or any(not isinstance(event, Tick) for event in events):
            self.check(now)

    def check(self, now: DateTime) -> reminders.Check:
        result = reminders.check(self.app.branch.id, self.since, now)
        self.since = now
        for reminder in result.due:
            self._show(reminder, now)
        if result.missed_blocks:
            self._summary(result)
        if (result.due or result.missed) and reminders.load_settings().bell:
            self.app.bell()
        return result

    def _show(self, reminder: reminders.Reminder, now: DateTime) -> None:
        block = reminder.block
        name = title(block.title)
        when = f"{block.start:%H:%M}–{block.end:%H:%M}"
        if reminder.kind == reminders.START:
            self.app.notify(
                t("today.reminder.meeting_started", title=name, time=when)
                + "\n" + self._open_hint(),
                title=t("today.reminder.title_started"), timeout=MEETING_SECONDS,
                markup=False,
            )
            return
        self.app.notify(
            t("today.reminder.soon", title=name, time=when,
              duration=format_duration(reminder.minutes_to_start(now))),
            title=t("today.reminder.title_soon"), timeout=REMINDER_SECONDS, markup=False,
        )

    def _open_hint(self) -> str:
        # With the Meetings screen, its key opens the meeting running now.
        entry = next((e for e in SCREENS if e.mode == "meetings"), None)
        if entry is not None and "meetings" in getattr(self.app, "_modes", {}):
            return t("today.reminder.open_hint_meetings", key=entry.key)
        return t("today.reminder.open_hint")

    def _summary(self, result: reminders.Check) -> None:
        blocks = result.missed_blocks
        lines = []
        today = self.since.date() if self.since else None
        for block in blocks[:SUMMARY_LINES]:
            day = "" if block.date == today else f"{format_short_date(block.date)} "
            lines.append(f"· {day}{block.start:%H:%M} {title(block.title)}")
        if len(blocks) > SUMMARY_LINES:
            lines.append(t("today.reminder.more", count=len(blocks) - SUMMARY_LINES))
        self.app.notify(
            t("today.reminder.missed", count=len(blocks)) + "\n" + "\n".join(lines),
            title=t("today.reminder.title_missed"), severity="warning",
            timeout=SUMMARY_SECONDS, markup=False,
        )
