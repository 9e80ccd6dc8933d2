"""What the report needs from the plan, worked out once per plan object.

``read_plan`` returns the same ``Plan`` object for unchanged bytes, so every pass of a
watcher shares it. The main measure's targets by unit and week, their total per week and
last year's figures depend on the plan alone: they are computed for the first report and
reused by every later one, like the back-planned targets themselves
(``backplan.targets``). Weeks are integer indexes into ``plan.weeks``: hashing and
comparing ``IsoWeek`` objects was most of the report's arithmetic at 1,000 units.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.plan.backplan import targets
from pipeline.plan.model import Plan
from pipeline.weeks import IsoWeek, weeks_in_year


@dataclass(frozen=True)
class Planned:
    """The plan's side of one measure's report, by week index (0 = ``plan.first_week``)."""

    weeks: tuple[IsoWeek, ...]
    weights: tuple[float, ...]
    targets: dict[str, tuple[float | None, ...]]  # unit -> target (cumulative, or level) per week
    plan_total: tuple[float, ...]  # per week: every goal's target summed (by pandas, as before)
    last_year: dict[IsoWeek, float]  # last year's week -> the units' figures summed, in plan order
    # per last-year figure, in plan order: the index of the same week this year (None when that
    # week is not in the period), and the value; None when the measure has no last-year figures
    last_year_rows: tuple[tuple[int | None, float], ...] | None

    def offset(self, week: IsoWeek) -> int:
        """The week's index; below 0 or past the last index for a week outside the period."""
        return week - self.weeks[0]


def planned(plan: Plan, measure: str) -> Planned:
    """``Planned`` for ``measure``, computed once per plan object and measure (and kept with the plan
    in its cache for the main measure, see ``session``)."""
    return plan.derived(("planned", measure), lambda plan: planned_for(plan, measure))


def planned_for(plan: Plan, measure: str) -> Planned:
    """``Planned`` for ``measure``, worked out from the plan."""
    weeks = tuple(plan.weeks)
    index = {w: i for i, w in enumerate(weeks)}
    table = targets(plan)
    tg = table[table["measure"] == measure]
    by_unit: dict[str, list[float | None]] = {}
    for unit, week, target in zip(
        tg["unit"].tolist(), tg["week"].tolist(), tg["target"].tolist(), strict=True
    ):
        by_unit.setdefault(unit, [None] * len(weeks))[index[week]] = target  # a later row wins, as in a dict
    total = tg.groupby("week")["target"].sum()
    last: dict[IsoWeek, float] = {}
    rows: list[tuple[int | None, float]] = []
    for y in plan.last_year:
        if y.measure == measure:
            last[y.week] = last.get(y.week, 0.0) + y.value
            rows.append((_next_year_index(y.week, index), y.value))
    return Planned(
        weeks=weeks,
        weights=tuple(plan.weight(w) for w in weeks),
        targets={unit: tuple(values) for unit, values in by_unit.items()},
        plan_total=tuple(float(total.get(w, 0.0)) for w in weeks),
        last_year=last,
        last_year_rows=tuple(rows) if rows else None,
    )


def _next_year_index(week: IsoWeek, index: dict[IsoWeek, int]) -> int | None:
    # the week of the period whose "same week last year" is ``week`` (pace.same_week_last_year)
    if week.week > weeks_in_year(week.year + 1):
        return None
    return index.get(IsoWeek(week.year + 1, week.week))
