"""`branchdash import KIND FILE` and `branchdash export KIND FILE`: one verb each, many areas.

Each kind of data that travels as CSV (partners, results, ...) is a module
named in `KINDS`. Adding a kind is one line here plus a module that has:

    def run_import(path: Path, *, skip_bad_rows: bool) -> int   # exit code; prints a summary
    def run_export(path: Path) -> int                            # exit code; prints a summary

Both run with the database open and bound (the CLI opens it). User errors are
raised as `UsageError` or `CsvError` (one line, exit 2).
"""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path

from branchdash.csvio import user_path
from branchdash.errors import UsageError
from branchdash.i18n import t

KINDS: dict[str, str] = {
    "partners": "branchdash.commands.partners",
    "results": "branchdash.commands.results",
}


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = ", ".join(KINDS)
    importer = subcommands.add_parser(
        "import", help=f"read a CSV file into the database ({kinds})",
        description="Read a CSV file (UTF-8 with or without BOM, or CP949/EUC-KR as Korean "
        "Excel saves it). If any row is bad, nothing is written and every bad row is listed; "
        "--skip-bad-rows writes the good rows and lists the bad ones.")
    importer.add_argument("kind", choices=tuple(KINDS), help="what the file holds")
    importer.add_argument("file", metavar="FILE", help="the CSV file to read")
    importer.add_argument("--skip-bad-rows", action="store_true",
                          help="write the good rows and report the bad ones instead of "
                          "writing nothing")
    importer.set_defaults(handler=run_import, needs_database=True)

    exporter = subcommands.add_parser(
        "export", help=f"write a CSV file for Excel ({kinds})",
        description="Write a CSV file with a BOM so that Excel shows Hangul; cells that "
        "a spreadsheet would run as a formula are neutralised.")
    exporter.add_argument("kind", choices=tuple(KINDS), help="what to write")
    exporter.add_argument("file", metavar="FILE", help="the CSV file to write (replaced)")
    exporter.add_argument("--status", help="partners only: a status (candidate, trainee, "
                          "active, inactive, resigned), current (not resigned) or all")
    exporter.add_argument("--team", metavar="NAME",
                          help="partners only: the team of the sales manager NAME")
    exporter.set_defaults(handler=run_export, needs_database=True)


def run_import(args: argparse.Namespace, db_path: Path) -> int:
    module = import_module(KINDS[args.kind])
    return int(module.run_import(user_path(args.file), skip_bad_rows=args.skip_bad_rows))


def run_export(args: argparse.Namespace, db_path: Path) -> int:
    module = import_module(KINDS[args.kind])
    # Filters, for the kinds that take them (partners): only those given are passed.
    filters = {name: value for name in ("status", "team")
               if (value := getattr(args, name, None)) is not None}
    if filters and args.kind != "partners":
        raise UsageError(t("partners.cli.filters_only_partners", kind=args.kind))
    return int(module.run_export(user_path(args.file), **filters))
