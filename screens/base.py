"""What every screen of the app shares: the header, the footer, the clock's messages."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar, cast

from pendulum import DateTime
from textual import events, on
from textual.app import ComposeResult
from textual.message_pump import NoActiveAppError
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from branchdash.i18n import t

from .messages import ClockTick, DataChanged, DayChanged, MinuteChanged, WallClockJumped
from .read_only import allows
from .widgets.footer import BranchFooter
from .widgets.header import BranchHeader
from .widgets.translated import translate_bindings

if TYPE_CHECKING:
    from branchdash.app import BranchDashApp


class _ResumeWithoutRestyle(Screen[None]):
    """Coming back to a screen restyles every widget on it (Textual's default), 50–150 ms
    for a full screen, though nothing changed while it was hidden unless the theme did;
    a theme change is caught by the app's style count, which Textual checks on each
    switch. Textual calls this class's handler before its own."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._css_update_count == self.app._css_update_count:
            event.refresh_styles = False


class _FocusWithoutRepaint(Screen[None]):
    """Textual repaints the whole screen when the focus moves: its background and every
    widget's lines put together again, ~8 ms at 160x45 for a `p` on Goals or a `/` in
    the roster. Only the widgets whose focus styles change look different, and
    Textual restyles (so redraws) those itself."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


class BranchScreen(_ResumeWithoutRestyle, _FocusWithoutRepaint):
    """A screen of one mode. Subclasses give `TITLE_KEY`, compose `body()`, and
    redraw in `refresh_data()`, which runs on mount, each minute, at midnight,
    after a clock jump, and when the screen comes back into view with stale data."""

    TITLE_KEY = ""
    # The actions that still work in the display mode (`serve`, HQ): moving around,
    # browsing, searching, switching views. Every other action of the screen is
    # disabled then (screens/read_only.py).
    READ_ONLY_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    # Redraw on coming back when anything was written while away (a screen that shows
    # what other screens change, and hears of it by no message of its own).
    RELOAD_IF_WRITTEN_WHILE_AWAY: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        # A new screen counts as styled under the app's current theme. Textual starts
        # it at "never", and re-parses the whole stylesheet when a mode's screen is
        # first made (300+ ms); its styles are applied on mount either way.
        with suppress(NoActiveAppError):  # made outside an app: a test of its rules
            self._css_update_count = self.app._css_update_count
        self._stale = False
        self._drawn_once = False
        self._token_when_left: tuple[int, int] | None = None
        self._left = False  # left for another screen since last shown

    @property
    def branch_app(self) -> BranchDashApp:
        return cast("BranchDashApp", self.app)

    def now(self) -> DateTime:
        return self.branch_app.clock.now()

    def compose(self) -> ComposeResult:
        yield BranchHeader(self.branch_app.branch.name, t(self.TITLE_KEY))
        yield from self.body()
        yield BranchFooter()

    def body(self) -> ComposeResult:
        yield from ()

    @property
    def read_only(self) -> bool:
        """The display mode: show, change nothing."""
        return bool(getattr(self.app, "read_only", False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Subclasses that override this call super() first and keep a False.
        if self.read_only and not allows(self, action):
            return False
        return True

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the hierarchy, and subclasses may
        # also call super(): draw once.
        if self._drawn_once:
            return
        self._drawn_once = True
        try:
            self.query_one(BranchHeader).show_time(self.now())
            self.refresh_data()
        finally:  # the app holds the frames until now (also after a failed read)
            screen_mounted = getattr(self.app, "screen_mounted", None)
            if screen_mounted is not None:
                screen_mounted(self)

    @property
    def drawn(self) -> bool:
        """Built and given its data (on_mount has run)."""
        return self._drawn_once

    def refresh_data(self) -> None:
        """Re-read what the screen shows. Override."""

    def on_screen_suspend(self) -> None:
        if self.RELOAD_IF_WRITTEN_WHILE_AWAY:
            self._left = True
            self._token_when_left = self.branch_app.change_token()

    def on_screen_resume(self) -> None:
        self.query_one(BranchHeader).show_time(self.now())
        if self._left:  # not the first showing, just drawn by on_mount
            self._left = False
            token = self.branch_app.change_token()
            if token is None or token != self._token_when_left:
                self._stale = True
        if self._stale:
            self._stale = False
            # Shown as it was first, redrawn on the next frame: coming back is not kept
            # waiting for the reading (a synchronous re-read put Today's return over
            # 30 ms after notes were typed in a meeting).
            self.call_after_refresh(self.refresh_data)

    def mark_stale(self) -> None:
        """Data changed elsewhere; redraw now if in view, else when shown."""
        if self.is_current:
            self.refresh_data()
        else:
            self._stale = True

    @on(ClockTick)
    def _tick(self, message: ClockTick) -> None:
        self.query_one(BranchHeader).show_time(message.now)

    @on(MinuteChanged)
    def _minute(self, message: MinuteChanged) -> None:
        self.on_minute(message.now)

    @on(DayChanged)
    def _day(self, message: DayChanged) -> None:
        self.on_day_changed(message)

    @on(WallClockJumped)
    def _jump(self, message: WallClockJumped) -> None:
        self.query_one(BranchHeader).show_time(message.now)
        self.mark_stale()

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        self.mark_stale()

    def on_minute(self, now: DateTime) -> None:
        self.mark_stale()

    def on_day_changed(self, message: DayChanged) -> None:
        self.mark_stale()
