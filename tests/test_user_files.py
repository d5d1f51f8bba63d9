"""Files written for the user: whole or not at all, and readable by the owner only,
whichever the format (a roster export has phone numbers, a report the figures)."""

from __future__ import annotations

import stat
from pathlib import Path

import pendulum
import pytest

from branchdash.budget import month_report, set_budget, write_report
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.reports import build_report, write_csv, write_markdown, write_xlsx
from branchdash.user_files import replaced_whole


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_report_and_export_is_private_and_whole(db: Path, clock: FakeClock,
                                                      tmp_path: Path) -> None:
    branch = create_branch("강남3센터", "GN03").id
    set_budget(branch, pendulum.date(2026, 11, 1), "operating", 3_000_000)
    budget = month_report(branch, pendulum.date(2026, 11, 1))
    report = build_report(branch, "week", clock.now().date())
    writers = {
        "budget.md": lambda path: write_report(budget, path, "md"),
        "budget.csv": lambda path: write_report(budget, path, "csv"),
        "report.md": lambda path: write_markdown(report, path),
        "report.csv": lambda path: write_csv(report, path),
        "report.xlsx": lambda path: write_xlsx(report, path),
    }
    for name, write in writers.items():
        path = tmp_path / name
        path.write_text("the old file")
        path.chmod(0o644)
        write(path)
        assert mode(path) == 0o600, name
        assert path.read_bytes() != b"the old file"
    assert not list(tmp_path.glob(".*.partial"))


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("the old file")
    with pytest.raises(RuntimeError), replaced_whole(path) as partial:
        partial.write_text("half")
        raise RuntimeError("the figures could not be read")
    assert path.read_text() == "the old file"
    assert list(tmp_path.iterdir()) == [path]


def test_a_folder_that_takes_no_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError), replaced_whole(tmp_path / "no such folder" / "r.md") as partial:
        partial.write_text("never")
