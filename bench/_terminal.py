"""Run a program in a pseudo-terminal and time how long until a text appears on it.

Shared by the bench scripts: "time to first frame" is measured as a person would
see it — from starting the process to the moment the screen shows a known text.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass

# CSI sequences, charset selection, keypad/cursor-save, and OSC strings.
ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07"
)


@dataclass(frozen=True)
class Timing:
    seconds: float
    found: bool


def time_until_text(command: Sequence[str], marker: str, *, env: dict[str, str] | None = None,
                    columns: int = 120, rows: int = 40, timeout: float = 60.0) -> Timing:
    """Start `command` on a new pty of the given size; return when `marker` is drawn."""
    master, slave = pty.openpty()
    os.set_inheritable(slave, True)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environ = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(rows), **(env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=environ,
                               close_fds=True, start_new_session=True)
    os.close(slave)
    seen = b""
    target = marker.encode("utf-8")
    found = False
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if target in ESCAPES.sub(b"", seen):
                    found = True
                    break
            elif process.poll() is not None:
                break
        elapsed = time.perf_counter() - start
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master)
    return Timing(elapsed, found)


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def print_table(title: str, rows: Sequence[tuple[str, Sequence[float]]],
                baseline: str | None = None, unit: str = "ms", scale: float = 1000.0) -> None:
    print(f"\n{title}")
    print(f"{'what':<44}{'median':>10}{'min':>10}{'max':>10}{'ratio':>8}")
    base = None
    if baseline is not None:
        base = summary(dict(rows)[baseline])[0]
    for name, values in rows:
        median, low, high = summary(values)
        ratio = f"{median / base:.2f}x" if base else ""
        print(f"{name:<44}{median * scale:>9.0f}{unit[:1] if unit != 'ms' else ''}"
              f"{low * scale:>10.0f}{high * scale:>10.0f}{ratio:>8}")
