"""The screens of the app, one mode each, with the number key that opens it.

The keys are fixed as screens land: 1 Today, 2 Partners, 3 Budget, 4 Meetings,
5 Goals, 6 Directives/Training/Promotions, 0 HQ roll-up. A screen appears
here only once it exists: nothing unfinished is ever shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen

from .today import TodayScreen


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    mode: str
    title_key: str
    help_key: str
    factory: Callable[[], Screen[None]]


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("1", "today", "mode.today", "mode.today_help", TodayScreen),
)
