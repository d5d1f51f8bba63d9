"""`branchdash push --to postgresql://user@host/hq`: send this branch's rows to HQ.

Runs on the branch's own database (`--db`, or the default file); HQ's database
is opened (and brought to the latest schema) only for the push. A progress bar
on stderr while it runs, a summary at the end: rows per table, conflicts.
Exit 0 when everything arrived, 1 when conflicts were left at HQ, 2 on a
problem to fix (the connection dropped: run it again).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from branchdash.errors import UsageError

BAR_WIDTH = 30


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subcommands.add_parser(
        "push", help="send this branch's data to HQ's PostgreSQL database")
    parser.add_argument("--to", metavar="URL", required=True,
                        help="HQ's database, e.g. postgresql://user@host/hq")
    parser.add_argument("--batch", type=int, default=500, metavar="ROWS",
                        help="rows per transaction at HQ (default 500)")
    parser.set_defaults(handler=run, needs_database=True)


class ProgressBar:
    """One line redrawn in place on a terminal; a line per table otherwise."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.table = ""

    def __call__(self, progress: object) -> None:
        from branchdash.data.push import Progress

        assert isinstance(progress, Progress)
        share = progress.done / progress.total if progress.total else 1.0
        if self.tty:
            filled = int(share * BAR_WIDTH)
            self.out.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                           f"{share:4.0%} {progress.done}/{progress.total} "
                           f"{progress.table:<16}")
            self.out.flush()
        elif progress.table != self.table:
            self.out.write(f"{progress.table} … {share:.0%}\n")
        self.table = progress.table

    def finish(self) -> None:
        if self.tty:
            self.out.write("\n")


def summary_lines(summary: object) -> list[str]:
    from branchdash.data.push import PushSummary
    from branchdash.i18n import t

    assert isinstance(summary, PushSummary)
    lines = [t("hq.push.summary_head", branch=summary.branch_name, code=summary.branch_code)]
    for table in summary.tables:
        if table.rows:
            lines.append(t("hq.push.summary_table", table=table.table, rows=table.rows,
                           inserted=table.inserted, updated=table.updated,
                           unchanged=table.unchanged, conflicts=table.conflicts))
    lines.append(t("hq.push.summary_total", sent=summary.sent, unchanged=summary.unchanged,
                   conflicts=len(summary.conflicts)))
    for conflict in summary.conflicts[:20]:
        lines.append(t("hq.push.conflict", table=conflict.table, id=conflict.row_id,
                       ours=_instant(conflict.ours), theirs=_instant(conflict.theirs)))
    if len(summary.conflicts) > 20:
        lines.append(t("hq.push.more_conflicts", count=len(summary.conflicts) - 20))
    return lines


def _instant(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from branchdash import i18n
    from branchdash.data.postgres import is_postgres_url, open_postgres
    from branchdash.data.push import PushInterrupted, push
    from branchdash.settings import load_settings

    i18n.set_language(load_settings(os.environ, lang_flag=args.lang).language)
    if not is_postgres_url(args.to):
        raise UsageError(f"--to takes HQ's PostgreSQL URL, e.g. postgresql://user@host/hq "
                         f"(got {args.to!r}).")
    if args.batch < 1:
        raise UsageError("--batch must be at least 1.")
    target = open_postgres(args.to, bind=False)
    bar = ProgressBar(sys.stderr)
    try:
        summary = push(target, batch_size=args.batch, progress=bar)
    except PushInterrupted as error:
        bar.finish()
        for line in summary_lines(error.summary):
            print(line)
        raise
    finally:
        target.close()
    bar.finish()
    for line in summary_lines(summary):
        print(line)
    return 1 if summary.conflicts else 0
