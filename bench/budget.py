"""The Budget screen at region scale (about 100,000 expenses over 3 years).

    python bench/budget.py                      # /tmp/region.db, made once if missing
    python bench/budget.py --db path/to/region.db --runs 7

Works on a copy of the database. Measures, each as the median of --runs after
one warm-up:

- the rules behind the screen: the month's sums (`month_view`: budgets with
  carry-over, one GROUP BY by day and account, the burn-downs), the month's
  expense list, and `month_pace` (what Today and the meeting agenda ask);
- the screen's own redraw (`refresh_data`: rules + chart + figures + list),
  for opening and for a month switch;
- the screen through Pilot (headless, 200x50): from pressing "3" to the screen
  drawn, and from pressing "[" to the previous month drawn. These include
  Textual's layout and rendering of the whole terminal.

Targets: opening the Budget screen ≤ 150 ms, switching month ≤ 50 ms.
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
TARGETS = {"open": 150.0, "switch": 50.0}


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
    parser.add_argument("--db", type=Path, default=Path("/tmp/region.db"))
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
    print("\nopen   = screen.refresh_data() for the current month (rules, chart, figures, list)")
    print("switch = screen.action_previous_month() (the same for the month before)")
    shutil.rmtree(work, ignore_errors=True)


async def screen_timings(path: Path, clock: object, runs: int) -> list[tuple[str, list[float]]]:
    from branchdash.app import BranchDashApp
    from branchdash.data.database import close_database, open_database
    from branchdash.screens.budget import BudgetScreen

    open_database(path)
    opening: list[float] = []
    switching: list[float] = []
    pilot_open: list[float] = []
    pilot_switch: list[float] = []
    try:
        for run in range(runs + 1):
            app = BranchDashApp(clock)  # type: ignore[arg-type]
            async with app.run_test(size=(200, 50)) as pilot:
                await pilot.pause()
                started = time.perf_counter()
                await pilot.press("3")
                await pilot.pause()
                first = (time.perf_counter() - started) * 1000
                screen = app.screen
                assert isinstance(screen, BudgetScreen), "the Budget screen did not open"
                assert screen.rows, "the expense list is empty"
                started = time.perf_counter()
                await pilot.press("left_square_bracket")
                await pilot.pause()
                switch = (time.perf_counter() - started) * 1000
                # the screen's own work, without Pilot's key and idle round trips
                started = time.perf_counter()
                screen.refresh_data()
                own_open = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                screen.action_previous_month()
                own_switch = (time.perf_counter() - started) * 1000
                await pilot.pause()
                if run:  # the first run warms up
                    pilot_open.append(first)
                    pilot_switch.append(switch)
                    opening.append(own_open)
                    switching.append(own_switch)
    finally:
        close_database()
    return [("open", opening), ("switch", switching),
            ("pilot: press 3 to screen drawn", pilot_open),
            ("pilot: press [ to month drawn", pilot_switch)]


if __name__ == "__main__":
    main()
