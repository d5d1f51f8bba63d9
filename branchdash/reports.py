"""The branch report to HQ (본사 보고) for a day, a week or a month.

Five sections, each a plain table so that Markdown, CSV and xlsx show the same
thing: results against targets, HR changes, budget by account, directives,
trainings held. Figures come from the areas' own rules where they exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import fn
from pendulum import Date

from branchdash.budget import ACCOUNTS, budgets_for
from branchdash.data.models import (
    Branch,
    DailyResult,
    Expense,
    Goal,
    Partner,
    PartnerEvent,
)
from branchdash.directives import list_directives
from branchdash.i18n import format_date, format_won, t
from branchdash.results import active_count, active_rule_or_default, registered_count
from branchdash.training import list_trainings
from branchdash.user_files import replaced_whole

PERIODS = ("day", "week", "month")
FORMATS = ("md", "csv", "xlsx")


@dataclass(frozen=True)
class Section:
    key: str  # results, hr, budget, directives, trainings
    title: str
    header: tuple[str, ...]
    rows: list[tuple[object, ...]]  # money as int won; shown formatted in Markdown
    money_columns: tuple[int, ...] = ()


@dataclass
class Report:
    branch_name: str
    branch_code: str
    period: str
    start: Date
    end: Date
    sections: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return t("hq.report.title", branch=self.branch_name, code=self.branch_code,
                 period=t(f"hq.report.period.{self.period}"),
                 start=format_date(self.start), end=format_date(self.end))

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def period_range(period: str, today: Date) -> tuple[Date, Date]:
    """The day; the week from Monday to today; the month from the 1st to today."""
    if period == "day":
        return today, today
    if period == "week":
        return today.start_of("week"), today
    if period == "month":
        return today.start_of("month"), today
    raise ValueError(f"unknown period {period!r}; one of {', '.join(PERIODS)}")


def _pct(actual: int, target: int | None) -> str:
    return f"{actual * 100 / target:.0f}%" if target else "—"


def _day_goal_sum(branch_id: str, metric: str, start: Date, end: Date) -> int | None:
    """The sum of the day targets of the period; the month's target when the
    period is a whole month with no day targets; None when no goal is set."""
    query = Goal.select(fn.SUM(Goal.target), fn.COUNT(Goal.id)).where(
        (Goal.branch == branch_id) & (Goal.metric == metric) & (Goal.period == "day")
        & (Goal.starts_on >= start) & (Goal.starts_on <= end))
    total, count = query.scalar(as_tuple=True)
    if count:
        return int(total or 0)
    month = Goal.get_or_none((Goal.branch == branch_id) & (Goal.metric == metric)
                             & (Goal.period == "month") & (Goal.starts_on == start))
    return int(month.target) if month is not None else None


def results_section(branch_id: str, start: Date, end: Date) -> Section:
    won, count, contracts = (DailyResult.select(
        fn.COALESCE(fn.SUM(DailyResult.sales_won), 0),
        fn.COALESCE(fn.SUM(DailyResult.sales_count), 0),
        fn.COALESCE(fn.SUM(DailyResult.new_contracts), 0))
        .where((DailyResult.branch == branch_id) & (DailyResult.date >= start)
               & (DailyResult.date <= end)).scalar(as_tuple=True))
    won, count, contracts = int(won), int(count), int(contracts)
    won_target = _day_goal_sum(branch_id, "sales_won", start, end)
    count_target = _day_goal_sum(branch_id, "sales_count", start, end)
    rule, _problem = active_rule_or_default()
    rows: list[tuple[object, ...]] = [
        (t("hq.report.metric.sales_won"), won_target if won_target is not None else "",
         won, _pct(won, won_target)),
        (t("hq.report.metric.sales_count"), count_target if count_target is not None else "",
         count, _pct(count, count_target)),
        (t("hq.report.metric.new_contracts"), "", contracts, "—"),
        (t("hq.report.metric.active"), "", active_count(branch_id, end, rule), "—"),
        (t("hq.report.metric.registered"), "", registered_count(branch_id), "—"),
    ]
    header = (t("hq.report.col.metric"), t("hq.report.col.target"), t("hq.report.col.actual"),
              t("hq.report.col.pct"))
    section = Section("results", t("hq.report.section.results"), header, rows)
    # Only the first row is money; the others are counts: format per row in Markdown.
    return section


def _event_detail(event: PartnerEvent) -> str:
    try:
        before, after = json.loads(event.before or "{}"), json.loads(event.after or "{}")
    except ValueError:
        return event.note or ""
    changes = [f"{key}: {before.get(key, '')} → {value}" for key, value in after.items()
               if before.get(key) != value and key in ("status", "rank", "role")]
    parts = changes + ([event.reason] if event.reason else []) + \
        ([event.note] if event.note else [])
    return "; ".join(str(p) for p in parts if p)


def hr_section(branch_id: str, start: Date, end: Date) -> Section:
    query = (PartnerEvent.select(PartnerEvent, Partner.name).join(Partner)
             .where((Partner.branch == branch_id) & (PartnerEvent.occurred_on >= start)
                    & (PartnerEvent.occurred_on <= end) & (PartnerEvent.kind != "edit"))
             .order_by(PartnerEvent.occurred_on, Partner.name))
    rows: list[tuple[object, ...]] = [
        (event.occurred_on.isoformat(), event.partner.name,
         t(f"partners.event.{event.kind}"), _event_detail(event)) for event in query]
    header = (t("hq.report.col.date"), t("hq.report.col.name"), t("hq.report.col.change"),
              t("hq.report.col.detail"))
    return Section("hr", t("hq.report.section.hr"), header, rows)


def budget_section(branch_id: str, start: Date, end: Date) -> Section:
    month = end.start_of("month")
    budgets = budgets_for(branch_id, month)

    def spent(first: Date) -> dict[str, int]:
        query = (Expense.select(Expense.account, fn.SUM(Expense.amount_won))
                 .where((Expense.branch == branch_id) & (Expense.spent_on >= first)
                        & (Expense.spent_on <= end))
                 .group_by(Expense.account).tuples())
        return {account: int(total or 0) for account, total in query}

    in_period, to_date = spent(max(start, month)), spent(month)
    rows: list[tuple[object, ...]] = []
    for account in ACCOUNTS:
        budget = budgets[account].amount_won
        rows.append((t(f"budget.account.{account}"), budget, in_period.get(account, 0),
                     to_date.get(account, 0), budget - to_date.get(account, 0)))
    total_budget = sum(budgets[a].amount_won for a in ACCOUNTS)
    rows.append((t("hq.report.total"), total_budget, sum(in_period.values()),
                 sum(to_date.values()), total_budget - sum(to_date.values())))
    header = (t("hq.report.col.account"), t("hq.report.col.month_budget"),
              t("hq.report.col.spent_period"), t("hq.report.col.spent_month"),
              t("hq.report.col.remaining"))
    return Section("budget", t("hq.report.section.budget"), header, rows,
                   money_columns=(1, 2, 3, 4))


def directives_section(branch_id: str, start: Date, end: Date) -> Section:
    rows: list[tuple[object, ...]] = []
    for view in list_directives(branch_id):
        done_in_period = view.done_at is not None and start <= view.done_at.date() <= end
        if view.status == "done" and not done_in_period:
            continue
        if view.received_on > end:
            continue
        rows.append((view.number, view.title, t(f"directives.status.{view.status}"),
                     view.due_on.isoformat() if view.due_on else "",
                     t(f"hq.report.urgency.{view.urgency(end) or 'none'}")))
    header = (t("hq.report.col.number"), t("hq.report.col.title"), t("hq.report.col.status"),
              t("hq.report.col.due"), t("hq.report.col.urgency"))
    return Section("directives", t("hq.report.section.directives"), header, rows)


def trainings_section(branch_id: str, start: Date, end: Date) -> Section:
    rows: list[tuple[object, ...]] = []
    for view in sorted(list_trainings(branch_id, start, end), key=lambda v: (v.date, v.start)):
        rows.append((view.date.isoformat(), t(f"training.kind.{view.kind}"), view.title,
                     view.present, view.invited,
                     t("hq.report.yes") if view.completed else t("hq.report.no")))
    header = (t("hq.report.col.date"), t("hq.report.col.kind"), t("hq.report.col.title"),
              t("hq.report.col.present"), t("hq.report.col.invited"),
              t("hq.report.col.completed"))
    return Section("trainings", t("hq.report.section.trainings"), header, rows)


def build_report(branch_id: str, period: str, today: Date) -> Report:
    start, end = period_range(period, today)
    branch = Branch.get_by_id(branch_id)
    report = Report(branch.name, branch.code, period, start, end)
    report.sections = [
        results_section(branch_id, start, end),
        hr_section(branch_id, start, end),
        budget_section(branch_id, start, end),
        directives_section(branch_id, start, end),
        trainings_section(branch_id, start, end),
    ]
    return report


# --- writing it out ---------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _shown(section: Section, row_index: int, column: int, value: object) -> str:
    money = column in section.money_columns or (
        section.key == "results" and row_index == 0 and column in (1, 2))
    if money and isinstance(value, int):
        return format_won(value)
    return str(value)


def to_markdown(report: Report) -> str:
    lines = [f"# {_md_cell(report.title)}", ""]
    for section in report.sections:
        lines += [f"## {_md_cell(section.title)}", ""]
        if not section.rows:
            lines += [t("hq.report.none"), ""]
            continue
        lines.append("| " + " | ".join(_md_cell(h) for h in section.header) + " |")
        lines.append("|" + "---|" * len(section.header))
        for index, row in enumerate(section.rows):
            cells = [_md_cell(_shown(section, index, column, value))
                     for column, value in enumerate(row)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def to_table(report: Report) -> tuple[list[str], list[list[object]]]:
    """One flat table (for CSV): the section's name, then its columns (money in plain won)."""
    width = max(len(s.header) for s in report.sections)
    header = [t("hq.report.col.section")] + [""] * width
    rows: list[list[object]] = []
    for section in report.sections:
        rows.append([section.title, *section.header, *[""] * (width - len(section.header))])
        for row in section.rows:
            rows.append([section.title, *row, *[""] * (width - len(row))])
    return header, rows


def write_csv(report: Report, path: Path) -> int:
    from branchdash.csvio import write_table

    header, rows = to_table(report)
    return write_table(path, header, rows)


def write_markdown(report: Report, path: Path) -> None:
    """The report as Markdown; the file appears whole or not at all."""
    with replaced_whole(path) as partial:
        partial.write_text(to_markdown(report), encoding="utf-8")


def write_xlsx(report: Report, path: Path) -> None:
    """One sheet per section. Text is written as text (never as a formula). The file
    appears whole or not at all; a file that cannot be made raises OSError."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    with replaced_whole(path) as partial:
        book = xlsxwriter.Workbook(str(partial), {"strings_to_formulas": False,
                                                  "strings_to_urls": False,
                                                  "strings_to_numbers": False})
        try:
            _fill_book(book, report)
        finally:
            try:
                book.close()
            except FileCreateError as error:  # xlsxwriter's own, for a file it cannot make
                inner = error.args[0] if error.args else None  # the OSError it wraps
                raise (inner if isinstance(inner, OSError) else OSError(str(error))) from None


def _fill_book(book: Any, report: Report) -> None:
    bold = book.add_format({"bold": True})
    won = book.add_format({"num_format": "#,##0"})
    for section in report.sections:
        sheet = book.add_worksheet(section.title[:31])
        sheet.write_string(0, 0, report.title, bold)
        for column, name in enumerate(section.header):
            sheet.write_string(2, column, name, bold)
            sheet.set_column(column, column, max(10, min(40, len(name) * 2)))
        for index, row in enumerate(section.rows, start=3):
            for column, value in enumerate(row):
                if isinstance(value, bool) or not isinstance(value, int):
                    sheet.write_string(index, column, "" if value is None else str(value))
                else:
                    money = column in section.money_columns or (
                        section.key == "results" and index == 3 and column in (1, 2))
                    sheet.write_number(index, column, value, won if money else None)
