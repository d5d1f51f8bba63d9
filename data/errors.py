"""What can go wrong opening the store, each with what to do about it."""

from __future__ import annotations


class StoreError(Exception):
    """A problem the user can act on. `str()` is one line: what is wrong, what to do."""

    def __init__(self, what: str, todo: str) -> None:
        self.what = what
        self.todo = todo
        super().__init__(f"{what} {todo}".strip())


class CannotOpen(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class DamagedDatabase(StoreError):
    pass


class ForeignDatabase(StoreError):
    pass


class NewerSchema(StoreError):
    pass
