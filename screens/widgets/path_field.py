"""The file path typed into a dialog, checked the same way by every dialog that reads
or writes a file (partners' CSV import and export, the budget's month report)."""

from __future__ import annotations

from pathlib import Path

from textual.screen import ModalScreen
from textual.widgets import Input, Static

from branchdash.csvio import CsvError, user_path


def typed_path(dialog: ModalScreen[object], empty_message: str) -> Path | None:
    """The file named in the dialog's #path field, or None once #form-error says what
    is wrong with it (`empty_message` when nothing is typed)."""
    text = dialog.query_one("#path", Input).value.strip()
    try:
        if not text:
            raise CsvError(empty_message)
        return user_path(text)
    except CsvError as error:
        dialog.query_one("#form-error", Static).update(str(error))
        return None
