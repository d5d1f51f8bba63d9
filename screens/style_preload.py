"""Every screen's style sheet parsed once, in a thread, before the user opens them.

Textual adds a screen's CSS file to the app's stylesheet the first time the screen is
shown, and then parses the whole stylesheet again, from scratch, on the event loop:
100–400 ms before the screen's first frame. Here the app's stylesheet is made once
with every screen's file, parsed in a thread, and swapped in on the event loop;
Textual then finds each file already there when a screen first opens.

Only the screens' files: the default CSS of widget classes is left to Textual, which
adds it as widgets first mount and parses just that (adding all of it here would slow
every restyle, which looks at every rule of the sheet).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import CssSource, Stylesheet
from textual.message import Message
from textual.screen import Screen

Location = tuple[str, str]


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _css_file(screen_class: type[Screen[object]], name: str) -> Path:
    # Resolved as Textual resolves a screen's CSS_PATH, so that the stylesheet finds it.
    path = Path(name)
    if path.is_absolute():
        return path
    base = getattr(screen_class, "_BASE_PATH", None) or inspect.getfile(screen_class)
    return (Path(base).parent / path).resolve()


def screen_css_files() -> list[Path]:
    files: list[Path] = []
    for screen_class in _subclasses(Screen):
        names = screen_class.__dict__.get("CSS_PATH")
        for name in [names] if isinstance(names, (str, Path)) else names or []:
            files.append(_css_file(screen_class, name))
    return files


def full_stylesheet(variables: dict[str, str], sources: dict[Location, CssSource]) -> Stylesheet:
    """The app's sources and every screen's CSS file, parsed (run in a thread: it
    reads only classes and files)."""
    sheet = Stylesheet(variables=variables)
    for location, source in sources.items():
        sheet.add_source(source.content, read_from=location, is_default_css=source.is_defaults,
                         tie_breaker=source.tie_breaker, scope=source.scope)
    for path in screen_css_files():
        if not sheet.has_source(str(path)):
            sheet.read(path)
    sheet.parse()
    return sheet


class StylesParsed(Message):
    """From the thread to the app: the full stylesheet is ready to adopt."""

    def __init__(self, sheet: Stylesheet, variables: dict[str, str]) -> None:
        super().__init__()
        self.sheet = sheet
        self.variables = variables


def adopt(app: App[object], sheet: Stylesheet, variables: dict[str, str]) -> None:
    """On the event loop: the parsed stylesheet becomes the app's. A source the app
    added while the thread worked is carried over (parsed on its next use)."""
    if app.get_css_variables() != variables:
        return  # the theme changed meanwhile: the app's own sheet has the right colours
    for location, source in app.stylesheet.source.items():
        if location not in sheet.source:
            sheet.add_source(source.content, read_from=location, is_default_css=source.is_defaults,
                             tie_breaker=source.tie_breaker, scope=source.scope)
    app.stylesheet = sheet
    app.stylesheet.update(app)
