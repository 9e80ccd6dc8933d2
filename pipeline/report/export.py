"""The data export: every accepted figure that counts, in long format, in a workbook of its own.

The leadership workbook stays small (it grows with units x weeks); the full
history lives here (a held figure too, marked in its last column: the report counts
it nowhere until it is confirmed), as an Excel table with typed columns (real dates and
numbers) ready for a pivot table. ``pipeline export`` writes it on demand.
It is streamed (xlsxwriter's ``constant_memory``): memory stays flat however
many figures there are (1.9 GB before, at 520,000 rows). xlsxwriter refuses
``add_table`` in that mode, and for any table it records every cell of its
range (ten per row, about 500 MB at 520,000 rows) to detect overlaps. So the
table is declared over the header and one row, its range is then stretched to
the real rows (``_stretch_table``), and the header cells are written again as
streamed cells. ``tests/test_report.py`` reads the table back.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_range

from pipeline.excel.writer import atomic_workbook, write_text
from pipeline.plan.model import Plan
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek

COLUMNS = [
    ("week", "report.col.week", 10),
    ("week_start", "report.col.week_start", 16),
    ("group", "report.col.group", 20),
    ("unit", "report.col.unit_id", 9),
    ("name", "report.col.unit", 24),
    ("measure", "report.col.measure_id", 10),
    ("measure_name", "report.col.measure", 26),
    ("value", "report.col.value", 10),
    ("received", "report.col.received", 19),
    ("file", "report.col.file", 34),
    ("held", "report.col.held", 14),  # "Ja": a held figure (implausible, not confirmed), in no total
]


def export_name(language: str) -> str:
    return "dataexport.xlsx" if language == "sv" else "data-export.xlsx"


def write_export(plan: Plan, figures: pd.DataFrame, path: Path, language: str) -> Path:
    """Writes every current figure (``Ledger.figures()``) to ``path``, oldest week first."""
    t = Texts(language)
    units = {u.id: u for u in plan.units}
    measures = {m.id: m for m in plan.measures}
    frame = figures.sort_values(["week", "unit", "measure"], kind="stable")
    with atomic_workbook(path, title=t("report.export.title"), stream=True) as wb:
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        time_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        ws = wb.add_worksheet(t("report.sheet.data"))
        for col, (_, _, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        rows = max(len(frame), 1)
        headers = [t(label) for _, label, _ in COLUMNS]
        ws.constant_memory = False  # add_table is refused while streaming
        ws.add_table(
            0,
            0,
            1,
            len(COLUMNS) - 1,
            {
                "name": "Data",
                "style": "Table Style Medium 2",
                "columns": [{"header": h} for h in headers],
            },
        )
        _stretch_table(ws, rows, len(COLUMNS) - 1)
        ws.constant_memory = True
        for col, header in enumerate(headers):  # again, as streamed cells of row 0
            ws.write_string(0, col, header)
        ws.freeze_panes(1, 0)
        week_cache: dict[str, datetime] = {}
        for row, rec in enumerate(frame.itertuples(index=False), start=1):
            unit, measure = units.get(rec.unit), measures.get(rec.measure)
            if rec.week not in week_cache:
                week_cache[rec.week] = datetime.combine(IsoWeek.parse(rec.week).monday(), datetime.min.time())
            write_text(ws, row, 0, rec.week)
            ws.write_datetime(row, 1, week_cache[rec.week], date_fmt)
            write_text(ws, row, 2, unit.group if unit else "")
            write_text(ws, row, 3, rec.unit)
            write_text(ws, row, 4, unit.name if unit else "")
            write_text(ws, row, 5, rec.measure)
            write_text(ws, row, 6, measure.name if measure else "")
            ws.write_number(row, 7, float(rec.value))
            ws.write_datetime(row, 8, datetime.fromisoformat(rec.received_at), time_fmt)
            write_text(ws, row, 9, rec.file)
            if rec.held:
                ws.write_string(row, 10, t("yes"))
    return path


def _stretch_table(ws, last_row: int, last_col: int) -> None:
    """Extends the table just added (over the header and one row) to ``last_row``."""
    table = ws.tables[-1]
    full = xl_range(0, 0, last_row, last_col)
    table["range"] = table["a_range"] = full
    if table.get("autofilter"):
        table["autofilter"] = full
