"""The one source of "now".

Everything that needs the time asks a `Clock`. The app is handed one; tests
hand it a `FakeClock` and move it. `ClockWatcher` turns successive readings
into the events the app cares about: a second's tick, a minute change, a day
change at local midnight, and a jump of the wall clock (sleep/wake, a clock
change) — detected as the wall clock moving more than the monotonic clock.

No Textual here: the app turns these events into messages.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pendulum
from pendulum import Date, DateTime

# Wall time may drift from monotonic time by a little between two readings
# (scheduling, NTP slew); more than this is a jump.
JUMP_THRESHOLD_SECONDS = 5.0


def local_timezone_name() -> str:
    """The machine's zone name, e.g. "Asia/Seoul"; "UTC" when it cannot be told."""
    try:
        return pendulum.local_timezone().name
    except Exception:  # an unusual /etc/localtime: fall back rather than crash at start
        return "UTC"


class Clock(Protocol):
    timezone: str

    def now(self) -> DateTime:
        """Aware local time in the branch's zone."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps (for measuring elapsed time)."""
        ...


class SystemClock:
    """The real clock, in the branch's timezone (default: the machine's)."""

    def __init__(self, timezone: str | None = None) -> None:
        self.timezone = timezone or local_timezone_name()

    def now(self) -> DateTime:
        return pendulum.now(self.timezone)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock tests set and move. `advance` moves wall and monotonic time
    together; `jump` moves only the wall clock, as a laptop waking from sleep."""

    def __init__(self, start: DateTime, timezone: str | None = None) -> None:
        self.timezone = timezone or start.timezone_name or "UTC"
        self._now = start.in_timezone(self.timezone)
        self._monotonic = 1000.0

    def now(self) -> DateTime:
        return self._now

    def monotonic(self) -> float:
        return self._monotonic

    def set(self, moment: DateTime) -> None:
        """Put the wall clock at `moment`, as time passing normally to it."""
        delta = (moment - self._now).total_seconds()
        self._now = moment.in_timezone(self.timezone)
        self._monotonic += max(delta, 0.0)

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> None:
        total = seconds + minutes * 60 + hours * 3600
        self._now = self._now.add(seconds=total)
        self._monotonic += total

    def jump(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> None:
        total = seconds + minutes * 60 + hours * 3600
        self._now = self._now.add(seconds=total)


# --- a clock a test moves from outside the process ----------------------------------

# Test-only: the real app (in a pseudo-terminal, say) on a clock that a test sets by
# writing a file, so that it can jump while the process is stopped. Not a user option:
# it is no flag and is named in no help text.
TEST_CLOCK_ENV = "BRANCHDASH_TEST_CLOCK"


class FileClock(SystemClock):
    """The system's clocks moved by the seconds a test's file says.

    The file holds two numbers: seconds to add to the wall clock, and seconds to add
    to the monotonic clock (`34200 0`). The test starts the app at the time it wants
    (wall offset: that time minus the real time) and moves the clocks by rewriting
    the file, which is read again when it changes (a stat per reading). A wall move
    alone is a laptop waking from sleep (the monotonic clock stood still); both moved
    by the same amount are time going by while the process was stopped (SIGSTOP).
    """

    def __init__(self, path: Path, timezone: str | None = None) -> None:
        super().__init__(timezone)
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        self._wall_offset = self._monotonic_offset = 0.0
        self._read()

    def _read(self) -> None:
        info = self.path.stat()
        seen = (info.st_ino, info.st_mtime_ns, info.st_size)
        if seen == self._seen:
            return
        fields = [float(field) for field in self.path.read_text(encoding="utf-8").split()]
        self._wall_offset = fields[0]
        self._monotonic_offset = fields[1] if len(fields) > 1 else 0.0
        self._seen = seen

    def now(self) -> DateTime:
        self._read()
        return super().now().add(microseconds=int(self._wall_offset * 1_000_000))

    def monotonic(self) -> float:
        self._read()
        return super().monotonic() + self._monotonic_offset


def system_clock(timezone: str | None = None) -> Clock:
    """The clock of a real run: the system's, or a test's file (`TEST_CLOCK_ENV`)."""
    path = os.environ.get(TEST_CLOCK_ENV)
    return FileClock(Path(path), timezone) if path else SystemClock(timezone)


# --- the clock in use --------------------------------------------------------------

_active: Clock = SystemClock()


def use_clock(clock: Clock) -> None:
    """Make `clock` the one the store stamps rows with (the CLI and tests call this)."""
    global _active
    _active = clock


def active_clock() -> Clock:
    return _active


def utc_now() -> DateTime:
    return _active.now().in_timezone("UTC")


def today() -> Date:
    return _active.now().date()


# --- events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    now: DateTime


@dataclass(frozen=True)
class MinuteChanged:
    now: DateTime


@dataclass(frozen=True)
class DayChanged:
    previous: Date
    today: Date
    now: DateTime


@dataclass(frozen=True)
class WallClockJumped:
    seconds: float  # how far the wall clock moved beyond elapsed monotonic time
    now: DateTime


ClockEvent = Tick | MinuteChanged | DayChanged | WallClockJumped


class ClockWatcher:
    """Reads a clock each time it is polled and says what changed since."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._last_wall = clock.now()
        self._last_mono = clock.monotonic()

    def poll(self) -> list[ClockEvent]:
        now = self.clock.now()
        mono = self.clock.monotonic()
        events: list[ClockEvent] = [Tick(now)]
        wall_elapsed = (now - self._last_wall).total_seconds()
        mono_elapsed = mono - self._last_mono
        drift = wall_elapsed - mono_elapsed
        if abs(drift) > JUMP_THRESHOLD_SECONDS:
            events.append(WallClockJumped(drift, now))
        if now.date() != self._last_wall.date():
            events.append(DayChanged(self._last_wall.date(), now.date(), now))
        if now.replace(second=0, microsecond=0) != self._last_wall.replace(
            second=0, microsecond=0
        ):
            events.append(MinuteChanged(now))
        self._last_wall = now
        self._last_mono = mono
        return events
