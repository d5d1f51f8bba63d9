"""Korean public holidays and working days, for the schedule and the goal splits.

Holidays come from the `holidays` package (country KR), named in the UI's
language. Loading its calendar takes about 50 ms, which the Today screen's first
frame paid at every start for the one date it names: each year's table is kept in
the user's cache folder, keyed by the package's South Korea module (an upgrade of
the package makes new tables). Which weekdays count as working days is a setting of the caller:
the branch works Monday to Saturday by default (the field sales week), and a
goal split may choose Monday to Friday.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from collections.abc import Iterator
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import pendulum
from pendulum import Date

from branchdash.i18n import language

# ISO weekdays (1 = Monday ... 7 = Sunday)
MONDAY_TO_SATURDAY = frozenset({1, 2, 3, 4, 5, 6})
MONDAY_TO_FRIDAY = frozenset({1, 2, 3, 4, 5})


@lru_cache(maxsize=64)
def _holidays(year: int, lang: str) -> dict[dt.date, str]:
    cache = _cache_file(year, lang)
    if cache is not None:
        kept = _read_cache(cache)
        if kept is not None:
            return kept
    names = dict(_korea()(years=year, language="ko" if lang == "ko" else "en_US").items())
    if cache is not None:
        _write_cache(cache, names)
    return names


def _cache_file(year: int, lang: str) -> Path | None:
    """Where this year's table is kept; None when the package cannot be found."""
    spec = importlib.util.find_spec("holidays")  # finds it without loading it
    if spec is None or spec.origin is None:
        return None
    module = Path(spec.origin).parent / "countries" / "south_korea.py"
    try:
        stat = module.stat()
    except OSError:
        return None
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("branchdash", appauthor=False)) / "holidays"
    return folder / f"KR-{year}-{lang}-{stat.st_size}-{stat.st_mtime_ns}.json"


def _read_cache(path: Path) -> dict[dt.date, str] | None:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {dt.date.fromisoformat(day): str(name) for day, name in kept.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return None  # missing or damaged: made again


def _write_cache(path: Path, names: dict[dt.date, str]) -> None:
    # Only a time saver: a folder that cannot be written is no reason to stop.
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({day.isoformat(): name for day, name in names.items()},
                                      ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
    except OSError:
        with suppress(OSError):
            partial.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _korea() -> type:
    """The `holidays` package's South Korea calendar, loaded on its own.

    `holidays.KR` goes through `holidays.countries`, whose __init__ imports every
    country of the world (about half a second): the Today screen's first frame
    waited for it. The South Korea module needs only the package's base modules.
    """
    import sys

    import holidays  # a large package: loaded when a date is first asked about, not at start

    name = "holidays.countries.south_korea"
    module = sys.modules.get(name)
    if module is None:
        path = Path(holidays.__file__).parent / "countries" / "south_korea.py"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:  # a different layout: the slow way
            return holidays.KR
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.SouthKorea


def holiday_name(day: dt.date) -> str | None:
    """The public holiday on `day`, in the UI's language, or None."""
    return _holidays(day.year, language()).get(dt.date(day.year, day.month, day.day))


def is_working_day(day: dt.date, weekdays: frozenset[int] = MONDAY_TO_SATURDAY,
                   skip_holidays: bool = True) -> bool:
    if day.isoweekday() not in weekdays:
        return False
    return not (skip_holidays and holiday_name(day) is not None)


def days_between(start: Date, end: Date) -> Iterator[Date]:
    """Every date from `start` to `end`, both included."""
    day = start
    while day <= end:
        yield day
        day = day.add(days=1)


def working_days(start: Date, end: Date, weekdays: frozenset[int] = MONDAY_TO_SATURDAY,
                 skip_holidays: bool = True) -> list[Date]:
    return [d for d in days_between(start, end) if is_working_day(d, weekdays, skip_holidays)]


def as_date(value: dt.date) -> Date:
    return pendulum.date(value.year, value.month, value.day)
