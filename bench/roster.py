"""The partner roster at region scale: opening, each search keystroke, sorting.

    python bench/roster.py [--db /tmp/branchdash-region.db] [--runs 5]

Works on a copy of the region database (10,000 partners, 3 years; made if missing,
see bench/_region.py). Prints two tables, medians
(min–max) over the runs, against the targets of issue 4:

1. the rules alone (what each step costs in Python and SQLite);
2. the screen, driven headless by Pilot: `2` until the table shows rows,
   each keystroke typed into the search box until the table shows the result,
   `s` (sort by the next column) and sorting by each column.

Targets: open ≤ 150 ms, keystroke ≤ 30 ms, sort ≤ 50 ms. The roster's figures
(this month's results, trainings, hires and resignations) are read after the
rows, in the same worker, and fill in when ready; their time is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

from branchdash.clock import FakeClock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _region import REGION, region_copy  # noqa: E402

TARGETS = {"open": 150.0, "keystroke": 30.0, "sort": 50.0}
QUERIES = ("ㄱㅁㅅ", "김민수", "0105")


def ms(seconds: float) -> float:
    return seconds * 1000


def summary(label: str, values: list[float], target: float | None = None) -> str:
    median = statistics.median(values)
    mark = ""
    if target is not None:
        mark = f"  target ≤ {target:.0f} ms  {'OK' if median <= target else 'OVER'}"
    return (f"  {label:<42} {median:7.1f} ms  ({min(values):.1f}–{max(values):.1f})"
            f"{mark}")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return ms(time.perf_counter() - started)


def bench_rules(branch_id: str, today: pendulum.Date, runs: int) -> None:
    from branchdash.partners import COLUMNS, Filters, RosterView, load_figures, load_roster

    load, view_build, figures = [], [], []
    roster = None
    for _ in range(runs):
        load.append(timed(lambda: None))
        started = time.perf_counter()
        roster = load_roster(branch_id, today)
        load[-1] = ms(time.perf_counter() - started)
        view_build.append(timed(lambda: RosterView(roster.rows)))  # noqa: B023
        figures.append(timed(lambda: load_figures(branch_id, today)))
    assert roster is not None
    print(f"Rules ({len(roster.rows):,} partners, {runs} runs)")
    print(summary("load_roster (one query, rows)", load))
    print(summary("RosterView (filters + sort, all rows)", view_build))
    print(summary("load_figures (month results, trainings…)", figures))
    view = RosterView(roster.rows)
    keys: list[float] = []
    for query in QUERIES:
        for _ in range(runs):
            view.set_filters(Filters())
            for end in range(1, len(query) + 1):
                keys.append(timed(lambda: view.set_filters(Filters(query=query[:end]))))  # noqa: B023
    print(summary("search, per keystroke (all queries)", keys, TARGETS["keystroke"]))
    view.set_filters(Filters(status="all"))
    sorts: list[float] = []
    for column in COLUMNS:
        for descending in (False, True):
            sorts.append(timed(lambda: view.set_sort(column, descending)))  # noqa: B023
    print(summary("sort, each column both ways", sorts, TARGETS["sort"]))


async def bench_screen(clock: FakeClock, runs: int) -> None:
    from branchdash.app import BranchDashApp
    from branchdash.screens.partners import PartnersScreen
    from branchdash.screens.widgets.partner_table import PartnerTable

    # When the table draws a line with rows in it: the moment the user sees them.
    # (Pilot's own waits also cover the worker reading the month's figures and
    # the detail pane, so they are not what is measured.)
    drawn: list[float] = []
    draw_line = PartnerTable.render_line

    def recording(table: PartnerTable, y: int):  # type: ignore[no-untyped-def]
        if table.rows and y > 0:
            drawn.append(time.perf_counter())
        return draw_line(table, y)

    PartnerTable.render_line = recording  # type: ignore[method-assign]

    def first_draw_after(started: float) -> float:
        return ms(min(t for t in drawn if t > started) - started)

    opens, figures, keys, sort_keys, sorts = [], [], [], [], []
    rows = 0
    for _ in range(runs):
        app = BranchDashApp(clock)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause(0.5)  # the Today screen draws first: let it settle
            await app.workers.wait_for_complete()
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("2")
            screen = app.screen
            assert isinstance(screen, PartnersScreen)
            while not any(t > started for t in drawn):
                await asyncio.sleep(0.001)
            opens.append(first_draw_after(started))
            while screen.roster is None or not screen.roster.figures_loaded:
                await asyncio.sleep(0.002)
            figures.append(ms(time.perf_counter() - started))
            rows = len(screen.roster.rows)
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            table = screen.query_one(PartnerTable)
            for query in QUERIES:
                await pilot.press("slash")
                for char in query:
                    started = time.perf_counter()
                    await pilot.press(char)
                    keys.append(first_draw_after(started))
                await pilot.press("ctrl+a", "ctrl+k", "escape")  # clear, back to the table
                await pilot.pause(0.2)
            for _ in range(len(table.columns)):
                started = time.perf_counter()
                await pilot.press("s")
                sort_keys.append(first_draw_after(started))
            for column in ("month_won", "team", "hired_on", "name"):
                started = time.perf_counter()
                await app.run_action(f"screen.sort_by('{column}')")
                await pilot.pause()
                sorts.append(first_draw_after(started))
    PartnerTable.render_line = draw_line  # type: ignore[method-assign]
    print(f"\nScreen, headless Pilot at 160x45 ({rows:,} partners, {runs} runs)")
    print(summary("open: key 2 until rows are drawn", opens, TARGETS["open"]))
    print(summary("  …until the whole roster's figures are in", figures))
    print(summary("search keystroke until the rows are drawn", keys, TARGETS["keystroke"]))
    print(summary("sort key s until the rows are drawn", sort_keys, TARGETS["sort"]))
    print(summary("sort by a column (palette action)", sorts, TARGETS["sort"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REGION)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with region_copy(args.db, "branchdash-roster-") as region:
        load = os.getloadavg()
        print(f"Roster benchmark on a copy of {args.db} (today {region.today}); "
              f"{os.cpu_count()} cores, load average {load[0]:.1f}\n")
        bench_rules(region.branch_id, region.today, args.runs)
        asyncio.run(bench_screen(region.clock, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
