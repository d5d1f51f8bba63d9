"""Bad files in every importer (issue #9 item 10): random bytes, random encodings, random
cells (control characters, NUL, full-width digits, mixed-width Hangul, huge numbers, empty
cells, very long cells). Each import reports what it did, or refuses with a readable
message in the UI's language; a refused import (or a refused row, without
--skip-bad-rows) writes nothing; what is written is what the file says. Never a traceback.

Figures per property are printed (`pytest -s`).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from branchdash import hr, i18n
from branchdash.cli import main
from branchdash.clock import FakeClock
from branchdash.csvio import CsvError, read_table
from branchdash.data.branches import BranchInfo, create_branch
from branchdash.data.database import close_database, open_database
from branchdash.data.models import DailyResult, Partner, PartnerEvent
from branchdash.i18n import catalog
from branchdash.partner_csv import ALIASES, ImportRefused, _unneutralise, import_partners
from branchdash.plain_text import plain
from branchdash.results import COLUMNS, ResultError, import_results
from tests.strategies import (
    AMOUNT,
    COUNT,
    NAME,
    PHONE,
    TEXT,
    Field,
    Tally,
    check_message,
    plausible_dates,
    snapshot,
    typed,
)

TODAY = pendulum.date(2026, 11, 30)
FAST = settings(max_examples=50, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
LANG = st.sampled_from(["en", "ko"])
ENCODINGS = ["utf-8", "utf-8-sig", "cp949", "utf-16"]


def run(tally: Tally, prop: Callable[[], None]) -> None:
    try:
        prop()
    finally:
        tally.report()
        i18n.set_language("en")


def cell(field: Field) -> st.SearchStrategy[str]:
    """A cell: what the column should hold, often; anything, sometimes."""
    return st.one_of(field.plausible, field.plausible, field.plausible, field.anything)


def to_bytes(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    text = out.getvalue()
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # CP949 has no NUL-free way to say every character
        return text.encode("utf-8-sig")


CONTROLS = {c for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in "\t\n"}


def nfc_cell(text: str) -> str:
    """A cell as read back: NFC, without escape sequences (dropped whole, see
    tests/test_plain_text.py) and control characters, stripped."""
    text = plain(unicodedata.normalize("NFC", text))
    return "".join(c for c in text if ord(c) not in CONTROLS).strip()


# --- csvio: any bytes, any encoding ------------------------------------------------------------


def test_reading_random_bytes(tmp_path: Path) -> None:
    tally = Tally("csvio: random bytes")
    path = tmp_path / "random.csv"
    boms = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])

    @FAST
    @given(lang=LANG, bom=boms, head=st.sampled_from([b"", b"name\n", "이름,x\n".encode()]),
           body=st.binary(max_size=300))
    @example(lang="en", bom=b"\xef\xbb\xbf", head=b"", body=b"\xb0\xa1,\xff").via(
        "a UTF-8 BOM before CP949 bytes")
    @example(lang="en", bom=b"\xff\xfe", head=b"", body=b"a").via(
        "an odd byte after a UTF-16 BOM")
    @example(lang="ko", bom=b"", head=b"name\n", body=b"\"" + b"x" * 140_000).via(
        "a cell over the csv module's limit")
    def prop(lang: str, bom: bytes, head: bytes, body: bytes) -> None:
        i18n.set_language(lang)
        path.write_bytes(bom + head + body)
        try:
            table = read_table(path, {"name": ["이름"]}, required=("name",))
        except CsvError as error:
            check_message(str(error), [str(path)])
            tally.refuse()
            return
        tally.accept()
        assert table.columns == ["name"]
        for row in table.rows:
            assert row.line >= 2
            # NFC, stripped, and no NUL or escape sequence reaches the store or the screen
            assert row.values.get("name", "") == nfc_cell(row.values.get("name", ""))

    run(tally, prop)


def test_reading_text_in_every_encoding(tmp_path: Path) -> None:
    tally = Tally("csvio: random text, random encodings")
    path = tmp_path / "text.csv"
    cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                           blacklist_characters="\x00"), max_size=12)

    @FAST
    @given(encoding=st.sampled_from(ENCODINGS), delimiter=st.sampled_from([",", ";", "\t"]),
           rows=st.lists(st.tuples(cells, cells), max_size=5))
    @example(encoding="utf-8", delimiter=",", rows=[("", "\x1b")])  # nothing left: no row
    def prop(encoding: str, delimiter: str, rows: list[tuple[str, str]]) -> None:
        path.write_bytes(to_bytes([["이름", "메모"], *map(list, rows)], encoding, delimiter))
        try:
            table = read_table(path, {"name": ["이름"], "notes": ["메모"]})
        except CsvError as error:
            check_message(str(error), [str(path)])
            tally.refuse()
            return
        tally.accept()
        # Every row with something in it comes back, NFC and stripped, in order
        # (a lone "\r" or form feed in a cell may end a line for the reader: then
        # the counts differ, but nothing is invented).
        expected = [(nfc_cell(a), nfc_cell(b)) for a, b in rows
                    if nfc_cell(a) or nfc_cell(b)]  # a row of control characters is empty
        got = [(r.values.get("name", ""), r.values.get("notes", "")) for r in table.rows]
        if all(not {"\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
                    "\u2029"} & set(a + b) for a, b in rows):
            assert got == expected

    run(tally, prop)


# --- partners: `branchdash import partners` and the roster's import dialog -----------------

ROLE = Field(st.sampled_from(["", "seller", "sales_manager",
                              *(catalog(lang)[f"partners.role.{r}"]
                                for lang in ("ko", "en") for r in hr.ROLES)]))
STATUS = Field(st.sampled_from(["", *(catalog(lang)[f"partners.status.{s}"]
                                      for lang in ("ko", "en")
                                      for s in ("candidate", "trainee", "active", "resigned"))]))
REASON = Field(st.sampled_from(["", *(catalog("ko")[f"partners.reason.{r}"]
                                      for r in hr.RESIGN_REASONS)]))
PAST = Field(st.integers(-3000, 0).map(lambda n: TODAY.add(days=n).isoformat()),
             plausible_dates())
TEAM = Field(st.sampled_from(["", "박영미", "최팀장"]))
PARTNER_FIELDS = {"name": NAME, "phone": PHONE, "role": ROLE, "status": STATUS, "team": TEAM,
                  "hired_on": PAST, "resigned_on": Field(st.just(""), plausible_dates()),
                  "resign_reason": REASON, "notes": TEXT}


@st.composite
def partner_file(draw: st.DrawFn) -> tuple[list[list[str]], str, str]:
    columns = draw(st.lists(st.sampled_from(sorted(PARTNER_FIELDS)), unique=True, max_size=6))
    if draw(st.integers(0, 4)):  # now and then a file without its name column
        columns = ["name", *(c for c in columns if c != "name")]
    header = [draw(st.sampled_from([c, *ALIASES[c]])) for c in columns]
    rows = draw(st.lists(st.tuples(*(cell(PARTNER_FIELDS[c]) for c in columns)).map(list),
                         max_size=8))
    return [header, *rows], draw(st.sampled_from(ENCODINGS)), draw(
        st.sampled_from([",", ";", "\t"]))


@pytest.fixture
def branch(db: Path, clock: FakeClock) -> BranchInfo:
    info = create_branch("속성지점", "PROP")
    lead = hr.recruit(info.id, "박영미", TODAY.subtract(years=2), role="sales_manager",
                      phone="010-9999-0000")
    hr.transition(lead, "start_onboarding", TODAY.subtract(years=2))
    hr.transition(lead, "activate", TODAY.subtract(years=1))
    return info


def test_partner_import(branch: BranchInfo, tmp_path: Path) -> None:
    tally = Tally("import: partners CSV")
    path = tmp_path / "partners.csv"

    @FAST
    @given(lang=LANG, file=partner_file(), skip=st.booleans())
    @example(lang="en", file=([["이름", "입사일"], ["김민수", "2026-1-" + "9" * 20]], "utf-8",
                              ","), skip=False).via("a day too big for a C long")
    @example(lang="en", file=([["이름", "퇴사일"], ["김민수", "2026-0²-01"]], "utf-8", ","),
             skip=True).via("a superscript digit in a date")
    @example(lang="en", file=([["이름", "메모"], ["김\x1b[2J민수\x00", "\x9b31m"]], "utf-8", ","),
             skip=False).via("escape sequences and a NUL in cells")
    def prop(lang: str, file: tuple[list[list[str]], str, str], skip: bool) -> None:
        i18n.set_language(lang)
        rows, encoding, delimiter = file
        path.write_bytes(to_bytes(rows, encoding, delimiter))
        before, people = snapshot(), {p.id for p in Partner.select(Partner.id)}
        events = PartnerEvent.select().count()
        typed_cells = [c for row in rows for c in row]
        try:
            report = import_partners(path, branch.id, TODAY, skip_bad_rows=skip)
        except (ImportRefused, CsvError) as error:
            check_message(str(error), typed_cells)
            if isinstance(error, ImportRefused):
                for bad in error.report.bad:
                    check_message(bad.reason, typed_cells)
            assert snapshot() == before
            tally.refuse(type(error).__name__)
            return
        tally.accept()
        for bad in report.bad:
            check_message(bad.reason, typed_cells)
        assert report.imported + len(report.bad) == report.rows
        assert len({bad.line for bad in report.bad}) == len(report.bad)
        new = [p for p in Partner.select() if p.id not in people]
        assert len(new) == report.imported
        assert PartnerEvent.select().count() == events + report.imported
        # What was written is what the good rows say.
        table = read_table(path, {"name": ALIASES["name"]})
        bad_lines = {bad.line for bad in report.bad}
        expected = Counter(" ".join(_unneutralise(row.values.get("name", "")).split())
                           for row in table.rows if row.line not in bad_lines)
        assert Counter(p.name for p in new) == expected
        for partner in new:
            assert not CONTROLS & {ord(c) for c in partner.name + partner.notes}
            assert partner.name.strip() and partner.status in (
                "candidate", "trainee", "active", "inactive", "resigned")
            assert partner.hired_on is None or partner.hired_on <= TODAY

    run(tally, prop)


# --- results: `branchdash import results` ---------------------------------------------------------

RESULT_NAMES = Field(st.sampled_from(["김민수", "이영희", "박영미", "없는사람", ""]))
RESULT_PHONES = Field(st.sampled_from(["", "", "010-1111-2222", "01033334444", "010-0000-0000"]))
RESULT_FIELDS = {"date": PAST, "partner": RESULT_NAMES, "phone": RESULT_PHONES,
                 "sales_count": COUNT, "sales_won": AMOUNT, "new_contracts": COUNT,
                 "visits": Field(st.sampled_from(["", "0", "3", "12"]))}


@st.composite
def results_file(draw: st.DrawFn) -> tuple[list[list[str]], str, str]:
    columns = ["date", "sales_count", "sales_won"]
    if draw(st.integers(0, 4)):  # now and then a file that names nobody
        columns.append("partner")
    columns += draw(st.lists(st.sampled_from(["phone", "new_contracts", "visits"]),
                             unique=True, max_size=3))
    columns = draw(st.permutations(columns))
    header = [draw(st.sampled_from([c, *COLUMNS[c]])) for c in columns]
    rows = draw(st.lists(st.tuples(*(cell(RESULT_FIELDS[c]) for c in columns)).map(list),
                         max_size=8))
    return [header, *rows], draw(st.sampled_from(ENCODINGS)), draw(
        st.sampled_from([",", ";", "\t"]))


HEAD = ["날짜", "이름", "건수", "금액"]


def test_results_import(branch: BranchInfo, tmp_path: Path) -> None:
    tally = Tally("import: results CSV")
    path = tmp_path / "results.csv"
    for name, phone in (("김민수", "010-1111-2222"), ("이영희", "010-3333-4444")):
        pid = hr.recruit(branch.id, name, TODAY.subtract(years=1), phone=phone)
        hr.transition(pid, "start_onboarding", TODAY.subtract(years=1))

    @FAST
    @given(lang=LANG, file=results_file(), skip=st.booleans())
    @example(lang="en", file=([HEAD, ["2026-11-02", "김민수", "²", "0"]], "utf-8", ","),
             skip=False).via("a digit int() refuses")
    @example(lang="en", file=([HEAD, ["2026-11-02", "김민수", "1", "9" * 30]], "utf-8", ","),
             skip=False).via("more than SQLite's integers hold")
    @example(lang="en", file=([HEAD, ["2026-1-" + "9" * 20, "김민수", "1", "1"]], "utf-8", ","),
             skip=False).via("a day too big for a C long")
    def prop(lang: str, file: tuple[list[list[str]], str, str], skip: bool) -> None:
        i18n.set_language(lang)
        rows, encoding, delimiter = file
        path.write_bytes(to_bytes(rows, encoding, delimiter))
        before = snapshot()
        results_before = DailyResult.select().count()
        typed_cells = [c for row in rows for c in row]
        try:
            report = import_results(path, branch.id, skip_bad_rows=skip, today=TODAY)
        except CsvError as error:
            check_message(str(error), typed_cells)
            assert snapshot() == before
            tally.refuse("CsvError")
            return
        for problem in report.problems:
            check_message(problem.message, typed_cells)
        if report.problems and not skip:
            assert snapshot() == before and report.written == 0
            tally.refuse("bad rows")
            return
        tally.accept()
        assert report.written + len(report.problems) == report.rows
        assert DailyResult.select().count() == results_before + report.written - report.replaced
        for result in DailyResult.select():
            assert 0 <= result.new_contracts <= result.sales_count
            assert result.sales_won == 0 or result.sales_count > 0
            assert result.date <= TODAY

    run(tally, prop)


# --- the command line: exit 0 or 2 and one line, never the crash log ---------------------------


def test_cli_import_never_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    tally = Tally("cli: branchdash import partners|results")
    db_path = tmp_path / "cli.db"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    open_database(db_path)
    create_branch("속성지점", "PROP")
    close_database()
    path = tmp_path / "in.csv"

    @settings(FAST, max_examples=12)
    @given(kind=st.sampled_from(["partners", "results"]),
           file=st.one_of(partner_file(), results_file()), skip=st.booleans(),
           junk=st.one_of(st.none(), st.none(), st.none(), st.binary(max_size=200)))
    def prop(kind: str, file: tuple[list[list[str]], str, str], skip: bool,
             junk: bytes | None) -> None:
        rows, encoding, delimiter = file
        path.write_bytes(junk if junk is not None else to_bytes(rows, encoding, delimiter))
        argv = ["--db", str(db_path), "--lang", "ko", "import", kind, str(path)]
        code = main([*argv, "--skip-bad-rows"] if skip else argv)
        out, err = capsys.readouterr()
        assert code in (0, 2), err
        assert "unexpected error" not in err and "Traceback" not in err
        if code == 2:
            last = err.strip().splitlines()[-1]
            assert last.startswith("branchdash: ")
            check_message(last.removeprefix("branchdash: "),
                          [str(path), *(c for row in rows for c in row)])
            tally.refuse()
        else:
            tally.accept()

    run(tally, prop)


def test_result_error_is_translated() -> None:
    """The row refusals the importers build carry the UI's language."""
    i18n.set_language("ko")
    check_message(str(ResultError("too_large", field="판매건수", value="9" * 30,
                                  most="999,999,999,999")), ["9" * 30])
    i18n.set_language("en")


def test_typed_file_paths(tmp_path: Path) -> None:
    """The import and export dialogs and `branchdash import|export` take a typed path."""
    from branchdash.csvio import user_path

    tally = Tally("csvio: typed file paths")

    @FAST
    @given(lang=LANG, text=st.one_of(typed(st.sampled_from(["~/a.csv", "a.csv", "/tmp/b.csv"])),
                                     st.text(alphabet="~abc/.", max_size=12)))
    @example(lang="ko", text="~nobody_here/partners.csv").via("the home folder of nobody")
    def prop(lang: str, text: str) -> None:
        i18n.set_language(lang)
        try:
            path = user_path(text)
        except CsvError as error:
            check_message(str(error), [text])
            tally.refuse()
            return
        tally.accept()
        assert not str(path).startswith("~/")

    run(tally, prop)
    code = main(["--db", str(tmp_path / "p.db"), "import", "partners", "~nobody_here/p.csv"])
    assert code == 2
