"""A one-sheet workbook written from a shape made once and filled per file: the receipt's writer.

A receipt is written for every file that comes in, so its fixed cost counts (issue 16): an
xlsxwriter workbook costs about 3 ms however small it is, most of it spent making the same
styles, theme, relationships and zip entries again. Here xlsxwriter makes them once per
``Frame`` (the sheet's name, column widths, merged ranges, print set-up and named styles),
and a file costs only its own cells and title: the sheet's XML is written directly and zipped
with the constant parts, which are compressed once (about 0.3 ms a receipt).

What stays as it was:

* The same rules for every string as ``writer.write_text``: written as an inline string
  (never a formula, link or number), with Excel's quote prefix when it starts like a formula,
  cut with a mark when it is longer than a cell holds, control characters escaped as Excel
  escapes them (``_x0001_``). A number that is not finite becomes a blank cell.
* The workbook appears only when it is complete (a temp file beside it, then ``os.replace``).
* The XML is xlsxwriter's own for everything but the cells; the cells are written as
  xlsxwriter writes them in its ``constant_memory`` mode (inline strings, no spans), a form
  Excel and LibreOffice open without a repair prompt.

``write_reference`` writes the same ``Frame`` and ``Page`` with xlsxwriter, cell by cell: the
test compares the two, and the filled writer falls back to it for anything it cannot fill.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.excel.writer import (
    PINNED_DATE,
    SAFE_OPTIONS,
    SafeWorkbook,
    atomic_workbook,
    inert_text,
    make_shareable,
    write_text,
)

log = logging.getLogger(__name__)

Value = str | int | float | None


@dataclass(frozen=True)
class Frame:
    """What every workbook of one kind shares: made into a shape once (hashable, a cache key).

    Args:
        styles: (name, xlsxwriter format properties as sorted pairs) for every style a cell may name.
        merges: (first row, first col, last row, last col), zero-based.
        landscape, fit_width, fit_height: the print set-up (``fit_height`` 0 is as many pages as needed).
    """

    sheet: str
    widths: tuple[float, ...]
    styles: tuple[tuple[str, tuple[tuple[str, object], ...]], ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    landscape: bool = True
    fit_width: int = 1
    fit_height: int = 0


@dataclass
class Page:
    """One file's workbook: its title (a document property), its cells and its row heights."""

    title: str
    cells: list[tuple[int, int, Value, str | None]] = field(default_factory=list)  # row, col, value, style
    heights: dict[int, float] = field(default_factory=dict)  # row -> height in points

    def put(self, row: int, col: int, value: Value, style: str | None = None) -> None:
        self.cells.append((row, col, value, style))


def styles(**named: dict) -> tuple[tuple[str, tuple[tuple[str, object], ...]], ...]:
    """``Frame.styles`` from keyword arguments: ``styles(bold={"bold": True}, ...)``."""
    return tuple((name, tuple(sorted(props.items()))) for name, props in named.items())


# ---------------------------------------------------------------- the reference: xlsxwriter


def write_reference(path: Path, frame: Frame, page: Page) -> None:
    """Writes ``page`` with xlsxwriter, cell by cell: the form the filled writer must equal."""
    with atomic_workbook(path, title=page.title) as wb:
        formats = {name: wb.add_format(dict(props)) for name, props in frame.styles}
        ws = wb.add_worksheet(frame.sheet)
        for col, width in enumerate(frame.widths):
            ws.set_column(col, col, width)
        first_style = {(r, c): s for r, c, _, s in page.cells}
        for r1, c1, r2, c2 in frame.merges:
            ws.merge_range(r1, c1, r2, c2, "", formats.get(first_style.get((r1, c1))))
        for row, col, value, style in page.cells:
            fmt = formats.get(style) if style else None
            if value is None or isinstance(value, str):
                write_text(ws, row, col, value, fmt)
            else:
                ws.write_number(row, col, value, fmt)
        for row, height in page.heights.items():
            ws.set_row(row, height)
        if frame.landscape:
            ws.set_landscape()
        ws.fit_to_pages(frame.fit_width, frame.fit_height)


# ---------------------------------------------------------------- the shape, made once


_TITLE = "@@title@@"  # where the title goes in docProps/core.xml (replaced in the shape, never in a title)
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_PROBE = re.compile(r'<c r="A(\d+)" s="(\d+)"/>')
_ROW_PIXELS = 20  # the default row, 15 points: a height is kept in whole pixels, as xlsxwriter keeps it
_PER_FILE = ("xl/worksheets/sheet1.xml", "docProps/core.xml")


@dataclass
class Shape:
    """The parts of a ``Frame``'s workbook that never change, and its style numbers."""

    constant: bytes  # the zip's local entries of the parts that never change, compressed once
    directory: list[bytes]  # their central directory records
    sheet_head: tuple[str, str]  # the sheet's XML up to <sheetData>, around its dimension
    sheet_tail: str  # from </sheetData> on: merged ranges, margins, page set-up
    core: str  # docProps/core.xml with the title's placeholder
    style_ids: dict[tuple[str | None, bool], int]  # (style, quote-prefixed) -> xf index


@lru_cache(maxsize=8)
def shape_of(frame: Frame) -> Shape:
    """Makes ``frame``'s workbook once with xlsxwriter and keeps what every file shares.

    The sheet holds one blank probe cell per style and per style's quote-prefixed twin
    (blank cells make no shared strings); read back, they give each style's number.
    """
    buffer = io.BytesIO()
    wb = SafeWorkbook(buffer, {**SAFE_OPTIONS, "in_memory": True})
    wb.set_properties({"title": _TITLE, "author": "pipeline", "created": PINNED_DATE})
    ws = wb.add_worksheet(frame.sheet)
    for col, width in enumerate(frame.widths):
        ws.set_column(col, col, width)
    probes: list[tuple[str | None, bool]] = []
    for name, fmt in [(None, None)] + [(n, wb.add_format(dict(p))) for n, p in frame.styles]:
        for quoted in (False, True):
            ws.write_blank(len(probes), 0, None, wb.quote_prefixed(fmt) if quoted else fmt)
            probes.append((name, quoted))
    if frame.landscape:
        ws.set_landscape()
    ws.fit_to_pages(frame.fit_width, frame.fit_height)
    wb.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as made:
        parts = {info.filename: made.read(info) for info in made.infolist()}
    head, _, rest = parts["xl/worksheets/sheet1.xml"].decode("utf-8").partition("<sheetData>")
    data, _, tail = rest.partition("</sheetData>")
    style_ids = {(None, False): 0}
    for number, xf in _PROBE.findall(data):
        style_ids[probes[int(number) - 1]] = int(xf)
    before, dimension, after = _split(head)
    merges = "".join(f'<mergeCell ref="{_ref(r1, c1)}:{_ref(r2, c2)}"/>' for r1, c1, r2, c2 in frame.merges)
    if merges:
        merges = f'<mergeCells count="{len(frame.merges)}">{merges}</mergeCells>'
    return Shape(
        **_constant_entries([(name, raw) for name, raw in parts.items() if name not in _PER_FILE]),
        sheet_head=(before, after + "<sheetData>"),
        sheet_tail="</sheetData>" + merges + tail,
        core=parts["docProps/core.xml"].decode("utf-8"),
        style_ids=style_ids,
    )


def _split(head: str) -> tuple[str, str, str]:
    found = _DIMENSION.search(head)
    if found is None:
        raise ValueError("xlsxwriter's sheet has no dimension element")
    return head[: found.start()], found.group(0), head[found.end() :]


def _ref(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


# ---------------------------------------------------------------- a file, filled


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def _xml_text(text: str) -> str:
    """Text as xlsxwriter writes an inline string: Excel's ``_xHHHH_`` for control characters
    (and a literal ``_x0041_`` kept literal), then ``& < >`` escaped."""
    text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_xml(shape: Shape, page: Page) -> str:
    """The sheet's XML for ``page``: rows in order, each cell as xlsxwriter's constant_memory writes it."""
    rows: dict[int, dict[int, str]] = {}
    for row, col, value, style in page.cells:
        rows.setdefault(row, {})[col] = _cell(shape, row, col, value, style)
    for row in page.heights:
        rows.setdefault(row, {})
    out = []
    for row in sorted(rows):
        pixels = int(page.heights[row] * 4.0 / 3.0 + 0.5) if row in page.heights else _ROW_PIXELS
        attrs = f' ht="{pixels * 0.75:.16g}" customHeight="1"' if pixels != _ROW_PIXELS else ""
        cells = "".join(rows[row][col] for col in sorted(rows[row]))
        out.append(f'<row r="{row + 1}"{attrs}>{cells}</row>')
    places = [(r, c) for r, c, _, _ in page.cells]
    if places:
        first = (min(r for r, _ in places), min(c for _, c in places))
        last = (max(r for r, _ in places), max(c for _, c in places))
        ref = _ref(*first) if first == last else f"{_ref(*first)}:{_ref(*last)}"
    else:
        ref = "A1"
    before, after = shape.sheet_head
    return before + f'<dimension ref="{ref}"/>' + after + "".join(out) + shape.sheet_tail


def _cell(shape: Shape, row: int, col: int, value: Value, style: str | None) -> str:
    ref = _ref(row, col)
    if value is None or isinstance(value, str):
        text, quoted = inert_text(value)
        xf = shape.style_ids[(style, quoted)]
        s = f' s="{xf}"' if xf else ""
        if text == "":
            return f'<c r="{ref}"{s}/>'
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'
    xf = shape.style_ids[(style, False)]
    s = f' s="{xf}"' if xf else ""
    if not math.isfinite(value):
        log.warning("a figure that is not a finite number (%r) was written as an empty cell", value)
        return f'<c r="{ref}"{s}/>'
    return f'<c r="{ref}"{s}><v>{value:.16G}</v></c>'


def write_filled(path: Path, frame: Frame, page: Page) -> None:
    """Writes ``page`` into ``frame``'s shape at ``path``, atomically (see the module notes)."""
    shape = shape_of(frame)
    title = _xml_text(page.title)
    made = {
        "xl/worksheets/sheet1.xml": sheet_xml(shape, page).encode("utf-8"),
        "docProps/core.xml": shape.core.replace(_TITLE, title).encode("utf-8"),
    }
    data = _zip(shape, [(name, made[name]) for name in _PER_FILE])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        make_shareable(Path(tmp_name))
        os.replace(tmp_name, path)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


# ---------------------------------------------------------------- the zip container
#
# zipfile compresses every member anew; the parts that never change are compressed once here
# and their entries kept as bytes, so a file costs the deflate of its own two parts. The
# container is the plain one zipfile writes (deflate, no data descriptor, no zip64: a receipt
# is far below 4 GB), with the fixed date xlsxwriter pins (1980-01-01).

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00
_VERSION, _MADE_BY, _DEFLATED = 20, (3 << 8) | 20, 8  # unix, zip 2.0
_FILE_ATTRS = 0o100644 << 16  # a regular file, rw-r--r--


def _deflate(raw: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # a raw deflate stream, zipfile's default level
    return packer.compress(raw) + packer.flush()


def _entry(name: str, raw: bytes, offset: int) -> tuple[bytes, bytes]:
    """One member's local header and data, and its central directory record."""
    packed, crc, encoded = _deflate(raw), zlib.crc32(raw), name.encode("utf-8")
    fields = (_VERSION, 0, _DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed), len(raw), len(encoded))
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + encoded + packed
    central = (
        struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, *fields, 0, 0, 0, 0, _FILE_ATTRS, offset)
        + encoded
    )
    return local, central


def _constant_entries(parts: list[tuple[str, bytes]]) -> dict:
    locals_, directory = [], []
    offset = 0
    for name, raw in parts:
        local, central = _entry(name, raw, offset)
        locals_.append(local)
        directory.append(central)
        offset += len(local)
    return {"constant": b"".join(locals_), "directory": directory}


def _zip(shape: Shape, own: list[tuple[str, bytes]]) -> bytes:
    """The workbook's zip: the constant entries, then this file's own parts, then the directory."""
    body, directory = [shape.constant], list(shape.directory)
    offset = len(shape.constant)
    for name, raw in own:
        local, central = _entry(name, raw, offset)
        body.append(local)
        directory.append(central)
        offset += len(local)
    listing = b"".join(directory)
    count = len(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(listing), offset, 0)
    return b"".join(body) + listing + end
