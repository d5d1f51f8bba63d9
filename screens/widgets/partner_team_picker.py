"""Choose a team (its sales manager) by typing part of the name, 초성 too.

A region has 500 teams: a drop-down of them all costs seconds to build, so the
picker lists only what matches what is typed (at most `SHOWN`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from branchdash.hangul import matches
from branchdash.i18n import t
from branchdash.partners import ALL

from .translated import translate_bindings

SHOWN = 50


class PartnerTeamPicker(ModalScreen[str | None]):
    """Returns a sales manager's id, ALL for every team, or None when cancelled."""

    DEFAULT_CSS = """
    PartnerTeamPicker {
        align: center middle;
    }
    PartnerTeamPicker > Vertical {
        width: 48;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PartnerTeamPicker OptionList {
        height: auto;
        max-height: 16;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "@partners.form.cancel", id="partners.team.cancel"),
        Binding("down", "down", show=False),
        Binding("up", "up", show=False),
    ]

    def __init__(self, teams: list[tuple[str, str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.teams = teams  # (id, name) by name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("partners.team_picker.title"), markup=False)
            yield Input(placeholder=t("partners.team_picker.placeholder"), id="team-search")
            yield OptionList(id="team-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        found = [(pid, name) for pid, name in self.teams if matches(query, name)]
        options = [Option(t("partners.filter.all_teams"), id=ALL)] if not query else []
        options += [Option(name, id=pid) for pid, name in found[:SHOWN]]
        if len(found) > SHOWN:
            options.append(Option(t("partners.team_picker.more", count=len(found) - SHOWN),
                                  disabled=True))
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        option_list.highlighted = 0 if options else None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
