"""What a screen switch costs, counted (not timed: the figures are in bench/).

Textual re-parsed the whole stylesheet at each screen's first visit and rebuilt the
footer's keys several times per switch; these tests hold that neither happens: the
screens' styles are parsed once in a thread after start (screens/style_preload.py),
and the footer rebuilds only when the keys it shows change (screens/widgets/footer.py).
A screen that re-reads on return (Directives) does so only when something was written.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet

from branchdash import directives
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.screens.widgets.footer import BranchFooter
from branchdash.screens.widgets.line_table import LineTable
from tests.tools.started import styles_read


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def footer_keys(app: BranchDashApp) -> list[tuple[str, str]]:
    return app.screen.query_one(BranchFooter).shown_keys()


async def test_first_visits_parse_no_stylesheet(branch: str, clock: FakeClock,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[str] = []
    parse, reparse = Stylesheet.parse, Stylesheet.reparse

    def counted_parse(sheet: Stylesheet) -> None:
        parses.append("parse")
        parse(sheet)

    def counted_reparse(sheet: Stylesheet) -> None:
        parses.append("reparse")
        reparse(sheet)

    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(120, 36)) as pilot:
        await styles_read(app, pilot)
        monkeypatch.setattr(Stylesheet, "parse", counted_parse)
        monkeypatch.setattr(Stylesheet, "reparse", counted_reparse)
        for key, mode in (("2", "partners"), ("3", "budget"), ("5", "goals"),
                          ("6", "directives"), ("4", "meetings")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        full = [each for each in parses if each == "reparse"]
        print(f"\nfirst visits of 5 screens: {len(full)} full re-parses, "
              f"{len(parses) - len(full)} parses of a newly mounted widget's defaults")
        assert full == []


async def test_footer_is_not_redrawn_on_return_and_shows_the_screens_keys(
        branch: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        partners_keys = footer_keys(app)
        assert any(key == "n" for key, _ in partners_keys)  # recruit, on Partners only
        await pilot.press("1")
        await pilot.pause()
        today_keys = footer_keys(app)
        assert today_keys != partners_keys  # each screen its own keys

        redraws: list[str] = []
        render = BranchFooter.render

        def counted(footer: BranchFooter) -> object:
            redraws.append(footer.screen.__class__.__name__)
            return render(footer)

        monkeypatch.setattr(BranchFooter, "render", counted)
        for key in ("2", "1", "2", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert redraws == []  # the screens' own frames reuse the footer's line
        assert footer_keys(app) == today_keys
        await pilot.press("2")
        await pilot.pause()
        assert footer_keys(app) == partners_keys


async def test_directives_reread_on_return_only_when_something_was_written(
        branch: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdash.screens.widgets import directive_pane

    reads: list[str] = []
    list_directives = directive_pane.dv.list_directives

    def counted(*args: object, **kwargs: object) -> object:
        reads.append("list")
        return list_directives(*args, **kwargs)

    monkeypatch.setattr(directive_pane.dv, "list_directives", counted)
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        drawing = len(reads)  # the list and its counts, once
        assert drawing > 0
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        assert len(reads) == drawing  # nothing written meanwhile: not read again
        await pilot.press("1")
        await pilot.pause()
        directives.create_directive(branch, number="본사-2026-101", title="연말 판촉 안내",
                                    received_on=clock.now().date())
        await pilot.press("6")
        await pilot.pause()
        assert len(reads) == 2 * drawing
        table = app.screen.query_one("#directive-table", LineTable)
        assert table.row_count == 1


async def test_today_rereads_on_return_only_when_something_was_written_or_time_moved(
        branch: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdash import schedule
    from branchdash.screens import today

    reads: list[str] = []
    day = schedule.day

    def counted(*args: object, **kwargs: object) -> object:
        reads.append("day")
        return day(*args, **kwargs)

    monkeypatch.setattr(today.schedule, "day", counted)
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        drawn = len(reads)
        assert drawn == 1
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert len(reads) == drawn  # nothing written, same minute: shown as it was
        await pilot.press("6")
        await pilot.pause()
        directives.create_directive(branch, number="본사-2026-102", title="교육 일정",
                                    received_on=clock.now().date())
        await pilot.press("1")
        await pilot.pause()
        assert len(reads) == drawn + 1  # the agenda counts directives
        await pilot.press("2")
        await pilot.pause()
        clock.advance(minutes=1)
        app.poll_clock()
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert len(reads) == drawn + 2  # the timeline's "now" moved
        clock.advance(minutes=1)  # a minute in view: the now-line moves there
        app.poll_clock()
        await pilot.pause()
        assert len(reads) == drawn + 3
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert len(reads) == drawn + 3  # the minute drawn is the minute now


async def test_a_return_is_drawn_at_once_a_first_visit_waits_for_its_screen(
        branch: str, clock: FakeClock) -> None:
    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        app.switch_mode("partners")
        assert app._batch_count == 1  # Textual masks the half-built new screen
        for _ in range(100):  # its 50 ms
            if not app._batch_count:
                break
            await pilot.pause(0.05)
        app.switch_mode("today")
        assert app._batch_count == 0  # Today is whole: no frame is held back
        await pilot.pause()
        app.switch_mode("partners")
        assert app._batch_count == 0


async def test_a_new_screen_is_drawn_once_it_is_built_not_first_unseen(
        branch: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual drew a big screen's first layout inside its 50 ms hold, where the frame is
    thrown away, then again after: the app now holds frames exactly until the screen's
    on_mount (BranchScreen tells it), so no drawn frame is lost."""
    from textual.app import App

    lost: list[str] = []
    display = App._display

    def watched(app: App[object], screen: object, renderable: object) -> None:
        if renderable is not None and app._batch_count:
            lost.append(type(screen).__name__)
        display(app, screen, renderable)  # type: ignore[arg-type]

    app = BranchDashApp(clock, tick_seconds=3600)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(App, "_display", watched)
        for key, mode in (("2", "partners"), ("3", "budget"), ("5", "goals"),
                          ("6", "directives")):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.current_mode == mode
            assert not app._holding_new_screen and app._batch_count == 0
        assert lost == []


async def test_a_screen_that_fails_to_build_does_not_freeze_the_display(
        branch: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frames are held for a first visit until the screen is built; a screen whose first
    read fails still ends the hold (the error is Textual's to report)."""
    from branchdash.screens.budget import BudgetScreen

    def failing(screen: BudgetScreen) -> None:
        raise RuntimeError("the month could not be read")

    monkeypatch.setattr(BudgetScreen, "refresh_data", failing)
    app = BranchDashApp(clock, tick_seconds=3600)
    held: list[bool] = []
    with pytest.raises(RuntimeError):  # Textual re-raises it at the end of run_test
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            app.switch_mode("budget")
            held.append(app._holding_new_screen)
            for _ in range(50):
                await asyncio.sleep(0.05)
                if not app._holding_new_screen:
                    break
            held.append(app._holding_new_screen or bool(app._batch_count))
    assert held == [True, False]
