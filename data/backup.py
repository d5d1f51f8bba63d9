"""Backup copies of the database file, made with SQLite's online backup API.

A plain file copy would miss what is still in the WAL, or catch a page
half-written; the backup API copies a consistent snapshot while the app keeps
working. Backups live in a `backups` folder beside the database (0700; each
copy 0600: they hold partners' personal data), named so that they sort by
time: `<stem>-YYYYMMDD-HHMMSS-<reason>.db`. Every daily copy is checked with
a full `PRAGMA integrity_check`, which is too slow to run at each start.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from branchdash.clock import utc_now

DEFAULT_KEEP_DAYS = 14
PAGES_PER_STEP = 2048  # copy in steps so that writers are not held up for long


class BackupError(Exception):
    """The backup could not be made or did not pass its check."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    integrity: str  # "ok", or what integrity_check said
    removed: list[Path]


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def private_folder(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def create_private_file(path: Path) -> None:
    """An empty file only its owner can read, for SQLite to fill (it keeps the mode
    for the -wal and -shm files it makes beside it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _target(db_path: Path, reason: str) -> Path:
    folder = private_folder(backup_dir(db_path))
    stamp = utc_now().format("YYYYMMDD-HHmmss")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{reason}-{n}.db"
    return target


def make_backup(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Copy the open database `source` into a new backup file and return its path."""
    target = _target(db_path, reason)
    partial = target.with_suffix(".part")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest, pages=PAGES_PER_STEP)
        dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
    except sqlite3.Error as error:
        dest.close()
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup to {target} failed: {error}.") from None
    dest.close()
    partial.replace(target)  # a backup is either whole or absent
    return target


def backup_now(db_path: Path, reason: str = "manual") -> Path:
    """A backup of the database file at `db_path` through a connection of its own
    (so it can run in a worker thread while the app uses its connection)."""
    source = sqlite3.connect(db_path, timeout=30)
    try:
        return make_backup(source, db_path, reason)
    finally:
        source.close()


def check_integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        conn.close()
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])


def backups(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"))


def latest_backup(db_path: Path) -> Path | None:
    copies = backups(db_path)
    return copies[-1] if copies else None


def _stamp_of(path: Path, db_path: Path) -> str:
    # "<stem>-YYYYMMDD-HHMMSS-..." -> "YYYYMMDD"
    return path.name[len(db_path.stem) + 1:][:8]


def daily_backup_due(db_path: Path) -> bool:
    today = utc_now().format("YYYYMMDD")
    return not any(_stamp_of(p, db_path) == today and "-daily" in p.name
                   for p in backups(db_path))


def prune(db_path: Path, keep_days: int = DEFAULT_KEEP_DAYS) -> list[Path]:
    """Remove daily backups older than `keep_days`; the newest one always stays, and
    copies made before a schema upgrade or by hand are left for the user to remove."""
    oldest_kept = utc_now().subtract(days=keep_days).format("YYYYMMDD")
    copies = backups(db_path)
    removed = []
    for path in copies[:-1]:
        if "-daily" in path.name and _stamp_of(path, db_path) < oldest_kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def daily_backup(db_path: Path, keep_days: int = DEFAULT_KEEP_DAYS) -> BackupResult | None:
    """Once a day: a backup, its full integrity check, and old copies pruned."""
    if not daily_backup_due(db_path):
        return None
    path = backup_now(db_path, "daily")
    integrity = check_integrity(path)
    removed = prune(db_path, keep_days) if integrity == "ok" else []
    return BackupResult(path, integrity, removed)


def restore_hint(db_path: Path) -> str:
    """The sentence that names the latest backup and the command that restores it."""
    latest = latest_backup(db_path)
    if latest is None:
        return "No backup of it exists yet."
    return (
        f"The latest backup is {latest}; restore it with: "
        f"branchdash --db '{db_path}' restore '{latest}'"
    )
