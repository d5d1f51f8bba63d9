"""CSV files in every encoding Korean Excel writes, and safe exports."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from branchdash.csvio import CsvError, neutralise, read_table, write_table

ALIASES = {"name": ["이름", "성명", "Name"], "phone": ["전화번호", "연락처", "Phone"]}
ROWS = "이름,전화번호\n김민수,010-1234-5678\n이서연,01098765432\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_reads_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(ROWS.encode(encoding))
    table = read_table(path, ALIASES, required=["name"])
    assert [r.values["name"] for r in table.rows] == ["김민수", "이서연"]
    assert [r.line for r in table.rows] == [2, 3]
    assert table.encoding in ("utf-8", "utf-8-sig", "cp949")


def test_hangul_is_normalised_to_nfc(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_text(unicodedata.normalize("NFD", ROWS), encoding="utf-8")
    table = read_table(path, ALIASES)
    assert table.rows[0].values["name"] == "김민수"


def test_english_headers_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "en.csv"
    path.write_text("Name , PHONE\nKim,010\n\n,\nLee,011\n", encoding="utf-8")
    table = read_table(path, ALIASES)
    assert [(r.line, r.values["name"]) for r in table.rows] == [(2, "Kim"), (5, "Lee")]


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("phone\n010\n", encoding="utf-8")
    with pytest.raises(CsvError, match="name"):
        read_table(path, ALIASES, required=["name"])


def test_not_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CsvError, match="not a text file"):
        read_table(path, ALIASES)
    with pytest.raises(CsvError, match="No file"):
        read_table(tmp_path / "nope.csv", ALIASES)


def test_export_has_bom_and_neutralises_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    count = write_table(path, ["이름", "메모"], [["김민수", "=HYPERLINK(\"x\")"],
                                              ["@evil", "-1"], ["+82", "\tx"]])
    assert count == 3
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@evil" in text and "'-1" in text and "'+82" in text
    assert (path.stat().st_mode & 0o777) == 0o600
    back = read_table(path, {"이름": [], "메모": []})
    assert back.rows[0].values["이름"] == "김민수"


def test_neutralise_leaves_plain_text() -> None:
    assert neutralise("김민수") == "김민수"
    assert neutralise(120000) == "120000"
    assert neutralise(None) == ""
