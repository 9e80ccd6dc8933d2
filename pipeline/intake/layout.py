"""The template's layout still as written: each field's label beside it (``rows-moved`` otherwise).

A program that inserts or deletes rows without moving the template's defined names (openpyxl,
some scripts; Excel and LibreOffice move them) leaves a field's name on another row: every
cell would be read from the wrong row, and the receipt would list what the wrong cells hold.
"""

from __future__ import annotations

from pipeline.intake.read import Template
from pipeline.strings import Texts
from pipeline.template import names
from pipeline.template.names import ACTION_COLUMNS

# The label the template writes beside each field: (rows down, columns right of the field's
# first cell, the label's text key). Rows inserted or deleted by a program that does not move
# defined names (openpyxl, some scripts; Excel and LibreOffice move them) leave a field's name
# on another row, and its label is no longer beside it.
_LABELS = (
    (names.UNIT, 0, -1, "template.unit"),
    (names.WEEK, 0, -1, "template.week"),
    (names.VALUES, -1, 0, "template.value"),
    (names.ACTIONS, -1, 0, f"template.{ACTION_COLUMNS[0]}"),
)


def moved_fields(template: Template) -> list[str]:
    """The fields whose label is not beside them (in either language): rows were inserted or deleted."""
    moved = []
    for name, rows, cols, key in _LABELS:
        found = template.beside(name, rows, cols)
        if found is not None and found.casefold() not in _label_texts(key):
            moved.append(name)
    return moved


def _label_texts(key: str) -> tuple[str, ...]:
    return tuple(Texts(language)(key).strip().casefold() for language in ("sv", "en"))
