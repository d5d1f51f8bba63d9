"""Files written for the user (exports, reports): whole or not at all, and private.

A file appears under its name only once it is complete: it is written beside it under
a hidden partial name, which replaces the target at the end and is removed on any
failure. Every such file is readable by its owner only (0600), whatever it holds: a
roster export carries partners' phone numbers, a report the branch's figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_whole(path: Path) -> Iterator[Path]:
    """Yields the partial file to write (made empty, 0600); on leaving, it replaces
    `path`, or, on any error, is removed. OSError when the folder takes no file."""
    partial = path.with_name(f".{path.name}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        yield partial
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
