"""CSV files as people in Korea exchange them with Excel.

Reading: UTF-8 with or without BOM, or CP949/EUC-KR (what Korean Excel saves
as "CSV"), detected by strict decoding rather than guessed; Hangul normalised
to NFC (macOS writes decomposed jamo); headers matched through aliases so that
Korean and English headers both work; every row keeps its line number for
error reports.

Writing: UTF-8 with a BOM (so Excel shows Hangul), cells that a spreadsheet
would run as a formula neutralised, and the file replaced whole or not at all.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from branchdash.i18n import t
from branchdash.plain_text import plain
from branchdash.user_files import replaced_whole

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line number in the file, as a spreadsheet shows it (header is 1)
    values: dict[str, str]  # canonical column name -> cell text (stripped, NFC, no controls)


@dataclass(frozen=True)
class CsvTable:
    encoding: str
    columns: list[str]  # canonical names found in the header
    rows: list[CsvRow]


def user_path(text: str) -> Path:
    """A file path as typed, "~" expanded; "~someone" of no user here is refused (pathlib
    raises RuntimeError for it)."""
    try:
        return Path(text.strip()).expanduser()
    except RuntimeError:
        raise CsvError(t("csv.error.no_home", path=text.strip())) from None


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was in."""
    try:
        # A byte order mark says the encoding; the rest must then be in it.
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig"
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError:
        raise CsvError(t("csv.error.encoding")) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        raise CsvError(t("csv.error.encoding")) from None


def read_table(path: Path, aliases: Mapping[str, Sequence[str]],
               required: Iterable[str] = ()) -> CsvTable:
    """Read `path`; `aliases` maps each canonical column to the headers it may have
    (compared case- and space-insensitively), e.g. {"name": ["name", "이름", "성명"]}."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvError(t("csv.error.no_file", path=path)) from None
    except IsADirectoryError:
        raise CsvError(t("csv.error.folder", path=path)) from None
    except OSError as error:
        raise CsvError(t("csv.error.cannot_read", path=path, reason=error.strerror)) from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvError(t("csv.error.not_text", path=path))
    text, encoding = decode(data)
    text = unicodedata.normalize("NFC", text)
    first_line = text.split("\n", 1)[0]
    # Excel writes commas; some locales' Excel writes semicolons, some tools tabs.
    delimiter = next((d for d in (",", ";", "\t") if d in first_line), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError(t("csv.error.empty", path=path)) from None
    lookup = {_fold(alias): canonical for canonical, names in aliases.items()
              for alias in (canonical, *names)}
    columns: list[str | None] = [lookup.get(_fold(cell)) for cell in header]
    found = [c for c in columns if c is not None]
    duplicated = {c for c in found if found.count(c) > 1}
    if duplicated:
        raise CsvError(t("csv.error.duplicated", columns=", ".join(sorted(duplicated))))
    missing = [c for c in required if c not in found]
    if missing:
        expected = "; ".join(f"{c} ({' / '.join(aliases.get(c, ()))})" for c in missing)
        raise CsvError(t("csv.error.missing", columns=expected))
    rows: list[CsvRow] = []
    try:
        for cells in reader:
            if not any(plain(cell).strip() for cell in cells):
                continue
            values = {name: plain(cell).strip()
                      for name, cell in zip(columns, cells, strict=False) if name is not None}
            rows.append(CsvRow(reader.line_num, values))
    except csv.Error:  # a cell over the csv module's limit, or a quote never closed
        raise CsvError(t("csv.error.bad_line", line=reader.line_num)) from None
    return CsvTable(encoding, found, rows)


def _fold(header: str) -> str:
    return "".join(unicodedata.normalize("NFC", header).lower().split()).lstrip("\ufeff")


def neutralise(cell: object) -> str:
    """A cell as text that no spreadsheet will run as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a CSV for Excel; returns the number of rows. The file appears whole or not at all."""
    if not path.name or path.is_dir():  # "/", "." or a folder: nothing to replace it with
        raise CsvError(t("csv.error.folder", path=path))
    count = 0
    try:  # a failure of the rows' source (a database error) leaves no half file either
        with replaced_whole(path) as partial, \
                open(partial, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([neutralise(h) for h in header])
            for row in rows:
                writer.writerow([neutralise(cell) for cell in row])
                count += 1
    except OSError as error:
        raise CsvError(t("csv.error.cannot_write", path=path, reason=error.strerror)) from None
    return count
