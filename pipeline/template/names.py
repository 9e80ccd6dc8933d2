"""The unit template's contract: defined names, columns and choice lists.

Every input cell and input table of a template is a workbook-level defined
name. The reader finds the data through these names, never through fixed
coordinates, so rows can move and sheets can be renamed. Other tools may fill
templates through the same names. The README documents this table.
"""

from __future__ import annotations

TEMPLATE_VERSION = "1"
KIND_WEEKLY = "weekly"

# The defined names, one constant each: code refers to a name only through these.
# Every template kind has the first three (its kind, its version, its programme) and the unit.
KIND = "pl_template_kind"
VERSION = "pl_template_version"
PROGRAMME = "pl_programme_id"
UNIT = "pl_unit"
WEEK = "pl_week"
MEASURE_IDS = "pl_measure_ids"
VALUES = "pl_values"
ACTIONS = "pl_actions"
COMMENT = "pl_comment"

# name -> what it holds (shown in the README)
NAMES: dict[str, str] = {
    KIND: "The kind of template: `weekly` (hidden sheet).",
    VERSION: "The template version, currently `1` (hidden sheet).",
    PROGRAMME: "The programme id from plan.xlsx (hidden sheet).",
    UNIT: "The unit id, pre-filled and locked.",
    WEEK: "The ISO week reported, for example `2026-W47`, picked from a dropdown.",
    MEASURE_IDS: "Column of measure ids, one row per measure (locked).",
    VALUES: "Column of this week's values, same rows as `pl_measure_ids`.",
    ACTIONS: "The actions table body, 7 columns: action, owner, due week, acted "
    "(Ja/Nej), status, result, blocker.",
    COMMENT: "Free comment (one cell).",
}
REQUIRED_NAMES = tuple(NAMES)

ACTION_COLUMNS = ("action", "owner", "due", "acted", "status", "result", "blocker")
ACTION_STATUSES = ("not_started", "in_progress", "done", "blocked")
ACTION_ROWS = 10

MAX_VALUE = 1_000_000_000
"""The largest figure a unit file may hold (10^9); a larger one is ``value-too-large``.

One place for the bound: validation rejects anything above it (and anything not
finite), and the report relies on it. With every accepted figure a whole number
from 0 to 10^9, the report's float64 sums are exact integers as long as they stay
below 2^53 (about 9 * 10^15): more than nine million unit-weeks at the bound.
"""
ERROR_VALUES = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")
"""The error values an Excel cell can show (a formula that fails, or a typed ``#N/A``)."""
