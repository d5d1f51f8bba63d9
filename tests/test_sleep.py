"""Sleep: the laptop's lid closed overnight, or the process stopped, then woken.

The real app runs in a pseudo-terminal (its screen read with pyte) on a clock that
the test moves through a file (`BRANCHDASH_TEST_CLOCK`, see
`branchdash.clock.FileClock`). The test stops the process (SIGSTOP), moves its
clock hours ahead across midnight, lets it go on (SIGCONT) and presses a key: the
answer must come at once (the issue's figure is 1 s; the assertion is looser, for
busy CI machines) and show the new day. Two kinds of waking: a wall-clock jump with
the monotonic clock standing still (sleep), and both clocks moved together (a
process stopped that long). One more test holds a defect found on the way: after an
outside SIGSTOP/SIGCONT, Textual's driver started a second keyboard reader and one
ctrl+q no longer ended the app (screens/driver.py).

A Pilot test covers the jump with the FakeClock, on a screen other than Today.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pendulum
import pyte
import pytest

from branchdash.app import BranchDashApp
from branchdash.clock import (
    TEST_CLOCK_ENV,
    ClockWatcher,
    DayChanged,
    FakeClock,
    FileClock,
    SystemClock,
    WallClockJumped,
    system_clock,
)
from branchdash.data.branches import create_branch
from branchdash.screens.today import TodayScreen
from tests.tools.pty_app import AppInPty

SEOUL = "Asia/Seoul"
ROWS, COLUMNS = 30, 100
ANSWER_BOUND_SECONDS = 5.0  # the assertion; the figure printed is what counts (goal: < 1 s)
MONDAY_NIGHT = pendulum.datetime(2026, 11, 30, 23, 40, tz=SEOUL)  # the app starts then
LID_CLOSED_HOURS = 9.5  # to Tuesday 09:10
STOPPED_HOURS = 15.0  # then stopped (SIGSTOP) till Wednesday 00:10


class ScreenInPty(AppInPty):
    """branchdash in a pseudo-terminal on a test's clock; what it draws is kept on a
    pyte screen."""

    def __init__(self, db_path: Path, home: Path, clock_file: Path) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.lock = threading.Lock()
        super().__init__(db_path, home, rows=ROWS, columns=COLUMNS,
                         env={TEST_CLOCK_ENV: str(clock_file)}, args=["--timezone", SEOUL])

    def received(self, chunk: bytes) -> None:
        with self.lock:
            self.stream.feed(chunk)

    def lines(self) -> list[str]:
        with self.lock:
            return list(self.screen.display)

    def wait_until(self, test: object, what: str, timeout: float = 30.0) -> float:
        """Wait until `test(lines)` holds; returns the monotonic time it was seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if test(self.lines()):  # type: ignore[operator]
                return time.monotonic()
            if self.process.poll() is not None:
                break
            time.sleep(0.005)
        shown = "\n".join(self.lines())
        raise AssertionError(f"never saw {what}; exit={self.process.poll()}; screen:\n{shown}")

    def press(self, key: str) -> float:
        os.write(self.master, key.encode())
        return time.monotonic()

    def quit(self, timeout: float = 5.0) -> bool:
        """Press ctrl+q; whether the app was gone within `timeout` seconds."""
        os.write(self.master, b"\x11")
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return False
        return True

    def close(self) -> None:
        """Quit, however it goes (the test has its answer by now)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case the test failed while stopped
            if not self.quit(timeout=3.0):
                self.process.kill()
                self.process.wait()
        try:
            os.close(self.master)
        except OSError:
            pass


class ClockFile:
    """The file the app's `FileClock` reads: how far its wall and monotonic clocks are
    moved from the real ones. Written whole (a rename): never read half-written."""

    def __init__(self, path: Path, start: pendulum.DateTime) -> None:
        self.path = path
        self.wall = (start - SystemClock(SEOUL).now()).total_seconds()
        self.monotonic = 0.0
        self._write()

    def _write(self) -> None:
        partial = self.path.with_suffix(".new")
        partial.write_text(f"{self.wall} {self.monotonic}\n", encoding="utf-8")
        partial.replace(self.path)

    def lid_closed(self, seconds: float) -> None:
        """A laptop asleep: the wall clock moves on, the monotonic clock stood still."""
        self.wall += seconds
        self._write()

    def time_went_by(self, seconds: float) -> None:
        """A process stopped that long: both clocks moved on."""
        self.wall += seconds
        self.monotonic += seconds
        self._write()


def header(lines: list[str]) -> str:
    return lines[0]


def day_title(lines: list[str]) -> str:
    return lines[1]


def switch_to_today(app: ScreenInPty) -> float:
    """Press 1 on the Partners screen; seconds until Today is on the screen."""
    pressed = app.press("1")
    return app.wait_until(lambda lines: "· Today" in header(lines), "Today after 1") - pressed


def go_to_partners(app: ScreenInPty) -> None:
    app.press("2")
    app.wait_until(lambda lines: "· Partners" in header(lines), "the Partners screen")
    time.sleep(0.3)


def wake(app: ScreenInPty, move: Callable[[float], None], hours: float
         ) -> tuple[float, float]:
    """Stop the process, move its clock by `hours` (with `move`), let it go on and press
    1 at once: returns the seconds until the key's answer (Today) is on the screen, and
    when the key was pressed."""
    app.process.send_signal(signal.SIGSTOP)
    time.sleep(0.3)
    move(hours * 3600)
    app.process.send_signal(signal.SIGCONT)
    pressed = time.monotonic()
    return switch_to_today(app), pressed


def shows_day(app: ScreenInPty, day: str, stale: str, since: float) -> float:
    """Wait until Today shows `day` in its title and the header, and its agenda panel
    (filled after the timeline) is today's, not the `stale` day's; returns the seconds
    from `since`. (A notice of what was missed while away may name the stale day.)"""
    def right(lines: list[str]) -> bool:
        return (day in day_title(lines) and day in header(lines)
                and "not today" not in day_title(lines) and stale not in day_title(lines)
                and "Today's agenda" in day_title(lines))

    return app.wait_until(right, f"{day} wholly on Today", timeout=10) - since


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_after_sigstop_and_clock_jump_a_key_answers_with_the_new_day(
        branch_file: Path, tmp_path: Path) -> None:
    clock = ClockFile(tmp_path / "clock", MONDAY_NIGHT)
    app = ScreenInPty(branch_file, tmp_path, clock.path)
    try:
        app.wait_until(lambda lines: "Mon 30 Nov 2026" in day_title(lines), "Monday's Today")
        # The same key with no sleep, for comparison: a screen switch's own cost.
        go_to_partners(app)
        usual = switch_to_today(app)
        # Away from Today when the lid closes: Today is hidden, and must not come back
        # with the day before.
        go_to_partners(app)
        after_sleep, pressed = wake(app, clock.lid_closed, LID_CLOSED_HOURS)
        day_after_sleep = shows_day(app, "Tue 1 Dec 2026", "Mon 30 Nov", pressed)

        go_to_partners(app)
        after_stop, pressed = wake(app, clock.time_went_by, STOPPED_HOURS)
        day_after_stop = shows_day(app, "Wed 2 Dec 2026", "Tue 1 Dec", pressed)
        print(f"\nsleep: key 1 (Partners -> Today) answered in {after_sleep * 1000:.0f} ms "
              f"(the new day wholly shown at {day_after_sleep * 1000:.0f} ms) after the lid "
              f"closed {LID_CLOSED_HOURS} h over midnight; in {after_stop * 1000:.0f} ms "
              f"({day_after_stop * 1000:.0f} ms) after SIGSTOP/SIGCONT with "
              f"{STOPPED_HOURS} h gone by; the same key with no sleep: {usual * 1000:.0f} ms")
        assert after_sleep < ANSWER_BOUND_SECONDS
        assert after_stop < ANSWER_BOUND_SECONDS
    finally:
        app.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_one_ctrl_q_quits_after_sigstop_and_sigcont(branch_file: Path, tmp_path: Path) -> None:
    clock = ClockFile(tmp_path / "clock", MONDAY_NIGHT)
    app = ScreenInPty(branch_file, tmp_path, clock.path)
    try:
        app.wait_until(lambda lines: "Mon 30 Nov 2026" in day_title(lines), "Monday's Today")
        for _ in range(3):  # each SIGCONT adds a reader: the hang becomes near certain
            app.process.send_signal(signal.SIGSTOP)
            time.sleep(0.1)
            app.process.send_signal(signal.SIGCONT)
            time.sleep(0.1)
        go_to_partners(app)
        switch_to_today(app)
        time.sleep(0.3)
        assert app.quit(timeout=3.0), "one ctrl+q did not end the app within 3 s"
        assert app.process.returncode == 0
    finally:
        app.close()


# --- the same with the FakeClock, under Pilot --------------------------------------------


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("테스트지점", "T1").id


async def test_jump_while_on_another_screen_brings_the_new_day(branch: str,
                                                               clock: FakeClock) -> None:
    clock.set(MONDAY_NIGHT)
    app = BranchDashApp(clock)
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        clock.jump(hours=LID_CLOSED_HOURS)  # closed on the Partners screen till morning
        app.poll_clock()
        await pilot.pause()
        header_text = str(app.screen.query_one("#header-clock").render())
        assert "Tue 1 Dec 2026" in header_text  # the screen in view shows the new day
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.shown_date == pendulum.date(2026, 12, 1)
        title = str(screen.query_one("#day-title").render())
        assert "Tue 1 Dec 2026" in title and "not today" not in title


# --- the test clock itself ------------------------------------------------------------------


def test_file_clock_moves_as_the_file_says(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    file = ClockFile(tmp_path / "clock", MONDAY_NIGHT)
    monkeypatch.setenv(TEST_CLOCK_ENV, str(file.path))
    clock = system_clock(SEOUL)
    assert isinstance(clock, FileClock)
    first, mono = clock.now(), clock.monotonic()
    assert first.timezone_name == SEOUL
    assert MONDAY_NIGHT <= first < MONDAY_NIGHT.add(seconds=5)
    watcher = ClockWatcher(clock)

    file.lid_closed(LID_CLOSED_HOURS * 3600)
    events = {type(event) for event in watcher.poll()}
    assert first.add(hours=9, minutes=30) <= clock.now() < first.add(hours=9, minutes=31)
    assert clock.monotonic() - mono < 5
    assert {WallClockJumped, DayChanged} <= events

    file.time_went_by(STOPPED_HOURS * 3600)
    events = {type(event) for event in watcher.poll()}
    assert clock.monotonic() - mono >= STOPPED_HOURS * 3600
    assert clock.now().date() == pendulum.date(2026, 12, 2)
    assert DayChanged in events and WallClockJumped not in events


def test_without_the_variable_the_clock_is_the_systems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_CLOCK_ENV, raising=False)
    assert type(system_clock(SEOUL)) is SystemClock
