"""Meetings: which one opens, the agenda, carry-over, relays, notes saving, minutes, search."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.clock import FakeClock
from branchdash.data.branches import BranchInfo, create_branch
from branchdash.data.models import ActionItem, Directive, Meeting, Partner, Training
from branchdash.meetings import (
    assemble_agenda,
    carried_actions,
    commit_notes,
    end_meeting,
    export_minutes,
    get_meeting,
    interrupted_meeting,
    load_note,
    meeting_for_block,
    meeting_to_open,
    minutes_markdown,
    save_note,
    search,
    set_relayed,
    start_meeting,
)
from branchdash.schedule import day_blocks

SEOUL = "Asia/Seoul"
FRIDAY = pendulum.date(2026, 11, 27)
MONDAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> BranchInfo:
    info = create_branch("강남센터", "GN")
    Partner.create(branch=info.id, name="김민수", role="sales_manager", status="active")
    Partner.create(branch=info.id, name="박영미", role="seller", status="active")
    return info


def meeting_on(branch: BranchInfo, day: pendulum.Date, kind: str):  # noqa: ANN201
    block = next(b for b in day_blocks(branch.id, day) if b.meeting_kind == kind)
    return meeting_for_block(branch.id, block.id)


def at(day: pendulum.Date, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=SEOUL)


def hold(clock: FakeClock, branch: BranchInfo, day: pendulum.Date, kind: str, text: str,
         start: tuple[int, int], end: tuple[int, int]):  # noqa: ANN201
    """Hold a whole meeting: open, type, end."""
    clock.set(at(day, *start))
    meeting = meeting_on(branch, day, kind)
    meeting = start_meeting(meeting.id)
    saved = save_note(meeting.id, text, 0)
    clock.set(at(day, *end))
    end_meeting(meeting, text, saved.revision, (0, 0))
    return get_meeting(meeting.id)


def test_key_4_opens_the_meeting_under_way_or_the_next_one(branch: BranchInfo,
                                                          clock: FakeClock) -> None:
    clock.set(at(MONDAY, 8, 10))
    assert meeting_to_open(branch.id, clock.now()).kind == "morning"
    clock.set(at(MONDAY, 8, 45))
    morning = meeting_to_open(branch.id, clock.now())
    assert morning.kind == "morning"
    start_meeting(morning.id)
    clock.set(at(MONDAY, 9, 20))  # ran over: the meeting under way still comes first
    assert meeting_to_open(branch.id, clock.now()).id == morning.id
    end_meeting(morning, "", 0, (0, 0))
    assert meeting_to_open(branch.id, clock.now()).kind == "evening"
    sunday = pendulum.date(2026, 11, 29)  # no meeting blocks: a meeting of the moment
    clock.set(at(sunday, 10))
    adhoc = meeting_to_open(branch.id, clock.now())
    assert (adhoc.kind, adhoc.date, adhoc.block_id) == ("morning", sunday, None)
    assert meeting_to_open(branch.id, clock.now()).id == adhoc.id


def test_a_block_has_one_meeting(branch: BranchInfo) -> None:
    first = meeting_on(branch, MONDAY, "evening")
    again = meeting_on(branch, MONDAY, "evening")
    assert first.id == again.id
    assert Meeting.select().count() == 1


def test_agenda_leaves_out_what_has_no_data(branch: BranchInfo) -> None:
    agenda = assemble_agenda(meeting_on(branch, MONDAY, "morning"))
    assert [s.key for s in agenda] == ["topic.relay", "topic.todo", "topic.pass_on"]
    evening = assemble_agenda(meeting_on(branch, MONDAY, "evening"))
    assert [s.key for s in evening] == ["topic.results", "topic.issues", "topic.tomorrow"]


def test_agenda_brings_the_data_that_exists(branch: BranchInfo) -> None:
    Directive.create(branch=branch.id, number="본사-2026-101", title="교재 가격 인상 안내",
                     received_on=FRIDAY, status="understood")
    Directive.create(branch=branch.id, number="본사-2026-099", title="이미 전달",
                     received_on=FRIDAY, status="relayed")
    Training.create(branch=branch.id, kind="new_product", title="신상품 교육", date=MONDAY,
                    start="09:30", end="11:30", instructor="지점장")
    Training.create(branch=branch.id, kind="regular", title="다음 주 교육",
                    date=MONDAY.add(days=7), start="09:30", end="11:30")
    agenda = {s.key: s for s in assemble_agenda(meeting_on(branch, MONDAY, "morning"))}
    shown = [line.text for line in agenda["directives"].lines]
    assert shown == ["본사-2026-101 교재 가격 인상 안내"]
    assert len(agenda["trainings"].lines) == 1
    assert "신상품 교육" in agenda["trainings"].lines[0].text


def test_friday_evening_action_shows_on_monday_morning_with_its_age(
        branch: BranchInfo, clock: FakeClock) -> None:
    hold(clock, branch, FRIDAY, "evening",
         "석회\n- [ ] 신상품 교재 배부 @김민수 ~12/1\n- [x] 이미 끝남 @박영미", (18, 0), (19, 0))
    item = ActionItem.get(ActionItem.text == "신상품 교재 배부")
    assert item.owner.name == "김민수" and item.due_on == pendulum.date(2026, 12, 1)
    clock.set(at(MONDAY, 8, 25))
    monday = meeting_on(branch, MONDAY, "morning")
    carried = carried_actions(monday)
    assert [(a.text, a.owner, a.age_days) for a in carried] == [("신상품 교재 배부", "김민수", 3)]
    agenda = {s.key: s for s in assemble_agenda(monday)}
    assert agenda["actions"].lines[0].ref_id == item.id
    # Done on Monday: it stops being carried.
    hold(clock, branch, MONDAY, "morning", "조회", (8, 30), (9, 0))
    ActionItem.update(status="done").where(ActionItem.id == item.id).execute()
    assert carried_actions(meeting_on(branch, MONDAY, "evening")) == []


def test_an_item_carries_only_to_later_meetings(branch: BranchInfo, clock: FakeClock) -> None:
    evening = hold(clock, branch, MONDAY, "evening", "- [ ] 저녁 항목", (18, 0), (19, 0))
    clock.set(at(MONDAY, 19, 5))
    strategy = meeting_on(branch, MONDAY, "strategy")
    assert [a.text for a in carried_actions(strategy)] == ["저녁 항목"]
    assert carried_actions(evening) == []
    morning = meeting_on(branch, MONDAY, "morning")
    start_meeting(morning.id)  # opened late, still earlier in the day than the evening
    assert carried_actions(get_meeting(morning.id)) == []


def test_editing_the_notes_keeps_the_action_rows_in_step(branch: BranchInfo,
                                                        clock: FakeClock) -> None:
    meeting = start_meeting(meeting_on(branch, MONDAY, "morning").id)
    first = commit_notes(meeting, "- [ ] 전화 돌리기 @김민수", 0, (0, 0))
    row_id = ActionItem.get().id
    second = commit_notes(meeting, "- [x] 전화 돌리기 @박영미 ~12/2", first.revision, (0, 0))
    row = ActionItem.get()
    assert (row.id, row.status, row.owner.name) == (row_id, "done", "박영미")
    commit_notes(meeting, "메모만", second.revision, (0, 0))
    assert ActionItem.select().count() == 0


def test_directives_relayed_in_the_meeting_are_marked(branch: BranchInfo,
                                                     clock: FakeClock) -> None:
    named = Directive.create(branch=branch.id, number="본사-2026-101", title="가격 인상",
                             received_on=FRIDAY)
    keyed = Directive.create(branch=branch.id, number="본사-2026-102", title="재고 실사",
                             received_on=FRIDAY, status="understood")
    meeting = hold(clock, branch, MONDAY, "morning", "> 본사-2026-101 가격 인상 전달",
                   (8, 30), (8, 50))
    set_relayed(meeting.id, keyed.id, True)
    for directive in (named, keyed):
        row = Directive.get_by_id(directive.id)
        assert (row.status, row.relayed_in_id) == ("relayed", meeting.id)
    agenda = {s.key: s for s in assemble_agenda(meeting)}
    assert all(line.done for line in agenda["directives"].lines)
    later = {s.key for s in assemble_agenda(meeting_on(branch, MONDAY, "evening"))}
    assert "directives" not in later
    set_relayed(meeting.id, keyed.id, False)
    assert Directive.get_by_id(keyed.id).status == "understood"


def test_notes_are_compare_and_set(branch: BranchInfo) -> None:
    meeting = meeting_on(branch, MONDAY, "morning")
    mine = save_note(meeting.id, "첫 줄", 0)
    theirs = save_note(meeting.id, "첫 줄\n다른 창에서 쓴 줄", mine.revision)
    late = save_note(meeting.id, "첫 줄\n내가 쓴 줄", mine.revision, marker=lambda: "----")
    assert late.conflict
    assert late.text == "첫 줄\n내가 쓴 줄\n\n----\n다른 창에서 쓴 줄"
    assert late.revision == theirs.revision + 1
    assert load_note(meeting.id).text == late.text


def test_a_draft_left_behind_marks_the_meeting_to_reopen(branch: BranchInfo) -> None:
    meeting = meeting_on(branch, MONDAY, "morning")
    saved = save_note(meeting.id, "typing…", 0, (0, 7))
    assert interrupted_meeting(branch.id) == meeting.id
    state = load_note(meeting.id)
    assert state.interrupted and state.cursor == (0, 7)
    commit_notes(meeting, "typing… done", saved.revision, (0, 12))
    assert interrupted_meeting(branch.id) is None


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_minutes_in_both_languages(branch: BranchInfo, clock: FakeClock, tmp_path: Path,
                                   lang: str) -> None:
    i18n.set_language(lang)
    meeting = hold(clock, branch, MONDAY, "morning",
                   "참석 전원\n! 오전 방문 강화\n- [ ] 교재 배부 @김민수 ~12/1\n> 안내문 배포",
                   (8, 30), (8, 55))
    text = minutes_markdown(meeting.id)
    heading = {"en": "## Decisions", "ko": "## 결정 사항"}[lang]
    assert heading in text
    assert "- 오전 방문 강화" in text
    assert "- [ ] 교재 배부 — 김민수" in text
    assert ("Started 08:30" if lang == "en" else "시작 08:30") in text
    assert text.rstrip().endswith("> 안내문 배포")
    path = export_minutes(meeting.id, tmp_path / "minutes")
    assert path.name == "2026-11-30-morning.md"
    assert path.read_text(encoding="utf-8") == text


def test_search_finds_notes_by_word_prefix(branch: BranchInfo, clock: FakeClock) -> None:
    friday = hold(clock, branch, FRIDAY, "evening", "김민수에게 교재 배부 요청", (18, 0), (19, 0))
    hold(clock, branch, MONDAY, "morning", "price rise announced", (8, 30), (9, 0))
    hits = search(branch.id, "김민수 교재")
    assert [hit.meeting.id for hit in hits] == [friday.id]
    assert "«" in hits[0].snippet
    assert [h.meeting.date for h in search(branch.id, "PRICE")] == [MONDAY]
    assert search(branch.id, 'AND "') == []
    assert search(branch.id, "없는말") == []


def test_budget_pace_and_daily_target_come_from_their_helpers(branch: BranchInfo) -> None:
    """When the Budget area's `month_pace` exists its figures are shown; when the month
    has no budget (zero) the section is left out, never shown as 0%."""
    agenda = {s.key for s in assemble_agenda(meeting_on(branch, MONDAY, "morning"))}
    assert "budget" not in agenda  # no budget entered for the month
    assert "target_today" not in agenda  # no goals for the year


def test_budget_pace_shows_when_the_month_has_a_budget(branch: BranchInfo) -> None:
    from branchdash.data.models import Budget, Expense

    Budget.create(branch=branch.id, month=pendulum.date(2026, 11, 1), account="operating",
                  amount_won=1_000_000)
    Expense.create(branch=branch.id, spent_on=pendulum.date(2026, 11, 10), account="operating",
                   amount_won=250_000)
    agenda = {s.key: s for s in assemble_agenda(meeting_on(branch, MONDAY, "morning"))}
    assert agenda["budget"].lines[0].text == "₩250,000 of ₩1,000,000 spent (25%)"


def test_search_without_fts_scans_the_notes(clock, db) -> None:  # noqa: ANN001
    """PostgreSQL at HQ (or an SQLite without FTS5) still finds notes."""
    import pendulum

    from branchdash.data import search
    from branchdash.data.models import Branch, Meeting, MeetingNote

    branch = Branch.create(code="GN03", name="강남3센터")
    meeting = Meeting.create(branch=branch, date=pendulum.date(2026, 11, 30), kind="morning")
    MeetingNote.create(meeting=meeting, text="오늘 신상품 교재를 김민수에게 전달")
    hits = search._search_plain(branch.id, "교재 김민수", 10)
    assert [h.meeting_id for h in hits] == [meeting.id]
    assert "«교재»" in hits[0].snippet
    assert search._search_plain(branch.id, "없는말", 10) == []
