"""HQ: two demo branches pushed into PostgreSQL, the roll-up's figures checked against
each branch's own, the roll-up screen, and a branch's screens opened read-only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee
import pytest

from branchdash import i18n
from branchdash.clock import FakeClock, SystemClock, use_clock
from branchdash.data.database import close_database, open_database
from branchdash.data.demo import generate_demo
from branchdash.data.models import Branch, DailyResult, Directive
from branchdash.data.postgres import open_postgres
from branchdash.data.push import push
from branchdash.hq import BranchFigures, figures_for, is_hq, rollup, sort_rollup, totals
from branchdash.overview import branch_overview
from branchdash.reports import build_report, to_markdown
from tests.conftest import SEOUL, START
from tests.pg import PgServer, pg_server  # noqa: F401

TODAY = START.date()


@dataclass
class TwoBranches:
    files: list[Path]
    own: dict[str, BranchFigures]  # each branch's figures, computed on its own file
    sales_today: dict[str, int]  # from the Today screen's overview, on its own file
    reports: dict[str, str]  # the month's report in Markdown, made on its own file
    hq_url: str


def _make_branch(path: Path, seed: int, code: str | None = None, name: str = "") -> None:
    open_database(path)
    generate_demo(TODAY, seed=seed)
    if code:
        Branch.update(code=code, name=name).execute()
    close_database()


@pytest.fixture(scope="module")
def two_branches(pg_server: PgServer,  # noqa: F811
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoBranches]:
    use_clock(FakeClock(START, timezone=SEOUL))
    folder = tmp_path_factory.mktemp("hq")
    files = [folder / "a.db", folder / "b.db"]
    _make_branch(files[0], seed=1)
    _make_branch(files[1], seed=2, code="SC07", name="서초7센터")
    url = pg_server.new_database()
    own: dict[str, BranchFigures] = {}
    sales_today: dict[str, int] = {}
    reports: dict[str, str] = {}
    for path in files:
        target = open_postgres(url, bind=False)
        open_database(path)
        try:
            summary = push(target)
            assert summary.complete and not summary.conflicts
            branch = Branch.get()
            own[branch.id] = figures_for(branch, TODAY, {})
            sales_today[branch.id] = branch_overview(branch.id, TODAY).sales_month_won
            reports[branch.id] = to_markdown(build_report(branch.id, "month", TODAY))
        finally:
            close_database()
            target.close()
    use_clock(SystemClock())
    yield TwoBranches(files, own, sales_today, reports, url)


@pytest.fixture
def hq_db(clock: FakeClock, two_branches: TwoBranches) -> Iterator[str]:
    open_postgres(two_branches.hq_url)
    yield two_branches.hq_url
    close_database()


def test_rollup_figures_match_each_branchs_own(hq_db: str, two_branches: TwoBranches) -> None:
    rows = rollup(TODAY)
    assert len(rows) == 2 and is_hq()
    for row in rows:
        own = two_branches.own[row.branch_id]
        assert row.last_push is not None
        assert row == BranchFigures(**{**own.__dict__, "last_push": row.last_push})
        assert row.sales_won == two_branches.sales_today[row.branch_id]
    a, b = rows
    assert a.headcount > 20 and a.active > 10 and a.sales_won > 0
    assert a.target_won and a.budget_won and a.spent_won  # the demo sets all of them
    assert (a.sales_won, a.name) != (b.sales_won, b.name)  # two different branches


def test_rollup_figures_by_hand(hq_db: str) -> None:
    """The month's sales and open directives counted straight from the tables."""
    month = TODAY.start_of("month")
    for row in rollup(TODAY):
        sales = sum(r.sales_won for r in DailyResult.select().where(
            (DailyResult.branch == row.branch_id) & (DailyResult.date >= month)
            & (DailyResult.date <= TODAY)))
        assert row.sales_won == sales
        open_directives = Directive.select().where(
            (Directive.branch == row.branch_id) & (Directive.status != "done")).count()
        assert row.open_directives == open_directives


def test_reports_at_hq_match_the_branchs_own(hq_db: str, two_branches: TwoBranches) -> None:
    for branch_id, own in two_branches.reports.items():
        assert to_markdown(build_report(branch_id, "month", TODAY)) == own
        assert "| 2026-11-" in own  # HR changes and trainings of the month are listed


def test_sort_by_every_column(hq_db: str) -> None:
    rows = rollup(TODAY)
    by_sales = sort_rollup(rows, "sales", descending=True)
    assert by_sales[0].sales_won >= by_sales[1].sales_won
    assert sort_rollup(rows, "sales")[0] is by_sales[1]
    for column in ("name", "headcount", "active", "sales_pct", "burn", "burn_pct",
                   "directives", "last_push"):
        assert {r.branch_id for r in sort_rollup(rows, column)} == {r.branch_id for r in rows}
    assert [r.name for r in sort_rollup(rows, "name")] == sorted(r.name for r in rows)
    with pytest.raises(ValueError, match="unknown column"):
        sort_rollup(rows, "colour")


def test_missing_values_sort_last() -> None:
    base = dict(code="X", region="", headcount=1, active=1, sales_won=5, budget_won=0,
                spent_won=0, planned_won=0, open_directives=0, overdue_directives=0,
                last_push=None)
    rows = [BranchFigures(branch_id="1", name="가", target_won=None, **base),  # type: ignore[arg-type]
            BranchFigures(branch_id="2", name="나", target_won=10, **base)]  # type: ignore[arg-type]
    for descending in (False, True):
        assert [r.branch_id for r in sort_rollup(rows, "sales_pct", descending)] == ["2", "1"]
    assert totals(rows).target_won == 10


def test_one_branch_is_not_hq(clock: FakeClock, db: Path) -> None:
    from branchdash.data.branches import create_branch

    create_branch("강남3센터", "GN03")
    assert not is_hq()


# --- the screen --------------------------------------------------------------------------


async def test_hq_screen_sorts_and_opens_a_branch_read_only(hq_db: str,
                                                            clock: FakeClock) -> None:
    from textual.widgets import DataTable

    from branchdash.app import BranchDashApp
    from branchdash.hq import rollup as figures

    rows = figures(TODAY)
    app = BranchDashApp(clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "hq" and app.read_only
        table = app.screen.query_one("#hq-table", DataTable)
        assert table.row_count == 2
        first = table.get_row_at(0)[0]
        assert first.startswith(sorted(r.name for r in rows)[0])
        # Sort by sales, biggest first (s steps through the columns: people, active, sales).
        for _ in range(3):
            await pilot.press("s")
        assert app.screen.sort_column == "sales" and app.screen.descending
        top = max(rows, key=lambda r: r.sales_won)
        assert table.get_row_at(0)[0].startswith(top.name)
        await pilot.press("r")
        assert table.get_row_at(0)[0].startswith(min(rows, key=lambda r: r.sales_won).name)
        # Open the branch under the cursor: its own screens, read-only.
        table.move_cursor(row=0)
        chosen = app.screen.selected_branch()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "today" and app.branch.id == chosen
        # Writes are refused by the database itself.
        from branchdash.data.models import Partner

        with pytest.raises(peewee.DatabaseError, match="read-only"):
            Partner.update(notes="x").where(Partner.branch == chosen).execute()
        await pilot.press("0")
        await pilot.pause()
        assert app.current_mode == "hq"


# Screens whose rules still read SQLite's raw text where PostgreSQL gives dates (other
# areas' code, reported to the lead; xfail until fixed there, then these pass).
KNOWN_SQLITE_ONLY: dict[str, str] = {}


@pytest.mark.parametrize("mode", ["today", "partners", "budget", "meetings", "goals",
                                  "directives"])
async def test_every_screen_of_a_branch_draws_on_postgres(hq_db: str, clock: FakeClock,
                                                          mode: str,
                                                          request: pytest.FixtureRequest
                                                          ) -> None:
    from branchdash.app import BranchDashApp
    from branchdash.hq import branch_by_id

    if mode in KNOWN_SQLITE_ONLY:
        request.node.add_marker(pytest.mark.xfail(reason=KNOWN_SQLITE_ONLY[mode]))
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        branch = branch_by_id(rollup(TODAY)[0].branch_id)
        assert branch is not None
        app.view_branch(branch)
        await pilot.pause()
        await app.switch_mode(mode)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == mode and app.branch.id == branch.id


async def test_hq_key_hidden_with_one_branch(clock: FakeClock, db: Path) -> None:
    from branchdash.app import BranchDashApp
    from branchdash.data.branches import create_branch

    create_branch("강남3센터", "GN03")
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "today" and not app.read_only
        assert "hq" in app.hidden_modes
        assert app.check_action("switch_mode", ("hq",)) is False
        await pilot.press("0")
        await pilot.pause()
        assert app.current_mode == "today"


async def test_hq_screen_in_korean(hq_db: str, clock: FakeClock) -> None:
    from branchdash.app import BranchDashApp

    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = app.screen.query_one("#hq-totals").render()
        assert "지점 2곳" in str(text)


def test_goal_figures_on_postgres_match_the_branch(hq_db: str,
                                                   two_branches: TwoBranches) -> None:
    """The month's per-partner view and the active counts run on PostgreSQL too."""
    from branchdash.goals import month_breakdown, monthly_active
    from branchdash.results import ActiveRule

    for row in rollup(TODAY):
        view = month_breakdown(row.branch_id, TODAY, TODAY)
        assert view.sales_won == row.sales_won
        assert view.active == row.active
        counts = monthly_active(row.branch_id, TODAY.year, TODAY,
                                ActiveRule(1, None))
        assert counts[TODAY.month] == row.active
