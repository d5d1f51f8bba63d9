"""Start-up to the first drawn frame of the Today screen, against a bare Textual app.

    python bench/startup.py                      # the demo branch (made if needed)
    python bench/startup.py --db /tmp/region.db  # any database, e.g. region scale

Each run starts a fresh process on a pseudo-terminal and stops the clock when
the screen shows the Today agenda (the bare app: its label). Prints median,
min and max over the runs, and the ratio to the bare app from the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _terminal import print_table, time_until_text  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to open (default: a demo branch)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="branchdash-bench-"))
    env = {"XDG_DATA_HOME": str(work / "data"), "XDG_STATE_HOME": str(work / "state")}
    branchdash = [sys.executable, "-m", "branchdash", "--lang", "en"]
    if args.db is None:
        print("making the demo branch once…", file=sys.stderr)
        time_until_text([*branchdash, "--demo"], "Today's agenda", env=env, timeout=180)
        command = [*branchdash, "--demo"]
        label = "branchdash, demo branch"
    else:
        copy = work / "bench.db"
        shutil.copyfile(args.db, copy)
        command = [*branchdash, "--db", str(copy)]
        label = f"branchdash, {args.db.name}"

    bare = [sys.executable, str(HERE / "bare_app.py")]
    results: dict[str, list[float]] = {"bare Textual app": [], label: []}
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        timing = time_until_text(bare, "bare app ready", env=env)
        results["bare Textual app"].append(timing.seconds)
        timing = time_until_text(command, "Today's agenda", env=env)
        if not timing.found:
            sys.exit(f"branchdash did not show the Today screen within the time limit ({label})")
        results[label].append(timing.seconds)
    print_table(f"Start-up to first frame ({args.runs} runs, {os.cpu_count()} cores)",
                list(results.items()), baseline="bare Textual app")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
