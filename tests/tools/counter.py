"""Makes N read-then-write changes to one counter, as a second copy of the app would.

`python -m tests.tools.counter DB N` prints "errors E" at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from branchdash.clock import SystemClock, use_clock
from branchdash.data.database import open_database
from branchdash.data.models import database
from branchdash.data.settings import get_setting, set_setting


def main() -> None:
    path, count = Path(sys.argv[1]), int(sys.argv[2])
    use_clock(SystemClock("Asia/Seoul"))
    open_database(path)
    errors = 0
    for _ in range(count):
        try:
            with database.atomic():  # BEGIN IMMEDIATE: the read and the write are one
                value = int(get_setting("test.counter", "0") or 0)
                set_setting("test.counter", str(value + 1))
        except Exception as error:  # counted, and reported by the test
            errors += 1
            print(f"error {error}", flush=True)
    print(f"errors {errors}", flush=True)


if __name__ == "__main__":
    main()
