"""The display mode (`--read-only`, the default of `serve`): editing keys and commands
disabled on every screen, the store refusing writes, the wall display's round."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

import peewee
import pytest
from textual.command import CommandList
from textual.widgets import TextArea

from branchdash import schedule
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.postgres import is_read_only_error, set_read_only
from branchdash.data.settings import get_setting, set_setting
from branchdash.meetings import past_meetings
from branchdash.screens.base import BranchScreen
from branchdash.screens.read_only import allows, allows_command
from branchdash.screens.today import TodayScreen

EDITING_ON_TODAY = {"mark", "add_block", "edit_block", "delete_block", "move_block",
                    "routine", "reminder_settings", "open_block"}


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


@pytest.fixture(autouse=True)
def writable_again() -> object:
    yield
    set_read_only(False)  # the next test's database starts writable


def footer_actions(app: BranchDashApp) -> set[str]:
    return {active.binding.action.split("(", 1)[0]
            for active in app.screen.active_bindings.values() if active.binding.show}


async def test_today_offers_only_what_a_viewer_can_do(clock: FakeClock, branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = footer_actions(app)
        assert {"previous_day", "next_day", "go_today", "week"} <= shown
        assert not shown & EDITING_ON_TODAY
        assert "Meeting-room screen: read-only" in [n.message for n in app._notifications]


async def test_editing_keys_change_nothing(clock: FakeClock, branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await pilot.press("down")
        block = screen.selected_block()
        assert block is not None and block.status == "planned"
        blocks_before = schedule.day(branch, clock.now().date()).blocks
        for key in ("x", "s", "a", "e", "d", "minus", "plus", "r", "m", "enter"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key  # no form, no dialog, no meeting opened
        assert schedule.day(branch, clock.now().date()).blocks == blocks_before
        assert past_meetings(branch) == []
        # Browsing still works.
        await pilot.press("n")
        assert screen.shown_date == clock.now().date().add(days=1)


async def test_the_store_refuses_writes_on_every_connection(clock: FakeClock,
                                                            branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with pytest.raises(peewee.OperationalError) as refused:
            set_setting("anything", "1")
        assert is_read_only_error(refused.value)
        errors: list[BaseException] = []

        def write_in_a_thread() -> None:  # workers read in threads: their own connection
            try:
                set_setting("anything", "2")
            except BaseException as error:  # noqa: BLE001 - handed to the test
                errors.append(error)

        worker = threading.Thread(target=write_in_a_thread)
        worker.start()
        worker.join()
        assert len(errors) == 1 and is_read_only_error(errors[0])
    assert get_setting("anything") is None


async def test_the_palette_leaves_out_editing_commands(clock: FakeClock, branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"day")
        await pilot.pause(0.5)
        prompts = _palette_prompts(app)
        assert any("Next day" in prompt for prompt in prompts), prompts
        await pilot.press(*[("backspace")] * 3, *"block")
        await pilot.pause(0.5)
        prompts = _palette_prompts(app)
        assert not any("Add a block" in p or "Mark the block done" in p for p in prompts), \
            prompts


async def test_the_palette_offers_editing_commands_when_editing(clock: FakeClock,
                                                                branch: str) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"block")
        await pilot.pause(0.5)
        assert any("Add a block" in prompt for prompt in _palette_prompts(app))
        await pilot.press("escape")
        assert {"add_block", "mark"} <= footer_actions(app)


def _palette_prompts(app: BranchDashApp) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_each_screen_keeps_only_its_browsing_keys(clock: FakeClock,
                                                        branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    expected = {
        "budget": ({"previous_month", "next_month", "filter"},
                   {"add_expense", "edit_expense", "delete_expense", "undo", "edit_budgets"}),
        "goals": ({"previous_month", "next_month", "view", "next_metric"},
                  {"enter_results", "set_goal", "type_month", "settings"}),
        "directives": ({"next_tab", "search"}, {"new", "edit", "advance", "relay", "delete"}),
        "meetings": ({"browse"}, {"next_topic", "save", "export", "end_meeting"}),
    }
    async with app.run_test(size=(160, 40)) as pilot:
        for mode, (kept, gone) in expected.items():
            await app.run_action(f"switch_mode('{mode}')")
            await pilot.pause()
            shown = footer_actions(app)
            assert kept <= shown, (mode, shown)
            assert not shown & gone, (mode, shown)


async def test_meetings_makes_no_meeting_and_its_notes_are_read_only(
        clock: FakeClock, branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "meetings"
        assert app.screen.query_one("#notes", TextArea).read_only
        await pilot.press(*"hello")
        assert past_meetings(branch) == []


async def test_the_wall_display_goes_round_today_goals_budget(clock: FakeClock,
                                                              branch: str) -> None:
    app = BranchDashApp(clock, read_only=True, cycle_seconds=30)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        seen = [app.current_mode]
        for _ in range(3):
            app.cycle_screens()
            await pilot.pause()
            seen.append(app.current_mode)
        assert seen == ["today", "goals", "budget", "today"]
        await pilot.press("?")  # a dialog open: the round waits
        app.cycle_screens()
        await pilot.pause()
        assert app.current_mode == "today"


def test_the_rule_for_nodes_and_palette_commands(clock: FakeClock) -> None:
    class Plain(BranchScreen):
        READ_ONLY_ACTIONS = frozenset({"look"})

        def action_look(self) -> None: ...

        def action_change(self) -> None: ...

    screen = Plain()
    assert allows(screen, "look") and not allows(screen, "change")
    assert allows(screen, "dismiss")  # closing never writes
    assert allows(screen, "maximize")  # Textual's own: only what is shown changes
    assert allows_command(partial(screen.run_action, "look"))
    assert not allows_command(partial(screen.run_action, "change('x')"))
    assert not allows_command(lambda: None)  # unknown: left out


def test_partner_phones_stay_masked() -> None:
    from branchdash.screens.partners import PartnersScreen

    screen = PartnersScreen.__new__(PartnersScreen)  # the rule only looks at the class
    assert not allows(screen, "toggle_phones")
    assert allows(screen, "search") and not allows(screen, "recruit")


async def test_the_directives_palette_keeps_its_tabs(clock: FakeClock, branch: str) -> None:
    app = BranchDashApp(clock, read_only=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("6", "ctrl+p", *"tab")
        await pilot.pause(0.5)
        prompts = _palette_prompts(app)
        assert any("Training" in prompt for prompt in prompts), prompts
        await pilot.press(*["backspace"] * 3, *"new")
        await pilot.pause(0.5)
        assert not any(": New" in prompt for prompt in _palette_prompts(app))
