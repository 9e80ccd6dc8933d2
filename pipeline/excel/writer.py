"""Writing workbooks safely: one way to open, fill and publish every xlsx we write.

* Strings are never turned into formulas, links or numbers
  (``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` off).
* Text from a unit that starts like a formula (``= + - @``, a tab or carriage
  return, or their fullwidth forms ``＝ ＋ － ＠``) is written as a string cell
  with Excel's quote prefix (the hidden apostrophe of ``'=1``): the cell shows the
  text as typed and stays text even when someone edits it and presses Enter.
  The text itself is never changed, so exports and receipts keep the exact words.
* A number that is not finite (``inf``, ``nan``) never reaches a cell: every sheet
  is a ``FiniteWorksheet``, which writes it as an empty cell (same format) and logs
  a warning. The figures are meant to be finite already (``report.figures``); this
  is the last line of defence, so a slip shows as a blank, never as ``#DIV/0!``
  or ``#NUM!`` (``nan_inf_to_errors`` stays on only so that a sheet made some other
  way cannot crash the writer).
* Every ``write_*`` result is checked (xlsxwriter returns -1 for a cell out of
  bounds, -2 for a string over 32,767 characters): a failed write raises.
* Sheet names are cleaned: the characters Excel forbids in them become ``_``, at most 31 characters,
  no apostrophe at either end, unique regardless of case.
* Document properties are pinned, so the same content gives byte-identical files.
* The workbook is written to a temp file in the target folder and moved into
  place with ``os.replace``: nobody ever sees a half-written file.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import math
import os
import re
import tempfile
import weakref
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
    # assemble the parts in memory, not in temp files: a receipt takes 1.5 ms instead of 8 ms
    "in_memory": True,
}
PINNED_DATE = datetime(2000, 1, 1)
MAX_CELL_TEXT = 32767
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")

_BOOKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # worksheet -> its workbook

log = logging.getLogger(__name__)


_WRITE_NUMBER = Worksheet._write_number


class FiniteWorksheet(Worksheet):
    """A worksheet that writes a non-finite number as an empty cell, with a warning in the log.

    ``write_number``, ``write``, ``write_row`` and ``write_column`` all end in
    ``_write_number`` (xlsxwriter's undecorated writer), so that is the one place
    to check; ``tests/test_bounds.py`` checks each way in.
    """

    def _write_number(self, row, col, number, cell_format=None):
        try:
            ok = math.isfinite(number)
        except (TypeError, OverflowError):  # an int too large for a float, a Decimal
            try:
                ok = math.isfinite(float(number))
            except (TypeError, ValueError, OverflowError):
                ok = False
        if not ok:
            log.warning(
                "not a finite number (%s) for sheet %r, row %d, column %d: written as an empty cell",
                repr(number)[:40],
                self.name,
                row + 1,
                col + 1,
            )
            return self._write_blank(row, col, None, cell_format)
        return _WRITE_NUMBER(self, row, col, number, cell_format)


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A name Excel accepts: no ``[]:*?/\\``, at most 31 characters, no apostrophe at the ends, unique."""
    cleaned = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'")[:31].strip().strip("'") or "Sheet"
    taken = taken or set()
    candidate, number = cleaned, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = cleaned[: 31 - len(suffix)] + suffix
    return candidate


def _track(workbook: xlsxwriter.Workbook) -> None:
    """Cleans every sheet name, and remembers each sheet's workbook (for quote-prefix formats)."""
    add = workbook.add_worksheet

    def add_worksheet(name: str | None = None, worksheet_class=None):
        taken = {ws.name.lower() for ws in workbook.worksheets()}
        ws = add(sheet_name(name, taken) if name is not None else None, worksheet_class)
        _BOOKS[ws] = workbook
        return ws

    workbook.add_worksheet = add_worksheet


@contextlib.contextmanager
def atomic_workbook(path: Path, title: str = "", stream: bool = False) -> Iterator[xlsxwriter.Workbook]:
    """Yields a workbook that appears at ``path`` only when it is complete.

    Args:
        stream: write each row to disk as soon as the next row starts
            (xlsxwriter's ``constant_memory``), so memory stays flat for a large
            sheet; rows must then be written in order.

    Raises:
        OSError: the folder is not writable, or the final replace failed; the temp
            file is removed either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        options = {**SAFE_OPTIONS, "in_memory": False, "constant_memory": True} if stream else SAFE_OPTIONS
        workbook = xlsxwriter.Workbook(str(tmp), options)
        workbook.worksheet_class = FiniteWorksheet
        _track(workbook)
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

    Text that starts like a formula gets the quote prefix (see the module notes).
    Text longer than a cell can hold is cut with a visible mark instead of being
    silently truncated by the writer.

    Raises:
        ValueError: the writer refused the cell (out of bounds, for one).
    """
    text = "" if value is None else str(value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    if text == "":
        result = ws.write_blank(row, col, None, fmt)
    else:
        if text.startswith(FORMULA_STARTS):
            fmt = _quote_prefixed(ws, fmt)
        result = ws.write_string(row, col, text, fmt)
    if result not in (0, None):
        raise ValueError(f"could not write text to row {row + 1}, column {col + 1} (code {result})")


def _quote_prefixed(ws: Worksheet, fmt):
    """``fmt`` with Excel's quote prefix added (one derived format per format and workbook)."""
    book = _BOOKS.get(ws)
    if book is None:
        return fmt  # a sheet from elsewhere: the string cell is still inert
    cache = book.__dict__.setdefault("_pipeline_quoted", {})
    key = id(fmt)
    if key not in cache:
        if fmt is None:
            derived = book.add_format({"quote_prefix": True})
        else:
            derived = copy.copy(fmt)  # same look; registered with the workbook as a format of its own
            derived.quote_prefix = True
            derived.xf_index = None
            derived._format_key = None
            book.formats.append(derived)
        cache[key] = (fmt, derived)  # keeps fmt alive, so its id is not reused
    return cache[key][1]


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


A4 = 9  # xlsxwriter's paper size code


def print_setup(ws: Worksheet, footer: str, header_row: int | None) -> None:
    """The print set-up every report sheet shares: A4 landscape, one page wide, footer, header row."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.set_footer(footer)
    ws.hide_gridlines(2)
    if header_row is not None:
        ws.repeat_rows(header_row)
