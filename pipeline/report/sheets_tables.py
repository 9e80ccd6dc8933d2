"""The plain table sheets: month by month, this week's data, and the log of files."""

from __future__ import annotations

import pandas as pd

from pipeline.excel.writer import fit_height, write_text
from pipeline.report.export import COLUMNS as DATA_COLUMNS
from pipeline.report.export import export_name
from pipeline.report.figures import AHEAD, ReportData
from pipeline.report.sheets_base import BLUE, GREY, HEADER_ROW, Styles, line_axis, table_sheet
from pipeline.strings import Texts, shown_time


def months(wb, st: Styles, t: Texts, data: ReportData):
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
    ws = table_sheet(wb, st, t("report.sheet.months"), first, columns, t)
    # a long first line, wrapped over the chart's width: overflowing text would shrink the printout
    ws.merge_range(0, 0, 0, len(columns) + 2, first, st.title_wrap)
    ws.set_row(0, 58)
    frame = data.months
    won = t("report.months.won", won=int(frame["won"].sum()), total=len(frame))
    ws.write_string(1, 0, won, st.headline)
    for i, r in enumerate(frame.itertuples(), start=HEADER_ROW + 1):
        ws.write_string(i, 0, t.month(*r.month), st.text)
        ws.write_number(i, 1, r.weeks, st.int)
        ws.write_number(i, 2, r.this_year, st.int)
        ws.write_number(i, 3, r.last_year, st.int)
        ws.write_number(i, 4, r.this_year - r.last_year, st.signed)
        ws.write_string(i, 5, t("yes") if r.won else t("no"), st.status[AHEAD] if r.won else st.text)
    first_row, last_row = HEADER_ROW + 1, HEADER_ROW + len(frame)
    chart = wb.add_chart({"type": "column"})
    for col, colour in ((2, BLUE), (3, GREY)):
        chart.add_series(
            {
                "name": [ws.name, HEADER_ROW, col],
                "categories": [ws.name, first_row, 0, last_row, 0],
                "values": [ws.name, first_row, col, last_row, col],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": t("report.months.chart"), "name_font": {"size": 12}})
    chart.set_x_axis({"name": t("report.col.month")})
    chart.set_y_axis(line_axis(main.name))
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(last_row + 2, 0, chart)
    return ws, HEADER_ROW


def week_data(wb, st: Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.data"))
    write_text(ws, 0, 0, t("report.data.first", week=data.week), st.title)
    keys = [c for c in DATA_COLUMNS if c[0] != "held"]  # the export's columns; a held figure is not here
    formats = {"week_start": st.date, "received": st.datetime, "value": st.int}
    frame = data.data
    header = HEADER_ROW
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
    columns = [_plain(frame[key]) for key, _, _ in keys]  # plain lists: fast to walk
    for i, rec in enumerate(zip(*columns, strict=True), start=header + 1):
        for col, (key, _, _) in enumerate(keys):
            value = rec[col]
            if key == "value":
                ws.write_number(i, col, float(value), st.int)
            elif key in ("week_start", "received"):
                ws.write_datetime(i, col, value, formats[key])
            else:
                write_text(ws, i, col, value)
    ws.freeze_panes(header + 1, 0)
    return ws, header


def _plain(column: pd.Series) -> list:
    """A column's values as a plain list; dates as ``datetime`` (converted in one go, not per value)."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(column.dtype):
        return column.array.to_pydatetime().tolist()
    return column.tolist()


def log(wb, st: Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.received", 17),
        ("report.col.file", 34),
        ("report.col.outcome", 16),
        ("report.col.unit", 8),
        ("report.col.week", 10),
        ("report.col.detail", 70),
    ]
    ws = table_sheet(wb, st, t("report.sheet.log"), t("report.log.first"), columns, t)
    write_text(ws, 1, 0, t("report.log.export", file=export_name(t.language)), st.note)
    first = HEADER_ROW + 1
    for i, (place, since, _reason) in enumerate(data.waiting, start=first):  # for the administrator to free
        values = [shown_time(since), f"inbox/{place}", t("outcome.waiting"), "", ""]
        values.append(t("report.log.waiting", since=shown_time(since)))  # the OS reason: status, log
        for col, value in enumerate(values):
            write_text(ws, i, col, value, st.flag if col == 2 else st.wrap)
        fit_height(ws, i, [(values[-1], 70), (values[1], 34)])
    for i, rec in enumerate(data.log, start=first + len(data.waiting)):
        reasons = "\n".join((f"{p.cell}: " if p.cell else "") + p.message(t) for p in rec.problems)
        values = [
            shown_time(rec.received_at),
            rec.name,
            t(f"outcome.{rec.outcome}"),
            rec.unit or "",
            rec.week or "",
            reasons,
        ]
        for col, value in enumerate(values):
            write_text(ws, i, col, value, st.flag if col == 2 and rec.outcome == "rejected" else st.wrap)
        fit_height(ws, i, [(reasons, 70), (rec.name, 34)])
    return ws, HEADER_ROW
