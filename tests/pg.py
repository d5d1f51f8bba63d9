"""A throwaway PostgreSQL server for the test session, and a fresh database per test.

Import the fixtures into a test module (`from tests.pg import pg_url  # noqa: F401`).
The server is made once per session (initdb in a temporary folder, loopback
only, a free port, trust auth) and stopped when the session ends. PostgreSQL
refuses to run as root, so as root the server runs as an unprivileged user
(`nobody`, or one made with useradd). The tests are skipped, with the reason,
only when no server can be started here (no binaries, no unprivileged user).
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "bdtest"
RUN_AS_CANDIDATES = ("postgres", "nobody")


@dataclass
class PgServer:
    folder: Path
    port: int
    bin_dir: Path
    run_as: str | None
    counter: int = 0

    @property
    def base(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}"

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        self.counter += 1
        name = f"bd_{os.getpid()}_{self.counter}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                    "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


_server: PgServer | None = None
_failure: str | None = None


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _run_as() -> str | None:
    """Who runs the server: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in RUN_AS_CANDIDATES:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    subprocess.run(["useradd", "--system", "--no-create-home", "bdpg"], check=True,
                   capture_output=True)
    return "bdpg"


def _run(server: PgServer, argv: list[str], check: bool = True
         ) -> subprocess.CompletedProcess[str]:
    if server.run_as is not None:
        argv = ["runuser", "-u", server.run_as, "--", *argv]
    return subprocess.run(argv, check=check, capture_output=True, text=True, timeout=120,
                          cwd=server.folder)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start() -> PgServer:
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise RuntimeError("psycopg is not installed (pip install 'branchdash[pg]')") \
            from error
    run_as = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="branchdash-pg-"))
    os.chmod(folder, 0o755)
    if run_as is not None:
        shutil.chown(folder, user=run_as)
    server = PgServer(folder, _free_port(), bin_dir, run_as)
    data = folder / "data"
    try:
        _run(server, [str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                      "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = (f"-c listen_addresses=127.0.0.1 -c port={server.port} "
                   f"-c unix_socket_directories={folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=50")
        _run(server, [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                      "-l", str(folder / "server.log"), "-w", "-t", "60", "start"])
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        detail = (error.stderr or "").strip() or (log.read_text() if log.exists() else "")
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {detail[-500:]}") from None
    return server


def server() -> PgServer:
    """The session's server, started on first use; pytest.skip when none can be."""
    global _server, _failure
    if _server is None and _failure is None:
        try:
            _server = _start()
            atexit.register(_server.stop)
        except Exception as error:  # noqa: BLE001 - any reason: skip with it
            _failure = str(error)
    if _server is None:
        pytest.skip(f"PostgreSQL tests skipped: {_failure}")
    return _server


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    return server()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A new, empty database on the session's server (dropped after the test)."""
    url = pg_server.new_database()
    yield url
    name = url.rsplit("/", 1)[1]
    try:
        pg_server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001 - leftovers go with the server's folder
        pass
