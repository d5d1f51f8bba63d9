"""The terminal driver: Textual's, resuming only after its own suspend.

Textual's Linux driver restarts the terminal's application mode on every SIGCONT,
also after a stop it did not make (`kill -STOP`, a debugger): each restart adds
another thread reading the keyboard, keys are split between them, and one ctrl+q
no longer quits. After a stop we did not ask for, the terminal was never given back,
so there is nothing to restart: redraw the screen and carry on.
"""

from __future__ import annotations

from functools import partial

from textual.drivers.linux_driver import LinuxDriver


class BranchDriver(LinuxDriver):
    def _sigcont_application(self, *args: object) -> None:
        if self._must_signal_resume:  # our own ctrl+z suspended the app mode
            super()._sigcont_application(*args)
        else:
            # A signal handler: hand the redraw to the event loop the safe way.
            self._loop.call_soon_threadsafe(partial(self._app.refresh, repaint=True, layout=True))
