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
from textual.geometry import Size
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


class BurndownChart(Widget):
    """Shows one `Burndown`; call `show(burndown)` to change it."""

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
        self._drawn: tuple[object, list[Line]] | None = None  # the last drawing and its key
        self._styles: tuple[Style, dict[tuple[Style | None, int, int], Style]] | None = None

    def show(self, burndown: Burndown) -> None:
        self.burndown = burndown
        self._drawn = None
        self.refresh()

    def _lines(self, size: Size) -> list[Line]:
        width, height = size
        if self.burndown is None or width < 20 or height < 5:
            return []
        # Repaints (a notification passing over, the clock) reuse the drawing.
        key = (width, height, language())
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, draw_lines(self.burndown, width, height))
        return self._drawn[1]

    def render(self) -> RenderableType:
        """The chart as one Text (what `render_line` draws)."""
        return _text(self._lines(self.size))

    def render_line(self, y: int) -> Strip:
        size = self.size  # looked up through the screen: once a line
        width = size.width
        base = self.visual_style.rich_style
        lines = self._lines(size)
        if y >= len(lines):
            return Strip.blank(width, base)
        if self._styles is None or self._styles[0] != base or len(self._styles[1]) > 10_000:
            self._styles = (base, {})
        # A run's style over the widget's, with its offset: made once (the axes, the
        # legend and most bars stand where they stood in the month before).
        styles = self._styles[1]
        runs = lines[y]
        if sum(cell_len(text) for text, _ in runs) > width:  # cut at the edge (clip)
            strip = Strip([Segment(text, base + style if style else base)
                           for text, style in runs])
            return strip.crop(0, width).apply_offsets(0, y)
        # As Textual draws a text's line: each segment with its offset (for the text
        # selection); a shorter line is filled out by Textual.
        segments: list[Segment] = []
        x = 0
        for text, style in runs:
            key = (style, x, y)
            styled = styles.get(key)
            if styled is None:
                styled = (base + style if style else base) + Style.from_meta({"offset": (x, y)})
                styles[key] = styled
            segments.append(Segment(text, styled))
            x += len(text)
        return Strip(segments)


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
