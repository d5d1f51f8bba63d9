"""Column types that keep the store's conventions: UTC instants and integer won."""

from __future__ import annotations

import datetime as dt

import pendulum
from peewee import BigIntegerField, DateField, DateTimeField, TimeField

UTC = pendulum.UTC


class UtcDateTimeField(DateTimeField):
    """An instant, stored in UTC, read back as a pendulum UTC DateTime.

    Naive datetimes are refused: an instant without a zone is ambiguous, and
    guessing would move meeting times by the UTC offset.
    """

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError(f"{self.name}: naive datetime {value!r}; give it a zone")
            utc = value.astimezone(dt.UTC)
            # Text that sorts as time does and that SQLite and PostgreSQL both read.
            return utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        return super().db_value(value)

    def python_value(self, value: object) -> pendulum.DateTime | None:
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return pendulum.instance(value.replace(tzinfo=dt.UTC)).in_timezone(UTC)
        raise ValueError(f"{self.name}: not an instant: {value!r}")


class WonField(BigIntegerField):
    """Money in integer won. Floats are refused rather than rounded."""

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{self.name}: money must be integer won, got {value!r}")
        return value


class LocalDateField(DateField):
    """A date of the branch's working day, stored as ISO text, read as a pendulum Date.

    sqlite3 adapts only exact `datetime.date` objects, not pendulum's subclass,
    so the value is turned into text here.
    """

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            raise ValueError(f"{self.name}: give a date, not a datetime ({value!r})")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            return dt.date.fromisoformat(value).isoformat()  # refuses a malformed date
        raise TypeError(f"{self.name}: not a date: {value!r}")

    def python_value(self, value: object) -> pendulum.Date | None:
        if value is None:
            return None
        if isinstance(value, dt.date):
            return pendulum.date(value.year, value.month, value.day)
        day = dt.date.fromisoformat(str(value)[:10])
        return pendulum.date(day.year, day.month, day.day)


class LocalTimeField(TimeField):
    """A wall-clock time of day (a block's start), stored as "HH:MM:SS" text."""

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, dt.time):
            return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        if isinstance(value, str):
            return self.db_value(dt.time.fromisoformat(value))
        raise TypeError(f"{self.name}: not a time of day: {value!r}")

    def python_value(self, value: object) -> dt.time | None:
        if value is None:
            return None
        if isinstance(value, dt.time):
            return value
        return dt.time.fromisoformat(str(value))
