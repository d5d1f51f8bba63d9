"""Schema v2 (`partner_month_total`): a v1 file opened by this version gets the month
totals for every result it already holds, in the migration's transaction, and the
triggers that keep them from then on."""

from __future__ import annotations

from pathlib import Path

import pendulum

from branchdash.clock import FakeClock
from branchdash.data import migrations
from branchdash.data.database import close_database, open_database
from branchdash.data.models import DailyResult, database
from tests.test_goals_month_totals import kept_equals_fresh
from tests.test_migration_fixtures import SCHEMA_DIR, load_fixture


def test_a_v1_file_gets_its_month_totals(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "branch.db"
    load_fixture(SCHEMA_DIR / "v1.sql", path)
    open_database(path)
    try:
        assert migrations.current_version(database.obj) >= 2
        kept = database.execute_sql("SELECT COUNT(*), SUM(sales_won) FROM partner_month_total "
                                    "WHERE rows > 0").fetchone()
        results = database.execute_sql("SELECT SUM(sales_won) FROM daily_result").fetchone()
        assert kept[0] > 0 and kept[1] == results[0]
        kept_equals_fresh()
        row = DailyResult.select().first()
        row.date = pendulum.date(2026, 12, 1)  # into a month the file had no totals for
        row.save()
        kept_equals_fresh()
    finally:
        close_database()
