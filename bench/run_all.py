"""The whole performance suite in one command, each figure against a bare Textual app.

    /work/venv/bin/python bench/run_all.py                   # everything (about 5 minutes)
    /work/venv/bin/python bench/run_all.py --runs 3 --idle-seconds 30   # quicker

Makes (once) the demo branch and the region dataset (10,000 partners, 3 years; kept
in --region, default /tmp/branchdash-region.db) and works on copies. Prints one
table: every figure as median / min / max over the runs, the bare Textual app's
figure from the same run, the ratio, and the target with OK or OVER.

- start-up to the first frame of Today, demo and region (a real pty, a new process
  each run; the bare app: a header clock and a label), as the README's app command
  installs it: without the PostgreSQL driver, which this venv has for the tests (a
  row shows the start with it, as HQ's install has it);
- switching to each screen at region scale, first visit and return (headless Pilot:
  the key press until the screen is drawn, not counting frames Textual holds back;
  the bare app switches between two modes). The app builds the screens not yet shown
  while the user reads Today: the first visits are timed after that (and how many
  seconds of reading it took), and again in a fresh process before any is built ("cold");
- keystrokes at region scale: roster search, roster sort, budget month switch, the
  goals per-partner view, typing in the meeting notes (the bare app: typing into an
  Input and a TextArea);
- idle CPU on every screen in tmux, all of them and the bare app in the same window,
  and their resident memory;
- a simulated 24 h of clock ticks (bench/idle.py): memory growth and file handles.

The machine these run on is often shared: the load average is printed with the
table, and the ratios to the bare app (measured interleaved, in the same run) are
what the start-up and idle targets are stated in.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import idle  # noqa: E402
from _region import REGION, ensure_region, fresh_copy  # noqa: E402
from _terminal import time_until_text  # noqa: E402

PYTHON = sys.executable
FIRST_MARK = "· Today"  # the header of the Today screen: in its first frame
TODAY_MARK = "Today's agenda"  # the agenda: drawn when its figures are read (a worker)
BARE_MARK = "bare app ready"
SCREEN_KEYS = {"2": "partners", "3": "budget", "4": "meetings", "5": "goals",
               "6": "directives", "1": "today"}


@dataclass
class Row:
    section: str
    what: str
    values: list[float]          # ms, %, MB or a count
    unit: str
    bare: list[float] | None     # the bare app's figure in the same run
    target: str                  # how the target reads
    ok: bool | None              # None: no target (shown for information)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


def ms_target(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.median <= limit


def ratio_target(limit: float) -> Callable[[Row], bool]:
    return lambda row: row.bare is not None and row.median <= limit * statistics.median(row.bare)


def row(section: str, what: str, values: list[float], unit: str, bare: list[float] | None,
        target: str, check: Callable[[Row], bool] | None) -> Row:
    made = Row(section, what, values, unit, bare, target, None)
    made.ok = check(made) if check else None
    return made


# --- data ---------------------------------------------------------------------------------


def mark_backed_up(db: Path) -> None:
    """Leave today's daily backup in place, so the timed starts don't copy 400 MB each
    (the first start of a day does, in a worker thread)."""
    from branchdash.clock import utc_now

    folder = db.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{db.stem}-{utc_now().format('YYYYMMDD')}-000000-daily.db").touch()


def prepare(work: Path, region: Path) -> tuple[dict[str, str], Path]:
    """The demo branch in its own data folder (made by the app itself) and a region copy."""
    env = {"XDG_DATA_HOME": str(work / "data"), "XDG_STATE_HOME": str(work / "state")}
    made = time_until_text([PYTHON, "-m", "branchdash", "--lang", "en", "--demo"], TODAY_MARK,
                           env=env, timeout=300)
    if not made.found:
        sys.exit("the demo branch did not open")
    mark_backed_up(work / "data" / "branchdash" / "demo.db")
    ensure_region(region, PYTHON)
    copy = work / "region" / "region.db"
    copy.parent.mkdir()
    shutil.copyfile(region, copy)
    # one start migrates the copy if the file is older than the models
    time_until_text([PYTHON, "-m", "branchdash", "--lang", "en", "--db", str(copy)], TODAY_MARK,
                    env=env, timeout=300)
    mark_backed_up(copy)
    return env, copy


# --- start-up ----------------------------------------------------------------------------


def as_installed(work: Path) -> dict[str, str]:
    """The environment of the laptop install (`pip install .`, no pg extra):
    - psycopg is not there. This venv has it (the test extra), and Peewee imports it
      whenever it is installed, which costs 0.15-0.25 s at every start; HQ pays that.
    - the code is byte-compiled, as pip compiles what it installs. This environment
      may say PYTHONDONTWRITEBYTECODE, which would compile the app's ~50 modules from
      source at every start (50-100 ms) while Textual's come compiled."""
    stub = work / "no-postgres" / "psycopg"
    stub.mkdir(parents=True, exist_ok=True)
    (stub / "__init__.py").write_text(
        'raise ImportError("psycopg is not part of the laptop install")\n', encoding="utf-8")
    return {"PYTHONPATH": str(stub.parent), **COMPILED}


COMPILED = {"PYTHONDONTWRITEBYTECODE": ""}  # empty: Python writes and reads .pyc files


def startup(env: dict[str, str], region: Path, runs: int, work: Path) -> list[Row]:
    bare = [PYTHON, str(HERE / "bare_app.py")]
    app = [PYTHON, "-m", "branchdash", "--lang", "en"]
    laptop = {**env, **as_installed(work)}
    commands = {"demo branch": ([*app, "--demo"], laptop),
                "region": ([*app, "--db", str(region)], laptop),
                "demo, pg extra": ([*app, "--demo"], {**env, **COMPILED})}
    for command, environment in commands.values():  # once, to compile as pip would
        time_until_text(command, FIRST_MARK, env=environment, timeout=120)
    bare_times: list[float] = []
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):  # interleaved: all see the same load
        bare_times.append(time_until_text(bare, BARE_MARK, env={**env, **COMPILED}).seconds * 1000)
        for name, (command, environment) in commands.items():
            marks = (FIRST_MARK,) if name == "demo, pg extra" else (FIRST_MARK, TODAY_MARK)
            for mark in marks:
                timing = time_until_text(command, mark, env=environment, timeout=120)
                if not timing.found:
                    sys.exit(f"branchdash did not show {mark!r} ({name})")
                times.setdefault((name, mark), []).append(timing.seconds * 1000)
    return [
        row("start-up", "first frame, demo branch", times["demo branch", FIRST_MARK], "ms",
            bare_times, "≤ 2× bare", ratio_target(2.0)),
        row("start-up", "first frame, region", times["region", FIRST_MARK], "ms", bare_times,
            "≤ 2.5× bare", ratio_target(2.5)),
        row("start-up", "  agenda figures drawn, demo", times["demo branch", TODAY_MARK], "ms",
            bare_times, "(worker)", None),
        row("start-up", "  agenda figures drawn, region", times["region", TODAY_MARK], "ms",
            bare_times, "(worker)", None),
        row("start-up", "  first frame, demo, with the pg extra",
            times["demo, pg extra", FIRST_MARK], "ms", bare_times, "(HQ install)", None),
    ]


# --- in the app, headless ------------------------------------------------------------------


FRAMES: list[float] = []  # when each frame was handed to the (headless) terminal


def record_frames() -> None:
    """Note the time of every frame the app draws: a key's cost is measured from the
    key press to the first frame after it, as the user sees it (Pilot's own waits for
    the process to go idle cost ~100 ms a key on a loaded machine, and are not it)."""
    from textual.app import App

    if getattr(App._display, "recording", False):
        return
    display = App._display

    def recording(self: App[object], screen: object, renderable: object) -> None:
        display(self, screen, renderable)  # type: ignore[arg-type]
        # During a batch (switch_mode holds one for 50 ms) Textual drops the frame.
        if renderable is not None and not self._batch_count:
            FRAMES.append(time.perf_counter())

    recording.recording = True  # type: ignore[attr-defined]
    App._display = recording  # type: ignore[method-assign]


async def timed(pilot: object, *keys: str) -> float:
    """From the key press to the first frame drawn after the app handled it."""
    started = time.perf_counter()
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    after = [moment for moment in FRAMES if moment > started]
    FRAMES.clear()
    if not after:  # nothing changed on screen
        return 0.0
    return (after[0] - started) * 1000


async def timed_action(app: object, pilot: object, action: str) -> float:
    """From running an action (as the palette does) to the first frame after it."""
    started = time.perf_counter()
    await app.run_action(action)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    after = [moment for moment in FRAMES if moment > started]
    FRAMES.clear()
    return (after[0] - started) * 1000 if after else 0.0


async def timed_settled(app: object, pilot: object, *keys: str) -> float:
    """From the key press until the work it started in threads is drawn too."""
    started = time.perf_counter()
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await settle(app, pilot)
    after = [moment for moment in FRAMES if moment > started]
    FRAMES.clear()
    return (after[-1] - started) * 1000 if after else 0.0


async def settle(app: object, pilot: object) -> None:
    await pilot.pause()  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def bare_figures(runs: int) -> dict[str, list[float]]:
    """The bare app's switch and keystroke, the harness's own cost on this machine."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Input, Label, TextArea

    class One(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header(show_clock=True)
            yield Label("one")
            yield Input()
            yield Footer()

    class Two(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header(show_clock=True)
            yield TextArea()
            yield Footer()

    class Bare(App[None]):
        MODES = {"one": One, "two": Two}
        BINDINGS = [("f1", "switch_mode('one')"), ("f2", "switch_mode('two')")]

        def on_mount(self) -> None:
            self.switch_mode("one")

    figures: dict[str, list[float]] = {"first": [], "return": [], "input": [], "textarea": []}
    for _ in range(runs):
        app = Bare()
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(app, pilot)
            figures["first"].append(await timed(pilot, "f2"))
            figures["return"].append(await timed(pilot, "f1"))
            app.screen.query_one(Input).focus()
            await pilot.pause()
            figures["input"].extend([await timed(pilot, c) for c in "김민수abc"])
            await timed(pilot, "f2")
            app.screen.query_one(TextArea).focus()
            await pilot.pause()
            figures["textarea"].extend([await timed(pilot, c) for c in "visits 오전 방문"])
    return figures


async def app_figures(region: Path, runs: int, prepare: bool = True) -> dict[str, list[float]]:
    import pendulum

    from branchdash.app import BranchDashApp
    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.database import close_database, open_database
    from branchdash.i18n import set_language

    set_language("en")
    clock = FakeClock(pendulum.datetime(2026, 11, 30, 10, 15, tz="Asia/Seoul"))
    use_clock(clock)
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    # Each run on a copy of its own: typing meeting notes leaves a meeting in progress,
    # which the app reopens at start (every run is to start on Today).
    for run in range(runs):
        copy = region.with_name(f"app-{'prepared' if prepare else 'cold'}-{run}.db")
        fresh_copy(region, copy)
        open_database(copy)
        try:
            # As the CLI starts it: the screens not yet shown are built while the user
            # reads Today (screens/mode_switch.py), unless the run is the cold one.
            app = BranchDashApp(clock, tick_seconds=3600, prepare_screens=prepare)
            async with app.run_test(size=(160, 45)) as pilot:
                await pilot.pause(0.8)  # the app imports the other screens after 0.5 s
                await settle(app, pilot)
                if prepare:
                    add("reading:prepared", await read_today(app, pilot, clock))
                for key, mode in SCREEN_KEYS.items():  # first visits
                    if mode != "today":
                        await leave_notes(app, pilot)
                        # only the first run is a first visit in a fresh process: later
                        # apps in this process find the screen's CSS parsed, caches warm
                        add(f"first:{mode}" if run == 0 else f"again:{mode}",
                            await timed(pilot, key))
                        await settle(app, pilot)
                if not prepare:
                    continue  # the cold run is about first visits only
                for key, mode in SCREEN_KEYS.items():  # returns
                    await leave_notes(app, pilot)
                    add(f"return:{mode}", await timed(pilot, key))
                    assert app.current_mode == mode, (key, app.current_mode)
                    await settle(app, pilot)
                await keystrokes(app, pilot, add)
        finally:
            close_database()
            copy.unlink(missing_ok=True)  # (the file stays open in old threads till exit)
    return figures


async def read_today(app: object, pilot: object, clock: object) -> float:
    """The manager reads Today after start, no key pressed; the clock ticks each second
    (as the app's own does) and the app builds the other screens meanwhile. Returns
    the seconds until all are built and drawn out of view."""
    started = time.perf_counter()
    for _ in range(60):
        clock.advance(1.0)  # type: ignore[attr-defined]
        app.poll_clock()  # type: ignore[attr-defined]
        tick = time.perf_counter()
        while time.perf_counter() - tick < 1.0:
            await pilot.pause(0.05)  # type: ignore[attr-defined]
            if app.screens_prepared:  # type: ignore[attr-defined]
                return time.perf_counter() - started
    sys.exit("the app did not prepare its screens within a minute of quiet")


def cold_first_visits(region: Path) -> dict[str, list[float]]:
    """First visits in a fresh process, each key pressed before the app prepared any
    screen (as if pressed within seconds of the start)."""
    record_frames()
    return asyncio.run(app_figures(region, 1, prepare=False))


async def leave_notes(app: object, pilot: object) -> None:
    """The Meetings screen opens with the cursor in the notes, where a number key is
    typed, not a screen switch: Esc leaves the notes first, as a person does."""
    if app.current_mode == "meetings":  # type: ignore[attr-defined]
        await pilot.press("escape")  # type: ignore[attr-defined]
        await settle(app, pilot)


async def keystrokes(app: object, pilot: object, add: Callable[[str, float], None]) -> None:
    await timed(pilot, "2")
    await settle(app, pilot)
    await timed(pilot, "slash")
    for char in "김민수":
        add("key:roster search", await timed(pilot, char))
    await settle(app, pilot)
    await timed(pilot, "backspace", "backspace", "backspace", "escape")  # all rows again
    await settle(app, pilot)
    for column in ("month_won", "team", "hired_on", "name"):
        add("key:roster sort", await timed_action(app, pilot, f"screen.sort_by('{column}')"))
        await settle(app, pilot)
    await timed(pilot, "3")
    await settle(app, pilot)
    for key in ("left_square_bracket", "left_square_bracket", "right_square_bracket"):
        add("key:budget month", await timed(pilot, key))
        await settle(app, pilot)
    add("settled:budget month", await timed_settled(app, pilot, "right_square_bracket"))
    await settle(app, pilot)
    await timed(pilot, "5")
    await settle(app, pilot)
    add("key:goals per-partner", await timed(pilot, "p"))
    await settle(app, pilot)
    add("key:goals teams", await timed(pilot, "t"))
    await settle(app, pilot)
    add("settled:goals per-partner", await timed_settled(app, pilot, "p"))
    await timed(pilot, "c")
    await settle(app, pilot)
    await timed(pilot, "4")
    await settle(app, pilot)
    for char in "visits 오전 방문":
        add("key:meeting notes", await timed(pilot, "space" if char == " " else char))


def in_app(region: Path, runs: int) -> list[Row]:
    record_frames()
    bare = asyncio.run(bare_figures(runs))
    ours = asyncio.run(app_figures(region, runs))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as fresh:
        cold = fresh.submit(cold_first_visits, region).result()
    rows = []
    for key, mode in SCREEN_KEYS.items():
        if mode != "today":
            rows.append(row("switch", f"key {key}, {mode}, first visit", ours[f"first:{mode}"],
                            "ms", bare["first"][:1], "≤ 100 ms", ms_target(100)))
    rows.append(row("switch", "  reading Today while they are built", ours["reading:prepared"],
                    "s", None, "(quiet)", None))
    for key, mode in SCREEN_KEYS.items():
        if mode != "today":
            rows.append(row("switch", f"  key {key}, {mode}, first visit, cold",
                            cold[f"first:{mode}"], "ms", bare["first"][:1], "(not built yet)",
                            None))
    for key, mode in SCREEN_KEYS.items():
        rows.append(row("switch", f"key {key}, {mode}, return", ours[f"return:{mode}"], "ms",
                        bare["return"], "≤ 30 ms", ms_target(30)))
    # The screens' own issues set their first-visit figures too (#4, #5, #7): held even
    # when the screen is not built yet.
    for mode, limit in (("partners", 150), ("budget", 150), ("goals", 200)):
        rows.append(row("switch", f"{mode} opened cold, its own target", cold[f"first:{mode}"],
                        "ms", None, f"≤ {limit} ms", ms_target(limit)))
    # Every keystroke ≤ 30 ms (#10; a sort and a month switch had 50 ms in #4 and #5).
    for name, baseline, limit in (("roster search", "input", 30), ("roster sort", "input", 30),
                                  ("budget month", "input", 30),
                                  ("goals per-partner", "input", 30),
                                  ("goals teams", "input", 30),
                                  ("meeting notes", "textarea", 30)):
        drawn = any(ours[f"key:{name}"])
        rows.append(row("keystroke", name if drawn else f"{name}: no frame drawn (?)",
                        ours[f"key:{name}"], "ms", bare[baseline], f"≤ {limit} ms",
                        ms_target(limit) if drawn else None))
    rows.append(row("keystroke", "budget month, expense list filled",
                    ours["settled:budget month"], "ms", None, "(shown)", None))
    rows.append(row("keystroke", "goals per-partner, table filled",
                    ours["settled:goals per-partner"], "ms", None, "≤ 200 ms", ms_target(200)))
    return rows


# --- idle in tmux --------------------------------------------------------------------------


def idle_rows(env: dict[str, str], region: Path, seconds: float) -> list[Row]:
    if shutil.which("tmux") is None:
        print("tmux not found: idle CPU skipped", file=sys.stderr)
        return []
    tag = f"bdall{os.getpid()}"
    environment = " ".join(f"{k}={v}" for k, v in env.items()) + " TERM=xterm-256color"
    commands = {"bare": f"env TERM=xterm-256color {PYTHON} {HERE / 'bare_app.py'}"}
    for mode in SCREEN_KEYS.values():
        commands[mode] = (f"env {environment} {PYTHON} -m branchdash --lang en "
                          f"--db {region}")
    sessions = {name: f"{tag}-{name}" for name in commands}
    try:
        for name, command in commands.items():
            subprocess.run(["tmux", "new-session", "-d", "-s", sessions[name], "-x", "120",
                            "-y", "40", command], check=True)
        for name, session in sessions.items():
            if not idle._wait_for(session, BARE_MARK if name == "bare" else TODAY_MARK, 120):
                print(f"{name} did not start in tmux:\n{idle._screen(session)}", file=sys.stderr)
                return []
        for key, mode in SCREEN_KEYS.items():
            subprocess.run(["tmux", "send-keys", "-t", sessions[mode], key], check=True)
        # Let every screen finish its first loads, and the app build the screens not
        # shown yet, which it does in the first seconds of quiet (screens/mode_switch.py).
        time.sleep(15)
        trees = {name: idle.process_tree(idle._pane_pid(s)) for name, s in sessions.items()}
        cpu = {name: idle.cpu_seconds(pids) for name, pids in trees.items()}
        started = time.monotonic()
        time.sleep(seconds)
        elapsed = time.monotonic() - started
        used = {name: 100 * (idle.cpu_seconds(pids) - cpu[name]) / elapsed
                for name, pids in trees.items()}
        rss = {name: idle.rss_mb(pids) for name, pids in trees.items()}
    finally:
        for session in sessions.values():
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    rows = [row("idle", f"CPU over {elapsed:.0f} s, {mode}", [used[mode]], "%", [used["bare"]],
                "≤ 3× bare", lambda r: r.median <= 3 * max(used["bare"], 0.1))
            for mode in SCREEN_KEYS.values()]
    rows.append(row("memory", "resident at region scale (all screens built)",
                    [max(rss[mode] for mode in SCREEN_KEYS.values())], "MB", [rss["bare"]],
                    "≤ 150 MB", lambda r: r.median <= 150))
    return rows


def day_rows(tick: float) -> list[Row]:
    figures = asyncio.run(idle._simulate_day(tick))
    return [
        row("memory", "RSS growth over a simulated 24 h (demo)", [figures["growth_mb"]], "MB",
            None, "< 5 MB", lambda r: r.median < 5),
        row("memory", "file handles, start → after the day",
            [figures["fds_end"] - figures["fds_start"]], "fds", None, "flat (+0)",
            lambda r: r.median <= 0),
    ]


# --- the table ----------------------------------------------------------------------------


def print_table(rows: list[Row], note: str) -> None:
    print(f"\n{note}\n")
    head = f"{'what':<44} {'median':>8} {'min':>8} {'max':>8} {'bare':>8} {'ratio':>6}  target"
    print(head)
    print("-" * (len(head) + 12))
    section = None
    for r in rows:
        if r.section != section:
            section = r.section
            print(f"[{section}]")
        bare = statistics.median(r.bare) if r.bare else None
        ratio = f"{r.median / bare:.1f}x" if bare else ""
        verdict = "" if r.ok is None else ("OK" if r.ok else "OVER")
        fmt = "{:8.1f}" if r.unit in ("%", "MB", "s") else "{:8.0f}"
        print(f"{r.what + ' (' + r.unit + ')':<44} {fmt.format(r.median)} "
              f"{fmt.format(min(r.values))} {fmt.format(max(r.values))} "
              f"{fmt.format(bare) if bare is not None else '':>8} {ratio:>6}  "
              f"{r.target} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=60)
    parser.add_argument("--tick", type=float, default=10.0,
                        help="fake seconds per clock poll in the simulated day")
    parser.add_argument("--region", type=Path, default=REGION,
                        help="the region dataset (made here if missing)")
    parser.add_argument("--skip", action="append", default=[],
                        choices=("startup", "app", "idle", "day"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="branchdash-suite-"))
    load_before = os.getloadavg()
    started = time.monotonic()
    sections: list[tuple[str, Callable[[], list[Row]]]] = []
    try:
        env, region = prepare(work, args.region)
        sections = [
            ("startup", lambda: startup(env, region, args.runs, work)),
            ("app", lambda: in_app(region, args.runs)),
            ("idle", lambda: idle_rows(env, region, args.idle_seconds)),
            ("day", lambda: day_rows(args.tick)),
        ]
        rows: list[Row] = []
        for name, section in sections:
            if name not in args.skip:
                print(f"running: {name}…", file=sys.stderr)
                rows.extend(section())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    over = [r for r in rows if r.ok is False]
    print_table(rows, f"branchdash performance suite: {args.runs} runs, {os.cpu_count()} cores, "
                f"load average {load_before[0]:.1f} at start, {load_after[0]:.1f} at end "
                f"(1-min), {time.monotonic() - started:.0f} s in all")
    print(f"\n{sum(r.ok is True for r in rows)} of {sum(r.ok is not None for r in rows)} "
          f"targets hold"
          + (": over — " + "; ".join(r.what for r in over) if over else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
