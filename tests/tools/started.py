"""Waiting for what the app does in the background just after start."""

from __future__ import annotations

from branchdash.app import BranchDashApp


async def styles_read(app: BranchDashApp, pilot: object, limit: float = 20.0) -> None:
    """Until the screens' styles are read (a thread, 0.5 s after start; later on a busy
    machine): before that, a first visit parses the stylesheet on the event loop, and
    the app builds no screen out of view."""
    waited = 0.0
    while not app._styles_ready:
        assert waited < limit, "the screens' styles were not read"
        await pilot.pause(0.1)  # type: ignore[attr-defined]
        waited += 0.1
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
