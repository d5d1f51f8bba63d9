"""A large database's quick check runs after the first frame, not before it.

`PRAGMA quick_check` reads the whole file: a second or more for a region's data. Files
above `INLINE_CHECK_BYTES` are opened at once and checked in the background; a
failed check is told on screen, with the latest backup and the restore command.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from branchdash import app as app_module
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data import database
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database, inspect_file, open_database, quick_check
from branchdash.data.errors import DamagedDatabase
from tests.test_store import _healthy, _random_middle


def _damaged_last_page(path: Path) -> None:
    """A healthy file whose last page (table rows, not the schema) is overwritten."""
    _healthy(path)
    conn = sqlite3.connect(path)
    with conn:  # rows written last fill the file's last pages
        conn.execute("CREATE TABLE filler (line TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 200,)] * 2000)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[-page: -page + 100] = bytes(range(100))
    path.write_bytes(bytes(data))


def test_small_damaged_file_is_refused_before_opening(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    _random_middle(path)
    with pytest.raises(DamagedDatabase):
        inspect_file(path)


def test_large_damaged_file_is_found_by_the_later_check(
        clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "branch.db"
    _damaged_last_page(path)
    with pytest.raises(DamagedDatabase):  # small: refused before opening
        inspect_file(path)
    monkeypatch.setattr(database, "INLINE_CHECK_BYTES", 0)  # every file counts as large
    inspect_file(path)  # not read whole before opening
    result = quick_check(path)
    assert result != "ok"
    print(f"\nlarge-file check after start: {result!r}")


async def test_failed_check_after_start_is_told_on_screen(
        clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "branch.db"
    open_database(path)
    create_branch("마포2지점", "MP2")
    monkeypatch.setattr(database, "INLINE_CHECK_BYTES", 0)
    monkeypatch.setattr(app_module, "quick_check", lambda _path: "*** in database main ***")
    notices: list[str] = []
    try:
        app = BranchDashApp(clock, db_path=path)
        async with app.run_test(size=(100, 30)) as pilot:
            monkeypatch.setattr(app, "notify", lambda message, **_: notices.append(message))
            app.run_daily_backup()
            await app.workers.wait_for_complete()
            await pilot.pause()
    finally:
        close_database()
    assert any("failed its check at start" in notice and "*** in database main ***" in notice
               for notice in notices), notices
