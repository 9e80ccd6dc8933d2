"""Writes the consolidated leadership workbook from ``ReportData`` (xlsxwriter).

Every sheet's first cell says what it shows; headers are frozen; each sheet
prints landscape, one page wide, with the programme and week in the footer.
Charts are built from the shape of the table they plot. Text that came from
a unit's file is always written as a string (``write_text``), never a formula.
Key figures are defined names (``kf_actual``, ``kf_plan``, ``kf_gap``,
``kf_needed``, ``kf_goal``) so other tools can pick them up.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.report.export import COLUMNS as DATA_COLUMNS
from pipeline.report.figures import AHEAD, BEHIND, ON_TRACK, ReportData, Standing
from pipeline.strings import Texts
from pipeline.xlsx import atomic_workbook, fit_height, write_text

STATUS_COLOURS = {
    AHEAD: ("#C6EFCE", "#006100"),
    ON_TRACK: ("#FFEB9C", "#9C5700"),
    BEHIND: ("#FFC7CE", "#9C0006"),
}
INT = "#,##0;−#,##0;0"
SIGNED = "+#,##0;−#,##0;0"
PCT = "0%;−0%;0%"
SIGNED_PCT = "+0%;−0%;0%"


class _Styles:
    def __init__(self, wb):
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 16})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.headline = add({"bold": True, "font_size": 14})
        self.head = add(
            {
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "vcenter",
                "border": 1,
            }
        )
        self.label = add({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.text = add({"border": 1, "valign": "top"})
        self.wrap = add({"border": 1, "text_wrap": True, "valign": "top"})
        self.int = add({"border": 1, "num_format": INT, "valign": "top"})
        self.signed = add({"border": 1, "num_format": SIGNED})
        self.pct = add({"border": 1, "num_format": PCT})
        self.signed_pct = add({"border": 1, "num_format": SIGNED_PCT})
        self.date = add({"border": 1, "num_format": "yyyy-mm-dd"})
        self.dec = add({"border": 1, "num_format": "#,##0.0"})
        self.right = add({"border": 1, "align": "right"})
        self.datetime = add({"border": 1, "num_format": "yyyy-mm-dd hh:mm"})
        self.big = add({"bold": True, "font_size": 14, "border": 1, "num_format": INT})
        self.big_signed = add({"bold": True, "font_size": 14, "border": 1, "num_format": SIGNED})
        self.sub = {
            k: add({"bold": True, "top": 1, "bg_color": "#DDEBF7", "num_format": f})
            for k, f in (("text", "@"), ("int", INT), ("signed", SIGNED), ("pct", PCT))
        }
        self.status = {
            k: add({"border": 1, "bold": True, "bg_color": bg, "font_color": fg})
            for k, (bg, fg) in STATUS_COLOURS.items()
        }
        self.flag = add(
            {"border": 1, "bold": True, "bg_color": "#FFC7CE", "font_color": "#9C0006", "valign": "top"}
        )


def write_report(data: ReportData, path: Path, language: str) -> Path:
    """Writes the workbook atomically to ``path`` and returns it."""
    t = Texts(language)
    title = t("report.title", programme=data.plan.name, week=data.week)
    with atomic_workbook(path, title=title) as wb:
        st = _Styles(wb)
        footer = t("report.footer", programme=data.plan.name.replace("&", "&&"), week=data.week)
        sheets = [
            _overview(wb, st, t, data),
            _units(wb, st, t, data),
            _blockers(wb, st, t, data),
            _missing(wb, st, t, data),
            *([_months(wb, st, t, data)] if data.months is not None else []),
            _data(wb, st, t, data),
            _log(wb, st, t, data),
        ]
        for ws, header_row in sheets:
            ws.set_landscape()
            ws.set_paper(9)
            ws.fit_to_pages(1, 0)
            ws.set_footer(footer)
            ws.hide_gridlines(2)
            if header_row is not None:
                ws.repeat_rows(header_row)
    return path


def _num(ws, row: int, col: int, value: float | None, fmt) -> None:
    if value is None or pd.isna(value):
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _headline(t: Texts, total: Standing) -> str:
    gap, needed = round(total.gap), round(total.needed)
    if gap < 0:
        return t("report.headline.behind", gap=abs(gap), needed=needed)
    if gap > 0:
        return t("report.headline.ahead", gap=gap, needed=needed)
    return t("report.headline.on_plan", needed=needed)


def _overview(wb, st: _Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.overview"))
    plan, total = data.plan, data.total
    main = plan.measure(plan.main_measure)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 3, 16)
    ws.set_column(4, 4, 2)
    write_text(ws, 0, 0, t("report.title", programme=plan.name, week=data.week), st.title)
    write_text(
        ws,
        1,
        0,
        t("report.overview.first", measure=main.name, week=data.week, goal_text=plan.goal_text),
        st.note,
    )
    status_fmt = st.status[total.status]
    write_text(
        ws,
        3,
        0,
        _headline(t, total),
        wb.add_format({"bold": True, "font_size": 14, "font_color": STATUS_COLOURS[total.status][1]}),
    )

    counts = {k: sum(1 for u in data.units if u.standing.status == k) for k in (AHEAD, ON_TRACK, BEHIND)}
    missing = sum(1 for u in data.units if u.reported == "missing")
    reported = len(data.units) - missing
    vs_last = None if data.last_year_to_date is None else total.actual - data.last_year_to_date
    figures = [
        ("report.kf.actual", total.actual, st.big, "kf_actual"),
        ("report.kf.plan", total.target, st.big, "kf_plan"),
        ("report.kf.gap", total.gap, st.big_signed, "kf_gap"),
        ("report.kf.gap_pct", total.gap_share, st.signed_pct, None),
        ("report.kf.needed", total.needed, st.big, "kf_needed"),
        ("report.kf.goal", total.goal, st.int, "kf_goal"),
        ("report.kf.share", total.share_of_goal, st.pct, None),
        ("report.kf.last_year", data.last_year_to_date, st.int, None),
        ("report.kf.vs_last_year", vs_last, st.signed, None),
    ]
    outlook = data.outlook
    if outlook is not None:
        figures[5:5] = [
            ("report.kf.required_pace", outlook.required_pace, st.dec, "kf_required_pace"),
            ("report.kf.current_pace", outlook.current_pace, st.dec, "kf_current_pace"),
            ("report.kf.forecast", outlook.forecast, st.int, "kf_forecast"),
        ]
    row = 5
    for key, value, fmt, name in figures:
        ws.write_string(row, 0, t(key, n=data.pace_weeks), st.label)
        _num(ws, row, 1, value, fmt)
        if name:
            wb.define_name(name, f"='{ws.name}'!{xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)}")
        row += 1
    if outlook is not None:
        ws.write_string(row, 0, t("report.kf.goal_week"), st.label)
        goal_week = str(outlook.goal_week) if outlook.goal_week else t("report.kf.not_in_period")
        ws.write_string(row, 1, goal_week, st.right)
        row += 1
    if data.months is not None:
        ws.write_string(row, 0, t("report.kf.months_won"), st.label)
        ws.write_string(row, 1, f"{int(data.months['won'].sum())} / {len(data.months)}", st.right)
        row += 1
    ws.write_string(row, 0, t("report.kf.reported"), st.label)
    ws.write_string(row, 1, f"{reported} / {len(data.units)}", st.right)
    row += 1
    ws.write_string(row, 0, t("report.kf.status"), st.label)
    ws.write_string(row, 1, t(f"status.{total.status}"), status_fmt)
    row += 1
    ws.merge_range(
        row,
        0,
        row,
        1,
        t(
            "report.kf.status_line",
            ahead=counts[AHEAD],
            on_track=counts[ON_TRACK],
            behind=counts[BEHIND],
            missing=missing,
        ),
        st.wrap,
    )
    if outlook is not None and outlook.without_data:
        row += 1
        units = ", ".join(outlook.without_data)
        ws.merge_range(row, 0, row, 1, t("report.kf.without_data", units=units), st.wrap)

    # the series the chart plots, as a table on the sheet
    top = row + 2
    series = data.series
    columns = ["week", "actual", "plan"] + (["last_year"] if series["last_year"].notna().any() else [])
    ws.write_row(top, 0, [t(f"report.series.{c}") for c in columns], st.head)
    ws.set_row(top, 30)
    for i, rec in enumerate(series.itertuples(), start=1):
        ws.write_string(top + i, 0, rec.week.label(), st.text)
        for col, column in enumerate(columns[1:], start=1):
            _num(ws, top + i, col, getattr(rec, column), st.int)
    first, last = top + 1, top + len(series)

    chart = wb.add_chart({"type": "line"})
    styles = {
        "actual": {"color": "#1F4E78", "width": 2.75},
        "plan": {"color": "#C00000", "width": 2, "dash_type": "dash"},
        "last_year": {"color": "#A6A6A6", "width": 1.5},
    }
    for col, column in enumerate(columns[1:], start=1):
        chart.add_series(
            {
                "name": [ws.name, top, col],
                "categories": [ws.name, first, 0, last, 0],
                "values": [ws.name, first, col, last, col],
                "line": styles[column],
                "marker": {"type": "none"},
            }
        )
    chart.set_title({"name": t("report.chart.title"), "name_font": {"size": 12}})
    chart.set_x_axis({"name": t("report.series.week"), "num_font": {"rotation": -45}})
    chart.set_y_axis(
        {
            "name": t("report.chart.y"),
            "num_format": "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 620, "height": 380})
    ws.insert_chart(5, 5, chart)
    ws.print_area(0, 0, last, 14)
    return ws, None


_UNIT_COLUMNS = [
    ("group", 20),
    ("unit", 8),
    ("name", 24),
    ("this_week", 11),
    ("cumulative", 12),
    ("target", 12),
    ("gap", 11),
    ("share", 10),
    ("needed", 11),
    ("status", 12),
    ("acted", 9),
    ("reported", 12),
]


def _units(wb, st: _Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.units"))
    main = data.plan.measure(data.plan.main_measure)
    write_text(ws, 0, 0, t("report.units.first", measure=main.name, week=data.week), st.title)
    header = 2
    labels = {"group": t("report.col.group"), "unit": t("report.col.unit_id"), "name": t("report.col.unit")}
    for col, (key, width) in enumerate(_UNIT_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(header, col, labels.get(key) or t(f"report.col.{key}"), st.head)
    ws.set_row(header, 32)
    ws.freeze_panes(header + 1, 3)
    row = header
    for group, standing in data.groups.items():
        for unit in (u for u in data.units if u.group == group):
            row += 1
            s = unit.standing
            write_text(ws, row, 0, unit.group, st.text)
            write_text(ws, row, 1, unit.unit_id, st.text)
            write_text(ws, row, 2, unit.name, st.text)
            _standing_cells(ws, row, s, st)
            ws.write_string(row, 9, t(f"status.{s.status}"), st.status[s.status])
            acted = {"yes": t("yes"), "no": t("no"), "partly": t("report.acted.partly")}.get(unit.acted, "")
            ws.write_string(row, 10, acted, st.text)
            reported_fmt = st.flag if unit.reported == "missing" else st.text
            ws.write_string(row, 11, t(f"report.reported.{unit.reported}"), reported_fmt)
        row += 1
        _subtotal(ws, row, t("report.subtotal", group=group), standing, st, t)
    row += 1
    _subtotal(ws, row, t("report.total"), data.total, st, t)
    ws.autofilter(header, 0, row - 1, len(_UNIT_COLUMNS) - 1)
    return ws, header


def _standing_cells(ws, row: int, s: Standing, st: _Styles, sub: bool = False) -> None:
    fmt = st.sub if sub else {"int": st.int, "signed": st.signed, "pct": st.pct}
    _num(ws, row, 3, s.this_week, fmt["int"])
    _num(ws, row, 4, s.actual, fmt["int"])
    _num(ws, row, 5, s.target, fmt["int"])
    _num(ws, row, 6, s.gap, fmt["signed"])
    _num(ws, row, 7, s.share_of_goal, fmt["pct"])
    _num(ws, row, 8, s.needed, fmt["int"])


def _subtotal(ws, row: int, label: str, s: Standing, st: _Styles, t: Texts) -> None:
    for col in range(len(_UNIT_COLUMNS)):
        ws.write_blank(row, col, None, st.sub["text"])
    write_text(ws, row, 0, label, st.sub["text"])
    _standing_cells(ws, row, s, st, sub=True)
    ws.write_string(row, 9, t(f"status.{s.status}"), st.status[s.status])


def _table_sheet(wb, st: _Styles, name: str, first: str, columns: list[tuple[str, int]], t: Texts):
    ws = wb.add_worksheet(name)
    write_text(ws, 0, 0, first, st.title)
    for col, (key, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(2, col, t(key), st.head)
    ws.set_row(2, 30)  # room for a wrapped header
    ws.freeze_panes(3, 0)
    return ws


def _blockers(wb, st: _Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.group", 18),
        ("report.col.unit", 22),
        ("report.col.action", 30),
        ("report.col.owner", 14),
        ("report.col.action_status", 12),
        ("report.col.blocker", 50),
        ("report.col.weeks_in_row", 10),
    ]
    ws = _table_sheet(
        wb, st, t("report.sheet.blockers"), t("report.blockers.first", week=data.week), columns, t
    )
    if data.blockers.empty:
        write_text(ws, 3, 0, t("report.blockers.none"), st.note)
    for i, r in enumerate(data.blockers.itertuples(), start=3):
        status = t(f"action.{r.status}") if r.status else ""
        for col, value in enumerate([r.group, r.name, r.action, r.owner, status, r.blocker]):
            write_text(ws, i, col, value, st.wrap)
        fit_height(ws, i, [(r.action, 30), (r.blocker, 50), (r.name, 22)])
        ws.write_number(i, 6, r.weeks_in_row, st.flag if r.weeks_in_row >= 2 else st.int)
    return ws, 2


def _missing(wb, st: _Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.unit", 10),
        ("report.col.unit", 28),
        ("report.col.group", 22),
        ("report.col.last_week", 24),
    ]
    ws = _table_sheet(
        wb, st, t("report.sheet.missing"), t("report.missing.first", week=data.week), columns, t
    )
    ws.write_string(2, 0, t("report.col.unit_id"), st.head)
    if data.missing.empty:
        write_text(ws, 3, 0, t("report.missing.none"), st.note)
    for i, r in enumerate(data.missing.itertuples(), start=3):
        write_text(ws, i, 0, r.unit, st.text)
        write_text(ws, i, 1, r.name, st.text)
        write_text(ws, i, 2, r.group, st.text)
        write_text(ws, i, 3, str(r.last_week) if r.last_week is not None else t("report.col.never"), st.text)
    return ws, 2


def _data(wb, st: _Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.data"))
    write_text(ws, 0, 0, t("report.data.first", week=data.week), st.title)
    keys = DATA_COLUMNS  # the same columns as the full data export
    formats = {"week_start": st.date, "received": st.datetime, "value": st.int}
    frame = data.data
    header = 2
    for col, (_, _, width) in enumerate(keys):
        ws.set_column(col, col, width)
    rows = max(len(frame), 1)
    ws.add_table(
        header,
        0,
        header + rows,
        len(keys) - 1,
        {
            "name": "Veckodata" if t.language == "sv" else "WeekData",
            "style": "Table Style Medium 2",
            "columns": [{"header": t(label)} for _, label, _ in keys],
        },
    )
    for i, rec in enumerate(frame.to_dict("records"), start=header + 1):
        for col, (key, _, _) in enumerate(keys):
            value = rec[key]
            if key == "value":
                ws.write_number(i, col, float(value), st.int)
            elif key in ("week_start", "received"):
                ws.write_datetime(
                    i, col, value.to_pydatetime() if hasattr(value, "to_pydatetime") else value, formats[key]
                )
            else:
                write_text(ws, i, col, value)
    ws.freeze_panes(header + 1, 0)
    return ws, header


def _log(wb, st: _Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.received", 17),
        ("report.col.file", 34),
        ("report.col.outcome", 16),
        ("report.col.unit", 8),
        ("report.col.week", 10),
        ("report.col.detail", 70),
    ]
    ws = _table_sheet(wb, st, t("report.sheet.log"), t("report.log.first"), columns, t)
    for i, rec in enumerate(data.log, start=3):
        reasons = "\n".join((f"{p.cell}: " if p.cell else "") + p.message(t) for p in rec.problems)
        values = [
            rec.received_at.replace("T", " "),
            rec.name,
            t(f"outcome.{rec.outcome}"),
            rec.unit or "",
            rec.week or "",
            reasons,
        ]
        for col, value in enumerate(values):
            write_text(ws, i, col, value, st.flag if col == 2 and rec.outcome == "rejected" else st.wrap)
        fit_height(ws, i, [(reasons, 70), (rec.name, 34)])
    return ws, 2


def _months(wb, st: _Styles, t: Texts, data: ReportData):
    main = data.plan.measure(data.plan.main_measure)
    columns = [
        ("report.col.month", 12),
        ("report.col.weeks", 8),
        ("report.col.this_year", 10),
        ("report.col.last_year", 14),
        ("report.col.diff", 10),
        ("report.col.won", 9),
    ]
    first = t("report.months.first", measure=main.name, week=data.week)
    ws = _table_sheet(wb, st, t("report.sheet.months"), first, columns, t)
    ws.write_string(
        1, 0, t("report.months.won", won=int(data.months["won"].sum()), total=len(data.months)), st.headline
    )
    ws.set_row(2, 30)
    frame = data.months
    for i, r in enumerate(frame.itertuples(), start=3):
        ws.write_string(i, 0, t.month(*r.month), st.text)
        ws.write_number(i, 1, r.weeks, st.int)
        ws.write_number(i, 2, r.this_year, st.int)
        ws.write_number(i, 3, r.last_year, st.int)
        ws.write_number(i, 4, r.this_year - r.last_year, st.signed)
        ws.write_string(i, 5, t("yes") if r.won else t("no"), st.status[AHEAD] if r.won else st.text)
    first_row, last_row = 3, 2 + len(frame)
    chart = wb.add_chart({"type": "column"})
    for col, colour in ((2, "#1F4E78"), (3, "#A6A6A6")):
        chart.add_series(
            {
                "name": [ws.name, 2, col],
                "categories": [ws.name, first_row, 0, last_row, 0],
                "values": [ws.name, first_row, col, last_row, col],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": t("report.months.chart"), "name_font": {"size": 12}})
    chart.set_x_axis({"name": t("report.col.month")})
    chart.set_y_axis(
        {
            "name": main.name,
            "num_format": "#,##0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(last_row + 2, 0, chart)
    return ws, 2
