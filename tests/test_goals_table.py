"""The Goals screen's figure table (line API): rows, columns aligned, the cursor and
scrolling; and the month's figures read ahead so that `p`/`t` draw at once."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.app import App, ComposeResult

from branchdash import goals
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import DailyResult, Partner
from branchdash.screens.widgets.goal_table import GoalTable

ROWS = [[f"파트너{i:03}", f"{(i + 1) * 1000:,}원"] for i in range(60)]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield GoalTable(id="table")

    def on_mount(self) -> None:
        self.query_one(GoalTable).show_figures(["Name", "Won"], ROWS, {1})
        self.query_one(GoalTable).focus()


def screen_lines(app: App[None]) -> list[str]:
    table = app.query_one(GoalTable)
    return ["".join(segment.text for segment in table.render_line(y))
            for y in range(table.size.height)]


async def test_rows_are_drawn_aligned_under_a_fixed_header() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GoalTable)
        assert table.row_count == 60 and table.row_text(2) == ["파트너002", "3,000원"]
        lines = screen_lines(app)
        assert lines[0].split() == ["Name", "Won"]
        assert lines[1].split() == ["파트너000", "1,000원"]
        # numbers end on one column, whatever their length
        ends = {line.rstrip().__len__() for line in lines[1:]}
        assert len(ends) == 1


async def test_the_cursor_moves_and_the_view_follows_it() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GoalTable)
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 59
        lines = screen_lines(app)
        assert lines[0].split() == ["Name", "Won"]  # the header stays
        assert lines[-1].split()[0] == "파트너059"  # the last row in view
        await pilot.press("home", "pagedown")
        await pilot.pause()
        assert table.cursor_row == table.size.height - 2
        await pilot.press("up")
        assert table.cursor_row == table.size.height - 3
        table.clear()
        await pilot.pause()
        assert table.row_count == 0 and screen_lines(app)[1].strip() == ""


async def test_the_table_draws_its_scroll_bar_in_its_last_column() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GoalTable)
        track, thumb = table.bar_colours()

        def bar() -> list[bool]:  # the lines under the header the thumb is on
            return [list(table.render_line(y))[-1].style == thumb
                    for y in range(1, table.visible_rows + 1)]

        assert all(line.cell_length == 40 for line in map(table.render_line, range(12)))
        assert bar()[0] and not bar()[-1] and table.allow_vertical_scroll
        await pilot.click(GoalTable, offset=(39, table.visible_rows))  # below the thumb
        await pilot.pause()
        assert table.cursor_row == table.size.height - 2  # a page down, as pagedown does
        await pilot.press("end")
        await pilot.pause()
        assert bar()[-1] and not bar()[0]


async def test_wide_rows_scroll_until_their_end_meets_the_bar() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(GoalTable)
        wide = [[f"파트너{i:03}", "x" * 50, f"{i:,}원"] for i in range(60)]
        table.show_figures(["Name", "Note", "Won"], wide, {2})
        await pilot.pause()
        for _ in range(20):
            await pilot.press("right")
        await pilot.pause()
        header = "".join(segment.text for segment in table.render_line(0))
        assert header.rstrip().endswith("Won")  # the last column in view, whole
        # scrolled to the end, the rows' last cell ends where the bar's column starts
        assert table.scroll_offset.x == table.content.content_width - (40 - 1)


async def test_partners_are_read_ahead_and_drawn_at_once(
        db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[pendulum.Date] = []
    month_breakdown = goals.month_breakdown

    def counted(branch_id: str, month: pendulum.Date, *args: object, **kwargs: object
                ) -> goals.MonthBreakdown:
        reads.append(month)
        return month_breakdown(branch_id, month, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(goals, "month_breakdown", counted)
    branch = create_branch("강남3센터", "GN03").id
    kim = Partner.create(branch=branch, name="김하나", status="active")
    DailyResult.create(branch=branch, partner=kim, date=pendulum.date(2026, 11, 27),
                       sales_count=2, sales_won=300_000)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause(0.5)  # on the month a moment: its figures are read ahead
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reads == [pendulum.date(2026, 11, 1)]
        await pilot.press("p")
        table = app.screen.query_one("#figures", GoalTable)
        assert table.row_count == 1 and table.row_text(0)[0] == "김하나"  # no wait
        await pilot.press("t")
        assert app.screen.figures_shown == ("teams", pendulum.date(2026, 11, 1))
        teams = table
        assert teams.row_count == 1 and teams.row_text(0)[0] == "(no team)"
        assert len(reads) == 1  # nothing read again
        await pilot.press("right_square_bracket")  # another month: read when asked
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reads[-1] == pendulum.date(2026, 12, 1) and teams.row_count == 1


async def test_back_on_the_tree_with_nothing_changed_reads_nothing(
        db: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    create_branch("강남3센터", "GN03")
    reads: list[str] = []
    year_cascade = goals.year_cascade

    def counted(*args: object, **kwargs: object) -> goals.Cascade | None:
        reads.append(str(args[1]))
        return year_cascade(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(goals, "year_cascade", counted)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert reads == ["sales_won"]
        await pilot.press("t", "c")
        await pilot.pause()
        assert reads == ["sales_won"]  # the tree as it was
        await pilot.press("m")  # another metric: read
        await pilot.pause()
        assert reads == ["sales_won", "sales_count"]
