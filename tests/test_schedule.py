"""The schedule rules: days made from the weekly template, edits, holidays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n, schedule
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.schedule import ScheduleError, block_input, parse_time

MONDAY = pendulum.date(2026, 11, 30)
CHRISTMAS = pendulum.date(2026, 12, 25)  # a Friday, a public holiday in Korea


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def titles(blocks: list[schedule.Block]) -> list[str]:
    return [i18n.title(b.title) for b in blocks]


def starts(blocks: list[schedule.Block]) -> list[str]:
    return [f"{b.start:%H:%M}" for b in blocks]


def test_a_weekday_is_made_from_the_routine(branch: str) -> None:
    blocks = schedule.day_blocks(branch, MONDAY)
    assert starts(blocks) == ["08:00", "08:30", "09:30", "13:00", "14:30", "17:30", "18:00",
                              "19:00", "19:40"]
    assert titles(blocks)[1] == "Morning meeting (조회)"
    assert blocks[1].kind == "meeting" and blocks[1].meeting_kind == "morning"
    assert all(b.status == "planned" and b.from_template for b in blocks)
    # Saturday is a short day, Sunday has nothing
    assert starts(schedule.day_blocks(branch, MONDAY.add(days=5))) == ["08:30", "09:30"]
    assert schedule.day_blocks(branch, MONDAY.subtract(days=1)) == []


def test_a_day_is_made_once(branch: str) -> None:
    first = schedule.day_blocks(branch, MONDAY)
    again = schedule.day_blocks(branch, MONDAY)
    assert [b.id for b in first] == [b.id for b in again]


def test_editing_a_day_leaves_the_template_alone(branch: str) -> None:
    blocks = schedule.day_blocks(branch, MONDAY)
    training = blocks[2]
    schedule.update_block(training.id, block_input("10:00", "12:00", "training",
                                                   "New product: tablet"))
    schedule.delete_block(blocks[0].id)
    schedule.add_block(branch, MONDAY, block_input("16:00", "16:30", "custom", "Call HQ"))
    edited = schedule.day_blocks(branch, MONDAY)
    assert "New product: tablet" in titles(edited)
    assert "Call HQ" in titles(edited)
    assert "Arrive and check the day" not in titles(edited)
    # the next Monday still has the routine as it was
    next_monday = schedule.day_blocks(branch, MONDAY.add(days=7))
    assert starts(next_monday)[:3] == ["08:00", "08:30", "09:30"]
    assert titles(next_monday)[2] == "Training"
    assert [t.title for t in schedule.template_blocks(branch, 0)][2] == "@routine.training"


def test_editing_the_template_follows_untouched_future_days_only(branch: str) -> None:
    today = MONDAY
    schedule.day_blocks(branch, today)  # made today
    untouched = today.add(days=7)
    edited = today.add(days=14)
    schedule.day_blocks(branch, untouched)
    blocks = schedule.day_blocks(branch, edited)
    schedule.set_status(blocks[0].id, "skipped")
    training = schedule.template_blocks(branch, 0)[2]
    schedule.update_template_block(training.id, block_input("09:30", "12:00", "training",
                                                            "Weekly product training"), today)
    assert "Weekly product training" in titles(schedule.day_blocks(branch, untouched))
    assert "Weekly product training" not in titles(schedule.day_blocks(branch, edited))
    # today was already made: it lives on its own
    assert "Weekly product training" not in titles(schedule.day_blocks(branch, today))
    schedule.add_template_block(branch, 0, block_input("12:00", "13:00", "custom", "Lunch"),
                                today)
    assert "Lunch" in titles(schedule.day_blocks(branch, untouched))
    schedule.delete_template_block(schedule.template_blocks(branch, 0)[0].id, today)
    assert "08:00" not in starts(schedule.day_blocks(branch, untouched))
    assert "08:00" in starts(schedule.day_blocks(branch, today))
    # a day made after the edit has the new routine
    fresh = schedule.day_blocks(branch, today.add(days=21))
    assert starts(fresh)[0] == "08:30" and "Lunch" in titles(fresh)


def test_a_holiday_is_marked_and_gets_no_blocks(branch: str) -> None:
    day = schedule.day(branch, CHRISTMAS)
    assert day.holiday == "Christmas Day"
    assert day.blocks == []
    i18n.set_language("ko")
    assert schedule.day(branch, CHRISTMAS).holiday == "기독탄신일"
    # the manager may still add a block on a holiday
    schedule.add_block(branch, CHRISTMAS, block_input("10:00", "11:00", "custom", "Inventory"))
    assert titles(schedule.day_blocks(branch, CHRISTMAS)) == ["Inventory"]


def test_done_and_skipped_toggle(branch: str) -> None:
    block = schedule.day_blocks(branch, MONDAY)[0]
    assert schedule.set_status(block.id, "done") == "done"
    assert schedule.set_status(block.id, "skipped") == "skipped"
    assert schedule.set_status(block.id, "skipped") == "planned"


def test_week_runs_monday_to_sunday(branch: str) -> None:
    days = schedule.week(branch, pendulum.date(2026, 12, 3))
    assert [d.date for d in days][0] == MONDAY and len(days) == 7
    assert [len(d.blocks) for d in days] == [9, 9, 9, 9, 9, 2, 0]


@pytest.mark.parametrize(("text", "expected"), [
    ("8:30", dt.time(8, 30)), ("08:30", dt.time(8, 30)), ("0830", dt.time(8, 30)),
    ("830", dt.time(8, 30)), ("8", dt.time(8, 0)), ("8시 30분", dt.time(8, 30)),
    ("18.05", dt.time(18, 5)),
])
def test_times_as_typed(text: str, expected: dt.time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(("start", "end", "title", "key"), [
    ("25:00", "26:00", "x", "today.error.time"),
    ("abc", "10:00", "x", "today.error.time"),
    ("10:00", "09:00", "x", "today.error.order"),
    ("10:00", "10:00", "x", "today.error.order"),
    ("10:00", "11:00", "   ", "today.error.title"),
])
def test_bad_blocks_are_refused_with_a_reason(clock: FakeClock, start: str, end: str,
                                              title: str, key: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        block_input(start, end, "custom", title)
    assert caught.value.key == key
    assert caught.value.message() != key  # a sentence from the catalog
    i18n.set_language("ko")
    assert caught.value.message() != key


def test_gaps_between_blocks(branch: str) -> None:
    blocks = schedule.day_blocks(branch, MONDAY)
    assert [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in schedule.gaps(blocks)] == [
        ("09:00", "09:30"), ("11:30", "13:00")]


def test_moving_a_block_keeps_its_length_and_day(branch: str) -> None:
    training = schedule.day_blocks(branch, MONDAY)[2]
    moved = schedule.move_block(training.id, 30)
    assert (f"{moved.start:%H:%M}", f"{moved.end:%H:%M}") == ("10:00", "12:00")
    assert not moved.from_template
    late = schedule.day_blocks(branch, MONDAY)[-1]  # 19:40–20:00
    with pytest.raises(ScheduleError) as caught:
        schedule.move_block(late.id, 4 * 60 + 15)
    assert caught.value.key == "today.error.move_out"
    assert f"{schedule.get_block(late.id).start:%H:%M}" == "19:40"  # nothing written
