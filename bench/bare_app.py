"""The baseline every bench compares against: a bare Textual app, a header clock and a label."""

from textual.app import App, ComposeResult
from textual.widgets import Header, Label


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header(show_clock=True)
        yield Label("bare app ready")


if __name__ == "__main__":
    BareApp().run()
