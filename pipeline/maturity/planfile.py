"""The maturity sheets of ``plan.xlsx``: dimensions and occasions (both optional).

``pipeline.plan.workbook`` writes and reads them beside its own sheets, with
the same reader, so every problem names its sheet and cell. A plan without
these sheets has no maturity model, and nothing else changes.

* Dimensions: Id, Namn, Påstående, Nivå 1 … Nivå 5, Motivering krävs (Ja/Nej, blank is Nej).
* Occasions, oldest first: Id (for example ``2026 T1``), Datum eller vecka, Deltagande enheter
  (unit ids separated by commas; blank means every unit).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.maturity.model import LEVELS, SAFE_ID, Dimension, Occasion
from pipeline.plan.model import Plan
from pipeline.strings import Texts

LEVEL_COLUMNS = tuple(f"level_{n}" for n in LEVELS)
# sheet key -> (column keys, required?), the same shape as pipeline.plan.workbook.SHEETS
SHEETS: dict[str, tuple[tuple[str, ...], bool]] = {
    "maturity_dimensions": (("id", "name", "statement", *LEVEL_COLUMNS, "justification_required"), False),
    "maturity_occasions": (("id", "when", "participants"), False),
}
OPTIONAL_COLUMNS = frozenset({"statement", "justification_required", "when", "participants"})
_SPLIT = re.compile(r"[,;\s]+")


def sheet_rows(plan: Plan, t: Texts) -> dict[str, list[tuple]]:
    """The rows of each maturity sheet, for the plan writer."""
    return {
        "maturity_dimensions": [
            (d.id, d.name, d.statement, *d.levels, t("yes") if d.justification_required else t("no"))
            for d in plan.maturity_dimensions
        ],
        "maturity_occasions": [(o.id, o.when, ", ".join(o.units)) for o in plan.maturity_occasions],
    }


def read_sheets(rd, unit_ids: set[str], unit_sheet: str) -> dict[str, tuple]:
    """Reads both sheets with the plan reader ``rd``, which collects the problems.

    Returns:
        ``{"maturity_dimensions": (...), "maturity_occasions": (...)}``, for ``Plan(**...)``.
    """
    t = rd.t
    dimensions: list[Dimension] = []
    seen: set[str] = set()
    sheet = t("plan.sheet.maturity_dimensions")
    for r, cells in rd.table("maturity_dimensions", SHEETS["maturity_dimensions"], OPTIONAL_COLUMNS):
        did, name = rd.text(sheet, r, cells, "id"), rd.text(sheet, r, cells, "name")
        statement = rd.text(sheet, r, cells, "statement", required=False) or ""
        levels = [rd.text(sheet, r, cells, c) for c in LEVEL_COLUMNS]
        required = _yes_no(rd, sheet, r, cells)
        if did and did in seen:
            rd.problem(sheet, r, cells["id"][0], "duplicate-id", value=did)
        elif did:
            seen.add(did)
            if name and all(levels) and required is not None:
                dimensions.append(Dimension(did, name, statement, tuple(levels), required))

    occasions: list[Occasion] = []
    seen = set()
    sheet = t("plan.sheet.maturity_occasions")
    for r, cells in rd.table("maturity_occasions", SHEETS["maturity_occasions"], OPTIONAL_COLUMNS):
        oid = rd.text(sheet, r, cells, "id")
        if oid and not SAFE_ID.match(oid):
            rd.problem(sheet, r, cells["id"][0], "bad-id", value=oid)
            continue
        if oid and oid in seen:
            rd.problem(sheet, r, cells["id"][0], "duplicate-id", value=oid)
            continue
        when = _when(cells.get("when", (0, None))[1])
        col, value = cells.get("participants", (0, None))
        units = tuple(u for u in _SPLIT.split(str(value or "").strip()) if u)
        unknown = [u for u in units if u not in unit_ids]
        for u in unknown:
            rd.unknown(sheet, r, col, "unknown-unit", u, unit_sheet, unit_ids)
        if oid and not unknown:
            seen.add(oid)
            occasions.append(Occasion(oid, when, units))
    return {"maturity_dimensions": tuple(dimensions), "maturity_occasions": tuple(occasions)}


def _yes_no(rd, sheet: str, r: int, cells: dict) -> bool | None:
    col, value = cells.get("justification_required", (0, None))
    if value is None or str(value).strip() == "":
        return False
    if isinstance(value, bool):
        return value
    answer = rd.choice(sheet, r, cells, "justification_required", {"yes": "yes", "no": "no"})
    return None if answer is None else answer == "yes"


def _when(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).strip()
