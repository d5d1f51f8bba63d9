"""CSV import (every encoding Excel in Korea writes, bad rows, all-or-nothing) and export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pendulum
import pytest

from branchdash import hr, i18n
from branchdash.cli import main
from branchdash.clock import FakeClock
from branchdash.csvio import CsvError
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database, open_database
from branchdash.data.models import Partner, PartnerEvent
from branchdash.partner_csv import ImportRefused, export_partners, import_partners, parse_date

FIXTURES = Path(__file__).parent / "fixtures" / "partners"
TODAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


def roster() -> dict[str, tuple[str, ...]]:
    managers = {p.id: p.name for p in Partner.select().where(Partner.role == "sales_manager")}
    return {p.name: (p.phone, p.role, p.rank, p.status, managers.get(p.manager_id, ""),
                     str(p.hired_on or ""), str(p.resigned_on or ""), p.resign_reason)
            for p in Partner.select()}


@pytest.mark.parametrize(("name", "encoding"), [
    ("utf8.csv", "utf-8"), ("utf8_bom.csv", "utf-8-sig"), ("cp949.csv", "cp949"),
    ("euc_kr.csv", "cp949"), ("utf8_nfd.csv", "utf-8"), ("cp949_extended.csv", "cp949"),
])
def test_imports_every_encoding(branch: str, name: str, encoding: str) -> None:
    report = import_partners(FIXTURES / name, branch, TODAY)
    assert (report.encoding, report.rows, report.imported, report.bad) == (encoding, 5, 5, [])
    people = roster()
    lead = "Park Youngmi" if name == "utf8_bom.csv" else "박영미"
    seller = "김똠방" if name == "cp949_extended.csv" else "김민수"
    assert people[lead][:4] == ("010-1111-0001", "sales_manager", "팀장", "active")
    assert people[seller] == ("010-2222-5678", "seller", "일반", "active", lead, "2026-09-05",
                              "", "")
    assert people["이지은"][3] == "inactive"
    assert people["최수민"][:4] == ("010-4444-9999", "seller", "일반", "trainee")
    assert people["강현우"][3:] == ("resigned", lead, "2024-01-15", "2026-10-31", "competitor")
    # names are NFC whatever the file had: 초성 search and equality work
    assert all(len(name) == 3 for name in people if name != "Park Youngmi")


def test_each_imported_partner_has_a_history_entry(branch: str) -> None:
    import_partners(FIXTURES / "utf8.csv", branch, TODAY)
    kim = Partner.get(Partner.name == "김민수")
    (event,) = PartnerEvent.select().where(PartnerEvent.partner == kim.id)
    assert event.kind == "recruit"
    assert event.occurred_on == pendulum.date(2026, 9, 1)
    assert "utf8.csv" in event.note and "line 3" in event.note
    assert json.loads(event.after)["status"] == "active"


def test_bad_rows_are_reported_and_nothing_is_written(branch: str) -> None:
    with pytest.raises(ImportRefused) as caught:
        import_partners(FIXTURES / "bad_rows.csv", branch, TODAY)
    assert Partner.select().count() == 0
    assert PartnerEvent.select().count() == 0
    bad = {row.line: row.reason for row in caught.value.report.bad}
    assert sorted(bad) == [4, 5, 6, 7, 8, 9, 10]
    assert "name is empty" in bad[4]
    assert "Korean phone number" in bad[5]
    assert "없는팀장" in bad[6]
    assert "resignation date" in bad[7]
    assert "not a date" in bad[8]
    assert "also on line 3" in bad[9]
    assert "not a role" in bad[10]
    assert "7 of 9 rows are bad" in str(caught.value)


def test_skip_bad_rows_writes_the_good_ones(branch: str) -> None:
    report = import_partners(FIXTURES / "bad_rows.csv", branch, TODAY, skip_bad_rows=True)
    assert report.imported == 2 and len(report.bad) == 7
    assert sorted(roster()) == ["김민수", "박영미"]


def test_a_phone_already_in_the_roster_is_a_bad_row(branch: str) -> None:
    hr.recruit(branch, "기존사람", pendulum.date(2026, 1, 1), phone="010-2222-5678")
    with pytest.raises(ImportRefused) as caught:
        import_partners(FIXTURES / "utf8.csv", branch, TODAY)
    assert [(b.line, "기존사람" in b.reason) for b in caught.value.report.bad] == [(3, True)]
    assert Partner.select().count() == 1


def test_a_seller_whose_manager_row_is_bad_is_bad_too(branch: str, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("이름,전화번호,직책,팀,입사일\n박영미,010-1111,영업관리자,,2020-01-06\n"
                    "김민수,010-2222-5678,판매자,박영미,2026-09-05\n", encoding="utf-8")
    report = import_partners(path, branch, TODAY, skip_bad_rows=True)
    assert report.imported == 0
    assert [b.line for b in report.bad] == [2, 3]
    assert "박영미" in report.bad[1].reason


def test_unreadable_files_are_csv_errors(branch: str, tmp_path: Path) -> None:
    with pytest.raises(CsvError, match="No file"):
        import_partners(tmp_path / "none.csv", branch, TODAY)
    path = tmp_path / "no_name.csv"
    path.write_text("phone\n010-1234-5678\n", encoding="utf-8")
    with pytest.raises(CsvError, match="lacks the column"):
        import_partners(path, branch, TODAY)


def test_export_round_trip_in_both_languages(branch: str, db_path: Path, tmp_path: Path,
                                             clock: FakeClock) -> None:
    import_partners(FIXTURES / "utf8.csv", branch, TODAY)
    hr.edit(Partner.get(Partner.name == "김민수").id, TODAY, notes="=HYPERLINK(\"x\")")
    before = roster()
    for lang in ("ko", "en"):
        i18n.set_language(lang)
        out = tmp_path / f"export-{lang}.csv"
        assert export_partners(out, branch) == 5
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
        text = data.decode("utf-8-sig")
        assert "'=HYPERLINK" in text  # neutralised against formula injection
        assert ("이름,전화번호" if lang == "ko" else "Name,Phone") in text.splitlines()[0]
        # into a fresh database: the same roster comes back
        close_database()
        fresh = tmp_path / f"fresh-{lang}.db"
        open_database(fresh)
        other = create_branch("새 지점", "NEW").id
        report = import_partners(out, other, TODAY)
        assert report.imported == 5
        assert roster() == before
        assert Partner.get(Partner.name == "김민수").notes == "=HYPERLINK(\"x\")"
        close_database()
        open_database(db_path)


@pytest.mark.parametrize(("text", "day"), [
    ("2026-03-05", (2026, 3, 5)), ("2026.3.5", (2026, 3, 5)), ("2026/03/05", (2026, 3, 5)),
    ("20260305", (2026, 3, 5)), ("2026-03-05 0:00", (2026, 3, 5)), ("2026. 3. 5.", None),
])
def test_dates_as_excel_writes_them(text: str, day: tuple[int, int, int] | None) -> None:
    if day is None:
        assert parse_date(text.replace(" ", "")) == pendulum.date(2026, 3, 5)
    else:
        assert parse_date(text) == pendulum.date(*day)
    with pytest.raises(ValueError):
        parse_date("March 5")


def test_cli_import_and_export(db_path: Path, tmp_path: Path, clock: FakeClock,
                               capsys: pytest.CaptureFixture[str]) -> None:
    open_database(db_path)
    create_branch("강남3센터", "GN03")
    close_database()
    bad = tmp_path / "bad.csv"
    shutil.copy(FIXTURES / "bad_rows.csv", bad)
    assert main(["--db", str(db_path), "import", "partners", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 4: the name is empty" in err and "Nothing was imported" in err
    assert main(["--db", str(db_path), "import", "partners", str(bad), "--skip-bad-rows"]) == 0
    captured = capsys.readouterr()
    assert "Imported 2 of 9" in captured.out and "line 5 skipped" in captured.err
    out = tmp_path / "out.csv"
    assert main(["--db", str(db_path), "export", "partners", str(out)]) == 0
    assert "Exported 2 partners" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert main(["--db", str(db_path), "import", "partners", str(tmp_path / "nope.csv")]) == 2
    assert "No file" in capsys.readouterr().err
