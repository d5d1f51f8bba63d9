"""A small branch for the Partners screen's tests, and waiting for its roster."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum

from branchdash import hr
from branchdash.app import BranchDashApp
from branchdash.data.branches import create_branch
from branchdash.screens.partners import PartnersScreen

D = pendulum.date

# Two sales managers (0: 박영미, 1: 이유진), and sellers: name, phone, manager, HR steps.
SELLERS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("김민수", "010-2222-5678", 0, ("start_onboarding", "activate")),
    ("김미나", "010-3333-1234", 0, ("start_onboarding",)),
    ("최수민", "010-4444-9999", 1, ("start_onboarding", "activate")),
    ("강현우", "010-5555-0000", 1, ("start_onboarding", "activate", "resign")),
)


def make_branch(sellers: Sequence[tuple[str, str, int, tuple[str, ...]]] = SELLERS) -> str:
    branch_id = create_branch("강남3센터", "GN03").id
    leads = []
    for number, name in enumerate(("박영미", "이유진"), start=1):
        lead = hr.recruit(branch_id, name, D(2020, 1, 2), phone=f"010-1111-000{number}",
                          role="sales_manager")
        hr.transition(lead, "start_onboarding", D(2020, 1, 6))
        hr.transition(lead, "activate", D(2020, 2, 1))
        leads.append(lead)
    for name, phone, manager, steps in sellers:
        pid = hr.recruit(branch_id, name, D(2026, 9, 1), phone=phone, manager=leads[manager])
        for step in steps:
            extra = {"reason": "income"} if step == "resign" else {}
            hr.transition(pid, step, D(2026, 10, 1), **extra)
    return branch_id


async def open_roster(pilot, app: BranchDashApp) -> PartnersScreen:  # type: ignore[no-untyped-def]
    await pilot.press("2")
    screen = app.screen
    assert isinstance(screen, PartnersScreen)
    await roster_loaded(pilot, app, screen)
    return screen


async def roster_loaded(pilot, app: BranchDashApp,  # type: ignore[no-untyped-def]
                        screen: PartnersScreen) -> None:
    """The whole roster and its figures are shown (the first page comes before)."""
    for _ in range(200):
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        if screen.roster is not None and screen.roster.figures_loaded:
            break
    await pilot.pause()
