"""Writing workbooks safely: one way to open, fill and publish every xlsx we write.

* Strings are never turned into formulas, links or numbers
  (``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` off).
* Document properties are pinned, so the same content gives byte-identical files.
* The workbook is written to a temp file in the target folder and moved into
  place with ``os.replace``: nobody ever sees a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}
PINNED_DATE = datetime(2000, 1, 1)
MAX_CELL_TEXT = 32767


@contextlib.contextmanager
def atomic_workbook(path: Path, title: str = "") -> Iterator[xlsxwriter.Workbook]:
    """Yields a workbook that appears at ``path`` only when it is complete.

    Raises:
        OSError: the folder is not writable, or the final replace failed; the temp
            file is removed either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        workbook = xlsxwriter.Workbook(str(tmp), SAFE_OPTIONS)
        workbook.set_properties({"title": title, "author": "pipeline", "created": PINNED_DATE})
        yield workbook
        workbook.close()
        make_shareable(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text(ws: Worksheet, row: int, col: int, value: object, fmt=None) -> None:
    """Writes text from a user's file as an inert string, never a formula or link.

    Text longer than a cell can hold is cut with a visible mark instead of being
    silently truncated by the writer.
    """
    text = "" if value is None else str(value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    if text == "":
        ws.write_blank(row, col, None, fmt)
        return
    result = ws.write_string(row, col, text, fmt)
    if result != 0:
        raise ValueError(f"could not write text to row {row + 1}, column {col + 1} (code {result})")


def fit_widths(ws: Worksheet, widths: list[float], first_col: int = 0) -> None:
    for offset, width in enumerate(widths):
        ws.set_column(first_col + offset, first_col + offset, width)


def fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]], line_height: float = 15.0) -> None:
    """Sets a row's height for wrapped texts, given (text, column width) pairs.

    Neither xlsxwriter nor LibreOffice's PDF export grows a row for wrapped
    text, so the height is estimated from the longest text.
    """
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.1), 1)
        count = sum(max(1, -(-len(part) // per_line)) for part in str(text or "").split("\n"))
        lines = max(lines, count)
    if lines > 1:
        ws.set_row(row, line_height * lines)


def make_shareable(path: Path) -> None:
    """Gives a temp file the permissions of a normally created file (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
