"""The standing block of a unit's template: where the unit stands before the week it reports.

A template written for week W tells its unit, above the input cells and locked, its target to
date at W, its actual to date (the weeks before W), what W must bring to be on track, and by
when and where the file is due. The figures come from the report's one computation
(``pipeline.report.unit_standing``); this module only carries and writes them, and only the
unit's own. A template without a week, or a unit without counted figures, says "no figures yet"
instead of a misleading 0.

The block lies in columns F:G of rows 3 to 9, beside the unit, the week and the measures and
above the actions: no input cell and no defined name moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.excel.writer import write_text
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek

FIRST_ROW, LABEL_COL, VALUE_COL = 3, 5, 6


@dataclass(frozen=True)
class UnitStanding:
    """One unit's standing for the template of ``week`` (see ``report.unit_standing``).

    ``actual`` and ``needed`` are None when the unit has no counted figure before ``week``.
    ``held`` lists the unit's own figures that wait for a check: (week, value).
    """

    week: IsoWeek
    target: float
    actual: float | None
    needed: float | None
    due: datetime
    folder: str
    held: tuple[tuple[IsoWeek, float], ...] = ()


def deadline_text(due: datetime, t: Texts) -> str:
    """``due`` as a person reads it, e.g. "senast måndag 30 november 12:00"."""
    weekday = t("standing.weekdays").split()[due.isoweekday() - 1]
    month = t("standing.months").split()[due.month - 1]
    return t("standing.deadline", weekday=weekday, day=due.day, month=month, time=f"{due:%H:%M}")


def write_block(wb, ws, standing: UnitStanding | None, t: Texts) -> None:
    """Writes the locked standing block (strings and plain numbers, never formulas) into ``ws``."""
    head = wb.add_format({"bold": True, "font_size": 12, "bottom": 2})
    label = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "locked": True, "shrink": True})
    number = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "locked": True, "num_format": "0"})
    text = wb.add_format({"bg_color": "#F2F2F2", "border": 1, "locked": True, "shrink": True})
    row = FIRST_ROW
    if standing is None:
        write_text(ws, row, LABEL_COL, t("standing.title_no_week"), head)
        write_text(ws, row + 1, LABEL_COL, t("standing.none"), text)
        return
    week, before = standing.week, standing.week - 1
    write_text(ws, row, LABEL_COL, t("standing.title", week=week), head)
    lines: list[tuple[str, object]] = [(t("standing.target", week=week), standing.target)]
    if standing.actual is None:
        lines.append((t("standing.actual", week=before), t("standing.none")))
    else:
        lines.append((t("standing.actual", week=before), standing.actual))
        lines.append((t("standing.needed", week=week), standing.needed))
    lines.append((t("standing.due"), deadline_text(standing.due, t)))
    lines.append((t("standing.where"), standing.folder))
    if standing.held:
        held = ", ".join(f"{w}: {v:g}" for w, v in standing.held)
        lines.append((t("standing.held"), t("standing.held_value", figures=held)))
    for i, (name, value) in enumerate(lines, start=1):
        write_text(ws, row + i, LABEL_COL, name, label)
        if isinstance(value, float | int):
            ws.write_number(row + i, VALUE_COL, value, number)
        else:
            write_text(ws, row + i, VALUE_COL, value, text)
