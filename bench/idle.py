"""The idle cost of keeping branchdash open on the Today screen.

1. Idle CPU and memory in a real terminal: branchdash on the demo branch
   (Today in view) and a bare Textual app with a header clock run side by side
   in tmux for the same 60 s; CPU time and RSS are read from /proc for each
   process tree. Target: branchdash idle CPU at most 3x the bare app's.
2. Memory over a simulated day: the app runs headless on the demo branch while
   a fake clock is driven through 24 hours tick by tick (each tick a real clock
   poll: header, minute redraws, reminders, the midnight rollover; every minute
   boundary is crossed whatever the tick). Target: RSS
   growth under 5 MB.

Run: /work/venv/bin/python bench/idle.py [--seconds 60] [--tick 10] [--skip-tmux]
Needs tmux for part 1. Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
PYTHON = sys.executable
BRANCHDASH = str(Path(PYTHON).with_name("branchdash"))

BARE_APP = textwrap.dedent("""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Header(show_clock=True)
            yield Static("idle")
            yield Footer()

    Bare().run()
""")


# --- /proc readings -------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def process_tree(root: int) -> list[int]:
    tree = _children()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLK_TCK


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1])
        except OSError:
            continue
    return total * PAGE / 1e6


def own_rss_mb() -> float:
    return rss_mb([os.getpid()])


def open_files(pid: int | None = None) -> int:
    """How many file descriptors the process holds (sockets, pipes, files)."""
    return len(os.listdir(f"/proc/{pid or os.getpid()}/fd"))


# --- part 1: idle in tmux -------------------------------------------------------------------


def _pane_pid(session: str) -> int:
    out = subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                         check=True, capture_output=True, text=True).stdout
    return int(out.split()[0])


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], check=True,
                          capture_output=True, text=True).stdout


def _wait_for(session: str, words: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if words in _screen(session):
            return True
        time.sleep(0.5)
    return False


def idle_in_tmux(seconds: float) -> None:
    if shutil.which("tmux") is None:
        print("tmux not found: part 1 skipped")
        return
    work = Path(tempfile.mkdtemp(prefix="branchdash-idle-"))
    bare_script = work / "bare.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    tag = f"bdidle{os.getpid()}"
    sessions = {"branchdash": f"{tag}-app", "bare textual": f"{tag}-bare"}
    env = f"XDG_DATA_HOME={work / 'data'} TERM=xterm-256color"
    commands = {
        "branchdash": f"env {env} {BRANCHDASH} --demo --lang en",
        "bare textual": f"env TERM=xterm-256color {PYTHON} {bare_script}",
    }
    try:
        for name, session in sessions.items():
            subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                            commands[name]], check=True)
        if not _wait_for(sessions["branchdash"], "Today's agenda", 180):
            print("branchdash did not show the Today screen in time:\n"
                  + _screen(sessions["branchdash"]))
            return
        _wait_for(sessions["bare textual"], "idle", 30)
        # Let both settle after start; branchdash builds its other screens in the
        # first seconds of quiet (screens/mode_switch.py), a one-off not counted as idle.
        time.sleep(15)
        roots = {name: _pane_pid(session) for name, session in sessions.items()}
        trees = {name: process_tree(pid) for name, pid in roots.items()}
        start_cpu = {name: cpu_seconds(pids) for name, pids in trees.items()}
        start_rss = {name: rss_mb(pids) for name, pids in trees.items()}
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        print(f"Idle for {elapsed:.0f} s in tmux (120x40), both measured in the same window:")
        cpu_pct: dict[str, float] = {}
        for name, pids in trees.items():
            used = cpu_seconds(pids) - start_cpu[name]
            cpu_pct[name] = 100 * used / elapsed
            print(f"  {name:13} CPU {used:6.2f} s = {cpu_pct[name]:5.2f} %   "
                  f"RSS {start_rss[name]:6.1f} → {rss_mb(pids):6.1f} MB")
        if cpu_pct["bare textual"] > 0:
            ratio = cpu_pct["branchdash"] / cpu_pct["bare textual"]
            print(f"  ratio branchdash / bare: {ratio:.2f}x  (target ≤ 3x)")
        if "Today's agenda" not in _screen(sessions["branchdash"]):
            print("  warning: branchdash left the Today screen during the run")
    finally:
        for session in sessions.values():
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


# --- part 2: a simulated day -------------------------------------------------------------------


async def _simulate_day(tick: float) -> dict[str, float]:
    import pendulum

    from branchdash.app import BranchDashApp
    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.database import close_database, open_database
    from branchdash.data.demo import generate_demo
    from branchdash.i18n import set_language

    work = Path(tempfile.mkdtemp(prefix="branchdash-day-"))
    clock = FakeClock(pendulum.datetime(2026, 11, 30, 7, 0, tz="Asia/Seoul"))
    use_clock(clock)
    set_language("ko")
    open_database(work / "demo.db")
    generate_demo(clock.now().date())
    # The bench drives the polls itself; as the CLI starts it, the app builds the other
    # screens while quiet (in the warm-up hour), and they hear the day's clock too.
    app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=True)
    steps_per_minute = max(1, round(60 / tick))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

            async def run(seconds: float) -> None:
                for step in range(round(seconds / tick)):
                    clock.advance(tick)
                    app.poll_clock()
                    if step % steps_per_minute == 0:
                        # let the screens handle the minute's messages (pilot.pause()
                        # would wait for the whole process to go idle each time)
                        for _ in range(5):
                            await asyncio.sleep(0)
                await pilot.pause()

            await run(3600)  # a warm-up hour: caches, first reminders, lazy imports
            gc.collect()
            base = own_rss_mb()
            base_fds = open_files()
            base_objects = len(gc.get_objects())
            started = time.perf_counter()
            await run(24 * 3600)
            took = time.perf_counter() - started
            gc.collect()
            end = own_rss_mb()
            end_fds = open_files()
            notifications = len(app._notifications)
            print(f"Simulated 24 h of clock in {took:.0f} s ({round(24 * 3600 / tick)} polls, "
                  f"a tick every {tick:g} s of fake time, Today in view, Korean):")
            print(f"  RSS after a warm-up hour {base:6.1f} MB, after 24 h more {end:6.1f} MB: "
                  f"growth {end - base:+.2f} MB (target < 5 MB)")
            print(f"  Python objects {base_objects} → {len(gc.get_objects())}; "
                  f"notifications on screen at the end: {notifications}; "
                  f"shown day {app.screen.shown_date}")  # type: ignore[attr-defined]
            print(f"  open file handles {base_fds} → {end_fds}; screens built: "
                  f"{', '.join(app._screen_stacks)}")
            return {"rss_start_mb": base, "rss_end_mb": end, "growth_mb": end - base,
                    "fds_start": base_fds, "fds_end": end_fds, "seconds": took}
    finally:
        close_database()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="idle window in tmux")
    parser.add_argument("--tick", type=float, default=10.0,
                        help="fake seconds per clock poll in the simulated day (1 = as the "
                             "app polls; about 10x slower to run)")
    parser.add_argument("--skip-tmux", action="store_true")
    parser.add_argument("--skip-day", action="store_true")
    args = parser.parse_args()
    if not args.skip_tmux:
        idle_in_tmux(args.seconds)
    if not args.skip_day:
        asyncio.run(_simulate_day(args.tick))


if __name__ == "__main__":
    main()
