"""`branchdash erase-partner ID`: erase a former partner's personal data on request."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdash.errors import UsageError


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "erase-partner",
        help="erase a former (resigned) partner's phone, name and notes; results stay")
    parser.add_argument("partner_id", metavar="ID", help="the partner's id (as exported)")
    parser.set_defaults(handler=run, needs_database=True)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash.data.backup import backup_dir
    from branchdash.data.erase import EraseRefused, erase_partner

    try:
        label = erase_partner(args.partner_id)
    except EraseRefused as error:
        raise UsageError(str(error)) from None
    print(f"Erased. The partner is now shown as {label}. Backups made before today in "
          f"{backup_dir(db_path)} still hold the old data until they are pruned.")
    return 0
