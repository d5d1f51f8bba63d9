"""The Budget screen driven by keys, as the manager would: open it, add, edit,
delete and undo expenses, switch month and account, filter, set budgets."""

from __future__ import annotations

import io
from pathlib import Path

import pendulum
import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.budget import ExpenseDraft, add_expense, budgets_for, month_expenses, set_budget
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.screens.budget import BudgetScreen
from branchdash.screens.widgets.budget_form import BudgetForm
from branchdash.screens.widgets.burndown import BurndownChart
from branchdash.screens.widgets.expense_form import ExpenseForm

NOV = pendulum.date(2026, 11, 1)


@pytest.fixture
def branch(db: Path) -> str:
    branch_id = create_branch("강남3센터", "GN03").id
    set_budget(branch_id, NOV, "operating", 3_000_000)
    set_budget(branch_id, NOV, "promotion", 2_000_000)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 11, 3), "promotion", 800_000,
                                        "판촉물", "판촉나라"), NOV)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 11, 20), "operating", 250_000,
                                        "다과/음료", "이마트"), NOV)
    return branch_id


def text(app: BranchDashApp, selector: str) -> str:
    """What a Static shows, as plain text (also when it holds a Rich table)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def table_rows(app: BranchDashApp) -> list[list[str]]:
    table = app.screen.query_one("#expenses", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_budget(pilot) -> BudgetScreen:  # noqa: ANN001
    await pilot.press("3")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BudgetScreen)
    return screen


async def type_text(pilot, value: str) -> None:  # noqa: ANN001
    for char in value:
        await pilot.press(char if char != " " else "space")


async def test_key_3_opens_the_month_with_chart_and_figures(branch: str,
                                                              clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        assert "Nov 2026" in text(app, "#budget-title")
        figures = text(app, "#budget-figures")
        assert "₩5,000,000" in figures  # the budget, all accounts
        assert "₩1,050,000" in figures  # spent to date
        chart = screen.query_one(BurndownChart)
        assert chart.burndown is not None and chart.burndown.account == "all"
        rendered = str(chart.render())
        assert "█" in rendered and "▲" in rendered  # bars and today's marker
        assert [row[2] for row in table_rows(app)] == ["다과/음료", "판촉물"]


async def test_add_an_expense_typed_as_people_type(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExpenseForm)
        await type_text(pilot, "1.5만")  # the amount field comes first
        await pilot.pause()
        assert "₩15,000" in str(form.query_one("#expense-amount-hint", Static).render())
        form.query_one("#expense-category", Input).value = "간식"
        form.query_one("#expense-payee", Input).value = "편의점"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BudgetScreen)
        rows = month_expenses(branch, NOV)
        new = next(r for r in rows if r.category == "간식")
        assert (new.amount_won, new.spent_on, new.account) == (
            15_000, pendulum.date(2026, 11, 30), "operating")
        assert any("간식" in row for row in table_rows(app))
        assert "₩1,065,000" in text(app, "#budget-figures")


async def test_refused_amount_and_date_write_nothing(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "-5000")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExpenseForm)
        assert "negative" in str(form.query_one("#expense-error", Static).render())
        form.query_one("#expense-amount", Input).value = "5000"
        form.query_one("#expense-date", Input).value = "12/1"
        await pilot.press("enter")
        await pilot.pause()
        assert "outside this month" in str(form.query_one("#expense-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BudgetScreen)
        assert len(month_expenses(branch, NOV)) == 2


async def test_edit_then_undo(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("e")  # the first row: 다과/음료, 250,000
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExpenseForm)
        assert form.query_one("#expense-amount", Input).value == "250,000"
        form.query_one("#expense-amount", Input).value = "30만원"
        await pilot.press("enter")
        await pilot.pause()
        amounts = sorted(r.amount_won for r in month_expenses(branch, NOV))
        assert amounts == [300_000, 800_000]
        await pilot.press("u")
        await pilot.pause()
        amounts = sorted(r.amount_won for r in month_expenses(branch, NOV))
        assert amounts == [250_000, 800_000]


async def test_delete_then_undo_puts_it_back(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        before = month_expenses(branch, NOV)
        await pilot.press("down")  # the second row: 판촉물
        await pilot.press("d")
        await pilot.pause()
        assert [r.category for r in month_expenses(branch, NOV)] == ["다과/음료"]
        assert [row[2] for row in table_rows(app)] == ["다과/음료"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert month_expenses(branch, NOV) == before
        await pilot.press("u")  # nothing left to undo: a message, no change
        await pilot.pause()
        assert month_expenses(branch, NOV) == before


async def test_switch_month_and_account_by_key(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        await pilot.press("a")  # operating
        await pilot.pause()
        assert screen.view_account == "operating"
        assert [row[2] for row in table_rows(app)] == ["다과/음료"]
        assert "₩3,000,000" in text(app, "#budget-figures")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Dec 2026" in text(app, "#budget-title")
        assert "carried from Nov 2026" in text(app, "#budget-figures")  # next month carries
        assert "No expenses" in table_rows(app)[0][2]
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert "Oct 2026" in text(app, "#budget-title")
        assert "no budget set" in text(app, "#budget-figures")
        await pilot.press("t")
        await pilot.pause()
        assert "Nov 2026" in text(app, "#budget-title")
        await pilot.press("a", "a", "a")  # training, promotion, back to all
        await pilot.pause()
        assert screen.view_account == "all"


async def test_filter_by_category(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("f")
        await type_text(pilot, "판촉")
        await pilot.pause()
        assert [row[2] for row in table_rows(app)] == ["판촉물"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table_rows(app)) == 2


async def test_warning_when_spending_runs_ahead(branch: str, clock: FakeClock) -> None:
    add_expense(branch, ExpenseDraft(pendulum.date(2026, 11, 29), "operating", 2_900_000,
                                     "임차료"), NOV)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        warning = screen.query_one("#budget-warning", Static)
        assert warning.has_class("-warned") and "Over budget" in str(warning.render())
        await pilot.press("right_square_bracket")  # December: nothing spent yet
        await pilot.pause()
        assert not warning.has_class("-warned")
        assert "within budget" in str(warning.render())


async def test_a_month_without_a_budget_says_how_to_set_one(db: Path, clock: FakeClock) -> None:
    create_branch("새지점", "NEW1")
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        warning = screen.query_one("#budget-warning", Static)
        assert not warning.has_class("-warned")
        assert "No budget for this month yet: b sets" in str(warning.render())


async def test_set_budgets_with_a_front_loaded_plan(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("right_square_bracket", "b")  # December: amounts carried
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BudgetForm)
        assert form.query_one("#budget-operating", Input).value == "3,000,000"
        form.query_one("#budget-promotion", Input).value = "250만"
        form.query_one("#plan-promotion", Input).value = "3 100만 판촉물 키트"
        form.query_one("#budget-training", Input).value = "12만 15000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ambiguous" in str(form.query_one("#budget-error", Static).render())
        form.query_one("#budget-training", Input).value = "150만"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BudgetScreen)
    december = budgets_for(branch, pendulum.date(2026, 12, 1))
    assert december["promotion"].amount_won == 2_500_000 and december["promotion"].is_set
    assert december["promotion"].plan[0].amount_won == 1_000_000
    assert december["training"].amount_won == 1_500_000
    assert december["operating"].carried_from == NOV  # left as it was: still carried


async def test_korean_screen(branch: str, clock: FakeClock) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        assert "2026년 11월" in text(app, "#budget-title")
        assert "전체 계정" in text(app, "#budget-title")
        assert "5,000,000원" in text(app, "#budget-figures")
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "12만원")
        await pilot.pause()
        assert "120,000원" in str(app.screen.query_one("#expense-amount-hint", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert sorted(r.amount_won for r in month_expenses(branch, NOV)) == [
            120_000, 250_000, 800_000]
        assert "운영비" in table_rows(app)[0][1]


async def test_actions_are_in_the_command_palette(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_budget(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "next month")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert "Dec 2026" in text(app, "#budget-title")


async def test_long_month_lists_a_page_then_more(branch: str, clock: FakeClock) -> None:
    for day in range(1, 31):
        for _ in range(2):
            add_expense(branch, ExpenseDraft(pendulum.date(2026, 11, day), "operating", 1_000,
                                             "복사"), NOV)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        assert len(table_rows(app)) == 50
        assert "50 of 62 shown" in text(app, "#expense-more")
        await pilot.press("m")
        await pilot.pause()
        assert len(table_rows(app)) == 62
        assert not screen.query_one("#expense-more", Static).display


async def test_the_budget_form_opens_at_its_top_on_a_small_terminal(branch: str,
                                                                    clock: FakeClock) -> None:
    """At 80x24 the form is taller than the screen: its title and first account stay in
    view with the cursor in the first amount."""
    from textual.containers import Vertical

    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BudgetForm)
        assert form.query_one(Vertical).scroll_y == 0
        assert app.focused is form.query_one("#budget-operating", Input)


async def test_the_months_either_side_are_read_ahead_and_not_shown_stale(
        branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_budget(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        october = NOV.subtract(months=1)
        ahead = screen._ahead[october].view
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.view is ahead  # shown as read, nothing written since
        chart = screen.query_one(BurndownChart)
        assert chart._drawn is not None and chart._drawn.lines  # drawn in the thread
        # The minute's redraw does not read the months either side again.
        await app.workers.wait_for_complete()
        await pilot.pause()
        kept = dict(screen._ahead)
        screen.refresh_data()
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert all(screen._ahead[month] is kept[month] for month in kept)
        # Written after the months were read ahead: the month key reads it again.
        await app.workers.wait_for_complete()
        await pilot.pause()
        add_expense(branch, ExpenseDraft(pendulum.date(2026, 9, 15), "operating", 70_000,
                                         "다과/음료", "이마트"), pendulum.date(2026, 9, 1))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "Sep 2026" in text(app, "#budget-title")
        assert "₩70,000" in text(app, "#budget-figures")
