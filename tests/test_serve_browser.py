"""`branchdash serve` in a real browser: Debian's Chromium, headless, driven by Playwright.

The server runs as the user would start it (`branchdash --demo serve`) on loopback, in
its own data folder; the page is opened in Chromium; the test reads what the page's
terminal shows (xterm.js's screen buffer: what is drawn, not what was sent), takes a
screenshot, and presses an editing key. Skipped, saying why, only where Chromium or
Playwright is missing or Chromium cannot start.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BRANCHDASH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 90_000  # a generous bound for a busy two-core machine, not a measure

# Before the page's script runs: keep a handle on the xterm.js terminal textual-serve
# makes (it is not global), so that the test reads the screen buffer.
CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
                          {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.write === "function" && value.buffer) {
      window.__branchdashTerminal = value;
    }
  },
});
window.__screenText = () => {
  const terminal = window.__branchdashTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
};
"""

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)")


@dataclass
class Served:
    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("serve-data")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium cannot start here: {str(error).splitlines()[0]}")
        yield chromium
        chromium.close()


def _serve(data_home: Path, *extra: str) -> Iterator[Served]:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "BRANCHDASH_DB"}
    env["XDG_DATA_HOME"] = str(data_home)
    log = data_home / f"serve-{port}.log"
    with log.open("wb") as out:
        # Its own process group: the server and the app it runs per browser tab
        # are stopped together at the end.
        process = subprocess.Popen(
            [sys.executable, "-m", "branchdash", "--demo", "--lang", "en", "serve",
             "--port", str(port), *extra],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        while not _answering(url):
            if process.poll() is not None:
                pytest.fail(f"branchdash serve stopped: {log.read_text(errors='replace')}")
        yield Served(url, data_home / "branchdash" / "demo.db", process, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def read_only_server(data_home: Path) -> Iterator[Served]:
    yield from _serve(data_home)


@pytest.fixture
def editing_server(data_home: Path) -> Iterator[Served]:
    yield from _serve(data_home, "--edit")


@pytest.fixture
def cycling_server(data_home: Path) -> Iterator[Served]:
    yield from _serve(data_home, "--cycle", "5s")


def _digest(db: Path) -> str:
    """Everything stored, as one hash (read through a read-only connection)."""
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}"')):
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        connection.close()


def _open(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.add_init_script(CAPTURE_TERMINAL)
    page.goto(url + "?fontsize=14")
    page.wait_for_function("() => window.__screenText().includes('Today')", timeout=WAIT_MS)
    page.wait_for_function(  # the timeline has drawn (not only the header)
        "() => /now ──|No blocks on this day/.test(window.__screenText())", timeout=WAIT_MS)
    page.wait_for_function(  # and the agenda, which a worker reads
        "() => window.__screenText().includes('Sales this month')", timeout=WAIT_MS)
    return page


def _screen(page: object) -> str:
    return str(page.evaluate("window.__screenText()"))  # type: ignore[attr-defined]


def _press(page: object, *keys: str) -> None:
    # The keys go where a viewer's would: xterm's input, then the websocket.
    page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")  # type: ignore[attr-defined]
    for key in keys:
        page.keyboard.press(key)  # type: ignore[attr-defined]


def _go_to_a_day_with_blocks(page: object) -> None:
    """The demo's weekends have no blocks: step back to a working day (read-only keys)."""
    for _ in range(4):
        if "No blocks on this day" not in _screen(page):
            return
        before = _screen(page).splitlines()[1]
        _press(page, "p")
        page.wait_for_function(  # type: ignore[attr-defined]
            "(before) => window.__screenText().split('\\n')[1] !== before", arg=before,
            timeout=WAIT_MS)
    pytest.fail("no day with blocks in the demo's last week")


def _open_keys_help(page: object) -> str:
    """`?`: the keys help. Keys are handled in order, so when it shows, every key
    pressed before it has been handled."""
    _press(page, "?")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.__screenText().includes('closes this help')", timeout=WAIT_MS)
    return _screen(page)


def test_the_browser_shows_today_read_only_and_editing_keys_change_nothing(
        browser: object, read_only_server: Served, tmp_path: Path) -> None:
    page = _open(browser, read_only_server.url)
    text = _screen(page)
    header, footer = text.splitlines()[0], text.splitlines()[-1]
    assert "Today" in header and "강남" in header  # the demo branch's name, in Korean
    assert "Today's agenda" in text and "Sales this month" in text
    # The footer offers what a viewer can do, and no editing key.
    assert "Next day" in footer and "Week" in footer
    for editing in ("Add", "Edit", "Done", "Skip", "Delete", "Routine"):
        assert editing not in footer, footer

    shot = tmp_path / "today.png"
    page.screenshot(path=str(shot))  # type: ignore[attr-defined]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    _go_to_a_day_with_blocks(page)
    before = _digest(read_only_server.db)
    day = _screen(page)
    # The cursor to the first block (moving is allowed), then: done, skip, add,
    # delete, later, edit.
    _press(page, "ArrowDown", "x", "s", "a", "d", "+", "e")
    help_text = _inside_box(_open_keys_help(page))
    assert _digest(read_only_server.db) == before
    # The keys help lists the keys that work, and no editing one either.
    assert "Next day" in help_text and "Week" in help_text
    for editing in ("Add", "Edit", "Done", "Skip", "Delete", "Routine"):
        assert editing not in help_text, help_text
    _press(page, "Escape")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !window.__screenText().includes('closes this help')", timeout=WAIT_MS)
    # The same timeline as before the keys (the clock line aside): no form, no mark.
    assert _timeline(_screen(page)) == _timeline(day)
    page.close()  # type: ignore[attr-defined]


def test_with_edit_the_same_key_does_change_the_data(browser: object,
                                                      editing_server: Served) -> None:
    """The control: `--edit` lets the very key through, so the test above means
    something."""
    page = _open(browser, editing_server.url)
    footer = _screen(page).splitlines()[-1]
    assert "Add" in footer and "Done" in footer
    _go_to_a_day_with_blocks(page)
    before = _digest(editing_server.db)
    _press(page, "ArrowDown", "x")
    _open_keys_help(page)
    assert _digest(editing_server.db) != before, _screen(page)
    page.close()  # type: ignore[attr-defined]


def test_the_wall_display_goes_round_today_goals_budget(browser: object,
                                                        cycling_server: Served) -> None:
    """`--cycle`: nobody touches the page (it does not even have the focus); each
    screen comes in turn, with its own keys in the footer."""
    page = _open(browser, cycling_server.url)
    for title, key in (("Goals", "Next month"), ("Budget", "This month"),
                       ("Today", "Next day")):
        page.wait_for_function(  # type: ignore[attr-defined]
            "([title, key]) => { const rows = window.__screenText().split('\\n');"
            " return rows[0].includes('· ' + title) && rows[rows.length - 1].includes(key); }",
            arg=[title, key], timeout=WAIT_MS)
    page.close()  # type: ignore[attr-defined]


def _timeline(text: str) -> list[str]:
    """The left column's lines without the moving parts (clock, 'now' line)."""
    rows = []
    for line in text.splitlines()[1:-1]:
        left = line.split("▏", 1)[0].rstrip()
        if "now ──" not in left:
            rows.append(left)
    return rows


def _inside_box(text: str) -> str:
    """The lines of the dialog drawn over the screen (between its side borders)."""
    rows = []
    for line in text.splitlines():
        if line.count("│") >= 2:
            rows.append(line[line.index("│") + 1:line.rindex("│")].strip())
    return "\n".join(rows)
