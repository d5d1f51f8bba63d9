"""Nothing typed is lost: the real app in a pseudo-terminal, typed into, then killed.

SIGKILL gives the app no chance to save: what is on disk is what autosave wrote,
which must hold everything typed up to a second before the kill. SIGHUP (the
terminal closing) and SIGTERM are caught: everything typed, to the last key.
The next start reopens the interrupted meeting's notes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.tools.pty_app import AppInPty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

# The promise: saved at most about a second after a keystroke.
SAVE_BOUND_SECONDS = 1.0


def stored_notes(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT text, draft FROM meeting_note").fetchall()


def start(path: Path, home: Path) -> AppInPty:
    app = AppInPty(path, home)
    app.wait_for("Today")
    time.sleep(0.5)
    return app


def open_notes(app: AppInPty) -> None:
    app.type("4")
    app.wait_for("Not started")  # the Meetings screen, a new meeting's notes
    time.sleep(0.3)


def type_lines(app: AppInPty, lines: list[str], delay: float = 0.02) -> str:
    """Type lines (Enter between them) and wait until the last one is on screen, that is,
    in the app's editor. Returns the text as the editor holds it."""
    app.type("\r".join(lines), delay=delay)
    app.wait_for(lines[-1])
    return "\n".join(lines)


def saved_now(path: Path) -> str:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=5) as conn:
        row = conn.execute("SELECT text FROM meeting_note").fetchone()
    return row[0] if row else ""


def test_continuous_typing_is_saved_while_it_goes_on(branch_file: Path,
                                                     tmp_path: Path) -> None:
    """The maximum wait: typing that never pauses is still saved as it goes (a debounce
    alone would write nothing until the typing stopped)."""
    app = start(branch_file, tmp_path)
    open_notes(app)
    typed = "never a pause in this typing " * 7
    seen: list[str] = []
    for char in typed:
        os.write(app.master, char.encode())
        time.sleep(0.025)
        text = saved_now(branch_file)
        if text and (not seen or seen[-1] != text):
            seen.append(text)
    app.stop(signal.SIGKILL)
    print(f"\n{len(typed)} keys in one burst; {len(seen)} saves seen on disk while typing")
    assert len(seen) >= 3
    assert all(typed.startswith(text) for text in seen)  # each save is exactly what was typed
    assert typed.startswith(saved_now(branch_file))


def test_sigkill_keeps_everything_typed_up_to_the_last_second(branch_file: Path,
                                                              tmp_path: Path) -> None:
    app = start(branch_file, tmp_path)
    open_notes(app)
    first = type_lines(app, ["- [ ] call the new partners @Kim ~12/1",
                             "! visits before noon", "> brochure for every seller"])
    time.sleep(SAVE_BOUND_SECONDS + 0.3)
    app.type("and then a few more keys")  # within the last second: may be lost
    app.stop(signal.SIGKILL)
    (text, draft), = stored_notes(branch_file)
    assert text.startswith(first)
    assert (first + "and then a few more keys").startswith(text)
    assert draft == text  # typing was under way: the next start knows to reopen it

    # The next start goes straight back to those notes, cursor where it was.
    again = AppInPty(branch_file, tmp_path)
    again.wait_for("reopened")
    time.sleep(0.3)
    more = text + type_lines(again, [" MORE"])[0:]
    time.sleep(SAVE_BOUND_SECONDS + 0.3)
    again.stop(signal.SIGKILL)
    (after, _draft), = stored_notes(branch_file)
    assert after == more


def test_sighup_saves_to_the_last_keystroke(branch_file: Path, tmp_path: Path) -> None:
    app = start(branch_file, tmp_path)
    open_notes(app)
    typed = type_lines(app, ["! decided: visits before noon", "> tell sellers: new brochure"],
                       delay=0.01)
    app.stop(signal.SIGHUP)  # at once: long before the autosave would
    (text, draft), = stored_notes(branch_file)
    assert text == typed
    assert draft == ""  # a clean save: nothing to recover next time


def test_sigterm_saves_to_the_last_keystroke(branch_file: Path, tmp_path: Path) -> None:
    app = start(branch_file, tmp_path)
    open_notes(app)
    typed = type_lines(app, ["last words"], delay=0.01)
    app.stop(signal.SIGTERM)
    assert app.process.returncode == 0
    (text, _draft), = stored_notes(branch_file)
    assert text == typed


def test_quit_saves_to_the_last_keystroke(branch_file: Path, tmp_path: Path) -> None:
    app = start(branch_file, tmp_path)
    open_notes(app)
    typed = type_lines(app, ["typed then quit"], delay=0.01)
    os.write(app.master, b"\x11")  # ctrl+q
    app.process.wait(timeout=20)
    os.close(app.master)
    (text, draft), = stored_notes(branch_file)
    assert (text, draft) == (typed, "")
