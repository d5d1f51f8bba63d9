"""Migrations: a database of every earlier schema version opens in this one with every
row intact, and a migration killed part-way leaves the old schema whole.

The databases of earlier versions are kept as SQL text in tests/fixtures/schema/
(`vN.sql`, made by the code of version N with make_fixture.py there; see its
docstring). Each is loaded into a real file and opened through `open_database`,
the app's own open path, which runs the migrations. Rows are compared per table
(count and a checksum over the columns the old version had).

An exception in a step rolls back whole: tests/test_store.py
(`test_failed_upgrade_changes_nothing`). Here: the process killed in the middle.
"""

from __future__ import annotations

import importlib.util
import signal
import sqlite3
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SchemaMigrator, migrate

from branchdash.clock import FakeClock
from branchdash.data import migrations
from branchdash.data.database import close_database, open_database
from branchdash.data.models import database
from tests.tools.killed_migration import KILL_POINTS, fake_steps

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "tests" / "fixtures" / "schema"


def _maker() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixture", SCHEMA_DIR / "make_fixture.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


maker = _maker()
FIXTURES = sorted(SCHEMA_DIR.glob("v*.sql"), key=lambda path: int(path.stem[1:]))


def table_columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {table: maker.columns(conn, table) for table in maker.user_tables(conn)}
    finally:
        conn.close()


def changed_tables(before: dict[str, tuple[int, str]],
                   after: dict[str, tuple[int, str]]) -> list[str]:
    return sorted(table for table in before if after.get(table) != before[table])


def table_rows(path: Path, only: dict[str, list[str]]) -> dict[str, Counter[str]]:
    """Each table's rows (as text), over the columns `only` names."""
    conn = sqlite3.connect(path)
    try:
        return {table: Counter(repr(tuple(row)) for row in conn.execute(
                    f"SELECT {', '.join(maker.quote_name(c) for c in names)} "
                    f"FROM {maker.quote_name(table)}"))
                for table, names in only.items()}
    finally:
        conn.close()


def lost_rows(before: dict[str, Counter[str]], after: dict[str, Counter[str]]
              ) -> dict[str, int]:
    """Per table, how many of the old rows are no longer there as they were (a migration
    may add rows, e.g. its own `schema_version` row, but changes or loses none)."""
    lost = {table: sum((rows - after.get(table, Counter())).values())
            for table, rows in before.items()}
    return {table: count for table, count in lost.items() if count}


def schema_rows(path: Path) -> list[tuple[str, ...]]:
    """Everything SQLite knows of the schema, as text (not where it is in the file)."""
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, COALESCE(sql, '') "
                                   "FROM sqlite_master").fetchall())
    finally:
        conn.close()


def integrity(path: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def file_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0])
    finally:
        conn.close()


def comparable(shape: dict[str, object]) -> dict[str, object]:
    """A schema's shape with each table's columns by name: a column added by a migration
    comes last in its table, in a new database where the model has it."""
    tables = shape["tables"]
    assert isinstance(tables, dict)
    return {"tables": {name: sorted(cols) for name, cols in tables.items()},
            "others": shape["others"]}


def load_fixture(fixture: Path, path: Path) -> None:
    maker.load(fixture, path)


# --- every earlier version opens with every row ---------------------------------------


def test_every_earlier_version_has_a_fixture() -> None:
    versions = {int(path.stem[1:]) for path in FIXTURES}
    missing = sorted(set(range(1, migrations.LATEST)) - versions)
    assert missing == [], (f"no fixture for schema v{missing}: make it with "
                           "tests/fixtures/schema/make_fixture.py on that version's code")
    assert 1 in versions and max(versions) <= migrations.LATEST


@pytest.mark.parametrize("fixture", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_old_database_opens_with_every_row_intact(fixture: Path, tmp_path: Path,
                                                  clock: FakeClock) -> None:
    path = tmp_path / "branch.db"
    load_fixture(fixture, path)
    old_columns = table_columns(path)
    before = table_rows(path, old_columns)
    found = file_version(path)

    started = time.perf_counter()
    open_database(path)  # what the CLI and the app do: checks, then the migrations
    version = migrations.current_version(database.obj)
    close_database()
    seconds = time.perf_counter() - started

    lost = lost_rows(before, table_rows(path, old_columns))
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    rows = sum(sum(counts.values()) for counts in before.values())
    print(f"\n{fixture.name}: schema v{found} -> v{version} in {seconds * 1000:.0f} ms; "
          f"{len(before)} tables, {rows} rows; rows lost or changed: {lost or 0}")
    assert version == migrations.LATEST
    assert all(before.values())  # the fixture has rows in every table
    assert lost == {}
    assert comparable(maker.shape(path)) == comparable(maker.shape(fresh))
    assert integrity(path) == [("ok",)]


def _step(name: str, apply: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.NAME = name  # type: ignore[attr-defined]
    module.apply = apply  # type: ignore[attr-defined]
    return module


def _keeps_rows(migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("partner", "email", peewee.CharField(default="")),
            migrator.drop_not_null("expense", "category"),  # a table rebuild in SQLite
            migrator.add_index("expense", ("payee",), False))


def _money_through_float(migrator: SchemaMigrator) -> None:
    # A plausible slip: money passed through REAL loses anything past 2**53.
    database.execute_sql("UPDATE expense SET amount_won = CAST(amount_won AS REAL)")


def test_the_row_check_catches_a_lossy_migration(tmp_path: Path, clock: FakeClock,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above is not blind: through the same open path, a step that rebuilds a
    table keeps every row, and a step that rounds one amount of money is caught."""
    path = tmp_path / "branch.db"
    load_fixture(FIXTURES[-1], path)
    old_columns = table_columns(path)
    before = table_rows(path, old_columns)
    latest = migrations.LATEST

    keeps = (latest + 1, _step("keeps_rows", _keeps_rows))
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, keeps])
    monkeypatch.setattr(migrations, "LATEST", latest + 1)
    open_database(path)
    close_database()
    assert file_version(path) == latest + 1
    assert lost_rows(before, table_rows(path, old_columns)) == {}

    lossy = (latest + 2, _step("money_through_float", _money_through_float))
    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, lossy])
    monkeypatch.setattr(migrations, "LATEST", latest + 2)
    open_database(path)
    close_database()
    assert file_version(path) == latest + 2
    assert lost_rows(before, table_rows(path, old_columns)) == {"expense": 1}


# --- a migration killed part-way ----------------------------------------------------------


def test_migration_killed_part_way_leaves_the_old_schema_whole(tmp_path: Path,
                                                               clock: FakeClock) -> None:
    path = tmp_path / "branch.db"
    load_fixture(FIXTURES[-1], path)
    open_database(path)  # as the app left it: WAL mode, at the current version
    close_database()
    schema = schema_rows(path)
    rows = maker.fingerprints(path)
    version = file_version(path)

    figures = []
    for point in KILL_POINTS:  # the same file killed again and again, as it would be
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "tests.tools.killed_migration", str(path),
                              point], cwd=ROOT, capture_output=True, text=True, timeout=60)
        figures.append(f"{point} {time.perf_counter() - started:.1f}s")
        assert run.returncode == -signal.SIGKILL, run.stderr
        assert run.stdout.strip() == f"killing after {point}", run.stdout + run.stderr
        assert integrity(path) == [("ok",)], point
        assert file_version(path) == version, point
        assert schema_rows(path) == schema, point  # no table, column, index half-made
        assert changed_tables(rows, maker.fingerprints(path)) == [], point
    print(f"\nkilled migration: {len(KILL_POINTS)} kills ({', '.join(figures)}); "
          f"each time v{version} whole: schema, {sum(c for c, _ in rows.values())} rows, "
          "integrity ok")

    # The app opens it as it was, and the migration, run again, goes through.
    db = open_database(path)
    try:
        assert migrations.current_version(db) == version
        assert migrations.upgrade(db, path, steps=fake_steps(db)) == 2
        assert migrations.current_version(db) == version + 2
        assert "email" in {column.name for column in db.get_columns("partner")}
    finally:
        close_database()
    assert integrity(path) == [("ok",)]
