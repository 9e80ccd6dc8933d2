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
    number = page_of(pdf, load_workbook(xlsx)["Trend"]["A1"].value)
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
