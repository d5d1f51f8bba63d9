"""`branchdash erase-partner ID`: erase a former partner's personal data on request."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdash.errors import UsageError
from branchdash.i18n import t


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
    print(t("cli.erased", label=label, folder=str(backup_dir(db_path))))
    return 0
