"""`branchdash report --period day|week|month [--format md|csv|xlsx] [FILE]`: the branch
report the manager sends to HQ (본사 보고)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from branchdash.errors import UsageError


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "report", help="write the branch report for HQ (Markdown, CSV or xlsx)")
    parser.add_argument("--period", choices=("day", "week", "month"), default="day",
                        help="today, this week to today, or this month to today (default day)")
    parser.add_argument("--format", choices=("md", "csv", "xlsx"), default=None,
                        help="md, csv or xlsx (default: from FILE's extension, else md)")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="report as of this day (default: today)")
    parser.add_argument("--branch", metavar="CODE",
                        help="at HQ: the branch to report on, by its code")
    parser.add_argument("file", metavar="FILE", nargs="?", default="-",
                        help="where to write it; '-' or nothing prints Markdown")
    parser.set_defaults(handler=run, needs_database=True)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.file).suffix.lower().lstrip(".")
    return suffix if suffix in ("csv", "xlsx") else "md"


def run(args: argparse.Namespace, db_path: Path) -> int:
    import pendulum

    from branchdash import i18n
    from branchdash.clock import today
    from branchdash.csvio import user_path
    from branchdash.data.branches import local_branch
    from branchdash.hq import branch_by_code
    from branchdash.reports import (
        build_report,
        to_markdown,
        write_csv,
        write_markdown,
        write_xlsx,
    )
    from branchdash.settings import load_settings

    i18n.set_language(load_settings(os.environ, lang_flag=args.lang).language)
    branch = branch_by_code(args.branch) if args.branch else local_branch()
    if branch is None:
        raise UsageError(f"No branch {args.branch!r} in this database; give a code from the "
                         "roll-up." if args.branch else
                         f"{db_path} has no branch yet; open branchdash once to create it.")
    day = today()
    if args.date:
        try:
            parsed = pendulum.parse(args.date, exact=True)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            raise UsageError(f"{args.date!r} is not a date; write it as YYYY-MM-DD.") from None
        if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
            raise UsageError(f"{args.date!r} is not a date; write it as YYYY-MM-DD.")
        day = parsed
    fmt = _format(args)
    report = build_report(branch.id, args.period, day)
    if args.file == "-":
        if fmt != "md":
            raise UsageError(f"{fmt.upper()} goes to a file; give FILE, e.g. report.{fmt}.")
        sys.stdout.write(to_markdown(report))
        return 0
    path = user_path(args.file)
    if not path.parent.is_dir():
        raise UsageError(f"The folder {path.parent} does not exist; create it or choose "
                         "another FILE.")
    try:
        if fmt == "csv":
            write_csv(report, path)
        elif fmt == "xlsx":
            write_xlsx(report, path)
        else:
            write_markdown(report, path)
    except ImportError:
        raise UsageError("xlsx needs XlsxWriter: pip install xlsxwriter (or use --format "
                         "csv).") from None
    except OSError as error:  # a folder one may not write in, a full disk
        raise UsageError(f"Cannot write {path}: {error.strerror or error}. Choose a folder "
                         "you can write in.") from None
    print(i18n.t("hq.report.written", file=path))
    return 0
