"""A schema migration killed part-way: a fake step that SIGKILLs its own process.

Run by tests/test_migration_fixtures.py as
`python -m tests.tools.killed_migration DB POINT`: opens DB through the app's open
path, then upgrades it with the fake steps below, which kill the process right
after the operation named POINT (or, for "before_commit", after the whole step and
its version row, just before the transaction would commit). Prints
"killing after POINT" first, so the test knows the kill came where it meant.

The first fake step does what real migrations do: add a column and fill it, add an index,
rename and drop columns (ALTER TABLE), rebuild a table (SQLite cannot change a
column's NOT NULL in place: playhouse copies the table), create a table.
"""

from __future__ import annotations

import os
import signal
import sys
import types
from collections.abc import Callable
from pathlib import Path

from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def _add_column(migrator: SchemaMigrator, db: Database) -> None:
    migrate(migrator.add_column("partner", "email", CharField(default="")))


def _fill_column(migrator: SchemaMigrator, db: Database) -> None:
    db.execute_sql("UPDATE partner SET email = lower(phone) || '@example.com'")


def _add_index(migrator: SchemaMigrator, db: Database) -> None:
    migrate(migrator.add_index("expense", ("payee",), False))


def _rename_column(migrator: SchemaMigrator, db: Database) -> None:
    migrate(migrator.rename_column("meeting_note", "cursor", "editor_cursor"))


def _drop_column(migrator: SchemaMigrator, db: Database) -> None:
    migrate(migrator.drop_column("directive", "attachments"))


def _rebuild_table(migrator: SchemaMigrator, db: Database) -> None:
    migrate(migrator.drop_not_null("expense", "category"))


def _create_table(migrator: SchemaMigrator, db: Database) -> None:
    db.execute_sql('CREATE TABLE "partner_tag" ("id" INTEGER NOT NULL PRIMARY KEY, '
                   '"partner_id" VARCHAR(32) NOT NULL REFERENCES "partner" ("id"), '
                   '"tag" VARCHAR(255) NOT NULL)')
    db.execute_sql("INSERT INTO partner_tag (partner_id, tag) SELECT id, status FROM partner")


OPERATIONS: list[tuple[str, Callable[[SchemaMigrator, Database], None]]] = [
    ("add_column", _add_column),
    ("fill_column", _fill_column),
    ("add_index", _add_index),
    ("rename_column", _rename_column),
    ("drop_column", _drop_column),
    ("rebuild_table", _rebuild_table),
    ("create_table", _create_table),
]
KILL_POINTS = [name for name, _ in OPERATIONS] + ["before_commit"]


def _kill(point: str) -> None:
    print(f"killing after {point}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def _module(name: str, apply: Callable[[SchemaMigrator], None]) -> types.ModuleType:
    module = types.ModuleType(name)
    module.NAME = name  # type: ignore[attr-defined]
    module.apply = apply  # type: ignore[attr-defined]
    return module


def fake_steps(db: Database, kill_after: str | None = None) -> list[tuple[int, types.ModuleType]]:
    """The real steps, then two fake ones: the operations, and one that does nothing
    (or is the kill before the commit)."""
    from branchdash.data import migrations

    first = migrations.LATEST + 1

    def v2(migrator: SchemaMigrator) -> None:
        for name, operation in OPERATIONS:
            operation(migrator, db)
            if name == kill_after:
                _kill(name)

    def v3(migrator: SchemaMigrator) -> None:
        # The operations' version row is written by now, in the same open transaction.
        if kill_after == "before_commit":
            _kill("before_commit")

    return [*migrations.STEPS, (first, _module("fake_operations", v2)),
            (first + 1, _module("fake_last", v3))]


def main() -> None:
    from branchdash.clock import SystemClock, use_clock
    from branchdash.data import migrations
    from branchdash.data.database import open_database

    path, point = Path(sys.argv[1]), sys.argv[2]
    if point not in KILL_POINTS:
        raise SystemExit(f"unknown kill point {point!r}; one of {', '.join(KILL_POINTS)}")
    use_clock(SystemClock("Asia/Seoul"))
    db = open_database(path)
    migrations.upgrade(db, path, steps=fake_steps(db, point))
    print("migration finished: the kill never came", flush=True)


if __name__ == "__main__":
    main()
