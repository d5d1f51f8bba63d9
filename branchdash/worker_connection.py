"""A worker thread's connection to the store, closed when the worker is done.

Peewee gives each thread its own connection. A worker that leaves its connection
open holds the database's files open until its thread's state is collected: the
app's open files then went up and down with the collector's timing, and a
worker's reads were not released at once. Every thread worker that reads the store
ends with `close_connection()` (in a `finally`).
"""

from __future__ import annotations

from branchdash.data.models import database


def close_connection() -> None:
    """Close the calling thread's connection (a worker thread's, when it is done);
    never called on the app's own thread."""
    database.close()
