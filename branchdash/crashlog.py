"""Where unexpected failures go: a log file, so that no traceback reaches the user."""

from __future__ import annotations

import traceback
from pathlib import Path

import platformdirs

from branchdash.clock import utc_now


def crash_log_path() -> Path:
    return Path(platformdirs.user_log_dir("branchdash", appauthor=False)) / "crash.log"


def write_crash_log(error: BaseException) -> Path:
    path = crash_log_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"--- {utc_now().isoformat()}\n")
        handle.write("".join(traceback.format_exception(error)))
        handle.write("\n")
    return path


def is_disk_full(error: BaseException) -> bool:
    """SQLITE_FULL, as sqlite3 or peewee raise it (also when chained)."""
    seen: BaseException | None = error
    while seen is not None:
        if "database or disk is full" in str(seen) or isinstance(seen, OSError) and \
                seen.errno == 28:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def is_locked(error: BaseException) -> bool:
    return "database is locked" in str(error)
