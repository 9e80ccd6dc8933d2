"""Writes the maturity template: one per unit and occasion, filled in by one person each.

One file per respondent (not rows per respondent in one file): each person
copies the unit's template, writes their name and answers. That is the
simplest for people who are not technical, nobody overwrites a colleague's
answers, and a corrected file from the same person replaces only their own.

The unit and the occasion are pre-filled and locked. Each dimension has a 1–5
dropdown and a justification cell, with the description of every level in the
same row, to the left of the answer. Every input area is a defined name, as in
the weekly template (see the README).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.excel.writer import atomic_workbook, fit_height, write_text
from pipeline.maturity.model import KIND_MATURITY, LEVELS, TEMPLATE_VERSION, Occasion
from pipeline.plan.model import Plan, Unit
from pipeline.strings import Texts
from pipeline.template import names
from pipeline.template.write import INPUT_COLOUR, absolute_ref, fixed_row, identity_sheet

# The maturity template's own defined names; the kind, version, programme and unit are every kind's.
OCCASION = "pl_occasion"
RESPONDENT = "pl_respondent"
DIMENSION_IDS = "pl_dimension_ids"
SCORES = "pl_scores"
JUSTIFICATIONS = "pl_justifications"

NAMES: dict[str, str] = {
    names.KIND: "The kind of template: `maturity` (hidden sheet).",
    names.VERSION: "The template version, currently `1` (hidden sheet).",
    names.PROGRAMME: "The programme id from plan.xlsx (hidden sheet).",
    names.UNIT: "The unit id, pre-filled and locked.",
    OCCASION: "The occasion id, for example `2026 T1`, pre-filled and locked.",
    RESPONDENT: "The respondent's name (one cell).",
    DIMENSION_IDS: "Column of dimension ids, one row per dimension (locked).",
    SCORES: "Column of levels 1–5 (dropdown), same rows as `pl_dimension_ids`.",
    JUSTIFICATIONS: "Column of justifications, same rows as `pl_dimension_ids`.",
}
# columns of the dimension table: statement, the five levels, answer, justification, id
WIDTHS = [30, *([20] * len(LEVELS)), 11, 32, 8]
SCORE_COL = 1 + len(LEVELS)
JUSTIFICATION_COL = SCORE_COL + 1
ID_COL = SCORE_COL + 2


def occasion_slug(occasion: str) -> str:
    """An occasion id as part of a file name: ``2026 T1`` -> ``2026-T1``."""
    return "-".join(occasion.split())


def maturity_template_name(unit: Unit, occasion: Occasion, language: str) -> str:
    t = Texts(language)
    return f"{t('maturity.file')}_{occasion_slug(occasion.id)}_{unit.id}.xlsx"


def write_maturity_template(
    plan: Plan, unit: Unit, occasion: Occasion, path: Path, language: str = "sv"
) -> Path:
    """Writes one unit's maturity template for ``occasion`` to ``path`` and returns it."""
    t = Texts(language)
    sheet = t("maturity.template.sheet")
    with atomic_workbook(path, title=f"{t('maturity.template.title')} {occasion.id} {unit.name}") as wb:
        title = wb.add_format({"bold": True, "font_size": 16})
        note = wb.add_format({"italic": True, "font_color": "#595959"})
        label = wb.add_format({"bold": True})
        head = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        fixed = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "locked": True})
        bold = wb.add_format({"bold": True})
        statement = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"})
        level = wb.add_format(
            {"bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top", "font_size": 9}
        )
        fixed_id = wb.add_format(
            {"bg_color": "#F2F2F2", "border": 1, "font_color": "#808080", "valign": "top", "font_size": 9}
        )
        entry = wb.add_format({"bg_color": INPUT_COLOUR, "border": 1, "locked": False})
        score = wb.add_format(
            {
                "bg_color": INPUT_COLOUR,
                "border": 1,
                "locked": False,
                "align": "center",
                "valign": "top",
                "bold": True,
                "font_size": 14,
                "num_format": "0",
            }
        )
        entry_wrap = wb.add_format(
            {"bg_color": INPUT_COLOUR, "border": 1, "locked": False, "text_wrap": True, "valign": "top"}
        )

        ws = wb.add_worksheet(sheet)
        identity_sheet(wb, KIND_MATURITY, TEMPLATE_VERSION, plan.programme_id)

        for col, width in enumerate(WIDTHS):
            ws.set_column(col, col, width)
        ws.write_string(0, 0, f"{t('maturity.template.title')}: {plan.name}", title)
        ws.write_string(1, 0, t("maturity.template.intro"), note)
        ws.write_string(2, 0, t("maturity.template.intro2"), note)

        fixed_row(wb, ws, 4, (t("maturity.template.unit"), label), (unit.id, unit.name, fixed), 3, names.UNIT)
        occasion_value = (occasion.id, occasion.when, fixed)
        fixed_row(wb, ws, 5, (t("maturity.template.occasion"), label), occasion_value, 3, OCCASION)
        ws.write_string(6, 0, t("maturity.template.respondent"), label)
        ws.merge_range(6, 1, 6, 3, "", entry)
        wb.define_name(RESPONDENT, absolute_ref(sheet, 6, 1))

        header = [
            t("maturity.template.dimension"),
            *(t("maturity.template.level", n=n) for n in LEVELS),
            t("maturity.template.score"),
            t("maturity.template.justification"),
            t("maturity.template.id"),
        ]
        ws.write_row(8, 0, header, head)
        first = 9
        for i, dim in enumerate(plan.maturity_dimensions):
            row = first + i
            parts = [bold, dim.name, "\n" + dim.statement if dim.statement else ""]
            if dim.justification_required:
                parts[-1] += "\n" + t("maturity.template.required")
            if parts[-1]:
                ws.write_rich_string(row, 0, *parts, statement)
            else:
                write_text(ws, row, 0, dim.name, statement)
            for n, text in enumerate(dim.levels, start=1):
                write_text(ws, row, n, text, level)
            ws.write_blank(row, SCORE_COL, None, score)
            ws.write_blank(row, JUSTIFICATION_COL, None, entry_wrap)
            write_text(ws, row, ID_COL, dim.id, fixed_id)
            texts = [(text, WIDTHS[n] * 1.15) for n, text in enumerate(dim.levels, start=1)]
            fit_height(ws, row, [(f"{dim.name}\n{dim.statement}\n{parts[-1]}", WIDTHS[0]), *texts])
        last = first + max(len(plan.maturity_dimensions), 1) - 1
        ws.data_validation(
            first,
            SCORE_COL,
            last,
            SCORE_COL,
            {
                "validate": "list",
                "source": [str(n) for n in LEVELS],
                "error_title": t("maturity.template.score"),
                "error_message": t("maturity.template.score_error"),
            },
        )
        wb.define_name(DIMENSION_IDS, absolute_ref(sheet, first, ID_COL, last, ID_COL))
        wb.define_name(SCORES, absolute_ref(sheet, first, SCORE_COL, last, SCORE_COL))
        wb.define_name(JUSTIFICATIONS, absolute_ref(sheet, first, JUSTIFICATION_COL, last, JUSTIFICATION_COL))

        ws.protect(
            "",
            {
                "select_locked_cells": True,
                "select_unlocked_cells": True,
                "format_columns": True,
                "format_rows": True,
            },
        )
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(8)
        ws.activate()
        ws.set_selection(6, 1, 6, 1)
    return path


def write_maturity_templates(
    plan: Plan, occasion: Occasion, folder: Path, language: str = "sv"
) -> list[Path]:
    """Writes the template of every unit that takes part in ``occasion`` into ``folder``."""
    return [
        write_maturity_template(
            plan, u, occasion, folder / maturity_template_name(u, occasion, language), language
        )
        for u in plan.units
        if occasion.includes(u.id)
    ]
