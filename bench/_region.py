"""The region-scale dataset the benches share: made once, each bench works on a copy.

`python bench/region_data.py PATH` makes it (10,000 partners in ~500 teams, 3 years);
the benches make it themselves when it is missing. A copy is opened as the app opens
a file (an older schema is brought up to date first), and the clock is set to 17:00
in Seoul on the last day that has results, so that "this month" has data.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
REGION = Path("/tmp/branchdash-region.db")
SEOUL = "Asia/Seoul"


def ensure_region(path: Path, python: str = sys.executable) -> None:
    if path.exists():
        return
    print(f"making the region dataset into {path} (a minute or two)…", file=sys.stderr)
    subprocess.run([python, str(HERE / "region_data.py"), str(path)], check=True,
                   stdout=subprocess.DEVNULL)


@dataclass(frozen=True)
class RegionCopy:
    work: Path  # a folder of the bench's own, removed after
    path: Path  # the copy, open as the store
    branch_id: str
    branch_name: str
    today: pendulum.Date
    clock: object  # branchdash.clock.FakeClock, in use


@contextmanager
def region_copy(source: Path, prefix: str) -> Iterator[RegionCopy]:
    """A copy of `source` (made if missing) opened as the store, with a fake clock."""
    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.branches import local_branch
    from branchdash.data.database import close_database, open_database
    from branchdash.data.models import DailyResult

    ensure_region(source)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    copy = work / "region.db"
    shutil.copyfile(source, copy)
    open_database(copy)
    try:
        branch = local_branch()
        if branch is None:
            sys.exit(f"{source} holds no branch")
        last = DailyResult.select(DailyResult.date).order_by(DailyResult.date.desc()).first()
        today = last.date if last else pendulum.date(2026, 11, 30)
        clock = FakeClock(pendulum.datetime(today.year, today.month, today.day, 17, tz=SEOUL),
                          timezone=SEOUL)
        use_clock(clock)
        yield RegionCopy(work, copy, branch.id, branch.name, today, clock)
    finally:
        close_database()
        shutil.rmtree(work, ignore_errors=True)


def fresh_copy(source: Path, copy: Path) -> None:
    """`copy` made anew from `source`, as a new file. Copying over the file of an
    earlier run in this process would not do: worker threads live on in Python's
    thread pool with their connections to it, and SQLite would mix that run's
    write-ahead log into the copy."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, copy)
