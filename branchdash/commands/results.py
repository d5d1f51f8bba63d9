"""`branchdash import results FILE` and `branchdash export results FILE` (see transfer.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from branchdash import clock
from branchdash.data.branches import BranchInfo, local_branch
from branchdash.errors import UsageError
from branchdash.i18n import t
from branchdash.results import export_rows, import_results

EXPORT_HEADER = ("날짜", "이름", "전화번호", "판매건수", "판매금액", "신규계약", "방문")


def _branch() -> BranchInfo:
    branch = local_branch()
    if branch is None:
        raise UsageError(t("goals.import.no_branch"))
    return branch


def run_import(path: Path, *, skip_bad_rows: bool) -> int:
    report = import_results(path, _branch().id, skip_bad_rows=skip_bad_rows,
                            today=clock.today())
    if report.problems and not skip_bad_rows:
        for problem in report.problems:
            print(t("goals.import.bad_row", line=problem.line, problem=problem.message),
                  file=sys.stderr)
        print("branchdash: " + t("goals.import.nothing_written", count=len(report.problems),
                                 file=path), file=sys.stderr)
        return 2
    if report.problems:
        print(t("goals.import.skipped", count=len(report.problems)), file=sys.stderr)
        for problem in report.problems:
            print(t("goals.import.bad_row", line=problem.line, problem=problem.message),
                  file=sys.stderr)
    print(t("goals.import.done", written=report.written, file=path, encoding=report.encoding,
            replaced=report.replaced))
    return 0


def run_export(path: Path) -> int:
    """Every result of the branch, oldest first, for Excel."""
    from branchdash.csvio import write_table

    rows = export_rows(_branch().id, None, clock.today())
    count = write_table(path, EXPORT_HEADER, rows)
    print(t("goals.import.exported", count=count, file=path))
    return 0
