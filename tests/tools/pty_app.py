"""The real branchdash in a pseudo-terminal, for tests that kill, stop or wake it.

`AppInPty` starts it with its own data folders and drains what it draws in a thread
(`received` is where each chunk goes: kept as bytes here, fed to a terminal emulator
by a subclass). Every app started is remembered in `LIVE`; the suite's autouse
fixture kills any a failed test left running: without a controlling terminal it gets
no SIGHUP when the pty closes, and would spin on it for the rest of the run.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

LIVE: list[subprocess.Popen[bytes]] = []


def kill_leftovers() -> None:
    while LIVE:
        process = LIVE.pop()
        if process.poll() is None:
            process.kill()
            process.wait()


class AppInPty:
    """branchdash running on a pseudo-terminal, its screen output drained in a thread."""

    def __init__(self, db_path: Path, home: Path, *, rows: int = 30, columns: int = 100,
                 env: Mapping[str, str] | None = None, args: Sequence[str] = ()) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color",
                       "XDG_DATA_HOME": str(home / "data"),
                       "XDG_STATE_HOME": str(home / "state"), "HOME": str(home),
                       "TEXTUAL_ANIMATIONS": "none", **(env or {})}
        environment.pop("BRANCHDASH_DB", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "branchdash", "--db", str(db_path), "--lang", "en", *args],
            stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True,
            close_fds=True)
        os.close(slave)
        LIVE.append(self.process)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.received(chunk)

    def received(self, chunk: bytes) -> None:
        self.output.extend(chunk)

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text.encode() in self.output:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; exit={self.process.poll()}, "
                             f"output tail={bytes(self.output[-400:])!r}")

    def type(self, text: str, delay: float = 0.02) -> list[float]:
        """Send keys one by one; returns when each was sent (monotonic seconds)."""
        sent: list[float] = []
        for char in text:
            os.write(self.master, char.encode())
            sent.append(time.monotonic())
            time.sleep(delay)
        return sent

    def stop(self, number: int) -> None:
        self.process.send_signal(number)
        try:
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            try:
                os.close(self.master)
            except OSError:
                pass
