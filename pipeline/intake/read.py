"""Reads a filled template: the cells behind each defined name, with their addresses.

Three steps, each with the tool made for it:

1. The workbook's defined names and sheet list come from ``xl/workbook.xml``
   (standard library; python-calamine does not expose defined names).
2. Cell values come from python-calamine, which is about 40 times faster than
   openpyxl and returns each formula's cached value.
3. Two kinds of cell read as blank through python-calamine but are not: a
   formula with no cached value (the file was never recalculated; openpyxl, for
   one, writes formulas without values), and a cell that shows an Excel error
   (``<c t="e"><f>1/0</f><v>#DIV/0!</v></c>``: python-calamine 0.9 returns ``""``
   for it). The sheet XML is streamed once per sheet that holds a defined name,
   and only the named cells are looked at, so such a cell is marked
   ``uncalculated``, or carries its ``error`` text, instead.

The reader knows nothing about what the names mean; ``validate`` does.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from pipeline.errors import FileProblem
from pipeline.excel.a1 import cell_ref, column_number
from pipeline.intake.guard import Limits, check_archive
from pipeline.template.names import ERROR_VALUES

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_MAIN = "{" + NS["m"] + "}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # a formula element, any prefix
_PLAIN_F = re.compile(rb"<f[\s/>]")  # a literal start: searched fast
_PREFIXED_F = re.compile(rb":f[\s/>]")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*(?:"e"|'e')""")  # a cell typed as an error: t="e" (or 'e')
_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9]\d{0,6})")  # a cell element's r, as Excel writes it: B9
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


@dataclass(frozen=True)
class Cell:
    """One cell: where it is (for messages) and what it holds (``""`` when blank)."""

    sheet: str
    ref: str
    value: object
    uncalculated: bool = False  # a formula without a cached value: the value is unknown
    error: str = ""  # the Excel error the cell shows (``#DIV/0!``), or "" for none; its value is ""

    @property
    def address(self) -> str:
        return f"{self.sheet}!{self.ref}"

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class NamedRange:
    sheet: str
    first_row: int  # 0-based
    first_col: int
    last_row: int
    last_col: int


def parse_ref(text: str) -> NamedRange | None:
    """``'Veckorapport'!$B$9:$B$10`` -> NamedRange, or None for anything else."""
    if "!" not in text:
        return None
    sheet, _, ref = text.strip().lstrip("=").rpartition("!")
    sheet = sheet.strip()
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    match = _REF.match(ref.strip())
    if not match:
        return None
    c1, r1, c2, r2 = match.groups()
    c2, r2 = c2 or c1, r2 or r1
    return NamedRange(sheet, int(r1) - 1, column_number(c1) - 1, int(r2) - 1, column_number(c2) - 1)


def defined_names(archive: zipfile.ZipFile | _Parts) -> dict[str, NamedRange | None]:
    """Workbook-level defined names; a name that is not a plain cell range maps to None."""
    return dict(_names_in(archive.read("xl/workbook.xml")))


def _sheet_parts(archive: zipfile.ZipFile | _Parts) -> dict[str, str]:
    """Sheet name -> the zip member that holds its XML."""
    return dict(_parts_in(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")))


# The workbook part and its relations are byte for byte the same in every file filled from
# one template, so what they say is worked out once per content (a pure function of the
# bytes; the guard has checked them first).


@lru_cache(maxsize=64)
def _names_in(workbook_xml: bytes) -> tuple[tuple[str, NamedRange | None], ...]:
    root = ElementTree.fromstring(workbook_xml)
    names: dict[str, NamedRange | None] = {}
    for node in root.iterfind("m:definedNames/m:definedName", NS):
        if node.get("localSheetId") is not None:
            continue
        names[node.get("name", "")] = parse_ref(node.text or "")
    return tuple(names.items())


@lru_cache(maxsize=64)
def _parts_in(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str], ...]:
    root = ElementTree.fromstring(workbook_xml)
    rels = ElementTree.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in root.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return tuple(parts.items())


@dataclass(frozen=True)
class Flags:
    """What the sheet XML says about named cells that python-calamine reads as blank."""

    uncalculated: frozenset[str] = frozenset()  # addresses (``Sheet!B9``): a formula, no cached value
    errors: dict[str, str] = field(default_factory=dict)  # address -> the error shown (``#DIV/0!``)


def cell_flags(archive: zipfile.ZipFile | _Parts, names: dict[str, NamedRange | None]) -> Flags:
    """Named cells that hold a formula with no cached value, and named cells that show an error.

    Looks at each sheet that a defined name points into, once. A sheet whose
    bytes hold no formula element and no error-typed cell at all (the usual
    case) is passed over after a byte scan; otherwise it is parsed, only the
    named cells are examined, and every other element is dropped as soon as it
    is read.
    """
    wanted = _wanted(tuple(where for where in names.values() if where is not None))
    if not wanted:
        return Flags()
    try:
        parts = _sheet_parts(archive)
    except (KeyError, ElementTree.ParseError):
        return Flags()  # calamine reports a broken workbook in its own way
    found: set[str] = set()
    errors: dict[str, str] = {}
    for sheet, boxes in wanted:
        part = parts.get(sheet)
        if part is None:
            continue
        try:
            data = archive.read(part)  # its inflated size is capped by the guard
        except KeyError:  # no such member
            continue
        if not _may_hold(data):
            continue  # no formula and no error anywhere on the sheet: the common case, and a byte scan
        for _, element in ElementTree.iterparse(io.BytesIO(data)):
            if element.tag != f"{_MAIN}c":
                if element.tag == f"{_MAIN}row":
                    element.clear()
                continue
            if _within(element.get("r"), boxes):
                address = f"{sheet}!{element.get('r')}"
                cached = element.find(f"{_MAIN}v")
                if element.find(f"{_MAIN}f") is not None:
                    # an empty <v/> is a cached empty text only in a cell typed as a string
                    empty = cached is None or (not (cached.text or "") and element.get("t") != "str")
                    if empty and element.find(f"{_MAIN}is") is None:
                        found.add(address)
                if element.get("t") == "e" and address not in found:
                    shown = (cached.text or "").strip() if cached is not None else ""
                    if shown:  # an error cell with no error text holds nothing: it is blank
                        errors[address] = shown[:40]
            element.clear()
    return Flags(frozenset(found), errors)


def _may_hold(data: bytes) -> bool:
    """True when the sheet's bytes hold a formula element or an error-typed cell anywhere.

    Narrower tests come first (each several times faster than the pattern it guards): every
    match of ``_FORMULA`` contains a match of ``_PLAIN_F`` or ``_PREFIXED_F``, and every
    match of ``_ERROR_TYPE`` contains ``"e"`` or ``'e'``.
    """
    if (_PLAIN_F.search(data) or _PREFIXED_F.search(data)) and _FORMULA.search(data):
        return True
    return (b'"e"' in data or b"'e'" in data) and _ERROR_TYPE.search(data) is not None


def _wanted(ranges: tuple[NamedRange, ...]) -> tuple[tuple[str, tuple[NamedRange, ...]], ...]:
    """(sheet, its named ranges) per sheet. Ranges, not their cells: a name that spans a
    million cells costs nothing until a cell of it is asked for."""
    wanted: dict[str, list[NamedRange]] = {}
    for where in ranges:
        wanted.setdefault(where.sheet, []).append(where)
    return tuple((sheet, tuple(boxes)) for sheet, boxes in wanted.items())


def _within(ref: str | None, boxes: tuple[NamedRange, ...]) -> bool:
    """Whether the cell ``ref`` (``B9``, as in a cell element's ``r``) lies in one of ``boxes``."""
    match = _CELL_REF.fullmatch(ref) if ref else None
    if match is None:
        return False
    row, col = int(match.group(2)) - 1, column_number(match.group(1)) - 1
    return any(b.first_row <= row <= b.last_row and b.first_col <= col <= b.last_col for b in boxes)


class Template:
    """An opened workbook, read through its defined names."""

    def __init__(
        self,
        names: dict[str, NamedRange | None],
        workbook: CalamineWorkbook,
        uncalculated: frozenset[str] = frozenset(),
        errors: dict[str, str] | None = None,
    ):
        self.names = names
        self._workbook = workbook
        self.uncalculated = uncalculated
        self.errors = errors or {}  # address -> the Excel error the cell shows (``cell_flags``)
        self._sheets: dict[str, tuple[tuple[int, int], list[list]]] = {}
        self._cells: dict[str, list[list[Cell]] | None] = {}

    def _grid(self, sheet: str) -> tuple[tuple[int, int], list[list]] | None:
        if sheet not in self._sheets:
            try:
                ws = self._workbook.get_sheet_by_name(sheet)
            except (CalamineError, OSError):  # WorksheetNotFound, or XmlError for a broken sheet part
                return None  # the names on it are missing: ``unknown-template``
            start = ws.start or (0, 0)
            self._sheets[sheet] = (start, ws.to_python(skip_empty_area=True))
        return self._sheets[sheet]

    def cells(self, name: str) -> list[list[Cell]] | None:
        """The cells of a defined name, row by row; None if the name or its sheet is missing.

        Built once per name: the checks ask for the same names several times.
        """
        if name not in self._cells:
            self._cells[name] = self._read_cells(name)
        return self._cells[name]

    def _read_cells(self, name: str) -> list[list[Cell]] | None:
        where = self.names.get(name)
        if where is None:
            return None
        grid = self._grid(where.sheet)
        if grid is None:
            return None
        (top, left), rows = grid
        uncalculated, errors = self.uncalculated, self.errors
        out = []
        for r, line_refs in zip(range(where.first_row, where.last_row + 1), _refs(where), strict=True):
            gr = r - top
            grid_row = rows[gr] if 0 <= gr < len(rows) else ()
            line = []
            for c, (ref, address) in zip(range(where.first_col, where.last_col + 1), line_refs, strict=True):
                gc = c - left
                value = grid_row[gc] if 0 <= gc < len(grid_row) else ""
                error = errors.get(address, "") if errors else ""
                if not error and isinstance(value, str) and value.strip() in ERROR_VALUES:
                    error = value.strip()  # an error as text: typed, or from a reader that returns it so
                if error:
                    value = ""
                line.append(Cell(where.sheet, ref, value, address in uncalculated, error))
            out.append(line)
        return out

    def cell(self, name: str) -> Cell | None:
        cells = self.cells(name)
        return cells[0][0] if cells else None

    def beside(self, name: str, rows: int, cols: int) -> str | None:
        """The text ``rows`` down and ``cols`` right of a name's first cell (negative: up, left);
        None when the name or its sheet is missing. For the layout check: a label beside a field."""
        where = self.names.get(name)
        grid = self._grid(where.sheet) if where is not None else None
        if grid is None:
            return None
        (top, left), cells = grid
        r, c = where.first_row + rows - top, where.first_col + cols - left
        value = cells[r][c] if 0 <= r < len(cells) and 0 <= c < len(cells[r]) else ""
        return str(value).strip() if value is not None else ""


class _Parts:
    """The archive's members: those the guard kept inflated, the others read from the file when asked.

    Duck-types the two ``zipfile.ZipFile`` methods the functions above use (``read``, and
    ``KeyError`` for a member that is not there), so they take either.
    """

    def __init__(self, path: Path, kept: dict[str, bytes]):
        self.path, self.kept = path, kept
        self._archive: zipfile.ZipFile | None = None

    def read(self, name: str) -> bytes:
        if name in self.kept:
            return self.kept[name]
        if self._archive is None:
            self._archive = zipfile.ZipFile(self.path)
        return self._archive.read(name)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


_KEPT_CELLS = 4096  # a range up to this size keeps its cells' names from file to file (a template's do)


def _refs(where: NamedRange) -> Iterable[tuple[tuple[str, str], ...]]:
    """Each cell of a range as ``(ref, address)``, row by row: the same for every file of a template.

    Kept for a small range; a larger one (only a hostile or odd file has one) is spelled
    as it is read, so its names are never held beside its cells, nor after the file."""
    size = (where.last_row - where.first_row + 1) * (where.last_col - where.first_col + 1)
    return _kept_refs(where) if size <= _KEPT_CELLS else _spelled(where)


@lru_cache(maxsize=512)
def _kept_refs(where: NamedRange) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(_spelled(where))


def _spelled(where: NamedRange) -> Iterator[tuple[tuple[str, str], ...]]:
    for r in range(where.first_row, where.last_row + 1):
        yield tuple(
            (ref, f"{where.sheet}!{ref}")
            for ref in (cell_ref(r, c) for c in range(where.first_col, where.last_col + 1))
        )


def open_template(path: Path, max_bytes: int, limits: Limits | None = None) -> Template:
    """Checks the file's container (``guard.check_archive`` with ``limits``, and ``max_bytes``
    as the size cap), then opens it for reading by name.

    The workbook part, its relations and the sheets are the ones the guard inflated
    and checked, when they are small (see ``check_archive``): they are not inflated twice.

    Around python-calamine only its own errors are caught (``CalamineError`` and its
    subclasses ``XmlError``, ``ZipError``, ``PasswordError``, ``WorksheetNotFound``,
    there since python-calamine 0.2.0), and ``OSError``, which it raises for I/O
    errors. Anything else from it is a bug to see, not a file to reject quietly.

    Raises:
        FileProblem: the file is not a readable, safe xlsx; ``code`` says why.
    """
    parts = _Parts(path, check_archive(path, max_bytes, limits))
    try:
        names = defined_names(parts)
        flags = cell_flags(parts, names)
    except (FileProblem, MemoryError):
        raise  # a MemoryError is the worker's to answer: tried again in a fresh one, then parse-failed
    except Exception as exc:  # zipfile, zlib and ElementTree fail on hostile bytes in many undocumented ways
        raise FileProblem("unreadable", type(exc).__name__) from None
    finally:
        parts.close()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError) as exc:  # XmlError, ZipError, PasswordError, ...; I/O errors are OSError
        raise FileProblem("unreadable", type(exc).__name__) from None
    return Template(names, workbook, flags.uncalculated, flags.errors)
