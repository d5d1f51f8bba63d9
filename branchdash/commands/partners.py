"""`branchdash import partners FILE` and `branchdash export partners FILE` (see transfer.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from branchdash import clock
from branchdash.data.branches import BranchInfo, local_branch
from branchdash.errors import UsageError
from branchdash.i18n import t
from branchdash.partner_csv import ImportRefused, export_partners, import_partners


def _branch() -> BranchInfo:
    branch = local_branch()
    if branch is None:
        raise UsageError(t("partners.cli.no_branch"))
    return branch


def run_import(path: Path, *, skip_bad_rows: bool) -> int:
    branch = _branch()
    try:
        report = import_partners(path, branch.id, clock.today(), skip_bad_rows=skip_bad_rows)
    except ImportRefused as refused:
        for bad in refused.report.bad:
            print(t("partners.import.bad_line", line=bad.line, reason=bad.reason),
                  file=sys.stderr)
        print(f"branchdash: {refused}", file=sys.stderr)
        return 2
    for bad in report.bad:
        print(t("partners.import.skipped_line", line=bad.line, reason=bad.reason),
              file=sys.stderr)
    print(t("partners.import.done", imported=report.imported, rows=report.rows,
            skipped=len(report.bad), encoding=report.encoding))
    return 0


def run_export(path: Path) -> int:
    count = export_partners(path, _branch().id)
    print(t("partners.export.done", count=count, path=str(path)))
    return 0
