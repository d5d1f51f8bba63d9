"""Python's full garbage collection, moved to a moment when nobody is typing; and
freed memory given back to the system then too.

A full collection walks every object the process holds. At region scale (10,000
partners, their month figures, the screens' tables) that is a few hundred
thousand objects and 50-200 ms, and Python starts one whenever enough objects
have survived the young collections: in practice in the middle of a key press.
Here the automatic full collection is switched off, and the app's clock tick runs
it instead, once the user has been quiet for a moment. The young generations are
still collected by Python as usual (they are cheap), and a session of non-stop
typing still gets its full collection, only later than Python would run it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from branchdash.free_memory import release_free_memory

QUIET_SECONDS = 2.0  # no key or click for this long: the user is reading
# Python's automatic full collection, effectively never (the count it compares is
# the number of young collections since the last full one).
NEVER = 1_000_000_000
OVERDUE = 10  # times Python's own threshold: collect even while the user types
RELEASE_SECONDS = 30.0  # memory freed meanwhile given back, while quiet, this often


class IdleCollector:
    def __init__(self, monotonic: Callable[[], float]) -> None:
        self._monotonic = monotonic
        self._saved: tuple[int, int, int] | None = None
        self._last_input = monotonic()
        self._last_release = monotonic()

    @property
    def running(self) -> bool:
        return self._saved is not None

    def start(self) -> None:
        if self._saved is not None:
            return
        young, middle, full = gc.get_threshold()
        self._saved = (young, middle, full)
        gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give Python its own full collections back (the app is closing)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        self._last_input = self._monotonic()

    @property
    def quiet(self) -> bool:
        """No key or click for a moment: the user is reading, not typing."""
        return self._monotonic() - self._last_input >= QUIET_SECONDS

    def tick(self) -> bool:
        """Collect if Python would have by now and the user is quiet (or it is long
        overdue); returns whether it did. While quiet, memory freed since the last
        time is given back to the system (see free_memory.py)."""
        if self._saved is None:
            return False
        collected = self._collect()
        now = self._monotonic()
        if self.quiet and (collected or now - self._last_release >= RELEASE_SECONDS):
            self._last_release = now
            release_free_memory()
        return collected

    def _collect(self) -> bool:
        assert self._saved is not None
        due_after = max(self._saved[2], 1)
        pending = gc.get_count()[2]  # young collections since the last full one
        if pending < due_after:
            return False
        if not self.quiet and pending < OVERDUE * due_after:
            return False
        gc.collect()
        return True
