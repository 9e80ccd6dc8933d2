"""The plan workbook (``plan.xlsx``): written once by ``pipeline init``, kept by the administrator.

The layout is declared once, in ``SHEETS``; the writer and the reader both
follow it. Sheet names and column headers are accepted in Swedish or English,
whatever language the file was written in. The reader collects every problem
(with its sheet and cell) before it gives up, so the administrator can fix
them all in one go.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.excel.writer import atomic_workbook, write_text
from pipeline.maturity import planfile as maturity_sheets
from pipeline.plan.example import calendar_weight
from pipeline.plan.model import (
    FLOW,
    HIGHER,
    LOWER,
    STOCK,
    Plan,
)
from pipeline.strings import Texts

# sheet key -> (column keys, required?)
SHEETS: dict[str, tuple[tuple[str, ...], bool]] = {
    "units": (("id", "name", "group", "share", "email"), True),
    "measures": (("id", "name", "kind", "direction", "counts_people"), True),
    "goals": (("unit", "measure", "goal", "baseline"), True),
    "calendar": (("week", "weight", "note"), False),
    "milestones": (("unit", "measure", "week", "target"), False),
    "last_year": (("unit", "measure", "week", "last_year_value"), False),
    "actions": (("unit", "action", "owner", "due"), False),
    "recipients": (("name", "email"), False),  # who gets the weekly digest (veckobrev)
}
PROGRAMME_KEYS = ("programme_id", "name", "goal_text", "main_measure", "first_week", "last_week")
OPTIONAL_COLUMNS = {"baseline", "note", "owner", "due", "share", "counts_people", "email"}
KINDS = {FLOW: "plan.kind.flow", STOCK: "plan.kind.stock"}
DIRECTIONS = {HIGHER: "plan.direction.higher", LOWER: "plan.direction.lower"}
YES_NO = {"yes": "yes", "no": "no"}
_YES_NO_KEY = {True: "yes", False: "no"}


# ---------------------------------------------------------------- writing


def write_plan(plan: Plan, path: Path, language: str = "sv") -> None:
    """Writes ``plan`` as an editable plan workbook."""
    t = Texts(language)
    with atomic_workbook(path, title=plan.name) as wb:
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        ws = wb.add_worksheet(t("plan.sheet.programme"))
        ws.write_row(0, 0, [t("plan.col.key"), t("plan.col.value")], head)
        values = {
            "programme_id": plan.programme_id,
            "name": plan.name,
            "goal_text": plan.goal_text,
            "main_measure": plan.main_measure,
            "first_week": str(plan.first_week),
            "last_week": str(plan.last_week),
        }
        for row, key in enumerate(PROGRAMME_KEYS, start=1):
            write_text(ws, row, 0, t(f"plan.key.{key}"))
            write_text(ws, row, 1, values[key])
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 50)
        rows = {
            "units": [(u.id, u.name, u.group, u.share, "; ".join(u.emails)) for u in plan.units],
            "measures": [
                (m.id, m.name, t(KINDS[m.kind]), t(DIRECTIONS[m.direction]), t(_YES_NO_KEY[m.counts_people]))
                for m in plan.measures
            ],
            "goals": [(g.unit, g.measure, g.goal, g.baseline or None) for g in plan.goals],
            "calendar": [
                (str(w), plan.weight(w), t(reason) if (reason := calendar_weight(w)[1]) else "")
                for w in plan.weeks
            ],
            "milestones": [(m.unit, m.measure, str(m.week), m.target) for m in plan.milestones],
            "last_year": [(y.unit, y.measure, str(y.week), y.value) for y in plan.last_year],
            "actions": [(a.unit, a.action, a.owner, str(a.due) if a.due else "") for a in plan.actions],
            "recipients": [(name, address) for name, address in plan.digest_to],
            **maturity_sheets.sheet_rows(plan, t),
        }
        for key, (columns, _) in {**SHEETS, **maturity_sheets.SHEETS}.items():
            ws = wb.add_worksheet(t(f"plan.sheet.{key}"))
            ws.write_row(0, 0, [t(f"plan.col.{c}") for c in columns], head)
            ws.freeze_panes(1, 0)
            for r, values_row in enumerate(rows[key], start=1):
                for c, value in enumerate(values_row):
                    if isinstance(value, int | float):
                        ws.write_number(r, c, value)
                    elif value is not None:
                        write_text(ws, r, c, value)
            ws.set_column(0, len(columns) - 1, 18)
            if key == "actions":
                ws.set_column(1, 1, 45)
            if key in ("units", "recipients"):
                ws.set_column(len(columns) - 1, len(columns) - 1, 36)
            if key == "maturity_dimensions":
                ws.set_column(1, len(columns) - 2, 32)


# ---------------------------------------------------------------- reading
