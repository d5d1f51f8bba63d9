"""The app shell, driven through Pilot as a person would: keys, palette, help, quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from branchdash import i18n
from branchdash.app import BranchDashApp, Exit
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.screens.help import KeysHelp
from branchdash.screens.today import TodayScreen
from branchdash.screens.welcome import WelcomeScreen


def text_of(app: BranchDashApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def timeline_lines(app: BranchDashApp) -> list[str]:
    timeline = app.screen.query_one("#timeline", OptionList)
    return [str(timeline.get_option_at_index(i).prompt) for i in range(timeline.option_count)]


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


async def test_empty_database_offers_to_create_the_branch(db: Path, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("1")  # typed into the name field, no screen to switch to yet
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#branch-name", Input).value = ""
        await pilot.press("enter")  # no name: refused with a message
        assert "Type the branch" in text_of(app, "#welcome-error")
        for key in "Gangnam 3":
            await pilot.press(key if key != " " else "space")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.branch.name == "Gangnam 3"
        assert app.branch.code == "GANGNAM-3"
        # the weekly routine was seeded, so Monday has its blocks
        assert any("Morning meeting" in line for line in timeline_lines(app))


async def test_welcome_offers_the_demo(db: Path, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert app.return_value == Exit.OPEN_DEMO


async def test_opens_on_today_with_header(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.current_mode == "today"
        assert "강남3센터" in text_of(app, "#header-title")
        assert text_of(app, "#header-clock") == "Mon 30 Nov 2026  10:15:00"


async def test_header_in_korean(branch: str, clock: FakeClock) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_of(app, "#header-clock") == "2026년 11월 30일 (월)  10:15:00"
        assert "오늘" in text_of(app, "#header-title")


async def test_mode_key_and_greyed_current_mode(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        assert app.current_mode == "today"
        # the current screen's key is shown, greyed: check_action says "disabled"
        assert app.check_action("switch_mode", ("today",)) is None


async def test_palette_lists_the_screens(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "1 · Today" in commands
        assert "Keys help" in commands
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "Today":
            await pilot.press(key)
        from textual.command import CommandList

        for _ in range(100):  # the palette searches in the background: wait for its list
            await pilot.pause(0.05)
            if app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count:
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "today"
        assert isinstance(app.screen, TodayScreen)


async def test_keys_help_opens_and_closes(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysHelp)
        rows = {(key, what) for _, key, what in app.screen.rows}
        assert ("^q", "Quit") in rows and ("n", "Next day") in rows
        assert ("1", "Today") in rows and ("^p", "Command palette: every action by name") in rows
        assert all(what for _, what in rows)
        assert not any(key == "0" for key, _ in rows)  # HQ's roll-up: not on a branch's laptop
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_ctrl_q_quits_cleanly(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == Exit.QUIT
    assert app.return_code in (0, None)


async def test_footer_keys_follow_the_language(branch: str, clock: FakeClock) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "다음 날" in descriptions and "종료" in descriptions
        assert not any(d.startswith("@") for d in descriptions)


# --- the clock drives the screen --------------------------------------------------------


async def test_minute_tick_moves_the_current_block(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Training" in text_of(app, "#now-status")
        clock.advance(hours=3)  # 13:15: HQ directives
        app.poll_clock()
        await pilot.pause()
        assert "Now: HQ directives" in text_of(app, "#now-status")
        assert text_of(app, "#header-clock").endswith("13:15:00")


async def test_midnight_brings_tomorrow(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.set(clock.now().replace(hour=23, minute=59, second=59))
        app.poll_clock()
        clock.advance(2)
        app.poll_clock()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert str(screen.shown_date) == "2026-12-01"
        assert "Tue 1 Dec 2026" in text_of(app, "#day-title")
        assert "Tue 1 Dec 2026" in text_of(app, "#header-clock")


async def test_wake_from_sleep_redraws(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        clock.jump(hours=8)  # lid closed at 10:15, opened at 18:15
        app.poll_clock()
        await pilot.pause()
        assert "Evening meeting" in text_of(app, "#now-status")


async def test_browse_days(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert "Tue 1 Dec 2026" in text_of(app, "#day-title")
        assert "not today" in text_of(app, "#day-title")
        await pilot.press("p", "p")
        assert "Sun 29 Nov 2026" in text_of(app, "#day-title")
        assert any("No blocks" in line for line in timeline_lines(app))
        await pilot.press("t")
        assert "Mon 30 Nov 2026" in text_of(app, "#day-title")
