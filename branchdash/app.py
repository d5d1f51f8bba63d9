"""The app shell: one mode per screen, number keys, header clock, palette, keys help."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from textual import events, work
from textual.actions import ActionParseResult
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.driver import Driver
from textual.screen import Screen
from textual.timer import Timer

from branchdash.clock import Clock, ClockWatcher, DayChanged, MinuteChanged, Tick, WallClockJumped
from branchdash.crashlog import is_disk_full, is_locked, write_crash_log
from branchdash.data.backup import BackupError, daily_backup, restore_hint
from branchdash.data.branches import BranchInfo, local_branch
from branchdash.data.database import (
    change_token,
    checked_after_start,
    data_version,
    quick_check,
)
from branchdash.data.postgres import is_read_only_error, set_read_only
from branchdash.drafts import DraftStore, drafts_dir
from branchdash.i18n import LANGUAGES, language, t
from branchdash.idle_gc import IdleCollector
from branchdash.plain_text import plain
from branchdash.screens import messages
from branchdash.screens.base import BranchScreen
from branchdash.screens.help import KeysHelp
from branchdash.screens.mode_switch import ModeSwitchingApp
from branchdash.screens.read_only import allows, read_only_palette
from branchdash.screens.registry import SCREENS
from branchdash.screens.registry import preload as preload_screens
from branchdash.screens.welcome import OPEN_DEMO, WelcomeScreen
from branchdash.screens.widgets.reminder_notifier import ReminderNotifier
from branchdash.screens.widgets.translated import translate_bindings

# Between two steps of building the screens not yet shown (screens/mode_switch.py): a
# key pressed meanwhile is answered between them.
PREPARE_STEP_SECONDS = 0.3
# How often (in clock ticks, about seconds) to look for another copy's changes.
DATA_CHECK_TICKS = 2


class Exit(Enum):
    """Why the app ended, for the CLI: quit, or start again in another way."""

    QUIT = "quit"
    OPEN_DEMO = "open_demo"
    SWITCH_LANGUAGE = "switch_language"


class BranchDashApp(ModeSwitchingApp[Exit]):
    TITLE = "branchdash"
    ENABLE_COMMAND_PALETTE = True
    MODES = {entry.mode: entry.factory for entry in SCREENS}
    BINDINGS = [
        *(
            Binding(entry.key, f"switch_mode('{entry.mode}')", f"@{entry.title_key}",
                    id=f"mode.{entry.mode}", tooltip=f"@{entry.help_key}")
            for entry in SCREENS
        ),
        Binding("question_mark", "keys_help", "@app.key.help", id="app.help",
                key_display="?"),
        Binding("ctrl+q", "quit", "@app.key.quit", id="app.quit", priority=True),
        # Declared here (Textual adds an untranslated one otherwise).
        Binding("ctrl+p", "command_palette", "@app.key.palette", id="app.palette", show=False,
                priority=True, tooltip="@help.palette"),
    ]

    # The display mode (`serve`, HQ): what still works; see screens/read_only.py.
    READ_ONLY_ACTIONS = frozenset({"keys_help", "quit", "command_palette", "switch_language"})
    # The wall display's round (`--cycle`): the screens the team looks at together.
    CYCLE_MODES = ("today", "goals", "budget")

    def __init__(self, clock: Clock, *, db_path: Path | None = None, demo: bool = False,
                 tick_seconds: float = 1.0, read_only: bool = False,
                 cycle_seconds: float | None = None, prepare_screens: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.clock = clock
        self.db_path = db_path
        self.demo = demo
        self.watcher = ClockWatcher(clock)
        self.tick_seconds = tick_seconds
        self._branch: BranchInfo | None = None
        self.pending_meeting: str | None = None  # a meeting the Meetings screen is to open
        self.reminders = ReminderNotifier(self)  # fire whichever screen is in view
        self.crash_log: Path | None = None
        self._data_version: int | None = None
        self._ticks_since_check = 0
        self.hidden_modes: set[str] = set()  # screens not offered here (see registry.shown)
        # HQ looking at the branches' data, or the meeting-room screen: never writing.
        self.read_only = read_only
        self._read_only_notice = "serve.read_only" if read_only else "hq.read_only"
        self.cycle_seconds = cycle_seconds
        # What forms hold, kept on disk beside the database (screens/widgets/form_draft.py).
        self.drafts = DraftStore(drafts_dir(db_path)) if db_path is not None else None
        # Python's full garbage collection, run in a quiet moment (branchdash/idle_gc.py).
        self.idle_collector = IdleCollector(clock.monotonic)
        # Build the screens not yet shown while the user reads (screens/mode_switch.py);
        # the CLI turns it on, tests that follow a first visit step by step leave it off.
        self.prepare_screens = prepare_screens
        self._styles_ready = False  # the screens' styles are parsed (preload_screens)
        self._prepare_timer: Timer | None = None  # the next step of building screens

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        if driver.__name__ == "LinuxDriver":  # not one chosen through TEXTUAL_DRIVER
            from branchdash.screens.driver import BranchDriver

            return BranchDriver
        return driver

    def _handle_exception(self, error: Exception) -> None:
        # A full disk or a busy second copy is something the user can act on: say so
        # and keep running (the failed change was rolled back as a whole).
        if is_disk_full(error):
            self.notify(t("app.store.disk_full"), severity="error", timeout=30)
            return
        if is_locked(error):
            self.notify(t("app.store.locked"), severity="warning", timeout=10)
            return
        if self.read_only and is_read_only_error(error):
            self.notify(t(self._read_only_notice), severity="warning", timeout=5)
            return
        if self.is_headless:  # under Pilot: let the test see the failure
            super()._handle_exception(error)
            return
        # Anything else: the details go to a log file, the CLI prints one line.
        self.crash_log = write_crash_log(error)
        self.exit(return_code=1)

    @property
    def branch(self) -> BranchInfo:
        if self._branch is None:
            raise RuntimeError("no branch yet: the welcome screen comes first")
        return self._branch

    # --- start -------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.idle_collector.start()
        self._branch = local_branch()
        self.title = self._branch.name if self._branch else "branchdash"
        self.set_interval(self.tick_seconds, self.poll_clock, name="clock")
        if self.read_only:
            set_read_only(True)
            self.notify(t("serve.display_mode"), timeout=6)
        if self.cycle_seconds:
            self.set_interval(self.cycle_seconds, self.cycle_screens, name="cycle")
        if self.db_path is not None and not self.read_only:
            self.run_daily_backup()
        if self._branch is None:
            self.push_screen(WelcomeScreen(), self._welcomed)
        else:
            self.hidden_modes = {e.mode for e in SCREENS if e.shown and not e.shown()}
            if "hq" in self.hidden_modes:
                self.switch_mode(SCREENS[0].mode)
                if not self.read_only:
                    # After Today's first frame: the check loads the meetings module.
                    self.call_after_refresh(self._reopen_interrupted_meeting)
            else:  # many branches: HQ's database; the branches own their rows
                set_read_only(True)
                self.read_only = True
                self.switch_mode("hq")
        self._install_exit_signals()
        # Screens are imported when first shown; once the first frame is up, the rest
        # are imported in a thread so that a first visit does not wait for it either.
        self.set_timer(0.5, self.preload_screens)

    def on_unmount(self) -> None:
        self.idle_collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.idle_collector.input_seen()
        elif isinstance(event, events.Paste):
            # Into any field: what a copy carried of a terminal's escape sequences
            # and control characters is no part of a name or a note.
            self.idle_collector.input_seen()
            event.text = plain(event.text)
        await super().on_event(event)

    def preload_screens(self) -> None:
        # Their styles too: Textual would parse the whole stylesheet again at each
        # first visit, on the event loop. What the thread reads is copied here.
        self._preload(self.get_css_variables(), dict(self.stylesheet.source))

    @work(thread=True, exit_on_error=False, group="preload",
          description="read the screens' styles")
    def _preload(self, variables: dict[str, str], sources: dict[Any, Any]) -> None:
        from branchdash.screens.style_preload import StylesParsed, full_stylesheet

        preload_screens()
        # A message, not call_from_thread: that would wait on an app that may be closing.
        self.post_message(StylesParsed(full_stylesheet(variables, sources), variables))

    def on_styles_parsed(self, message: Any) -> None:
        from branchdash.screens.style_preload import adopt

        adopt(self, message.sheet, message.variables)
        self._styles_ready = True

    @work(thread=True, exclusive=True, exit_on_error=False, group="backup",
          description="check and back up the store")
    def run_daily_backup(self) -> None:
        """In a thread: drafts of forms long left go; a large file's quick check (small
        ones had theirs before opening); once a day, a backup copy, its full integrity
        check, old ones pruned."""
        assert self.db_path is not None
        if self.drafts is not None:
            self.drafts.prune(self.clock.now())
        if checked_after_start(self.db_path):
            check = quick_check(self.db_path)
            if check != "ok":
                self.call_from_thread(
                    self.notify, t("app.store.damaged", detail=check,
                                   hint=restore_hint(self.db_path)),
                    severity="error", timeout=120)
                return  # no backup of a damaged file over the good ones
        try:
            result = daily_backup(self.db_path)
        except (BackupError, OSError, sqlite3.Error) as error:
            self.call_from_thread(self.notify, t("app.backup.failed", error=str(error)),
                                  severity="error", timeout=30)
            return
        if result is not None and result.integrity != "ok":
            self.call_from_thread(
                self.notify, t("app.backup.damaged", path=str(result.path),
                               detail=result.integrity), severity="error", timeout=60)

    def _welcomed(self, result: BranchInfo | str | None) -> None:
        if result == OPEN_DEMO:
            self.exit(Exit.OPEN_DEMO)
        elif isinstance(result, BranchInfo):
            self._branch = result
            self.title = result.name
            self.switch_mode(SCREENS[0].mode)

    # --- the clock -------------------------------------------------------------------

    def poll_clock(self) -> None:
        """Read the clock and tell the screen in view what changed (tests call this
        after moving a fake clock)."""
        collected = self.idle_collector.tick()
        if self._branch is None or not self.screen_stack:
            return  # not started yet, or shutting down
        self._prepare_screens(at_once=not collected)  # one pause per tick at most
        screen = self._screen_in_view()
        self._check_other_copies()
        clock_events = self.watcher.poll()
        for event in clock_events:
            match event:
                case Tick(now=now):
                    screen.post_message(messages.ClockTick(now))
                    # A form over it tries again a save the store refused (disk full).
                    retry = getattr(self.screen, "retry_refused_save", None)
                    if retry is not None:
                        retry()
                case MinuteChanged(now=now):
                    screen.post_message(messages.MinuteChanged(now))
                case DayChanged(previous=previous, today=today, now=now):
                    self._post_to_all(messages.DayChanged(previous, today, now))
                case WallClockJumped(seconds=seconds, now=now):
                    self._post_to_all(messages.WallClockJumped(seconds, now))
        if not self.read_only:
            self.reminders.poll(clock_events, clock_events[0].now)

    def _screen_in_view(self) -> Screen:
        """The mode's screen under any dialogs: it keeps its clock running while a
        dialog is open over it."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BranchScreen):
                return screen
        return self.screen

    def _check_other_copies(self) -> None:
        """Every couple of seconds: has another copy of the app committed to the file?"""
        self._ticks_since_check += 1
        if self._ticks_since_check < DATA_CHECK_TICKS:
            return
        self._ticks_since_check = 0
        version = data_version()
        if self._data_version is not None and version != self._data_version:
            for stack in self._screen_stacks.values():
                for each in stack:
                    each.post_message(messages.DataChanged())
        self._data_version = version

    def change_token(self) -> tuple[int, int] | None:
        """What screens compare to know whether anything was written meanwhile."""
        return change_token()

    def _post_to_all(self, message: object) -> None:
        # A day change or a jump concerns every screen, not just the one in view:
        # each hidden one marks itself stale and redraws when shown.
        for stack in self._screen_stacks.values():
            for screen in stack:
                screen.post_message(_copy_message(message))

    # --- modes and commands -----------------------------------------------------------

    def _check_action_state(self, action: str, default_namespace: DOMNode) -> bool | None:
        # The footer and the keys help ask here: the display mode hides editing keys
        # of any screen, dialog or widget (screens/read_only.py).
        target, name, _ = self._parse_action(action, default_namespace)
        if self.read_only and not allows(target, name):
            return False
        return super()._check_action_state(action, default_namespace)

    async def run_action(self, action: str | ActionParseResult,
                         default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        # Every key and palette command comes through here: refused in display mode.
        if self.read_only:
            target, name, _ = self._parse_action(
                action, self if default_namespace is None else default_namespace, namespaces)
            if not allows(target, name):
                return False
        return await super().run_action(action, default_namespace, namespaces)

    def _prepare_screens(self, at_once: bool) -> None:
        """While the user reads (no key for a moment), build the branch's screens out of
        view, a step every PREPARE_STEP_SECONDS; not on HQ's database, where each
        branch's are made anew. The clock tick starts the steps again after a key."""
        if self._prepare_timer is not None:
            return  # under way
        if at_once:
            self._prepare_step()
        else:
            self._prepare_timer = self.set_timer(PREPARE_STEP_SECONDS, self._prepare_step,
                                                 name="prepare screens")

    def _prepare_step(self) -> None:
        self._prepare_timer = None
        if (self.prepare_screens and self._styles_ready and self.idle_collector.quiet
                and "hq" not in self._screen_stacks
                and self.prepare_next_screen(self._branch_modes()) is not None):
            self._prepare_timer = self.set_timer(PREPARE_STEP_SECONDS, self._prepare_step,
                                                 name="prepare screens")

    def _branch_modes(self) -> list[str]:
        return [entry.mode for entry in SCREENS
                if entry.shown is None and entry.mode not in self.hidden_modes]

    @property
    def screens_prepared(self) -> bool:
        """Every screen of the branch is built and drawn once, in view or out of it."""
        return self.all_prepared(self._branch_modes())

    def cycle_screens(self) -> None:
        """The wall display: the next of Today, Goals, Budget (not over a dialog)."""
        if self._branch is None or not isinstance(self.screen, BranchScreen):
            return
        modes = [mode for mode in self.CYCLE_MODES if mode not in self.hidden_modes]
        if not modes:
            return
        at = modes.index(self.current_mode) if self.current_mode in modes else -1
        # Textual leaves the footer empty on a new screen while the page has no
        # focus, and a wall display's page seldom has it: count it as focused.
        self.app_focus = True
        self.switch_mode(modes[(at + 1) % len(modes)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode":
            if self._branch is None or (parameters and parameters[0] in self.hidden_modes):
                return False
            if parameters and parameters[0] == self.current_mode:
                return None  # shown greyed: you are here
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self._branch is not None:
            for entry in (e for e in SCREENS if e.mode not in self.hidden_modes):
                yield SystemCommand(
                    f"{entry.key} · {t(entry.title_key)}",
                    t(entry.help_key),
                    lambda mode=entry.mode: self.switch_mode(mode),
                )
        yield SystemCommand(t("app.command.help"), t("app.command.help_help"),
                            self.action_keys_help)
        other = next(lang for lang in LANGUAGES if lang != language())
        yield SystemCommand(t("app.command.language"),
                            t("app.command.language_help", language=t(f"language.{other}")),
                            self.action_switch_language)
        yield SystemCommand(t("app.command.quit"), t("app.command.quit_help"),
                            self.action_quit)
        yield SystemCommand(t("app.command.screenshot"), t("app.command.screenshot_help"),
                            lambda: self.set_timer(0.1, self.deliver_screenshot))

    def action_command_palette(self) -> None:
        # Textual's own palette, with the search prompt in the user's language.
        if self.use_command_palette and not CommandPalette.is_open(self):
            if self.read_only:  # editing commands left out
                self.push_screen(read_only_palette(t("app.palette_search")))
                return
            self.push_screen(CommandPalette(placeholder=t("app.palette_search"),
                                            id="--command-palette"))

    def action_keys_help(self) -> None:
        if isinstance(self.screen, KeysHelp):
            return
        self.push_screen(KeysHelp(self._help_rows()))

    def _help_rows(self) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        app_group = t("help.group.app")
        for _key, binding in self._bindings:
            _target, name, parameters = self._parse_action(binding.action, self)
            if self.check_action(name, parameters) is False:
                continue  # a screen not offered here (HQ's roll-up on a branch laptop)
            if binding.action == "command_palette":
                rows.append((app_group, self.get_key_display(binding), t("help.palette")))
            elif binding.description:
                rows.append((app_group, self.get_key_display(binding), binding.description))
        screen = self.screen
        if screen is not self.screen_stack[0] or self._branch is not None:
            group = t("help.group.screen", screen=t(getattr(screen, "TITLE_KEY", "") or
                                                    "mode.today"))
            # What is active on the screen: its own keys and those of the focused
            # widget and its parents (a tab's keys, a list's keys), app keys excluded.
            seen = {(key, binding.action) for key, binding in self._bindings}
            for key, active in screen.active_bindings.items():
                binding = active.binding
                if (key, binding.action) in seen or not binding.description:
                    continue
                if active.node is self or not binding.show:
                    continue
                seen.add((key, binding.action))
                rows.append((group, self.get_key_display(binding), binding.description))
        return rows

    def view_branch(self, branch: BranchInfo) -> None:
        """From HQ's roll-up: that branch's screens, made anew for it, read-only."""
        self._branch = branch
        for entry in SCREENS:
            if entry.mode != self.current_mode and entry.mode in self._screen_stacks:
                self.remove_mode(entry.mode)
                self.add_mode(entry.mode, entry.factory)
        self.switch_mode(SCREENS[0].mode)
        self.notify(t("hq.viewing", branch=branch.name), timeout=4)

    def action_switch_language(self) -> None:
        self.exit(Exit.SWITCH_LANGUAGE)

    async def action_quit(self) -> None:
        self.flush_drafts()
        self.exit(Exit.QUIT)

    # --- meetings: open one, never lose a draft -------------------------------------------

    def action_open_meeting(self, block_id: str) -> None:
        """Open (making it if needed) the meeting of a Today block, cursor in the notes."""
        from branchdash.meetings import meeting_for_block

        self.pending_meeting = meeting_for_block(self.branch.id, block_id).id
        self.switch_mode("meetings")

    def _reopen_interrupted_meeting(self) -> None:
        from branchdash.meetings import interrupted_meeting

        meeting_id = interrupted_meeting(self.branch.id)
        if meeting_id is not None:  # killed mid-meeting last time: back to those notes
            self.pending_meeting = meeting_id
            self.switch_mode("meetings")

    def flush_drafts(self) -> None:
        """Save what any screen holds unsaved (notes being typed) before the app stops."""
        if self.read_only:
            return  # nothing was typed, and nothing may be written
        for stack in self._screen_stacks.values():
            for screen in stack:
                flush = getattr(screen, "flush_drafts", None)
                if flush is not None:
                    flush()

    def _install_exit_signals(self) -> None:
        # Closing the terminal sends SIGHUP; a logout or `kill` sends SIGTERM.
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(number, self._exit_on_signal)

    def _exit_on_signal(self) -> None:
        try:
            self.flush_drafts()
        finally:
            self.exit(Exit.QUIT)


def _copy_message(message: object) -> object:
    """Messages are delivered once; each screen gets its own copy."""
    if isinstance(message, messages.DayChanged):
        return messages.DayChanged(message.previous, message.today, message.now)
    if isinstance(message, messages.WallClockJumped):
        return messages.WallClockJumped(message.seconds, message.now)
    raise TypeError(message)
