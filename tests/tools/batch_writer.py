"""Writes 1,000-row batches of expenses, one transaction each, and reports each commit.

Run as a subprocess by the kill tests: `python -m tests.tools.batch_writer DB FIRST COUNT`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pendulum

from branchdash.clock import SystemClock, use_clock
from branchdash.data.database import open_database
from branchdash.data.models import Branch, Expense, database

BATCH = 1000


def main() -> None:
    path, first, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    use_clock(SystemClock("Asia/Seoul"))
    open_database(path)
    branch = Branch.get_or_none(Branch.code == "KILL") or Branch.create(code="KILL", name="k")
    day = pendulum.date(2026, 11, 30)
    for batch in range(first, first + count):
        rows = [
            {"branch": branch.id, "spent_on": day, "account": "operating",
             "amount_won": 1000 + n, "memo": f"batch-{batch}"}
            for n in range(BATCH)
        ]
        with database.atomic():
            for start in range(0, BATCH, 100):
                Expense.insert_many(rows[start:start + 100]).execute()
        print(f"done {batch}", flush=True)


if __name__ == "__main__":
    main()
