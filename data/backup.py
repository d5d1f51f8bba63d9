"""Backup copies of the database file, made with SQLite's online backup API.

Backups live in a `backups` folder beside the database, named so that they
sort by time: `<stem>-YYYYMMDD-HHMMSS-<reason>.db`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from branchdash.clock import utc_now


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def make_backup(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Copy the open database `source` into a new backup file and return its path."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utc_now().format("YYYYMMDD-HHmmss")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{reason}-{n}.db"
    partial = target.with_suffix(".part")
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
    finally:
        dest.close()
    partial.replace(target)  # a backup is either whole or absent
    return target


def latest_backup(db_path: Path) -> Path | None:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return None
    copies = sorted(folder.glob(f"{db_path.stem}-*.db"))
    return copies[-1] if copies else None


def restore_hint(db_path: Path) -> str:
    """The sentence that names the latest backup and the command that restores it."""
    latest = latest_backup(db_path)
    if latest is None:
        return "No backup of it exists yet."
    return (
        f"The latest backup is {latest}; restore it with: "
        f"branchdash --db '{db_path}' restore '{latest}'"
    )
