"""The weekly routine (the template each date's blocks are made from), one weekday at a time."""

from __future__ import annotations

from pendulum import Date
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from branchdash import schedule
from branchdash.i18n import t, title
from branchdash.schedule import BlockInput, ScheduleError, TemplateBlock

from .block_form import BlockForm, ConfirmDialog
from .translated import translate_bindings


class RoutineEditor(ModalScreen[bool]):
    """Dismisses with True when the routine was changed."""

    DEFAULT_CSS = """
    RoutineEditor { align: center middle; }
    RoutineEditor > Vertical {
        width: 80;
        max-width: 100%;
        height: 1fr;  /* 100% would cover the footer */
        background: $surface;
        border: round $accent;
        padding: 0 1;
    }
    RoutineEditor #routine-title { text-style: bold; height: auto; }
    RoutineEditor #routine-hint { color: $text-muted; height: auto; margin-bottom: 1; }
    RoutineEditor #routine-list { height: 1fr; border: none; }
    RoutineEditor #routine-message { height: auto; color: $error; }
    """
    BINDINGS = [
        Binding("left,h,[", "weekday(-1)", "@today.routine.previous_weekday",
                id="routine.previous"),
        Binding("right,l,]", "weekday(1)", "@today.routine.next_weekday", id="routine.next"),
        Binding("a", "add", "@today.key.add", id="routine.add"),
        Binding("e,enter", "edit", "@today.key.edit", id="routine.edit"),
        Binding("d,delete", "delete", "@today.key.delete", id="routine.delete"),
        Binding("escape,r", "close", "@today.form.close", id="routine.close"),
    ]

    def __init__(self, branch_id: str, today: Date, weekday: int) -> None:
        super().__init__()
        translate_bindings(self)
        self.branch_id = branch_id
        self.today = today
        self.weekday = weekday
        self.changed = False
        self._blocks: list[TemplateBlock] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="routine-title", markup=False)
            yield Static(t("today.routine.hint"), id="routine-hint", markup=False)
            yield OptionList(id="routine-list")
            yield Static("", id="routine-message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.draw()
        self.query_one("#routine-list", OptionList).focus()

    def draw(self, keep: str | None = None) -> None:
        self._blocks = schedule.template_blocks(self.branch_id, self.weekday)
        self.query_one("#routine-title", Static).update(
            t("today.routine.title", weekday=t(f"today.weekday.{self.weekday}")))
        listing = self.query_one("#routine-list", OptionList)
        previous = listing.highlighted
        options: list[Option] = []
        for block in self._blocks:
            line = Text()
            line.append(f"{block.start:%H:%M}–{block.end:%H:%M}  ")
            line.append(title(block.title), style="bold" if block.kind == "meeting" else "")
            line.append(f"  {t('block_kind.' + block.kind)}", style="dim")
            options.append(Option(line, id=block.id))
        if not options:
            options.append(Option(Text(t("today.routine.empty"), style="italic"),
                                  disabled=True))
        listing.set_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        elif self._blocks:
            listing.highlighted = min(previous or 0, len(self._blocks) - 1)

    def _selected(self) -> TemplateBlock | None:
        listing = self.query_one("#routine-list", OptionList)
        option = listing.highlighted_option
        if option is None or option.id is None:
            return None
        return next((b for b in self._blocks if b.id == option.id), None)

    def action_weekday(self, step: int) -> None:
        self.weekday = (self.weekday + step) % 7
        self.query_one("#routine-message", Static).update("")
        self.draw()

    def action_add(self) -> None:
        heading = t("today.routine.add_title",
                    weekday=t(f"today.weekday.{self.weekday}"))
        self.app.push_screen(BlockForm(heading), self._added)

    def _added(self, data: BlockInput | None) -> None:
        if data is None:
            return
        new_id = self._write(lambda: schedule.add_template_block(
            self.branch_id, self.weekday, data, self.today))
        self.draw(keep=new_id if isinstance(new_id, str) else None)

    def action_edit(self) -> None:
        block = self._selected()
        if block is None:
            return
        heading = t("today.routine.edit_title", weekday=t(f"today.weekday.{self.weekday}"))
        self.app.push_screen(BlockForm(heading, block),
                             lambda data: self._edited(block.id, data))

    def _edited(self, block_id: str, data: BlockInput | None) -> None:
        if data is None:
            return
        self._write(lambda: schedule.update_template_block(block_id, data, self.today))
        self.draw(keep=block_id)

    def action_delete(self) -> None:
        block = self._selected()
        if block is None:
            return
        question = t("today.routine.delete_question", title=title(block.title),
                     weekday=t(f"today.weekday.{self.weekday}"))
        self.app.push_screen(ConfirmDialog(question),
                             lambda yes: self._deleted(block.id, bool(yes)))

    def _deleted(self, block_id: str, yes: bool) -> None:
        if yes:
            self._write(lambda: schedule.delete_template_block(block_id, self.today))
            self.draw()

    def _write(self, change: object) -> object:
        try:
            result = change()  # type: ignore[operator]
        except ScheduleError as error:
            self.query_one("#routine-message", Static).update(error.message())
            return None
        self.changed = True
        self.query_one("#routine-message", Static).update("")
        return result

    def action_close(self) -> None:
        self.dismiss(self.changed)
