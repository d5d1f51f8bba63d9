"""`branchdash report`: the branch report to HQ, its contents, and md / csv / xlsx."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pendulum
import pytest

from branchdash import hr, i18n
from branchdash.budget import set_budget
from branchdash.clock import FakeClock
from branchdash.clock import utc_now as clock_now
from branchdash.data.branches import create_branch
from branchdash.data.models import DailyResult, Directive, Expense, Goal
from branchdash.directives import create_directive
from branchdash.reports import build_report, period_range, to_markdown, write_csv, write_xlsx
from branchdash.training import create_training

TODAY = pendulum.date(2026, 11, 30)  # a Monday


def make_branch() -> str:
    branch = create_branch("강남3센터", "GN03")
    kim = hr.recruit(branch.id, "김민수", TODAY.subtract(days=10))
    lee = hr.recruit(branch.id, "이영희", TODAY)
    for partner, day, count, won in ((kim, TODAY, 2, 300_000), (lee, TODAY, 1, 120_000),
                                     (kim, TODAY.subtract(days=3), 4, 700_000)):
        DailyResult.create(branch=branch.id, partner=partner, date=day, sales_count=count,
                           sales_won=won)
    Goal.create(branch=branch.id, metric="sales_won", period="day", starts_on=TODAY,
                ends_on=TODAY, target=600_000, original_target=600_000)
    set_budget(branch.id, TODAY.start_of("month"), "operating", 1_000_000)
    Expense.create(branch=branch.id, spent_on=TODAY, account="operating", amount_won=50_000)
    Expense.create(branch=branch.id, spent_on=TODAY.subtract(days=20), account="operating",
                   amount_won=200_000)
    create_directive(branch.id, number="2026-117", title="=연말 프로모션 안내",
                     received_on=TODAY.subtract(days=2), due_on=TODAY.subtract(days=1))
    done = create_directive(branch.id, number="2026-101", title="오래전 완료",
                            received_on=TODAY.subtract(days=40))
    Directive.update(status="done", done_at=clock_now().subtract(days=30)).where(
        Directive.id == done.id).execute()
    create_training(branch.id, kind="new_product", title="신상품 교육", date=TODAY,
                    start=dt.time(10), end=dt.time(11))
    return branch.id


def test_periods() -> None:
    assert period_range("day", TODAY) == (TODAY, TODAY)
    assert period_range("week", TODAY.add(days=2)) == (TODAY, TODAY.add(days=2))
    assert period_range("month", TODAY) == (pendulum.date(2026, 11, 1), TODAY)
    with pytest.raises(ValueError):
        period_range("year", TODAY)


def test_day_report_contents(db: Path, clock: FakeClock) -> None:
    branch_id = make_branch()
    report = build_report(branch_id, "day", TODAY)
    results = report.section("results").rows
    assert results[0][1:] == (600_000, 420_000, "70%")  # sales won: target, actual
    assert results[1][2] == 3  # sales count today
    hr_rows = report.section("hr").rows
    assert [(r[1], r[2]) for r in hr_rows] == [("이영희", "Recruit")]
    budget = {r[0]: r[1:] for r in report.section("budget").rows}
    assert budget["Operating"] == (1_000_000, 50_000, 250_000, 750_000)
    assert budget["Total"][1:] == (50_000, 250_000, 750_000)
    directives = report.section("directives").rows
    assert [(r[0], r[4]) for r in directives] == [("2026-117", "overdue")]  # done: left out
    trainings = report.section("trainings").rows
    assert [(r[1], r[2]) for r in trainings] == [("New product", "신상품 교육")]


def test_month_report_counts_the_month(db: Path, clock: FakeClock) -> None:
    branch_id = make_branch()
    report = build_report(branch_id, "month", TODAY)
    assert report.section("results").rows[0][2] == 1_120_000
    assert [r[1] for r in report.section("hr").rows] == ["김민수", "이영희"]
    assert report.section("budget").rows[0][2] == 250_000  # spent in the period


def test_markdown_in_korean(db: Path, clock: FakeClock) -> None:
    branch_id = make_branch()
    i18n.set_language("ko")
    text = to_markdown(build_report(branch_id, "day", TODAY))
    assert text.startswith("# 지점 보고: 강남3센터(GN03), 일간")
    assert "## 목표 대비 실적" in text
    assert "| 매출(원) | ₩600,000 | ₩420,000 | 70% |" in text or "600,000" in text
    assert "## 인사 변동" in text and "이영희" in text
    assert "## 실시한 교육" in text


def test_csv_has_bom_and_no_formulas(db: Path, clock: FakeClock, tmp_path: Path) -> None:
    branch_id = make_branch()
    path = tmp_path / "report.csv"
    write_csv(build_report(branch_id, "day", TODAY), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=연말 프로모션 안내" in text  # a formula-looking title is neutralised
    assert "Results vs targets" in text and "600000" in text


def test_xlsx_writes_text_as_text(db: Path, clock: FakeClock, tmp_path: Path) -> None:
    branch_id = make_branch()
    path = tmp_path / "report.xlsx"
    write_xlsx(build_report(branch_id, "week", TODAY), path)
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 5
        xml = "".join(book.read(n).decode() for n in sheets)
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in xml  # no formula anywhere
    assert "=연말 프로모션 안내" in strings
    assert "<v>420000</v>" in xml  # money as numbers


def test_report_command(db: Path, clock: FakeClock, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    from branchdash.cli import main
    from branchdash.data.database import close_database, open_database

    make_branch()
    close_database()
    try:
        assert main(["--db", str(db), "--lang", "en", "report", "--period", "week",
                     "--date", "2026-11-30"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("# Branch report: 강남3센터 (GN03), week")
        for fmt in ("csv", "xlsx", "md"):
            target = tmp_path / f"r.{fmt}"
            assert main(["--db", str(db), "report", "--date", "2026-11-30", str(target)]) == 0
            assert target.stat().st_size > 0
        assert main(["--db", str(db), "report", "--format", "xlsx"]) == 2
        assert "goes to a file" in capsys.readouterr().err
        assert main(["--db", str(db), "report", "--date", "30/11/2026"]) == 2
        assert "YYYY-MM-DD" in capsys.readouterr().err
        # A folder that takes no new files (/proc refuses even root): one line, no crash
        # log, nothing left behind.
        locked = Path("/proc")
        if not locked.is_dir():
            locked = tmp_path / "locked"
            locked.mkdir(mode=0o500)
        for fmt in ("csv", "xlsx", "md"):
            assert main(["--db", str(db), "report", str(locked / f"r.{fmt}")]) == 2
            assert "Cannot write" in capsys.readouterr().err
        assert not list(locked.glob(".r.*"))
        assert main(["--db", str(db), "report", "~no-such-user-here/r.md"]) == 2
        assert "home folder" in capsys.readouterr().err
    finally:
        open_database(db)
