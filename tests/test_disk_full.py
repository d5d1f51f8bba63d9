"""A full disk while a form saves: the form keeps what was typed, says "disk full" in
words, writes nothing half-way, and saves by itself once space returns — once.

The disk is made full for real: the test's SQLite file is given a page limit
(`PRAGMA max_page_count`) equal to its size, then filled with rows shaped like
the one the form will write until such rows stop fitting. The next save then
gets SQLITE_FULL from SQLite itself, exactly as on a full disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from peewee import OperationalError
from textual.widgets import Input, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.budget import ExpenseDraft, add_expense, month_expenses
from branchdash.clock import FakeClock
from branchdash.crashlog import is_disk_full
from branchdash.data.branches import create_branch
from branchdash.data.models import Expense, Partner, database
from branchdash.drafts import DraftStore, drafts_dir
from branchdash.screens.budget import BudgetScreen
from branchdash.screens.partners import PartnersScreen
from branchdash.screens.widgets.expense_form import ExpenseForm
from branchdash.screens.widgets.partner_forms import PartnerForm

NOV = pendulum.date(2026, 11, 1)
NOV30 = pendulum.date(2026, 11, 30)
# Consecutive refused rows that count as "full": a row of the same shape then has
# nowhere to go (the table's last page and the indexes' pages it lands in are full).
FULL_AFTER = 100


def fill_disk(add_row: Callable[[], object]) -> int:
    """Freeze the file at its size and fill it with `add_row` rows; returns how many fit."""
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    added = refused = 0
    while refused < FULL_AFTER:
        try:
            with database.atomic():
                add_row()
        except OperationalError as error:
            assert is_disk_full(error)
            refused += 1
        else:
            added += 1
            refused = 0
    return added


def space_returns() -> None:
    database.execute_sql("PRAGMA max_page_count = 1073741823")


def app_on(clock: FakeClock, db: Path) -> BranchDashApp:
    app = BranchDashApp(clock)  # no db_path: no daily backup at start (speed)
    app.drafts = DraftStore(drafts_dir(db))
    return app


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def message(form: object, selector: str) -> str:
    return str(form.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_expense_kept_on_a_full_disk_and_saved_once_when_space_returns(
        branch: str, clock: FakeClock, db: Path) -> None:
    filler = ExpenseDraft(NOV30, "operating", 1, "", "")
    fitted = fill_disk(lambda: add_expense(branch, filler, NOV))
    before = Expense.select().count()
    app = app_on(clock, db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, BudgetScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExpenseForm)
        form.query_one("#expense-amount", Input).value = "15000"
        form.query_one("#expense-category", Input).value = "간식"
        form.query_one("#expense-payee", Input).value = "편의점"
        form.query_one("#expense-memo", Input).value = "팀 회의 다과, 영수증은 총무에게"
        await pilot.press("ctrl+s")
        await pilot.pause()

        # Refused: the form is still open with everything typed, and says why in words.
        assert app.screen is form
        said = message(form, "#expense-error")
        assert "Disk full" in said and "kept" in said
        assert "database or disk is full" not in said
        assert any("Disk full" in str(n.message) for n in app._notifications)
        assert form.query_one("#expense-memo", Input).value == "팀 회의 다과, 영수증은 총무에게"
        assert Expense.select().count() == before  # nothing half-written
        assert form.pending == "full"
        # Kept on disk too (the database is full, not the draft's folder): a crash now
        # still loses nothing.
        assert DraftStore(drafts_dir(db)).keys() == ["expense.new.2026-11-01"]

        app.poll_clock()  # still full: tried again, refused again, still kept
        await pilot.pause()
        assert app.screen is form and Expense.select().count() == before

        space_returns()
        app.poll_clock()
        await pilot.pause()
        assert isinstance(app.screen, BudgetScreen)
        app.poll_clock()
        await pilot.pause()
        saved = [r for r in month_expenses(branch, NOV) if r.category == "간식"]
        assert len(saved) == 1  # exactly once
        assert (saved[0].amount_won, saved[0].payee) == (15_000, "편의점")
        assert Expense.select().count() == before + 1
        assert any("now written" in str(n.message) for n in app._notifications)
        assert DraftStore(drafts_dir(db)).keys() == []  # saved: no draft left
    print(f"\n[disk full] filler rows that fitted: {fitted}; form kept, saved once "
          "after space returned")


async def test_partner_recruit_kept_on_a_full_disk_in_korean(branch: str, clock: FakeClock,
                                                             db: Path) -> None:
    from branchdash import hr

    i18n.set_language("ko")

    serial = iter(range(1_000_000))
    fill_disk(lambda: hr.recruit(branch, f"채움{next(serial):06d}", NOV30, phone="", role="seller",
                                 manager=None, note=""))
    before = Partner.select().count()
    app = app_on(clock, db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PartnersScreen)
        await app.screen.run_action("recruit")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerForm)
        form.query_one("#name", Input).value = "김새봄입니다"
        form.query_one("#phone", Input).value = "010-2345-6789"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        said = message(form, "#form-error")
        assert "디스크가 가득" in said and "database or disk" not in said
        assert Partner.select().count() == before
        space_returns()
        app.poll_clock()
        await pilot.pause()
        assert not isinstance(app.screen, PartnerForm)
        app.poll_clock()
        await pilot.pause()
        assert Partner.select().where(Partner.name == "김새봄입니다").count() == 1
        assert Partner.select().count() == before + 1


def test_meeting_notes_failure_says_full_in_words() -> None:
    from branchdash.screens.meetings import notes_failure_message

    error = OperationalError("database or disk is full")
    try:
        try:
            raise error
        except OperationalError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as chained:
        said = notes_failure_message(chained)
    assert "Disk full" in said and "database or disk" not in said
    assert "copy of branchdash" in notes_failure_message(
        OperationalError("database is locked"))

