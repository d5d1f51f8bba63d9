"""The settings of this copy, read from the store and checked on load."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pendulum

from branchdash.clock import local_timezone_name
from branchdash.data.settings import get_setting, set_setting
from branchdash.i18n import LANGUAGES, language_from_env

LANGUAGE_KEY = "language"
TIMEZONE_KEY = "timezone"


class SettingError(ValueError):
    """A stored setting that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    language: str
    timezone: str


def valid_timezone(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises its own or zoneinfo's error for unknown names
        return False
    return True


def load_settings(environ: Mapping[str, str], lang_flag: str | None = None) -> Settings:
    language = lang_flag or get_setting(LANGUAGE_KEY) or language_from_env(environ)
    if language not in LANGUAGES:
        raise SettingError(f"The saved language {language!r} is not one of "
                           f"{', '.join(LANGUAGES)}. Start with --lang ko or --lang en.")
    timezone = get_setting(TIMEZONE_KEY) or local_timezone_name()
    if not valid_timezone(timezone):
        raise SettingError(f"The timezone {timezone!r} is not a known zone. Start with "
                           "--timezone Asia/Seoul (or another zone name).")
    return Settings(language, timezone)


def save_language(language: str) -> None:
    if language not in LANGUAGES:
        raise SettingError(f"Unknown language {language!r}; use ko or en.")
    set_setting(LANGUAGE_KEY, language)


def save_timezone(timezone: str) -> None:
    if not valid_timezone(timezone):
        raise SettingError(f"{timezone!r} is not a known timezone; use a name such as "
                           "Asia/Seoul or Europe/London.")
    set_setting(TIMEZONE_KEY, timezone)
