"""Partners CSV export at region scale: the rule alone, and the screen's `x` dialog.

    python bench/partner_export.py [--db /tmp/branchdash-region.db] [--runs 3]

Works on a copy of the region database (10,000 partners; made if missing, see
bench/_region.py). Prints medians (min–max):

1. `export_partners` writing the whole roster, and the roster as a view (ids in a
   sorted order), with the file's size;
2. the screen, headless Pilot: `x`, Enter, until the dialog closes; and the longest
   the event loop went without running (a timer asks every 10 ms) while the worker
   wrote the file: what the user would feel as a freeze.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import pendulum

from branchdash.clock import FakeClock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _region import REGION, region_copy  # noqa: E402


def ms(seconds: float) -> float:
    return seconds * 1000


def summary(label: str, values: list[float], unit: str = "ms") -> str:
    return (f"  {label:<48} {statistics.median(values):8.1f} {unit}  "
            f"({min(values):.1f}–{max(values):.1f})")


def bench_rule(branch_id: str, today: pendulum.Date, work: Path, runs: int) -> None:
    from branchdash.partner_csv import export_partners
    from branchdash.partners import Filters, RosterView, load_everything

    roster = load_everything(branch_id, today)
    view = RosterView(roster.rows, Filters(status="all"), "month_won", True)
    ids = [row.id for row in view.shown]
    whole, shown = [], []
    target = work / "partners.csv"
    for _ in range(runs):
        started = time.perf_counter()
        count = export_partners(target, branch_id)
        whole.append(ms(time.perf_counter() - started))
        started = time.perf_counter()
        export_partners(target, branch_id, ids)
        shown.append(ms(time.perf_counter() - started))
    print(f"Rule ({count:,} partners, {target.stat().st_size / 1e6:.1f} MB file, {runs} runs)")
    print(summary("export_partners, whole roster", whole))
    print(summary("export_partners, the view's ids in its order", shown))


async def bench_screen(clock: FakeClock, work: Path, runs: int) -> None:
    from textual.widgets import Input

    from branchdash.app import BranchDashApp
    from branchdash.screens.partners import PartnersScreen
    from branchdash.screens.widgets.partner_forms import PartnerExportDialog

    closes, gaps = [], []
    for run in range(runs):
        app = BranchDashApp(clock)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("2")
            screen = app.screen
            assert isinstance(screen, PartnersScreen)
            while screen.roster is None or not screen.roster.figures_loaded:
                await asyncio.sleep(0.01)
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.press("x")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, PartnerExportDialog)
            dialog.query_one("#path", Input).value = str(work / f"screen-{run}.csv")
            ticks: list[float] = []
            timer = app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))  # noqa: B023
            await pilot.pause(0.05)
            started = time.perf_counter()
            await pilot.press("enter")
            while app.screen is dialog:
                await asyncio.sleep(0.002)
            closes.append(ms(time.perf_counter() - started))
            await pilot.pause(0.05)
            timer.stop()
            during = [t for t in ticks if t >= started]
            gaps.append(ms(max(b - a for a, b in zip(during, during[1:], strict=False)))
                        if len(during) > 1 else closes[-1])
    print(f"\nScreen, headless Pilot at 160x45 ({runs} runs)")
    print(summary("x, Enter: until the dialog closes (file written)", closes))
    print(summary("longest event-loop stall while writing", gaps))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REGION)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with region_copy(args.db, "branchdash-export-") as region:
        load = os.getloadavg()
        print(f"Partner export benchmark on a copy of {args.db} (today {region.today}); "
              f"{os.cpu_count()} cores, load average {load[0]:.1f}\n")
        bench_rule(region.branch_id, region.today, region.work, args.runs)
        asyncio.run(bench_screen(region.clock, region.work, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
