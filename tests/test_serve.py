"""`branchdash serve` as a command: what it runs per browser tab, where it listens, what it
warns. The server itself is replaced by a recorder here; tests/test_serve_browser.py runs
the real one in a real browser."""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path

import pytest

from branchdash.cli import build_parser, main
from branchdash.commands import serve
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database


class RecordingServer:
    """Stands in for textual_serve's Server: remembers how it was made and started."""

    made: list[RecordingServer] = []

    def __init__(self, command: str, *, host: str, port: int, title: str,
                 public_url: str) -> None:
        self.command, self.host, self.port = command, host, port
        self.title, self.public_url = title, public_url
        self.served = False
        self.environment_db = os.environ.get("BRANCHDASH_DB")
        RecordingServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[RecordingServer]:
    import textual_serve.server

    RecordingServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", RecordingServer)
    # `run` puts the database in the environment for the apps it starts: setting it
    # here first makes monkeypatch put it back as it was after the test.
    monkeypatch.setenv("BRANCHDASH_DB", "")
    monkeypatch.delenv("BRANCHDASH_DB")
    return RecordingServer


@pytest.fixture
def branch_file(db: Path) -> Path:
    create_branch("강남3센터", "GN3")
    close_database()
    return db


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args([*argv])


def test_each_tab_runs_the_app_read_only_unless_edit() -> None:
    command = serve.app_command(_args("serve"))
    assert command.endswith("-m branchdash --read-only")
    assert "--read-only" not in serve.app_command(_args("serve", "--edit"))
    command = serve.app_command(_args("--lang", "ko", "serve", "--cycle", "30s"))
    assert "--read-only --cycle 30s --lang ko" in command
    # The global flag works too (`branchdash --cycle 1m serve`).
    assert "--cycle 60s" in serve.app_command(_args("--cycle", "1m", "serve"))


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("2m", 120), ("45", 45),
                                               (" 7.5S ", 7.5)])
def test_cycle_takes_seconds_or_minutes(text: str, seconds: float) -> None:
    assert serve.cycle_seconds(text) == seconds


@pytest.mark.parametrize(("text", "words"), [("soon", "not a time"), ("2s", "too short"),
                                             ("0", "too short")])
def test_a_bad_cycle_says_what_to_write(text: str, words: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["serve", "--cycle", text])
    assert stop.value.code == 2
    assert words in capsys.readouterr().err


def test_loopback_is_recognised() -> None:
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("localhost")
    assert serve.is_loopback("::1") and serve.is_loopback("127.0.0.2")
    assert not serve.is_loopback("0.0.0.0") and not serve.is_loopback("192.168.0.10")


def test_the_page_names_an_address_browsers_can_reach() -> None:
    assert serve.public_url(_args("serve")) == "http://127.0.0.1:8000"
    anywhere = serve.public_url(_args("serve", "--host", "0.0.0.0", "--port", "8080"))
    assert anywhere.startswith("http://") and anywhere.endswith(":8080")
    assert "0.0.0.0" not in anywhere  # a websocket to 0.0.0.0 would fail in the TV's browser
    assert serve.public_url(_args("serve", "--public-url", "https://tv.branch/")) == \
        "https://tv.branch"


def test_serve_on_loopback_starts_quietly(branch_file: Path, recorder: type[RecordingServer],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    port = _free_port()
    assert main(["--db", str(branch_file), "serve", "--port", str(port)]) == 0
    (server,) = recorder.made
    assert server.served and server.host == "127.0.0.1" and server.port == port
    assert "--read-only" in server.command and str(branch_file) not in server.command
    assert server.environment_db == str(branch_file)  # the tabs open this file
    assert "강남3센터" in server.title
    err = capsys.readouterr().err
    assert "read-only" in err and "Warning" not in err


def test_another_host_warns_that_partner_data_is_visible(
        branch_file: Path, recorder: type[RecordingServer],
        capsys: pytest.CaptureFixture[str]) -> None:
    port = _free_port()
    assert main(["--db", str(branch_file), "serve", "--host", "0.0.0.0", "--port",
                 str(port), "--edit"]) == 0
    err = capsys.readouterr().err
    assert "Warning: listening on 0.0.0.0" in err and "partners' names" in err
    assert "changes allowed" in err
    assert "--read-only" not in recorder.made[0].command


def test_the_warning_is_in_korean_for_korean_users(
        branch_file: Path, recorder: type[RecordingServer],
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["--db", str(branch_file), "--lang", "ko", "serve", "--host", "0.0.0.0",
          "--port", str(_free_port())])
    err = capsys.readouterr().err
    assert "주의" in err and "읽기 전용" in err


def test_a_database_without_a_branch_is_refused(db: Path, recorder: type[RecordingServer],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    assert main(["--db", str(db), "serve", "--port", str(_free_port())]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no branch yet" in err[0]
    assert recorder.made == []


def test_a_port_in_use_is_one_line(branch_file: Path, recorder: type[RecordingServer],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--db", str(branch_file), "serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{port}" in err and "--port" in err and "Traceback" not in err
    assert recorder.made == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
