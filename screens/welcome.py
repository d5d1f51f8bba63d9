"""First start on an empty database: create the branch, or look at the demo branch first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from branchdash.data.branches import BranchInfo, code_from_name, create_branch
from branchdash.i18n import t

from .widgets.translated import translate_bindings

OPEN_DEMO = "demo"


class WelcomeScreen(Screen[BranchInfo | str]):
    """Dismisses with the new branch, or `OPEN_DEMO`."""

    DEFAULT_CSS = """
    WelcomeScreen {
        align: center middle;
    }
    WelcomeScreen > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        border: round $accent;
        padding: 0 2;
    }
    WelcomeScreen #welcome-title { text-style: bold; margin: 1 0; }
    WelcomeScreen Label { margin-top: 1; }
    WelcomeScreen #welcome-error { color: $error; height: auto; }
    WelcomeScreen #welcome-error { display: none; }
    WelcomeScreen Horizontal { height: auto; margin-top: 1; }
    WelcomeScreen Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+o", "open_demo", "@welcome.open_demo", id="welcome.demo", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("welcome.title"), id="welcome-title")
            yield Static(t("welcome.intro"))
            yield Label(t("welcome.name_label"))
            yield Input(placeholder=t("welcome.name_placeholder"), id="branch-name",
                        max_length=60)
            yield Label(t("welcome.code_label"))
            yield Input(placeholder=t("welcome.code_placeholder"), id="branch-code",
                        max_length=32)
            yield Static("", id="welcome-error")
            with Horizontal():
                yield Button(t("welcome.create"), id="create", variant="primary")
                yield Button(t("welcome.open_demo"), id="demo")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#branch-name", Input).focus()

    @on(Input.Changed, "#branch-name")
    def _suggest_code(self, event: Input.Changed) -> None:
        self.query_one("#branch-code", Input).placeholder = (
            code_from_name(event.value) if event.value.strip() else t("welcome.code_placeholder")
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        name = self.query_one("#branch-name", Input).value.strip()
        code = self.query_one("#branch-code", Input).value.strip() or code_from_name(name)
        if not name:
            self._show_error(t("welcome.error.name"))
            self.query_one("#branch-name", Input).focus()
            return
        try:
            branch = create_branch(name, code)
        except ValueError:
            self._show_error(t("welcome.error.code_taken", code=code))
            self.query_one("#branch-code", Input).focus()
            return
        self.dismiss(branch)

    def _show_error(self, text: str) -> None:
        error = self.query_one("#welcome-error", Static)
        error.update(text)
        error.display = True

    @on(Button.Pressed, "#demo")
    def action_open_demo(self) -> None:
        self.dismiss(OPEN_DEMO)
