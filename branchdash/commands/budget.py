"""`branchdash budget-report --month 2026-11 --format md|csv FILE`: the month's
budget report for HQ, per account and category."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from branchdash.errors import UsageError


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "budget-report", help="write the month's budget report for HQ (Markdown or CSV)")
    parser.add_argument("--month", metavar="YYYY-MM",
                        help="the month to report (default: this month)")
    parser.add_argument("--format", choices=("md", "csv"), default=None,
                        help="md or csv (default: from FILE's extension, else md)")
    parser.add_argument("file", metavar="FILE",
                        help="where to write it; '-' prints Markdown to the screen")
    parser.set_defaults(handler=run, needs_database=True)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash import i18n
    from branchdash.budget import (
        BudgetError,
        month_report,
        month_start,
        parse_month,
        report_markdown,
        write_report,
    )
    from branchdash.clock import today
    from branchdash.csvio import user_path
    from branchdash.data.branches import local_branch
    branch = local_branch()
    if branch is None:
        raise UsageError(f"{db_path} has no branch yet; open branchdash once to create it.")
    try:
        month = parse_month(args.month) if args.month else month_start(today())
    except BudgetError as error:
        raise UsageError(error.message) from None
    fmt = args.format or ("csv" if args.file.lower().endswith(".csv") else "md")
    report = month_report(branch.id, month)
    if args.file == "-":
        if fmt == "csv":
            raise UsageError("CSV goes to a file (it carries a BOM for Excel); give FILE.")
        sys.stdout.write(report_markdown(report))
        return 0
    path = user_path(args.file)
    try:
        write_report(report, path, fmt)  # the same writer as the screen's report dialog
    except BudgetError as error:
        raise UsageError(error.message) from None
    print(i18n.t("cli.budget_report_written", month=i18n.format_month(month),
                 path=str(path)))
    return 0
