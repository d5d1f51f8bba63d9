"""`branchdash import partners FILE` and `branchdash export partners FILE` (see transfer.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pendulum

from branchdash import clock
from branchdash.data.branches import BranchInfo, local_branch
from branchdash.data.models import PARTNER_STATUSES
from branchdash.errors import UsageError
from branchdash.i18n import t
from branchdash.partner_csv import ImportRefused, export_partners, import_partners
from branchdash.partners import ALL, CURRENT, Filters, RosterView, load_roster


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


def run_export(path: Path, *, status: str | None = None, team: str | None = None) -> int:
    """Every partner, or with `status` (a status, "current" or "all") and/or `team` (a
    sales manager's name) those the roster would show with these filters, by name."""
    branch = _branch()
    ids = None
    if status is not None or team is not None:
        ids = filtered_ids(branch.id, clock.today(), status or ALL, team)
    count = export_partners(path, branch.id, ids)
    print(t("partners.export.done", count=count, path=str(path)))
    return 0


def filtered_ids(branch_id: str, today: pendulum.Date, status: str, team: str | None
                 ) -> list[str]:
    if status not in (CURRENT, ALL, *PARTNER_STATUSES):
        raise UsageError(t("partners.cli.bad_status", value=status,
                           choices=", ".join((CURRENT, ALL, *PARTNER_STATUSES))))
    roster = load_roster(branch_id, today)
    team_id = ALL
    if team is not None:
        found = [pid for pid, name, _ in roster.teams if name == " ".join(team.split())]
        if len(found) != 1:
            raise UsageError(t("partners.cli.no_team" if not found else "partners.cli.two_teams",
                               team=team))
        team_id = found[0]
    return [row.id for row in RosterView(roster.rows, Filters(status=status, team=team_id)).shown]
