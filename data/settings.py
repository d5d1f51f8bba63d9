"""Key/value settings of this copy, kept in the database."""

from __future__ import annotations

from .models import Setting, database


def get_setting(key: str, default: str | None = None) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else default


def set_setting(key: str, value: str) -> None:
    with database.atomic():
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}
        ).execute()
