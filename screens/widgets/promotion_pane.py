"""The Promotions tab: period, budget, target, linked expenses, and the result."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from branchdash import promotions as pm
from branchdash.i18n import format_short_date, format_won, t
from branchdash.money import AmountError, parse_amount

from .directive_dialogs import (
    ConfirmDialog,
    Field,
    FormDialog,
    InputError,
    PickDialog,
    format_day,
    parse_date,
    parse_int,
)
from .directive_pane import TabPaneBody, _clip

PHASE_STYLE = {"upcoming": "cyan", "running": "bold green", "ended": "dim"}


def metric_value(metric: str, value: int) -> str:
    return format_won(value) if metric == "sales_won" else f"{value:,}"


def won_or_dash(value: int | None) -> str:
    return "—" if value is None else format_won(value)


class PromotionsPane(TabPaneBody):
    MAIN_TABLE = "#promotion-table"
    BINDINGS = [
        Binding("n", "new", "@promotions.key.new", id="promotions.new"),
        Binding("e", "edit", "@promotions.key.edit", id="promotions.edit"),
        Binding("b", "book_expense", "@promotions.key.expense", id="promotions.expense"),
        Binding("B", "remove_expense", "@promotions.key.remove_expense",
                id="promotions.remove_expense", key_display="B"),
        Binding("delete", "delete", "@promotions.key.delete", id="promotions.delete",
                show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.views: dict[str, pm.PromotionView] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="promotion-main"):
            with Vertical(id="promotion-left"):
                yield Static("", id="promotion-summary", markup=False)
                yield DataTable(id="promotion-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="promotion-detail-box"):
                yield Static("", id="promotion-detail")

    def on_mount(self) -> None:
        table = self.query_one("#promotion-table", DataTable)
        for key in ("period", "title", "phase", "spent", "achieved"):
            table.add_column(t(f"promotions.column.{key}"), key=key)

    # --- drawing ----------------------------------------------------------------------------

    def reload(self) -> None:
        today = self.today()
        table = self.query_one("#promotion-table", DataTable)
        keep = self.current_key(table)
        views = pm.list_promotions(self.branch_id)
        self.views = {view.id: view for view in views}
        width = max(16, self.app.size.width - (60 if self.wide() else 44))
        table.clear()
        for view in views:
            phase = view.phase(today)
            result = pm.result(view.id, today)
            achieved = Text("—" if result.achieved_pct is None else f"{result.achieved_pct}%")
            if result.achieved_pct is not None:
                achieved.stylize("green" if result.met else
                                 "bold red" if phase == "ended" else "")
            spent = Text(format_won(view.spent_won))
            if view.spent_won > view.budget_won:
                spent.stylize("bold red")
            table.add_row(
                f"{self.day_text(view.starts_on)}–{self.day_text(view.ends_on)}",
                _clip(view.title, width),
                Text(t(f"promotions.phase.{phase}"), style=PHASE_STYLE[phase]),
                spent, achieved, key=view.id)
        self.restore_cursor(table, keep)
        running = sum(1 for v in views if v.phase(today) == "running")
        self.query_one("#promotion-summary", Static).update(
            Text(t("promotions.summary", count=len(views), running=running)))
        self._draw_detail()

    def selected(self) -> pm.PromotionView | None:
        key = self.current_key(self.query_one("#promotion-table", DataTable))
        return self.views.get(key) if key else None

    def _draw_detail(self) -> None:
        view = self.selected()
        box = self.query_one("#promotion-detail", Static)
        if view is None:
            box.update(Text(t("promotions.empty"), style="italic"))
            return
        today = self.today()
        result = pm.result(view.id, today)
        metric = view.target_metric
        head = Text(view.title, style="bold")
        period = Text(t("promotions.detail.period", start=format_short_date(view.starts_on),
                        end=format_short_date(view.ends_on), days=view.days))
        period.append("  " + t(f"promotions.phase.{result.phase}"),
                      style=PHASE_STYLE[result.phase])
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(t("promotions.detail.metric"), t(f"promotions.metric.{metric}"))
        grid.add_row(t("promotions.detail.target"), metric_value(metric, view.target_value))
        actual = Text(metric_value(metric, result.actual_value))
        if result.achieved_pct is not None:
            actual.append(f"  ({result.achieved_pct}%)",
                          style="green" if result.met else "yellow")
        grid.add_row(t("promotions.detail.actual"), actual)
        grid.add_row(t("promotions.detail.baseline"),
                     metric_value(metric, result.baseline_value))
        grid.add_row(t("promotions.detail.expected", lift=view.expected_lift_pct),
                     metric_value(metric, result.expected_value))
        lift = "—" if result.lift_pct is None else f"{result.lift_pct:+d}%"
        grid.add_row(t("promotions.detail.lift"), lift)
        money = Table.grid(padding=(0, 2))
        money.add_column(style="dim", no_wrap=True)
        money.add_column(justify="right", no_wrap=True)
        money.add_row(t("promotions.detail.budget"), format_won(view.budget_won))
        money.add_row(t("promotions.detail.spent"), format_won(result.spent_won))
        if result.budget_left_won < 0:
            money.add_row("", Text(t("promotions.detail.over",
                                     amount=format_won(-result.budget_left_won)),
                                   style="bold red"))
        account = pm.account_budget(self.branch_id, view.starts_on, view.ends_on)
        if account:
            money.add_row(t("promotions.detail.account"), format_won(account))
        money.add_row(t("promotions.detail.per_sale", count=result.actual.sales_count),
                      won_or_dash(result.cost_per_sale))
        money.add_row(t("promotions.detail.per_recruit", count=result.actual.recruits),
                      won_or_dash(result.cost_per_recruit))
        money.add_row(t("promotions.detail.per_new_active", count=result.actual.newly_active),
                      won_or_dash(result.cost_per_new_active))
        if result.cost_ratio_pct is not None:
            money.add_row(t("promotions.detail.cost_ratio",
                            sales=format_won(result.actual.sales_won)),
                          f"{result.cost_ratio_pct:.1f}%")
        parts: list[object] = [head, period, Text("")]
        if self.wide():
            both = Table.grid(padding=(0, 4))
            both.add_row(grid, money)
            parts.append(both)
        else:  # one under the other: side by side they would be cut short
            parts += [grid, Text(""), money]
        if result.phase == "running":
            parts.append(Text(t("promotions.detail.so_far", date=format_short_date(
                result.measured_to)), style="italic dim"))
        lines = pm.expenses(view.id)
        parts.append(Text(""))
        parts.append(Text(t("promotions.detail.expenses", count=len(lines)),
                          style="bold underline"))
        for line in lines:
            parts.append(Text(f"{format_short_date(line.spent_on)}  "
                              f"{format_won(line.amount_won):>12}  {line.category} "
                              f"{line.payee}".rstrip()))
        if view.notes:
            parts.append(Text(""))
            parts.append(Text(view.notes, style="italic"))
        box.update(Group(*parts))  # type: ignore[arg-type]

    @on(DataTable.RowHighlighted, "#promotion-table")
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(DataTable.RowSelected, "#promotion-table")
    async def _selected(self) -> None:
        await self.run_action("edit")  # through the display mode's gate

    # --- changes ----------------------------------------------------------------------------

    def _form(self, view: pm.PromotionView | None) -> list[Field]:
        today = self.today()
        metrics = [(t(f"promotions.metric.{m}"), m) for m in pm.METRICS]
        return [
            Field("title", t("promotions.field.title"), view.title if view else ""),
            Field("starts", t("promotions.field.starts"),
                  format_day(view.starts_on if view else today),
                  placeholder=t("directives.field.date_placeholder")),
            Field("ends", t("promotions.field.ends"),
                  format_day(view.ends_on if view else today.end_of("month")),
                  placeholder=t("directives.field.date_placeholder")),
            Field("budget", t("promotions.field.budget"),
                  str(view.budget_won) if view else "",
                  placeholder=t("directives.field.amount_placeholder")),
            Field("metric", t("promotions.field.metric"),
                  view.target_metric if view else "sales_count", kind="select",
                  options=metrics),
            Field("target", t("promotions.field.target"),
                  str(view.target_value) if view else ""),
            Field("lift", t("promotions.field.lift"),
                  str(view.expected_lift_pct) if view else "10"),
            Field("notes", t("promotions.field.notes"), view.notes if view else "",
                  kind="area"),
        ]

    def _submit(self, view: pm.PromotionView | None, saved: list[str]) -> object:
        def submit(values: dict[str, str]) -> str | None:
            today = self.today()
            try:
                metric = values["metric"]
                target = (parse_amount(values["target"], allow_zero=True)
                          if metric == "sales_won" and values["target"].strip()
                          else parse_int(values["target"]))
                budget = (parse_amount(values["budget"], allow_zero=True)
                          if values["budget"].strip() else 0)
                fields = dict(title=values["title"],
                              starts_on=parse_date(values["starts"], today),
                              ends_on=parse_date(values["ends"], today),
                              budget_won=budget, target_metric=metric, target_value=target,
                              expected_lift_pct=parse_int(values["lift"], signed=True),
                              notes=values["notes"])
                if view is None:
                    result = pm.create_promotion(self.branch_id, **fields)  # type: ignore[arg-type]
                else:
                    result = pm.update_promotion(view.id, **fields)  # type: ignore[arg-type]
            except (pm.PromotionError, InputError, AmountError) as error:
                return str(error)
            saved.append(result.id)
            return None
        return submit

    def _after(self, saved: list[str]) -> object:
        def done(ok: bool | None) -> None:
            if ok and saved:
                self.reload()
                self.restore_cursor(self.query_one("#promotion-table", DataTable), saved[-1])
                self._draw_detail()
            self.focus_main()
        return done

    def action_new(self) -> None:
        saved: list[str] = []
        self.app.push_screen(FormDialog(t("promotions.form.new"), self._form(None),
                                        self._submit(None, saved)),  # type: ignore[arg-type]
                             self._after(saved))  # type: ignore[arg-type]

    def action_edit(self) -> None:
        view = self.selected()
        if view is None:
            return
        saved: list[str] = []
        self.app.push_screen(FormDialog(t("promotions.form.edit"), self._form(view),
                                        self._submit(view, saved)),  # type: ignore[arg-type]
                             self._after(saved))  # type: ignore[arg-type]

    def action_book_expense(self) -> None:
        view = self.selected()
        if view is None:
            return
        today = self.today()
        fields = [
            Field("amount", t("training.field.amount"),
                  placeholder=t("directives.field.amount_placeholder")),
            Field("date", t("training.field.spent_on"), format_day(today),
                  placeholder=t("directives.field.date_placeholder")),
            Field("category", t("training.field.category"),
                  t("promotions.field.category_default")),
            Field("payee", t("training.field.payee")),
            Field("memo", t("training.field.memo"), view.title),
        ]

        def submit(values: dict[str, str]) -> str | None:
            try:
                pm.book_expense(view.id, parse_amount(values["amount"]),
                                parse_date(values["date"], self.today()),
                                category=values["category"], payee=values["payee"],
                                memo=values["memo"])
            except (pm.PromotionError, InputError, AmountError) as error:
                return str(error)
            return None

        def done(ok: bool | None) -> None:
            self.focus_main()
            if ok:
                self.reload()
                self.done(t("promotions.expense_booked", title=view.title))

        self.app.push_screen(FormDialog(t("promotions.form.expense", title=view.title),
                                        fields, submit), done)

    def action_remove_expense(self) -> None:
        view = self.selected()
        if view is None:
            return
        choices: list[tuple[str, Text | str]] = [
            (line.id, f"{format_short_date(line.spent_on)}  {format_won(line.amount_won)}  "
                      f"{line.category} {line.payee}") for line in pm.expenses(view.id)]

        def picked(expense_id: str | None) -> None:
            self.focus_main()
            if expense_id is None:
                return
            try:
                pm.remove_expense(view.id, expense_id)
            except pm.PromotionError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("training.cost_removed"))

        self.app.push_screen(PickDialog(t("training.pick.remove_cost"), choices,
                                        t("training.pick.no_costs")), picked)

    def action_delete(self) -> None:
        view = self.selected()
        if view is None:
            return

        def answer(yes: bool | None) -> None:
            self.focus_main()
            if not yes:
                return
            try:
                pm.delete_promotion(view.id)
            except pm.PromotionError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("promotions.deleted", title=view.title))

        self.app.push_screen(ConfirmDialog(t("promotions.confirm.delete", title=view.title)),
                             answer)
