"""Choose a team (its sales manager) by typing part of the name, 초성 too.

A region has 500 teams: a drop-down of them all costs seconds to build, so the
picker lists only what matches what is typed (see `ChoicePicker`).
"""

from __future__ import annotations

from branchdash.i18n import t
from branchdash.partners import ALL

from .partner_choice import ChoicePicker


class PartnerTeamPicker(ChoicePicker):
    """Returns a sales manager's id, ALL for every team, or None when cancelled."""

    def __init__(self, teams: list[tuple[str, str]], current: str | None = None) -> None:
        # teams: (id, name) by name
        super().__init__(t("partners.team_picker.title"), teams, current=current,
                         search=t("partners.team_picker.placeholder"),
                         pinned=[(ALL, t("partners.filter.all_teams"))])
