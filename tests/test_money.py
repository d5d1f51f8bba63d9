"""Amounts as people type them: every accepted form is the exact integer, every
refused one says why (property tests over many inputs, then the named cases)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branchdash import i18n
from branchdash.money import MAX_WON, AmountError, parse_amount

FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def korean_words(n: int) -> str:
    """n written with 억 and 만 and the rest in digits: 1억 2345만 6789."""
    eok, rest = divmod(n, 100_000_000)
    man, won = divmod(rest, 10_000)
    parts = []
    if eok:
        parts.append(f"{eok}억")
    if man:
        parts.append(f"{man}만")
    if won:
        parts.append(str(won))
    return " ".join(parts)


def decimal_man(n: int) -> str | None:
    """1.5만 for 15000; None when n is no whole number of won in that form."""
    whole, part = divmod(n, 10_000)
    if not whole:
        return None
    return f"{whole}.{str(part).rjust(4, '0').rstrip('0')}만" if part else f"{whole}만"


amounts = st.integers(min_value=1, max_value=10**11)


@st.composite
def typed_amount(draw: st.DrawFn) -> tuple[str, int]:
    n = draw(amounts)
    forms = [str(n), f"{n:,}", f"₩{n:,}", f"₩{n}", f"{n}원", f"{n:,}원", f"{n:,} 원",
             f" {n} ", korean_words(n), korean_words(n) + "원", f"{n:,}".translate(FULL_WIDTH)]
    if n % 10_000 == 0:
        forms += [f"{n // 10_000}만", f"{n // 10_000}만원", f"{n // 10_000:,}만"]
    if decimal_man(n) is not None:
        forms.append(decimal_man(n))
    return draw(st.sampled_from(forms)), n


@settings(max_examples=500)
@given(typed_amount())
def test_every_accepted_form_is_the_exact_integer(case: tuple[str, int]) -> None:
    text, n = case
    assert parse_amount(text) == n


@settings(max_examples=300)
@given(typed_amount(), st.sampled_from(["-", "\u2212", "₩-"]))
def test_negatives_are_refused_with_a_message(case: tuple[str, int], sign: str) -> None:
    text, _n = case
    typed = sign + text.strip().removeprefix("₩")
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert caught.value.reason == "negative"
    assert "negative" in caught.value.message


@given(amounts, st.integers(min_value=1, max_value=99))
def test_decimals_of_a_won_are_refused(n: int, cents: int) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(f"{n}.{cents:02d}")
    assert caught.value.reason == "decimal"


@given(st.integers(min_value=10_000, max_value=10**9), st.integers(min_value=1, max_value=3))
def test_commas_in_the_wrong_place_are_refused(n: int, shift: int) -> None:
    digits = str(n)
    typed = digits[:-3 - shift] + "," + digits[-3 - shift:]  # not a thousands boundary
    if len(digits) - 3 - shift <= 0:
        typed = digits[:1] + "," + digits[1:]
        if len(digits[1:]) == 3:
            return  # that one groups thousands after all
    with pytest.raises(AmountError) as caught:
        parse_amount(typed)
    assert caught.value.reason == "grouping"


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(list("0123456789,.₩원만천억백십 -abc")), max_size=14)
       | st.text(max_size=10))
def test_anything_typed_is_an_amount_or_a_message(text: str) -> None:
    try:
        value = parse_amount(text)
    except AmountError as error:
        assert error.message and error.reason
        assert "{text}" not in error.message  # the field is filled
    else:
        assert isinstance(value, int) and 0 < value <= MAX_WON


@pytest.mark.parametrize(("text", "won"), [
    ("120000", 120_000), ("120,000", 120_000), ("₩120,000", 120_000), ("120000원", 120_000),
    ("12만", 120_000), ("12만원", 120_000), ("1.5만", 15_000), ("12만 5천원", 125_000),
    ("12만5000", 125_000), ("1억 2000만", 120_000_000), ("3천5백만", 35_000_000),
    ("천만원", 10_000_000), ("만원", 10_000), ("１２０，０００", 120_000), ("￦5,000", 5_000),
    ("1,200만", 12_000_000), ("1.5억", 150_000_000), ("5천원", 5_000),
])
def test_named_forms(text: str, won: int) -> None:
    assert parse_amount(text) == won


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"), ("   ", "empty"), ("-5000", "negative"), ("(5,000)", "negative"),
    ("0", "zero"), ("0원", "zero"), ("0만", "zero"), ("12,00", "grouping"),
    ("1.5", "decimal"), ("12.000", "decimal"), ("12만 15000", "ambiguous"),
    ("3천 1500", "ambiguous"), ("12만만", "order"), ("5천만 3억", "order"),
    ("1.23456만", "fraction"), ("12 000", "unknown"), ("abc", "unknown"), ("원", "unknown"),
    ("1조", "unknown"), ("20000억", "too_large"), ("12만 1.5천", "decimal"),
])
def test_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.reason == reason


def test_zero_is_allowed_when_asked() -> None:
    assert parse_amount("0", allow_zero=True) == 0


def test_messages_in_korean() -> None:
    i18n.set_language("ko")
    with pytest.raises(AmountError) as caught:
        parse_amount("-5,000")
    assert "음수" in caught.value.message
    with pytest.raises(AmountError) as caught:
        parse_amount("12만 15000")
    assert "135000" in caught.value.message
