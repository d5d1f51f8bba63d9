"""The Goals screen's figures: the month by team or by partner, in one LineTable.

The teams and the partners share the one table, so that switching between them
changes its rows only, not the widgets in view, the focus or the footer. Each
view's rows (and the lines drawn of them) are kept with the figures they were
made from: back on a view with the same figures, they are put back as they were
(`p`, `t`, `p` makes the partners' rows once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .line_table import Cell, LineTable, TableContent

# A view's columns, its rows and the columns aligned right.
Figures = tuple[Sequence[str], Sequence[Sequence[Cell]], set[int]]


class GoalTable(LineTable):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._kept: dict[str, tuple[object, TableContent]] = {}

    def show_figures(self, labels: Sequence[str], rows: Sequence[Sequence[Cell]],
                     right: set[int]) -> None:
        """Replace the columns and rows; the cursor goes back to the first row."""
        self._show(_content((labels, rows, right)))

    def show_view(self, view: str, source: object, make: Callable[[], Figures]) -> None:
        """Show the view's figures: made by `make()`, unless they were made before from
        this same `source`; the cursor goes back to the first row."""
        self._show(self.prepare_view(view, source, make))

    def prepare_view(self, view: str, source: object, make: Callable[[], Figures]
                     ) -> TableContent:
        """The view's rows made ahead (from figures read ahead), to be shown at once."""
        kept = self._kept.get(view)
        if kept is None or kept[0] is not source:
            kept = (source, _content(make()))
            self._kept[view] = kept
        return kept[1]

    def _show(self, content: TableContent) -> None:
        self.use_content(content)
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)

    def clear(self) -> None:
        self.set_columns([], None)


def _content(figures: Figures) -> TableContent:
    labels, rows, right = figures
    return TableContent.make(labels, right, [(str(index), row) for index, row in enumerate(rows)])
