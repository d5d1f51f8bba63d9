"""The command line: open the app on a database, the demo, restore a backup.

Every problem the user can act on is one line on stderr and exit code 2; an
unexpected failure is written to a log file and named in one line, never
shown as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from branchdash import __version__
from branchdash.commands import register_all
from branchdash.commands.serve import cycle_seconds
from branchdash.errors import UsageError

if TYPE_CHECKING:
    from branchdash.settings import Settings

EXIT_USAGE = 2
DEMO_SCALES = ("branch", "region")


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("branchdash", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "branchdash.db"


def demo_db_path(scale: str) -> Path:
    return data_dir() / ("demo.db" if scale == "branch" else f"demo-{scale}.db")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchdash",
        description="A terminal dashboard for the manager of a sales branch.",
    )
    parser.add_argument("--db", metavar="PATH",
                        help="the database file (default: $BRANCHDASH_DB, else "
                        f"{default_db_path()})")
    parser.add_argument("--demo", action="store_true",
                        help="open the demo branch in its own database (never the real one)")
    parser.add_argument("--scale", choices=DEMO_SCALES, default="branch",
                        help="with --demo: 'region' makes 10,000 partners and 3 years")
    parser.add_argument("--lang", choices=("ko", "en"),
                        help="language of the screens (saved for next time)")
    parser.add_argument("--timezone", metavar="ZONE",
                        help="the branch's timezone, e.g. Asia/Seoul (saved; default: this "
                        "machine's)")
    parser.add_argument("--read-only", action="store_true",
                        help="show the data and change nothing (the meeting-room screen)")
    parser.add_argument("--cycle", metavar="SECONDS", type=cycle_seconds,
                        help="with --read-only: show Today, Goals and Budget in turn, e.g. 30s")
    parser.add_argument("--version", action="version", version=f"branchdash {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_all(commands)
    return parser


def resolve_db_path(args: argparse.Namespace, environ: os._Environ[str] | dict[str, str]
                    ) -> tuple[Path, bool]:
    """The database to open, and whether its folder may be created."""
    if args.demo:
        if args.db:
            raise UsageError("--demo opens its own database; leave out --db (or leave out "
                             "--demo to open that file).")
        return demo_db_path(args.scale), True
    if args.scale != "branch":
        raise UsageError("--scale goes with --demo, e.g. branchdash --demo --scale region.")
    if args.db:
        return _location(args.db), False
    if environ.get("BRANCHDASH_DB"):
        return _location(environ["BRANCHDASH_DB"]), False
    return default_db_path(), True


def _location(text: str) -> Path:
    """A file path, or a PostgreSQL URL kept as text (a `PgUrl`)."""
    from branchdash.data.postgres import is_postgres_url

    return PgUrl(text) if is_postgres_url(text) else Path(text).expanduser()


class PgUrl(str):
    """`--db postgresql://user@host/dbname`: the store is a PostgreSQL database."""


def open_store(path: Path | PgUrl, *, create_folder: bool = False) -> None:
    if isinstance(path, PgUrl):
        from branchdash.data.postgres import open_postgres

        open_postgres(str(path))
    else:
        from branchdash.data.database import open_database

        open_database(path, create_folder=create_folder)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last net: no traceback reaches the user
        from branchdash.csvio import CsvError
        from branchdash.data.errors import StoreError

        if isinstance(error, StoreError | UsageError | CsvError):
            print(f"branchdash: {error}", file=sys.stderr)
            return EXIT_USAGE
        from branchdash.crashlog import write_crash_log
        from branchdash.i18n import t

        log = write_crash_log(error)
        print(t("cli.crashed_because", error=f"{type(error).__name__}: {error}", log=str(log)),
              file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    # Imported here so that `--help` and flag errors answer at once.
    from branchdash import i18n
    from branchdash.clock import system_clock, use_clock
    from branchdash.data.database import close_database
    from branchdash.settings import SettingError, load_settings, save_language, save_timezone

    path, create_folder = resolve_db_path(args, os.environ)
    if args.command:
        return _run_command(args, path, create_folder)

    demo, scale = args.demo, args.scale
    lang = args.lang
    while True:
        clock = system_clock()  # the system's (a test may set its own)
        use_clock(clock)
        open_store(path, create_folder=create_folder)
        try:
            try:
                # The display mode writes nothing, not even the choices of its flags.
                if args.timezone and not args.read_only:
                    save_timezone(args.timezone)
                settings = load_settings(os.environ, lang_flag=lang)
                if lang and not args.read_only:
                    save_language(lang)
                if args.timezone and args.read_only:
                    settings = _with_timezone(settings, args.timezone)
            except SettingError as error:
                raise UsageError(str(error)) from None
            i18n.set_language(settings.language)
            clock = system_clock(settings.timezone)
            use_clock(clock)
            if demo:
                _ensure_demo(path, scale, clock)
            from branchdash.app import BranchDashApp, Exit

            app = BranchDashApp(clock, db_path=None if isinstance(path, PgUrl) else path,
                                demo=demo, read_only=args.read_only,
                                cycle_seconds=args.cycle, prepare_screens=True)
            result = app.run()
        finally:
            close_database()
        if app.crash_log is not None:
            print(i18n.t("cli.crashed", log=str(app.crash_log)), file=sys.stderr)
            return 1
        if app.return_code not in (0, None):
            return app.return_code or 1
        if result == Exit.OPEN_DEMO:
            path, create_folder, demo, scale = demo_db_path("branch"), True, True, "branch"
            continue
        if result == Exit.SWITCH_LANGUAGE:
            lang = "en" if settings.language == "ko" else "ko"
            continue
        return 0


def _run_command(args: argparse.Namespace, path: Path, create_folder: bool) -> int:
    from branchdash import i18n
    from branchdash.clock import SystemClock, use_clock
    from branchdash.data.database import close_database

    use_clock(SystemClock())
    if not args.needs_database:  # no saved language to read: --lang, or the locale
        i18n.set_language(args.lang or i18n.language_from_env(os.environ))
        return int(args.handler(args, path))
    open_store(path, create_folder=create_folder)
    try:
        from branchdash.settings import SettingError, load_settings

        try:
            settings = load_settings(os.environ, lang_flag=args.lang)
        except SettingError as error:
            raise UsageError(str(error)) from None
        i18n.set_language(settings.language)  # what the app speaks, or --lang
        clock = SystemClock(settings.timezone)
        use_clock(clock)
        if args.demo:  # e.g. `branchdash --demo serve`: the demo, made or renewed
            _ensure_demo(path, args.scale, clock)
        return int(args.handler(args, path))
    finally:
        close_database()


def _with_timezone(settings: Settings, zone: str) -> Settings:
    """The display mode's --timezone: used for this run, not saved."""
    from dataclasses import replace

    from branchdash.settings import SettingError, valid_timezone

    if not valid_timezone(zone):
        raise SettingError(f"{zone!r} is not a known timezone; use a name such as "
                           "Asia/Seoul or Europe/London.")
    return replace(settings, timezone=zone)


def _ensure_demo(path: Path, scale: str, clock: object) -> None:
    """The demo ends today: made on first use, made again when it is from another day."""
    from branchdash.data.branches import branch_count
    from branchdash.data.settings import get_setting, set_setting

    today = clock.now().date()  # type: ignore[attr-defined]
    made_for = get_setting("demo.generated_for")
    if branch_count() and made_for == today.isoformat():
        return
    from branchdash.data.demo import generate_demo  # large: only when a demo is made

    if branch_count():
        _reset_demo_file(path)
    from branchdash.i18n import t

    print(t("cli.making_demo" if scale == "branch" else "cli.making_region"), file=sys.stderr)
    generate_demo(today, scale=scale)
    set_setting("demo.generated_for", today.isoformat())


def _reset_demo_file(path: Path) -> None:
    from branchdash.data.database import close_database, open_database

    close_database()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path, create_folder=True)
