"""A table's body written column by column: the same cells as writing each one, without the cost of each call.

The report's "Veckans siffror" sheet holds ten cells for every unit and measure
(120,000 at 1,000 units); written one call at a time, storing them cost as much
as turning them into XML. ``write_columns`` makes the checks once per column and
stores each cell the way xlsxwriter stores it (its cell tuples, its shared
strings), so the sheet is the same, byte for byte, as one written cell by cell:
``tests/test_rows.py`` compares the two. Like ``excel.rows`` this relies on
xlsxwriter's internals, within the version range ``pyproject.toml`` allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from xlsxwriter.format import Format
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellDatetimeTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

from pipeline.excel import writer


def write_columns(ws: Worksheet, first_row: int, first_col: int, columns: list[Column]) -> None:
    """Writes the body of a table column by column: the same cells as writing each one alone.

    A text column stores each value as ``writer.write_text`` would (an inert string,
    the quote prefix for text that starts like a formula, an empty text as a blank
    with the column's format); a number column as ``FiniteWorksheet.write_number``
    (a number that is not finite as an empty cell, logged); a date column as
    ``write_datetime``. What it saves is the cost of each call: the checks are made
    once per column, and each cell is stored the way xlsxwriter stores it.
    ``tests/test_rows.py`` compares the sheet with one written cell by cell.

    Raises:
        ValueError: the cells do not fit the sheet, or the sheet is streamed
            (``constant_memory``: write its rows one by one instead).
    """
    heights = {len(column.values) for column in columns}
    if len(heights) > 1:
        raise ValueError("the columns of a table differ in length")
    count = heights.pop() if heights else 0
    if ws.constant_memory:
        raise ValueError("write_columns needs a sheet kept in memory")
    last = (first_row + count - 1, first_col + len(columns) - 1)
    if count == 0:
        return
    if first_row < 0 or first_col < 0 or last[0] >= ws.xls_rowmax or last[1] >= ws.xls_colmax:
        raise ValueError(f"a table of {count} rows at row {first_row + 1} does not fit the sheet")
    rows = [ws.table[r] for r in range(first_row, first_row + count)]
    used: list[tuple[int, int, int]] = []  # (column, first, last offset with a cell): the sheet's extent
    texts = []
    for offset, column in enumerate(columns):
        col = first_col + offset
        stored = _store(ws, rows, first_row, col, column)
        if stored:
            used.append((col, stored[0], stored[-1]))
        if column.kind == "text":
            texts.append(col)
    _share(ws, rows, first_row, texts)
    for col, low, high in used:  # the extent of the cells written, as each cell would set it
        ws._check_dimensions(first_row + low, col)
        ws._check_dimensions(first_row + high, col)


class _Text(NamedTuple):
    """A text cell whose shared string is not taken yet (``_share`` takes them in the order of the cells)."""

    text: str
    format: Format | None
    long: bool


def _share(ws: Worksheet, rows: list[dict], first_row: int, cols: list[int]) -> None:
    # the text cells' shared strings, taken row by row as cell-by-cell writing takes them
    index = ws.str_table._get_shared_string_index
    for i, row in enumerate(rows):
        for col in cols:
            cell = row.get(col)
            if cell.__class__ is not _Text:
                continue
            if cell.long:  # the full checks of write_text (a text near a cell's limit)
                del row[col]
                writer.write_text(ws, first_row + i, col, cell.text, cell.format)
            else:
                row[col] = CellStringTuple(index(cell.text), cell.format)


def _store(ws: Worksheet, rows: list[dict], first_row: int, col: int, column: Column) -> list[int]:
    # one column's cells into the sheet's table; returns the offsets that got a cell
    fmt, stored = column.format, []
    if column.kind == "number":
        for i, (row, value) in enumerate(zip(rows, column.values, strict=True)):
            if writer._is_finite(value):
                row[col] = CellNumberTuple(float(value) if value.__class__ is Fraction else value, fmt)
                stored.append(i)
            else:
                ws.write_number(first_row + i, col, value, fmt)  # the blank and its warning
                if col in row:
                    stored.append(i)
    elif column.kind == "datetime":
        convert, fmt = ws._convert_date_time, fmt or ws.default_date_format
        for i, (row, value) in enumerate(zip(rows, column.values, strict=True)):
            row[col] = CellDatetimeTuple(convert(value), fmt)
            stored.append(i)
    elif column.kind == "text":
        quoted_fmt, half = None, ws.xls_strmax // 2
        for i, (row, value) in enumerate(zip(rows, column.values, strict=True)):
            text, quoted = writer.inert_text(value)
            if text == "":
                if fmt is None:
                    continue
                row[col] = CellBlankTuple(fmt)
            elif quoted:
                quoted_fmt = quoted_fmt or writer._quote_prefixed(ws, fmt)
                row[col] = _Text(text, quoted_fmt, len(text) > half)
            else:
                row[col] = _Text(text, fmt, len(text) > half)
            stored.append(i)
    else:
        raise ValueError(f"unknown column kind {column.kind!r}")
    return stored


@dataclass(frozen=True)
class Column:
    """One column of a table's body for ``write_columns``: its values, their format and their kind."""

    values: list
    format: Format | None = None
    kind: str = "text"  # text, number or datetime
