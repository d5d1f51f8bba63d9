"""The Budget screen at region scale (about 100,000 expenses over 3 years).

    python bench/budget.py                      # /tmp/branchdash-region.db, made if missing
    python bench/budget.py --db path/to/region.db --runs 7

Works on a copy of the database. Measures, each as the median of --runs after
one warm-up:

- the rules behind the screen: the month's sums (`month_view`: budgets with
  carry-over, one GROUP BY by day and account, the burn-downs), the month's
  expense list, and `month_pace` (what Today and the meeting agenda ask);
- the screen through Pilot (headless, 160x45), timed as run_all.py does: from
  pressing "3" (and "[") to the first frame drawn after it (the chart and the
  figures), and to the last frame of the work it started (the expense list).

Targets: opening the Budget screen ≤ 150 ms, switching month ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _region import REGION, ensure_region  # noqa: E402

TARGETS = {"open": 150.0, "switch": 50.0}


def timed(label: str, runs: int, work: Callable[[], object]) -> tuple[str, list[float]]:
    work()  # warm-up
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return label, times


def report(rows: list[tuple[str, list[float]]], targets: dict[str, float]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  {'median':>9} {'min':>9} {'max':>9}")
    for label, times in rows:
        median = statistics.median(times)
        mark = ""
        if label in targets:
            limit = targets[label]
            mark = f"  ok (≤ {limit:.0f} ms)" if median <= limit else f"  OVER {limit:.0f} ms"
        print(f"{label:{width}}  {median:8.1f}ms {min(times):8.1f}ms {max(times):8.1f}ms{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REGION)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ensure_region(args.db)
    work = Path(tempfile.mkdtemp(prefix="branchdash-budget-bench-"))
    copy = work / "region.db"
    shutil.copyfile(args.db, copy)

    from branchdash import budget
    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.branches import local_branch
    from branchdash.data.database import close_database, open_database
    from branchdash.data.models import Expense, database
    from branchdash.screens.budget import PAGE

    open_database(copy)
    # A file made before the covering index existed gets it here (a no-op otherwise).
    database.create_tables([Expense], safe=True)
    branch = local_branch()
    if branch is None:
        sys.exit(f"{args.db} holds no branch")
    last = Expense.select(Expense.spent_on).order_by(Expense.spent_on.desc()).first()
    today = last.spent_on if last else pendulum.date(2026, 11, 30)
    clock = FakeClock(pendulum.datetime(today.year, today.month, today.day, 17,
                                        tz="Asia/Seoul"), timezone="Asia/Seoul")
    use_clock(clock)
    month = budget.month_start(today)
    previous = month.subtract(months=1)
    total = Expense.select().where(Expense.branch == branch.id).count()
    in_month = Expense.select().where(
        (Expense.branch == branch.id) & (Expense.spent_on >= month)
        & (Expense.spent_on <= budget.month_end(month))).count()
    plan = database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT spent_on, account, SUM(amount_won) FROM expense "
        "WHERE branch_id = ? AND spent_on BETWEEN ? AND ? GROUP BY spent_on, account",
        (branch.id, month.isoformat(), budget.month_end(month).isoformat())).fetchall()
    print(f"{branch.name}: {total:,} expenses, {in_month:,} this month, today "
          f"{today.isoformat()}")
    print("month sums use: " + "; ".join(str(row[-1]) for row in plan))

    rows = [
        timed("rules: month_view (sums, burn-downs)", args.runs,
              lambda: budget.month_view(branch.id, month, today)),
        timed(f"rules: month's expense list, first {PAGE}", args.runs,
              lambda: budget.month_expenses(branch.id, month, limit=PAGE)),
        timed(f"rules: whole list ({in_month:,} rows; not drawn)", args.runs,
              lambda: budget.month_expenses(branch.id, month)),
        timed("rules: month_pace (Today, agenda)", args.runs,
              lambda: budget.month_pace(branch.id, today)),
        timed("rules: previous month view + list", args.runs,
              lambda: (budget.month_view(branch.id, previous, today),
                       budget.month_expenses(branch.id, previous, limit=PAGE))),
    ]
    close_database()
    rows.extend(asyncio.run(screen_timings(copy, clock, args.runs)))
    print()
    report(rows, {"open": TARGETS["open"], "switch": TARGETS["switch"]})
    print("\nopen   = key 3 (first visit) to the first frame: chart and figures")
    print("switch = key [ to the first frame of the month before; 'list filled': until the "
          "expense list is drawn too")
    shutil.rmtree(work, ignore_errors=True)


async def screen_timings(path: Path, clock: object, runs: int) -> list[tuple[str, list[float]]]:
    """As the user sees it (run_all.py's clock): from the key to the first frame drawn
    after it, and to the last frame of the work it started (the expense list)."""
    from run_all import record_frames, settle, timed_settled
    from run_all import timed as first_frame

    from branchdash.app import BranchDashApp
    from branchdash.data.database import close_database, open_database
    from branchdash.screens.budget import BudgetScreen

    record_frames()
    open_database(path)
    figures: dict[str, list[float]] = {name: [] for name in (
        "open", "open, list filled", "switch", "switch, list filled")}
    try:
        for run in range(runs + 1):
            app = BranchDashApp(clock, tick_seconds=3600)  # type: ignore[arg-type]
            async with app.run_test(size=(160, 45)) as pilot:
                await pilot.pause(0.8)  # the other screens are imported after 0.5 s
                await settle(app, pilot)
                opened = await first_frame(pilot, "3")
                await settle(app, pilot)
                assert isinstance(app.screen, BudgetScreen), "the Budget screen did not open"
                switched = await first_frame(pilot, "left_square_bracket")
                await settle(app, pilot)
                # the same again, until the list is drawn too (a fresh app for the open)
                filled_switch = await timed_settled(app, pilot, "right_square_bracket")
            app = BranchDashApp(clock, tick_seconds=3600)  # type: ignore[arg-type]
            async with app.run_test(size=(160, 45)) as pilot:
                await pilot.pause(0.8)
                await settle(app, pilot)
                filled_open = await timed_settled(app, pilot, "3")
            if run:  # the first run warms up
                figures["open"].append(opened)
                figures["open, list filled"].append(filled_open)
                figures["switch"].append(switched)
                figures["switch, list filled"].append(filled_switch)
    finally:
        close_database()
    return list(figures.items())


if __name__ == "__main__":
    main()
