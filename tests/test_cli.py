"""The command line as a user meets it: real processes, real files, exit codes."""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from branchdash.cli import UsageError, build_parser, demo_db_path, resolve_db_path

from .test_store import BAD_FILES


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "branchdash", *args], capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL, env=environ)


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("case", "make", "error", "words"), BAD_FILES,
                         ids=[case for case, *_ in BAD_FILES])
def test_bad_database_one_line_exit_2(clock: object, tmp_path: Path, case: str, make: object,
                                      error: type, words: str) -> None:
    path = tmp_path / "branch.db"
    make(path)  # type: ignore[operator]
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    before = checksum(path)
    result = run_cli("--db", str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("branchdash: ")
    assert checksum(path) == before


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "no" / "such" / "branch.db"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_flags_that_do_not_go_together(tmp_path: Path) -> None:
    result = run_cli("--demo", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "leave out --db" in result.stderr
    result = run_cli("--scale", "region", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "--scale goes with --demo" in result.stderr
    result = run_cli("--lang", "fr")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_bad_timezone_is_refused(clock: object, tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "x.db"), "--timezone", "Mars/Olympus")
    assert result.returncode == 2
    assert "not a known timezone" in result.stderr and "Traceback" not in result.stderr


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("branchdash ")


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def test_database_path_choice(tmp_path: Path) -> None:
    env = {"BRANCHDASH_DB": str(tmp_path / "env.db")}
    assert resolve_db_path(_args("--db", str(tmp_path / "flag.db")), env)[0] == \
        tmp_path / "flag.db"
    assert resolve_db_path(_args(), env) == (tmp_path / "env.db", False)
    default, create = resolve_db_path(_args(), {})
    assert default.name == "branchdash.db" and create
    demo, _ = resolve_db_path(_args("--demo"), env)
    assert demo == demo_db_path("branch") and demo != default
    assert resolve_db_path(_args("--demo", "--scale", "region"), {})[0].name == "demo-region.db"
    with pytest.raises(UsageError):
        resolve_db_path(_args("--demo", "--db", "x.db"), {})


def test_restore_puts_the_backup_back(clock: object, tmp_path: Path) -> None:
    from branchdash.data.database import close_database, open_database
    from branchdash.data.models import Branch

    path = tmp_path / "branch.db"
    open_database(path)
    Branch.create(code="GN03", name="강남3센터")
    close_database()
    backup = tmp_path / "good-copy.db"
    source = sqlite3.connect(path)
    target = sqlite3.connect(backup)
    source.backup(target)
    source.close()
    target.close()
    path.write_bytes(path.read_bytes()[:1000])  # damage the original
    result = run_cli("--db", str(path), "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    moved = list(tmp_path.glob("branch.db.replaced-*"))
    assert len(moved) == 1 and moved[0].stat().st_size == 1000
    open_database(path)
    try:
        assert Branch.select().count() == 1
    finally:
        close_database()


def test_restore_refuses_a_bad_backup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    result = run_cli("--db", str(tmp_path / "branch.db"), "restore", str(bad))
    assert result.returncode == 2 and "not a SQLite database" in result.stderr
