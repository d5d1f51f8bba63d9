"""Daily results: active vs registered partners, the evening entry, the CSV import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n, results
from branchdash.csvio import CsvError
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database
from branchdash.data.models import DailyResult, Partner
from branchdash.data.settings import set_setting
from branchdash.results import (
    ActiveRule,
    ResultError,
    ResultValues,
    active_count,
    active_counts_by_day,
    entry_rows,
    import_results,
    registered_count,
    save_day_results,
)
from branchdash.settings import SettingError

FIXTURES = Path(__file__).parent / "fixtures" / "results"
D = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


@pytest.fixture
def people(branch: str) -> dict[str, str]:
    lead = Partner.create(branch=branch, name="이팀장", role="sales_manager", status="active",
                          phone="010-1111-2222")
    made = {"이팀장": lead.id}
    for name, status, phone in (("김하나", "active", "010-1234-5678"),
                                ("박둘", "active", "010-9876-5432"),
                                ("최셋", "trainee", ""), ("정넷", "inactive", ""),
                                ("한다섯", "resigned", ""), ("윤여섯", "candidate", "")):
        made[name] = Partner.create(branch=branch, name=name, status=status, phone=phone,
                                    manager=lead.id).id
    return made


def result(branch: str, partner: str, day: pendulum.Date, count: int, won: int = 0) -> None:
    DailyResult.create(branch=branch, partner=partner, date=day, sales_count=count,
                       sales_won=won)


# --- active vs registered -------------------------------------------------------------------


def test_registered_and_active_are_different_numbers(branch: str,
                                                     people: dict[str, str]) -> None:
    # Registered: not resigned, past candidate: lead, 김하나, 박둘, 최셋, 정넷.
    assert registered_count(branch) == 5
    result(branch, people["김하나"], D(2026, 11, 3), 1, 59_000)
    result(branch, people["박둘"], D(2026, 11, 4), 0)  # went out, sold nothing
    result(branch, people["최셋"], D(2026, 10, 30), 2, 100_000)  # last month
    result(branch, people["한다섯"], D(2026, 11, 2), 1, 30_000)  # sold, then resigned
    month = ActiveRule()
    assert active_count(branch, D(2026, 11, 30), month) == 2  # 김하나 and 한다섯
    assert active_count(branch, D(2026, 11, 2), month) == 1
    assert active_count(branch, D(2026, 10, 31), month) == 1  # 최셋 in October
    # Stricter: two sales in the month.
    result(branch, people["김하나"], D(2026, 11, 10), 1, 59_000)
    assert active_count(branch, D(2026, 11, 30), ActiveRule(min_sales=2)) == 1
    # Rolling 30 days from 29 November reaches back to 31 October: 최셋's sale is out.
    assert active_count(branch, D(2026, 11, 29), ActiveRule(window_days=30)) == 2
    assert active_count(branch, D(2026, 11, 28), ActiveRule(window_days=30)) == 3
    by_day = active_counts_by_day(branch, D(2026, 11, 1), D(2026, 11, 12), month)
    assert [by_day[D(2026, 11, d)] for d in (1, 2, 3, 10, 12)] == [0, 1, 2, 2, 2]
    two = active_counts_by_day(branch, D(2026, 11, 1), D(2026, 11, 12), ActiveRule(2))
    assert (two[D(2026, 11, 9)], two[D(2026, 11, 10)]) == (0, 1)


def test_active_rule_setting_is_checked_on_load(branch: str) -> None:
    assert results.load_active_rule() == ActiveRule()
    set_setting("goals.active.window", "a fortnight")
    with pytest.raises(SettingError, match="goals.active.window"):
        results.load_active_rule()
    rule, problem = results.active_rule_or_default()
    assert rule == ActiveRule() and problem
    results.save_active_rule(ActiveRule(2, 30))
    assert results.load_active_rule() == ActiveRule(2, 30)


# --- the evening entry ----------------------------------------------------------------------------


def test_entry_rows_are_the_days_working_partners_by_team(branch: str,
                                                          people: dict[str, str]) -> None:
    result(branch, people["정넷"], D(2026, 11, 30), 1, 10_000)  # inactive, but has a result
    rows = entry_rows(branch, D(2026, 11, 30))
    assert [r.name for r in rows] == ["이팀장", "김하나", "박둘", "정넷", "최셋"]
    assert {r.team for r in rows} == {"이팀장"}
    assert [r.saved for r in rows] == [False, False, False, True, False]


def test_save_day_results_is_all_or_nothing(branch: str, people: dict[str, str]) -> None:
    day = D(2026, 11, 30)
    good = (people["김하나"], ResultValues(2, 318_000, 1, 6))
    with pytest.raises(ResultError):
        save_day_results(branch, day, [good, (people["박둘"], ResultValues(0, 5_000, 0))])
    assert DailyResult.select().count() == 0
    assert save_day_results(branch, day, [good, (people["박둘"], ResultValues(0, 0, 0))]) == 1
    row = DailyResult.get()
    assert (row.sales_count, row.sales_won, row.new_contracts, row.visits) == (2, 318_000, 1, 6)
    # Correcting a row keeps one row per partner and day.
    assert save_day_results(branch, day, [(people["김하나"], ResultValues(3, 400_000, 1))]) == 1
    assert DailyResult.select().count() == 1 and DailyResult.get().sales_won == 400_000


# --- the CSV import ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["results_utf8_bom.csv", "results_cp949.csv"])
def test_import_korean_excel_files(branch: str, people: dict[str, str], name: str) -> None:
    report = import_results(FIXTURES / name, branch, today=D(2026, 11, 30))
    assert report.problems == []
    assert (report.rows, report.written, report.replaced) == (3, 3, 0)
    assert report.encoding == ("utf-8-sig" if "utf8" in name else "cp949")
    kim = DailyResult.get((DailyResult.partner == people["김하나"])
                          & (DailyResult.date == D(2026, 11, 27)))
    assert (kim.sales_count, kim.sales_won, kim.new_contracts, kim.visits) == (2, 318_000, 1, 6)
    second = DailyResult.get((DailyResult.partner == people["김하나"])
                             & (DailyResult.date == D(2026, 11, 28)))
    assert (second.sales_won, second.visits) == (99_000, None)
    again = import_results(FIXTURES / name, branch, today=D(2026, 11, 30))
    assert (again.written, again.replaced) == (3, 3)
    assert DailyResult.select().count() == 3


def test_import_by_phone_with_english_headers(branch: str, people: dict[str, str]) -> None:
    report = import_results(FIXTURES / "results_phone.csv", branch, today=D(2026, 11, 30))
    assert report.problems == [] and report.written == 2
    assert DailyResult.get(DailyResult.partner == people["김하나"]).sales_won == 450_000
    assert DailyResult.get(DailyResult.partner == people["박둘"]).sales_count == 1


def test_a_bad_file_writes_nothing_and_names_every_bad_line(branch: str,
                                                            people: dict[str, str]) -> None:
    report = import_results(FIXTURES / "results_bad.csv", branch, today=D(2026, 11, 30))
    assert [p.line for p in report.problems] == [3, 4, 5, 6, 7, 8]
    assert "없는사람" in report.problems[0].message
    assert "line 2" in report.problems[3].message
    assert report.written == 0 and DailyResult.select().count() == 0
    skipped = import_results(FIXTURES / "results_bad.csv", branch, today=D(2026, 11, 30),
                             skip_bad_rows=True)
    assert skipped.written == 1 and DailyResult.select().count() == 1


def test_import_messages_in_korean(branch: str, people: dict[str, str]) -> None:
    i18n.set_language("ko")
    report = import_results(FIXTURES / "results_bad.csv", branch, today=D(2026, 11, 30))
    assert "이 지점에 없는사람 파트너가 없습니다" in report.problems[0].message


def test_same_name_needs_a_phone(branch: str, people: dict[str, str], tmp_path: Path) -> None:
    Partner.create(branch=branch, name="김하나", status="active", phone="010-5555-6666")
    path = tmp_path / "same.csv"
    path.write_text("날짜,이름,건수,금액\n2026-11-27,김하나,1,1000\n", encoding="utf-8")
    report = import_results(path, branch)
    assert "2" in report.problems[0].message and report.written == 0


def test_a_file_without_whose_column_is_refused(branch: str, tmp_path: Path) -> None:
    path = tmp_path / "nobody.csv"
    path.write_text("날짜,건수,금액\n2026-11-27,1,1000\n", encoding="utf-8")
    with pytest.raises(CsvError, match="phone"):
        import_results(path, branch)


def test_cli_import_results(branch: str, people: dict[str, str], db: Path) -> None:
    close_database()  # the CLI opens the file itself
    env = {**os.environ, "LANG": "en_US.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "branchdash", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=60, env=env,
                              stdin=subprocess.DEVNULL)

    bad = run("import", "results", str(FIXTURES / "results_bad.csv"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "line 3" in bad.stderr and "Nothing was written" in bad.stderr
    good = run("import", "results", str(FIXTURES / "results_cp949.csv"))
    assert good.returncode == 0, good.stderr
    assert "Imported 3 results" in good.stdout and "cp949" in good.stdout
    out = db.parent / "out.csv"
    exported = run("export", "results", str(out))
    assert exported.returncode == 0, exported.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("날짜,이름") and "318000" in text


def test_daily_totals_follow_every_write(branch: str, people: dict[str, str]) -> None:
    from branchdash.data.models import DailyTotal

    def totals() -> dict[str, tuple[int, int, int, int]]:
        return {row.date.isoformat(): (row.sales_count, row.sales_won, row.new_contracts,
                                       row.rows) for row in DailyTotal.select()}

    day = D(2026, 11, 30)
    save_day_results(branch, day, [(people["김하나"], ResultValues(2, 300_000, 1)),
                                   (people["박둘"], ResultValues(1, 50_000, 0))])
    assert totals() == {"2026-11-30": (3, 350_000, 1, 2)}
    save_day_results(branch, day, [(people["김하나"], ResultValues(1, 100_000, 0))])
    assert totals() == {"2026-11-30": (2, 150_000, 0, 2)}
    DailyResult.update(date=D(2026, 11, 28)).where(
        DailyResult.partner == people["박둘"]).execute()
    assert totals() == {"2026-11-30": (1, 100_000, 0, 1), "2026-11-28": (1, 50_000, 0, 1)}
    DailyResult.delete().where(DailyResult.partner == people["김하나"]).execute()
    assert totals()["2026-11-30"] == (0, 0, 0, 0)
    import_results(FIXTURES / "results_utf8_bom.csv", branch, today=day)
    assert totals()["2026-11-27"] == (2, 318_000, 1, 2)
