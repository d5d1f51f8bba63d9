"""The month report for HQ from the Budget screen: `r`, the month on screen, both files
written through the CLI's writer, their figures those of `month_report`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pendulum
import pytest
from textual.widgets import Input, Select, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.budget import (
    ExpenseDraft,
    add_expense,
    month_report,
    report_markdown,
    report_paths,
    report_table,
    set_budget,
)
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.screens.budget import BudgetScreen
from branchdash.screens.widgets.budget_report_dialog import BudgetReportDialog
from branchdash.screens.widgets.palette import binding_entries

OCT = pendulum.date(2026, 10, 1)
NOV = pendulum.date(2026, 11, 1)


@pytest.fixture
def branch(db: Path) -> str:
    branch_id = create_branch("강남3센터", "GN03").id
    for month in (OCT, NOV):
        set_budget(branch_id, month, "operating", 3_000_000)
        set_budget(branch_id, month, "promotion", 2_000_000)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 10, 7), "promotion", 800_000,
                                        "판촉물", "판촉나라"), OCT)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 10, 8), "promotion", 120_000,
                                        "=1+1", "다이소"), OCT)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 10, 20), "operating", 250_000,
                                        "다과/음료", "이마트"), OCT)
    add_expense(branch_id, ExpenseDraft(pendulum.date(2026, 11, 2), "operating", 99_000,
                                        "다과/음료", "이마트"), NOV)
    return branch_id


def csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def open_report(pilot, months_back: int = 0) -> BudgetReportDialog:  # noqa: ANN001
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, BudgetScreen)
    for _ in range(months_back):
        await pilot.press("left_square_bracket")
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, BudgetReportDialog)
    return dialog


async def write(pilot, dialog: BudgetReportDialog, path: Path | str) -> None:  # noqa: ANN001
    dialog.query_one("#path", Input).value = str(path)
    dialog.query_one("#path", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


def capture_notices(app: BranchDashApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notices: list[str] = []
    original = BudgetScreen.notify

    def notify(self: BudgetScreen, message: str, **kwargs: object) -> None:
        notices.append(message)
        original(self, message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BudgetScreen, "notify", notify)
    return notices


async def test_r_writes_the_shown_month_in_markdown_and_csv(
        branch: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = BranchDashApp(clock)
    notices = capture_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_report(pilot, months_back=1)  # October on screen
        assert dialog.month == OCT
        assert dialog.query_one("#path", Input).value == str(Path.home() / "budget-2026-10.md")
        await write(pilot, dialog, tmp_path / "budget-2026-10.md")
        assert isinstance(app.screen, BudgetScreen)

        report = month_report(branch, OCT)
        md, csv_path = tmp_path / "budget-2026-10.md", tmp_path / "budget-2026-10.csv"
        assert md.read_text(encoding="utf-8") == report_markdown(report)
        assert "| Promotion | ₩2,000,000 | ₩920,000 | ₩1,080,000 | 46.0% |" in md.read_text(
            encoding="utf-8")
        header, rows = report_table(report)
        written = csv_rows(csv_path)
        assert written[0] == header
        assert len(written) == len(rows) + 1
        for line, row in zip(written[1:], rows, strict=True):
            assert line == [("'" + str(c) if str(c).startswith("=") else str(c)) for c in row]
        total = written[-1]  # all accounts: count, spent, budget, remaining
        assert total[4:] == ["3", str(report.spent_won), str(report.budget_won),
                             str(report.budget_won - report.spent_won)]
        assert report.spent_won == 1_170_000
        # the notice names both files; nothing else was left in the folder
        assert notices and str(md) in notices[-1] and str(csv_path) in notices[-1]
        assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".md", ".csv",
                                                                           ".partial")) \
            == ["budget-2026-10.csv", "budget-2026-10.md"]


async def test_one_format_a_folder_and_bad_paths(
        branch: str, clock: FakeClock, tmp_path: Path) -> None:
    out = tmp_path / "out"  # the test's database lives in tmp_path
    out.mkdir()
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_report(pilot)  # this month: November
        error = dialog.query_one("#form-error", Static)
        await write(pilot, dialog, out / "missing" / "report.md")
        assert app.screen is dialog
        assert "Cannot write" in str(error.render()) and "No such file" in str(error.render())
        await write(pilot, dialog, "   ")
        assert "Type where to save" in str(error.render())
        await write(pilot, dialog, "~nobody_here_at_all/report.md")
        assert "no such home folder" in str(error.render())
        assert list(out.iterdir()) == []

        dialog.query_one("#formats", Select).value = "csv"
        await write(pilot, dialog, out / "hq.md")  # the CSV takes the name, its own extension
        assert isinstance(app.screen, BudgetScreen)
        assert [p.name for p in out.iterdir()] == ["hq.csv"]
        assert csv_rows(out / "hq.csv")[-1][5] == "99000"

        dialog = await open_report(pilot)
        await write(pilot, dialog, out)  # a folder: the usual names inside it
        assert sorted(p.name for p in out.iterdir()) == [
            "budget-2026-11.csv", "budget-2026-11.md", "hq.csv"]


async def test_korean_dialog_and_report(branch: str, clock: FakeClock, tmp_path: Path) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_report(pilot)
        title = str(dialog.query_one(".dialog-title", Static).render())
        assert "본사 예산 보고서" in title and "2026년 11월" in title
        await write(pilot, dialog, tmp_path / "보고서")
        md = (tmp_path / "보고서.md").read_text(encoding="utf-8")
        assert "2026년 11월 예산 집행 보고" in md
        assert csv_rows(tmp_path / "보고서.csv")[0][0] == "월"


async def test_the_key_is_in_the_footer_and_the_palette(branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert "r" in screen.active_bindings
        assert screen.active_bindings["r"].binding.description == "HQ report"
        names = [name for name, _, _ in binding_entries(screen, "mode.budget")]
        assert "Budget: HQ report" in names


def test_report_paths_put_the_files_side_by_side() -> None:
    assert report_paths(Path("/x/b-2026-11.md")) == {
        "md": Path("/x/b-2026-11.md"), "csv": Path("/x/b-2026-11.csv")}
    assert report_paths(Path("/x/b.2026.11"), ("csv",)) == {"csv": Path("/x/b.2026.11.csv")}
    assert report_paths(Path("/x/b.CSV")) == {"md": Path("/x/b.md"), "csv": Path("/x/b.csv")}
