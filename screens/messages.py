"""The clock's events as Textual messages, posted by the app to the screen in view."""

from __future__ import annotations

from pendulum import Date, DateTime
from textual.message import Message


class ClockTick(Message):
    """A second passed (the header clock only)."""

    def __init__(self, now: DateTime) -> None:
        super().__init__()
        self.now = now


class MinuteChanged(Message):
    def __init__(self, now: DateTime) -> None:
        super().__init__()
        self.now = now


class DayChanged(Message):
    """Local midnight passed (or the laptop woke on another day)."""

    def __init__(self, previous: Date, today: Date, now: DateTime) -> None:
        super().__init__()
        self.previous = previous
        self.today = today
        self.now = now


class WallClockJumped(Message):
    """The wall clock moved more than elapsed time: sleep/wake or a clock change."""

    def __init__(self, seconds: float, now: DateTime) -> None:
        super().__init__()
        self.seconds = seconds
        self.now = now


class DataChanged(Message):
    """Another copy of the app changed the database: redraw from the store."""
