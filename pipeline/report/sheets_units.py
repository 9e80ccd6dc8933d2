"""The units sheet (one row per unit, department subtotals, total) and the trend sheet (units x weeks)."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_range, xl_rowcol_to_cell

from pipeline.excel.writer import write_text
from pipeline.plan.model import LOWER
from pipeline.report.figures import ReportData, Standing
from pipeline.report.sheets_base import (
    BLUE,
    HEADER_ROW,
    NOW_COLOUR,
    Styles,
    held_cell,
    held_main,
    held_text,
    num,
)
from pipeline.strings import Texts

UNIT_COLUMNS = [
    ("group", 20),
    ("unit", 8),
    ("name", 24),
    ("this_week", 11),
    ("cumulative", 12),
    ("target", 12),
    ("gap", 11),
    ("share", 10),
    ("needed", 11),
    ("forecast", 12),
    ("goal_week", 18),
    ("status", 12),
    ("acted", 9),
    ("reported", 12),
]
COL = {key: i for i, (key, _) in enumerate(UNIT_COLUMNS)}
GAP_COL = COL["gap"]
HEAT = ("#F8696B", "#FFEB84", "#63BE7B")  # low, middle, high: red, yellow, green


def units(wb, st: Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.units"))
    main = data.plan.measure(data.plan.main_measure)
    write_text(ws, 0, 0, t("report.units.first", measure=main.name, week=data.week), st.title)
    header = HEADER_ROW
    labels = {"group": t("report.col.group"), "unit": t("report.col.unit_id"), "name": t("report.col.unit")}
    for col, (key, width) in enumerate(UNIT_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(header, col, labels.get(key) or t(f"report.col.{key}"), st.head)
    ws.set_row(header, 32)
    ws.freeze_panes(header + 1, 3)
    row, unit_rows = header, []
    held = held_main(data)
    for group, standing in data.groups.items():
        for unit in (u for u in data.units if u.group == group):
            row += 1
            unit_rows.append(row)
            s = unit.standing
            write_text(ws, row, 0, unit.group, st.text)
            write_text(ws, row, 1, unit.unit_id, st.text)
            write_text(ws, row, 2, unit.name, st.text)
            _standing_cells(ws, row, s, st)
            if (unit.unit_id, data.week) in held:  # this week's figure waits for a check
                ws.write_string(row, COL["this_week"], held_cell(t, held[unit.unit_id, data.week]), st.held)
            _outlook_cells(ws, row, data.unit_outlooks.get(unit.unit_id), st, t)
            ws.write_string(row, COL["status"], t(f"status.{s.status}"), st.status[s.status])
            acted = {"yes": t("yes"), "no": t("no"), "partly": t("report.acted.partly")}.get(unit.acted, "")
            ws.write_string(row, COL["acted"], acted, st.text)
            reported_fmt = st.flag if unit.reported == "missing" else st.text
            ws.write_string(row, COL["reported"], t(f"report.reported.{unit.reported}"), reported_fmt)
        row += 1
        _subtotal(ws, row, t("report.subtotal", group=group), standing, st, t, data.group_outlooks.get(group))
    row += 1
    _subtotal(ws, row, t("report.total"), data.total, st, t, data.outlook)
    ws.autofilter(header, 0, row - 1, len(UNIT_COLUMNS) - 1)
    if unit_rows:
        _gap_bars(ws, unit_rows)
    rows_sum = sum(u.standing.needed for u in data.units)
    write_text(ws, row + 2, 0, t("report.units.needed_note", sum=t.number(round(rows_sum))), st.note)
    _held_note(ws, row + 3, t, data, st)
    return ws, header


def _held_note(ws, row: int, t: Texts, data: ReportData, st: Styles) -> None:
    """Under a table: which figures wait for a check and are counted in none of its sums."""
    if data.held:
        marked = [h for h in data.held if h.measure_id == data.plan.main_measure]  # in the tables
        # the mark explained with one that is in the table, not a made-up number
        mark = t("report.held.mark", example=held_cell(t, marked[0].value)) + " " if marked else ""
        write_text(ws, row, 0, mark + held_text(t, data.plan, data.held), st.note)


def _gap_bars(ws, rows: list[int]) -> None:
    """Data bars on the unit rows of the gap column (not the subtotals): green ahead, red behind."""
    ranges = " ".join(xl_range(r, GAP_COL, r, GAP_COL) for r in rows)
    ws.conditional_format(
        rows[0],
        GAP_COL,
        rows[-1],
        GAP_COL,
        {
            "type": "data_bar",
            "data_bar_2010": True,
            "bar_color": "#63BE7B",
            "bar_negative_color": "#F8696B",
            "bar_axis_position": "middle",
            "bar_solid": True,
            "multi_range": ranges,
        },
    )


def _standing_cells(ws, row: int, s: Standing, st: Styles, sub: bool = False) -> None:
    fmt = st.sub if sub else {"int": st.int, "signed": st.signed, "pct": st.pct}
    num(ws, row, 3, s.this_week, fmt["int"])
    num(ws, row, 4, s.actual, fmt["int"])
    num(ws, row, 5, s.target, fmt["int"])
    num(ws, row, GAP_COL, s.gap, fmt["signed"])
    num(ws, row, 7, s.share_of_goal, fmt["pct"])
    num(ws, row, COL["needed"], s.needed, fmt["int"])


def _subtotal(ws, row: int, label: str, s: Standing, st: Styles, t: Texts, outlook=None) -> None:
    for col in range(len(UNIT_COLUMNS)):
        ws.write_blank(row, col, None, st.sub["text"])
    write_text(ws, row, 0, label, st.sub["text"])
    _standing_cells(ws, row, s, st, sub=True)
    _outlook_cells(ws, row, outlook, st, t, sub=True)
    ws.write_string(row, COL["status"], t(f"status.{s.status}"), st.status[s.status])


def _outlook_cells(ws, row: int, outlook, st: Styles, t: Texts, sub: bool = False) -> None:
    """Forecast at the end of the period and the week the goal is reached at the current pace."""
    if outlook is None or outlook.forecast is None:
        return
    num(ws, row, COL["forecast"], outlook.forecast, st.sub["int"] if sub else st.int)
    reached = str(outlook.goal_week) if outlook.goal_week else t("report.kf.not_in_period")
    ws.write_string(row, COL["goal_week"], reached, st.sub["text"] if sub else st.text)


def trend(wb, st: Styles, t: Texts, data: ReportData):
    """Units x weeks of the main measure, a heat map, the report week marked, a sparkline per unit."""
    ws = wb.add_worksheet(t("report.sheet.trend"))
    main = data.plan.measure(data.plan.main_measure)
    table = data.trend
    write_text(ws, 0, 0, t("report.trend.first", measure=main.name, week=data.week), st.title)
    write_text(ws, 1, 0, t("report.trend.note", week=data.week.label()), st.note)
    header, c0 = HEADER_ROW, 3
    for col, (key, width) in enumerate(
        (("report.col.unit_id", 8), ("report.col.unit", 24), ("report.col.trend", 16))
    ):
        ws.set_column(col, col, width)
        ws.write_string(header, col, t(key), st.head)
    weeks = list(table.columns)
    c1 = c0 + len(weeks) - 1
    ws.set_column(c0, max(c0, c1), 6.5)
    for col, week in enumerate(weeks, start=c0):
        ws.write_string(header, col, week.label(), st.head_now if week == data.week else st.head)
    ws.set_row(header, 30)
    ws.freeze_panes(header + 1, c0)
    sheet = quote_sheetname(ws.name)
    locations, ranges = [], []
    week_formats = [st.int_now if week == data.week else st.int for week in weeks]
    held = held_main(data)
    low, high = 0.0, 0.0  # the bars' common scale: from 0 (or the lowest value) to the highest shown
    rows = zip(table.index.tolist(), table.to_numpy().tolist(), strict=True)  # plain lists: fast to walk
    for row, (unit_id, values) in enumerate(rows, start=header + 1):
        unit = data.plan.unit(unit_id)
        ws.set_row(row, 20)  # room for the sparkline
        write_text(ws, row, 0, unit_id, st.text)
        write_text(ws, row, 1, unit.name if unit else unit_id, st.text)
        ws.write_blank(row, 2, None, st.text)
        for col, (value, fmt, week) in enumerate(zip(values, week_formats, weeks, strict=True), start=c0):
            num(ws, row, col, value, fmt)
            if value == value and value is not None and (unit_id, week) not in held:  # not NaN, not held
                low, high = min(low, value), max(high, value)
        if held:
            for col, week in enumerate(weeks, start=c0):
                if (unit_id, week) in held:  # in no sum, no colour scale, no sparkline
                    ws.write_string(row, col, held_cell(t, held[unit_id, week]), st.held)
        locations.append(xl_rowcol_to_cell(row, 2))
        ranges.append(f"{sheet}!{xl_range(row, c0, row, c1)}")
    if weeks and locations:
        # one group: every unit on the same scale from 0, so the bars compare across units
        ws.add_sparkline(
            header + 1,
            2,
            {
                "location": locations,
                "range": ranges,
                "type": "column",  # LibreOffice prints column sparklines, not line ones
                "series_color": BLUE,
                "last_point": True,
                "last_color": NOW_COLOUR,
                "empty_cells": "gaps",
                # Both ends as numbers, never "group": LibreOffice draws a column sparkline with
                # an automatic or group maximum over its neighbours' rows (E04's bar covered E03
                # to E06 in print). A fixed scale prints inside the row in LibreOffice and Excel;
                # a fifth of headroom keeps the highest bar off the border of the row above.
                "min": low,
                "max": low + (high - low) * 1.2 if high > low else low + 1,
            },
        )
    last = header + len(table)
    if weeks and len(table):
        low, mid, high = HEAT[::-1] if main.direction == LOWER else HEAT
        ws.conditional_format(
            header + 1,
            c0,
            last,
            c1,
            {
                "type": "3_color_scale",
                "min_color": low,
                "mid_type": "percentile",
                "mid_value": 50,
                "mid_color": mid,
                "max_color": high,
            },
        )
    _held_note(ws, last + 2, t, data, st)
    return ws, header
