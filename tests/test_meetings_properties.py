"""Property tests of carry-over and agenda assembly over random weeks of meetings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchdash.clock import FakeClock
from branchdash.data.branches import BranchInfo, create_branch
from branchdash.data.models import ActionItem, Meeting, MeetingNote
from branchdash.meetings import (
    TEMPLATES,
    assemble_agenda,
    carried_actions,
    end_meeting,
    meeting_for_block,
    save_note,
    start_meeting,
)
from branchdash.notes import action_line
from branchdash.schedule import day_blocks

FRIDAY = pendulum.date(2026, 11, 20)
DAYS = [FRIDAY.add(days=n) for n in range(10)]  # two weekends inside

item_text = st.text(alphabet="가나다라마바사abc xyz", min_size=1, max_size=12).map(
    lambda s: " ".join(s.split()) or "x")
notes = st.lists(st.tuples(item_text, st.booleans()), max_size=3)


@pytest.fixture
def branch(db: Path) -> BranchInfo:
    return create_branch("속성지점", "P1")


def all_meeting_blocks(branch: BranchInfo) -> list[tuple[pendulum.Date, str, object]]:
    return [(day, block.id, block.start) for day in DAYS
            for block in day_blocks(branch.id, day) if block.kind == "meeting"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_carried_items_are_exactly_the_open_ones_from_earlier_meetings(
        branch: BranchInfo, clock: FakeClock, data: st.DataObject) -> None:
    ActionItem.delete().execute()
    MeetingNote.delete().execute()
    Meeting.delete().execute()
    blocks = all_meeting_blocks(branch)
    held = data.draw(st.lists(st.sampled_from(blocks), unique=True, max_size=6))
    target_day, target_block, target_start = data.draw(st.sampled_from(blocks))
    held = sorted((b for b in held if b[1] != target_block), key=lambda b: (b[0], b[2]))
    expected: list[tuple[str, int]] = []
    for day, block_id, start in held:
        items = data.draw(notes)
        meeting = start_meeting(meeting_for_block(branch.id, block_id).id)
        text = "\n".join(action_line(text, done=done) for text, done in items)
        saved = save_note(meeting.id, text, 0)
        end_meeting(meeting, text, saved.revision, (0, 0))
        clock.advance(seconds=1)
        if (day, start) < (target_day, target_start):
            expected += [(text, (target_day - day).days) for text, done in items if not done]
    target = meeting_for_block(branch.id, target_block)
    carried = carried_actions(target)
    assert Counter((a.text, a.age_days) for a in carried) == Counter(expected)
    dates = [a.meeting_date for a in carried]
    assert dates == sorted(dates)  # oldest first
    agenda = assemble_agenda(target)
    topics = [s.key for s in agenda if s.key.startswith("topic.")]
    assert topics == [f"topic.{name}" for name in TEMPLATES[target.kind]]
    actions = next((s for s in agenda if s.key == "actions"), None)
    assert (actions is None) == (not expected)
    if actions is not None:
        assert [line.ref_id for line in actions.lines] == [a.id for a in carried]


def test_a_friday_evening_item_is_three_days_old_on_monday_morning(
        branch: BranchInfo, clock: FakeClock) -> None:
    friday = next(b for b in day_blocks(branch.id, FRIDAY) if b.meeting_kind == "evening")
    meeting = start_meeting(meeting_for_block(branch.id, friday.id).id)
    saved = save_note(meeting.id, "- [ ] 주말 동안 고객 연락", 0)
    end_meeting(meeting, "- [ ] 주말 동안 고객 연락", saved.revision, (0, 0))
    monday = FRIDAY.add(days=3)
    block = next(b for b in day_blocks(branch.id, monday) if b.meeting_kind == "morning")
    carried = carried_actions(meeting_for_block(branch.id, block.id))
    assert [(a.text, a.age_days, a.meeting_kind) for a in carried] == [
        ("주말 동안 고객 연락", 3, "evening")]
