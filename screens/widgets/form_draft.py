"""The base of every form: what is typed survives a crash, and a full disk loses nothing.

A `DraftForm` (a ModalScreen):
- writes its fields to a draft file half a second after each change, and at once
  when the app stops (quit, SIGHUP, SIGTERM call `flush_drafts` on every screen on
  the stacks, dialogs included);
- on opening, fills its fields from the draft left for the same form key (the app
  was killed with the form open) and says so;
- on saving, when the store is full or locked, stays open with everything typed,
  says so in words (never the chained sqlite/peewee text), and tries the same save
  again on each clock tick until it goes through, then says "saved". The failed
  write was one transaction, rolled back whole: nothing is half-written.
- removes its draft when it saves or is cancelled.

What a form does: subclass `DraftForm[T]`, name its draft (`draft_key`), call its
save `save_form` (this base's `action_save` runs it and catches the store's
failure), name its message line (`MESSAGE_ID`). A form whose caller writes in the
dismiss callback sets `SAVE_IN_CALLBACK`: the callback then runs before the form
closes, so that a refused write leaves the form open. Forms whose fields are not
Input/Select/TextArea/Checkbox override `draft_values`/`restore_values` and call
`note_change`.
"""

from __future__ import annotations

import inspect
from typing import ClassVar, TypeVar

from textual import on
from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from branchdash.crashlog import is_disk_full, is_locked
from branchdash.drafts import DraftStore, DraftValues
from branchdash.i18n import t

T = TypeVar("T")

DEBOUNCE_SECONDS = 0.5
# Clock ticks (about seconds) between two tries of a refused save. A locked file
# has already waited out the busy timeout on each try: not every second then.
RETRY_TICKS = {"full": 1, "locked": 10}
FIELDS = "Input, Select, TextArea, Checkbox"


def store_problem(error: BaseException) -> str | None:
    """"full" or "locked" when the store refused a write the user can wait out."""
    if is_disk_full(error):
        return "full"
    if is_locked(error):
        return "locked"
    return None


class DraftForm(ModalScreen[T]):
    """A form whose typed values are kept until they are saved (see the module)."""

    # The form's message line (a Static), where "disk full, kept" is shown.
    MESSAGE_ID: ClassVar[str] = ""
    # The caller writes in the dismiss callback (the form only checks the values).
    SAVE_IN_CALLBACK: ClassVar[bool] = False
    # Enter in any of its text fields saves the form.
    ENTER_SAVES: ClassVar[bool] = False

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._as_opened: DraftValues | None = None  # as opened: no draft needed for these
        self._draft_timer: Timer | None = None
        self._form_closed = False
        self.pending: str | None = None  # "full"/"locked": a refused save to try again
        self._retry_in = 0
        self._refused = False  # a save was refused since the form opened

    # --- what a form says about itself ----------------------------------------------------

    def draft_key(self) -> str:
        """Which form, and which row it edits: the draft of another row is not restored."""
        return type(self).__name__

    def save_form(self) -> None:
        """Check and save (the form's own save); may raise the store's errors."""
        raise NotImplementedError

    def draft_values(self) -> DraftValues:
        values: DraftValues = {}
        for widget in self.query(FIELDS):
            if not widget.id:
                continue
            if isinstance(widget, Input):
                values[widget.id] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Checkbox):
                values[widget.id] = widget.value
            elif isinstance(widget, Select):
                value = widget.value
                values[widget.id] = value if isinstance(value, str | int) and \
                    not isinstance(value, bool) else None
        return values

    def restore_values(self, values: DraftValues) -> None:
        for widget in self.query(FIELDS):
            if not widget.id or widget.id not in values:
                continue
            value = values[widget.id]
            try:
                if isinstance(widget, Input) and isinstance(value, str):
                    widget.value = value
                elif isinstance(widget, TextArea) and isinstance(value, str):
                    widget.load_text(value)
                elif isinstance(widget, Checkbox) and isinstance(value, bool):
                    widget.value = value
                elif isinstance(widget, Select) and value is not None:
                    widget.value = value  # refused when no longer a choice: left as is
            except Exception:  # noqa: BLE001 - a stale choice must not stop the form
                continue

    # --- the draft ------------------------------------------------------------------------

    @property
    def drafts(self) -> DraftStore | None:
        if getattr(self.app, "read_only", False):
            return None
        store = getattr(self.app, "drafts", None)
        return store if isinstance(store, DraftStore) else None

    def on_mount(self) -> None:
        # Runs after the form's own on_mount (Textual calls each class's handler).
        self._as_opened = self.draft_values()
        store = self.drafts
        draft = store.load(self.draft_key()) if store is not None else None
        if store is None or draft is None:
            return
        if draft.values == self._as_opened:
            store.discard(draft.key)
            return
        self.restore_values(draft.values)
        self.notify(t("drafts.restored"), timeout=8)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self) -> None:
        self.note_change()

    def note_change(self) -> None:
        """Something was typed: write the draft once typing pauses."""
        if self._form_closed or self._as_opened is None or self.drafts is None:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DEBOUNCE_SECONDS, self.write_draft)

    def write_draft(self) -> None:
        self._draft_timer = None
        store = self.drafts
        if store is None or self._form_closed or self._as_opened is None or not self.is_mounted:
            return
        values = self.draft_values()
        if values == self._as_opened and self.pending is None:
            store.discard(self.draft_key())
        else:
            store.save(self.draft_key(), values)

    def flush_drafts(self) -> None:
        """The app is stopping: keep what is typed now."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.write_draft()

    # --- saving ---------------------------------------------------------------------------

    @on(Input.Submitted)
    def _enter_pressed(self) -> None:
        if self.ENTER_SAVES:
            self.action_save()

    def action_save(self) -> None:
        self.pending = None
        try:
            self.save_form()
        except Exception as error:
            problem = store_problem(error)
            if problem is None:
                raise
            self._keep(problem)

    def _keep(self, problem: str) -> None:
        """The store refused the save: the form stays open and tries again."""
        first = not self._refused
        self._refused = True
        self.pending = problem
        self._retry_in = RETRY_TICKS[problem]
        self.write_draft()  # on disk if the disk still takes a small file
        text = t("drafts.kept_full") if problem == "full" else t("drafts.kept_locked")
        self._say(text)
        if first:
            self.notify(text, severity="error" if problem == "full" else "warning",
                        timeout=15)

    def _say(self, text: str) -> None:
        found = self.query(self.MESSAGE_ID) if self.MESSAGE_ID else None
        if found:
            found.first(Static).update(text)

    def retry_refused_save(self) -> None:
        """Each clock tick (the app calls this on the screen on top)."""
        if self.pending is None or self._form_closed:
            return
        self._retry_in -= 1
        if self._retry_in <= 0:
            self.action_save()

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        if self._form_closed:
            return super().dismiss(result)
        saved = result is not None and result is not False
        if saved and self.SAVE_IN_CALLBACK:
            self._call_back_now(result)  # a refused write raises: the form stays open
        self._form_closed = True
        self.pending = None
        if self._draft_timer is not None:
            self._draft_timer.stop()
        store = self.drafts
        if store is not None:
            store.discard(self.draft_key())
        if saved and self._refused:
            self.notify(t("drafts.saved_later"), timeout=8)
        return super().dismiss(result)

    def _call_back_now(self, result: T) -> None:
        """Run the caller's callback with the form still open (Textual would run it
        after closing the form, when a refusal could no longer keep what was typed)."""
        callbacks = getattr(self, "_result_callbacks", None)
        if not callbacks:
            return
        waiting = callbacks[-1]
        callback = getattr(waiting, "callback", None)
        if callback is None:
            return
        outcome = callback(result)
        waiting.callback = None  # done: Textual is not to call it again on dismiss
        if inspect.isawaitable(outcome):  # an async callback: run where Textual would
            waiting.requester.call_next(lambda: outcome)
