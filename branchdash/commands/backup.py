"""`branchdash backup`: a checked backup copy of the database, now."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdash.i18n import t


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "backup", help="make a backup copy of the database now (checked, kept beside it)")
    parser.set_defaults(handler=run, needs_database=True)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash.data.backup import backup_now, check_integrity

    path = backup_now(db_path, "manual")
    integrity = check_integrity(path)
    if integrity != "ok":
        print(t("cli.backup_damaged", path=str(path), detail=integrity))
        return 1
    print(t("cli.backup_done", path=str(path)))
    return 0
