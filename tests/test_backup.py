"""Backups through SQLite's backup API, daily rotation, permissions of what we write."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from branchdash.clock import FakeClock
from branchdash.data.backup import (
    backup_now,
    backups,
    check_integrity,
    daily_backup,
    daily_backup_due,
    prune,
)
from branchdash.data.database import close_database, open_database
from branchdash.data.models import Branch


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_and_folder_are_private(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "data" / "branchdash.db"
    open_database(path, create_folder=True)
    try:
        Branch.create(code="GN03", name="강남3센터")
        assert mode(path.parent) == 0o700
        for name in ("branchdash.db", "branchdash.db-wal", "branchdash.db-shm"):
            assert mode(path.parent / name) == 0o600, name
    finally:
        close_database()


def test_backup_holds_what_the_wal_holds(clock: FakeClock, db: Path) -> None:
    Branch.create(code="GN03", name="강남3센터")  # still in the WAL, not the main file
    copy = backup_now(db, "manual")
    assert mode(copy) == 0o600 and mode(copy.parent) == 0o700
    assert check_integrity(copy) == "ok"
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT name FROM branch").fetchall() == [("강남3센터",)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_daily_backup_once_a_day_and_pruned(clock: FakeClock, db: Path) -> None:
    Branch.create(code="GN03", name="강남3센터")
    first = daily_backup(db)
    assert first is not None and first.integrity == "ok"
    assert daily_backup(db) is None  # once a day
    assert not daily_backup_due(db)
    for _ in range(20):
        clock.advance(hours=24)
        daily_backup(db)
    dailies = [p for p in backups(db) if "-daily" in p.name]
    assert 14 <= len(dailies) <= 15
    assert first.path not in dailies


def test_prune_keeps_upgrade_and_manual_copies(clock: FakeClock, db: Path) -> None:
    manual = backup_now(db, "manual")
    clock.advance(hours=24 * 30)
    backup_now(db, "daily")
    assert prune(db, keep_days=7) == []
    assert manual.exists()


def test_backup_command(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    open_database(path)
    Branch.create(code="GN03", name="강남3센터")
    close_database()
    result = subprocess.run([sys.executable, "-m", "branchdash", "--db", str(path), "backup"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Backup made and checked" in result.stdout
    assert len(list((tmp_path / "backups").glob("branch-*-manual.db"))) == 1


def test_backup_command_speaks_the_apps_language(clock: FakeClock, tmp_path: Path) -> None:
    from branchdash.settings import save_language

    path = tmp_path / "branch.db"
    open_database(path)
    Branch.create(code="GN03", name="강남3센터")
    save_language("ko")  # as the app saved it
    close_database()
    command = [sys.executable, "-m", "branchdash", "--db", str(path), "backup"]
    korean = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert korean.returncode == 0, korean.stderr
    assert "백업을 만들고 점검했습니다" in korean.stdout
    english = subprocess.run([*command[:3], "--lang", "en", *command[3:]], capture_output=True,
                             text=True, timeout=60)
    assert "Backup made and checked" in english.stdout  # --lang for this run
    assert "백업을" in subprocess.run(command, capture_output=True, text=True,
                                     timeout=60).stdout  # and not saved
