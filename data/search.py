"""Full-text search over meeting notes (SQLite FTS5).

The index is a plain FTS5 table kept in sync by triggers on `meeting_note`, so
every way a note is written (the notes editor's autosave, the demo's bulk
insert, a restore) keeps it current with no code to remember. A note's
searchable body is its text (autosave keeps it current while typing).

The `unicode61` tokenizer splits on spaces and punctuation; queries match word
prefixes, so "김민수" finds "김민수에게" (Korean particles follow the word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import Database, SqliteDatabase

from .models import Meeting, MeetingNote, database

_BODY = "{row}.text"

_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_search USING fts5("
    "note_id UNINDEXED, meeting_id UNINDEXED, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')",
    "CREATE TRIGGER IF NOT EXISTS note_search_insert AFTER INSERT ON meeting_note BEGIN "
    "INSERT INTO note_search (note_id, meeting_id, body) "
    f"VALUES (new.id, new.meeting_id, {_BODY.format(row='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_update AFTER UPDATE OF text ON meeting_note "
    "BEGIN DELETE FROM note_search WHERE note_id = old.id; "
    "INSERT INTO note_search (note_id, meeting_id, body) "
    f"VALUES (new.id, new.meeting_id, {_BODY.format(row='new')}); END",
    "CREATE TRIGGER IF NOT EXISTS note_search_delete AFTER DELETE ON meeting_note BEGIN "
    "DELETE FROM note_search WHERE note_id = old.id; END",
)


def has_fts5(db: Database) -> bool:
    try:
        db.execute_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        db.execute_sql("DROP TABLE temp.fts5_probe")
    except Exception:  # an SQLite built without FTS5: search is left out
        return False
    return True


def create_index(db: Database) -> bool:
    """Create the index and its triggers (idempotent), filling it from the notes
    already there. Returns False when this SQLite has no FTS5."""
    if not isinstance(db, SqliteDatabase) or not has_fts5(db):
        return False
    exists = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'note_search'").fetchone()
    with db.atomic():
        for statement in _DDL:
            db.execute_sql(statement)
        if not exists:
            db.execute_sql(
                "INSERT INTO note_search (note_id, meeting_id, body) "
                f"SELECT id, meeting_id, {_BODY.format(row='meeting_note')} FROM meeting_note")
    return True


def index_ready() -> bool:
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        return False
    return db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'note_search'").fetchone() is not None


@dataclass(frozen=True)
class NoteHit:
    meeting_id: str
    snippet: str  # a piece of the note around the match, matches between « and »


def fts_query(words: str) -> str:
    """The user's words as an FTS5 query: every word must appear, as a word prefix.
    Quotes keep FTS5 syntax ("AND", "-", "*") from being read from user text."""
    # A NUL ends FTS5's reading of the query ("unterminated string"): control
    # characters go, like the quotes.
    terms = ["".join(c for c in w if c != '"' and c.isprintable())
             for w in re.split(r"\s+", words.strip())]
    return " ".join(f'"{term}"*' for term in terms if term)


def search_notes(branch_id: str, words: str, limit: int = 50) -> list[NoteHit]:
    """Notes of `branch_id` containing all of `words`, newest meeting first."""
    query = fts_query(words)
    if not query:
        return []
    if not index_ready() and not create_index(database.obj):
        # PostgreSQL (HQ), or an SQLite without FTS5: a plain scan of the notes.
        return _search_plain(branch_id, words, limit)
    cursor = database.execute_sql(
        "SELECT s.meeting_id, snippet(note_search, 2, '«', '»', '…', 12) "
        "FROM note_search AS s JOIN meeting AS m ON m.id = s.meeting_id "
        "WHERE note_search MATCH ? AND m.branch_id = ? "
        "ORDER BY m.date DESC, m.started_at DESC LIMIT ?",
        (query, branch_id, limit),
    )
    return [NoteHit(row[0], row[1]) for row in cursor.fetchall()]



def _search_plain(branch_id: str, words: str, limit: int) -> list[NoteHit]:
    terms = [w for w in re.split(r"\s+", words.strip()) if w]
    query = (MeetingNote.select(MeetingNote.meeting, MeetingNote.text)
             .join(Meeting).where(Meeting.branch == branch_id))
    for term in terms:
        query = query.where(MeetingNote.text.contains(term))
    query = query.order_by(Meeting.date.desc(), Meeting.started_at.desc()).limit(limit)
    return [NoteHit(note.meeting_id, _snippet(note.text, terms[0])) for note in query]


def _snippet(text: str, term: str, around: int = 30) -> str:
    at = text.lower().find(term.lower())
    if at < 0:
        return text[: 2 * around]
    start, end = max(0, at - around), at + len(term)
    return (("…" if start else "") + text[start:at] + "«" + text[at:end] + "»"
            + text[end:end + around] + ("…" if end + around < len(text) else ""))
