"""The note syntax parser: markers, owners, dates, Korean and English, and no surprises."""

from __future__ import annotations

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from branchdash.notes import (
    ACTION,
    DECISION,
    RELAY,
    action_line,
    complete_owner,
    owner_prefix,
    parse_line,
    parse_notes,
    set_done,
    set_due,
    set_owner,
)

TODAY = pendulum.date(2026, 11, 30)

korean = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
                 min_size=1, max_size=6)
latin = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1,
                max_size=10)
names = korean | latin
words = st.lists(korean | latin | st.sampled_from(["교재", "배부", "call", "the", "3건"]),
                 min_size=1, max_size=6).map(" ".join)
dates = st.dates(min_value=pendulum.date(2026, 6, 1), max_value=pendulum.date(2027, 5, 30))


def test_the_examples_of_the_issue() -> None:
    item = parse_line("- [ ] 신상품 교재 배부 @김민수 ~12/1", 0, TODAY)
    assert item is not None
    assert (item.kind, item.text, item.owner, item.due, item.done) == (
        ACTION, "신상품 교재 배부", "김민수", pendulum.date(2026, 12, 1), False)
    decision = parse_line("! 다음 주부터 오전 방문 강화", 3, TODAY)
    assert decision is not None and (decision.kind, decision.text, decision.line) == (
        DECISION, "다음 주부터 오전 방문 강화", 3)
    relay = parse_line("> 고객 안내문 오늘 배포", 0, TODAY)
    assert relay is not None and (relay.kind, relay.text) == (RELAY, "고객 안내문 오늘 배포")
    assert parse_line("그냥 메모", 0, TODAY) is None
    assert parse_line("mail kim@example.com", 0, TODAY) is None


def test_due_date_forms_and_the_year_turn() -> None:
    def due(text: str) -> pendulum.Date | None:
        item = parse_line(f"- [ ] x {text}", 0, TODAY)
        assert item is not None
        return item.due

    assert due("~2027-01-05") == pendulum.date(2027, 1, 5)
    assert due("~1/5") == pendulum.date(2027, 1, 5)  # typed in November: next January
    assert due("~12-03") == pendulum.date(2026, 12, 3)
    assert due("~12월 3일") == pendulum.date(2026, 12, 3)
    assert due("~13/40") is None
    item = parse_line("- [x] done @Lee ~13/40", 0, TODAY)
    assert item is not None and item.done and item.due_text == "13/40"
    assert item.owner == "Lee"


@given(st.text(max_size=300))
def test_any_text_parses_and_is_left_as_it_was(text: str) -> None:
    before = str(text)
    items = parse_notes(text, TODAY)
    assert text == before
    lines = text.split("\n")
    for item in items:
        assert 0 <= item.line < len(lines)
        assert item.kind in (ACTION, DECISION, RELAY)
    assert [i.line for i in items] == sorted({i.line for i in items})


@given(words, names, dates, st.booleans())
def test_action_lines_round_trip(text: str, owner: str, due: pendulum.Date, done: bool) -> None:
    due = pendulum.date(due.year, due.month, due.day)
    line = action_line(text, owner, due, done)
    item = parse_line(line, 0, due.subtract(days=30))
    assert item is not None
    assert (item.kind, item.text, item.owner, item.due, item.done) == (
        ACTION, " ".join(text.split()), owner, due, done)


@given(words, names, names, dates, dates)
def test_rewriting_an_action_changes_only_that_part(text: str, owner: str, other: str,
                                                    due: pendulum.Date,
                                                    later: pendulum.Date) -> None:
    due, later = (pendulum.date(d.year, d.month, d.day) for d in (due, later))
    today = pendulum.date(2026, 12, 1)
    line = action_line(text, owner, due)
    checked = parse_line(set_done(line, True), 0, today)
    assert checked is not None and checked.done and checked.owner == owner
    moved = parse_line(set_owner(line, other), 0, today)
    assert moved is not None and moved.owner == other and moved.text == " ".join(text.split())
    redated = parse_line(set_due(line, later), 0, today)
    assert redated is not None and redated.due == later and redated.owner == owner
    bare = parse_line(set_due(set_owner(line, ""), None), 0, today)
    assert bare is not None and (bare.owner, bare.due) == ("", None)


@given(st.lists(words, max_size=5), words, names)
def test_markers_parse_among_plain_lines(plain: list[str], text: str, owner: str) -> None:
    lines = [*plain, f"! {text}", f"> {text}", f"- [ ] {text} @{owner}"]
    items = parse_notes("\n".join(lines), TODAY)
    kinds = [i.kind for i in items if i.line >= len(plain)]
    assert kinds == [DECISION, RELAY, ACTION]
    assert items[-1].owner == owner


def test_owner_completion_from_the_roster() -> None:
    roster = ["김민수", "김민지", "박영미", "Kim"]
    assert owner_prefix("- [ ] 교재 @김민", 12) == "김민"
    assert owner_prefix("- [ ] 교재 김민", 11) is None
    assert complete_owner("김민", roster) == ["김민수", "김민지"]
    assert complete_owner("영", roster) == ["박영미"]
    assert complete_owner("ki", roster) == ["Kim"]
