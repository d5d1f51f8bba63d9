"""The Goals screen through Pilot: the cascade tree, the views, the evening entry grid."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from textual.widgets import Input, Select, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import DailyResult, Goal, Partner
from branchdash.goals import GoalSettings, set_year_goal
from branchdash.screens.goals import GoalsScreen
from branchdash.screens.widgets.goal_form import YearGoalForm
from branchdash.screens.widgets.goal_table import GoalTable
from branchdash.screens.widgets.goal_tree import GoalTree
from branchdash.screens.widgets.results_grid import ResultsEntry, ResultsGrid

D = pendulum.date


@pytest.fixture
def branch(db: Path) -> dict[str, str]:
    branch = create_branch("강남3센터", "GN03").id
    lead = Partner.create(branch=branch, name="이팀장", role="sales_manager", status="active")
    kim = Partner.create(branch=branch, name="김하나", status="active", manager=lead.id)
    park = Partner.create(branch=branch, name="박둘", status="active", manager=lead.id)
    Partner.create(branch=branch, name="한다섯", status="resigned", manager=lead.id)
    return {"branch": branch, "lead": lead.id, "kim": kim.id, "park": park.id}


def with_goal(branch: dict[str, str]) -> None:
    set_year_goal(branch["branch"], "sales_won", 2026, 0, split="typed",
                  typed=[0] * 10 + [2_500_000, 0], project="S.M.A.R.T 345",
                  settings=GoalSettings())
    DailyResult.create(branch=branch["branch"], partner=branch["kim"], date=D(2026, 11, 27),
                       sales_count=2, sales_won=300_000)


def tree_lines(app: BranchDashApp) -> list[str]:
    tree = app.screen.query_one(GoalTree)
    lines: list[str] = []

    def walk(node: object) -> None:
        lines.append(str(node.label))  # type: ignore[attr-defined]
        if node.is_expanded:  # type: ignore[attr-defined]
            for child in node.children:  # type: ignore[attr-defined]
                walk(child)

    walk(tree.root)
    return lines


def text_of(app: BranchDashApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_cascade_tree_shows_year_month_week_and_today(branch: dict[str, str],
                                                            clock: FakeClock) -> None:
    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        lines = tree_lines(app)
        assert lines[0].startswith("2026") and "₩2,500,000" in lines[0]
        november = next(line for line in lines if line.startswith("Nov "))
        assert "₩300,000" in november  # the month's actual
        assert any(line.strip().startswith("11/30") for line in lines)  # the week cut at 30 Nov
        monday = next(line for line in lines if "Mon 30" in line)
        assert "₩2,200,000" in monday  # the last day needs all that is left
        assert "₩100,000" in monday  # beside its plan
        summary = text_of(app, "#goals-summary")
        assert "S.M.A.R.T 345" in summary
        assert "Registered partners 3" in summary and "Active SP 1" in summary
        await pilot.press("t")
        await app.workers.wait_for_complete()  # the month's sums are read in a thread
        await pilot.pause()
        teams = app.screen.query_one("#figures", GoalTable)
        assert app.screen.figures_shown == ("teams", pendulum.date(2026, 11, 1))
        assert teams.row_count == 1 and "이팀장" in str(teams.get_row_at(0)[0])
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        partners = app.screen.query_one("#figures", GoalTable)
        assert app.screen.figures_shown == ("partners", pendulum.date(2026, 11, 1))
        assert [str(partners.get_row_at(i)[0]) for i in range(partners.row_count)][0] == "김하나"


async def test_cascade_in_korean(branch: dict[str, str], clock: FakeClock) -> None:
    i18n.set_language("ko")
    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        lines = tree_lines(app)
        assert lines[0].startswith("2026년") and "2,500,000원" in lines[0]
        assert any(line.startswith("11월 ") for line in lines)
        assert any("30일 (월)" in line for line in lines)
        summary = text_of(app, "#goals-summary")
        assert "등록 파트너 3명" in summary and "활동 SP 1명" in summary
        assert "목표" in text_of(app, "#goals-heading")


async def test_no_goal_yet_then_set_one(branch: dict[str, str], clock: FakeClock) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert "No Sales (won) goal for 2026" in tree_lines(app)[0]
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, YearGoalForm)
        form.query_one("#goal-target", Input).value = "1,200,000,000원"
        form.query_one("#goal-project", Input).value = "1.2.20"
        assert form.query_one("#goal-metric", Select).value == "sales_won"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        year = Goal.get(Goal.period == "year")
        assert (year.target, year.project) == (1_200_000_000, "1.2.20")
        assert "₩1,200,000,000" in tree_lines(app)[0]
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#goal-target", Input).value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, YearGoalForm)  # refused, with a message
        assert "lots" in str(app.screen.query_one("#goal-error", Static).render())


async def test_entry_grid_by_keyboard(branch: dict[str, str], clock: FakeClock) -> None:
    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ResultsEntry)
        grid = app.screen.query_one(ResultsGrid)
        assert [e.name for e in grid.entries] == ["이팀장", "김하나", "박둘"]
        # The team lead: nothing today. Down to 김하나: 2 sales, 318,000 won, 1 new, 6 visits.
        await pilot.press("enter")
        await pilot.press("2", "tab", "3", "1", "8", "0", "0", "0", "tab", "1", "tab", "6")
        await pilot.press("enter")  # keeps the 6 and goes down to 박둘's visits
        await pilot.press("4", "shift+tab", "shift+tab", "shift+tab")
        await pilot.press("1", "tab", "5", "9", "0", "0", "0", "backspace", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        day = D(2026, 11, 30)
        kim = DailyResult.get((DailyResult.partner == branch["kim"]) & (DailyResult.date == day))
        assert (kim.sales_count, kim.sales_won, kim.new_contracts, kim.visits) == (
            2, 318_000, 1, 6)
        park = DailyResult.get((DailyResult.partner == branch["park"])
                               & (DailyResult.date == day))
        assert (park.sales_count, park.sales_won, park.visits) == (1, 59_000, 4)
        assert not DailyResult.select().where(DailyResult.partner == branch["lead"]).exists()
        # The cascade shows today's actual at once.
        monday = next(line for line in tree_lines(app) if "Mon 30" in line)
        assert "₩377,000" in monday


async def test_entry_grid_refuses_a_bad_row_and_warns_before_discarding(
        branch: dict[str, str], clock: FakeClock) -> None:
    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter", "tab", "5", "0", "0", "0")  # 김하나: won but no count
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ResultsEntry)
        error = str(app.screen.query_one("#entry-error", Static).render())
        assert "김하나" in error and "sales count" in error
        assert DailyResult.select().count() == 1  # only the fixture's row
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsEntry)  # warned first
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert DailyResult.select().count() == 1


async def test_settings_dialog_checks_and_saves(branch: dict[str, str],
                                                clock: FakeClock) -> None:
    from branchdash.results import ActiveRule, load_active_rule
    from branchdash.screens.widgets.goal_form import GoalSettingsForm

    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        labels = [text for text, _help, _run in screen.palette_commands()]
        assert "Goals: Enter results" in labels and "Goals: Settings" in labels
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, GoalSettingsForm)
        form.query_one("#set-window", Input).value = "a fortnight"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalSettingsForm)
        assert "fortnight" in str(form.query_one("#set-error", Static).render())
        form.query_one("#set-window", Input).value = "30"
        form.query_one("#set-min-sales", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert load_active_rule() == ActiveRule(3, 30)
        assert "3+ sales in the last 30 days" in text_of(app, "#goals-summary")
        assert "Active SP 0" in text_of(app, "#goals-summary")  # 김하나 made only 2


async def test_follows_the_calendar_into_a_new_month(branch: dict[str, str],
                                                     clock: FakeClock) -> None:
    with_goal(branch)
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        clock.set(pendulum.datetime(2026, 12, 1, 8, 0, tz="Asia/Seoul"))
        app.poll_clock()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GoalsScreen)
        assert screen.month == D(2026, 12, 1)
        lines = tree_lines(app)
        assert any(line.startswith("Dec ") for line in lines)
        assert any("Tue 1" in line for line in lines)  # December's days are open
