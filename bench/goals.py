"""The Goals screen at region scale (10,000 partners, 3 years of daily results).

    python bench/goals.py                      # /tmp/region.db, made once if missing
    python bench/goals.py --db path/to/region.db --runs 7

Works on a copy of the database. Measures, each as the median of --runs after
one warm-up (the page cache is warm; SQLite's own cache is per connection):

- the rules behind opening the Goals screen: the year cascade of sales with
  the open month's weeks and days, and the registered/active counts;
- the month's per-partner (and per-team) view;
- the Today screen's `day_progress`;
- the screen itself through Pilot (headless): from pressing "5" to the tree
  drawn, and from pressing "p" to the partner table filled.

Targets: opening the Goals screen and the month's per-partner view ≤ 200 ms each.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
TARGET_MS = 200.0


def ensure_region(path: Path) -> None:
    if path.exists():
        return
    maker = HERE / "region_data.py"
    if not maker.exists():
        sys.exit(f"{path} does not exist and bench/region_data.py is not there to make it.")
    print(f"making the region dataset into {path} (up to a minute)…", file=sys.stderr)
    subprocess.run([sys.executable, str(maker), str(path)], check=True)


def timed(label: str, runs: int, work: Callable[[], object]) -> tuple[str, list[float]]:
    work()  # warm-up
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return label, times


def report(rows: list[tuple[str, list[float]]], targets: set[str]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  {'median':>9} {'min':>9} {'max':>9}")
    for label, times in rows:
        median = statistics.median(times)
        mark = ""
        if label in targets:
            mark = "  ok (≤ 200 ms)" if median <= TARGET_MS else "  OVER 200 ms"
        print(f"{label:{width}}  {median:8.1f}ms {min(times):8.1f}ms {max(times):8.1f}ms{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/region.db"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ensure_region(args.db)
    work = Path(tempfile.mkdtemp(prefix="branchdash-goals-bench-"))
    copy = work / "region.db"
    shutil.copyfile(args.db, copy)

    from branchdash import goals, results
    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.branches import local_branch
    from branchdash.data.database import close_database, open_database
    from branchdash.data.models import (
        DailyResult,
        DailyTotal,
        Partner,
        create_daily_totals,
        database,
    )

    open_database(copy)
    # The region file may predate schema v1's covering index on daily results; a new
    # database has it from the start. Build it here (timed apart) so the copy matches.
    started = time.perf_counter()
    with database.atomic():
        DailyResult.create_table(safe=True)  # missing indexes only (IF NOT EXISTS)
        if not DailyTotal.table_exists():
            DailyTotal.create_table()
            create_daily_totals(database)
    print(f"indexes and daily totals brought up to the models in "
          f"{time.perf_counter() - started:.1f} s")
    branch = local_branch()
    if branch is None:
        sys.exit(f"{args.db} holds no branch")
    last = DailyResult.select(DailyResult.date).order_by(DailyResult.date.desc()).first()
    today = last.date if last else pendulum.today().date()
    clock = FakeClock(pendulum.datetime(today.year, today.month, today.day, 17,
                                        tz="Asia/Seoul"), timezone="Asia/Seoul")
    use_clock(clock)
    partners = Partner.select().where(Partner.branch == branch.id).count()
    rows_count = DailyResult.select().where(DailyResult.branch == branch.id).count()
    print(f"{branch.name}: {partners:,} partners, {rows_count:,} daily results, "
          f"today {today.isoformat()}")
    month = today.start_of("month")
    rule = results.ActiveRule()

    def open_rules() -> None:
        goals.year_cascade(branch.id, "sales_won", today.year, today)

    rows = [
        timed("open: year cascade (sales won)", args.runs, open_rules),
        timed("open: active SP cascade", args.runs,
              lambda: goals.year_cascade(branch.id, "active_partners", today.year, today)),
        timed("month per-partner/team view", args.runs,
              lambda: goals.month_breakdown(branch.id, month, today)),
        timed("day_progress (Today screen)", args.runs,
              lambda: goals.day_progress(branch.id, today)),
        timed("active count (month rule)", args.runs,
              lambda: results.active_count(branch.id, today, rule)),
    ]
    close_database()
    rows.extend(asyncio.run(screen_timings(copy, clock, args.runs)))
    print()
    report(rows, {"open: year cascade (sales won)", "month per-partner/team view",
                  "screen: press 5 to tree drawn", "screen: press p to partners drawn"})
    shutil.rmtree(work, ignore_errors=True)


async def screen_timings(path: Path, clock: object, runs: int) -> list[tuple[str, list[float]]]:
    from textual.widgets import DataTable

    from branchdash.app import BranchDashApp
    from branchdash.data.database import close_database, open_database
    from branchdash.screens.widgets.goal_tree import GoalTree

    open_database(path)
    to_tree: list[float] = []
    to_partners: list[float] = []
    try:
        for run in range(runs + 1):
            app = BranchDashApp(clock)  # type: ignore[arg-type]
            async with app.run_test(size=(160, 50)) as pilot:
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press("5")
                await pilot.pause()
                tree = app.screen.query_one(GoalTree)
                assert tree.root.children, "the cascade was not drawn"
                elapsed = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                await pilot.press("p")
                await pilot.pause()
                table = app.screen.query_one("#partners", DataTable)
                assert table.row_count, "the partner table was not filled"
                partners_elapsed = (time.perf_counter() - started) * 1000
                if run:  # the first run warms up
                    to_tree.append(elapsed)
                    to_partners.append(partners_elapsed)
    finally:
        close_database()
    return [("screen: press 5 to tree drawn", to_tree),
            ("screen: press p to partners drawn", to_partners)]


if __name__ == "__main__":
    main()
