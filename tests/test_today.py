"""The Today screen driven by keys through Pilot, with the fake clock."""

from __future__ import annotations

import io
from pathlib import Path

import pendulum
import pytest
from rich.console import Console
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from branchdash import i18n, reminders, schedule
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.screens.today import TodayScreen, meetings_available
from branchdash.screens.widgets.block_form import BlockDetail, BlockForm, ConfirmDialog
from branchdash.screens.widgets.reminder_settings import ReminderSettingsDialog
from branchdash.screens.widgets.routine_editor import RoutineEditor
from branchdash.screens.widgets.week_view import WeekView

SEOUL = "Asia/Seoul"
MONDAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def text_of(app: BranchDashApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def rendered(app: BranchDashApp, selector: str, width: int = 120) -> str:
    """What a Static shows, as plain text (for Rich tables)."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def timeline_lines(app: BranchDashApp) -> list[str]:
    timeline = app.screen.query_one("#timeline", OptionList)
    return [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]


def notes(app: BranchDashApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def today_screen(app: BranchDashApp) -> TodayScreen:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    return screen


async def type_into(pilot: object, app: BranchDashApp, selector: str, text: str) -> None:
    field = app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*[c if c != " " else "space" for c in text])  # type: ignore[attr-defined]


async def move_to(pilot: object, app: BranchDashApp, words: str) -> None:
    """Put the timeline's cursor on the block whose line contains `words`."""
    timeline = app.screen.query_one("#timeline", OptionList)
    index = next(i for i, line in enumerate(timeline_lines(app)) if words in line)
    timeline.highlighted = index
    await pilot.pause()  # type: ignore[attr-defined]


async def test_timeline_shows_now_current_block_and_countdown(branch: str,
                                                              clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = timeline_lines(app)
        running = next(line for line in lines if "Training" in line)
        assert running.startswith("▶") and "1h 15m left" in running
        assert "free" in lines[lines.index(running) + 1]  # 11:30–13:00 free
        status = text_of(app, "#now-status")
        assert "Now: Training" in status and "45m in, 1h 15m left" in status
        assert "Next: HQ directives in 2h 45m" in status
        # between blocks a now-line stands in the gap
        clock.advance(hours=1, minutes=30)  # 11:45
        app.poll_clock()
        await pilot.pause()
        lines = timeline_lines(app)
        now_at = next(i for i, line in enumerate(lines) if "11:45 now" in line)
        assert "11:30–13:00" in lines[now_at - 1] and "13:00–14:30" in lines[now_at + 1]
        assert "Next: HQ directives in 1h 15m" in text_of(app, "#now-status")


async def test_timeline_follows_the_clock_when_coming_back(branch: str,
                                                           clock: FakeClock) -> None:
    """The minute reaches only the screen in view: Today catches up when shown again,
    and again after the minutes it was shown (not only after the first)."""
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for minutes, now_line in ((90, "11:45 now"), (5, "11:50 now")):
            clock.advance(minutes=1)  # a minute in view
            app.poll_clock()
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            clock.advance(minutes=minutes - 1)  # the rest away
            app.poll_clock()
            await pilot.press("1")
            await pilot.pause()
            assert any(now_line in line for line in timeline_lines(app)), timeline_lines(app)


async def test_add_edit_done_skip_delete_by_keyboard(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await move_to(pilot, app, "HQ directives")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)
        # the form suggests the time after the block under the cursor
        assert app.screen.query_one("#block-start", Input).value == "14:30"
        await type_into(pilot, app, "#block-start", "16:00")
        await type_into(pilot, app, "#block-end", "1530")
        await type_into(pilot, app, "#block-title", "Call HQ about the promotion")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)  # refused: ends before it starts
        assert "must end after it starts" in text_of(app, "#block-error")
        await type_into(pilot, app, "#block-end", "16:30")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        line = next(x for x in timeline_lines(app) if "Call HQ" in x)
        assert "16:00–16:30" in line
        # the cursor is on the new block; edit it
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)
        await type_into(pilot, app, "#block-title", "Call HQ")
        app.screen.query_one("#block-kind", Select).value = "directives"
        await pilot.press("ctrl+s")
        await pilot.pause()
        line = next(x for x in timeline_lines(app) if "Call HQ" in x)
        assert "about" not in line and "HQ directives" in line
        # done, then skipped, then back to planned
        await pilot.press("x")
        await pilot.pause()
        assert next(x for x in timeline_lines(app) if "Call HQ" in x).startswith("✓")
        await pilot.press("s")
        await pilot.pause()
        assert next(x for x in timeline_lines(app) if "Call HQ" in x).startswith("–")
        await pilot.press("s")
        await pilot.pause()
        assert next(x for x in timeline_lines(app) if "Call HQ" in x).startswith(" ")
        # delete asks first; n keeps it, y removes it
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert any("Call HQ" in x for x in timeline_lines(app))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not any("Call HQ" in x for x in timeline_lines(app))
        # the weekly routine was never touched
        assert len(schedule.template_blocks(branch, 0)) == 9
        assert len(schedule.day_blocks(branch, MONDAY.add(days=7))) == 9


async def test_escape_cancels_the_form_and_writes_nothing(branch: str, clock: FakeClock
                                                         ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = timeline_lines(app)
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, app, "#block-title", "Nothing")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert timeline_lines(app) == before


async def test_enter_on_a_block_shows_its_details(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await move_to(pilot, app, "Evening meeting (")
        await pilot.press("enter")
        await pilot.pause()
        if meetings_available(app):
            assert app.current_mode == "meetings"  # the Meetings screen opens it
            return
        assert isinstance(app.screen, BlockDetail)
        assert "Evening meeting" in str(app.screen.query_one(".dialog-title", Static).render())
        await pilot.press("e")  # straight on to editing it
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)
        assert app.screen.query_one("#block-title", Input).value == "Evening meeting (석회)"


async def test_a_holiday_is_marked(branch: str, clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 12, 25, 9, 0, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Holiday: Christmas Day" in text_of(app, "#day-title")
        assert any("public holiday" in line for line in timeline_lines(app))


async def test_week_view_and_back_to_a_day(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeekView)
        table = rendered(app, "#week-table")
        assert "Mon 30 Nov" in table and "Sun 6 Dec" in table
        assert "09:30 Training" in table and "—" in table  # Sunday is empty
        assert "Week of Mon 30 Nov 2026" in text_of(app, "#week-title")
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert today_screen(app).shown_date == pendulum.date(2026, 12, 2)
        assert "Wed 2 Dec 2026" in text_of(app, "#day-title")
        await pilot.press("w", "n")
        await pilot.pause()
        assert "Mon 7 Dec" in text_of(app, "#week-title")
        await pilot.press("escape")
        await pilot.pause()
        assert today_screen(app).shown_date == pendulum.date(2026, 12, 2)


async def test_routine_editor_changes_future_days_not_today(branch: str, clock: FakeClock
                                                           ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # Tuesday, made now and never edited
        await pilot.press("t")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RoutineEditor)
        assert "Monday" in text_of(app, "#routine-title")
        await pilot.press("right")
        await pilot.pause()
        assert "Tuesday" in text_of(app, "#routine-title")
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, app, "#block-start", "12:00")
        await type_into(pilot, app, "#block-end", "13:00")
        await type_into(pilot, app, "#block-title", "Team lunch")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RoutineEditor)
        listing = app.screen.query_one("#routine-list", OptionList)
        assert any("Team lunch" in str(listing.get_option_at_index(i).prompt)
                   for i in range(listing.option_count))
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert any("Team lunch" in line for line in timeline_lines(app))
        await pilot.press("p")
        await pilot.pause()
        assert not any("Team lunch" in line for line in timeline_lines(app))


async def test_reminder_settings_are_saved(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ReminderSettingsDialog)
        await type_into(pilot, app, "#minutes-meeting", "999")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "from 0 to 240" in text_of(app, "#reminder-error")
        await type_into(pilot, app, "#minutes-meeting", "15")
        app.screen.query_one("#reminder-bell", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    saved = reminders.load_settings()
    assert saved.minutes["meeting"] == 15 and saved.minutes["training"] == 10 and saved.bell


async def test_palette_offers_the_screen_actions(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "week view":
            await pilot.press(key if key != " " else "space")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WeekView)


# --- reminders through the app ------------------------------------------------------------


async def test_reminder_fires_once_at_its_minute_on_any_screen(branch: str,
                                                               clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()  # the first look at start: nothing due at 10:15
        await pilot.press("w")  # another screen in view: reminders still come
        clock.set(pendulum.datetime(2026, 11, 30, 12, 49, 30, tz=SEOUL))
        app.poll_clock()
        clock.advance(29)  # 12:49:59
        app.poll_clock()
        await pilot.pause()
        assert not any("HQ directives" in n for n in notes(app))
        clock.advance(1)  # 12:50:00
        app.poll_clock()
        await pilot.pause()
        fired = [n for n in notes(app) if "HQ directives" in n]
        assert fired == ["Coming up: HQ directives (13:00–14:30) starts in 10m."]
        for _ in range(3):
            clock.advance(20)
            app.poll_clock()
        await pilot.pause()
        assert len([n for n in notes(app) if "HQ directives" in n]) == 1


async def test_meeting_start_offers_the_way_to_open_it(branch: str, clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 11, 30, 17, 59, 50, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()
        clock.advance(15)
        app.poll_clock()
        await pilot.pause()
        started = [n for n in notes(app) if n.startswith("Meeting started")]
        assert len(started) == 1
        assert "Evening meeting (석회) (18:00–19:00) has started." in started[0]
        assert ("Enter" in started[0]) or ("Meetings screen" in started[0])


async def test_jump_overnight_gives_one_summary_and_the_new_day(branch: str,
                                                                clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 11, 30, 18, 0, 5, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()
        await pilot.pause()
        before = len(notes(app))
        clock.jump(hours=15)  # asleep from 18:00 to 09:00 the next day
        app.poll_clock()
        await pilot.pause()
        new = notes(app)[before:]
        assert len(new) == 1
        summary = new[0]
        assert summary.startswith("Missed while away")
        assert "4 blocks passed unseen" in summary
        assert "Mon 30 Nov 19:00 Sales Manager Strategy Meeting" in summary
        assert "08:30 Morning meeting" in summary
        screen = today_screen(app)
        assert screen.shown_date == pendulum.date(2026, 12, 1)
        assert "Tue 1 Dec 2026" in text_of(app, "#day-title")
        assert "Now: Morning meeting" not in text_of(app, "#now-status")
        assert "Next: Training in 30m" in text_of(app, "#now-status")
        # the next minutes bring nothing stale again
        clock.advance(60)
        app.poll_clock()
        await pilot.pause()
        assert len(notes(app)) == before + 1


async def test_clock_set_back_repeats_nothing(branch: str, clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 11, 30, 12, 49, 0, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(3):  # 12:49 → 12:52
            clock.advance(60)
            app.poll_clock()
        await pilot.pause()
        count = len(notes(app))
        assert count == 1
        clock.jump(minutes=-60)  # set back to 11:52
        app.poll_clock()
        for _ in range(65):  # and forward through 12:50 again
            clock.advance(60)
            app.poll_clock()
        await pilot.pause()
        assert len(notes(app)) == count


async def test_rollover_at_midnight_shows_the_new_day(branch: str, clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 11, 30, 23, 59, 59, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()
        assert "Mon 30 Nov 2026" in text_of(app, "#day-title")
        clock.advance(2)  # 00:00:01
        app.poll_clock()
        await pilot.pause()
        assert today_screen(app).shown_date == pendulum.date(2026, 12, 1)
        assert "Tue 1 Dec 2026" in text_of(app, "#day-title")
        assert "not today" not in text_of(app, "#day-title")
        assert "Next: Arrive and check the day in 8h 0m" in text_of(app, "#now-status")
        assert notes(app) == []  # midnight is no jump: nothing missed, nothing due


async def test_korean_timeline_and_reminder(branch: str, clock: FakeClock) -> None:
    i18n.set_language("ko")
    clock.set(pendulum.datetime(2026, 11, 30, 8, 19, 30, tz=SEOUL))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()
        clock.advance(30)
        app.poll_clock()
        await pilot.pause()
        assert "곧 시작: 조회 (08:30–09:00) 10분 후 시작합니다." in notes(app)
        assert "진행 중: 출근 및 오늘 확인" in text_of(app, "#now-status")
        assert "다음: 조회, 10분 후" in text_of(app, "#now-status")
        assert any("교육" in line for line in timeline_lines(app))
        assert "2026년 11월 30일 (월)" in text_of(app, "#day-title")
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, app, "#block-start", "아홉시")
        await type_into(pilot, app, "#block-end", "10:00")
        await type_into(pilot, app, "#block-title", "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "24시간제" in text_of(app, "#block-error")


async def test_plus_and_minus_move_the_block(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await move_to(pilot, app, "HQ directives")
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert any("13:30–15:00  HQ directives" in line for line in timeline_lines(app))
        await pilot.press("minus")
        await pilot.pause()
        line = today_screen(app).selected_block()
        assert line is not None and f"{line.start:%H:%M}" == "13:15"


async def test_redraws_when_another_copy_changes_the_data(branch: str, clock: FakeClock
                                                         ) -> None:
    from branchdash.screens.messages import DataChanged

    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        schedule.add_block(branch, MONDAY, schedule.block_input("16:00", "16:30", "custom",
                                                                "Visit from HQ"))
        assert not any("Visit from HQ" in line for line in timeline_lines(app))  # no polling
        app.screen.post_message(DataChanged())
        await pilot.pause()
        assert any("Visit from HQ" in line for line in timeline_lines(app))


async def test_agenda_names_what_is_due(branch: str, clock: FakeClock) -> None:
    from branchdash.data.models import ActionItem, Directive

    Directive.create(branch=branch, number="HQ-2026-118", title="Year-end stock count",
                     received_on=MONDAY.subtract(days=3), due_on=MONDAY)
    ActionItem.create(branch=branch, text="Send the weekly report",
                      due_on=MONDAY.subtract(days=2))
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        agenda = rendered(app, "#agenda", width=60)
        assert "Today's agenda" in agenda
        assert "HQ directives due" in agenda and "Year-end stock count" in agenda
        assert "Send the weekly report  (Sat 28 Nov)" in agenda
        assert "1 overdue" in agenda
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Agenda for Tue 1 Dec" in rendered(app, "#agenda", width=60)


async def test_the_bell_rings_only_when_chosen(branch: str, clock: FakeClock) -> None:
    clock.set(pendulum.datetime(2026, 11, 30, 12, 49, 30, tz=SEOUL))
    app = BranchDashApp(clock)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.poll_clock()
        clock.advance(30)  # 12:50: HQ directives in 10 minutes, bell off by default
        app.poll_clock()
        await pilot.pause()
        assert len(notes(app)) == 1 and rings == []
        settings = reminders.load_settings()
        reminders.save_settings(settings.minutes, bell=True)
        clock.set(pendulum.datetime(2026, 11, 30, 14, 20, 0, tz=SEOUL))
        app.poll_clock()
        await pilot.pause()
        assert len(notes(app)) == 2 and rings == [1]
