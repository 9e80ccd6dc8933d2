"""What the guard looks for in each part of a file while it inflates it (``guard._inflate``).

Each is a *sink*: ``feed`` gets the inflated bytes chunk by chunk, ``finish`` the end,
and a sink raises ``FileProblem`` as soon as the part is refused. Memory is bounded by
the chunk and by ``MAX_TAG``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.errors import FileProblem
from pipeline.excel.a1 import column_letters, column_number

MAX_TAG = 1 << 16  # a longer XML tag (padding hiding an attribute across chunks) is refused
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384


class Keep:
    """Keeps what is inflated, up to ``limit`` bytes (a header that lies about the size is
    refused after inflating, so the part is never used; the bound holds the memory meanwhile)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.data = b""

    def feed(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            self.chunks = []  # more than its header said: the guard refuses it in its own words
        else:
            self.chunks.append(data)

    def finish(self) -> None:
        self.data = b"".join(self.chunks)


class Contains:
    """Raises ``code`` when ``needle`` occurs anywhere in the stream."""

    def __init__(self, needle: bytes, code: str):
        self.needle, self.code, self.tail = needle, code, b""

    def feed(self, data: bytes) -> None:
        window = self.tail + data
        if self.needle in window:
            raise FileProblem(self.code)
        self.tail = window[-len(self.needle) :]

    def finish(self) -> None:
        pass


# a cell, row or dimension tag; for c and row also its r="B9" attribute, if any (one pass, in C)
_TAG = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?(c|row|dimension)(?=[\s/>])"""
    rb"""(?:[^<>]*?\sr\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)["'])?([^<>]*)>"""
)
# every match of _TAG contains a match of one of these two (literal starts: searched fast)
_ANY_TAG = re.compile(rb"<(?:c|row|dimension)[\s/>]")
_ANY_PREFIXED_TAG = re.compile(rb":(?:c|row|dimension)[\s/>]")
_DIMENSION = re.compile(rb"""ref\s*=\s*["']([^"']*)["']""")
_CELLREF = re.compile(rb"\$?([A-Za-z]{1,4})\$?(\d{1,9})")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_column = lru_cache(maxsize=4096)(column_number)


class XmlScan:
    """Streams one XML part: refuses declarations, non-UTF-8 encodings and a used range over ``max_cells``.

    A cell without an ``r`` attribute sits one column right of the cell before it,
    in the row of its ``<row>`` tag (or the row after the one before), as Excel
    reads it. The used range is checked after every chunk.
    """

    def __init__(self, part: str, max_cells: int):
        self.part, self.max_cells = part, max_cells
        self.tail = b""  # an unfinished tag, carried to the next chunk
        self.recent = b""  # the last bytes seen, for a declaration split across chunks
        self.started = False
        self.row = self.col = self.max_row = self.max_col = 0

    def feed(self, data: bytes) -> None:
        if not self.started and data:
            self.started = True
            if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
                # Excel writes UTF-8 only; UTF-16 could hide a DOCTYPE from the scan
                raise FileProblem("unsafe-file", "xml")
        if b"<!" in self.recent + data and (
            _DECLARATION.search(self.recent + data[:16]) or _DECLARATION.search(data)
        ):  # every declaration starts with "<!": the substring test spares the pattern in the usual part
            raise FileProblem("unsafe-file", "xml")
        self.recent = (self.recent + data)[-16:]
        window = self.tail + data
        cut = window.rfind(b"<")
        if cut == -1 or window.find(b">", cut) != -1:
            cut = len(window)
        if _ANY_TAG.search(window, 0, cut) or _ANY_PREFIXED_TAG.search(window, 0, cut):
            self._tags(_TAG.findall(window, 0, cut))  # (most parts but the sheets hold none of these tags)
        self.tail = window[cut:]
        if len(self.tail) > MAX_TAG:
            raise FileProblem("unsafe-file", "xml")

    def _tags(self, tags: list[tuple[bytes, bytes, bytes, bytes]]) -> None:
        row, col, max_row, max_col = self.row, self.col, self.max_row, self.max_col
        for kind, letters, digits, rest in tags:
            if kind == b"c":
                col = _column(letters) if letters else col + 1
                at = int(digits) if digits else (row if row > 1 else 1)
                if at > max_row:
                    max_row = at
                if col > max_col:
                    max_col = col
            elif kind == b"row":
                row = int(digits) if digits else row + 1
                col = 0  # a row counts only through its cells
            else:  # dimension: its ref="A1:D40" counts as used
                found = _DIMENSION.search(rest)
                for ref_letters, ref_digits in _CELLREF.findall(found.group(1) if found else b""):
                    max_row, max_col = max(max_row, int(ref_digits)), max(max_col, _column(ref_letters))
        self.row, self.col, self.max_row, self.max_col = row, col, max_row, max_col
        if max_row * max(max_col, 1) > self.max_cells or max_row > EXCEL_ROWS or max_col > EXCEL_COLS:
            raise FileProblem("sheet-too-large", f"A1:{column_letters(max_col)}{max_row}")

    def finish(self) -> None:
        if _ANY_TAG.search(self.tail) or _ANY_PREFIXED_TAG.search(self.tail):
            self._tags(_TAG.findall(self.tail))
