"""Reminder rules with the fake clock: the right minute, once, and one catch-up after a jump."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from branchdash import reminders, schedule
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.reminders import BEFORE, START, ReminderSettingError

SEOUL = "Asia/Seoul"


def at(hour: int, minute: int, day: int = 30, month: int = 11) -> pendulum.DateTime:
    return pendulum.datetime(2026, month, day, hour, minute, tz=SEOUL)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def fired_keys(check: reminders.Check) -> list[tuple[str, str]]:
    return [(f"{r.block.start:%H:%M}", r.kind) for r in check.due]


def run_minutes(branch: str, start: pendulum.DateTime, end: pendulum.DateTime
                ) -> dict[str, list[tuple[str, str]]]:
    """Check each minute from `start` to `end` as the app does; what fired when."""
    fired: dict[str, list[tuple[str, str]]] = {}
    since = start
    moment = start.add(minutes=1)
    while moment <= end:
        result = reminders.check(branch, since, moment)
        assert result.missed == []
        if result.due:
            fired[moment.format("HH:mm")] = fired_keys(result)
        since = moment
        moment = moment.add(minutes=1)
    return fired


def test_each_reminder_fires_once_at_its_minute(branch: str) -> None:
    fired = run_minutes(branch, at(12, 30), at(19, 5))
    assert fired == {
        "12:50": [("13:00", BEFORE)],
        "14:20": [("14:30", BEFORE)],
        "17:20": [("17:30", BEFORE)],
        "17:50": [("18:00", BEFORE)],
        "18:00": [("18:00", START)],
        "18:50": [("19:00", BEFORE)],
        "19:00": [("19:00", START)],
    }


def test_a_restart_does_not_repeat(branch: str) -> None:
    first = reminders.check(branch, at(12, 49), at(12, 50))
    assert fired_keys(first) == [("13:00", BEFORE)]
    # the app restarts at 12:52: the 13:00 reminder was shown already
    assert reminders.check(branch, None, at(12, 52)).due == []


def test_start_up_shows_what_is_still_ahead_and_reports_nothing_old(branch: str) -> None:
    result = reminders.check(branch, None, at(12, 55))
    assert fired_keys(result) == [("13:00", BEFORE)]
    assert result.missed == []


def test_clock_set_back_fires_nothing_twice(branch: str) -> None:
    before = run_minutes(branch, at(12, 30), at(14, 25))
    assert before == {"12:50": [("13:00", BEFORE)], "14:20": [("14:30", BEFORE)]}
    # the clock is set back an hour and runs forward again over the same minutes
    assert reminders.check(branch, at(14, 25), at(13, 25)).due == []
    assert run_minutes(branch, at(13, 25), at(14, 30)) == {}


def test_a_jump_gives_one_summary_not_a_storm(branch: str) -> None:
    schedule.day_blocks(branch, pendulum.date(2026, 11, 30))
    run_minutes(branch, at(17, 55), at(18, 0))  # the evening meeting's reminders fired
    # the lid closes at 18:00 and opens at 09:00 the next day
    result = reminders.check(branch, at(18, 0), at(9, 0, day=1, month=12))
    assert result.due == []  # nothing is still ahead: 09:20 is the next one
    missed = [(f"{b.date.day} {b.start:%H:%M}") for b in result.missed_blocks]
    assert missed == ["30 19:00", "30 19:40", "1 08:00", "1 08:30"]
    # and none of them ever comes back
    assert reminders.check(branch, at(9, 0, day=1, month=12), at(9, 1, day=1, month=12)
                           ).missed == []
    assert run_minutes(branch, at(9, 1, day=1, month=12), at(9, 25, day=1, month=12)) == {
        "09:20": [("09:30", BEFORE)]}


def test_a_jump_into_a_meeting_still_says_it_started(branch: str) -> None:
    result = reminders.check(branch, at(17, 0), at(18, 10))
    assert fired_keys(result) == [("18:00", START)]
    assert [f"{b.start:%H:%M}" for b in result.missed_blocks] == ["17:30"]


def test_minutes_per_kind_and_off(branch: str) -> None:
    settings = reminders.load_settings()
    assert settings.minutes["meeting"] == 10 and settings.bell is False
    minutes = dict(settings.minutes, meeting=30, directives=0)
    reminders.save_settings(minutes, bell=True)
    assert reminders.load_settings().minutes["meeting"] == 30
    assert reminders.load_settings().bell is True
    fired = run_minutes(branch, at(12, 30), at(18, 0))
    assert "12:50" not in fired  # directives: off
    assert fired["17:30"] == [("18:00", BEFORE)]  # the evening meeting, 30 minutes ahead


def test_done_or_skipped_blocks_do_not_remind(branch: str) -> None:
    directives = schedule.day_blocks(branch, pendulum.date(2026, 11, 30))[3]
    schedule.set_status(directives.id, "skipped")
    assert run_minutes(branch, at(12, 30), at(13, 0)) == {}


def test_a_moved_block_reminds_again_at_its_new_time(branch: str) -> None:
    directives = schedule.day_blocks(branch, pendulum.date(2026, 11, 30))[3]
    assert run_minutes(branch, at(12, 45), at(12, 55)) == {"12:50": [("13:00", BEFORE)]}
    schedule.update_block(directives.id, schedule.block_input("13:30", "14:30", "directives",
                                                              "HQ directives"))
    assert run_minutes(branch, at(12, 55), at(13, 25)) == {"13:20": [("13:30", BEFORE)]}


@pytest.mark.parametrize("text", ["-1", "abc", "999", ""])
def test_bad_minutes_are_refused(clock: FakeClock, text: str) -> None:
    with pytest.raises(ReminderSettingError):
        reminders.parse_minutes(text)


def test_minutes_as_typed(clock: FakeClock) -> None:
    assert reminders.parse_minutes(" 15 ") == 15
    assert reminders.parse_minutes("5분") == 5
    assert reminders.parse_minutes("0") == 0
