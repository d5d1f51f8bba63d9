"""Shared fixtures: a fake clock, a real database file per test, the app driven by Pilot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.clock import FakeClock, SystemClock, use_clock
from branchdash.data.database import close_database, open_database

SEOUL = "Asia/Seoul"
# A Monday, mid-morning, during the training block.
START = pendulum.datetime(2026, 11, 30, 10, 15, tz=SEOUL)


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    fake = FakeClock(START, timezone=SEOUL)
    use_clock(fake)
    yield fake
    use_clock(SystemClock())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "branch.db"


@pytest.fixture
def db(clock: FakeClock, db_path: Path) -> Iterator[Path]:
    """A new, migrated database file, bound to the models."""
    open_database(db_path)
    yield db_path
    close_database()


@pytest.fixture(autouse=True)
def writable_store() -> Iterator[None]:
    """The read-only switch is process-wide (HQ's view, the display mode): a test that
    turns it on must not leave the next test's database refusing writes."""
    from branchdash.data import postgres

    # Only the flag: each test opens a new database object, without the old guard,
    # and the previous test's connection may be gone.
    postgres._read_only = False
    yield
    postgres._read_only = False


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches the app keeps (the holiday tables) go to a folder of the test run."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def no_app_left_running() -> Iterator[None]:
    """A real app a failed test started in a pty is killed (tests/tools/pty_app.py)."""
    yield
    from tests.tools.pty_app import kill_leftovers

    kill_leftovers()


@pytest.fixture
def branch_file(tmp_path: Path) -> Iterator[Path]:
    """A branch's database file, closed: for the real app started in a pty
    (tests/tools/pty_app.py) on the system clock."""
    from branchdash.data.branches import create_branch

    use_clock(SystemClock())
    path = tmp_path / "branch.db"
    open_database(path)
    create_branch("테스트지점", "T1")
    close_database()
    yield path
