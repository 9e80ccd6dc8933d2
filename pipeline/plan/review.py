"""The review workbook that ``pipeline plan`` writes: the back-planned target curve.

Units (with group subtotals and the total) x weeks, cumulative, with the
calendar weight of every week on top, so the administrator can check the
curve before units start reporting. It is written beside ``plan.xlsx``, never
into it: the plan is the administrator's own file and may be open in Excel.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.excel.writer import atomic_workbook, write_text
from pipeline.plan.model import Plan
from pipeline.strings import Texts


def write_review(plan: Plan, targets: pd.DataFrame, path: Path, language: str = "sv") -> Path:
    """Writes one sheet per measure: rows are units, columns are weeks."""
    t = Texts(language)
    with atomic_workbook(path, title=t("plan.targets.title")) as wb:
        title = wb.add_format({"bold": True, "font_size": 14})
        head = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1})
        weight_fmt = wb.add_format({"italic": True, "num_format": "0.0", "border": 1, "bg_color": "#F2F2F2"})
        num = wb.add_format({"num_format": "#,##0.##", "border": 1})
        sub = wb.add_format({"num_format": "#,##0.##", "border": 1, "bold": True, "bg_color": "#DDEBF7"})
        sub_text = wb.add_format({"bold": True, "border": 1, "bg_color": "#DDEBF7"})
        text = wb.add_format({"border": 1})
        weeks = plan.weeks
        for measure in plan.measures:
            rows = targets[targets["measure"] == measure.id]
            if rows.empty:
                continue
            grid = rows.pivot_table(index="unit", columns="week", values="target", aggfunc="sum")
            ws = wb.add_worksheet(f"{t('plan.targets.sheet')} {measure.id}"[:31])
            write_text(ws, 0, 0, f"{t('plan.targets.title')}: {measure.name}", title)
            ws.write_string(2, 0, t("plan.col.unit"), head)
            ws.write_string(2, 1, t("plan.col.name"), head)
            ws.write_string(3, 1, t("plan.col.weight"), weight_fmt)
            ws.write_blank(3, 0, None, weight_fmt)
            for col, week in enumerate(weeks, start=2):
                ws.write_string(2, col, week.label(), head)
                ws.write_number(3, col, plan.weight(week), weight_fmt)
            row = 3
            for group in plan.groups:
                members = [u for u in plan.units if u.group == group and u.id in grid.index]
                for unit in members:
                    row += 1
                    write_text(ws, row, 0, unit.id, text)
                    write_text(ws, row, 1, unit.name, text)
                    for col, week in enumerate(weeks, start=2):
                        ws.write_number(row, col, float(grid.loc[unit.id, week]), num)
                row += 1
                write_text(ws, row, 0, "", sub_text)
                write_text(ws, row, 1, group, sub_text)
                for col, week in enumerate(weeks, start=2):
                    ws.write_number(row, col, float(grid.loc[[u.id for u in members], week].sum()), sub)
            row += 1
            write_text(ws, row, 0, "", sub_text)
            ws.write_string(row, 1, t("plan.targets.total"), sub_text)
            for col, week in enumerate(weeks, start=2):
                ws.write_number(row, col, float(grid[week].sum()), sub)
            ws.set_column(0, 0, 8)
            ws.set_column(1, 1, 24)
            ws.set_column(2, len(weeks) + 1, 6.5)
            ws.freeze_panes(4, 2)
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
    return path
