"""Korean holidays and working days."""

from __future__ import annotations

import pendulum

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
