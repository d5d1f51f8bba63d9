"""The store on real SQLite files: open, pragmas, migrations, and every bad-file case."""

from __future__ import annotations

import hashlib
import sqlite3
import types
from pathlib import Path

import peewee
import pytest

from branchdash.clock import FakeClock
from branchdash.data import migrations
from branchdash.data.backup import latest_backup
from branchdash.data.database import close_database, open_database
from branchdash.data.errors import (
    CannotOpen,
    DamagedDatabase,
    ForeignDatabase,
    NewerSchema,
    NotADatabase,
)
from branchdash.data.fields import UtcDateTimeField
from branchdash.data.models import ALL_MODELS, Branch, Expense, SchemaVersion, database


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_branch_db(path: Path) -> None:
    open_database(path)
    Branch.create(code="GN03", name="강남3센터")
    close_database()


# --- a fresh file ----------------------------------------------------------------


def test_fresh_open_creates_latest_schema(db: Path) -> None:
    assert db.exists()
    assert SchemaVersion.select().count() == 1
    assert migrations.current_version(database.obj) == migrations.LATEST
    tables = set(database.get_tables())
    assert {m._meta.table_name for m in ALL_MODELS} <= tables


def test_pragmas_on_every_connection(db: Path) -> None:
    for _ in range(2):  # the first connection, then a reconnect
        pragma = lambda name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        database.close()
        database.connect()


def test_writes_begin_immediate(db: Path) -> None:
    # A read-then-write transaction that started deferred could fail with "locked"
    # halfway; with BEGIN IMMEDIATE a second writer waits at the start instead.
    assert database.obj._lock_type == "IMMEDIATE"
    other = sqlite3.connect(db, timeout=0.1)
    with database.atomic():
        Branch.create(code="A", name="A")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.close()


def test_syncable_rows_have_uuid_and_utc_instants(db: Path, clock: FakeClock) -> None:
    branch = Branch.create(code="GN03", name="강남3센터")
    assert len(branch.id) == 32 and int(branch.id, 16) >= 0
    assert branch.created_at.timezone_name == "UTC"
    assert branch.created_at == clock.now().in_timezone("UTC")
    clock.advance(minutes=5)
    branch.name = "강남 3센터"
    branch.save()
    again = Branch.get_by_id(branch.id)
    assert again.updated_at == clock.now().in_timezone("UTC")
    assert again.created_at < again.updated_at


def test_money_must_be_integer_won(db: Path) -> None:
    branch = Branch.create(code="GN03", name="강남3센터")
    with pytest.raises(TypeError, match="integer won"):
        Expense.create(branch=branch, spent_on="2026-11-30", account="operating",
                       amount_won=1200.5)
    assert Expense.select().count() == 0


def test_naive_instants_are_refused() -> None:
    import datetime as dt

    field = UtcDateTimeField()
    field.name = "when"
    with pytest.raises(ValueError, match="naive"):
        field.db_value(dt.datetime(2026, 11, 28, 9, 0))


def test_foreign_keys_are_enforced(db: Path) -> None:
    with pytest.raises(peewee.IntegrityError):
        Expense.create(branch="0" * 32, spent_on="2026-11-30", account="operating",
                       amount_won=1000)


def test_reopen_keeps_data_and_version(clock: FakeClock, db_path: Path) -> None:
    make_branch_db(db_path)
    open_database(db_path)
    try:
        assert Branch.select().count() == 1
        assert SchemaVersion.select().count() == 1
    finally:
        close_database()


# --- migrations -----------------------------------------------------------------


def _step(name: str, apply: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.NAME = name  # type: ignore[attr-defined]
    module.apply = apply  # type: ignore[attr-defined]
    return module


def test_upgrade_backs_up_then_applies_steps(clock: FakeClock, db_path: Path) -> None:
    make_branch_db(db_path)
    open_database(db_path)
    try:
        def add_column(migrator: object) -> None:
            migrator.migrate(  # type: ignore[attr-defined]
                migrator.add_column("branch", "phone", peewee.CharField(default=""))  # type: ignore[attr-defined]
            )

        after = migrations.LATEST + 1  # a step after the real ones
        steps = [*migrations.STEPS, (after, _step("m_branch_phone", add_column))]
        applied = migrations.upgrade(database.obj, db_path, steps=steps)
        assert applied == 1
        assert migrations.current_version(database.obj) == after
        assert "phone" in {c.name for c in database.get_columns("branch")}
        backup = latest_backup(db_path)
        assert backup is not None and f"before-v{after}" in backup.name
        copy = sqlite3.connect(backup)
        assert copy.execute("SELECT COUNT(*) FROM branch").fetchone()[0] == 1
        assert "phone" not in {r[1] for r in copy.execute("PRAGMA table_info(branch)")}
        copy.close()
    finally:
        close_database()


def test_failed_upgrade_changes_nothing(clock: FakeClock, db_path: Path) -> None:
    make_branch_db(db_path)
    open_database(db_path)
    try:
        def good(migrator: object) -> None:
            migrator.migrate(  # type: ignore[attr-defined]
                migrator.add_column("branch", "phone", peewee.CharField(default=""))  # type: ignore[attr-defined]
            )

        def bad(migrator: object) -> None:
            raise RuntimeError("step 3 breaks")

        latest = migrations.LATEST
        steps = [*migrations.STEPS, (latest + 1, _step("m_good", good)),
                 (latest + 2, _step("m_bad", bad))]
        with pytest.raises(RuntimeError):
            migrations.upgrade(database.obj, db_path, steps=steps)
        assert migrations.current_version(database.obj) == latest
        assert "phone" not in {c.name for c in database.get_columns("branch")}
        assert Branch.select().count() == 1
    finally:
        close_database()


# --- bad files: one clear error, the file unchanged ---------------------------------


def _healthy(path: Path) -> None:
    make_branch_db(path)
    # fold the WAL back so the main file holds everything
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _truncate(path: Path) -> None:
    _healthy(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _zero_header(path: Path) -> None:
    _healthy(path)
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


def _random_middle(path: Path) -> None:
    _healthy(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    import random

    noise = random.Random(7)
    for offset in range(page, len(data) - page, page):  # every page after the first
        data[offset: offset + 200] = bytes(noise.randrange(256) for _ in range(200))
    path.write_bytes(bytes(data))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("name,phone\n김민수,010-1234-5678\n", encoding="utf-8")


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO moz_bookmarks (title) VALUES ('x')")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    _healthy(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version (version, name, applied_at) "
                 f"VALUES ({migrations.LATEST + 1}, 'future', '2030-01-01 00:00:00')")
    conn.commit()
    conn.close()


BAD_FILES = [
    ("truncated", _truncate, DamagedDatabase, "cut short"),
    ("zeroed header", _zero_header, NotADatabase, "not a SQLite database"),
    ("random bytes in the middle", _random_middle, DamagedDatabase, "damaged"),
    ("0 bytes", _empty, NotADatabase, "empty file"),
    ("a text file", _text, NotADatabase, "not a SQLite database"),
    ("another application's database", _foreign, ForeignDatabase, "another application"),
    ("a newer schema", _newer, NewerSchema, "newer branchdash"),
]


@pytest.mark.parametrize(("case", "make", "error", "words"), BAD_FILES,
                         ids=[case for case, *_ in BAD_FILES])
def test_bad_file_is_refused_and_left_alone(clock: FakeClock, tmp_path: Path, case: str,
                                            make: object, error: type, words: str) -> None:
    path = tmp_path / "branch.db"
    make(path)  # type: ignore[operator]
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before = checksum(path)
    with pytest.raises(error) as caught:
        open_database(path)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and str(path) in message
    assert checksum(path) == before
    assert not Path(f"{path}-wal").exists()


def test_damaged_file_message_names_latest_backup(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    _healthy(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    saved = backups / "branch-20261127-180000-daily.db"
    saved.write_bytes(path.read_bytes())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])
    with pytest.raises(DamagedDatabase) as caught:
        open_database(path)
    assert str(saved) in str(caught.value)
    assert "branchdash" in str(caught.value) and "restore" in str(caught.value)


def test_folder_that_does_not_exist(clock: FakeClock, tmp_path: Path) -> None:
    with pytest.raises(CannotOpen, match="does not exist"):
        open_database(tmp_path / "nowhere" / "branch.db")
    assert not (tmp_path / "nowhere").exists()


def test_default_folder_is_created(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "branchdash.db"
    open_database(path, create_folder=True)
    close_database()
    assert path.exists()


def test_a_folder_as_the_path(clock: FakeClock, tmp_path: Path) -> None:
    with pytest.raises(CannotOpen, match="folder"):
        open_database(tmp_path)


def test_a_file_where_the_folder_should_be(clock: FakeClock, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CannotOpen, match="is a file, not a folder"):
        open_database(tmp_path / "notes.txt" / "branch.db")


def test_bulk_update_moves_updated_at(db: Path, clock: FakeClock) -> None:
    branch = Branch.create(code="GN03", name="강남3센터")
    clock.advance(minutes=10)
    Branch.update(name="강남 3센터").where(Branch.id == branch.id).execute()
    again = Branch.get_by_id(branch.id)
    assert again.name == "강남 3센터"
    assert again.updated_at == clock.now().in_timezone("UTC")
    stamp = clock.now().subtract(days=1)
    Branch.update({Branch.updated_at: stamp}).execute()  # an explicit stamp is kept
    assert Branch.get_by_id(branch.id).updated_at == stamp.in_timezone("UTC")
