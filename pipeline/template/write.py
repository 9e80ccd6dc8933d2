"""Writes each unit's weekly template: a clean, protected form with dropdowns.

The unit is pre-filled and locked; the week comes from a dropdown of the
programme's weeks; the yellow input cells are the only unlocked ones. Every
input area is a defined name from ``pipeline.template.names``.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.excel.writer import atomic_workbook, write_text
from pipeline.plan.model import STOCK, Plan, Unit
from pipeline.strings import Texts
from pipeline.template import names
from pipeline.template.names import (
    ACTION_COLUMNS,
    ACTION_ROWS,
    ACTION_STATUSES,
    KIND_WEEKLY,
    TEMPLATE_VERSION,
)
from pipeline.template.standing import UnitStanding, write_block
from pipeline.weeks import IsoWeek

META_SHEET = "_meta"
FILE_PREFIX = {"sv": "veckorapport", "en": "weekly-report"}
INPUT_COLOUR = "#FFF2CC"


def template_name(unit: Unit, language: str, week: IsoWeek | None = None) -> str:
    suffix = f"_{week}" if week else ""
    return f"{FILE_PREFIX.get(language, FILE_PREFIX['sv'])}_{unit.id}{suffix}.xlsx"


def identity_sheet(wb, kind: str, version: str, programme_id: str):
    """The hidden sheet every kind of template has: its kind, version and programme, each a defined
    name (``names.KIND``, ``names.VERSION``, ``names.PROGRAMME``). Returns the sheet."""
    meta = wb.add_worksheet(META_SHEET)
    meta.hide()
    for row, (key, value) in enumerate([("kind", kind), ("version", version), ("programme", programme_id)]):
        meta.write_string(row, 0, key)
        write_text(meta, row, 1, value)
    wb.define_name(names.KIND, absolute_ref(META_SHEET, 0, 1))
    wb.define_name(names.VERSION, absolute_ref(META_SHEET, 1, 1))
    wb.define_name(names.PROGRAMME, absolute_ref(META_SHEET, 2, 1))
    return meta


def fixed_row(wb, ws, row: int, label: tuple, value: tuple, last_col: int, name: str) -> None:
    """A pre-filled, locked row of a template: ``label`` (text, format) in column A, then ``value``
    (code, its text, format): the code in B, its text merged from C to ``last_col``; the code's
    cell is the defined name ``name`` (the unit, the occasion)."""
    (label_text, label_format), (code, text, fixed) = label, value
    ws.write_string(row, 0, label_text, label_format)
    write_text(ws, row, 1, code, fixed)
    ws.merge_range(row, 2, row, last_col, "", fixed)
    write_text(ws, row, 2, text, fixed)
    wb.define_name(name, absolute_ref(ws.name, row, 1))


def absolute_ref(
    sheet: str, first_row: int, first_col: int, last_row: int | None = None, last_col: int | None = None
) -> str:
    """An absolute reference such as ``'Veckorapport'!$B$9:$B$10``."""
    ref = xl_rowcol_to_cell(first_row, first_col, row_abs=True, col_abs=True)
    if last_row is not None:
        ref += ":" + xl_rowcol_to_cell(last_row, last_col, row_abs=True, col_abs=True)
    return f"='{sheet}'!{ref}"


def write_template(
    plan: Plan,
    unit: Unit,
    path: Path,
    language: str = "sv",
    week: IsoWeek | None = None,
    standing: UnitStanding | None = None,
) -> Path:
    """Writes one unit's template to ``path`` and returns it.

    ``standing`` is the unit's own standing for ``week`` (``template.standing``), written locked
    beside the unit and the week; None (no week, or no figures) says there are no figures yet.
    """
    t = Texts(language)
    sheet = t("template.sheet")
    with atomic_workbook(path, title=f"{t('template.title')} {unit.name}") as wb:
        title = wb.add_format({"bold": True, "font_size": 16})
        note = wb.add_format({"italic": True, "font_color": "#595959"})
        label = wb.add_format({"bold": True})
        section = wb.add_format({"bold": True, "font_size": 12, "bottom": 2})
        head = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        fixed = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "locked": True})
        fixed_id = wb.add_format(
            {"bg_color": "#F2F2F2", "border": 1, "locked": True, "font_color": "#808080"}
        )
        entry = wb.add_format({"bg_color": INPUT_COLOUR, "border": 1, "locked": False})
        entry_num = wb.add_format({"bg_color": INPUT_COLOUR, "border": 1, "locked": False, "num_format": "0"})
        entry_wrap = wb.add_format(
            {"bg_color": INPUT_COLOUR, "border": 1, "locked": False, "text_wrap": True, "valign": "top"}
        )

        ws = wb.add_worksheet(sheet)
        meta = identity_sheet(wb, KIND_WEEKLY, TEMPLATE_VERSION, plan.programme_id)  # and the dropdown lists
        lists = {
            "weeks": [str(w) for w in plan.weeks],
            "yesno": [t("yes"), t("no")],
            "status": [t(f"action.{s}") for s in ACTION_STATUSES],
        }
        list_refs = {}
        for col, (key, values) in enumerate(lists.items(), start=3):
            meta.write_string(0, col, key)
            for row, value in enumerate(values, start=1):
                meta.write_string(row, col, value)
            list_refs[key] = absolute_ref(META_SHEET, 1, col, len(values), col)

        widths = [42, 19, 14, 13, 14, 38, 40]  # B: "Antal denna vecka" fits in print; F: the standing labels
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)

        ws.write_string(0, 0, f"{t('template.title')}: {plan.name}", title)
        ws.write_string(1, 0, t("template.intro"), note)

        fixed_row(wb, ws, 3, (t("template.unit"), label), (unit.id, unit.name, fixed), 4, names.UNIT)

        ws.write_string(4, 0, t("template.week"), label)
        if week is not None:
            ws.write_string(4, 1, str(week), entry)
        else:
            ws.write_blank(4, 1, None, entry)
        ws.data_validation(
            4,
            1,
            4,
            1,
            {
                "validate": "list",
                "source": list_refs["weeks"],
                "error_title": t("template.week"),
                "error_message": t("template.week_error"),
            },
        )
        wb.define_name(names.WEEK, absolute_ref(sheet, 4, 1))

        write_block(wb, ws, standing, t)

        # measures
        ws.write_string(6, 0, t("template.measures"), section)
        ws.write_row(7, 0, [t("template.measure"), t("template.value"), t("template.measure_id")], head)
        ws.set_row(7, 30)  # two lines: "Antal denna vecka" wraps in its cell instead of running into the next
        first = 8
        for i, measure in enumerate(plan.measures):
            row = first + i
            write_text(
                ws,
                row,
                0,
                measure.name + (f" ({t('template.value_stock').lower()})" if measure.kind == STOCK else ""),
                fixed,
            )
            ws.write_blank(row, 1, None, entry_num)
            write_text(ws, row, 2, measure.id, fixed_id)
        last = first + len(plan.measures) - 1
        ws.data_validation(
            first,
            1,
            last,
            1,
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_title": t("template.value_error_title"),
                "error_message": t("template.value_error"),
            },
        )
        wb.define_name(names.VALUES, absolute_ref(sheet, first, 1, last, 1))
        wb.define_name(names.MEASURE_IDS, absolute_ref(sheet, first, 2, last, 2))

        # actions
        top = last + 2
        ws.write_string(top, 0, t("template.actions"), section)
        ws.write_row(top + 1, 0, [t(f"template.{c}") for c in ACTION_COLUMNS], head)
        ws.set_row(top + 1, 30)  # room for wrapped headers such as "Klar senast (vecka)"
        body = top + 2
        planned = [a for a in plan.actions if a.unit == unit.id]
        for i in range(ACTION_ROWS):
            row = body + i
            for col, column in enumerate(ACTION_COLUMNS):
                fmt = entry_wrap if column in ("action", "result", "blocker") else entry
                ws.write_blank(row, col, None, fmt)
            if i < len(planned):
                write_text(ws, row, 0, planned[i].action, entry_wrap)
                write_text(ws, row, 1, planned[i].owner, entry)
                write_text(ws, row, 2, str(planned[i].due) if planned[i].due else "", entry)
        end = body + ACTION_ROWS - 1
        col = ACTION_COLUMNS.index
        ws.data_validation(
            body, col("due"), end, col("due"), {"validate": "list", "source": list_refs["weeks"]}
        )
        ws.data_validation(
            body,
            col("acted"),
            end,
            col("acted"),
            {
                "validate": "list",
                "source": list_refs["yesno"],
                "error_title": t("template.acted"),
                "error_message": t("template.list_error"),
            },
        )
        ws.data_validation(
            body,
            col("status"),
            end,
            col("status"),
            {
                "validate": "list",
                "source": list_refs["status"],
                "error_title": t("template.status"),
                "error_message": t("template.list_error"),
            },
        )
        wb.define_name(names.ACTIONS, absolute_ref(sheet, body, 0, end, len(ACTION_COLUMNS) - 1))

        # comment
        ws.write_string(end + 2, 0, t("template.comment"), section)
        ws.merge_range(end + 3, 0, end + 3, len(ACTION_COLUMNS) - 1, "", entry_wrap)
        ws.set_row(end + 3, 60)
        wb.define_name(names.COMMENT, absolute_ref(sheet, end + 3, 0))

        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True})
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.activate()
        ws.set_selection(4, 1, 4, 1)
    return path


def write_templates(
    plan: Plan,
    folder: Path,
    language: str = "sv",
    week: IsoWeek | None = None,
    standings: dict[str, UnitStanding] | None = None,
) -> list[Path]:
    """Writes every unit's template into ``folder``, each with only its own ``standings`` entry."""
    return [
        write_template(
            plan, u, folder / template_name(u, language, week), language, week, (standings or {}).get(u.id)
        )
        for u in plan.units
    ]
