"""Column types that keep the store's conventions: UTC instants and integer won."""

from __future__ import annotations

import datetime as dt

import pendulum
from peewee import BigIntegerField, DateTimeField

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
            utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            # A plain datetime, so that sqlite3 and psycopg both adapt it.
            return dt.datetime(
                utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond
            )
        return super().db_value(value)

    def python_value(self, value: object) -> pendulum.DateTime | None:
        value = super().python_value(value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return pendulum.instance(value.replace(tzinfo=dt.timezone.utc)).in_timezone(UTC)
        raise ValueError(f"{self.name}: not an instant: {value!r}")


class WonField(BigIntegerField):
    """Money in integer won. Floats are refused rather than rounded."""

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{self.name}: money must be integer won, got {value!r}")
        return value
