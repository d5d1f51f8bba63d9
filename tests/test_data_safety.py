"""Nothing lost when the process is killed mid-write or two copies write at once.

Real subprocesses on real files; each test prints its figures (`pytest -s` shows them).
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from branchdash.clock import FakeClock
from branchdash.data.database import close_database, data_version
from branchdash.data.models import Branch

ROOT = Path(__file__).resolve().parent.parent
KILL_RUNS = 50


def tool(name: str, *args: str) -> list[str]:
    return [sys.executable, "-m", f"tests.tools.{name}", *args]


def test_kill_during_batch_writes(tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    rng = random.Random(20261130)
    reported: set[int] = set()
    next_batch = 0
    for _ in range(KILL_RUNS):
        process = subprocess.Popen(tool("batch_writer", str(path), str(next_batch), "1000"),
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        time.sleep(rng.uniform(0.3, 1.5))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=30)
        assert "Traceback" not in err, err
        done = [int(line.split()[1]) for line in out.splitlines() if line.startswith("done ")]
        reported.update(done)
        next_batch += 1000
    conn = sqlite3.connect(path)
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    sizes = dict(conn.execute(
        "SELECT memo, COUNT(*) FROM expense GROUP BY memo").fetchall())
    conn.close()
    half_written = {memo: n for memo, n in sizes.items() if n != 1000}
    lost = [b for b in reported if f"batch-{b}" not in sizes]
    print(f"\nkill test: {KILL_RUNS} SIGKILLs, {len(reported)} batches reported, "
          f"{len(sizes)} in the file, damaged files: {0 if integrity == [('ok',)] else 1}, "
          f"half-written: {len(half_written)}, lost: {len(lost)}")
    assert integrity == [("ok",)]
    assert half_written == {}
    assert lost == []
    assert len(reported) > 0  # the writer got to commit before being killed


def test_two_copies_writing_at_once(tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    subprocess.run(tool("counter", str(path), "1"), cwd=ROOT, check=True, capture_output=True)
    changes = 2000
    copies = [subprocess.Popen(tool("counter", str(path), str(changes)), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in copies]
    errors = sum(int(out.strip().splitlines()[-1].split()[1]) for out, _ in outputs)
    conn = sqlite3.connect(path)
    value = int(conn.execute("SELECT value FROM setting WHERE key = 'test.counter'")
                .fetchone()[0])
    conn.close()
    lost = 1 + 2 * changes - value
    print(f"\ntwo copies: {2 * changes} read-then-write changes, {errors} errors, "
          f"{lost} lost updates")
    assert [p.returncode for p in copies] == [0, 0], [e for _, e in outputs]
    assert errors == 0
    assert lost == 0


def test_data_version_sees_the_other_copy(clock: FakeClock, db: Path) -> None:
    before = data_version()
    Branch.create(code="A", name="a")  # our own write does not count
    assert data_version() == before
    other = sqlite3.connect(db)
    other.execute("INSERT INTO setting (key, value) VALUES ('x', 'y')")
    other.commit()
    other.close()
    assert data_version() != before


def test_disk_full_writes_nothing_and_says_so(clock: FakeClock, db: Path) -> None:
    from peewee import OperationalError

    from branchdash.crashlog import is_disk_full
    from branchdash.data.models import Expense, database

    branch = Branch.create(code="A", name="a")
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages + 2}")
    rows = [{"branch": branch.id, "spent_on": "2026-11-30", "account": "operating",
             "amount_won": 1000, "memo": "x" * 500} for _ in range(500)]
    with pytest.raises(OperationalError) as caught:
        with database.atomic():
            for start in range(0, len(rows), 50):
                Expense.insert_many(rows[start:start + 50]).execute()
    assert is_disk_full(caught.value)
    assert Expense.select().count() == 0
    close_database()
