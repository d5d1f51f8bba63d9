"""Push the demo branch into a throwaway PostgreSQL server: rows per second for the
first push, and the time of a second push that finds everything already there.

    python bench/push.py [--scale branch|region]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="branch", choices=("branch", "region"))
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()

    import pendulum

    from branchdash.clock import FakeClock, use_clock
    from branchdash.data.database import open_database
    from branchdash.data.demo import generate_demo
    from branchdash.data.postgres import open_postgres
    from branchdash.data.push import push
    from tests import pg

    server = pg.server()
    use_clock(FakeClock(pendulum.datetime(2026, 11, 30, 10, 15, tz="Asia/Seoul"),
                        timezone="Asia/Seoul"))
    folder = Path(tempfile.mkdtemp())
    open_database(folder / "branch.db")
    generate_demo(pendulum.date(2026, 11, 30), scale=args.scale)
    target = open_postgres(server.new_database(), bind=False)
    started = time.perf_counter()
    first = push(target, batch_size=args.batch)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    second = push(target, batch_size=args.batch)
    second_s = time.perf_counter() - started
    print(f"scale={args.scale} rows={first.total} batch={args.batch}")
    print(f"first push:  {first_s:6.2f} s  ({first.sent / first_s:,.0f} rows/s)")
    print(f"second push: {second_s:6.2f} s  (sent {second.sent}, unchanged {second.unchanged})")
    target.close()


if __name__ == "__main__":
    main()
