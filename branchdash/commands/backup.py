"""`branchdash backup`: a checked backup copy of the database, now."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "backup", help="make a backup copy of the database now (checked, kept beside it)")
    parser.set_defaults(handler=run, needs_database=True)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash.data.backup import backup_now, check_integrity

    path = backup_now(db_path, "manual")
    integrity = check_integrity(path)
    if integrity != "ok":
        print(f"branchdash: the backup {path} failed its check ({integrity}); "
              "the database may be damaged. Keep the file and ask for help.")
        return 1
    print(f"Backup made and checked: {path}")
    return 0
