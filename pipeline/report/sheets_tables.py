"""The plain table sheets: month by month, this week's data, and the log of files."""

from __future__ import annotations

import pandas as pd

from pipeline.excel.table import Column, write_columns
from pipeline.excel.writer import fit_height, write_text
from pipeline.model import WARNING
from pipeline.report import alt
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
    ws.insert_chart(last_row + 2, 0, chart, {"description": alt.months(t, data)})
    return ws, HEADER_ROW


def week_data(wb, st: Styles, t: Texts, data: ReportData):
    ws = wb.add_worksheet(t("report.sheet.week_data"))
    write_text(ws, 0, 0, t("report.data.first", week=data.week), st.title)
    keys = [c for c in DATA_COLUMNS if c[0] != "held"]  # the export's columns; a held figure is not here
    formats = {"week_start": st.date, "received": st.datetime, "value": st.int}
    frame = data.data
    header = HEADER_ROW
    widths = [PRINT_WIDTHS.get(key, width) for key, _, width in keys]
    for col, width in enumerate(widths):
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
            # the header's own format: LibreOffice does not draw Excel's table styles
            "columns": [{"header": t(label), "header_format": st.head} for _, label, _ in keys],
        },
    )
    columns = [_plain(frame[key]) for key, _, _ in keys]  # plain lists: fast to walk
    at = [key for key, _, _ in keys].index("value")
    columns[at] = [float(v) for v in columns[at]]
    # a text is framed like the numbers beside it, and wrapped inside its cell when it is long
    kinds = {"value": "number", "week_start": "datetime", "received": "datetime"}
    write_columns(
        ws,
        header + 1,
        0,
        [
            Column(values, formats.get(key, st.wrap), kinds.get(key, "text"))
            for values, (key, _, _) in zip(columns, keys, strict=True)
        ],
    )
    for i, rec in enumerate(zip(*columns, strict=True), start=header + 1):
        long = [(v, w) for v, w in zip(rec, widths, strict=True) if isinstance(v, str) and len(v) > w]
        if long:
            fit_height(ws, i, long)
    ws.set_row(header, 30)  # room for a wrapped header ("Veckans måndag")
    ws.freeze_panes(header + 1, 0)
    return ws, header


# The Data sheet's own column widths, narrower than the export's: the sheet prints one page
# wide at a readable size (the export's widths, 178 characters, printed it at about 75 %)
PRINT_WIDTHS = {
    "week": 9,
    "week_start": 11,
    "group": 16,
    "unit": 7,
    "name": 20,
    "measure": 8,
    "measure_name": 22,
    "value": 7,
    "received": 15,
    "file": 26,
}


def _plain(column: pd.Series) -> list:
    """A column's values as a plain list; dates as ``datetime`` (converted in one go, not per value)."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(column.dtype):
        return column.array.to_pydatetime().tolist()
    return column.tolist()


def log(wb, st: Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.received", 18),
        ("report.col.file", FILE_WIDTH),
        ("report.col.outcome", 21),  # "Godkänd med varningar" on one line
        ("report.col.unit", 7),
        ("report.col.week", 9),
        ("report.col.detail", DETAIL_WIDTH),
    ]
    ws = table_sheet(wb, st, t("report.sheet.log"), t("report.log.first"), columns, t)
    write_text(ws, 1, 0, t("report.log.export", file=export_name(t.language)), st.note)
    first = HEADER_ROW + 1
    for i, (place, since, _reason) in enumerate(data.waiting, start=first):  # for the administrator to free
        values = [shown_time(since), f"inbox/{place}", t("outcome.waiting"), "", ""]
        values.append(t("report.log.waiting", since=shown_time(since)))  # the OS reason: status, log
        for col, value in enumerate(values):
            write_text(ws, i, col, value, st.flag if col == 2 else _style(st, col, value))
        fit_height(ws, i, [(values[-1], DETAIL_WIDTH), (values[1], FILE_WIDTH)])
    for i, rec in enumerate(data.log, start=first + len(data.waiting)):
        lines = [(f"{p.cell}: " if p.cell else "") + p.message(t) for p in rec.problems]
        if len(lines) > REASONS_SHOWN:  # a row is an overview, the receipt has every problem
            lines = lines[: REASONS_SHOWN - 1] + [t("report.log.more", n=len(lines) - REASONS_SHOWN + 1)]
        reasons = "\n".join(lines)
        warned = rec.outcome == "accepted" and any(p.severity == WARNING for p in rec.problems)
        outcome = "accepted_warnings" if warned else rec.outcome
        values = [
            shown_time(rec.received_at),
            rec.name,
            t(f"outcome.{outcome}"),
            rec.unit or "",
            rec.week or "",
        ]
        values.append(reasons)
        said = {"rejected": st.flag, "accepted_warnings": st.warn}.get(outcome)
        for col, value in enumerate(values):
            write_text(ws, i, col, value, said if col == 2 and said else _style(st, col, value))
        fit_height(ws, i, [(reasons, DETAIL_WIDTH), (rec.name, FILE_WIDTH), (values[2], 21)])
    return ws, HEADER_ROW


FILE_WIDTH, DETAIL_WIDTH = 40, 60
REASONS_SHOWN = 5  # lines of problems in one log row


def _style(st: Styles, col: int, value: str):
    """A log cell's format: a file name that fits its column is never wrapped (LibreOffice would
    break it at the dot of ".xlsx"); a longer one, and the reasons, wrap inside their cells."""
    if col == 1 and len(value) <= FILE_WIDTH * 0.85:  # room for wide letters: a clipped name is worse
        return st.text
    return st.wrap
