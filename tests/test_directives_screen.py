"""The Directives / Training / Promotions screen, driven by keys through Pilot."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pendulum
import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TextArea

from branchdash import directives as dv
from branchdash import hr, i18n
from branchdash import promotions as pm
from branchdash import training as tr
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import Expense, Meeting, Partner
from branchdash.screens.directives import DirectivesScreen
from branchdash.screens.widgets.directive_dialogs import (
    ConfirmDialog,
    FormDialog,
    InputError,
    PickDialog,
    RosterDialog,
    parse_date,
    parse_time,
)
from branchdash.screens.widgets.line_table import LineTable

TODAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("Gangnam 3", "GN3").id


def cells(app: BranchDashApp, selector: str) -> list[list[str]]:
    # A DataTable, or the directives' own line table (the same row_count, get_row_at).
    table = app.screen.query_one(selector)
    assert isinstance(table, DataTable | LineTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def static_text(app: BranchDashApp, selector: str) -> str:
    """What a Static shows, as plain text (its content may be any Rich renderable)."""
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def fill(app: BranchDashApp, **values: str) -> None:
    """Type into the open form's fields (Korean too, which Pilot keys cannot type)."""
    form = app.screen
    assert isinstance(form, FormDialog)
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


async def open_screen(app: BranchDashApp, pilot: object, tab: int = 0) -> DirectivesScreen:
    await pilot.press("6")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    for _ in range(tab):
        await pilot.press("]")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, DirectivesScreen)
    return app.screen


def test_typed_dates_and_times() -> None:
    assert parse_date("2026-12-05", TODAY) == pendulum.date(2026, 12, 5)
    assert parse_date("12/5", TODAY) == pendulum.date(2026, 12, 5)
    assert parse_date("12월 5일", TODAY) == pendulum.date(2026, 12, 5)
    assert parse_date("+3", TODAY) == pendulum.date(2026, 12, 3)
    assert parse_date("오늘", TODAY) == TODAY
    assert parse_date("20261205", TODAY) == pendulum.date(2026, 12, 5)
    with pytest.raises(InputError, match="not a date"):
        parse_date("13/45", TODAY)
    assert parse_time("9:30") == dt.time(9, 30)
    assert parse_time("1400") == dt.time(14, 0)
    assert parse_time("14시 30분") == dt.time(14, 30)
    with pytest.raises(InputError):
        parse_time("25:00")


# --- directives ------------------------------------------------------------------------------


async def test_directive_recorded_understood_relayed_and_done_by_keys(
        branch: str, clock: FakeClock) -> None:
    meeting = Meeting.create(branch=branch, date=TODAY, kind="morning").id
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        assert "No directives yet" in static_text(app, "#directive-detail")
        await pilot.press("n")
        await pilot.pause()
        fill(app, number="HQ-2026-101", title="Winter set push", received="11/28",
             due="+2", key_points="- each team sells 5 sets")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DirectivesScreen)
        [row] = cells(app, "#directive-table")
        assert row[0] == "HQ-2026-101" and row[4] == "received"
        assert "D-2" in row[3]
        assert "each team sells 5 sets" in static_text(app, "#directive-detail")
        assert "1 due soon" in static_text(app, "#directive-summary")
        await pilot.press("space")  # received -> understood
        await pilot.pause()
        assert cells(app, "#directive-table")[0][4] == "understood"
        await pilot.press("space")  # the next step needs a meeting: the picker opens
        await pilot.pause()
        assert isinstance(app.screen, PickDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        row = cells(app, "#directive-table")[0]
        assert row[4] == "relayed" and "AM mtg" in row[5]
        [item] = dv.list_directives(branch)
        assert item.relayed_in is not None and item.relayed_in.id == meeting
        await pilot.press("space")  # relayed -> done: hidden with the other done ones
        await pilot.pause()
        assert cells(app, "#directive-table") == []
        await pilot.press("h")
        await pilot.pause()
        assert cells(app, "#directive-table")[0][4] == "done"
        await pilot.press("backspace")  # a slip: back to relayed
        await pilot.pause()
        assert dv.get_directive(item.id).status == "relayed"


async def test_refusals_are_messages_and_the_form_keeps_what_was_typed(
        branch: str, clock: FakeClock) -> None:
    dv.create_directive(branch, number="HQ-1", title="Taken", received_on=TODAY)
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot)
        await pilot.press("backspace")  # nothing before "received"
        await pilot.pause()
        assert any("nothing to undo" in str(n.message) for n in app._notifications)
        await pilot.press("n")
        await pilot.pause()
        fill(app, number="HQ-1", title="Another", received="today", due="11/1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert "before the received date" in static_text(app, "#form-error")
        fill(app, due="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "already recorded" in static_text(app, "#form-error")
        assert form.query_one("#field-title", Input).value == "Another"
        await pilot.press("escape")  # something typed: asks first
        await pilot.pause()
        assert app.screen is form
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DirectivesScreen)
    assert len(dv.list_directives(branch)) == 1


async def test_search_filters_as_typed(branch: str, clock: FakeClock) -> None:
    dv.create_directive(branch, number="HQ-1", title="Safety check", received_on=TODAY,
                        key_points="fire drill")
    dv.create_directive(branch, number="HQ-2", title="Winter push", received_on=TODAY)
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot)
        assert len(cells(app, "#directive-table")) == 2
        await pilot.press("slash")
        for key in "drill":
            await pilot.press(key)
        await pilot.pause()
        assert [row[0] for row in cells(app, "#directive-table")] == ["HQ-1"]
        await pilot.press("enter")  # back to the list
        assert app.focused is app.screen.query_one("#directive-table")


async def test_the_list_moves_by_keys_and_keeps_its_cursor_across_redraws(
        branch: str, clock: FakeClock) -> None:
    for number, days in (("HQ-1", 1), ("HQ-2", 2), ("HQ-3", 3)):
        dv.create_directive(branch, number=number, title=f"Title {number}", received_on=TODAY,
                            due_on=TODAY.add(days=days))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        assert [row[0] for row in cells(app, "#directive-table")] == ["HQ-1", "HQ-2", "HQ-3"]
        assert "HQ-1" in static_text(app, "#directive-detail")
        await pilot.press("down")
        await pilot.pause()
        assert "HQ-2" in static_text(app, "#directive-detail")  # the detail follows
        await pilot.press("space")  # received → understood: the list is drawn again
        await pilot.pause()
        assert cells(app, "#directive-table")[1][4] == "understood"
        assert "HQ-2" in static_text(app, "#directive-detail")  # still on the same one
        await pilot.press("end")
        await pilot.pause()
        assert "HQ-3" in static_text(app, "#directive-detail")
        await pilot.press("enter")  # opens it to edit
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-number", Input).value == "HQ-3"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_later_tabs_are_built_when_first_opened(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        assert screen.panes["directives-pane"].is_mounted
        assert not screen.panes["training-pane"].is_mounted  # not on the first visit
        assert not screen.panes["promotions-pane"].is_mounted
        await pilot.press("]")
        await pilot.pause()
        await pilot.pause()
        assert screen.panes["training-pane"].is_mounted
        assert app.focused is screen.query_one("#training-table")
        assert not screen.panes["promotions-pane"].is_mounted


# --- training ----------------------------------------------------------------------------------


async def test_training_planned_attended_completed_and_paid_by_keys(
        branch: str, clock: FakeClock) -> None:
    tr.set_activation(True)
    trainee = hr.recruit(branch, "Park Sora", TODAY.subtract(days=10))
    hr.transition(trainee, "start_onboarding", on=TODAY.subtract(days=9))
    absent = hr.recruit(branch, "Choi Min", TODAY.subtract(days=10))
    hr.transition(absent, "start_onboarding", on=TODAY.subtract(days=9))
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot, tab=1)
        assert screen.query_one(TabbedContent).active == "tab-training"
        await pilot.press("n")
        await pilot.pause()
        fill(app, kind="new_partner", title="Onboarding week 1", date="today", start="930",
             end="11:30", curriculum="1. The company\n2. The products")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [row] = cells(app, "#training-table")
        assert "Onboarding week 1" in row[2] and row[1] == "New partner"
        [training] = tr.list_trainings(branch)
        await pilot.press("i")  # invite: the roster, with the usual attendees one key away
        await pilot.pause()
        assert isinstance(app.screen, RosterDialog)
        await pilot.press("ctrl+a")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert [r[1] for r in cells(app, "#attendee-table")] == ["Choi Min", "Park Sora"]
        await pilot.press("enter")  # into the attendee list: roll call
        assert app.focused is screen.query_one("#attendee-table")
        await pilot.press("x")  # Choi Min absent, the cursor moves on
        await pilot.press("p")  # Park Sora present
        await pilot.pause()
        marks = [r[0] for r in cells(app, "#attendee-table")]
        assert "absent" in marks[0] and "present" in marks[1]
        await pilot.press("c")
        await pilot.pause()
        assert tr.get_training(training.id).completed
        assert Partner.get_by_id(trainee).status == "active"
        assert Partner.get_by_id(absent).status == "trainee"
        assert any("Park Sora" in str(n.message) for n in app._notifications)
        await pilot.press("b")  # book the cost
        await pilot.pause()
        fill(app, amount="15만", payee="Print shop")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        expense = Expense.get(Expense.training == training.id)
        assert (expense.account, expense.amount_won, expense.payee) == (
            "training", 150_000, "Print shop")
        assert "₩150,000" in cells(app, "#training-table")[0][4]
        await pilot.press("w")  # who is behind: the per-partner view
        await pilot.pause()
        rows = {r[0]: r for r in cells(app, "#partner-table")}
        assert rows["Choi Min"][3] == "Onboarding week 1"
        assert rows["Park Sora"][2] == "1"


async def test_attendance_refused_before_the_day(branch: str, clock: FakeClock) -> None:
    kim = Partner.create(branch=branch, name="Kim", status="active").id
    item = tr.create_training(branch, kind="regular", title="Monthly review",
                              date=TODAY.add(days=2), start=dt.time(9, 30),
                              end=dt.time(11, 30))
    tr.invite(item.id, [kim])
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_screen(app, pilot, tab=1)
        await pilot.press("enter", "p")
        await pilot.pause()
        assert any("has not happened yet" in str(n.message) for n in app._notifications)
        await pilot.press("c")
        await pilot.pause()
        assert not tr.get_training(item.id).completed


# --- promotions -------------------------------------------------------------------------------


async def test_promotion_planned_paid_and_measured_by_keys(branch: str,
                                                           clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_screen(app, pilot, tab=2)
        assert screen.query_one(TabbedContent).active == "tab-promotions"
        await pilot.press("n")
        await pilot.pause()
        fill(app, title="Winter push", starts="11/16", ends="11/29", budget="100만",
             metric="sales_count", target="40", lift="20")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [promotion] = pm.list_promotions(branch)
        assert (promotion.budget_won, promotion.target_value) == (1_000_000, 40)
        assert "ended" in cells(app, "#promotion-table")[0][2]
        await pilot.press("b")
        await pilot.pause()
        fill(app, amount="300,000", date="11/16", category="Gifts")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pm.get_promotion(promotion.id).spent_won == 300_000
        assert Expense.get(Expense.promotion == promotion.id).account == "promotion"
        detail = static_text(app, "#promotion-detail")
        assert "₩300,000" in detail and "Gifts" in detail
        await pilot.press("delete")  # money is booked on it: refused after the question
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert any("remove its expenses first" in str(n.message) for n in app._notifications)
        assert len(pm.list_promotions(branch)) == 1


# --- both languages, both sizes, the palette ---------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_every_tab_in_korean(branch: str, clock: FakeClock,
                                   size: tuple[int, int]) -> None:
    i18n.set_language("ko")
    dv.create_directive(branch, number="본사-2026-101", title="겨울 신상품 판매 강화",
                        received_on=TODAY.subtract(days=5), due_on=TODAY.subtract(days=1))
    tr.create_training(branch, kind="new_product", title="신상품 교육", date=TODAY,
                       start=dt.time(9, 30), end=dt.time(11, 30))
    pm.create_promotion(branch, title="겨울 프로모션", starts_on=TODAY, ends_on=TODAY.add(days=9),
                        budget_won=500_000, target_metric="sales_count", target_value=30)
    app = BranchDashApp(clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(app, pilot)
        row = cells(app, "#directive-table")[0]
        assert row[4] == "접수" and "1일 지남" in row[3]
        assert "기한 지남 1건" in static_text(app, "#directive-summary")
        await pilot.press("]")
        await pilot.pause()
        assert cells(app, "#training-table")[0][1] == "신상품"
        await pilot.press("]")
        await pilot.pause()
        assert "진행 중" in cells(app, "#promotion-table")[0][2]
        assert "판매 건수" in static_text(app, "#promotion-detail")
        await pilot.press("[", "[")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "tab-directives"


async def test_the_palette_lists_every_tab_key(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(app, pilot)
        from branchdash.screens.directives import _palette_entries

        names = [name for name, _, _ in _palette_entries(screen)]
        assert "Training: Book cost" in names
        assert "Promotions: Book expense" in names
        assert "HQ directives: Relay" in names
        # running one opens its tab and does what the key does
        callback = next(cb for name, _, cb in _palette_entries(screen)
                        if name == "Promotions: New")
        callback()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
