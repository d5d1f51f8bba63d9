"""The screens of the app, one mode each, with the number key that opens it.

The keys are fixed as screens land: 1 Today, 2 Partners, 3 Budget, 4 Meetings,
5 Goals, 6 Directives/Training/Promotions, 0 HQ roll-up. A screen appears
here only once it exists: nothing unfinished is ever shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen

MODULES: list[str] = []  # the screens' modules, for preload()


def lazy(module: str, name: str) -> Callable[[], Screen[None]]:
    """A factory that imports the screen's module on first use: start-up pays only
    for the first screen shown, not for every screen of the app."""
    MODULES.append(module)

    def factory() -> Screen[None]:
        screen_class = getattr(import_module(module, __package__), name)
        return screen_class()

    factory.__qualname__ = f"lazy({module}.{name})"
    return factory


def preload() -> None:
    """Import every screen's module (the app does it in a thread once the first frame
    is drawn, so that a first visit does not wait for imports either)."""
    for module in MODULES:
        import_module(module, __package__)


def is_hq() -> bool:
    """HQ's roll-up is offered when the database holds more than one branch."""
    from branchdash.data.branches import branch_count

    return branch_count() > 1


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    mode: str
    title_key: str
    help_key: str
    factory: Callable[[], Screen[None]]
    # When given and false, the screen is left out (its key, the palette): HQ's
    # roll-up appears only when the database holds more than one branch.
    shown: Callable[[], bool] | None = None


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("1", "today", "mode.today", "mode.today_help", lazy(".today", "TodayScreen")),
    ScreenEntry("2", "partners", "mode.partners", "mode.partners_help",
                lazy(".partners", "PartnersScreen")),
    ScreenEntry("3", "budget", "mode.budget", "mode.budget_help", lazy(".budget", "BudgetScreen")),
    ScreenEntry("4", "meetings", "mode.meetings", "mode.meetings_help",
                lazy(".meetings", "MeetingsScreen")),
    ScreenEntry("5", "goals", "mode.goals", "mode.goals_help", lazy(".goals", "GoalsScreen")),
    ScreenEntry("6", "directives", "mode.directives", "mode.directives_help",
                lazy(".directives", "DirectivesScreen")),
    ScreenEntry("0", "hq", "mode.hq", "mode.hq_help", lazy(".hq", "HqScreen"), shown=is_hq),
)
