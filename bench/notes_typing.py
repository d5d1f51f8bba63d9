"""How fast the meeting notes take keys and save them. Prints figures; asserts nothing.

    /work/venv/bin/python bench/notes_typing.py [--demo]

1. Autosave cost: one `save_note` (compare-and-set write + FTS5 trigger) for notes
   of growing size, median and worst of 30.
2. Keystroke cost in the app (headless Pilot): keys pressed into the notes editor,
   each awaited until processed, with the autosave timers running as in real use.
With --demo the database holds the demo branch (3 months of history).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pendulum

from branchdash.clock import FakeClock, use_clock
from branchdash.data.database import close_database, open_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--keys", type=int, default=400)
    args = parser.parse_args()
    clock = FakeClock(pendulum.datetime(2026, 11, 30, 8, 35, tz="Asia/Seoul"))
    use_clock(clock)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        open_database(path)
        try:
            if args.demo:
                from branchdash.data.demo import generate_demo

                generate_demo(clock.now().date())
            else:
                from branchdash.data.branches import create_branch

                create_branch("벤치지점", "B1")
            save_costs(clock)
            asyncio.run(baseline_costs(args.keys))
            asyncio.run(typing_costs(clock, args.keys))
        finally:
            close_database()
    return 0


def save_costs(clock: FakeClock) -> None:
    from branchdash.data.branches import local_branch
    from branchdash.meetings import meeting_to_open, save_note

    branch = local_branch()
    assert branch is not None
    meeting = meeting_to_open(branch.id, clock.now())
    revision = 0
    line = "- [ ] 신상품 교재 배부 @김민수 ~12/1 고객 안내문 확인\n"
    print("autosave (save_note) cost by note size:")
    for size in (1_000, 10_000, 50_000):
        text = (line * (size // len(line) + 1))[:size]
        times = []
        for n in range(30):
            started = time.perf_counter()
            revision = save_note(meeting.id, text + str(n), revision).revision
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {size:>6} chars: median {statistics.median(times):6.2f} ms, "
              f"worst {max(times):6.2f} ms")


async def baseline_costs(keys: int) -> None:
    """The same keys into a bare TextArea app: the harness's own cost on this machine."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea()

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one(TextArea).focus()
        times = []
        for _n in range(keys):
            started = time.perf_counter()
            await pilot.press("a")
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"baseline: a bare TextArea app, {keys} keys: median "
              f"{statistics.median(times):.1f} ms, p95 {times[int(len(times) * .95)]:.1f} ms")


async def typing_costs(clock: FakeClock, keys: int) -> None:
    from branchdash.app import BranchDashApp
    from branchdash.screens.meetings import MeetingsScreen

    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, MeetingsScreen)
        text = "오전 방문 강화 visits before noon "
        times = []
        for n in range(keys):
            char = text[n % len(text)]
            started = time.perf_counter()
            await pilot.press("space" if char == " " else char)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"keystrokes in the notes editor ({keys}, headless, autosave running):")
        print(f"  median {statistics.median(times):.1f} ms, p95 {times[int(len(times) * .95)]:.1f}"
              f" ms, worst {times[-1]:.1f} ms per key (press + processing + repaint)")


if __name__ == "__main__":
    sys.exit(main())
