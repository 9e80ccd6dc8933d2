"""The receipt's writer: filled from a shape made once (``pipeline.excel.filled``), it must give the
receipt xlsxwriter gave, cell by cell, for every kind of receipt and every awkward string.

Compared as a reader of the workbook sees it (openpyxl): every cell's value and type, font,
fill, border, alignment, quote prefix and number format; the merged ranges, column widths,
row heights, print set-up, sheet name and document title. Against two references: the same
receipt written with xlsxwriter cell by cell (``write_reference``), over a corpus of hostile
strings; and the receipt this product wrote before the change (``tests/golden/
receipt_before_filled.xlsx``, written by the xlsxwriter receipt code), for the golden case.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from pipeline.excel.filled import Frame, Page, styles, write_filled, write_reference
from pipeline.excel.writer import MAX_CELL_TEXT
from pipeline.intake.receipt import receipt_frame, receipt_page, write_receipt
from pipeline.model import ERROR, WARNING, Problem
from tests.conftest import Space
from tests.printed import needs_libreoffice

GOLDEN = Path(__file__).parent / "golden"

AWKWARD = [
    '=HYPERLINK("http://x","klicka")',
    "+46 70 123",
    "-5",
    "@SUM(A1)",
    "\tindragen",
    "＝fullwidth",
    "  blanksteg runt  ",
    "A & B <c> \"d\" 'e'",
    "rad ett\nrad två",
    "emoji 🎯 och ÅÄÖ åäö",
    "x" * (MAX_CELL_TEXT + 10),
    "",
]
# Escaped as Excel escapes them (_x0001_, and _x005F_ before a literal _x0041_): Excel and LibreOffice
# read them back as typed; openpyxl does not undo the escape in an inline string, so these two are
# checked as LibreOffice reads them (test_libreoffice_reads_the_filled_receipt).
ESCAPED = ["kontroll\x01tecken\x1f och \x0b", "_x0041_ bokstavligt"]


def _submission(unit: str = "E01"):
    return SimpleNamespace(unit=unit, week="2026-W46", values={"egen": 4, "praktik": 2})


def _problems(texts: list[str]) -> list[Problem]:
    found = []
    for i, text in enumerate(texts):
        found.append(Problem("not-a-number", f"Veckorapport!C{10 + i}", text, ERROR, {"measure": text[:30]}))
        facts = {"measure": "egen", "limit": 40, "largest": 12, "target": 9}
        found.append(Problem("implausible-value", f"Veckorapport!D{10 + i}", 10**6 + i, WARNING, facts))
    return found


CASES = {  # name: the receipt's arguments beyond the plan
    "accepted": dict(outcome="accepted", problems=[], submission=_submission()),
    "accepted-warned": dict(outcome="accepted", problems=_problems(AWKWARD[:3]), submission=_submission()),
    "superseded": dict(outcome="superseded", problems=[], submission=_submission(), previous="E01 v.xlsx"),
    "duplicate": dict(outcome="duplicate", problems=[], submission=_submission(), previous="=E01.xlsx"),
    "rejected-awkward": dict(outcome="rejected", problems=_problems(AWKWARD), submission=_submission("E02")),
    "rejected-escaped": dict(outcome="rejected", problems=_problems(ESCAPED), submission=_submission()),
    "rejected-unread": dict(
        outcome="rejected",
        problems=[Problem("parse-failed", "", "", ERROR, {"seconds": 30, "mb": 512})],
        submission=None,
    ),
}


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    from pipeline.commands import init_workspace
    from tests.conftest import TODAY

    root = tmp_path_factory.mktemp("receipts") / "ws"
    init_workspace(root, TODAY)
    space = Space(root)
    yield space.plan
    space.ctx.session.close()


def _color(color) -> tuple | None:
    return None if color is None else (color.type, color.value)


def _looks(path: Path) -> dict:
    """Everything a reader sees in a one-sheet workbook, comparable with ``==``."""
    wb = load_workbook(path)
    (ws,) = wb.worksheets
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            cells[c.coordinate] = (
                c.value,
                c.data_type,
                (c.font.b, c.font.sz, _color(c.font.color)),
                (c.fill.fill_type, _color(c.fill.fgColor)),
                tuple(getattr(c.border, side).style for side in ("left", "right", "top", "bottom")),
                (c.alignment.wrap_text, c.alignment.vertical, c.alignment.horizontal),
                c.quotePrefix,
                c.number_format,
            )
    return {
        "title": wb.properties.title,
        "sheet": ws.title,
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "print": (
            ws.page_setup.orientation,
            ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.page_setup.fitToHeight,
        ),  # noqa: E501
    }


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("case", sorted(set(CASES) - {"rejected-escaped"}))
def test_the_filled_receipt_is_xlsxwriters_cell_by_cell(plan, tmp_path, case, language):
    args = dict(file_name=f"{case} =x.xlsx", received_at="2026-11-20T09:15:00", plan=plan, language=language)
    args.update(CASES[case])
    filled, reference = tmp_path / "filled.xlsx", tmp_path / "reference.xlsx"
    write_receipt(filled, **args)
    write_reference(reference, receipt_frame(language), receipt_page(**args))
    with zipfile.ZipFile(filled) as archive:
        assert archive.testzip() is None
    got, want = _looks(filled), _looks(reference)
    assert got == want
    assert got["cells"], "the receipt has cells"


def test_awkward_strings_read_back_as_written(plan, tmp_path):
    """Every hostile string comes back as the unit typed it (cut with a mark when longer than a
    cell holds), as text, with the quote prefix when it starts like a formula."""
    args = dict(file_name="x.xlsx", received_at="2026-11-20T09:15:00", plan=plan, language="sv")
    write_receipt(tmp_path / "r.xlsx", **args, **CASES["rejected-awkward"])
    ws = load_workbook(tmp_path / "r.xlsx").active
    values = {c.value: c for row in ws.iter_rows(min_col=4, max_col=4) for c in row if c.value is not None}
    for text in AWKWARD[:-1]:
        expected = text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"
        assert expected in values, repr(text[:40])
        cell = values[expected]
        assert cell.data_type == "s"
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "＝"))
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_the_golden_receipt_is_the_one_the_xlsxwriter_code_wrote():
    """The receipt built for the golden case, by the filled writer now, equals cell by cell the one
    the xlsxwriter receipt code wrote for the same case before the change."""
    before = GOLDEN / "receipt_before_filled.xlsx"
    now = GOLDEN / "receipt_rejected_several_problems.xlsx"
    assert _looks(now) == _looks(before)


def test_a_number_that_is_not_finite_is_an_empty_cell(tmp_path, caplog):
    frame = Frame(sheet="S", widths=(10, 10), styles=styles(plain={"border": 1}))
    page = Page(title="t")
    page.put(0, 0, float("inf"), "plain")
    page.put(0, 1, 12.5, "plain")
    write_filled(tmp_path / "f.xlsx", frame, page)
    ws = load_workbook(tmp_path / "f.xlsx").active
    assert ws["A1"].value is None and ws["A1"].border.left.style == "thin" and ws["B1"].value == 12.5
    assert "not a finite number" in caplog.text


@needs_libreoffice
def test_libreoffice_reads_the_filled_receipt(plan, tmp_path):
    args = dict(file_name="E02 & <x>.xlsx", received_at="2026-11-20T09:15:00", plan=plan, language="sv")
    receipt = tmp_path / "r.xlsx"
    write_receipt(receipt, **args, **CASES["rejected-escaped"])
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    command = ["soffice", profile, "--headless", "--convert-to", utf8_csv, "--outdir", str(tmp_path)]
    subprocess.run([*command, str(receipt)], check=True, capture_output=True, timeout=180)
    text = (tmp_path / "r.csv").read_text(encoding="utf-8", errors="replace")
    assert "Kvittens för E02 & <x>.xlsx" in text
    assert "kontroll\x01tecken\x1f och \x0b," in text and ",_x0041_ bokstavligt," in text
