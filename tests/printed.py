"""A workbook as its reader prints it: LibreOffice makes the PDF, poppler gives its words and pixels.

The print tests ask the questions a reader asks of a printout: is every word where it
belongs (inside its own cell, not on top of another word), is a fill behind all of
its text, does a small chart stay inside its row. Words come from ``pdftotext -bbox``
(PDF points, 72 per inch, origin top left); pixels from ``pdftoppm`` at ``DPI``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

DPI = 100
SCALE = DPI / 72  # pixels per PDF point

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils are not installed",
)


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"{args[0]} failed: {done.stderr}"
    return done.stdout


def render(xlsx: Path, folder: Path) -> Path:
    """``xlsx`` printed to PDF by LibreOffice, with a profile of its own in ``folder``."""
    out = folder / "pdf"
    run(
        "soffice",
        f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(xlsx),
    )
    pdf = out / (xlsx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M).group(1))


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: Path, page: int) -> list[Word]:
    """Every word on ``page`` (1-based) with its box, in reading order."""
    out = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [
        Word(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
        for m in _WORD.findall(out)
    ]


def page_text(pdf: Path, page: int) -> str:
    return run("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-")


def page_of(pdf: Path, first_words: str) -> int:
    """The first page whose text holds ``first_words`` (a sheet's A1, say)."""
    wanted = " ".join(first_words.split())
    for number in range(1, page_count(pdf) + 1):
        if wanted in " ".join(page_text(pdf, number).split()):
            return number
    raise AssertionError(f"{first_words!r} is on no page")


def pixels(pdf: Path, page: int, folder: Path):
    """One page as an RGB array of ints (numpy), at ``DPI``."""
    image = pytest.importorskip("PIL.Image")
    np = pytest.importorskip("numpy")
    prefix = folder / f"page{page}"
    run("pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf), str(prefix))
    png = max(folder.glob(f"page{page}*.png"), key=lambda p: p.stat().st_mtime)
    return np.asarray(image.open(png).convert("RGB")).astype(int)


def overlaps(found: list[Word], share: float = 0.4) -> list[tuple[Word, Word]]:
    """Pairs of words printed on top of each other.

    Two boxes side by side overlap when they share more than ``share`` of the lower word's
    height: a word box holds the font's ascent and descent, so the boxes of two lines of one
    wrapped cell touch by a point or so, while two texts printed over each other share most of it.
    """
    pairs = []
    ordered = sorted(found, key=lambda w: w.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y0 >= a.y1:
                break
            wide = min(a.x1, b.x1) - max(a.x0, b.x0)
            high = min(a.y1, b.y1) - max(a.y0, b.y0)
            if wide > 0.5 and high > share * min(a.y1 - a.y0, b.y1 - b.y0):
                pairs.append((a, b))
    return pairs


def phrase(found: list[Word], text: str) -> list[Word]:
    """The words of ``text``, one after the other in reading order (``AssertionError`` if not there).

    Text wrapped inside a cell reads as one run of words; text cut off or printed over
    another cell's text does not.
    """
    wanted = text.split()
    tokens = [w.text for w in found]
    for start in range(len(tokens) - len(wanted) + 1):
        if tokens[start : start + len(wanted)] == wanted:
            return found[start : start + len(wanted)]
    raise AssertionError(f"{text!r} is not printed as one run of words")


def borders_around(page, word: Word, dark: int = 140) -> tuple[int | None, int | None]:
    """The pixel rows of the cell borders just above and just below ``word``.

    A border is a pixel row that is dark across the whole width of the word, and at least
    30 pixels (text has gaps between its letters and words, a border has none). ``None``
    when there is none.
    """
    x0, x1 = int(word.x0 * SCALE), int(word.x1 * SCALE)
    reach = max(x1 - x0, 30)  # a short word's letters can be dark across it; 30 px of text never are
    middle = int(word.middle * SCALE)
    shade = page.max(axis=2)  # a pixel is dark when even its brightest channel is
    # from the word's right end leftwards, or from its left end rightwards: at the table's
    # edge the border goes on to one side only
    left = (shade[:, max(x1 - reach, 0) : x1] < dark).all(axis=1)
    right = (shade[:, x0 : x0 + reach] < dark).all(axis=1)
    lines = [int(y) for y in range(shade.shape[0]) if left[y] or right[y]]
    above = max((y for y in lines if y < middle), default=None)
    below = min((y for y in lines if y > middle), default=None)
    return above, below
