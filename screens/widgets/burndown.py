"""A burn-down chart in the terminal: remaining budget by day against the plan.

Drawn cell by cell to the widget's size: the actual remaining budget as bars
(eighth blocks give the tops a finer edge), the plan as a line over them, the
two projections from today to the month's end (the month's rate and the last
7 days' rate), today's column marked, the zero line when a projection goes
below it. The legend is the last line.

The widget draws its lines itself (Textual's line API): handed a Text of the
whole chart, Textual would take it apart again, line by line and span by span,
at every month or account shown (~10 ms at 160x45, most of a month key's cost).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from branchdash.budget import Burndown
from branchdash.i18n import language, t

EIGHTHS = " ▁▂▃▄▅▆▇█"
BAR = Style(color="cyan")
BAR_OVER = Style(color="red")
PLAN = Style(color="bright_white", bold=True)
PLAN_ON_BAR = Style(color="bright_white", bgcolor="cyan", bold=True)
MONTH_RATE = Style(color="yellow", bold=True)
RECENT_RATE = Style(color="magenta", bold=True)
TODAY = Style(color="red")
AXIS = Style(dim=True)

PLAN_CHAR = "─"
MONTH_CHAR = "•"
RECENT_CHAR = "×"
TODAY_CHAR = "│"

Run = tuple[str, Style | None]  # text in one style
Line = list[Run]


def short_won(amount: float) -> str:
    """Axis labels: 300만 / 1.2억 in Korean, ₩3.0M / ₩250K in English."""
    value = round(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if language() == "ko":
        if value >= 100_000_000:
            return f"{sign}{value / 100_000_000:.1f}억"
        if value >= 10_000:
            return f"{sign}{value // 10_000:,}만"
        return f"{sign}{value:,}"
    if value >= 1_000_000:
        return f"{sign}₩{value / 1_000_000:.1f}M"
    if value >= 1_000:
        return f"{sign}₩{value // 1_000:,}K"
    return f"{sign}₩{value:,}"


@dataclass
class _Grid:
    width: int
    height: int

    def __post_init__(self) -> None:
        self.cells: list[list[tuple[str, Style | None]]] = [
            [(" ", None)] * self.width for _ in range(self.height)]

    def put(self, row: int, col: int, char: str, style: Style | None) -> None:
        if 0 <= row < self.height and 0 <= col < self.width:
            self.cells[row][col] = (char, style)

    def get(self, row: int, col: int) -> tuple[str, Style | None]:
        return self.cells[row][col]

    def line(self, row: int) -> Line:
        """One line, cells of the same style joined into one run."""
        runs: Line = []
        run: list[str] = []
        run_style: Style | None = None
        for char, style in self.cells[row]:
            if style is not run_style and run:
                runs.append(("".join(run), run_style))
                run = []
            run.append(char)
            run_style = style
        if run:
            runs.append(("".join(run), run_style))
        return runs


@dataclass
class Drawing:
    """A chart's lines, and what they were drawn for (a size, a language); their
    strips in the widget's style, made once (in the thread that drew them, for a
    month read ahead)."""

    key: tuple[int, int, str]
    lines: list[Line]
    _strips: tuple[Style, list[Strip]] | None = None

    def strips(self, base: Style) -> list[Strip]:
        if self._strips is None or self._strips[0] != base:
            styles: dict[Style | None, Style] = {}  # a chart has a handful of styles
            strips = []
            for line in self.lines:
                segments = []
                for text, style in line:
                    styled = styles.get(style)
                    if styled is None:
                        styled = styles[style] = base + style if style else base
                    segments.append(Segment(text, styled))
                strip = Strip(segments)
                # Cut at the edge (clip); a shorter line is filled out by Textual.
                strips.append(strip.crop(0, self.key[0])
                              if strip.cell_length > self.key[0] else strip)
            self._strips = (base, strips)
        return self._strips[1]


def drawing_key(size: Size) -> tuple[int, int, str]:
    return size.width, size.height, language()


def drawing(burndown: Burndown, size: Size) -> Drawing:
    """The chart of `burndown` at `size` (no lines where it is too small to draw)."""
    width, height = size
    lines = draw_lines(burndown, width, height) if width >= 20 and height >= 5 else []
    return Drawing(drawing_key(size), lines)


class BurndownChart(Widget):
    """Shows one `Burndown`; call `show(burndown)` to change it."""

    # A chart's bars are nothing to copy: its lines carry no offsets for a selection,
    # each segment's style is one of a handful, made once (a month's key: ~3 ms less).
    ALLOW_SELECT = False

    DEFAULT_CSS = """
    BurndownChart {
        height: 1fr;
        min-height: 8;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.burndown: Burndown | None = None
        self._drawn: Drawing | None = None  # the burndown's, as last drawn
        self._pass: list[Strip] | None = None  # the lines of one drawing (render_lines)

    def show(self, burndown: Burndown, drawn: Drawing | None = None) -> None:
        """Show `burndown`; `drawn` is its chart when drawn ahead (in a thread)."""
        self.burndown = burndown
        self._drawn = drawn
        self.refresh()

    @property
    def base_style(self) -> Style:
        """The style the chart's lines are drawn over."""
        return self.visual_style.rich_style

    def _lines(self, size: Size) -> list[Line]:
        if self.burndown is None:
            return []
        # Repaints (a notification passing over, the clock) reuse the drawing.
        if self._drawn is None or self._drawn.key != drawing_key(size):
            self._drawn = drawing(self.burndown, size)
        return self._drawn.lines

    def render(self) -> RenderableType:
        """The chart as one Text (what `render_line` draws)."""
        return _text(self._lines(self.size))

    def render_lines(self, crop: Region) -> list[Strip]:
        # The size and the style are looked up through the screen: once a drawing.
        self._pass = self._strips()
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def _strips(self) -> list[Strip]:
        size = self.size
        base = self.base_style
        lines = self._lines(size)  # drawn here when not drawn ahead
        strips = self._drawn.strips(base) if lines and self._drawn is not None else []
        return strips + [Strip.blank(size.width, base)] * (size.height - len(strips))

    def render_line(self, y: int) -> Strip:
        strips = self._pass if self._pass is not None else self._strips()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width)


def _text(lines: list[Line]) -> Text:
    text = Text(no_wrap=True, overflow="crop")
    for index, line in enumerate(lines):
        if index:
            text.append("\n")
        for chunk, style in line:
            text.append(chunk, style or "")
    return text


def draw(b: Burndown, width: int, height: int) -> Text:
    """The chart as text, `width` cells by `height` lines."""
    return _text(draw_lines(b, width, height))


def draw_lines(b: Burndown, width: int, height: int) -> list[Line]:
    """The chart's lines, `width` cells by `height` lines, each as runs of one style."""
    rows = height - 3  # x axis, day labels, legend
    actual = b.remaining_by_day()
    planned = b.planned_remaining()
    projecting = 0 < b.elapsed < b.days  # a month under way
    month_line = b.projection(b.month_rate) if projecting else []
    recent_line = b.projection(b.recent_rate) if projecting else []
    values = [float(b.budget_won), 0.0, *actual, *planned, *month_line, *recent_line]
    top, bottom = max(values), min(values)
    if top == bottom:
        top = bottom + 1
    labels = [short_won(top), short_won(0)] + ([short_won(bottom)] if bottom < 0 else [])
    label_width = max(cell_len(label) for label in labels) + 1
    plot = width - label_width - 1
    if plot < 10 or rows < 2:
        return [[(t("budget.chart.too_small"), None)]]

    def y_of(value: float) -> float:
        """Distance from the plot's top edge, in lines (0 .. rows)."""
        return (top - value) / (top - bottom) * rows

    def row_of(value: float) -> int:
        """The line a value's point is drawn on."""
        return min(rows - 1, max(0, int(y_of(value))))

    def col_of(day: int) -> int:
        """The column of a day's end (day 1 .. days)."""
        return min(plot - 1, max(0, round((day - 0.5) * plot / b.days - 0.5)))

    grid = _Grid(plot, rows)
    base = y_of(0)
    zero_row = row_of(0)
    if bottom < 0:
        for col in range(plot):
            grid.put(zero_row, col, "┄", AXIS)

    # columns each day covers, so wide charts draw wide bars
    spans: dict[int, range] = {}
    for day in range(1, b.days + 1):
        start = col_of(day - 1) + 1 if day > 1 else 0
        spans[day] = range(min(start, col_of(day)), col_of(day) + 1)

    # the actual remaining budget, as bars from the zero line
    for day, value in enumerate(actual, start=1):
        y_value = y_of(value)
        low, high = sorted((y_value, base))
        style = BAR if value >= 0 else BAR_OVER
        for row in range(int(low), min(rows, math.ceil(high))):
            cover = min(row + 1, high) - max(row, low)
            if row + 1 <= high and value >= 0:
                char = EIGHTHS[min(8, round(cover * 8))]  # fills from the cell's bottom
            else:
                char = "█" if cover >= 0.5 else " "
            if char != " ":
                for col in spans[day]:
                    grid.put(row, col, char, style)

    # today's column
    if b.is_current:
        today_col = col_of(b.elapsed)
        for row in range(rows):
            if grid.get(row, today_col)[0] == " ":
                grid.put(row, today_col, TODAY_CHAR, TODAY)
    else:
        today_col = None

    # the plan, over the bars
    for day, value in enumerate(planned, start=1):
        row = row_of(value)
        for col in spans[day]:
            char, _style = grid.get(row, col)
            grid.put(row, col, PLAN_CHAR, PLAN_ON_BAR if char == "█" else PLAN)

    # the projections from today to the month's end
    for line, char, style in ((recent_line, RECENT_CHAR, RECENT_RATE),
                              (month_line, MONTH_CHAR, MONTH_RATE)):
        for offset, value in enumerate(line[1:], start=1):
            day = b.elapsed + offset
            grid.put(row_of(value), col_of(day), char, style)

    out: list[Line] = []
    label_rows = {0: short_won(top), zero_row: short_won(0)}
    if bottom < 0 and rows - 1 != zero_row:
        label_rows[rows - 1] = short_won(bottom)
    for row in range(rows):
        label = label_rows.get(row, "")
        out.append([(" " * (label_width - cell_len(label)) + label, AXIS),
                    ("┤" if label else "│", AXIS), *grid.line(row)])
    # x axis with ticks, today's marker under its column
    axis = ["─"] * plot
    ticks = sorted({1, 10, 20, b.days} | ({b.elapsed} if today_col is not None else set()))
    for day in ticks:
        axis[col_of(day)] = "┬"
    out.append([(" " * label_width + "└", AXIS),
                *(("▲", TODAY) if col == today_col else (char, AXIS)
                  for col, char in enumerate(axis))])
    days_line = [" "] * plot
    for day in sorted(ticks, key=lambda d: d != b.days):  # the month's last day first
        text = str(day)
        col = min(col_of(day), plot - len(text))  # the last label ends at the edge
        if all(c == " " for c in days_line[max(col - 1, 0):col + len(text) + 1]):
            days_line[col:col + len(text)] = list(text)
    out.append([(" " * (label_width + 1) + "".join(days_line[:plot]).rstrip(), AXIS)])
    legend = _legend(b, width)
    out.append([(legend.plain[span.start:span.end], _as_style(span.style))
                for span in _runs(legend)])
    return out


def _as_style(style: str | Style) -> Style | None:
    return (Style.parse(style) if isinstance(style, str) else style) or None


def _runs(text: Text) -> list[Span]:
    """The Text as spans side by side, covering it all (unstyled gaps as spans of "")."""
    runs: list[Span] = []
    at = 0
    for span in sorted(text.spans, key=lambda span: span.start):
        if span.start > at:
            runs.append(Span(at, span.start, ""))
        runs.append(span)
        at = span.end
    if at < len(text.plain):
        runs.append(Span(at, len(text.plain), ""))
    return runs


def _legend(b: Burndown, width: int) -> Text:
    parts: list[tuple[str, Style, str]] = [
        ("█", BAR, t("budget.chart.remaining")),
        (PLAN_CHAR, PLAN, t("budget.chart.plan")),
    ]
    if 0 < b.elapsed < b.days:
        parts += [(MONTH_CHAR, MONTH_RATE, t("budget.chart.month_rate")),
                  (RECENT_CHAR, RECENT_RATE, t("budget.chart.recent_rate"))]
    if b.is_current:
        parts.append(("▲", TODAY, t("budget.chart.today")))
    legend = Text(no_wrap=True, overflow="ellipsis")
    for index, (char, style, label) in enumerate(parts):
        if index:
            legend.append("  ")
        legend.append(char, style)
        legend.append(" " + label, AXIS)
    legend.truncate(width, overflow="ellipsis")
    return legend
