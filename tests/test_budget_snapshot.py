"""The burn-down chart as drawn in the terminal (pytest-textual-snapshot, sync tests).

Fixed data, no database and no clock: a 30-day month seen on the 18th, with a
front-loaded plan, spending a little ahead of it and a heavy last week, so that
the bars, the plan line, both projections, the zero line and today's marker all
show. Update with `pytest --snapshot-update` after a deliberate change."""

from __future__ import annotations

import pendulum
from textual.app import App, ComposeResult

from branchdash import i18n
from branchdash.budget import PlanItem, compute_burndown, planned_cumulative
from branchdash.screens.widgets.burndown import BurndownChart

NOV = pendulum.date(2026, 11, 1)


def fixture_burndown():  # noqa: ANN201 - a Burndown
    planned = planned_cumulative(3_000_000, (PlanItem(3, 600_000, "kit"),), 30)
    spent = [0] * 30
    for day, amount in {2: 150_000, 3: 620_000, 6: 90_000, 9: 210_000, 11: 180_000,
                        13: 260_000, 15: 340_000, 16: 280_000, 17: 190_000,
                        18: 310_000}.items():
        spent[day - 1] = amount
    return compute_burndown(NOV, "operating", 3_000_000, planned, spent,
                            pendulum.date(2026, 11, 18))


class ChartApp(App[None]):
    CSS = "BurndownChart { height: 100%; }"

    def compose(self) -> ComposeResult:
        yield BurndownChart(id="chart")

    def on_mount(self) -> None:
        self.query_one(BurndownChart).show(fixture_burndown())


def test_burndown_chart_english(snap_compare) -> None:  # noqa: ANN001
    i18n.set_language("en")
    assert snap_compare(ChartApp(), terminal_size=(90, 22))


def test_burndown_chart_korean_narrow(snap_compare) -> None:  # noqa: ANN001
    i18n.set_language("ko")
    assert snap_compare(ChartApp(), terminal_size=(60, 14))
