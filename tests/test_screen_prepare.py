"""The screens not yet shown are built out of view while the manager reads Today
(screens/mode_switch.py): a first visit is then drawn like a return. Building one must
change nothing the user would notice: not the screen in view, not its focus, not the
data (no meeting is made by a screen nobody opened), not what the screen shows when it
is opened, and never while the user is typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from branchdash import directives
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import Meeting
from branchdash.screens.widgets.line_table import LineTable
from branchdash.screens.widgets.notes_editor import NotesEditor
from tests.tools.started import styles_read

BRANCH_MODES = ["today", "partners", "budget", "meetings", "goals", "directives"]


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


async def quiet_second(app: BranchDashApp, pilot: object, clock: FakeClock) -> None:
    """A second of the user reading: the clock ticks, nothing is pressed."""
    clock.advance(1.0)
    app.poll_clock()
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def built_modes(app: BranchDashApp) -> list[str]:
    return [mode for mode in BRANCH_MODES if mode in app._screen_stacks]


async def steps_until_prepared(app: BranchDashApp, pilot: object,
                               clock: FakeClock) -> list[str]:
    """The user stays quiet: the steps run (real time, one every 0.3 s), and a clock
    tick starts them again where they paused (a screen's reading not done, a garbage
    collection on the tick). Returns the modes in the order they were built."""
    order: list[str] = []
    for _ in range(150):
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        order += [mode for mode in built_modes(app) if mode not in order]
        if app.screens_prepared:
            break
        if app._prepare_timer is None:
            await quiet_second(app, pilot, clock)
    return order


async def test_screens_are_built_once_the_user_is_quiet_while_today_stays_as_it_was(
        branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await styles_read(app, pilot)
        today = app.screen
        focused = app.focused
        assert isinstance(focused, OptionList)  # Today's timeline
        await quiet_second(app, pilot, clock)  # quiet for 1 s: not yet
        await pilot.pause(0.5)
        assert built_modes(app) == ["today"]
        order = await steps_until_prepared(app, pilot, clock)  # from 2 s
        assert app.screens_prepared
        assert order == BRANCH_MODES  # in the order of their keys
        assert app.screen is today and app.focused is focused
        assert app.current_mode == "today"


async def test_no_screen_is_built_while_the_user_types(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await styles_read(app, pilot)
        for _ in range(10):  # a key every second
            await pilot.press("down")
            await quiet_second(app, pilot, clock)
        assert built_modes(app) == ["today"]
        # Quiet: the steps begin; a key stops them until the user is quiet again.
        for _ in range(50):
            if len(built_modes(app)) > 1:
                break
            await quiet_second(app, pilot, clock)
            await pilot.pause(0.1)
        assert len(built_modes(app)) > 1
        await pilot.press("down")
        await pilot.pause(0.4)
        built = built_modes(app)
        await pilot.pause(1.0)  # three steps' time
        assert built_modes(app) == built and not app.screens_prepared
        await steps_until_prepared(app, pilot, clock)
        assert app.screens_prepared


async def test_a_built_screen_opens_like_any_other(branch: str, clock: FakeClock) -> None:
    """The meetings screen chooses its meeting (and makes one for the block under way)
    when opened, not when built; a directive written after Directives was built is on
    it when opened."""
    app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await styles_read(app, pilot)
        await steps_until_prepared(app, pilot, clock)
        assert app.screens_prepared
        assert Meeting.select().count() == 0

        directives.create_directive(branch, number="본사-2026-101", title="연말 판촉 안내",
                                    received_on=clock.now().date())
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one("#directive-table", LineTable)
        assert table.row_count == 1
        assert "연말 판촉 안내" in table.render_line(1).text  # under the header

        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "meetings"
        assert Meeting.select().count() == 1  # this evening's 석회, opened
        assert isinstance(app.focused, NotesEditor)


async def test_a_key_for_a_screen_still_being_built_waits_until_it_is_built(
        branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await styles_read(app, pilot)
        assert app.prepare_next_screen(["budget"]) == "budget"
        app.switch_mode("budget")  # before its mount has even begun
        assert app._holding_new_screen  # frames held, as for a first visit
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "budget"
        assert not app._holding_new_screen and app._batch_count == 0
        assert "Nov 2026" in str(app.screen.query_one("#budget-title").render())
