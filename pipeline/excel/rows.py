"""A sheet's rows as XML: the same bytes as xlsxwriter's own row writer, in a fraction of the time.

xlsxwriter turns every cell into XML through several calls and a list of
attributes; in the report at 1,000 units (about 220,000 cells) and in the export
that loop was the largest single cost of writing the workbook. ``write_rows``
(for a sheet kept in memory) and ``write_single_row`` (for a streamed sheet,
``constant_memory``) write the same ``<row>`` and ``<c>`` elements with one
string per cell; ``FiniteWorksheet`` uses them in place of xlsxwriter's
``_write_rows`` and ``_write_single_row``.

These are the only internal methods of xlsxwriter we replace. The version is
capped in ``pyproject.toml``, ``tests/test_rows.py`` compares the XML with
xlsxwriter's own for every kind of cell we write (numbers, dates, shared and
inline strings, blanks, row, column and cell formats, row heights, formulas),
and the golden workbooks in ``tests/golden`` compare whole files byte for byte.

One difference, on purpose: a streamed sheet's text that looks like rich-text
XML (``<r>...</r>``) is written as the text it is. xlsxwriter writes such a
string into the sheet unescaped, so a unit's text could have broken the export.
Cells of kinds we do not write fast (formulas, rich strings, booleans, errors)
and sheets with comments go through xlsxwriter's own code.
"""

from __future__ import annotations

from functools import lru_cache

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellDatetimeTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)


@lru_cache(maxsize=16384)
def column_name(col: int) -> str:
    return xl_col_to_name(col)


class FastRows:
    """Mixed into ``FiniteWorksheet`` before xlsxwriter's ``Worksheet``: its rows' XML, written here."""

    def _write_rows(self) -> None:
        if not write_rows(self):
            super()._write_rows()

    def _write_single_row(self, current_row_num=0) -> None:
        if not write_single_row(self, current_row_num):
            super()._write_single_row(current_row_num)


def write_rows(ws: Worksheet) -> bool:
    """Writes every row of an in-memory sheet to ``ws.fh``; False (nothing written) when it has comments."""
    if ws.comments:
        return False
    first, last = ws.dim_rowmin, ws.dim_rowmax
    spans = _spans(ws, first, last)
    table, row_info = ws.table, ws.row_info
    rows = {r for r, cells in table.items() if cells and first <= r <= last}
    rows.update(r for r in row_info if first <= r <= last)
    for row_num in sorted(rows):
        span = spans.get(row_num // 16)
        cells = table.get(row_num)
        if cells:
            ws._write_row(row_num, span, row_info.get(row_num))
            _cells(ws, row_num, cells)
            ws.fh.write("</row>")
        else:
            ws._write_empty_row(row_num, span, row_info.get(row_num))
    return True


def write_single_row(ws: Worksheet, current_row_num: int) -> bool:
    """A streamed sheet's previous row, as xlsxwriter's ``_write_single_row``; False when it has comments."""
    if ws.comments:
        return False
    row_num = ws.previous_row
    ws.previous_row = current_row_num
    cells = ws.table.get(row_num)
    if cells:
        ws._write_row(row_num, None, ws.row_info.get(row_num))
        _cells(ws, row_num, cells)
        ws.fh.write("</row>")
    elif row_num in ws.row_info:
        ws._write_empty_row(row_num, None, ws.row_info[row_num])
    ws.table.clear()
    return True


def _spans(ws: Worksheet, first: int, last: int) -> dict[int, str]:
    # the <row spans=""> of each block of 16 rows: its first and last column with a cell (1-based)
    bounds: dict[int, list[int]] = {}
    for row_num, cells in ws.table.items():
        if not cells or not first <= row_num <= last:
            continue
        low, high = min(cells), max(cells)
        block = bounds.get(row_num // 16)
        if block is None:
            bounds[row_num // 16] = [low, high]
        else:
            block[0], block[1] = min(block[0], low), max(block[1], high)
    return {block: f"{low + 1}:{high + 1}" for block, (low, high) in bounds.items()}


def _cells(ws: Worksheet, row_num: int, cells: dict) -> None:
    # the <c> elements of one row, in column order, as xlsxwriter's _write_cell writes them
    number = str(row_num + 1)
    info = ws.row_info.get(row_num)
    row_format = info.row_format if info else None
    col_info = ws.col_info
    inline = ws.constant_memory
    out: list[str] = []
    for col in sorted(cells):
        cell = cells[col]
        fmt = cell.format
        if fmt:
            style = _style(fmt)
        elif row_format:
            style = _style(row_format)
        elif col in col_info and col_info[col].column_format is not None:
            style = _style(col_info[col].column_format)
        else:
            style = ""
        kind = cell.__class__
        if kind is CellNumberTuple or kind is CellDatetimeTuple:
            out.append(f'<c r="{column_name(col)}{number}"{style}><v>{cell.number:.16G}</v></c>')
        elif kind is CellStringTuple and not inline:
            out.append(f'<c r="{column_name(col)}{number}"{style} t="s"><v>{cell.string}</v></c>')
        elif kind is CellStringTuple:
            out.append(_inline(ws, column_name(col) + number, style, cell.string))
        elif kind is CellBlankTuple:
            out.append(f'<c r="{column_name(col)}{number}"{style}/>')
        else:
            if out:
                ws.fh.write("".join(out))
                out = []
            ws._write_cell(row_num, col, cell)
    if out:
        ws.fh.write("".join(out))


def _style(fmt) -> str:
    # the cell's s="" attribute; the format's index is fixed by the time rows are written
    return f' s="{fmt._get_xf_index()}"'


def _inline(ws: Worksheet, ref: str, style: str, text: str) -> str:
    # an inline string of a streamed sheet: control characters as _xHHHH_, always escaped
    text = ws._escape_control_characters(text)
    preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = ws._escape_data(text)
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{preserve}>{text}</t></is></c>'
