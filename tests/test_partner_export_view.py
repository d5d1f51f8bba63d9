"""Partners export from the screen: the view as filtered and sorted, or the whole roster;
written in a worker; a failed write says why and leaves no file behind."""

from __future__ import annotations

import csv
import errno
import io
from pathlib import Path

import pendulum
import pytest
from peewee import OperationalError
from textual.widgets import Input, RadioButton, Static

from branchdash import i18n
from branchdash.app import BranchDashApp
from branchdash.clock import FakeClock
from branchdash.csvio import CsvError, write_table
from branchdash.screens.partners import PartnersScreen
from branchdash.screens.widgets.partner_forms import PartnerExportDialog
from branchdash.screens.widgets.partner_table import PartnerTable
from tests.tools.roster import SELLERS, make_branch, open_roster

D = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    # The roster's test branch, with a name a spreadsheet would run as a formula.
    return make_branch((*SELLERS[:2], ("=HYPERLINK()", "", 0, ("start_onboarding", "activate")),
                        *SELLERS[2:]))


async def open_export(pilot, app: BranchDashApp) -> PartnerExportDialog:  # type: ignore[no-untyped-def]
    await pilot.press("x")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, PartnerExportDialog)
    return dialog


async def run_export(pilot, app: BranchDashApp, dialog: PartnerExportDialog,  # type: ignore[no-untyped-def]
                     target: Path) -> None:
    dialog.query_one("#path", Input).value = str(target)
    dialog.query_one("#path", Input).focus()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def names_in(path: Path) -> list[str]:
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def shown_names(screen: PartnersScreen) -> list[str]:
    return [row.name for row in screen.query_one(PartnerTable).rows]


async def test_filtered_and_sorted_view_is_what_the_file_holds(
        branch: str, clock: FakeClock, tmp_path: Path) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        await pilot.press("slash")
        for key in "ㄱㅁ":
            await pilot.press(key)
        await pilot.press("enter")  # back to the table
        await app.run_action("screen.sort_by('status')")  # trainee first, then active
        await pilot.pause()
        view = shown_names(screen)
        assert view == ["김미나", "김민수"]
        dialog = await open_export(pilot, app)
        # a search is active: the view is chosen, and both counts are shown
        assert dialog.query_one("#scope-view", RadioButton).value
        assert "2 partners" in str(dialog.query_one("#scope-view", RadioButton).label)
        assert "7 partners" in str(dialog.query_one("#scope-all", RadioButton).label)
        target = tmp_path / "view.csv"
        await run_export(pilot, app, dialog, target)
        assert app.screen is screen
        assert names_in(target) == view
        header = target.read_bytes().decode("utf-8-sig").splitlines()[0]
        assert header.startswith("Name,Phone,Role,Rank,Status,Team")  # columns as before

        # the team filter and a reverse sort: same order in the file as on screen
        screen.query_one("#search", Input).value = ""
        await pilot.press("f", "enter", "down", "enter")  # status filter: any status
        team = next(pid for pid, name, _ in screen.roster.teams if name == "박영미")  # type: ignore[union-attr]
        screen._team_chosen(team)
        await app.run_action("screen.sort_by('name')")
        await app.run_action("screen.sort_by('name')")  # descending
        await pilot.pause()
        view = shown_names(screen)
        assert view == ["박영미", "김민수", "김미나", "=HYPERLINK()"]
        dialog = await open_export(pilot, app)
        await run_export(pilot, app, dialog, tmp_path / "team.csv")
        assert names_in(tmp_path / "team.csv") == ["박영미", "김민수", "김미나", "'=HYPERLINK()"]


async def test_without_filters_the_whole_roster_is_the_default(
        branch: str, clock: FakeClock, tmp_path: Path) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        assert len(shown_names(screen)) == 6  # the resigned partner is hidden by default
        dialog = await open_export(pilot, app)
        assert dialog.query_one("#scope-all", RadioButton).value
        await run_export(pilot, app, dialog, tmp_path / "all.csv")
        assert len(names_in(tmp_path / "all.csv")) == 7  # resigned included
        assert app.screen is screen

        dialog = await open_export(pilot, app)
        dialog.query_one("#scope-view", RadioButton).value = True  # the manager picks the view
        await pilot.pause()
        assert not dialog.query_one("#scope-all", RadioButton).value
        await run_export(pilot, app, dialog, tmp_path / "shown.csv")
        # the same rows, the formula-like name written so that Excel will not run it
        assert names_in(tmp_path / "shown.csv") == [
            "'" + name if name.startswith("=") else name for name in shown_names(screen)]


async def test_a_failed_write_says_why_and_leaves_no_file(
        branch: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = BranchDashApp(clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_roster(pilot, app)
        out = tmp_path / "out"  # the test's database lives in tmp_path
        out.mkdir()
        dialog = await open_export(pilot, app)
        # a folder that does not exist
        await run_export(pilot, app, dialog, out / "nowhere" / "p.csv")
        assert app.screen is dialog
        error = str(dialog.query_one("#form-error", Static).render())
        assert "Cannot write" in error and "No such file or directory" in error
        # a folder instead of a file
        await run_export(pilot, app, dialog, out)
        assert "is a folder" in str(dialog.query_one("#form-error", Static).render())
        # nothing typed
        dialog.query_one("#path", Input).value = "  "
        await pilot.press("enter")
        await pilot.pause()
        assert "Type the path" in str(dialog.query_one("#form-error", Static).render())

        # the disk fills up as the file is put in place
        def full(self: Path, target: object) -> Path:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Path, "replace", full)
        await run_export(pilot, app, dialog, out / "full.csv")
        assert "No space left on device" in str(dialog.query_one("#form-error", Static).render())
        assert list(out.iterdir()) == []  # no file, no partial file
        monkeypatch.undo()
        # the dialog is still there with the path: the next try works
        assert not dialog.query_one("#run").disabled  # type: ignore[attr-defined]
        # the database fails while the roster is read: said so, and the dialog can close
        def locked(*args: object) -> int:
            raise OperationalError("database is locked")

        monkeypatch.setattr("branchdash.partner_csv.export_partners", locked)
        await run_export(pilot, app, dialog, out / "full.csv")
        error = str(dialog.query_one("#form-error", Static).render())
        assert "could not be read (database is locked)" in error
        monkeypatch.undo()
        await run_export(pilot, app, dialog, out / "full.csv")
        assert app.screen is screen
        assert len(names_in(out / "full.csv")) == 7


async def test_dialog_in_korean(branch: str, clock: FakeClock, tmp_path: Path) -> None:
    i18n.set_language("ko")
    app = BranchDashApp(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_roster(pilot, app)
        # the role filter (status, team, role): sales managers
        await pilot.press("f", "tab", "tab", "enter", "down", "down", "enter")
        await pilot.pause()
        assert str(screen.query_one("#role-filter").render()) == "영업관리자 ▾"
        dialog = await open_export(pilot, app)
        assert str(dialog.query_one("#scope-view", RadioButton).label) == \
            "지금 보는 목록, 보이는 순서대로 (2명)"
        assert str(dialog.query_one("#scope-all", RadioButton).label) == "전체 명단 (7명)"
        await run_export(pilot, app, dialog, tmp_path / "팀장.csv")
        assert names_in(tmp_path / "팀장.csv") == ["박영미", "이유진"]
        header = (tmp_path / "팀장.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
        assert header.startswith("이름,")


def test_a_failing_source_leaves_no_partial_file(tmp_path: Path) -> None:
    def rows():  # type: ignore[no-untyped-def]
        yield ["a"]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_table(tmp_path / "out.csv", ["h"], rows())
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CsvError):
        write_table(tmp_path, ["h"], [])


def test_cli_export_with_status_and_team(branch: str, db: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    from branchdash.cli import main
    from branchdash.data.database import close_database

    close_database()  # the CLI opens the file itself
    out = tmp_path / "team.csv"
    assert main(["--db", str(db), "export", "partners", str(out), "--team", "이유진",
                 "--status", "all"]) == 0
    assert "Exported 3 partners" in capsys.readouterr().out
    assert names_in(out) == ["강현우", "이유진", "최수민"]  # by name, as the roster sorts
    assert main(["--db", str(db), "export", "partners", str(out), "--status", "current"]) == 0
    assert len(names_in(out)) == 6
    assert main(["--db", str(db), "export", "partners", str(out), "--status", "trainee"]) == 0
    assert names_in(out) == ["김미나"]
    capsys.readouterr()
    assert main(["--db", str(db), "export", "partners", str(out), "--status", "gone"]) == 2
    assert "not a status filter" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "partners", str(out), "--team", "홍길동"]) == 2
    assert "No sales manager called “홍길동”" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "results", str(out), "--team", "이유진"]) == 2
    assert "--status and --team filter partners" in capsys.readouterr().err
    assert names_in(out) == ["김미나"]  # the refused runs left the file as it was
