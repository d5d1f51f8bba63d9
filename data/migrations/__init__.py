"""Numbered schema migrations.

A new database is created from the current models and stamped with the latest
version. An existing database at an older version is first copied with
SQLite's backup API, then brought up step by step, all steps in one
transaction: it ends at the latest version or stays as it was.

To change the schema: first keep a database of the version that ships, made
by its own code (`python tests/fixtures/schema/make_fixture.py N` before the
models change); then change the models, add `mNNNN_what.py` with
`NAME` and `def apply(migrator: SchemaMigrator) -> None` (playhouse.migrate
operations), and add it to `STEPS`. tests/test_migration_fixtures.py opens
every kept version through `open_database` and checks that every row came
through and that the result has the tables and columns of a new database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from peewee import Database, SqliteDatabase
from playhouse.migrate import SchemaMigrator

from ..backup import make_backup
from ..models import (
    ALL_MODELS,
    SchemaVersion,
    create_daily_totals,
    create_partner_month_totals,
)
from ..search import create_index as create_search_index
from . import m0002_partner_month_total, m0003_partner_by_branch_and_name

# (version, module) for every step after v1; v1 is the models as first shipped.
STEPS: list[tuple[int, ModuleType]] = [
    (2, m0002_partner_month_total),
    (3, m0003_partner_by_branch_and_name),
]

LATEST = 1 + len(STEPS)
# "BDSH": marks a SQLite file as branchdash's own (PRAGMA application_id).
APPLICATION_ID = 0x42445348


def current_version(db: Database) -> int:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    return SchemaVersion.select().order_by(SchemaVersion.version.desc()).scalar() or 0


def create_latest(db: Database) -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS)
        SchemaVersion.create(version=LATEST, name="created")
        if isinstance(db, SqliteDatabase):
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            create_search_index(db)  # FTS5 over meeting notes, kept in sync by triggers
            create_partner_month_totals(db)  # per partner and month (v2), by triggers
            create_daily_totals(db)  # results per branch and day, kept by triggers


def upgrade(db: Database, path: Path | None = None,
            steps: list[tuple[int, ModuleType]] | None = None,
            backup: Callable[[], object] | None = None) -> int:
    """Bring `db` to the latest schema; returns the number of steps applied."""
    steps = STEPS if steps is None else steps
    latest = 1 + len(steps)
    found = current_version(db)
    if found == 0:
        create_latest(db)
        return 0
    pending = [(version, module) for version, module in steps if version > found]
    if not pending:
        return 0
    if backup is not None:
        backup()
    elif path is not None and isinstance(db, SqliteDatabase):
        make_backup(db.connection(), path, f"before-v{latest}")
    migrator = SchemaMigrator.from_database(db)
    with migrator.migration_context():
        for version, module in pending:
            module.apply(migrator)
            SchemaVersion.create(version=version, name=module.NAME)
    return len(pending)
