"""Drafts of forms: what is typed into a form, kept on disk until the form saves.

A draft is one small JSON file per form key (which form, and which row it edits)
in a `drafts/<database stem>` folder beside the database: 0700 folder, 0600 files
(forms hold partners' names and phones). It is written atomically (a temporary
file, then `os.replace`), so a kill leaves the old draft or the new one, never
half of one. A damaged or foreign file is ignored with a log line: reading a
draft never stops the app. A full disk may refuse a draft too; the values then
stay in the form (in memory), which is what the form's save retry relies on.

A draft is offered back only when its form is opened again: one never reopened
(a form for a partner since resigned, say) would keep names and phones on disk for
good. Drafts untouched for KEEP_DAYS are removed (`prune`, once a start).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from branchdash.clock import utc_now
from branchdash.data.backup import private_folder

FORMAT = 1
KEEP_DAYS = 30
log = logging.getLogger(__name__)

# What a field holds: text, a choice (None for none), a tick box, or a form's own
# structure (a grid's rows) made of the same.
DraftValue = str | int | bool | None | list["DraftValue"] | dict[str, "DraftValue"]
DraftValues = dict[str, DraftValue]


@dataclass(frozen=True)
class Draft:
    key: str
    values: DraftValues
    saved_at: str  # ISO instant, UTC


def drafts_dir(db_path: Path) -> Path:
    """Where the drafts of the database at `db_path` live (not created here)."""
    return db_path.parent / "drafts" / db_path.stem


class DraftStore:
    """The drafts of one database's forms."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._folder_ready = False

    def path(self, key: str) -> Path:
        # A hash: keys hold titles and ids, any character; file names must not.
        return self.folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")

    def save(self, key: str, values: DraftValues) -> bool:
        """Write the draft; False when the disk refused it (full, read-only)."""
        data = {"format": FORMAT, "key": key, "saved_at": utc_now().isoformat(),
                "values": values}
        try:
            self._private_folder()
            fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.folder)
            try:
                # No fsync: a kill leaves the page cache to the kernel, and like the
                # database (WAL, synchronous=normal) a draft need not outlive a power cut;
                # it must not cost the typing a disk flush every pause.
                with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: 0600
                    json.dump(data, handle, ensure_ascii=False)
                os.replace(temp, self.path(key))
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as error:
            log.warning("draft %r not written: %s", key, error)
            self._folder_ready = False  # made again next time, should it be gone
            return False
        return True

    def load(self, key: str) -> Draft | None:
        """The draft kept for `key`, or None (none, or unreadable: then logged)."""
        path = self.path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("draft %s ignored: cannot read it (%s)", path, error)
            return None
        try:
            data = json.loads(text)
        except ValueError as error:
            log.warning("draft %s ignored: damaged (%s)", path, error)
            return None
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and data.get("key") == key and isinstance(data.get("values"), dict)
                and isinstance(data.get("saved_at"), str)):
            log.warning("draft %s ignored: not a draft of %r", path, key)
            return None
        return Draft(key, data["values"], data["saved_at"])

    def discard(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as error:
            log.warning("draft %r not removed: %s", key, error)

    def keys(self) -> list[str]:
        """The keys of the drafts kept (damaged files left out)."""
        found: list[str] = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and isinstance(data.get("key"), str):
                found.append(data["key"])
        return found

    def prune(self, now: datetime, keep_days: int = KEEP_DAYS) -> int:
        """Remove the drafts saved more than `keep_days` before `now` (by the time the
        draft holds, from the app's clock); returns how many went."""
        cutoff = now.timestamp() - keep_days * 86_400
        removed = 0
        for path in self.folder.glob("*.json"):
            try:
                saved_at = json.loads(path.read_text(encoding="utf-8"))["saved_at"]
                if datetime.fromisoformat(saved_at).timestamp() < cutoff:
                    path.unlink()
                    removed += 1
            except (OSError, ValueError, KeyError, TypeError) as error:
                log.warning("draft %s left as it is: %s", path, error)
        return removed

    def _private_folder(self) -> None:
        if self._folder_ready:
            return
        private_folder(self.folder.parent)
        private_folder(self.folder)
        self._folder_ready = True
