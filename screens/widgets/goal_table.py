"""The Goals screen's figures: the month by team or by partner, in one LineTable.

The teams and the partners share the one table, so that switching between them
changes its rows only, not the widgets in view, the focus or the footer.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from .line_table import LineTable


class GoalTable(LineTable):
    def show_figures(self, labels: Sequence[str], rows: Sequence[Sequence[str]],
                     right: set[int]) -> None:
        """Replace the columns and rows; the cursor goes back to the first row."""
        self.set_columns(labels, right,
                         [(str(index), [Text(cell) for cell in row])
                          for index, row in enumerate(rows)])
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)

    def clear(self) -> None:
        self.set_columns([], None)
