"""Reading the cells of ``plan.xlsx``: text, numbers, weeks and choices, every problem named by its cell.

``PlanReader`` opens the workbook, finds each sheet and column by its Swedish or English
name (``pipeline.plan.workbook.SHEETS``) and collects a ``PlanProblem`` for each cell it
cannot read, so the administrator fixes them all in one go. The plan's rules are in
``read`` and ``checks``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from pipeline.errors import PlanError
from pipeline.excel.a1 import column_letters
from pipeline.plan.workbook import OPTIONAL_COLUMNS, SHEETS
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek, WeekError

# one address as people write them: no spaces, one @, a dot in the domain (not RFC 5322 in full, on purpose:
# an address the mail server would refuse is better named here, at its cell)
_ADDRESS = re.compile(r"[^@\s<>;,\"]+@[^@\s<>;,\"]+\.[^@\s<>;,\".]{2,}")


@dataclass(frozen=True)
class PlanProblem:
    sheet: str
    cell: str
    message: str
    code: str = ""  # the stable code (``goal-twice``, ``shares-over-one``, ...): tests compare (cell, code)

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"


class Sheet:
    """One sheet of the plan as its rows of values, read once: ``title``, ``iter_rows``, ``max_row``."""

    def __init__(self, title: str, rows: list[tuple]):
        self.title, self._rows = title, rows

    @property
    def max_row(self) -> int:
        return len(self._rows)

    def iter_rows(self, values_only: bool = True):
        return iter(self._rows)


class Book:
    """The plan workbook's values, read with python-calamine (about 20 times faster than openpyxl
    at 1,000 units: 0.2 s instead of 4 s), given as openpyxl gives them (``data_only``).

    calamine gives every number as a float and an empty cell as ``""``; openpyxl gives a whole
    number as an ``int`` and an empty cell as ``None``. The rows are converted to openpyxl's
    form (a whole float to ``int``, ``""`` to ``None``), so the reader's checks see the same
    values either way and an id typed as a number (``101``) reads as ``101``, never ``101.0``.
    Rows start at A1 (``skip_empty_area=False``): row and column numbers are the cells' own.
    """

    def __init__(self, data: bytes):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheetnames = list(wb.sheet_names)
        self._sheets: dict[str, Sheet] = {}  # every sheet read here: a damaged one fails the opening
        for name in self.sheetnames:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            self._sheets[name] = Sheet(name, [tuple(map(_as_openpyxl, row)) for row in rows])

    def __getitem__(self, name: str) -> Sheet:
        return self._sheets[name]


def _as_openpyxl(value: object) -> object:
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _address_parts(text: str) -> list[str]:
    """A cell's addresses: split at ``;`` and line breaks, and at commas only where every piece
    holds an ``@``, so a name written as Outlook shows it, ``Öberg, Åsa <asa@kommun.se>``, stays
    one address (``a@b.se, c@d.se`` is two)."""
    parts = []
    for chunk in re.split(r"[;\n]", text):
        pieces = chunk.split(",")
        parts.extend(pieces if all("@" in piece for piece in pieces) else [chunk])
    return parts


def ascii_address(address: str) -> str | None:
    """``address`` as a mail header can carry it, or None when no mail could reach it.

    A domain with å, ä or ö (``köping.se``) is written in its international form
    (``xn--kping-jua.se``, IDNA), which every mail server takes; a name before the ``@`` that
    is not ASCII, an empty part of the domain (``a@b..se``) or a ``mailto:`` link is refused:
    the plan check names its cell, instead of the mail failing week after week.
    """
    if not _ADDRESS.fullmatch(address) or address.casefold().startswith("mailto:"):
        return None
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        return None
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if "" in domain.split("."):
        return None
    return f"{local}@{domain}"


class PlanReader:
    """Reads one plan workbook and collects problems as it goes."""

    def __init__(self, path: Path, language: str, data: bytes | None = None):
        self.t = Texts(language)
        self.problems: list[PlanProblem] = []
        self._weeks: dict[str, IsoWeek] = {}  # each week text parsed once
        try:
            self.wb = Book(data if data is not None else Path(path).read_bytes())
        except FileNotFoundError:
            raise PlanError(key="error.plan-missing", name=path.name) from None
        except (CalamineError, OSError, ValueError) as exc:  # a damaged file, or no workbook at all
            raise PlanError(key="error.plan-unopenable", name=path.name, error=exc) from None
        self.sheet_names = {name.strip().casefold(): name for name in self.wb.sheetnames}

    def problem(self, sheet: str, row: int, col: int, key: str, **facts) -> None:
        cell = f"{column_letters(col + 1)}{row + 1}"
        self.problems.append(PlanProblem(sheet, cell, self.t(f"plan.problem.{key}", **facts), key))

    def unknown(self, sheet: str, row: int, col: int, code: str, value: object, where: str, known) -> None:
        """``unknown-unit`` or ``unknown-measure``; when an id differs only in case or spaces
        (``e01 ``), the message asks "menade du E01?"."""
        typed = str(value).strip().casefold()
        match = next((k for k in sorted(known) if k.casefold() == typed), None)
        hint = self.t("plan.hint.did-you-mean", id=match) if match else ""
        self.problem(sheet, row, col, code, value=value, where=where, hint=hint)

    def cell_name(self, row: int, cells: dict, column: str) -> str:
        """The address (``D3``) of ``column``'s cell in the table row ``row``."""
        return f"{column_letters(cells[column][0] + 1)}{row + 1}"

    def title(self, key: str) -> str:
        """The sheet's name as the file has it (either language), to name its cells; else ours."""
        ws = self.sheet(key, False)
        return ws.title if ws is not None else self.t(f"plan.sheet.{key}")

    def sheet(self, key: str, required: bool):
        for label in self.t.both(f"plan.sheet.{key}"):
            name = self.sheet_names.get(label.casefold())
            if name:
                return self.wb[name]
        if required:
            columns = SHEETS.get(key, (("key", "value"), True))[0]
            headers = ", ".join(self.t(f"plan.col.{c}") for c in columns)
            self.problems.append(
                PlanProblem(
                    self.t(f"plan.sheet.{key}"),
                    "A1",
                    self.t("plan.problem.missing-sheet", sheet=self.t(f"plan.sheet.{key}"), headers=headers),
                )
            )
        return None

    def table(self, key: str, spec=None, optional: frozenset = frozenset()) -> list[tuple[int, dict]]:
        """Rows of a list sheet as (row index, {column key: (col index, value)}).

        ``spec`` and ``optional`` describe a sheet kept by another module (columns, required?).
        """
        columns, required = spec or SHEETS[key]
        ws = self.sheet(key, required)
        if ws is None:
            return []
        rows = list(ws.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h).strip().casefold() if h is not None else "" for h in rows[0]]
        where: dict[str, int] = {}
        for column in columns:
            labels = [label.casefold() for label in self.t.both(f"plan.col.{column}")]
            found = next((i for i, h in enumerate(header) if h in labels), None)
            if found is None:
                if column not in OPTIONAL_COLUMNS | optional:
                    self.problem(
                        ws.title, 0, len(header), "missing-column", column=self.t(f"plan.col.{column}")
                    )
                continue
            where[column] = found
        out = []
        for r, row in enumerate(rows[1:], start=1):
            if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in row):
                continue  # an empty row (None, or only spaces)
            cells = {c: (i, row[i] if i < len(row) else None) for c, i in where.items()}
            out.append((r, cells))
        return out

    # typed getters: return None (and record a problem) when invalid
    def text(self, ws: str, r: int, cells: dict, column: str, required: bool = True) -> str | None:
        col, value = cells.get(column, (0, None))
        text = "" if value is None else str(value).strip()
        if not text and required:
            self.problem(ws, r, col, "missing-value", column=self.t(f"plan.col.{column}"))
            return None
        return text

    def number(self, ws: str, r: int, cells: dict, column: str, required: bool = True) -> float | None:
        col, value = cells.get(column, (0, None))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(ws, r, col, "missing-value", column=self.t(f"plan.col.{column}"))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
            except ValueError:
                self.problem(ws, r, col, "not-a-number", value=value)
                return None
        if value < 0:
            self.problem(ws, r, col, "negative")
            return None
        return float(value)

    def week(self, ws: str, r: int, cells: dict, column: str, required: bool = True) -> IsoWeek | None:
        col, value = cells.get(column, (0, None))
        if value is None or str(value).strip() == "":
            if required:
                self.problem(ws, r, col, "missing-value", column=self.t(f"plan.col.{column}"))
            return None
        if isinstance(value, date):  # Excel turns a typed 2026-10-19 into a date: it lies in one ISO week
            return IsoWeek.of(value)
        if isinstance(value, str) and value in self._weeks:  # 52 weeks, written 52,000 times at 1,000 units
            return self._weeks[value]
        try:
            week = IsoWeek.parse(value)
            if isinstance(value, str):
                self._weeks[value] = week
            return week
        except WeekError:
            self.problem(ws, r, col, "not-a-week", value=value)
            return None

    def emails(self, ws: str, r: int, cells: dict, column: str = "email") -> tuple[str, ...]:
        """The addresses in one cell, separated by ``;`` or ``,`` (as Outlook writes them), or by new
        lines; ``Namn <a@b.se>`` is taken as ``a@b.se``. Each one that is no address is a problem."""
        col, value = cells.get(column, (0, None))
        found: list[str] = []
        for part in _address_parts("" if value is None else str(value)):
            part = part.strip()
            if not part:
                continue
            address = part[part.find("<") + 1 : part.rfind(">")].strip() if part.endswith(">") else part
            sendable = ascii_address(address)
            if sendable is None:
                self.problem(ws, r, col, "bad-email", value=part)
            elif sendable.casefold() not in (a.casefold() for a in found):
                found.append(sendable)
        return tuple(found)

    def choice(self, ws: str, r: int, cells: dict, column: str, options: dict[str, str]) -> str | None:
        col, value = cells.get(column, (0, None))
        text = "" if value is None else str(value).strip().casefold()
        for code, key in options.items():
            if text in (label.casefold() for label in self.t.both(key)) or text == code:
                return code
        labels = ", ".join(self.t(k) for k in options.values())
        self.problem(ws, r, col, "bad-choice", value=value, choices=labels)
        return None
