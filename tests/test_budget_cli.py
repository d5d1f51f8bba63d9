"""`branchdash budget-report`: the month's report for HQ from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pendulum

from branchdash.budget import ExpenseDraft, add_expense, set_budget
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database, open_database


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "branchdash", *args], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "LANG": "en_US.UTF-8"})


def make_branch(path: Path) -> None:
    open_database(path)
    branch = create_branch("강남3센터", "GN03").id
    month = pendulum.date(2026, 11, 1)
    set_budget(branch, month, "operating", 3_000_000)
    add_expense(branch, ExpenseDraft(pendulum.date(2026, 11, 5), "operating", 120_000,
                                     "+SUM(A1)", "이마트"), month)
    close_database()


def test_report_in_markdown_and_csv(clock: FakeClock, tmp_path: Path) -> None:
    db = tmp_path / "branch.db"
    make_branch(db)
    shown = run_cli("--db", str(db), "budget-report", "--month", "2026-11", "-")
    assert shown.returncode == 0, shown.stderr
    assert "| Operating | ₩3,000,000 | ₩120,000 | ₩2,880,000 | 4.0% |" in shown.stdout
    csv_path = tmp_path / "report.csv"
    written = run_cli("--db", str(db), "budget-report", "--month", "2026-11",
                      "--format", "csv", str(csv_path))
    assert written.returncode == 0, written.stderr
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'+SUM(A1)" in data.decode("utf-8-sig")  # no formula reaches Excel
    md_path = tmp_path / "report.md"
    assert run_cli("--db", str(db), "--lang", "ko", "budget-report", "--month", "2026-11",
                   str(md_path)).returncode == 0
    assert "2026년 11월 예산 집행 보고" in md_path.read_text(encoding="utf-8")


def test_bad_month_is_one_line_exit_2(clock: FakeClock, tmp_path: Path) -> None:
    db = tmp_path / "branch.db"
    make_branch(db)
    result = run_cli("--db", str(db), "budget-report", "--month", "2026-13", "-")
    assert result.returncode == 2
    assert "not a month" in result.stderr and len(result.stderr.strip().splitlines()) == 1
