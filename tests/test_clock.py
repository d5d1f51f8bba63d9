"""The clock service: fake time, minute and day changes, wall-clock jumps."""

from __future__ import annotations

import ast
from pathlib import Path

import pendulum

from branchdash.clock import (
    ClockWatcher,
    DayChanged,
    FakeClock,
    MinuteChanged,
    SystemClock,
    Tick,
    WallClockJumped,
    today,
    use_clock,
    utc_now,
)

ROOT = Path(__file__).resolve().parent.parent


def kinds(events: list[object]) -> list[type]:
    return [type(e) for e in events]


def test_fake_clock_sets_and_advances() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 8, 0, tz="Asia/Seoul"))
    assert clock.timezone == "Asia/Seoul"
    clock.advance(minutes=90)
    assert clock.now() == pendulum.datetime(2026, 11, 28, 9, 30, tz="Asia/Seoul")
    assert clock.monotonic() == 1000.0 + 5400


def test_active_clock_drives_utc_now_and_today() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 8, 0, tz="Asia/Seoul"))
    use_clock(clock)
    try:
        assert utc_now() == pendulum.datetime(2026, 11, 27, 23, 0, tz="UTC")
        assert today() == pendulum.date(2026, 11, 28)  # local date, not UTC's
    finally:
        use_clock(SystemClock())


def test_seconds_tick_without_minute_change() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 8, 0, 10, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.advance(1)
    assert kinds(watcher.poll()) == [Tick]


def test_minute_change() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 8, 0, 59, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.advance(1)
    events = watcher.poll()
    assert kinds(events) == [Tick, MinuteChanged]
    assert events[1].now.minute == 1


def test_midnight_gives_one_day_change() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 23, 59, 59, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.advance(1)
    events = watcher.poll()
    changes = [e for e in events if isinstance(e, DayChanged)]
    assert len(changes) == 1
    assert changes[0].previous == pendulum.date(2026, 11, 28)
    assert changes[0].today == pendulum.date(2026, 11, 29)
    assert not any(isinstance(e, WallClockJumped) for e in events)
    clock.advance(1)
    assert not any(isinstance(e, DayChanged) for e in watcher.poll())


def test_midnight_is_local_not_utc() -> None:
    # 00:00 in Seoul is 15:00 UTC the day before: the day changes at the local midnight.
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 8, 59, 59, tz="UTC"), timezone="Asia/Seoul")
    watcher = ClockWatcher(clock)
    clock.advance(1)
    assert not any(isinstance(e, DayChanged) for e in watcher.poll())
    clock.set(pendulum.datetime(2026, 11, 28, 15, 0, 0, tz="UTC"))
    assert any(isinstance(e, DayChanged) for e in watcher.poll())


def test_sleep_and_wake_is_a_jump() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 18, 0, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.jump(hours=15)  # the lid was closed overnight: monotonic time stood still
    events = watcher.poll()
    jumps = [e for e in events if isinstance(e, WallClockJumped)]
    assert len(jumps) == 1 and jumps[0].seconds == 15 * 3600
    assert any(isinstance(e, DayChanged) for e in events)


def test_clock_set_back_is_a_jump() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 18, 0, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.jump(minutes=-10)
    assert any(isinstance(e, WallClockJumped) and e.seconds < 0 for e in watcher.poll())


def test_small_drift_is_not_a_jump() -> None:
    clock = FakeClock(pendulum.datetime(2026, 11, 28, 18, 0, tz="Asia/Seoul"))
    watcher = ClockWatcher(clock)
    clock.advance(1)
    clock.jump(2)  # a slow timer or an NTP slew
    assert not any(isinstance(e, WallClockJumped) for e in watcher.poll())


def test_system_clock_is_aware_in_its_zone() -> None:
    clock = SystemClock("Asia/Seoul")
    assert clock.now().timezone_name == "Asia/Seoul"


FORBIDDEN_NOW = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"),
                 ("pendulum", "now"), ("pendulum", "today"), ("time", "time")}


def test_nothing_but_the_clock_asks_the_time() -> None:
    """No module outside branchdash/clock.py reads the wall clock."""
    offenders: list[str] = []
    for folder in ("branchdash", "screens", "data"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "branchdash" / "clock.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Attribute):
                    continue
                value = node.value
                owner = value.id if isinstance(value, ast.Name) else getattr(value, "attr", "")
                if (owner, node.attr) in FORBIDDEN_NOW:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    offenders.append(f"{where} {owner}.{node.attr}")
    assert offenders == []
