"""The full garbage collection waits for a quiet moment (branchdash/idle_gc.py)."""

from __future__ import annotations

import gc
import platform
from collections.abc import Iterator

import pytest

from branchdash import free_memory, idle_gc
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.idle_gc import NEVER, OVERDUE, QUIET_SECONDS, RELEASE_SECONDS, IdleCollector


class Moment:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def young_collections(count: int) -> None:
    for _ in range(count):
        gc.collect(1)  # as Python's own young collections do, each adds one to count[2]


def test_a_due_collection_waits_until_the_user_is_quiet(
        thresholds: tuple[int, int, int]) -> None:
    moment = Moment()
    collector = IdleCollector(moment)
    collector.start()
    try:
        assert gc.get_threshold()[2] == NEVER  # Python does not start one by itself
        gc.collect()
        assert not collector.tick()  # nothing due
        young_collections(thresholds[2] + 1)
        collector.input_seen()
        moment.now += QUIET_SECONDS / 2
        assert not collector.tick()  # due, but a key was just pressed
        moment.now += QUIET_SECONDS
        assert collector.tick()  # quiet: collected
        assert gc.get_count()[2] == 0
        assert not collector.tick()
    finally:
        collector.stop()
    assert gc.get_threshold() == thresholds


def test_non_stop_typing_still_gets_its_collection(thresholds: tuple[int, int, int]) -> None:
    moment = Moment()
    collector = IdleCollector(moment)
    collector.start()
    try:
        gc.collect()
        young_collections(OVERDUE * thresholds[2])
        collector.input_seen()
        assert collector.tick()
    finally:
        collector.stop()


def test_garbage_cycles_are_freed_by_the_idle_collection(
        thresholds: tuple[int, int, int]) -> None:
    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    moment = Moment()
    collector = IdleCollector(moment)
    collector.start()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gc.collect(1)
        gc.collect(1)  # both now in the oldest generation
        alive = len([o for o in gc.get_objects() if isinstance(o, Node)])
        del a, b
        young_collections(thresholds[2])
        moment.now += QUIET_SECONDS
        assert collector.tick()
        assert len([o for o in gc.get_objects() if isinstance(o, Node)]) == alive - 2
    finally:
        collector.stop()


async def test_the_app_runs_it_from_its_clock_and_gives_it_back(
        db: object, clock: FakeClock, thresholds: tuple[int, int, int]) -> None:
    from branchdash.data.branches import create_branch

    create_branch("강남3센터", "GN03")
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == NEVER
        gc.collect()
        young_collections(thresholds[2] + 1)
        await pilot.press("2")  # a key: not now
        app.poll_clock()
        assert gc.get_count()[2] > 0
        clock.advance(seconds=QUIET_SECONDS + 1)
        app.poll_clock()
        assert gc.get_count()[2] == 0
    assert gc.get_threshold() == thresholds


def test_freed_memory_is_given_back_while_quiet_now_and_then(
        thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    released: list[float] = []
    moment = Moment()
    monkeypatch.setattr(idle_gc, "release_free_memory", lambda: released.append(moment.now))
    collector = IdleCollector(moment)
    collector.start()
    try:
        gc.collect()
        moment.now += RELEASE_SECONDS
        collector.input_seen()
        collector.tick()
        assert released == []  # a key was just pressed
        moment.now += QUIET_SECONDS
        collector.tick()
        collector.tick()
        assert released == [moment.now]  # once, then not again at once
        moment.now += RELEASE_SECONDS
        collector.tick()
        assert len(released) == 2
        young_collections(thresholds[2] + 1)
        moment.now += 1
        assert collector.tick()
        assert len(released) == 3  # after a full collection, at once
    finally:
        collector.stop()


def test_giving_memory_back_works_on_this_system_or_does_nothing() -> None:
    before = free_memory.release_free_memory()
    assert free_memory.release_free_memory() == before  # no error either way
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert before
