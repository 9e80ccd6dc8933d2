"""What the publish-safe copy may show: the counts to hide (``suppress``) from the report's tables.

The copy shows the main measure by unit (this week and to date, with department
subtotals) and by unit and week (the trend), and the administration's totals. Those are
the cells and the sums handed to ``suppress``:

* a unit's weekly figure ``("w", unit, week index)``, its total to date ``("c", unit)``,
  a department's figure this week ``("dw", department)`` and to date ``("dc", department)``;
* the sums a reader sees: a unit's weeks add up to its total to date (a flow measure; for
  a stock measure the total is its latest week); each week's units add up to the
  administration's total of that week (in the overview's series); the report week's units
  of a department add up to the department's figure this week, a department's units to
  its total to date, and the departments to the administration's totals.

A measure that does not count people (``Measure.counts_people``) is shown as it is.
"""

from __future__ import annotations

from pipeline.plan.model import FLOW
from pipeline.report.figures import ReportData
from pipeline.report.suppress import Suppression, suppress


def suppression(data: ReportData, threshold: int) -> Suppression:
    """The counts of ``data``'s main measure to hide in the publish-safe copy."""
    main = data.plan.measure(data.plan.main_measure)
    if not main.counts_people:
        return Suppression(0)
    cells: dict = {}
    sums: list[tuple] = []
    rows: dict[str, list] = {}
    trend = data.trend
    weeks = list(trend.columns) if trend is not None else []
    at = weeks.index(data.week) if data.week in weeks else None
    by_group: dict[str, list[str]] = {}
    for u in data.units:
        by_group.setdefault(u.group, []).append(u.unit_id)
    for u in data.units:
        row = []
        if trend is not None and u.unit_id in trend.index:
            for i, value in enumerate(trend.loc[u.unit_id]):
                if value == value:  # NaN: not reported, no figure
                    cells[("w", u.unit_id, i)] = float(value)
                    row.append(("w", u.unit_id, i))
        rows[u.unit_id] = row
    for u in data.units:
        cells[("c", u.unit_id)] = u.standing.actual
        row = rows[u.unit_id]
        if main.kind == FLOW:
            sums.append((("c", u.unit_id), row))
        elif row:
            sums.append((("c", u.unit_id), [row[-1]]))  # a stock's total is its latest week
    for group, standing in data.groups.items():
        if standing.this_week is not None:
            cells[("dw", group)] = standing.this_week
        cells[("dc", group)] = standing.actual
    for i in range(len(weeks)):  # the administration's week (the overview's series): always shown
        sums.append((None, [("w", u.unit_id, i) for u in data.units]))
    for group, members in by_group.items():
        if at is not None:
            sums.append((("dw", group), [("w", m, at) for m in members]))
        sums.append((("dc", group), [("c", m) for m in members]))
    sums.append((None, [("c", u.unit_id) for u in data.units]))
    sums.append((None, [("dc", g) for g in data.groups]))
    sums.append((None, [("dw", g) for g in data.groups]))
    return suppress(cells, sums, threshold)
