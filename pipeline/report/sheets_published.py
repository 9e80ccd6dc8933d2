"""The sheets of the publish-safe copy: counts of people suppressed, no free text from units.

Each sheet has its title in A1 and the rule in A2 ("Antal under 5 ... visas som <5"). What
differs from the leadership workbook:

* **Översikt**: the headline, the key figures and the cumulative chart: the administration's
  totals only. No held figures by unit, and no units chart: a bar of a hidden count would
  be drawn as 0.
* **Enheter** and **Trend per enhet**: the main measure, each hidden count shown as "<5"
  (below the threshold) or "×" (hidden so that it cannot be worked out from a sum). A
  unit's gap, share of the goal and status are left out where its total is hidden: each
  gives the total away. No sparklines, no colour scale.
* **Hinder och åtgärder** and **Handlingsplaner**: counts per department only, and which
  department waits for which; no action, owner, result, blocker or comment.
* **Saknade rapporter** and **Månad för månad** as in the leadership workbook.
* No Data or Mottagna filer sheet: they hold each file's name and each unit's figures.
"""

from __future__ import annotations

from pipeline.excel.writer import fit_height, write_text
from pipeline.report.actions import STATES
from pipeline.report.agenda import AGENDA_ORDER
from pipeline.report.figures import ReportData, Standing
from pipeline.report.sheets_actions import GROUP_COLUMNS
from pipeline.report.sheets_base import HEADER_ROW, Styles, num, table_sheet
from pipeline.report.sheets_overview import CHART_COL, LAST_COL, cumulative_chart, headline, key_figures
from pipeline.report.suppress import PRIMARY, Suppression
from pipeline.strings import Texts

UNIT_COLUMNS = [
    ("report.col.group", 20),
    ("report.col.unit_id", 9),
    ("report.col.unit", 24),
    ("report.col.this_week", 11),
    ("report.col.cumulative", 12),
    ("report.col.target", 12),
    ("report.col.gap", 11),
    ("report.col.share", 10),
    ("report.col.status", 12),
    ("report.col.reported", 12),
]


class Published:
    """The rule line and the cells of one publish-safe copy."""

    def __init__(self, t: Texts, data: ReportData, hidden: Suppression):
        self.t, self.data, self.hidden = t, data, hidden
        main = data.plan.measure(data.plan.main_measure)
        if not main.counts_people:
            self.rule = t("report.publish.rule.not_people", measure=main.name)
        elif hidden.threshold <= 0:
            self.rule = t("report.publish.rule.off")
        else:
            self.rule = t("report.publish.rule", n=hidden.threshold, measure=main.name)

    def line(self, ws, st: Styles, widths: list[float], row: int = 1) -> None:
        """The rule under the sheet's title, wrapped over the table's ``widths`` so that it prints whole.

        A title line above the table, so merged: no cell inside the table is.
        """
        ws.merge_range(row, 0, row, max(len(widths) - 1, 1), self.rule, st.note_wrap)
        fit_height(ws, row, [(self.rule, sum(widths))])

    def count(self, ws, row: int, col: int, key, value: float | None, fmt, st: Styles) -> bool:
        """A count, or its mark when it is hidden; True when the figure is shown."""
        why = self.hidden.why(key)
        if why is None:
            num(ws, row, col, value, fmt)
            return True
        mark = f"<{self.hidden.threshold}" if why == PRIMARY else "×"
        ws.write_string(row, col, mark, st.right)
        return False


def overview(wb, st: Styles, t: Texts, data: ReportData, pub: Published):
    ws = wb.add_worksheet(t("report.sheet.overview"))
    ws.set_column(0, 0, 40)
    ws.set_column(1, 3, 16)
    ws.set_column(4, 4, 2)
    write_text(ws, 0, 0, t("report.publish.title", programme=data.plan.name, week=data.week), st.title)
    pub.line(ws, st, [40, 16, 16, 16])
    write_text(ws, 3, 0, headline(t, data.total), st.headline)
    row = key_figures(wb, ws, st, t, data)
    last = cumulative_chart(wb, ws, st, t, data, row + 2)
    for col, width in enumerate((22, 19, 19, 11), start=CHART_COL):  # as in the leadership workbook
        ws.set_column(col, col, width)
    ws.print_area(0, 0, max(last, 24), LAST_COL)
    return ws, None


def units(wb, st: Styles, t: Texts, data: ReportData, pub: Published):
    first = t("report.units.first", measure=data.plan.measure(data.plan.main_measure).name, week=data.week)
    ws = table_sheet(wb, st, t("report.sheet.units"), first, UNIT_COLUMNS, t)
    pub.line(ws, st, [w for _, w in UNIT_COLUMNS])
    row = HEADER_ROW
    for group, standing in data.groups.items():
        for unit in (u for u in data.units if u.group == group):
            row += 1
            for col, text in enumerate((unit.group, unit.unit_id, unit.name)):
                write_text(ws, row, col, text, st.text)
            _standing(ws, row, st, t, pub, unit.standing, ("w", unit.unit_id, _at(data)), ("c", unit.unit_id))
            ws.write_string(row, 9, t(f"report.reported.{unit.reported}"), st.text)
        row += 1
        label = t("report.subtotal", group=group)
        _subtotal(ws, row, st, t, pub, label, standing, ("dw", group), ("dc", group))
    row += 1
    _subtotal(ws, row, st, t, pub, t("report.total"), data.total, None, None)
    write_text(ws, row + 2, 0, t("report.publish.left_out"), st.note)
    return ws, HEADER_ROW


def _at(data: ReportData) -> int | None:
    weeks = list(data.trend.columns) if data.trend is not None else []
    return weeks.index(data.week) if data.week in weeks else None


def _standing(ws, row, st, t, pub, s: Standing, week_key, total_key, sub: bool = False) -> None:
    fmt = st.sub if sub else {"int": st.int, "signed": st.signed, "pct": st.pct, "text": st.text}
    if week_key is None:
        num(ws, row, 3, s.this_week, fmt["int"])
    else:
        pub.count(ws, row, 3, week_key, s.this_week, fmt["int"], st)
    shown = True if total_key is None else pub.count(ws, row, 4, total_key, s.actual, fmt["int"], st)
    if total_key is None:
        num(ws, row, 4, s.actual, fmt["int"])
    num(ws, row, 5, s.target, fmt["int"])
    if shown:  # the gap, the share and the status give a hidden total away
        num(ws, row, 6, s.gap, fmt["signed"])
        num(ws, row, 7, s.share_of_goal, fmt["pct"])
        ws.write_string(row, 8, t(f"status.{s.status}"), st.status[s.status])
    else:
        for col in (6, 7, 8):
            ws.write_blank(row, col, None, fmt["text"])


def _subtotal(ws, row, st, t, pub, label, s: Standing, week_key, total_key) -> None:
    for col in range(len(UNIT_COLUMNS)):
        ws.write_blank(row, col, None, st.sub["text"])
    write_text(ws, row, 0, label, st.sub["text"])
    _standing(ws, row, st, t, pub, s, week_key, total_key, sub=True)


def trend(wb, st: Styles, t: Texts, data: ReportData, pub: Published):
    main = data.plan.measure(data.plan.main_measure)
    weeks = list(data.trend.columns)
    columns = [("report.col.unit_id", 9), ("report.col.unit", 24)]
    first = t("report.trend.first", measure=main.name, week=data.week)
    ws = table_sheet(wb, st, t("report.sheet.trend"), first, columns, t)
    pub.line(ws, st, [9, 24] + [6.5] * len(weeks))
    ws.set_column(2, max(2, 1 + len(weeks)), 6.5)
    for col, week in enumerate(weeks, start=2):
        ws.write_string(HEADER_ROW, col, week.label(), st.head_now if week == data.week else st.head)
    rows = zip(data.trend.index.tolist(), data.trend.to_numpy().tolist(), strict=True)
    for row, (unit_id, values) in enumerate(rows, start=HEADER_ROW + 1):
        unit = data.plan.unit(unit_id)
        write_text(ws, row, 0, unit_id, st.text)
        write_text(ws, row, 1, unit.name if unit else unit_id, st.text)
        for i, value in enumerate(values):
            fmt = st.int_now if weeks[i] == data.week else st.int
            if value != value:  # not reported
                ws.write_blank(row, 2 + i, None, fmt)
            else:
                pub.count(ws, row, 2 + i, ("w", unit_id, i), value, fmt, st)
    return ws, HEADER_ROW


def agenda(wb, st: Styles, t: Texts, data: ReportData, pub: Published):
    """The agenda as counts per department: escalations, blocked and overdue actions."""
    reasons = list(AGENDA_ORDER)
    columns = [("report.col.group", 22), *((f"report.reason.{r}", 14) for r in reasons)]
    ws = table_sheet(wb, st, t("report.sheet.agenda"), t("report.publish.agenda", week=data.week), columns, t)
    pub.line(ws, st, [w for _, w in columns])
    frame = data.blockers
    for row, group in enumerate(data.plan.groups, start=HEADER_ROW + 1):
        write_text(ws, row, 0, group, st.text)
        for col, reason in enumerate(reasons, start=1):
            n = int(((frame["group"] == group) & (frame["reason"] == reason)).sum()) if len(frame) else 0
            ws.write_number(row, col, n, st.int)
    return ws, HEADER_ROW


def plans(wb, st: Styles, t: Texts, data: ReportData, pub: Published):
    """The action plans as counts per department, and which department waits for which."""
    columns = [(key, 16 if i else 22) for i, key in enumerate(GROUP_COLUMNS)]
    ws = table_sheet(wb, st, t("report.sheet.plans"), t("report.plans.first", week=data.week), columns, t)
    pub.line(ws, st, [w for _, w in columns])
    p = data.plans
    row = HEADER_ROW
    for g in p.groups:
        row += 1
        write_text(ws, row, 0, g.group, st.text)
        ws.write_number(row, 1, g.actions, st.int)
        for col, state in enumerate(STATES, start=2):
            ws.write_number(row, col, g.counts[state], st.int)
        ws.write_number(row, 6, g.units_acted, st.int)
        num(ws, row, 7, g.acted_share, st.pct)
    row += 2
    write_text(ws, row, 0, t("report.publish.waits"), st.headline)
    heads = ("report.plans.col.waiting_group", "report.plans.col.waits_for", "report.plans.col.actions")
    for col, key in enumerate(heads):
        ws.write_string(row + 1, col, t(key), st.head)
    pairs: dict[tuple[str, str], int] = {}
    for d in p.dependencies:
        if d.on_group != d.group:  # between departments; a unit waiting inside its own is counted there
            pairs[d.group, d.on_group] = pairs.get((d.group, d.on_group), 0) + 1
    row += 1
    if not pairs:
        write_text(ws, row + 1, 0, t("report.plans.deps.none"), st.note)
    for (waiting, on), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        row += 1
        write_text(ws, row, 0, waiting, st.text)
        write_text(ws, row, 1, on, st.text)
        ws.write_number(row, 2, n, st.int)
    return ws, HEADER_ROW
