"""One catalog for every user-visible string, Korean and English.

The catalog is TOML files under `locales/<lang>/`, one file per area of the
app (so that screens can grow their strings without touching each other's
files). Keys are dotted paths, the same set in every language (a test checks).
Values use `str.format` fields: `t("budget.left", amount="₩1,000")`.

Stored titles that start with "@" are catalog keys (e.g. the seeded weekly
routine, "@routine.morning_meeting"), so that they follow the language; a
user's own title is free text and shown as typed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

import pendulum

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "en"

_language = DEFAULT_LANGUAGE


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every key of `lang`, merged from all its files. A key defined twice is an error."""
    merged: dict[str, str] = {}
    folder = resources.files("branchdash").joinpath("locales", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        flat = _flatten(tomllib.loads(entry.read_text(encoding="utf-8")))
        clash = merged.keys() & flat.keys()
        if clash:
            raise ValueError(f"locales/{lang}/{entry.name} redefines {sorted(clash)}")
        merged.update(flat)
    return merged


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


def language_from_env(environ: Mapping[str, str]) -> str:
    """Korean when the locale variables say so (LC_ALL wins over LC_MESSAGES over LANG)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return DEFAULT_LANGUAGE


# How much of a typed value a message repeats ("{value} is not a date"): enough to
# recognise it, not a pasted page.
SHOWN_VALUE_LIMIT = 40
TYPED_FIELDS = frozenset({"value", "text"})  # by the catalog's convention, what was typed


def shown_value(value: object) -> object:
    """A typed value as a message repeats it: cut to SHOWN_VALUE_LIMIT characters."""
    if isinstance(value, str) and len(value) > SHOWN_VALUE_LIMIT:
        return value[:SHOWN_VALUE_LIMIT - 1] + "…"
    return value


def t(key: str, /, **fields: object) -> str:
    text = catalog(_language).get(key)
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    for typed in TYPED_FIELDS & fields.keys():
        fields[typed] = shown_value(fields[typed])
    return text.format(**fields) if fields else text


def title(value: str) -> str:
    """A stored title as shown: "@key" is translated, anything else shown as typed."""
    return t(value[1:]) if value.startswith("@") else value


def has_key(key: str) -> bool:
    return key in catalog(_language)


# --- formatting ---------------------------------------------------------------------


def format_won(amount: int) -> str:
    """₩1,234,500 in English, 1,234,500원 in Korean. Integer won only."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money must be integer won, got {amount!r}")
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,}"
    return f"{sign}{digits}원" if _language == "ko" else f"{sign}₩{digits}"


def weekday_short(day: pendulum.Date) -> str:
    return t(f"weekday.short.{day.isoweekday()}")


def format_date(day: pendulum.Date) -> str:
    """2026년 11월 28일 (토) / Sat 28 Nov 2026."""
    if _language == "ko":
        return f"{day.year}년 {day.month}월 {day.day}일 ({weekday_short(day)})"
    return f"{weekday_short(day)} {day.day} {t(f'month.short.{day.month}')} {day.year}"


def format_short_date(day: pendulum.Date) -> str:
    """11/28 (토) / Sat 28 Nov."""
    if _language == "ko":
        return f"{day.month}/{day.day} ({weekday_short(day)})"
    return f"{weekday_short(day)} {day.day} {t(f'month.short.{day.month}')}"


def format_month(day: pendulum.Date) -> str:
    """2026년 11월 / Nov 2026."""
    if _language == "ko":
        return f"{day.year}년 {day.month}월"
    return f"{t(f'month.short.{day.month}')} {day.year}"


def format_duration(minutes: int) -> str:
    """1시간 5분 / 1h 5m."""
    hours, mins = divmod(max(minutes, 0), 60)
    if hours:
        return t("duration.hours_minutes", hours=hours, minutes=mins)
    return t("duration.minutes", minutes=mins)
