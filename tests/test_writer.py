"""The workbook writer: public xlsxwriter API only, quote-prefixed text keeps its format, no non-finite cell.

(The non-finite numbers through ``write_number``, ``write``, ``write_row`` and
``write_column`` are in ``test_bounds.py``; formula-like text end to end in
``test_hostile.py`` and ``test_report.py``.)
"""

from __future__ import annotations

import logging
import math
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import pipeline.excel.writer as writer
from pipeline.excel.writer import atomic_workbook, write_text


def test_quote_prefixed_text_keeps_the_look_of_its_format(tmp_path):
    path = tmp_path / "q.xlsx"
    with atomic_workbook(path) as wb:
        ws = wb.add_worksheet("S")
        bold = wb.add_format({"bold": True, "num_format": "0.0", "bg_color": "#DDEBF7", "border": 1})
        write_text(ws, 0, 0, "=1+1", bold)
        write_text(ws, 1, 0, "+cmd", bold)  # the same derived format again
        write_text(ws, 2, 0, "plain", bold)
        write_text(ws, 3, 0, "@SUM(1)")
    cells = load_workbook(path)["S"]
    a1, a2, a3, a4 = (cells[ref] for ref in ("A1", "A2", "A3", "A4"))
    assert (a1.value, a1.data_type, a1.quotePrefix) == ("=1+1", "s", True)
    assert a1.font.b and a1.number_format == "0.0" and a1.fill.fgColor.rgb.endswith("DDEBF7")
    assert a1.border.left.style == "thin"
    assert a2.style_id == a1.style_id and a2.quotePrefix
    assert not a3.quotePrefix and a3.font.b
    assert a4.quotePrefix and a4.value == "@SUM(1)"
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert styles.count('quotePrefix="1"') == 2  # one twin for bold, one for no format


def test_a_format_from_another_workbook_is_refused_for_quoted_text(tmp_path):
    with atomic_workbook(tmp_path / "a.xlsx") as other:
        foreign = other.add_format({"bold": True})
        other.add_worksheet("S")
    with pytest.raises(ValueError, match="not made by this workbook"):
        with atomic_workbook(tmp_path / "b.xlsx") as wb:
            write_text(wb.add_worksheet("S"), 0, 0, "=1", foreign)
    assert not (tmp_path / "b.xlsx").exists()


def test_merged_cells_and_a1_addresses_never_hold_a_non_finite_number(tmp_path, caplog):
    path = tmp_path / "m.xlsx"
    with caplog.at_level(logging.WARNING, logger="pipeline.excel.writer"):
        with atomic_workbook(path) as wb:
            ws = wb.add_worksheet("S")
            fmt = wb.add_format({"num_format": "0"})
            ws.merge_range(0, 0, 0, 2, math.nan, fmt)
            ws.merge_range("A2:C2", math.inf, fmt)
            ws.write_number("A3", -math.inf, fmt)
            ws.write("A4", math.nan)
            ws.write_row("A5", [1, math.inf])
            ws.write_column("D1", [math.nan, 3])
            ws.merge_range("A6:B6", 4, fmt)
    ws = load_workbook(path)["S"]
    assert [ws[ref].value for ref in ("A1", "A2", "A3", "A4", "A5", "B5", "D1", "D2", "A6")] == [
        None,
        None,
        None,
        None,
        1,
        None,
        None,
        3,
        4,
    ]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1", "A2:C2", "A6:B6"}
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    assert sum("not a finite number" in r.message for r in caplog.records) == 6


PRIVATE = re.compile(
    r"\bxf_index\b|_write_\w+|\.formats\b|_format_key|copy\.copy|_get_\w+|str_table|\.table\b"
)


def test_the_writer_uses_no_private_xlsxwriter_names():
    """Only documented calls: no ``_write_number``, ``xf_index``, ``formats`` list or other internals."""
    source = Path(writer.__file__).read_text(encoding="utf-8")
    assert not PRIVATE.search(source)


def test_xlsxwriter_internals_are_used_in_the_two_fast_writers_only():
    """``excel/rows.py`` and ``excel/table.py`` (each checked against xlsxwriter's own output in
    ``tests/test_rows.py``) are the only modules that reach into xlsxwriter's internals."""
    package = Path(writer.__file__).parent.parent
    users = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "xlsxwriter" in (text := p.read_text(encoding="utf-8")) and PRIVATE.search(text)
    )
    assert users == ["excel/rows.py", "excel/table.py"]
