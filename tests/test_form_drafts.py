"""Forms survive a crash: what is typed is kept in a draft file and comes back.

The draft files themselves (atomic, 0600 in a 0700 folder, a damaged one ignored),
then forms driven by Pilot (a second app on the same data folder stands for the
start after a crash: the first never quit), then the real app in a pty killed with
SIGKILL while a form is open, started again, the form opened: the values are back.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import stat
import sys
import time
from pathlib import Path

import pendulum
import pytest
from textual.widgets import Input, Select, TextArea

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import Expense, Partner
from branchdash.drafts import DraftStore, drafts_dir
from branchdash.screens.widgets.directive_dialogs import FormDialog
from branchdash.screens.widgets.expense_form import ExpenseForm
from branchdash.screens.widgets.form_draft import DEBOUNCE_SECONDS
from branchdash.screens.widgets.partner_forms import PartnerForm
from branchdash.screens.widgets.results_grid import ResultsEntry, ResultsGrid

# --- the draft files -------------------------------------------------------------------------


def test_a_draft_round_trips_and_is_private(tmp_path: Path, clock: FakeClock) -> None:
    store = DraftStore(drafts_dir(tmp_path / "branch.db"))
    values = {"name": "김새봄", "phone": "010-2345-6789", "role": "seller", "bell": True,
              "blank": None, "grid": {"p1": [2, 318_000, None, 6]}}
    assert store.save("partner.recruit.new", values)
    draft = store.load("partner.recruit.new")
    assert draft is not None and draft.values == values
    path = store.path("partner.recruit.new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.folder.parent.stat().st_mode) == 0o700
    assert store.folder == tmp_path / "drafts" / "branch"  # beside the database
    assert [p.name for p in store.folder.iterdir()] == [path.name]  # no temporary left
    assert store.keys() == ["partner.recruit.new"]
    store.discard("partner.recruit.new")
    assert store.load("partner.recruit.new") is None and store.keys() == []
    started = time.perf_counter()
    for n in range(50):
        store.save("speed", {**values, "n": str(n)})
    each = (time.perf_counter() - started) / 50 * 1000
    print(f"\n[drafts] one draft written (temp file, rename) in {each:.2f} ms")


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe not text", b"[1, 2]",
                                     b'{"format": 1, "key": "other", "values": {}}',
                                     b'{"format": 99, "key": "k", "values": {}}'])
def test_a_damaged_draft_is_ignored_with_a_log_line(tmp_path: Path, content: bytes,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    store = DraftStore(tmp_path / "drafts")
    store.folder.mkdir()
    store.path("k").write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="branchdash.drafts"):
        assert store.load("k") is None
    assert "ignored" in caplog.text


def test_a_refused_write_says_so_and_keeps_the_old_draft(
        tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    import errno

    store = DraftStore(tmp_path / "drafts")
    assert store.save("k", {"a": "first"})

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with caplog.at_level(logging.WARNING, logger="branchdash.drafts"):
        assert not store.save("k", {"a": "second"})  # refused, not raised
    monkeypatch.undo()
    assert "not written" in caplog.text
    draft = store.load("k")
    assert draft is not None and draft.values == {"a": "first"}  # the old one, whole
    assert [p.name for p in store.folder.iterdir()] == [store.path("k").name]  # no temp left
    (tmp_path / "blocked").write_text("a file where the folder would be")
    assert not DraftStore(tmp_path / "blocked" / "drafts").save("k", {"a": "x"})


# --- forms through Pilot -----------------------------------------------------------------------


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def app_on(clock: FakeClock, db: Path) -> BranchDashApp:
    """The app on the test's database, its drafts beside it (as `db_path` would set
    them; without the daily backup that `db_path` also starts, for speed)."""
    app = BranchDashApp(clock)
    app.drafts = DraftStore(drafts_dir(db))
    return app


async def settle(pilot) -> None:  # noqa: ANN001
    """Let the draft's debounce run out (typing has paused)."""
    await pilot.pause(DEBOUNCE_SECONDS + 0.2)


async def open_recruit(pilot) -> PartnerForm:  # noqa: ANN001
    await pilot.press("2")
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, PartnerForm)
    return form


async def test_a_recruit_survives_a_crash(branch: str, clock: FakeClock, db: Path) -> None:
    i18n.set_language("ko")
    first = BranchDashApp(clock, db_path=db)
    async with first.run_test(size=(100, 30)) as pilot:
        form = await open_recruit(pilot)
        await pilot.press("k", "i", "m")  # typed by keys, then Korean as a paste would
        form.query_one("#name", Input).value = "김새봄"
        form.query_one("#phone", Input).value = "010-2345-6789"
        await settle(pilot)
        store = DraftStore(drafts_dir(db))
        assert store.keys() == ["partner.recruit.new"]
        # The app dies here: no quit, no flush (run_test's end does not quit).
    assert Partner.select().count() == 0

    second = app_on(clock, db)
    async with second.run_test(size=(100, 30)) as pilot:
        form = await open_recruit(pilot)
        await pilot.pause()
        assert form.query_one("#name", Input).value == "김새봄"
        assert form.query_one("#phone", Input).value == "010-2345-6789"
        assert any("되살렸습니다" in str(n.message) for n in second._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(second.screen, PartnerForm)
        assert [p.name for p in Partner.select()] == ["김새봄"]
        assert DraftStore(drafts_dir(db)).keys() == []  # saved: the draft is gone


async def test_cancel_untouched_quit_damaged_and_stale_drafts(
        branch: str, clock: FakeClock, db: Path) -> None:
    app = app_on(clock, db)
    store = DraftStore(drafts_dir(db))
    async with app.run_test(size=(100, 30)) as pilot:
        form = await open_recruit(pilot)
        form.query_one("#name", Input).value = "Park"
        await settle(pilot)
        assert store.keys() == ["partner.recruit.new"]
        await pilot.press("escape")
        await pilot.pause()
        assert store.keys() == []
        await pilot.press("n")  # opened and left as it was: nothing to keep
        await pilot.pause()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PartnerForm) and store.keys() == []
        form.query_one("#name", Input).value = "Lee"
        app.flush_drafts()  # what quit, SIGHUP and SIGTERM do, before the debounce ran out
        draft = store.load("partner.recruit.new")
        assert draft is not None and draft.values["name"] == "Lee"
        await pilot.press("escape")
        await pilot.pause()

        # A damaged draft is passed over; a stale choice in a good one is left out.
        store.save("partner.recruit.new", {"name": "x"})
        store.path("partner.recruit.new").write_bytes(b"\x00\x00garbage")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerForm) and form.query_one("#name", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        store.save("partner.recruit.new", {"name": "최", "role": "sales_manager",
                                           "team": "no-such-team"})
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartnerForm)
        assert form.query_one("#role", Select).value == "sales_manager"
        assert form.query_one("#team", Select).is_blank()
        assert form.query_one("#name", Input).value == "최"


async def test_a_draft_belongs_to_its_row(branch: str, clock: FakeClock, db: Path) -> None:
    from branchdash.budget import ExpenseDraft, add_expense

    nov = pendulum.date(2026, 11, 1)
    add_expense(branch, ExpenseDraft(pendulum.date(2026, 11, 3), "operating", 5_000,
                                     "다과", "마트"), nov)
    DraftStore(drafts_dir(db)).save("expense.new.2026-11-01", {"expense-amount": "77,000",
                                                                "expense-memo": "새 지출"})
    app = app_on(clock, db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("e")  # editing the existing expense: not the new one's draft
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExpenseForm)
        assert form.query_one("#expense-amount", Input).value == "5,000"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExpenseForm)
        assert form.query_one("#expense-amount", Input).value == "77,000"
        assert form.query_one("#expense-memo", Input).value == "새 지출"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Expense.select().where(Expense.memo == "새 지출").count() == 1


async def test_a_directive_form_keeps_its_text_area_and_choice(branch: str, clock: FakeClock,
                                                               db: Path) -> None:
    first = app_on(clock, db)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = first.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "겨울 세트 판매"
        form.query_one("#field-key_points", TextArea).text = "- 팀마다 5세트\n- 주말 전 보고"
        await settle(pilot)
    second = app_on(clock, db)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = second.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-title", Input).value == "겨울 세트 판매"
        points = form.query_one("#field-key_points", TextArea).text
        assert points == "- 팀마다 5세트\n- 주말 전 보고"
        # Cancelling restored values asks first (they are typed values, not the form's own).
        await pilot.press("escape")
        await pilot.pause()
        assert second.screen is form


async def test_the_results_grid_keeps_typed_numbers(branch: str, clock: FakeClock,
                                                    db: Path) -> None:
    kim = Partner.create(branch=branch, name="김하나", status="active").id
    Partner.create(branch=branch, name="박둘", status="active")
    first = app_on(clock, db)
    async with first.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(first.screen, ResultsEntry)
        grid = first.screen.query_one(ResultsGrid)
        row = next(i for i, e in enumerate(grid.entries) if e.partner_id == kim)
        for _ in range(row):
            await pilot.press("enter")
        await pilot.press("2", "tab", "3", "1", "8", "0", "0", "0")  # the last one still typed
        await settle(pilot)
    second = app_on(clock, db)
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        grid = second.screen.query_one(ResultsGrid)
        entry = next(e for e in grid.entries if e.partner_id == kim)
        assert (entry.sales_count, entry.sales_won) == (2, 318_000)


# --- the real app, killed --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_kill_9_with_a_form_open_then_the_values_come_back(tmp_path: Path) -> None:
    from branchdash.clock import SystemClock, use_clock
    from branchdash.data.database import close_database, open_database
    from tests.tools.pty_app import AppInPty

    use_clock(SystemClock())
    path = tmp_path / "branch.db"
    open_database(path)
    create_branch("테스트지점", "T1")
    close_database()

    app = AppInPty(path, tmp_path)
    app.wait_for("Today")
    time.sleep(0.5)
    app.type("2")
    app.wait_for("Recruit")
    time.sleep(0.3)
    app.type("n")
    app.wait_for("010-1234-5678")  # the phone field's placeholder: the form is open
    time.sleep(0.3)
    started = time.monotonic()
    app.type("김새봄", delay=0.03)
    app.wait_for("김새봄")
    app.type("\t")  # the next field (Textual moves the focus after keys already read)
    time.sleep(0.3)
    app.type("010-2345-6789", delay=0.03)
    typed_at = time.monotonic()
    store = DraftStore(drafts_dir(path))
    wanted = {"name": "김새봄", "phone": "010-2345-6789"}
    while True:
        draft = store.load("partner.recruit.new")
        if draft is not None and {k: draft.values.get(k) for k in wanted} == wanted:
            break
        assert time.monotonic() - typed_at < 20, f"draft on disk: {draft}"
        time.sleep(0.05)
    on_disk = time.monotonic() - typed_at
    app.stop(signal.SIGKILL)
    raw = json.loads(store.path("partner.recruit.new").read_text(encoding="utf-8"))
    assert raw["values"]["name"] == "김새봄"
    assert stat.S_IMODE(store.path("partner.recruit.new").stat().st_mode) == 0o600

    again = AppInPty(path, tmp_path)
    again.wait_for("Today")
    time.sleep(0.5)
    again.type("2")
    again.wait_for("Recruit")
    time.sleep(0.3)
    again.type("n")
    again.wait_for("Restored")  # the notice (wrapped over lines in its toast)
    time.sleep(0.3)
    os.write(again.master, b"\x13")  # ctrl+s
    deadline = time.monotonic() + 15
    names: list[str] = []
    while time.monotonic() < deadline and names != ["김새봄"]:
        time.sleep(0.1)
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=5) as conn:
            names = [row[0] for row in conn.execute("SELECT name FROM partner")]
    again.stop(signal.SIGTERM)
    assert names == ["김새봄"]
    assert store.keys() == []
    print(f"\n[drafts] 2 fields typed in {typed_at - started:.2f}s; draft on disk "
          f"{on_disk:.2f}s after the last key; kill -9, restart: restored and saved")


def test_drafts_left_for_a_month_are_removed(tmp_path: Path, clock: FakeClock) -> None:
    """A form never reopened would keep partners' names and phones on disk for good."""
    store = DraftStore(tmp_path / "drafts" / "branch")
    assert store.save("partner.edit:old", {"name": "김민수", "phone": "010-1234-5678"})
    clock.advance(hours=24 * 20)
    assert store.save("partner.edit:recent", {"name": "이서연"})
    (store.folder / "broken.json").write_text("{", encoding="utf-8")
    clock.advance(hours=24 * 11)  # the first is 31 days old, the second 11
    assert store.prune(clock.now()) == 1
    assert store.load("partner.edit:old") is None
    assert store.load("partner.edit:recent") is not None
    assert (store.folder / "broken.json").exists()  # not ours to judge: left alone
