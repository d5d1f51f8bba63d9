"""The Meetings screen driven by keys: 4 opens the notes, typing is saved, items by keyboard."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import BranchInfo, create_branch
from branchdash.data.models import ActionItem, Partner
from branchdash.meetings import load_note, meeting_to_open
from branchdash.screens.meetings import MAX_WAIT_SECONDS, MeetingsScreen
from branchdash.screens.widgets.notes_editor import NotesEditor

SEOUL = "Asia/Seoul"


@pytest.fixture
def branch(db: Path, clock: FakeClock) -> BranchInfo:
    clock.set(pendulum.datetime(2026, 11, 30, 8, 25, tz=SEOUL))
    info = create_branch("강남센터", "GN")
    Partner.create(branch=info.id, name="김민수", role="sales_manager", status="active")
    return info


async def type_text(pilot, text: str) -> None:  # noqa: ANN001
    for char in text:
        await pilot.press("space" if char == " " else char)


async def test_key_4_opens_the_next_meeting_with_the_cursor_in_the_notes(
        branch: BranchInfo, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert isinstance(app.focused, NotesEditor)
        assert screen.meeting is not None and screen.meeting.kind == "morning"
        await type_text(pilot, "- [ ] hand out books @")
        await pilot.press("tab")  # completes the owner from the roster
        await type_text(pilot, "~12/1")
        assert screen.editor.text == "- [ ] hand out books @김민수 ~12/1"
        await asyncio.sleep(MAX_WAIT_SECONDS + 0.3)  # autosave, without leaving the screen
        await pilot.pause()
        meeting_id = screen.meeting.id
        assert load_note(meeting_id).text == "- [ ] hand out books @김민수 ~12/1"
        assert load_note(meeting_id).interrupted  # typing under way: a draft is out
        assert screen.meeting.status == "in_progress"  # the first key started it
        # The side list shows the parsed item; check it off by keyboard.
        await pilot.press("ctrl+o")
        await pilot.press("x")
        assert screen.editor.text.startswith("- [x] hand out books")
        await pilot.press("escape")
        assert isinstance(app.focused, NotesEditor)
        await app.workers.wait_for_complete()  # the agenda loads in a thread
        await pilot.press("ctrl+n")  # the first agenda topic becomes a heading
        assert screen.editor.text.endswith("## What to relay\n")
        await pilot.press("escape", "1")  # leaving the screen saves cleanly
        await pilot.pause()
        state = load_note(meeting_id)
        assert state.text.endswith("## What to relay\n") and not state.interrupted
        assert ActionItem.get().status == "done"


async def test_end_meeting_writes_the_minutes(branch: BranchInfo, clock: FakeClock,
                                              db: Path) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await type_text(pilot, "! visits before noon")
        clock.advance(minutes=20)
        await pilot.press("f10")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen) and screen.meeting is not None
        assert screen.meeting.status == "ended"
        minutes = db.parent / "minutes" / "2026-11-30-morning.md"
        assert "- visits before noon" in minutes.read_text(encoding="utf-8")


async def test_quit_saves_what_was_just_typed(branch: BranchInfo, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await type_text(pilot, "last word")
        await pilot.press("ctrl+q")
        await pilot.pause()
    meeting = meeting_to_open(branch.id, clock.now())
    assert load_note(meeting.id).text == "last word"


async def test_korean_screen(branch: BranchInfo, clock: FakeClock) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        agenda = screen.query_one("#agenda")
        shown = [str(agenda.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
                 for i in range(agenda.option_count)]  # type: ignore[attr-defined]
        assert shown[:3] == ["전달 사항", "오늘 할 일", "팀장이 판매자에게 전할 말"]
        footer = [b.description for _k, b in screen._bindings if b.id == "meetings.end"]
        assert footer == ["회의 종료"]


async def test_open_meeting_action_opens_that_blocks_meeting(branch: BranchInfo,
                                                            clock: FakeClock) -> None:
    """What the Today screen calls on Enter on a meeting block."""
    from branchdash.schedule import day_blocks

    evening = next(b for b in day_blocks(branch.id, clock.now().date())
                   if b.meeting_kind == "evening")
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.run_action(f"open_meeting('{evening.id}')")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen) and screen.meeting is not None
        assert (screen.meeting.kind, screen.meeting.block_id) == ("evening", evening.id)
        assert isinstance(app.focused, NotesEditor)


async def test_two_copies_never_overwrite_each_other(branch: BranchInfo,
                                                    clock: FakeClock) -> None:
    from branchdash.meetings import save_note

    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen) and screen.meeting is not None
        await type_text(pilot, "mine")
        await pilot.press("ctrl+s")
        meeting_id = screen.meeting.id
        other = load_note(meeting_id)
        save_note(meeting_id, "mine\nfrom the laptop in the other room", other.revision)
        await type_text(pilot, " and more")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = load_note(meeting_id).text
        assert text.startswith("mine and more\n")
        assert text.endswith("from the laptop in the other room")
        assert screen.editor.text == text
        assert any("Another copy" in n.message for n in app._notifications)


async def test_past_meeting_chosen_in_the_browser_stays_open(branch: BranchInfo,
                                                            clock: FakeClock) -> None:
    from branchdash.meetings import meeting_for_block, save_note
    from branchdash.schedule import day_blocks

    friday = pendulum.date(2026, 11, 27)
    block = next(b for b in day_blocks(branch.id, friday) if b.meeting_kind == "evening")
    past = meeting_for_block(branch.id, block.id)
    save_note(past.id, "금요일 석회: 우천 대비 방문 일정", 0, clean=True)
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        for char in "우천":
            await pilot.press(char)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen) and screen.meeting is not None
        assert screen.meeting.id == past.id  # the dialog closing does not re-pick today's
        assert screen.editor.text == "금요일 석회: 우천 대비 방문 일정"
        assert isinstance(app.focused, NotesEditor)


async def test_the_meeting_timer_repaints_only_when_its_words_change(
        branch: BranchInfo, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its one-second interval would otherwise repaint the line all day (idle CPU)."""
    from textual.widgets import Static

    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        label = screen.query_one("#meeting-timer", Static)
        painted: list[str] = []
        update = Static.update

        def counted(widget: Static, content: object = "", **kwargs: object) -> None:
            if widget is label:
                painted.append(str(content))
            update(widget, content, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Static, "update", counted)
        screen._show_timer()
        screen._show_timer()
        assert painted == []  # not started: the same words as before
        await type_text(pilot, "출석 12명")  # the first key starts the meeting
        await pilot.pause()
        assert painted[-1].startswith("0:00")
        shown = len(painted)
        clock.advance(seconds=65)
        screen._show_timer()
        screen._show_timer()
        assert len(painted) == shown + 1 and painted[-1].startswith("1:05")
        assert screen._clock_timer is not None and screen._clock_timer._active.is_set()
        await pilot.press("escape", "1")
        await pilot.pause()
        assert not screen._clock_timer._active.is_set()  # hidden: no wake-ups
        await pilot.press("4")
        await pilot.pause()
        assert screen._clock_timer._active.is_set()


async def test_the_notes_cursor_stops_blinking_after_a_quiet_spell(
        branch: BranchInfo, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdash.screens.widgets import notes_editor

    monkeypatch.setattr(notes_editor, "BLINK_SECONDS", 3600)  # the spells end by hand here
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        editor = app.screen.query_one(NotesEditor)
        assert app.focused is editor and editor.cursor_blink
        await type_text(pilot, "출석")
        editor._quiet_or_not()  # a spell ends with keys typed in it: blinking on
        assert editor.cursor_blink
        editor._quiet_or_not()  # a spell with no key
        await pilot.pause()
        assert not editor.cursor_blink and editor._cursor_visible  # steady, still shown
        assert not editor.blink_timer._active.is_set()  # no repaints while idle
        await type_text(pilot, " 12명")
        assert editor.cursor_blink and editor.blink_timer._active.is_set()
        assert editor.text == "출석 12명"


async def test_hundreds_of_open_items_are_listed_fifty_and_counted(branch: BranchInfo,
                                                                   clock: FakeClock) -> None:
    from textual.widgets import OptionList

    from branchdash.data.models import Meeting
    from branchdash.screens.meetings import LIST_AT_MOST

    friday = Meeting.create(branch=branch.id, date=pendulum.date(2026, 11, 27), kind="evening",
                            status="ended")
    ActionItem.insert_many([{"branch": branch.id, "meeting": friday.id, "text": f"할 일 {n:03}"}
                            for n in range(LIST_AT_MOST + 12)]).execute()
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the agenda and the carried items
        await pilot.pause()
        items = app.screen.query_one("#items", OptionList)
        carried = [items.get_option_at_index(i) for i in range(items.option_count)]
        assert all(str(o.id).startswith("action:") for o in carried[:LIST_AT_MOST])
        assert len(carried) == LIST_AT_MOST + 1 and carried[-1].disabled
        assert "… and 12 more" in str(carried[-1].prompt)
        agenda = app.screen.query_one("#agenda", OptionList)
        shown = [str(agenda.get_option_at_index(i).prompt) for i in range(agenda.option_count)]
        assert sum("할 일" in line for line in shown) == LIST_AT_MOST
        assert any("… and 12 more" in line for line in shown)
