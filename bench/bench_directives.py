"""How long the Directives / Training / Promotions tabs' reads take on the demo branch.

Run: python bench/bench_directives.py [path/to/demo.db]  (default: a fresh demo in /tmp)
Prints milliseconds per call (best of 5) for each read a tab makes when it redraws.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from branchdash import clock
from branchdash import directives as dv
from branchdash import promotions as pm
from branchdash import training as tr
from branchdash.data.branches import local_branch
from branchdash.data.database import close_database, open_database


def best_ms(call: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
        open_database(path)
    else:
        from branchdash.data.demo import generate_demo

        path = Path(tempfile.mkdtemp()) / "demo.db"
        open_database(path)
        generate_demo(clock.today())
    branch = local_branch()
    assert branch is not None
    today = clock.today()
    trainings = tr.list_trainings(branch.id)
    promotions = pm.list_promotions(branch.id)
    print(f"demo: {len(dv.list_directives(branch.id))} directives, {len(trainings)} trainings, "
          f"{len(promotions)} promotions")
    rows: list[tuple[str, Callable[[], object]]] = [
        ("directives: list (all)", lambda: dv.list_directives(branch.id)),
        ("directives: search '안내'", lambda: dv.list_directives(branch.id, "안내")),
        ("directives: counts", lambda: dv.counts(branch.id, today)),
        ("directives: not_relayed", lambda: dv.not_relayed(branch.id)),
        ("training: list", lambda: tr.list_trainings(branch.id)),
        ("training: attendees of one", lambda: tr.attendees(trainings[0].id)),
        ("training: by_partner", lambda: tr.by_partner(branch.id, today)),
        ("promotions: list", lambda: pm.list_promotions(branch.id)),
        ("promotions: result of each", lambda: [pm.result(p.id, today) for p in promotions]),
    ]
    for name, call in rows:
        print(f"{name:32s} {best_ms(call):8.1f} ms")
    close_database()


if __name__ == "__main__":
    main()
