"""Each unit's standing for its template of a week, from the report's own figures.

One computation: the report built for the week before W (``figures.build``) already holds,
per unit, the actual to date before W (``Standing.actual``), the target at W
(``Standing.next_target``) and what W must bring (``Standing.needed``, never below 0).
Nothing here computes a target a second way.
"""

from __future__ import annotations

import math

from pipeline.config import Settings
from pipeline.report.figures import ReportData, deadline
from pipeline.template.standing import UnitStanding
from pipeline.weeks import IsoWeek


def unit_standings(data: ReportData, week: IsoWeek, settings: Settings) -> dict[str, UnitStanding]:
    """Every unit's standing for its template of ``week``, by unit id.

    Args:
        data: the report built for ``week - 1`` from the ledger as it is now.
        week: the week the template is for (W).

    Returns:
        For each unit with a goal: target to date at W, the actual to date through W - 1 (None if
        the unit has no counted figure before W), needed in W = max(0, target at W - actual), the
        deadline of W and the folder to drop the file in. Held figures (of weeks before W) are
        listed, not counted.
    """
    due = deadline(week, settings)
    trend = data.trend
    out = {}
    for row in data.units:
        s = row.standing
        has_figures = (
            trend is not None
            and row.unit_id in trend.index
            and any(not math.isnan(v) for v in trend.loc[row.unit_id].tolist())
        )
        held = tuple((h.week, h.value) for h in data.held if h.unit_id == row.unit_id and h.week < week)
        folder = f"inbox/{row.unit_id}/" if settings.per_unit_folders else "inbox/"
        out[row.unit_id] = UnitStanding(
            week=week,
            target=s.next_target,
            actual=s.actual if has_figures else None,
            needed=s.needed if has_figures else None,
            due=due,
            folder=folder,
            held=held,
        )
    return out
