"""The data export: every accepted figure that counts, in long format, in a workbook of its own.

The leadership workbook stays small (it grows with units x weeks); the full
history lives here, as an Excel table with typed columns (real dates and
numbers) ready for a pivot table. ``pipeline export`` writes it on demand.
xlsxwriter's ``constant_memory`` mode would keep memory flat, but it cannot
write an Excel table (``add_table`` is not supported there), and the table is
what makes the export pivot-ready; so the export is written in normal mode.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.plan.model import Plan
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek
from pipeline.xlsx import atomic_workbook, write_text

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
]


def export_name(language: str) -> str:
    return "dataexport.xlsx" if language == "sv" else "data-export.xlsx"


def write_export(plan: Plan, figures: pd.DataFrame, path: Path, language: str) -> Path:
    """Writes every current figure (``Ledger.figures()``) to ``path``, oldest week first."""
    t = Texts(language)
    units = {u.id: u for u in plan.units}
    measures = {m.id: m for m in plan.measures}
    frame = figures.sort_values(["week", "unit", "measure"], kind="stable")
    with atomic_workbook(path, title=t("report.export.title")) as wb:
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        time_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        ws = wb.add_worksheet(t("report.sheet.data"))
        for col, (_, _, width) in enumerate(COLUMNS):
            ws.set_column(col, col, width)
        rows = max(len(frame), 1)
        ws.add_table(
            0,
            0,
            rows,
            len(COLUMNS) - 1,
            {
                "name": "Data",
                "style": "Table Style Medium 2",
                "columns": [{"header": t(label)} for _, label, _ in COLUMNS],
            },
        )
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
    return path
