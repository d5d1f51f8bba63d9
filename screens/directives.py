"""Directives / Training / Promotions: the rest of the manager's job, one tab each.

Each tab is a pane widget with its own keys (shown in the footer while the
focus is in it); `[` and `]` move between tabs. Every key of every tab is also
in the command palette, named with its tab.

Only the first tab's pane is built with the screen; the others are mounted when
their tab is first opened (their four tables and containers doubled the screen's
first visit, for tabs most visits never open).
"""

from __future__ import annotations

from functools import partial

from pendulum import DateTime
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import TabbedContent, TabPane

from branchdash.i18n import t

from .base import BranchScreen
from .read_only import read_only_safe
from .widgets.directive_pane import DirectivesPane, TabPaneBody
from .widgets.palette import Entry, screen_commands
from .widgets.promotion_pane import PromotionsPane
from .widgets.training_pane import TrainingPane

TABS = (("tab-directives", "directives-pane", "directives.tab.directives"),
        ("tab-training", "training-pane", "directives.tab.training"),
        ("tab-promotions", "promotions-pane", "directives.tab.promotions"))
PANES: dict[str, type[TabPaneBody]] = {"directives-pane": DirectivesPane,
                                       "training-pane": TrainingPane,
                                       "promotions-pane": PromotionsPane}
FIRST_TAB = TABS[0][0]  # TabbedContent opens on its first tab


def _palette_entries(screen: Screen) -> list[Entry]:
    """The palette's entries for this screen: the tabs, and every key of every tab."""
    if not isinstance(screen, DirectivesScreen):
        return []
    out: list[Entry] = []
    for tab_id, pane_id, label_key in TABS:
        tab = t(label_key)
        out.append((t("directives.command.open_tab", tab=tab), t("mode.directives_help"),
                    partial(screen.show_tab, tab_id)))
        pane = screen.panes[pane_id]  # made with the screen, mounted or not
        seen: set[str] = set()
        for bindings in pane._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.action in seen or binding.action == "back_to_list":
                    continue
                seen.add(binding.action)
                key = screen.app.get_key_display(binding)
                out.append((f"{tab}: {binding.description}", t("directives.command.key", key=key),
                            partial(screen.run_in_tab, tab_id, pane_id, binding.action)))
    return out


class Tabs(TabbedContent):
    """Tabs that change by key or click only. (TabbedContent also follows the focus
    into a pane; a focus message still queued from the previous tab would then
    switch back to it after a quick `]`.)"""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # Textual would run the base class's handler too


class DirectivesScreen(BranchScreen):
    TITLE_KEY = "mode.directives"
    READ_ONLY_ACTIONS = frozenset({"next_tab"})
    CSS_PATH = "directives.tcss"
    COMMANDS = {screen_commands(_palette_entries)}
    # Focus is placed by hand: Textual's automatic focus would pick the first tab's table
    # and so switch back to the first tab after a quick `]`.
    AUTO_FOCUS = None
    RELOAD_IF_WRITTEN_WHILE_AWAY = True  # meetings relay directives, partners change
    BINDINGS = [
        Binding("right_square_bracket", "next_tab(1)", "@directives.key.next_tab",
                id="directives.next_tab", key_display="]"),
        Binding("left_square_bracket", "next_tab(-1)", "@directives.key.previous_tab",
                id="directives.previous_tab", key_display="[", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._loaded_tab = ""  # the tab whose pane was last drawn
        self.panes = {pane_id: PANES[pane_id](id=pane_id) for _, pane_id, _ in TABS}
        self._mounting: dict[str, AwaitMount] = {}  # the later tabs' panes, once opened

    def body(self) -> ComposeResult:
        with Tabs(id="dtp-tabs"):
            for tab_id, pane_id, label_key in TABS:
                with TabPane(t(label_key), id=tab_id):
                    if tab_id == FIRST_TAB:
                        yield self.panes[pane_id]

    def _build(self, tab_id: str) -> AwaitMount | None:
        """Mount the tab's pane if not yet; what to await for it (None: built with the screen)."""
        if tab_id == FIRST_TAB:
            return None
        if tab_id not in self._mounting:
            pane_id = next(pane for tab, pane, _ in TABS if tab == tab_id)
            self._mounting[tab_id] = self.query_one(f"#{tab_id}", TabPane).mount(
                self.panes[pane_id])
        return self._mounting[tab_id]

    def on_mount(self) -> None:
        # BranchScreen.on_mount runs as well (Textual calls the handler of every class
        # in the MRO), so no super() call here: it would draw everything twice.
        self.call_after_refresh(self._focus_active)

    def active_pane(self) -> TabPaneBody:
        active = self.query_one(TabbedContent).active
        pane_id = next(pane for tab, pane, _ in TABS if tab == active)
        return self.panes[pane_id]

    def refresh_data(self) -> None:
        pane = self.active_pane()
        if not pane.is_mounted:
            return  # being built: drawn when it is (_tab_changed)
        self._loaded_tab = self.query_one(TabbedContent).active
        pane.reload()

    def on_minute(self, now: DateTime) -> None:
        # Nothing here changes by the minute; dates are redrawn at midnight.
        pass

    def on_screen_resume(self) -> None:
        if self.focused is None:
            self.call_after_refresh(self._focus_active)

    @on(TabbedContent.TabActivated)
    async def _tab_changed(self) -> None:
        mounting = self._build(self.query_one(TabbedContent).active)
        if mounting is not None:
            await mounting  # the pane's tables have their columns once it is mounted
        # The first tab reports itself activated as the screen is built: drawn already.
        if self.query_one(TabbedContent).active != self._loaded_tab:
            self.refresh_data()
        # The pane is shown on the next refresh; a hidden widget cannot take the focus.
        self.call_after_refresh(self._focus_active)

    def _focus_active(self) -> None:
        # Whichever tab is active by now: focusing a widget in another tab's pane
        # would switch the tabs back.
        pane = self.active_pane()
        if pane.is_mounted:
            pane.focus_main()

    @read_only_safe  # the palette's "open tab" entries stay in the display mode
    def show_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id

    def action_next_tab(self, step: int) -> None:
        order = [tab for tab, _, _ in TABS]
        current = order.index(self.query_one(TabbedContent).active)
        self.show_tab(order[(current + step) % len(order)])

    def run_in_tab(self, tab_id: str, pane_id: str, action: str) -> None:
        """A palette command: open the tab, then do what its key does."""
        self.show_tab(tab_id)
        self.call_later(self._run_when_built, tab_id, pane_id, action)

    async def _run_when_built(self, tab_id: str, pane_id: str, action: str) -> None:
        mounting = self._build(tab_id)
        if mounting is not None:
            await mounting
        self.call_after_refresh(self.panes[pane_id].run_action, action)
