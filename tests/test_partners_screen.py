"""The roster through Pilot: search (초성), filters, sort, detail, HR forms, both languages."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual import events
from textual.widgets import Input, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.screens.partners import PartnersScreen
from branchdash.screens.widgets.partner_choice import ChoiceButton, ChoicePicker, DropButton
from branchdash.screens.widgets.partner_forms import PartnerForm
from branchdash.screens.widgets.partner_table import PartnerTable, text_width
from branchdash.screens.widgets.partner_team_picker import PartnerTeamPicker
from tests.tools.roster import make_branch, open_roster

ScreenT = TypeVar("ScreenT")

D = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    return make_branch()


async def settle(pilot, app: BranchDashApp) -> None:  # type: ignore[no-untyped-def]
    """Let the detail pane's timer fire and the workers (detail, reload) finish."""
    await pilot.pause(0.15)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown_names(screen: PartnersScreen) -> list[str]:
    return [row.name for row in screen.query_one(PartnerTable).rows]


def summary(screen: PartnersScreen) -> str:
    return str(screen.query_one("#summary", Static).render())


async def opened_by(pilot, app: BranchDashApp, key: str,  # type: ignore[no-untyped-def]
                    kind: type[ScreenT]) -> ScreenT:
    """Press `key` on the roster: the dialog or form it opens."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, kind), app.screen
    return app.screen


async def test_roster_lists_current_partners_with_a_summary(branch: str, clock: FakeClock
                                                            ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        # resigned partners are hidden by the default "current" filter, names sorted
        assert shown_names(screen) == ["김미나", "김민수", "박영미", "이유진", "최수민"]
        text = summary(screen)
        assert "5 of 6 shown" in text
        assert "Active 4" in text and "Resigned 1" in text and "Trainee 1" in text
        # phones are masked in the table
        assert screen._cell(screen.query_one(PartnerTable).rows[0], "phone") == "010-****-1234"


async def test_slash_then_initial_consonants_find_the_name(branch: str, clock: FakeClock
                                                           ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        for key in "ㄱㅁㅅ":
            await pilot.press(key)
        await pilot.pause()
        assert screen.query_one("#search", Input).value == "ㄱㅁㅅ"
        assert shown_names(screen) == ["김민수"]
        # deleting a consonant widens the search again
        await pilot.press("backspace")
        await pilot.pause()
        assert shown_names(screen) == ["김미나", "김민수"]
        # a phone's last digits find its owner
        screen.query_one("#search", Input).value = "9999"
        await pilot.pause()
        assert shown_names(screen) == ["최수민"]
        await pilot.press("escape")  # back to the table
        assert isinstance(app.focused, PartnerTable)


async def test_filters_by_status_team_and_role(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        status = screen.query_one("#status-filter", ChoiceButton)
        await pilot.press("slash", "tab")  # from the search box to the status filter
        assert app.focused is status
        await pilot.press("escape", "f")  # `f` goes there too; Enter opens it
        assert app.focused is status
        await pilot.press("enter")
        assert isinstance(app.screen, ChoicePicker)
        # current, any, candidate, trainee, active, inactive, resigned
        await pilot.press(*["down"] * 6, "enter")
        await pilot.pause()
        assert app.screen is screen and app.focused is status
        assert status.value == "resigned" and "Resigned ▾" in str(status.render())
        assert shown_names(screen) == ["강현우"]
        await pilot.press("space", "escape")  # opened and closed: nothing changes
        await pilot.pause()
        assert app.screen is screen and status.value == "resigned"
        await pilot.press("enter", *["up"] * 5, "enter")  # any status
        await pilot.pause()
        assert len(shown_names(screen)) == 6
        await pilot.press("g")  # the team picker: type 초성 of the sales manager
        await pilot.pause()
        assert isinstance(app.screen, PartnerTeamPicker)
        for key in "ㅇㅇ":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert shown_names(screen) == ["강현우", "이유진", "최수민"]
        assert "이유진" in str(screen.query_one("#team-filter", DropButton).label)
        # Tab goes search → status → team → role → table
        await pilot.press("f", "tab")
        assert app.focused is screen.query_one("#team-filter")
        await pilot.press("tab")
        assert app.focused is screen.query_one("#role-filter")
        await pilot.press("enter", "down", "enter")  # sellers
        await pilot.pause()
        assert shown_names(screen) == ["강현우", "최수민"]
        await pilot.press("tab")
        assert isinstance(app.focused, PartnerTable)


async def test_sort_by_key_and_reverse(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("s")  # the next column after name: team
        assert screen.sort_column == "team"
        names = shown_names(screen)
        assert names[:3] == ["김미나", "김민수", "박영미"]  # 박영미's team, names within
        await pilot.press("S")
        assert screen.descending
        assert shown_names(screen)[:2] == ["이유진", "최수민"]
        await app.run_action("screen.sort_by('status')")
        await pilot.pause()
        assert shown_names(screen)[0] == "김미나"  # trainee before active


async def test_detail_shows_history_with_before_and_after(branch: str, clock: FakeClock
                                                          ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("down")  # 김민수
        await settle(pilot, app)
        text = str(screen.query_one("#detail-text", Static).render())
        assert "김민수" in text
        assert "010-2222-5678" in text  # the whole number in the detail pane
        assert "HR history" in text
        assert "Status: Trainee → Active" in text
        assert "Status: Candidate → Trainee" in text


async def test_promote_form_writes_and_refusal_stays_open(branch: str, clock: FakeClock
                                                          ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("down")  # 김민수, active seller, rank 일반
        form = await opened_by(pilot, app, "p", PartnerForm)
        # a date before the last change is refused with the reason; nothing written
        form.query_one("#date", Input).value = "2026-09-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PartnerForm)
        assert "before 김민수 was hired" in str(
            form.query_one("#form-error", Static).render())
        form.query_one("#date", Input).value = "2026-11-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(pilot, app)
        assert app.screen is screen
        row = screen.query_one(PartnerTable).current
        assert row is not None and row.name == "김민수" and row.rank == "우수"
        text = str(screen.query_one("#detail-text", Static).render())
        assert "Rank: Regular → Excellent" in text


async def test_greyed_hr_keys_do_nothing(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        # 김미나 is a trainee: promote is not possible, the key opens nothing
        assert screen.query_one(PartnerTable).current.name == "김미나"  # type: ignore[union-attr]
        assert screen.check_action("promote", ()) is None
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("activate", ()) is True


async def test_korean_roster(branch: str, clock: FakeClock) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roster(pilot, app)
        text = summary(screen)
        assert "6명 중 5명 표시" in text
        assert "활동 4" in text
        row = screen.query_one(PartnerTable).rows[0]
        assert screen._cell(row, "status") == "교육생"
        await pilot.press("enter")  # narrow: the detail pane replaces the table
        await settle(pilot, app)
        assert screen.has_class("show-detail")
        assert "인사 이력" in str(screen.query_one("#detail-text", Static).render())


async def test_import_and_export_from_the_screen(branch: str, clock: FakeClock,
                                                 tmp_path: Path) -> None:
    from branchdash.screens.widgets.partner_forms import PartnerExportDialog, PartnerImportDialog

    fixtures = Path(__file__).parent / "fixtures" / "partners"
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        dialog = await opened_by(pilot, app, "i", PartnerImportDialog)
        # bad rows: every one listed, nothing imported
        dialog.query_one("#path", Input).value = str(fixtures / "bad_rows.csv")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Nothing was imported" in str(dialog.query_one("#form-error", Static).render())
        lines = str(dialog.query_one("#import-lines", Static).render())
        assert "line 4: the name is empty" in lines and "line 10:" in lines
        # with "skip bad rows" the good rows go in (박영미 is already in the roster: bad too)
        dialog.query_one("#skip").value = True  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Imported 0 of 9" in str(dialog.query_one("#form-error", Static).render())
        dialog.query_one("#path", Input).value = str(fixtures / "cp949.csv")
        dialog.query_one("#skip").value = False  # type: ignore[attr-defined]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # 박영미, 김민수 and 강현우's phones (or team names) clash: refused as a whole
        assert "Nothing was imported" in str(dialog.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        export = await opened_by(pilot, app, "x", PartnerExportDialog)
        target = tmp_path / "roster.csv"
        export.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        text = target.read_bytes().decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Name,Phone,Role")
        assert len(text.splitlines()) == 7  # header + 6 partners


async def test_palette_lists_roster_actions(branch: str, clock: FakeClock) -> None:
    from branchdash.screens.partners import _palette_entries

    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        labels = [label for label, _, _ in _palette_entries(screen)]
        assert "Recruit" in labels and "Import CSV" in labels
        assert "Sort partners by Hired" in labels
        await app.run_action("screen.sort_by('hired_on')")
        assert screen.sort_column == "hired_on"


async def test_recruit_form_adds_a_candidate_and_selects_them(branch: str, clock: FakeClock
                                                               ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        form = await opened_by(pilot, app, "n", PartnerForm)
        assert app.focused is form.query_one("#name", Input)
        form.query_one("#phone", Input).value = "010 2222 5678"  # 김민수's number
        for key in "홍길동":
            await pilot.press(key)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already belongs to 김민수" in str(form.query_one("#form-error", Static).render())
        form.query_one("#phone", Input).value = "01098765432"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen
        row = screen.query_one(PartnerTable).current
        assert row is not None
        assert (row.name, row.status, row.phone) == ("홍길동", "candidate", "010-9876-5432")


async def test_a_name_pasted_with_terminal_colours_is_stored_plain(branch: str,
                                                                    clock: FakeClock) -> None:
    from textual import events

    from branchdash.data.models import Partner

    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        form = await opened_by(pilot, app, "n", PartnerForm)
        app.post_message(events.Paste("홍\x1b[31m길동\x1b[0m\x07"))  # as a terminal sends it
        await pilot.pause()
        assert form.query_one("#name", Input).value == "홍길동"
        form.query_one("#phone", Input).value = "01098765432"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is screen
        assert Partner.get(Partner.phone == "010-9876-5432").name == "홍길동"


def test_filters_stay_usable_in_the_display_mode() -> None:
    from branchdash.screens.read_only import allows

    # the rule looks only at the classes
    assert allows(ChoiceButton.__new__(ChoiceButton), "press")
    assert allows(DropButton.__new__(DropButton), "press")
    assert allows(ChoicePicker.__new__(ChoicePicker), "down")
    assert allows(ChoicePicker.__new__(ChoicePicker), "cancel")


async def test_a_click_opens_a_filter_and_escape_leaves_it(branch: str, clock: FakeClock
                                                          ) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.click("#role-filter")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        assert "직책별로 보기" in str(picker.query_one(Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#role-filter", ChoiceButton).value == "all"
        assert len(shown_names(screen)) == 5


async def test_an_empty_table_says_why_and_what_to_do(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("slash", *"없는이름")
        await pilot.pause()
        table = screen.query_one(PartnerTable)
        assert shown_names(screen) == []
        assert "No partner matches" in table.render_line(2).text

    from branchdash.data.models import Partner

    Partner.delete().execute()  # a branch that has nobody yet
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_roster(pilot, app)
        assert "No partners yet" in screen.query_one(PartnerTable).render_line(2).text


def _line_text(table: PartnerTable, y: int) -> str:
    return table.render_line(y).text


async def test_rows_are_drawn_again_when_what_they_say_changes(branch: str, clock: FakeClock
                                                               ) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(160, 30)) as pilot:
        screen = await open_roster(pilot, app)
        table = screen.query_one(PartnerTable)
        first = table.rows[0]
        assert "010-****-1234" in _line_text(table, 1)
        await pilot.press("v")  # the phones shown whole: the kept line is made again
        await pilot.pause()
        assert first.phone in _line_text(table, 1)
        # The month's figures come after the rows; the lines drawn before them said "…".
        assert "…" not in _line_text(table, 1)


async def test_the_table_draws_its_own_scroll_bar_and_a_click_on_it_pages(
        branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 11)) as pilot:
        screen = await open_roster(pilot, app)
        table = screen.query_one(PartnerTable)
        visible = table.visible_rows
        assert len(table.rows) > visible and table.allow_vertical_scroll
        track, thumb = table.bar_colours()

        def bar() -> list[bool]:  # the lines under the header the thumb is on
            return [list(table.render_line(y))[-1].style == thumb
                    for y in range(1, visible + 1)]

        assert bar()[0] and not bar()[-1]  # at the top
        # The wheel scrolls it, though Textual shows no scroll bar of its own there.
        table.post_message(events.MouseScrollDown(table, 5, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_y > 0
        table.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert all(list(table.render_line(y))[-1].style in (track, thumb)
                   for y in range(1, visible + 1))
        await pilot.click(PartnerTable, offset=(table.size.width - 1, visible))
        await pilot.pause()
        assert table.cursor == visible and table.scroll_y > 0  # a page down
        await pilot.press("end")
        await pilot.pause()
        assert bar()[-1] and not bar()[0]  # at the bottom
        # With every row in view there is no bar to scroll with.
        await pilot.press("slash", *"김민수")
        await pilot.pause()
        assert len(table.rows) == 1 and not table.allow_vertical_scroll
        row_line = list(table.render_line(1))
        assert row_line[-1].style == row_line[0].style  # no bar: the row goes on


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ9 -,.₩원김민수ㄱ日本é…")))
def test_a_cells_width_is_what_rich_counts(text: str) -> None:
    assert text_width(text) == cell_len(text)
