"""Generate the region-scale demo (10,000 partners, 3 years) into a new database file.

    python bench/region_data.py PATH [--today YYYY-MM-DD] [--seed N] [--branches N]

Prints the rows written per table, the seconds the generation took, and the
file's size. PATH must not exist yet (the demo is only made in an empty file).
Without --today the date is a fixed one, so that runs compare.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pendulum

from branchdash.data.database import close_database, open_database
from branchdash.data.demo import generate_demo

DEFAULT_TODAY = "2026-11-30"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--today", default=DEFAULT_TODAY, help="the demo's last day")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--branches", type=int, default=1)
    args = parser.parse_args(argv)
    path: Path = args.path
    if path.exists():
        print(f"{path} exists; give the path of a new file.", file=sys.stderr)
        return 2
    today = pendulum.Date.fromisoformat(args.today)
    open_database(path, create_folder=True)
    try:
        summary = generate_demo(today, scale="region", seed=args.seed, branches=args.branches)
        started = time.perf_counter()
    finally:
        close_database()
    closing = time.perf_counter() - started
    width = max(len(name) for name in summary.counts())
    for name, rows in summary.counts().items():
        print(f"{name:<{width}}  {rows:>10,}")
    print(f"{'total':<{width}}  {summary.total:>10,}")
    print(f"generated in {summary.seconds:.1f} s (closing, with the WAL checkpoint: "
          f"{closing:.1f} s)")
    print(f"file size {path.stat().st_size / 1_000_000:,.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
