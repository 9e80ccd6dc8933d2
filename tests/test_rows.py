"""The fast row writer (``excel.rows``) writes the same XML as xlsxwriter's own, cell for cell.

Each test fills the same sheet twice, once through ``FiniteWorksheet`` (the fast
rows) and once through a sheet that puts xlsxwriter's own row writer back, and
compares the worksheet XML of the two files. The golden workbooks
(``tests/test_golden.py``) compare whole files as well.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.table import Column, write_columns
from pipeline.excel.writer import SAFE_OPTIONS, FiniteWorksheet, SafeWorkbook, write_text


class OwnRows(FiniteWorksheet):
    """xlsxwriter's own row writer, for comparison."""

    _write_rows = Worksheet._write_rows
    _write_single_row = Worksheet._write_single_row


TEXTS = [
    "Arbetsmarknad Väst",
    " leading space",
    "trailing space ",
    "a < b & c > d",
    'quote " here',
    "line\nbreak",
    "=SUM(A1:A3)",
    "+46 70",
    "\x01control\x1f",
    "_x0041_ literal escape",
    "\u00a0non-breaking",
    "tab\tinside",
    "",
    "x" * 300,
]


def fill(ws, book, rng: random.Random, rows: int, streamed: bool) -> None:
    plain = book.add_format({"border": 1})
    wrap = book.add_format({"text_wrap": True, "border": 1})
    number = book.add_format({"num_format": "0"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    row_fmt = book.add_format({"bg_color": "#DDEEFF"})
    ws.set_column(2, 2, 14, book.add_format({"italic": True}))  # a column format under unformatted cells
    ws.set_column(5, 7, 9)
    for row in range(rows):
        if rng.random() < 0.15:
            ws.set_row(row, rng.choice([None, 30, 45.5]), rng.choice([None, row_fmt]))
        if rng.random() < 0.1:
            continue  # a row without cells (only its height or format, or nothing)
        cols = sorted(rng.sample(range(12), rng.randint(1, 9)))
        for col in cols:
            kind = rng.choice(["number", "float", "text", "date", "blank", "formula", "bool", "plain"])
            fmt = rng.choice([None, plain, wrap, number])
            if kind == "number":
                ws.write_number(row, col, rng.randint(-(10**6), 10**9), fmt)
            elif kind == "float":
                ws.write_number(row, col, rng.choice([0.1, 1 / 3, 1e-12, 123456789.123456789, -0.0]), fmt)
            elif kind == "text":
                write_text(ws, row, col, rng.choice(TEXTS), fmt)
            elif kind == "date":
                ws.write_datetime(row, col, rng.choice([datetime(2026, 11, 30, 8, 5), date(2026, 1, 5)]), day)
            elif kind == "blank":
                ws.write_blank(row, col, None, fmt or plain)
            elif kind == "formula" and not streamed:
                ws.write_formula(row, col, f"=A{row + 1}+1", fmt, 3)
            elif kind == "bool":
                ws.write_boolean(row, col, rng.random() < 0.5, fmt)
            else:
                ws.write_string(row, col, "plain", None)


def sheet_xml(sheet_class, seed: int, rows: int, streamed: bool) -> bytes:
    out = io.BytesIO()
    options = {**SAFE_OPTIONS, "in_memory": True, "constant_memory": streamed}
    book = SafeWorkbook(out, options)
    ws = book.add_worksheet("Data", worksheet_class=sheet_class)
    fill(ws, book, random.Random(seed), rows, streamed)
    book.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("seed", range(6))
def test_rows_kept_in_memory_are_written_as_xlsxwriter_writes_them(seed):
    assert sheet_xml(FiniteWorksheet, seed, 120, False) == sheet_xml(OwnRows, seed, 120, False)


@pytest.mark.parametrize("seed", range(6))
def test_streamed_rows_are_written_as_xlsxwriter_writes_them(seed):
    assert sheet_xml(FiniteWorksheet, seed, 120, True) == sheet_xml(OwnRows, seed, 120, True)


def test_a_sheet_with_a_comment_is_written_by_xlsxwriter_itself():
    def with_comment(sheet_class) -> bytes:
        out = io.BytesIO()
        book = SafeWorkbook(out, {**SAFE_OPTIONS, "in_memory": True})
        ws = book.add_worksheet("Data", worksheet_class=sheet_class)
        ws.write_number(0, 0, 1)
        ws.write_comment(3, 1, "a note")
        ws.write_string(5, 2, "text")
        book.close()
        with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
            return z.read("xl/worksheets/sheet1.xml")

    assert with_comment(FiniteWorksheet) == with_comment(OwnRows)


def test_streamed_text_that_looks_like_rich_text_xml_stays_text(tmp_path):
    """xlsxwriter writes such a string into a streamed sheet unescaped; a unit's text must stay text."""
    hostile = "<r><t>ok</t></r></c></row><row r='9'><c r='Z9'><v>1</v></c></row><r>x</r>"
    path = tmp_path / "streamed.xlsx"
    book = SafeWorkbook(str(path), {**SAFE_OPTIONS, "in_memory": False, "constant_memory": True})
    ws = book.add_worksheet("Data")
    write_text(ws, 0, 0, hostile)
    write_text(ws, 1, 0, "<r>rich?</r>")
    ws.write_number(2, 0, 7)
    book.close()
    sheet = load_workbook(path)["Data"]
    assert [c.value for c in sheet["A"]] == [hostile, "<r>rich?</r>", 7]
    assert sheet.max_column == 1


def table_xml(by_columns: bool, values: list[list], kinds: list[str], first_row: int = 3) -> bytes:
    out = io.BytesIO()
    book = SafeWorkbook(out, {**SAFE_OPTIONS, "in_memory": True})
    ws = book.add_worksheet("Data")
    formats = {
        "text": book.add_format({"text_wrap": True, "border": 1}),
        "number": book.add_format({"num_format": "0", "border": 1}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "plain": None,
    }
    write_text(ws, 0, 0, "Veckans siffror")
    ws.set_row(first_row + 1, 40)
    if by_columns:
        columns = [
            Column(column, formats[kind], "text" if kind == "plain" else kind)
            for column, kind in zip(values, kinds, strict=True)
        ]
        write_columns(ws, first_row, 1, columns)
    else:
        for row, cells in enumerate(zip(*values, strict=True), start=first_row):  # row by row
            for col, (value, kind) in enumerate(zip(cells, kinds, strict=True), start=1):
                if kind in ("text", "plain"):
                    write_text(ws, row, col, value, formats[kind])
                elif kind == "number":
                    ws.write_number(row, col, value, formats[kind])
                else:
                    ws.write_datetime(row, col, value, formats[kind])
    book.close()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        return z.read("xl/worksheets/sheet1.xml") + z.read("xl/sharedStrings.xml")


@pytest.mark.parametrize("seed", range(4))
def test_a_table_written_by_columns_is_the_table_written_cell_by_cell(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 60)
    kinds = ["text", "number", "datetime", "plain", "text", "number"]
    values = [
        [
            rng.choice([*TEXTS, None, "=1+1", "Arbetsmarknad", "y" * 20000, "=" + "z" * 40000])
            for _ in range(n)
        ],
        [rng.choice([0, 7, -3, 2.5, 10**9, float("nan"), float("inf")]) for _ in range(n)],
        [datetime(2026, 11, 30, rng.randint(0, 23), 5) for _ in range(n)],
        [rng.choice(["", None, "-5", "fritext"]) for _ in range(n)],
        ["" for _ in range(n)],  # a column of blanks with a format
        [rng.randint(0, 100) for _ in range(n)],
    ]
    assert table_xml(True, values, kinds) == table_xml(False, values, kinds)


def test_a_column_of_empty_text_without_format_writes_no_cell_and_does_not_widen_the_sheet():
    values, kinds = [[1, 2], [None, ""]], ["number", "plain"]
    assert table_xml(True, values, kinds) == table_xml(False, values, kinds)
    assert b'ref="A1:B5"' in table_xml(True, values, kinds)


def test_a_table_that_does_not_fit_the_sheet_is_refused():
    book = SafeWorkbook(io.BytesIO(), {**SAFE_OPTIONS, "in_memory": True})
    ws = book.add_worksheet("Data")
    with pytest.raises(ValueError):
        write_columns(ws, 1_048_575, 0, [Column(["a", "b"])])
    with pytest.raises(ValueError):
        write_columns(ws, 0, 0, [Column(["a", "b"]), Column([1], kind="number")])
