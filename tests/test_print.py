"""What a printout shows: every text inside its own cell, small charts inside their rows, ISO dates.

Rendered by LibreOffice as a reader would print it (see ``tests/printed.py``), checked on
the PDF's words and pixels: the Trend sheet's sparklines stay in their rows, the footer
prints the date in ISO form whatever the locale, a receipt with long warnings prints every
word once and inside its cell with the verdict's fill behind all of it, and the Logg and
Data sheets print file names whole and warnings apart from plain acceptances.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from pipeline.commands import run_ingest
from pipeline.demo import run_demo
from tests.conftest import NOW
from tests.printed import (
    SCALE,
    borders_around,
    needs_libreoffice,
    overlaps,
    page_count,
    page_of,
    page_text,
    phrase,
    pixels,
    render,
    words,
)

pytestmark = [
    needs_libreoffice,
    pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning"),
]


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    base = tmp_path_factory.mktemp("print-demo")
    run_demo(base / "demo", NOW)
    xlsx = base / "demo" / "outbox" / "lagesrapport_2026-W47.xlsx"
    return xlsx, render(xlsx, base), base


def test_sparklines_stay_inside_their_rows(demo_pdf, tmp_path):
    xlsx, pdf, _ = demo_pdf
    number = page_of(pdf, load_workbook(xlsx)["Trend per enhet"]["A1"].value)
    found = words(pdf, number)
    units = [w for w in found if re.fullmatch(r"E0\d", w.text)]
    assert len(units) == 8, [w.text for w in units]
    pitch = min(b.y0 - a.y0 for a, b in zip(units, units[1:], strict=False))  # one row, in points
    kurva = next(w for w in found if w.text == "Kurva")
    first_week = min((w for w in found if w.text == "v." and w.x0 > kurva.x1), key=lambda w: w.x0)
    page = pixels(pdf, number, tmp_path)
    top, bottom = int(units[0].y0 * SCALE) - 2, int((units[-1].y0 + pitch) * SCALE)
    column = page[top:bottom, int(kurva.x0 * SCALE) : int(first_week.x0 * SCALE) - 2]
    np = pytest.importorskip("numpy")
    # the blue bars (#1F4E78) and the orange last one (#C65911); a border line between rows is neither
    bar = (np.abs(column - (31, 78, 120)).max(axis=2) < 30) | (
        np.abs(column - (198, 89, 17)).max(axis=2) < 30
    )
    bar[bar.mean(axis=1) > 0.9] = False  # the header's fill (bars have gaps between them)
    assert bar.sum() > 100, "no sparkline is drawn"
    longest = 0
    for x in range(bar.shape[1]):
        run_length = 0
        for y in range(bar.shape[0]):
            run_length = run_length + 1 if bar[y, x] else 0
            longest = max(longest, run_length)
    assert longest < pitch * SCALE, f"a bar {longest} px high crosses rows {pitch * SCALE:.0f} px high"


def test_the_footer_prints_the_day_in_iso_form(demo_pdf):
    _, pdf, _ = demo_pdf
    for number in range(1, page_count(pdf) + 1):
        footer = [line for line in page_text(pdf, number).splitlines() if line.strip()][-1]
        assert "Skapad 2026-11-22" in footer, f"page {number}: {footer!r}"
        assert not re.search(r"\d{1,2}/\d{1,2}/\d{2,4}", footer), f"page {number}: {footer!r}"


@pytest.fixture
def warned_receipt(space, tmp_path):
    """A receipt with two long warnings: both figures far larger than the unit has ever reported."""
    space.drop("e01_w45.xlsx", unit="E01", week="2026-W45", values={"egen": 4, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    space.drop("e01_w46.xlsx", unit="E01", week="2026-W46", values={"egen": 1234, "praktik": 999})
    result, _ = run_ingest(space.root, NOW, settle_seconds=0)
    [record] = result.records
    assert [p.code for p in record.problems] == ["implausible-value", "implausible-value"]
    receipt = next((space.root / "archive").rglob("*e01_w46.xlsx.kvittens.xlsx"))
    return receipt, render(receipt, tmp_path)


def test_a_receipt_with_long_warnings_prints_every_text_in_its_cell(warned_receipt, tmp_path):
    receipt, pdf = warned_receipt
    assert page_count(pdf) == 1
    found = words(pdf, 1)
    assert overlaps(found) == [], "words printed on top of each other"
    cells = [c for row in load_workbook(receipt).active.iter_rows() for c in row if isinstance(c.value, str)]
    page = pixels(pdf, 1, tmp_path)
    for cell in cells:  # every text prints whole, as one run of words, inside the borders of its row
        run_of_words = phrase(found, cell.value)
        if cell.border.top.style:  # a table cell
            bands = {borders_around(page, w) for w in run_of_words}
            assert len(bands) == 1 and None not in next(iter(bands)), f"{cell.coordinate} leaves its cell"
    verdict = load_workbook(receipt).active["B3"].value
    assert verdict.startswith("Godkänd med varningar")
    for word in phrase(found, verdict):  # the green fill lies behind every word of the verdict
        box = page[
            int(word.y0 * SCALE) + 1 : int(word.y1 * SCALE) - 1, int(word.x0 * SCALE) : int(word.x1 * SCALE)
        ]
        light = box[box.min(axis=2) > 150]  # the background, not the letters
        white = (light.min(axis=1) > 245).mean() if len(light) else 0
        assert white < 0.2, f"{word.text!r} prints without the verdict's fill"


@pytest.fixture
def log_pdf(space, tmp_path):
    """A report whose log holds a long file name, a file accepted with a warning and a file
    rejected for many problems at once."""
    space.drop("e01_w45.xlsx", unit="E01", week="2026-W45", values={"egen": 4, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    space.drop(LONG_NAME, unit="E02", values={"egen": 2, "praktik": 1})
    space.drop("hög siffra.xlsx", unit="E01", values={"egen": 1234, "praktik": 1})
    broken = {"egen": "fem", "praktik": "x"}
    actions = [{"acted": "kanske", "status": "Klar"}, {"acted": "Ja", "status": "okänd", "due": "snart"}]
    space.drop("många fel.xlsx", unit="E03", values=broken, actions=actions, comment="=1+1")
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    rejected = next(r for r in result.records if r.outcome == "rejected")
    assert len(rejected.problems) >= 5, [p.code for p in rejected.problems]
    return report, render(report, tmp_path)


LONG_NAME = "Jobbcenter Syd veckorapport vecka 46 slutlig.xlsx"


def test_the_log_prints_names_whole_warnings_apart_and_rows_no_taller_than_their_text(log_pdf):
    report, pdf = log_pdf
    number = page_of(pdf, load_workbook(report)["Mottagna filer"]["A1"].value)
    found = words(pdf, number)
    assert overlaps(found) == []
    assert not [w for w in found if w.text.lower().startswith("xlsx")], "a file name breaks before xlsx"
    phrase(found, LONG_NAME)
    text = " ".join(page_text(pdf, number).split())
    assert "Godkänd med varningar" in text  # the file with 1 234 is not a plain "Godkänd"
    # every row is as high as its printed lines, not far higher: rows start with their date
    starts = [w for w in found if re.fullmatch(r"\d{4}-\d{2}-\d{2}", w.text) and w.x0 < 60]
    tops = sorted({round(w.y0) for w in found})
    pitch = min(b - a for a, b in zip(tops, tops[1:], strict=False) if b - a > 4)  # one line of text
    for a, b in zip(starts, starts[1:], strict=False):
        lines = len({round(w.y0) for w in found if a.y0 - 1 <= w.y0 < b.y0 - 1})
        # half again and two lines to spare: the height is estimated for Excel, whose lines are
        # higher and shorter than LibreOffice's; a row twice its text's height fails
        assert b.y0 - a.y0 <= (lines * 1.5 + 2) * pitch, (
            f"the row of {a.text} is taller than its {lines} lines"
        )
    rows = load_workbook(report)["Mottagna filer"]
    assert any("se kvittensen" in str(c.value) for row in rows.iter_rows(min_row=4) for c in row)


def test_the_data_sheet_prints_every_cell_framed_at_a_readable_size(demo_pdf, tmp_path):
    xlsx, pdf, _ = demo_pdf
    number = page_of(pdf, load_workbook(xlsx)["Veckans siffror"]["A1"].value)
    found = words(pdf, number)
    body = [w for w in found if re.fullmatch(r"E0\d", w.text)]
    assert body, "no unit ids on the data page"
    assert min(w.y1 - w.y0 for w in body) >= 9, "the data prints too small to read"  # 11 pt at 100 %: 10
    page = pixels(pdf, number, tmp_path)
    first_row = [w for w in found if abs(w.y0 - body[0].y0) < 1]  # one row, every column
    unframed = [w.text for w in first_row if None in borders_around(page, w)]
    assert unframed == [], f"cells without borders: {unframed}"
