"""Opening the store: checks first, then the connection, then migrations.

A file is looked at read-only before anything writes to it, so a damaged file,
a file that is not a database, another application's database or one from a
newer branchdash is reported and left exactly as it was; it is never replaced
by a new empty database.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from . import migrations
from .backup import create_private_file, private_folder, restore_hint
from .errors import CannotOpen, DamagedDatabase, ForeignDatabase, NewerSchema, NotADatabase
from .migrations import APPLICATION_ID
from .models import database

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# Files up to this size are quick-checked before they are opened (a branch's years of
# data stay well below it); larger ones right after, in the background.
INLINE_CHECK_BYTES = 64 * 1024 * 1024

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "normal",  # with WAL: durable across an app crash, fast
    "cache_size": -16_000,  # 16 MB page cache
}


def inspect_file(path: Path) -> None:
    """Refuse, with a clear message, any existing file that is not a healthy
    branchdash database this version can open. Reads only."""
    hint = restore_hint(path)
    if path.is_dir():
        raise CannotOpen(f"{path} is a folder, not a database file.",
                         "Give the path of a file, e.g. --db ~/branch.db.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise CannotOpen(f"No permission to read {path}.",
                         "Fix the file's permissions or choose another --db path.") from None
    except OSError as error:
        raise CannotOpen(f"Cannot read {path}: {error.strerror}.",
                         "Check the path or choose another --db path.") from None
    if size == 0:
        raise NotADatabase(f"{path} is an empty file (0 bytes), not a branchdash database.",
                           f"Remove it to start a new database. {hint}")
    if not header.startswith(SQLITE_MAGIC):
        raise NotADatabase(f"{path} is not a SQLite database (its first bytes say otherwise).",
                           f"Check the --db path. {hint}")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or len(header) < 100:
        raise DamagedDatabase(f"{path} is damaged: its header is invalid.", hint)
    # The header's page count is trusted only when it is current (SQLite's own rule:
    # "version-valid-for" equals the change counter) and no WAL holds newer pages:
    # after a kill in WAL mode the main file may rightly be shorter than the count.
    pages_in_header = int.from_bytes(header[28:32], "big")
    header_current = header[92:96] == header[24:28]
    wal = Path(f"{path}-wal")
    wal_has_pages = wal.exists() and wal.stat().st_size > 0
    cut_short = (header_current and not wal_has_pages and pages_in_header
                 and size < pages_in_header * page_size)
    if size % page_size or cut_short:
        raise DamagedDatabase(f"{path} is damaged: the file is cut short.", hint)
    _inspect_contents(path, hint)


def _inspect_contents(path: Path, hint: str) -> None:
    side_files = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [side.exists() for side in side_files]
    try:
        _read_checks(path, hint)
    finally:
        # Reading a WAL-mode file read-only leaves an empty -wal and a -shm behind;
        # remove those we made, so that a refused file's folder is as it was.
        wal, shm = side_files
        if not any(existed) and wal.exists() and wal.stat().st_size == 0:
            wal.unlink(missing_ok=True)
            shm.unlink(missing_ok=True)


def checked_after_start(path: Path) -> bool:
    """A large file's quick check runs after the first frame (`quick_check`), in the
    background: it reads the whole file, a second or more for a region's data."""
    return path.stat().st_size > INLINE_CHECK_BYTES


def quick_check(path: Path) -> str:
    """SQLite's quick check of the file, read-only: "ok", or what is wrong."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        conn.close()


def _read_checks(path: Path, hint: str) -> None:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise CannotOpen(f"Cannot open {path}: {error}.", "Check the file and its folder.") \
            from None
    try:
        if not checked_after_start(path):
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise DamagedDatabase(f"{path} is damaged ({check}).", hint)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and app_id != APPLICATION_ID and "schema_version" not in tables:
            raise ForeignDatabase(
                f"{path} is a database of another application, not of branchdash.",
                "Choose another --db path; branchdash leaves this file alone.")
        if "schema_version" in tables:
            found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            if found > migrations.LATEST:
                raise NewerSchema(
                    f"{path} was written by a newer branchdash (schema v{found}; this copy "
                    f"knows up to v{migrations.LATEST}).",
                    "Upgrade branchdash (pip install -U branchdash) to open it.")
    except sqlite3.DatabaseError as error:
        # "file is not a database", "database disk image is malformed", ...
        raise DamagedDatabase(f"{path} is damaged or not a database ({error}).", hint) from None
    finally:
        conn.close()


def _prepare_folder(path: Path, create_folder: bool) -> None:
    folder = path.parent
    if folder.is_dir():
        if not os.access(folder, os.W_OK):
            raise CannotOpen(f"Cannot write in the folder {folder}.",
                             "Fix its permissions or choose another --db path.")
        return
    if folder.exists():
        raise CannotOpen(f"{folder} is a file, not a folder.", "Choose another --db path.")
    if not create_folder:
        raise CannotOpen(f"The folder {folder} does not exist.",
                         "Create it first or choose another --db path.")
    try:
        private_folder(folder)
    except OSError as error:
        raise CannotOpen(f"Cannot create the folder {folder}: {error.strerror}.",
                         "Choose another --db path.") from None


def open_database(path: Path, *, create_folder: bool = False) -> SqliteDatabase:
    """Open (or create) the branchdash database at `path`, migrate it to the
    latest schema, and bind the models' proxy to it."""
    path = Path(path).expanduser()
    created = opened = False
    if path.exists():
        inspect_file(path)
    else:
        _prepare_folder(path, create_folder)
        try:
            create_private_file(path)  # partner data: owner-only, and so are -wal/-shm
            created = True
        except OSError as error:
            raise CannotOpen(f"Cannot create {path}: {error.strerror}.",
                             "Choose another --db path.") from None
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE",
                        timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.connect()
        if db.execute_sql("PRAGMA journal_mode").fetchone()[0] != "wal":
            raise CannotOpen(f"Cannot use write-ahead logging on {path}.",
                             "Put the database on a local disk.")
        database.initialize(db)
        migrations.upgrade(db, path)
        opened = True
    except (sqlite3.OperationalError, peewee.OperationalError) as error:
        db.close()
        raise CannotOpen(f"Cannot open {path}: {error}.", "Check the path and its folder.") \
            from None
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        db.close()
        raise DamagedDatabase(f"{path} is damaged ({error}).", restore_hint(path)) from None
    except BaseException:
        db.close()
        raise
    finally:
        if created and not opened and path.exists() and path.stat().st_size == 0:
            path.unlink(missing_ok=True)  # never leave an empty file that would be refused
    return db


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def data_version() -> int:
    """A number that changes when another connection (another copy of the app)
    commits to the file; reading it touches no table."""
    if not isinstance(database.obj, SqliteDatabase):  # PostgreSQL: see data/postgres.py
        from .postgres import change_marker

        return change_marker()
    return int(database.execute_sql("PRAGMA data_version").fetchone()[0])


def change_token() -> tuple[int, int] | None:
    """Equal tokens mean nothing was committed to the file in between, by this copy or
    another (a screen coming back need not re-read). None where that cannot be told
    (PostgreSQL): re-read."""
    if not isinstance(database.obj, SqliteDatabase):
        return None
    return data_version(), database.connection().total_changes
