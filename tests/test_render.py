"""The leadership workbook prints well: rendered to PDF by LibreOffice, as a reader would print it.

Proves on the demo workspace (week 2026-W47) that every sheet prints one page
wide with the footer on each page, that page 1 shows the key figures and the
headline as they are in the workbook, that both charts on page 1 are drawn
(not blank) with the red dashed plan, that the trend page shows its weeks and
heat map, and that the log names the data export.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple

from pipeline.commands import load
from pipeline.demo import run_demo

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    # openpyxl drops the sparkline and data-bar extensions when reading; harmless here
    pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning"),
]

NOW = datetime(2026, 11, 22, 18, 0)
SHEETS = 9


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2212", "-").split())


def _run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


@dataclass
class Rendered:
    xlsx: Path
    pdf: Path
    programme: str
    pages: list[str]  # pdftotext -layout, one string per page


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    base = tmp_path_factory.mktemp("render")
    root = base / "demo"
    run_demo(root, NOW)
    xlsx = root / "outbox" / "lagesrapport_2026-W47.xlsx"
    assert xlsx.exists()
    profile = (base / "lo-profile").as_uri()
    _run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(base / "pdf"),
        str(xlsx),
    )
    pdf = base / "pdf" / (xlsx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))
    pages = [
        _run("pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, count + 1)
    ]
    return Rendered(xlsx, pdf, load(root).plan.name, pages)


def test_each_sheet_prints_one_page_wide(rendered):
    # eight sheets; only the log may run onto a second page downwards.
    # Pages to the right (a sheet wider than the paper) would double the count.
    assert SHEETS <= len(rendered.pages) <= SHEETS + 2, f"{len(rendered.pages)} pages"
    for number, text in enumerate(rendered.pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines, f"page {number} is empty"
        assert rendered.programme in lines[-1], f"page {number} has no footer: {lines[-1]!r}"
        assert "2026-W47" in lines[-1], f"page {number}: footer lacks the week"


def test_every_sheet_starts_its_own_page_in_order(rendered):
    wb = load_workbook(rendered.xlsx)
    assert len(wb.worksheets) == SHEETS
    pages = [_norm(p) for p in rendered.pages]
    last = -1
    for ws in wb.worksheets:
        first = _norm(ws["A1"].value)
        found = next((i for i, p in enumerate(pages) if i > last and first in p), None)
        assert found is not None, f"sheet {ws.title!r}: {first!r} not on a page after {last + 1}"
        last = found


def test_page_one_shows_key_figures_and_headline(rendered):
    wb = load_workbook(rendered.xlsx)
    page = rendered.pages[0]
    for name in ("kf_actual", "kf_plan", "kf_needed"):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        row, col = coordinate_to_tuple(ref.replace("$", ""))
        value, label = wb[sheet].cell(row, col).value, wb[sheet].cell(row, 1).value
        assert isinstance(value, (int, float)), f"{name} is {value!r}"
        number = str(round(value))
        assert re.search(rf"(?<![\d.,]){number}(?![\d.,])", page), f"{name}={number} not on page 1"
        # and on the line of its own label, not just anywhere on the page
        line = rf"^\s*{re.escape(label)}\s+{number}\b"
        assert re.search(line, page, re.M), f"{label!r} and {number} not on one line"
    headline = wb.worksheets[0]["A4"].value
    assert headline and _norm(headline) in _norm(page), f"headline {headline!r} not on page 1"


def test_chart_on_page_one_is_drawn(rendered, tmp_path):
    image_mod = pytest.importorskip("PIL.Image")
    np = pytest.importorskip("numpy")
    _run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(rendered.pdf), str(tmp_path / "page"))
    png = next(tmp_path.glob("page*.png"))
    pixels = np.asarray(image_mod.open(png).convert("RGB")).astype(int)
    height, width, _ = pixels.shape
    right = pixels[: int(height * 0.9), width // 2 :]  # right half, without the footer band
    r, g, b = right[..., 0], right[..., 1], right[..., 2]
    dark = (right.min(axis=2) < 200).mean()
    red = int(((r > 150) & (g < 80) & (b < 80)).sum())  # the dashed plan line, #C00000
    blue = int(((r < 90) & (b > 100) & (b - r > 40)).sum())  # the actual line, #1F4E78
    assert dark > 0.01, f"right half of page 1 is nearly blank ({dark:.2%} dark pixels)"
    assert red >= 30, f"only {red} red pixels: no plan line in the chart"
    assert blue >= 15, f"only {blue} blue pixels: no actual line in the chart"


def _page_png(rendered: Rendered, number: int, folder: Path):
    """One page as an RGB pixel array (numpy), at 50 dpi."""
    image_mod = pytest.importorskip("PIL.Image")
    np = pytest.importorskip("numpy")
    prefix = folder / f"p{number}"
    _run("pdftoppm", "-png", "-r", "50", "-f", str(number), "-l", str(number), str(rendered.pdf), str(prefix))
    png = next(folder.glob(f"p{number}*.png"))
    return np.asarray(image_mod.open(png).convert("RGB")).astype(int)


def _page_of(rendered: Rendered, sheet: str) -> int:
    first = _norm(load_workbook(rendered.xlsx)[sheet]["A1"].value)
    return next(i for i, p in enumerate(rendered.pages, start=1) if first in _norm(p))


def test_units_chart_under_the_line_chart_is_drawn(rendered, tmp_path):
    pixels = _page_png(rendered, 1, tmp_path)
    height, width, _ = pixels.shape
    lower_right = pixels[int(height * 0.42) : int(height * 0.7), width // 2 :]
    r, g, b = lower_right[..., 0], lower_right[..., 1], lower_right[..., 2]
    blue = int(((r < 90) & (b > 100) & (b - r > 40)).sum())  # the actual bars, #1F4E78
    red = int(((r > 150) & (g < 80) & (b < 80)).sum())  # the dashed plan outlines, #C00000
    assert blue >= 200, f"only {blue} blue pixels: no actual bars under the line chart"
    assert red >= 30, f"only {red} red pixels: no plan outlines in the units chart"


def test_trend_page_shows_the_weeks_and_a_heat_map(rendered, tmp_path):
    number = _page_of(rendered, "Trend per enhet")
    text = rendered.pages[number - 1]
    for week in ("v. 41", "v. 46", "v. 47"):
        assert week in text, f"{week!r} not on the trend page"
    pixels = _page_png(rendered, number, tmp_path)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    low = int(((r > 220) & (g > 80) & (g < 130) & (b > 80) & (b < 130)).sum())  # #F8696B
    high = int(((r > 80) & (r < 120) & (g > 170) & (g < 210) & (b > 100) & (b < 140)).sum())  # #63BE7B
    assert low > 50 and high > 50, f"heat map colours missing: {low} low, {high} high pixels"


def test_agenda_and_log_pages(rendered):
    agenda = _norm(rendered.pages[_page_of(rendered, "Hinder och åtgärder") - 1])
    assert "Eskalering" in agenda
    log = _norm(rendered.pages[_page_of(rendered, "Mottagna filer") - 1])
    assert "dataexport.xlsx" in log
