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
* xlsxwriter's public API is used: the workbook is a ``SafeWorkbook`` (a
  subclass that overrides the documented ``add_format`` and ``add_worksheet``), and
  its sheets override documented ``write*`` methods. The one exception is the
  XML of the rows, written by ``excel.rows`` in place of xlsxwriter's own loop:
  the same bytes, several times faster (see there for how that is kept true).
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
import logging
import math
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_cell_to_rowcol, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pipeline.excel import rows

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

log = logging.getLogger(__name__)


# Tokens that xlsxwriter's write() never writes as a number.
_NOT_NUMBERS = (str, bytes, bool, date, time, timedelta)  # datetime is a date


def _is_finite(number: object) -> bool:
    """Whether ``number`` is a number that a cell can hold: not inf, not NaN, not too large for a float."""
    if isinstance(number, Decimal):
        return number.is_finite() and math.isfinite(float(number))
    try:
        return math.isfinite(number)
    except (TypeError, OverflowError):  # an int too large for a float, a type that converts only by float()
        try:
            return math.isfinite(float(number))
        except (TypeError, ValueError, OverflowError):
            return False


def _writes_as_number(token: object) -> bool:
    """Whether ``write()`` stores ``token`` as a number: numeric types, or anything ``float()`` takes."""
    if token is None or isinstance(token, _NOT_NUMBERS):
        return False
    if isinstance(token, (int, float, Decimal)):
        return True
    try:
        float(token)
    except (TypeError, ValueError):
        return False
    except OverflowError:
        return True
    return True


def _row_col(args: tuple) -> tuple:
    """``args`` with an A1 cell (``"B3"``) turned into row and column, as xlsxwriter accepts both."""
    if args and isinstance(args[0], str):
        return (*xl_cell_to_rowcol(args[0]), *args[1:])
    return args


class FiniteWorksheet(rows.FastRows, Worksheet):
    """A worksheet that writes a non-finite number as an empty cell, with a warning in the log.

    Its rows are turned into XML by ``rows.FastRows`` (the same bytes as xlsxwriter's, faster).

    Overrides the documented ``write_number``, ``write``, ``write_row``,
    ``write_column`` and ``merge_range``: xlsxwriter's ``write_row`` and
    ``write_column`` call an internal writer rather than ``write``, so they are
    written here again as a loop over ``write``, as documented. ``add_table``
    with ``data`` would bypass them; we never pass it data. ``tests/test_bounds.py``
    checks each way in.
    """

    def _blank(self, row: int, col: int, number: object, cell_format) -> int:
        log.warning(
            "not a finite number (%s) for sheet %r, row %d, column %d: written as an empty cell",
            repr(number)[:40],
            self.name,
            row + 1,
            col + 1,
        )
        return self.write_blank(row, col, None, cell_format)

    def write_number(self, *args):
        row, col, number, *rest = _row_col(args)
        if not _is_finite(number):
            return self._blank(row, col, number, rest[0] if rest else None)
        return super().write_number(row, col, number, *rest)

    def write(self, *args):
        row, col, *rest = _row_col(args)
        if rest and _writes_as_number(rest[0]) and not _is_finite(rest[0]):
            return self._blank(row, col, rest[0], rest[1] if len(rest) > 1 else None)
        return super().write(row, col, *rest)

    def write_row(self, *args):
        row, col, data, *rest = _row_col(args)
        for offset, token in enumerate(data):
            error = self.write(row, col + offset, token, *rest)
            if error:
                return error
        return 0

    def write_column(self, *args):
        row, col, data, *rest = _row_col(args)
        for offset, token in enumerate(data):
            error = self.write(row + offset, col, token, *rest)
            if error:
                return error
        return 0

    def merge_range(self, *args):
        if args and isinstance(args[0], str):  # "A1:C1"
            first, _, last = args[0].partition(":")
            args = (*xl_cell_to_rowcol(first), *xl_cell_to_rowcol(last or first), *args[1:])
        first_row, first_col, last_row, last_col, data, *rest = args
        cell_format = rest[0] if rest else None
        if _writes_as_number(data) and not _is_finite(data):
            self._blank(first_row, first_col, data, cell_format)
            data = ""  # written as a blank cell with the format, as xlsxwriter pads the rest
        return super().merge_range(first_row, first_col, last_row, last_col, data, cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook with clean sheet names, finite numbers and quote-prefixed formats.

    ``add_format`` remembers the properties each format was made from, so that
    ``quote_prefixed`` can make the same format with Excel's quote prefix through
    ``add_format`` again (xlsxwriter has no public way to copy a format).
    """

    worksheet_class = FiniteWorksheet

    def __init__(self, filename, options=None):
        # set before the base class adds its default formats through add_format
        self._made_from: dict[int, tuple[Format, dict]] = {}  # id(format) -> (format, its properties)
        self._quoted: dict[int, Format] = {}  # id(format) -> its quote-prefixed twin
        super().__init__(filename, options)

    def add_format(self, properties=None) -> Format:
        fmt = super().add_format(properties)
        self._made_from[id(fmt)] = (fmt, dict(properties or {}))  # holds fmt, so its id is not reused
        return fmt

    def add_worksheet(self, name=None, worksheet_class=None):
        """Adds a sheet under a name Excel accepts (see ``sheet_name``)."""
        taken = {ws.name.lower() for ws in self.worksheets()}
        ws = super().add_worksheet(sheet_name(name, taken) if name is not None else None, worksheet_class)
        ws.pipeline_book = self  # for write_text's quote-prefixed formats
        return ws

    def quote_prefixed(self, fmt: Format | None) -> Format:
        """``fmt`` with Excel's quote prefix added: one format per format, made once.

        Raises:
            ValueError: ``fmt`` was not made by this workbook's ``add_format``.
        """
        key = id(fmt)
        if key not in self._quoted:
            if fmt is None:
                properties = {}
            elif key in self._made_from:
                properties = self._made_from[key][1]
            else:
                raise ValueError("the format was not made by this workbook's add_format")
            self._quoted[key] = self.add_format({**properties, "quote_prefix": True})
        return self._quoted[key]


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


@contextlib.contextmanager
def atomic_workbook(path: Path, title: str = "", stream: bool = False) -> Iterator[SafeWorkbook]:
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
        workbook = SafeWorkbook(str(tmp), options)
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
    text, quoted = inert_text(value)
    if text == "":
        result = ws.write_blank(row, col, None, fmt)
    else:
        if quoted:
            fmt = _quote_prefixed(ws, fmt)
        result = ws.write_string(row, col, text, fmt)
    if result not in (0, None):
        raise ValueError(f"could not write text to row {row + 1}, column {col + 1} (code {result})")


def inert_text(value: object) -> tuple[str, bool]:
    """The text a cell shows for ``value`` and whether it needs the quote prefix (see ``write_text``):
    None is empty, text longer than a cell holds is cut with a mark."""
    text = "" if value is None else str(value)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text, text.startswith(FORMULA_STARTS)


def _quote_prefixed(ws: Worksheet, fmt):
    """``fmt`` with Excel's quote prefix added, from the sheet's workbook (see ``SafeWorkbook``)."""
    book = getattr(ws, "pipeline_book", None)
    if book is None:
        return fmt  # a sheet from elsewhere: the string cell is still inert
    return book.quote_prefixed(fmt)


def fit_widths(ws: Worksheet, widths: list[float], first_col: int = 0) -> None:
    for offset, width in enumerate(widths):
        ws.set_column(first_col + offset, first_col + offset, width)


def fit_height(ws: Worksheet, row: int, texts: list[tuple[str, float]], line_height: float = 15.0) -> None:
    """Sets a row's height for wrapped texts, given (text, column width) pairs.

    Neither xlsxwriter nor LibreOffice's PDF export grows a row for wrapped
    text, so the height is estimated from the longest text.
    """
    height = wrapped_height(texts, line_height)
    if height is not None:
        ws.set_row(row, height)


def wrapped_height(texts: list[tuple[object, float]], line_height: float = 15.0) -> float | None:
    """The height a row needs for its wrapped texts (see ``fit_height``); None when one line will do."""
    lines = 1
    for text, width in texts:
        per_line = max(int(width * 1.1), 1)
        text = str(text or "")
        if len(text) <= per_line and "\n" not in text:  # most cells: one line, nothing to wrap
            continue
        count = sum(_wrapped_lines(part, per_line) for part in text.split("\n"))
        lines = max(lines, count)
    return line_height * lines if lines > 1 else None


def _wrapped_lines(text: str, per_line: int) -> int:
    """The lines ``text`` takes when wrapped at spaces, as a spreadsheet does, ``per_line`` characters wide.

    A word longer than a line is broken inside it. Counting characters alone is too few:
    "Väntar på beslut från Arbetsmarknad om praktikplatser" needs three lines of 28, not two.
    """
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size <= per_line:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // per_line  # a word longer than a line
        used = size - (size - 1) // per_line * per_line
    return lines


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
        mark_header(ws, header_row)


def mark_header(ws: Worksheet, row: int, col: int = 0) -> None:
    """Marks ``row`` as the column headers of the sheet's table, for screen readers.

    The convention of Microsoft's and the universities' accessibility guides: a name
    ``ColumnTitle``, local to the sheet, on the table's first header cell. JAWS then reads
    a cell's column header with its value. One table per sheet is marked: the one whose
    header row is repeated in print (``print_setup``).
    """
    first = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    # the name's sheet is given as it is (xlsxwriter looks it up without unquoting ''), the formula's quoted
    ws.pipeline_book.define_name(f"{ws.name}!ColumnTitle", f"={quote_sheetname(ws.name)}!{first}")
