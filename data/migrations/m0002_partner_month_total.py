"""Schema v2: `partner_month_total`, each partner's results summed per month, kept by
triggers on `daily_result` (the Goals screen's month by partner at region scale reads
one row a partner instead of a row a partner and day). Built here for the results
already stored, in the migration's transaction. SQLite only: PostgreSQL (HQ) has no
such table and sums `daily_result` (branchdash.goals)."""

from __future__ import annotations

from peewee import SqliteDatabase
from playhouse.migrate import SchemaMigrator

from ..models import create_partner_month_totals

NAME = "partner_month_total"


def apply(migrator: SchemaMigrator) -> None:
    if isinstance(migrator.database, SqliteDatabase):
        create_partner_month_totals(migrator.database)
