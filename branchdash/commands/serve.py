"""`branchdash serve`: the dashboard in a web browser, for the meeting room's TV.

textual-serve (the Textual project's own package) runs one copy of the app per
browser tab, each a fresh process on the same database, and streams its screen to
the page. The copies are read-only unless `--edit` is given. The server listens on
this computer only (127.0.0.1) unless `--host` says otherwise, and then warns that
partner data becomes visible on that network.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from pathlib import Path

from branchdash.errors import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ANY_ADDRESS = ("0.0.0.0", "::", "")


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "serve", help="show the dashboard in a web browser (the meeting room's screen); "
        "read-only unless --edit")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this computer "
                        "only); another address shares partner data with that network")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--public-url", metavar="URL",
                        help="the address browsers use to reach this computer, when it is "
                        "not http://HOST:PORT (e.g. behind a proxy)")
    parser.add_argument("--edit", action="store_true",
                        help="allow changes from the browser (default: read-only display)")
    parser.add_argument("--cycle", metavar="SECONDS", type=cycle_seconds, dest="serve_cycle",
                        help="show Today, Goals and Budget in turn, e.g. --cycle 30s")
    parser.set_defaults(handler=run, needs_database=True)


def cycle_seconds(text: str) -> float:
    """`30s`, `2m` or a number of seconds; at least 5 seconds."""
    value = text.strip().lower()
    scale = 60 if value.endswith("m") else 1
    try:
        seconds = float(value.rstrip("sm")) * scale
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time; write seconds like 30s or minutes like 2m") from None
    if seconds < 5:
        raise argparse.ArgumentTypeError(f"{text!r} is too short for people to read; "
                                         "use 5s or more")
    return seconds


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab. The database goes
    through $BRANCHDASH_DB (set by `run`), so a password in a URL is never on a
    command line."""
    parts = [sys.executable, "-m", "branchdash"]
    if not args.edit:
        parts.append("--read-only")
    cycle = args.serve_cycle or args.cycle
    if cycle:
        parts += ["--cycle", f"{cycle:g}s"]
    if args.lang:
        parts += ["--lang", args.lang]
    if args.timezone:
        parts += ["--timezone", args.timezone]
    return shlex.join(parts)


def public_url(args: argparse.Namespace) -> str:
    if args.public_url:
        return str(args.public_url).rstrip("/")
    host = args.host
    if host in ANY_ADDRESS:
        host = _lan_address()  # the page must name an address the TV can reach
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{args.port}"


def _lan_address() -> str:
    # Connecting a UDP socket sends nothing; it only picks the outgoing interface.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash import i18n
    from branchdash.data.branches import local_branch
    from branchdash.settings import load_settings

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a port; use a number from 1 to 65535.")
    i18n.set_language(args.lang or load_settings(os.environ).language)
    branch = local_branch()
    if branch is None:
        raise UsageError(i18n.t("serve.no_branch"))
    _check_port_free(args.host, args.port)
    if not is_loopback(args.host):
        print(i18n.t("serve.lan_warning", host=args.host), file=sys.stderr)
    os.environ["BRANCHDASH_DB"] = str(db_path)
    from textual_serve.server import Server

    url = public_url(args)
    server = Server(app_command(args), host=args.host, port=args.port,
                    title=f"branchdash · {branch.name}", public_url=url)
    mode = i18n.t("serve.mode_edit" if args.edit else "serve.mode_read_only")
    print(i18n.t("serve.started", url=url, mode=mode), file=sys.stderr)
    server.serve()
    return 0


def _check_port_free(host: str, port: int) -> None:
    """Say so in one line when the port is taken (aiohttp would print a traceback)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise UsageError(f"Cannot listen on {host}:{port} ({error.strerror}); another "
                             "program uses it. Choose another with --port.") from None
