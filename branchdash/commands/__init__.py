"""The CLI's subcommands beyond opening the app.

Each module in `MODULES` has `register(subcommands)`, which adds its parser and
sets two defaults: `handler(args, db_path) -> int` (the exit code) and
`needs_database` (when true the CLI opens and migrates the database first and
closes it after). Problems the user can fix are raised as `UsageError`,
`CsvError` or `StoreError`; the CLI prints them as one line with exit 2.
"""

from __future__ import annotations

import argparse
from importlib import import_module

MODULES = (
    "branchdash.commands.restore",
    "branchdash.commands.backup",
    "branchdash.commands.erase",
    "branchdash.commands.transfer",
    "branchdash.commands.budget",
    "branchdash.commands.push",
    "branchdash.commands.report",
    "branchdash.commands.serve",
)


def register_all(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name in MODULES:
        import_module(name).register(subcommands)
