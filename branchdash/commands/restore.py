"""`branchdash restore BACKUP`: put a backup copy back in place of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdash.i18n import t


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "restore", help="put a backup copy back in place of the database")
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    parser.set_defaults(handler=run, needs_database=False)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash.data.restore import restore_backup

    moved = restore_backup(Path(args.backup).expanduser(), db_path)
    if moved:
        print(t("cli.restored_kept", backup=args.backup, path=str(db_path), moved=str(moved)))
    else:
        print(t("cli.restored", backup=args.backup, path=str(db_path)))
    return 0
