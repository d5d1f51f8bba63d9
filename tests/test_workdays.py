"""Korean holidays and working days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.workdays import MONDAY_TO_FRIDAY, holiday_name, is_working_day, working_days


def test_chuseok_is_named_in_both_languages() -> None:
    day = pendulum.date(2026, 9, 25)
    i18n.set_language("ko")
    assert holiday_name(day) == "추석"
    i18n.set_language("en")
    assert holiday_name(day) == "Chuseok"
    assert holiday_name(pendulum.date(2026, 9, 28)) is None


def test_working_days_skip_sundays_and_holidays() -> None:
    september = working_days(pendulum.date(2026, 9, 1), pendulum.date(2026, 9, 30))
    # 30 days, 4 Sundays, Chuseok Thu-Sat (24-26) → 23 working days Mon–Sat
    assert len(september) == 23
    assert pendulum.date(2026, 9, 24) not in september
    weekdays_only = working_days(pendulum.date(2026, 9, 1), pendulum.date(2026, 9, 30),
                                 MONDAY_TO_FRIDAY)
    assert len(weekdays_only) == 22 - 2  # Chuseok Thu and Fri fall on weekdays
    assert is_working_day(pendulum.date(2026, 9, 24), skip_holidays=False)


def test_holiday_tables_are_kept_and_a_damaged_one_is_made_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up reads the year's table from the cache instead of loading the package."""
    from branchdash import workdays

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    workdays._holidays.cache_clear()
    fresh = workdays._holidays(2027, "ko")
    assert fresh[dt.date(2027, 9, 15)] == "추석"
    kept = list((tmp_path / "branchdash" / "holidays").glob("KR-2027-ko-*.json"))
    assert len(kept) == 1

    workdays._holidays.cache_clear()
    monkeypatch.setattr(workdays, "_korea", lambda: pytest.fail("the package was loaded"))
    assert workdays._holidays(2027, "ko") == fresh  # from the file

    kept[0].write_text("{not json", encoding="utf-8")
    workdays._holidays.cache_clear()
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert workdays._holidays(2027, "ko") == fresh  # damaged: made again
    assert json.loads(kept[0].read_text(encoding="utf-8"))["2027-09-15"] == "추석"
    workdays._holidays.cache_clear()


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdash import workdays

    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would go
    workdays._holidays.cache_clear()
    assert workdays._holidays(2028, "en")[dt.date(2028, 1, 1)] == "New Year's Day"
    workdays._holidays.cache_clear()
