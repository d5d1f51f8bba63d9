"""The catalog: complete in both languages, every key the code uses exists, formats."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pendulum
import pytest

from branchdash import i18n
from branchdash.i18n import (
    LANGUAGES,
    catalog,
    format_date,
    format_month,
    format_won,
    language_from_env,
    t,
    title,
)

ROOT = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("branchdash", "screens", "data")
KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+$")


def test_both_languages_have_the_same_keys() -> None:
    ko, en = catalog("ko"), catalog("en")
    assert sorted(ko.keys() - en.keys()) == []
    assert sorted(en.keys() - ko.keys()) == []


def test_placeholders_match_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    ko, en = catalog("ko"), catalog("en")
    mismatched = [key for key in en if fields(en[key]) != fields(ko[key])]
    assert mismatched == []


def _keys_used_in_code() -> set[tuple[str, str]]:
    used: set[tuple[str, str]] = set()
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "t" and node.args
                        and isinstance(node.args[0], ast.Constant)
                        and isinstance(node.args[0].value, str)):
                    used.add((str(path.relative_to(ROOT)), node.args[0].value))
                elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                      and node.value.startswith("@") and KEY.match(node.value[1:])):
                    used.add((str(path.relative_to(ROOT)), node.value[1:]))
    return used


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_in_the_code_exists(lang: str) -> None:
    keys = catalog(lang)
    missing = sorted(f"{where}: {key}" for where, key in _keys_used_in_code() if key not in keys)
    assert missing == []


def test_code_uses_keys_at_all() -> None:
    assert len(_keys_used_in_code()) > 30


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
    ({}, "en"),
])
def test_language_from_environment(environ: dict[str, str], expected: str) -> None:
    assert language_from_env(environ) == expected


def test_money_per_language() -> None:
    i18n.set_language("en")
    assert format_won(1_234_500) == "₩1,234,500"
    assert format_won(-5_000) == "-₩5,000"
    i18n.set_language("ko")
    assert format_won(1_234_500) == "1,234,500원"
    with pytest.raises(TypeError):
        format_won(12.5)  # type: ignore[arg-type]


def test_dates_per_language() -> None:
    day = pendulum.date(2026, 11, 28)
    i18n.set_language("ko")
    assert format_date(day) == "2026년 11월 28일 (토)"
    assert format_month(day) == "2026년 11월"
    i18n.set_language("en")
    assert format_date(day) == "Sat 28 Nov 2026"
    assert format_month(day) == "Nov 2026"


def test_titles_starting_with_at_follow_the_language() -> None:
    i18n.set_language("ko")
    assert title("@routine.morning_meeting") == "조회"
    i18n.set_language("en")
    assert title("@routine.morning_meeting").startswith("Morning meeting")
    assert title("신상품 설명회") == "신상품 설명회"


def test_fields_are_filled() -> None:
    assert t("today.agenda.overdue", count=3) == "3 overdue"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="ko, en"):
        i18n.set_language("fr")


def test_korean_lines_up_in_cells() -> None:
    # Hangul takes two terminal cells; tables measure cells, not characters.
    from rich.cells import cell_len

    assert cell_len("김민수") == 6
    assert cell_len("Kim") == 3


def test_a_message_repeats_at_most_forty_characters_of_what_was_typed() -> None:
    from branchdash.money import AmountError, parse_amount

    pasted = "1" * 5 + "x" * 5000
    with pytest.raises(AmountError) as refused:
        parse_amount(pasted)
    message = str(refused.value)
    assert "1" * 5 + "x" * 34 + "…" in message and len(message) < 200
    assert i18n.shown_value("2026-13-01") == "2026-13-01"  # short ones whole
