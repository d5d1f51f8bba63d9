"""The meeting-note syntax: plain lines are notes, a few markers make items.

    - [ ] 신상품 교재 배부 @김민수 ~12/1     an action item (owner, due date)
    - [x] done item                         an action item already done
    ! 다음 주부터 오전 방문 강화             a decision
    > 고객 안내문 오늘 배포                   an item to relay to the sellers

Parsing never changes the text: the editor's text is the record, the items are
read from it. The `set_*` helpers rewrite one action line (check it off, change
its owner or due date) and leave every other character of the line alone.
Pure: no database, no clock (the meeting's date is a parameter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pendulum import Date

ACTION = "action"
DECISION = "decision"
RELAY = "relay"

_ACTION_RE = re.compile(r"^(?P<indent>\s*)[-*]\s?\[(?P<mark>[ xX✓])\]\s?(?P<body>.*)$")
_DECISION_RE = re.compile(r"^\s*!\s*(?P<body>.*)$")
_RELAY_RE = re.compile(r"^\s*>\s*(?P<body>.*)$")
# "@name" preceded by the line start or a space (an e-mail address is not an owner).
_OWNER_RE = re.compile(r"(?:(?<=\s)|^)@(?P<owner>[^\s@~]+)")
# "~12/1", "~2026-12-01", "~12-01", "~12.1", "~12월1일"
_DUE_RE = re.compile(
    r"(?:(?<=\s)|^)~(?P<due>(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}\.?|\d{1,2}월\s?\d{1,2}일)"
)


@dataclass(frozen=True)
class NoteItem:
    kind: str  # ACTION, DECISION or RELAY
    line: int  # 0-based line number in the text
    text: str  # the item without its markers, owner and due date
    owner: str = ""
    due: Date | None = None
    due_text: str = ""  # as typed, when it is not a valid date
    done: bool = False


def parse_due(raw: str, today: Date) -> Date | None:
    found = re.findall(r"\d+", raw)
    if any(len(n) > 4 for n in found):  # no part of a date is longer than a year
        return None
    numbers = [int(n) for n in found]
    if len(numbers) == 3:
        year, month, day = numbers
    elif len(numbers) == 2:
        month, day = numbers
        year = today.year
    else:
        return None
    try:
        due = Date(year, month, day)
    except ValueError:
        return None
    if len(numbers) == 2:
        # "~1/5" typed in December means next January; "~12/28" typed in January, last December.
        if (due - today).days < -183:
            due = _with_year(due, year + 1)
        elif (due - today).days > 183:
            due = _with_year(due, year - 1)
    return due


def _with_year(due: Date, year: int) -> Date | None:
    try:
        return Date(year, due.month, due.day)
    except ValueError:  # 29 Feb
        return due


def parse_line(line: str, number: int, today: Date) -> NoteItem | None:
    match = _ACTION_RE.match(line)
    if match:
        body = match["body"]
        owner_match = _OWNER_RE.search(body)
        due_match = _DUE_RE.search(body)
        due_text = due_match["due"] if due_match else ""
        due = parse_due(due_text, today) if due_text else None
        text = _OWNER_RE.sub("", body)
        text = _DUE_RE.sub("", text)
        return NoteItem(ACTION, number, " ".join(text.split()),
                        owner_match["owner"] if owner_match else "", due,
                        due_text if due is None else "", match["mark"] != " ")
    match = _DECISION_RE.match(line)
    if match:
        return NoteItem(DECISION, number, match["body"].strip())
    match = _RELAY_RE.match(line)
    if match:
        return NoteItem(RELAY, number, match["body"].strip())
    return None


def parse_notes(text: str, today: Date) -> list[NoteItem]:
    """Every item in `text`, in order. Lines without a marker are plain notes."""
    items: list[NoteItem] = []
    for number, line in enumerate(text.split("\n")):
        item = parse_line(line, number, today)
        if item is not None:
            items.append(item)
    return items


# --- rewriting an action line ----------------------------------------------------------


def format_due(due: Date) -> str:
    return f"{due.month}/{due.day}"


def action_line(text: str, owner: str = "", due: Date | None = None, done: bool = False) -> str:
    """A new action line, as the user would type it."""
    parts = [f"- [{'x' if done else ' '}] {text}".rstrip()]
    if owner:
        parts.append(f"@{owner}")
    if due is not None:
        parts.append(f"~{format_due(due)}")
    return " ".join(parts)


def set_done(line: str, done: bool) -> str:
    match = _ACTION_RE.match(line)
    if not match:
        return line
    start, end = match.span("mark")
    return line[:start] + ("x" if done else " ") + line[end:]


def set_owner(line: str, owner: str) -> str:
    """Replace (or add, or with "" remove) the owner of an action line."""
    if not _ACTION_RE.match(line):
        return line
    found = _OWNER_RE.search(line)
    if found:
        if owner:
            return line[: found.start("owner")] + owner + line[found.end("owner"):]
        return (line[: found.start()].rstrip() + " " + line[found.end():].lstrip()).rstrip()
    return f"{line.rstrip()} @{owner}" if owner else line


def set_due(line: str, due: Date | None) -> str:
    """Replace (or add, or with None remove) the due date of an action line."""
    if not _ACTION_RE.match(line):
        return line
    found = _DUE_RE.search(line)
    if found:
        if due is not None:
            return line[: found.start("due")] + format_due(due) + line[found.end("due"):]
        return (line[: found.start()].rstrip() + " " + line[found.end():].lstrip()).rstrip()
    return f"{line.rstrip()} ~{format_due(due)}" if due is not None else line


# --- owner completion --------------------------------------------------------------------


def owner_prefix(line: str, column: int) -> str | None:
    """The partial owner name just before `column` ("@김" → "김"), or None when the
    cursor is not right after an "@word"."""
    before = line[:column]
    match = re.search(r"(?:(?<=\s)|^)@([^\s@~]*)$", before)
    return match.group(1) if match else None


def complete_owner(prefix: str, roster: Iterable[str], limit: int = 8) -> list[str]:
    """Roster names that start with `prefix` first, then those that contain it."""
    folded = prefix.casefold()
    starts: list[str] = []
    contains: list[str] = []
    for name in dict.fromkeys(roster):
        key = name.casefold()
        if key.startswith(folded):
            starts.append(name)
        elif folded in key:
            contains.append(name)
    return (sorted(starts) + sorted(contains))[:limit]


def owner_token(name: str) -> str:
    """A roster name as it can be typed after "@" (no spaces)."""
    return "".join(name.split())
