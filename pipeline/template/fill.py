"""Fills a unit template the way a person (or another tool) would: with openpyxl, through the defined names.

Used by the demo, the tests and the benchmark. It never uses our own writer,
so what it produces is what a unit manager's Excel would save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from pipeline.template import names
from pipeline.template.names import ACTION_COLUMNS


def named_range(wb, name: str):
    """(worksheet, min_col, min_row, max_col, max_row) of a workbook-level defined name."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return wb[sheet], min_col, min_row, max_col, max_row


def fill_template(
    template: Path,
    out: Path,
    *,
    week: object = None,
    values: Mapping[str, object] | None = None,
    actions: Sequence[Mapping[str, object]] = (),
    comment: str | None = None,
    cells: Mapping[str, object] | None = None,
) -> Path:
    """Copies ``template`` to ``out`` with the given answers filled in.

    Args:
        week: the value for ``pl_week`` (any value: tests put wrong ones here on purpose).
        values: measure id -> value, written in the row of ``pl_measure_ids`` that holds the id.
        actions: one mapping per row of ``pl_actions``, keyed by ``schema.ACTION_COLUMNS``;
            a key that is absent leaves the cell as it is.
        comment: the value for ``pl_comment``.
        cells: defined name -> value, for any single-cell name (to break a template on purpose).
    """
    wb = load_workbook(template)
    if week is not None:
        ws, col, row, _, _ = named_range(wb, names.WEEK)
        ws.cell(row, col).value = week
    if values:
        ids_ws, id_col, first, _, last = named_range(wb, names.MEASURE_IDS)
        val_ws, val_col, _, _, _ = named_range(wb, names.VALUES)
        for row in range(first, last + 1):
            measure = ids_ws.cell(row, id_col).value
            if measure in values:
                val_ws.cell(row, val_col).value = values[measure]
    if actions:
        ws, col, first, _, _ = named_range(wb, names.ACTIONS)
        for offset, action in enumerate(actions):
            for key, value in action.items():
                ws.cell(first + offset, col + ACTION_COLUMNS.index(key)).value = value
    if comment is not None:
        ws, col, row, _, _ = named_range(wb, names.COMMENT)
        ws.cell(row, col).value = comment
    return save_filled(wb, cells, out)


def save_filled(wb, cells: Mapping[str, object] | None, out: Path) -> Path:
    """Sets any single-cell defined names in ``cells`` (to break a template on purpose), saves to ``out``."""
    for name, value in (cells or {}).items():
        ws, col, row, _, _ = named_range(wb, name)
        ws.cell(row, col).value = value
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
