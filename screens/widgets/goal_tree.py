"""The goals cascade as a tree: year, months, weeks, days, each with its figures in columns.

Columns line up across levels: the label column narrows by the tree's indent
at each level, so the numbers stand under one heading line (`heading()`).

Textual's Tree throws away every line it drew at any style update, the focus
coming or going among them: back on the tree from the month's tables (`c`), it drew
them all again, 30 ms and more at region scale. Its drawn lines are kept by the
focus state they were drawn in; only a change of the styles themselves (another
theme) or of the width throws them away.
"""

from __future__ import annotations

from collections.abc import Callable

from pendulum import Date
from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from branchdash.goals import PeriodRow
from branchdash.i18n import format_won, t, weekday_short

from .hidden_blur import RestyleHiddenAfterFrame

GUIDE = 4
LABEL_WIDTH = 22
VALUE_WIDTH = 15
PERCENT_WIDTH = 7
COLUMNS = ("needed", "actual", "percent", "pace", "per_day", "plan")


def _pad(text: str, width: int, right: bool = True) -> str:
    gap = max(0, width - cell_len(text))
    return " " * gap + text if right else text + " " * gap


def _fit(text: str, width: int) -> str:
    while cell_len(text) > width and text:
        text = text[:-1]
    return text


class GoalTree(Tree[PeriodRow], RestyleHiddenAfterFrame):
    """Fill with `show(row, metric)`; asks `load_month(row)` for the weeks of a month
    opened for the first time."""

    DEFAULT_CSS = """
    GoalTree { scrollbar-gutter: stable; }
    """

    def __init__(self, load_month: Callable[[PeriodRow], PeriodRow | None], **kwargs: object
                 ) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.guide_depth = GUIDE
        self.load_month = load_month
        self.metric = "sales_won"
        self.today: Date | None = None
        self._looks: dict[object, object] = {}  # the styles seen in each focus state
        self._width = -1  # the width the lines were drawn at
        self._look_checked = False  # the styles compared since they last changed

    def _on_resize(self, event: events.Resize) -> None:
        # The Tree forgets every line on a Resize, also one it gets shown again at the
        # size it had (`c`): only a new width needs the lines drawn anew.
        event.prevent_default()
        self._line_cache.grow(event.size.height)
        if event.size.width != self._width:
            self._width = event.size.width
            self._invalidate()

    def notify_style_update(self) -> None:
        Widget.notify_style_update(self)  # not the Tree's, which forgets every line
        # Checked when next drawn: a tree being hidden (`p`, `t`) is not drawn at all.
        self._look_checked = False

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._look_checked:
            self._look_checked = True
            self._check_look()
        return super().render_lines(crop)

    def _check_look(self) -> None:
        """Forget the drawn lines if the styles changed for the state they were drawn in."""
        state = self.get_pseudo_class_state()
        try:
            look = (self.rich_style, *((self.get_component_rich_style(name, partial=True),
                                        self.get_component_styles(name).color)
                                       for name in sorted(self.COMPONENT_CLASSES)))
        except KeyError:  # the component styles not set yet (the tree being mounted)
            self._looks = {}
            self._invalidate()
            return
        seen = self._looks.get(state)
        if seen is None:
            # Lines are cached by the state they were drawn in: none in this one yet.
            self._looks[state] = look
        elif seen != look:
            self._looks = {state: look}
            self._invalidate()

    # --- text ---------------------------------------------------------------------------------

    def amount(self, value: int | None, signed: bool = False) -> str:
        if value is None:
            return "—"
        sign = "+" if signed and value > 0 else ""
        if self.metric == "sales_won":
            return sign + format_won(value)
        return f"{sign}{value:,}"

    def period_label(self, row: PeriodRow) -> str:
        if row.period == "year":
            return t("goals.tree.year", year=row.start.year)
        if row.period == "month":
            return t(f"month.short.{row.start.month}")  # the year is on the line above
        if row.period == "week":
            if row.start == row.end:
                return f"{row.start.month}/{row.start.day}"
            return f"{row.start.month}/{row.start.day}–{row.end.day}"
        return t("goals.tree.day", day=row.start.day, weekday=weekday_short(row.start))

    def line(self, row: PeriodRow, depth: int) -> Text:
        width = LABEL_WIDTH - GUIDE * depth
        label = _fit(self.period_label(row), width)
        is_today = self.today is not None and row.start <= self.today <= row.end
        text = Text(_pad(label, width, right=False),
                    style="bold" if is_today and row.period == "day" else "")
        text.append(_pad(self.amount(row.needed), VALUE_WIDTH), style="bold")
        text.append(_pad(self.amount(row.actual), VALUE_WIDTH))
        percent = row.percent
        text.append(_pad("" if percent is None else f"{percent}%", PERCENT_WIDTH))
        if row.pace is None:
            text.append(_pad("", VALUE_WIDTH))
        else:
            text.append(_pad(self.amount(row.pace, signed=True), VALUE_WIDTH),
                        style="green" if row.pace >= 0 else "red")
        text.append(_pad("" if row.per_day is None else self.amount(row.per_day), VALUE_WIDTH))
        plan_style = "dim" if row.plan == row.needed else "yellow"
        text.append(_pad(self.amount(row.plan), VALUE_WIDTH), style=plan_style)
        if row.original != row.plan:
            text.append("  " + t("goals.tree.was", amount=self.amount(row.original)),
                        style="dim")
        return text

    @staticmethod
    def heading() -> Text:
        text = Text(_pad(t("goals.col.period"), LABEL_WIDTH + GUIDE, right=False),
                    style="bold")
        for column in COLUMNS:
            width = PERCENT_WIDTH if column == "percent" else VALUE_WIDTH
            text.append(_pad(_fit(t(f"goals.col.{column}"), width - 1), width), style="bold")
        return text

    # --- filling -------------------------------------------------------------------------------

    def show(self, year_row: PeriodRow, metric: str, today: Date,
             open_month: Date | None) -> None:
        self.metric = metric
        self.today = today
        self.clear()
        root = self.root
        root.set_label(self.line(year_row, 0))
        root.data = year_row
        root.expand()
        focus: TreeNode[PeriodRow] | None = None
        for month in year_row.children:
            node = root.add(self.line(month, 1), data=month, allow_expand=True)
            if month.children:
                self._add_weeks(node, month)
                if open_month is not None and month.start == open_month:
                    node.expand()
                    focus = node
                    for week in node.children:
                        if week.data is not None and week.data.start <= today <= week.data.end:
                            week.expand()
                            focus = next((d for d in week.children if d.data is not None
                                          and d.data.start == today), week)
        if focus is not None:
            # After the layout, so that the cursor's line is scrolled into view.
            self.call_after_refresh(self.move_cursor, focus)

    def _add_weeks(self, node: TreeNode[PeriodRow], month: PeriodRow) -> None:
        for week in month.children:
            week_node = node.add(self.line(week, 2), data=week)
            for day in week.children:
                week_node.add_leaf(self.line(day, 3), data=day)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[PeriodRow]) -> None:
        node = event.node
        row = node.data
        if row is None or row.period != "month" or node.children:
            return
        detail = self.load_month(row)
        if detail is not None and detail.children:
            node.data = detail
            self._add_weeks(node, detail)
