"""Putting a backup copy back in place of the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from branchdash.clock import utc_now

from .database import inspect_file
from .errors import CannotOpen


def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Copy `backup` over `db_path`. The file it replaces (with its WAL files) is
    moved aside, never deleted; returns where it went, or None if there was none."""
    if not backup.is_file():
        raise CannotOpen(f"No backup file at {backup}.", "Give the path of a backup file.")
    inspect_file(backup)  # never restore something that would not open
    if not db_path.parent.is_dir():
        raise CannotOpen(f"The folder {db_path.parent} does not exist.",
                         "Create it first or choose another --db path.")
    moved: Path | None = None
    stamp = utc_now().format("YYYYMMDD-HHmmss")
    if db_path.exists():
        moved = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{db_path}{suffix}")
            if current.exists():
                current.replace(Path(f"{moved}{suffix}"))
    partial = db_path.with_name(f"{db_path.name}.restoring")
    shutil.copyfile(backup, partial)
    partial.replace(db_path)
    return moved
