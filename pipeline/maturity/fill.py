"""Fills a maturity template the way a person would: with openpyxl, through the defined names.

Used by the demo and the tests; like ``pipeline.template.fill``, it never uses our own writer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook

from pipeline.maturity.template import DIMENSION_IDS, JUSTIFICATIONS, RESPONDENT, SCORES
from pipeline.template.fill import named_range, save_filled


def fill_maturity(
    template: Path,
    out: Path,
    *,
    respondent: object = None,
    scores: Mapping[str, object] | None = None,
    justifications: Mapping[str, object] | None = None,
    cells: Mapping[str, object] | None = None,
) -> Path:
    """Copies ``template`` to ``out`` with the answers filled in.

    Args:
        respondent: the value for ``pl_respondent``.
        scores, justifications: dimension id -> value, written in the row of
            ``pl_dimension_ids`` that holds the id (any value: tests put wrong ones here).
        cells: defined name -> value, for any single-cell name (to break a template on purpose).
    """
    wb = load_workbook(template)
    if respondent is not None:
        ws, col, row, _, _ = named_range(wb, RESPONDENT)
        ws.cell(row, col).value = respondent
    ids_ws, id_col, first, _, last = named_range(wb, DIMENSION_IDS)
    for name, answers in ((SCORES, scores), (JUSTIFICATIONS, justifications)):
        ws, col, _, _, _ = named_range(wb, name)
        for row in range(first, last + 1):
            dimension = ids_ws.cell(row, id_col).value
            if answers and dimension in answers:
                ws.cell(row, col).value = answers[dimension]
    return save_filled(wb, cells, out)
