"""The overview sheet: headline, key figures, the cumulative chart and the units chart."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.excel.writer import fit_height, mark_header, write_text
from pipeline.report import alt
from pipeline.report.figures import AHEAD, BEHIND, ON_TRACK, ReportData, Standing
from pipeline.report.sheets_base import BLUE, GREY, RED, STATUS_COLOURS, Styles, held_text, line_axis, num
from pipeline.strings import Texts

BIG = ("kf_actual", "kf_plan", "kf_gap", "kf_needed")  # the key figures written large
CHART_COL = 5  # charts sit in column F, right of the key figures
LAST_COL = 12  # the print area ends at column M, where the charts end


def headline(t: Texts, total: Standing) -> str:
    """The sentence at the top of the overview, for example "6 efter plan; 14 behövs ..."."""
    gap, needed = round(total.gap), t.number(round(total.needed))  # "1 195", as every other figure
    if gap < 0:
        return t("report.headline.behind", gap=t.number(abs(gap)), needed=needed)
    if gap > 0:
        return t("report.headline.ahead", gap=t.number(gap), needed=needed)
    return t("report.headline.on_plan", needed=needed)


def overview(wb, st: Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.overview"))
    plan = data.plan
    main = plan.measure(plan.main_measure)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 3, 16)
    ws.set_column(4, 4, 2)
    write_text(ws, 0, 0, t("report.title", programme=plan.name, week=data.week), st.title)
    first = t("report.overview.first", measure=main.name, week=data.week, goal_text=plan.goal_text)
    write_text(ws, 1, 0, first, st.note)
    colour = STATUS_COLOURS[data.total.status][1]
    write_text(
        ws,
        3,
        0,
        headline(t, data.total),
        wb.add_format({"bold": True, "font_size": 14, "font_color": colour}),
    )
    if data.held:  # right under the headline: the headline does not count them
        text = held_text(t, plan, data.held) + " " + t("report.held.how")
        ws.merge_range(
            4,
            0,
            4,
            3,
            text,
            wb.add_format({"bold": True, "font_color": "#9C0006", "text_wrap": True, "valign": "top"}),
        )
        ws.set_row(4, 15 * -(-len(text) // 95))
    row = key_figures(wb, ws, st, t, data)
    top = row + 2
    last = cumulative_chart(wb, ws, st, t, data, top)
    units_last = _units_chart(wb, ws, st, t, data, last)
    ws.print_area(0, 0, max(last, units_last), LAST_COL)
    return ws, None


def key_figure_rows(t: Texts, data: ReportData) -> list[tuple[str, object, str, str | None]]:
    """The overview's key figures, in order: (label, value, kind, defined name).

    ``kind`` says how the value is written: ``int``, ``signed``, ``pct``, ``signed_pct``, ``dec``
    (numbers; None when there is none) or ``text``. The workbook and the weekly digest
    (``pipeline.mail.digest``) both write these rows: the same figures in both, from one list.
    """
    total = data.total
    vs_last = None if data.last_year_to_date is None else total.actual - data.last_year_to_date
    figures = [
        ("report.kf.actual", total.actual, "int", "kf_actual"),
        ("report.kf.plan", total.target, "int", "kf_plan"),
        ("report.kf.gap", total.gap, "signed", "kf_gap"),
        ("report.kf.gap_pct", total.gap_share, "signed_pct", None),
        ("report.kf.needed", total.needed, "int", "kf_needed"),
        ("report.kf.goal", total.goal, "int", "kf_goal"),
        ("report.kf.share", total.share_of_goal, "pct", None),
        ("report.kf.last_year", data.last_year_to_date, "int", None),
        ("report.kf.vs_last_year", vs_last, "signed", None),
    ]
    outlook = data.outlook
    if outlook is not None:
        figures[5:5] = [
            ("report.kf.required_pace", outlook.required_pace, "dec", "kf_required_pace"),
            ("report.kf.current_pace", outlook.current_pace, "dec", "kf_current_pace"),
            ("report.kf.forecast", outlook.forecast, "int", "kf_forecast"),
        ]
    rows = [(t(key, n=data.pace_weeks), value, kind, name) for key, value, kind, name in figures]
    missing = sum(1 for u in data.units if u.reported == "missing")
    if outlook is not None:
        goal_week = str(outlook.goal_week) if outlook.goal_week else t("report.kf.not_in_period")
        rows.append((t("report.kf.goal_week"), goal_week, "text", None))
    if data.months is not None:
        won = f"{int(data.months['won'].sum())} / {len(data.months)}"
        rows.append((t("report.kf.months_won"), won, "text", None))
    rows.append((t("report.kf.reported"), f"{len(data.units) - missing} / {len(data.units)}", "text", None))
    rows.append((t("report.kf.status"), t(f"status.{total.status}"), "status", None))
    return rows


def key_figures(wb, ws, st: Styles, t: Texts, data: ReportData) -> int:
    """Writes the key figures from row 6 down; returns the last row written."""
    total, outlook = data.total, data.outlook
    counts = {k: sum(1 for u in data.units if u.standing.status == k) for k in (AHEAD, ON_TRACK, BEHIND)}
    missing = sum(1 for u in data.units if u.reported == "missing")
    big = {"int": st.big, "signed": st.big_signed}
    formats = {"int": st.int, "signed": st.signed, "pct": st.pct, "signed_pct": st.signed_pct, "dec": st.dec}
    row = 5
    for label, value, kind, name in key_figure_rows(t, data):
        ws.write_string(row, 0, label, st.label)
        if kind == "text":
            ws.write_string(row, 1, value, st.right)
        elif kind == "status":
            ws.write_string(row, 1, value, st.status[total.status])
        else:
            num(ws, row, 1, value, big[kind] if name in BIG else formats[kind])
        if name:
            wb.define_name(name, f"='{ws.name}'!{xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)}")
        row += 1
    line = t(
        "report.kf.status_line",
        ahead=counts[AHEAD],
        on_track=counts[ON_TRACK],
        behind=counts[BEHIND],
        missing=missing,
    )
    # one wrapped cell each, not merged: no merged cells inside a table (screen readers lose their place)
    write_text(ws, row, 0, line, st.wrap)
    fit_height(ws, row, [(line, 40)])
    if outlook is not None and outlook.without_data:
        row += 1
        without = t("report.kf.without_data", units=", ".join(outlook.without_data))
        write_text(ws, row, 0, without, st.wrap)
        fit_height(ws, row, [(without, 40)])
    return row


def cumulative_chart(wb, ws, st: Styles, t: Texts, data: ReportData, top: int) -> int:
    """The series table from row ``top`` and the line chart that plots it; returns the table's last row."""
    series = data.series
    columns = ["week", "actual", "plan"] + (["last_year"] if series["last_year"].notna().any() else [])
    ws.write_row(top, 0, [t(f"report.series.{c}") for c in columns], st.head)
    mark_header(ws, top)  # the sheet's one table of rows (the key figures above are label and value)
    ws.set_row(top, 30)
    for i, rec in enumerate(series.itertuples(), start=1):
        ws.write_string(top + i, 0, rec.week.label(), st.text)
        for col, column in enumerate(columns[1:], start=1):
            num(ws, top + i, col, getattr(rec, column), st.int)
    first, last = top + 1, top + len(series)

    chart = wb.add_chart({"type": "line"})
    styles = {
        "actual": {"color": BLUE, "width": 2.75},
        "plan": {"color": RED, "width": 2, "dash_type": "dash"},
        "last_year": {"color": GREY, "width": 1.5},
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
    chart.set_y_axis(line_axis(t("report.chart.y")))
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": 620, "height": 340})
    ws.insert_chart(5, CHART_COL, chart, {"description": alt.cumulative(t, data)})
    return last


def _units_chart(wb, ws, st: Styles, t: Texts, data: ReportData, series_last: int) -> int:
    """Each unit's actual vs target to date, most behind first: a table and the bar chart that plots it.

    The chart goes under the cumulative chart, the table under the units chart,
    both in the chart columns. Returns the table's last row.
    """
    units = sorted(data.units, key=lambda u: (u.standing.gap, u.unit_id))
    chart_top = 24  # below the cumulative chart (row 6, 340 px high)
    height = 120 + 26 * len(units)
    top = chart_top + -(-height // 20) + 1  # the table starts under the chart (20 px a row)
    keys = ["report.col.unit", "report.kf.actual", "report.kf.plan", "report.col.gap"]
    col0 = CHART_COL
    for offset, width in enumerate((22, 19, 19, 11)):  # wide enough for one-line headers: the
        ws.set_column(col0 + offset, col0 + offset, width)  # row is shared with the series table
    ws.write_row(top, col0, [t(k) for k in keys], st.head)
    for i, unit in enumerate(units, start=1):
        s = unit.standing
        write_text(ws, top + i, col0, unit.name, st.text)
        num(ws, top + i, col0 + 1, s.actual, st.int)
        num(ws, top + i, col0 + 2, s.target, st.int)
        num(ws, top + i, col0 + 3, s.gap, st.signed)
    first, last = top + 1, top + len(units)

    chart = wb.add_chart({"type": "bar"})
    looks = {
        1: {"fill": {"color": BLUE}, "gap": 40, "overlap": 100},
        2: {"fill": {"none": True}, "border": {"color": RED, "width": 1.75, "dash_type": "dash"}},
    }
    for col, look in looks.items():
        chart.add_series(
            {
                "name": [ws.name, top, col0 + col],
                "categories": [ws.name, first, col0, last, col0],
                "values": [ws.name, first, col0 + col, last, col0 + col],
                **look,
            }
        )
    chart.set_title({"name": t("report.units_chart.title"), "name_font": {"size": 12}})
    # xlsxwriter's bar chart: the x axis is the horizontal value axis, the y axis the units
    chart.set_x_axis(line_axis(t("report.units_chart.y")))
    chart.set_y_axis({"reverse": True, "crossing": "max"})  # most behind on top, values below
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": height})
    ws.insert_chart(chart_top, CHART_COL, chart, {"description": alt.units(t, data, units)})
    return last
