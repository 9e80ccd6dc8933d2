"""Pace, forecast and last year, month by month. Pure functions: tables in, figures out.

Definitions (the README repeats them):

* **Required pace**: what is left to reach the goal, divided by the remaining
  capacity-weighted weeks (a summer week with weight 0.3 counts as 0.3 of a
  week). It is the number a normal week must bring from now on.
* **Current pace**: per unit, the values reported in the last ``pace_weeks``
  weeks divided by the weights of the weeks it reported. A week a unit did
  not report is left out, not counted as 0. The pace of a group or the total
  is the sum of its units' paces; units with no report in those weeks are
  counted and named as "without data", never as 0.
* **Forecast**: actual to date + current pace x remaining weights. The goal
  week is the first week in which the forecast path reaches the goal, or
  none ("not within the period").
* **Months**: a week belongs to the month that holds its Thursday. This year's
  month is compared with the same ISO weeks one year earlier.

Every figure is finite or None. A ratio with no meaningful value (no reported
week, reported weeks that weigh 0 together, no remaining weight) is None, which
the report shows as an empty cell, never ``#DIV/0!``. With the figures bounded at
intake (``schema.MAX_VALUE``) and the plan's weights finite the results stay
finite; a result that would still not be (weights so small that the division
overflows) is None too, not ``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from pipeline.plan.model import Plan
from pipeline.weeks import IsoWeek, weeks_in_year

AHEAD, ON_TRACK, BEHIND = "ahead", "on_track", "behind"


@dataclass(frozen=True)
class Outlook:
    """Pace and forecast for one unit, group or the total, as of one week (higher is better)."""

    required_pace: float | None
    current_pace: float | None
    forecast: float | None
    goal_week: IsoWeek | None
    status: str | None
    without_data: tuple[str, ...] = ()


def finite(value: float | None) -> float | None:
    """``value``, or None when it is None, ``inf`` or ``nan``."""
    return value if value is not None and math.isfinite(value) else None


def unit_pace(plan: Plan, values: dict[IsoWeek, float], week: IsoWeek, pace_weeks: int) -> float | None:
    """A unit's pace per normal week over its reported weeks among the last ``pace_weeks``."""
    recent = [w for w in plan.weeks if w <= week][-pace_weeks:]
    return pace_over(values, recent, {w: plan.weight(w) for w in recent})


def pace_over(
    values: Mapping[Hashable, float], recent: Sequence[Hashable], weights: Mapping[Hashable, float]
) -> float | None:
    """``unit_pace`` for weeks given by any key (the report uses week indexes): the values
    reported among ``recent`` divided by those weeks' weights; None without a report or weight."""
    reported = [w for w in recent if w in values]
    weight = sum(weights[w] for w in reported)
    if not reported or not weight > 0:  # no report, or only weeks that weigh 0 (or a NaN weight)
        return None
    return finite(sum(values[w] for w in reported) / weight)


@dataclass(frozen=True)
class Remaining:
    """The weeks of the period after the report week and their weights.

    The same for every unit, group and the total of one report, so the report works it out
    once instead of once per outlook (a thousand units made that a measurable cost).
    """

    weeks: tuple[IsoWeek, ...]
    weights: tuple[float, ...]
    total: float  # the weights summed in week order

    @classmethod
    def after(cls, plan: Plan, week: IsoWeek) -> Remaining:
        weeks = tuple(w for w in plan.weeks if w > week)
        weights = tuple(plan.weight(w) for w in weeks)
        return cls(weeks, weights, sum(weights))


def outlook(
    plan: Plan,
    paces: dict[str, float | None],
    actual: float,
    goal: float,
    week: IsoWeek,
    tolerance: float,
    remaining: Remaining | None = None,
) -> Outlook:
    """Pace and forecast for the units in ``paces`` (unit id -> its pace, None without data).

    ``remaining`` is ``Remaining.after(plan, week)``, passed in when many outlooks share it.
    """
    remaining = remaining or Remaining.after(plan, week)
    remaining_weight = remaining.total
    left = max(goal - actual, 0.0)
    required = finite(left / remaining_weight) if remaining_weight > 0 else None
    known = [p for p in paces.values() if p is not None]
    without = tuple(u for u, p in paces.items() if p is None)
    if not known:
        return Outlook(required, None, None, None, None, without)
    pace = sum(known)
    forecast = finite(actual + pace * remaining_weight)
    if forecast is None or not math.isfinite(pace):
        return Outlook(required, finite(pace), None, None, None, without)
    goal_week = week if actual >= goal else None
    running = actual
    for w, weight in zip(remaining.weeks, remaining.weights, strict=True):
        if goal_week is not None:
            break
        running += pace * weight
        if running >= goal - 1e-9:
            goal_week = w
    margin = tolerance * goal
    status = AHEAD if forecast > goal + margin else BEHIND if forecast < goal - margin else ON_TRACK
    return Outlook(required, pace, forecast, goal_week, status, without)


def same_week_last_year(week: IsoWeek) -> IsoWeek | None:
    """The same ISO week number one year earlier; None when that year has no week 53."""
    if week.week > weeks_in_year(week.year - 1):
        return None
    return IsoWeek(week.year - 1, week.week)


def month_by_month(
    plan: Plan, this_year: dict[IsoWeek, float], last_year: dict[IsoWeek, float], week: IsoWeek
) -> pd.DataFrame:
    """This year vs last year per month of the period, up to and including ``week``.

    Returns:
        Columns ``month`` ((year, month)), ``weeks``, ``this_year``, ``last_year``,
        ``won`` (this year above last year).
    """
    rows: dict[tuple[int, int], list] = {}
    for w in plan.weeks:
        if w > week:
            break
        row = rows.setdefault(w.month, [0, 0.0, 0.0])
        row[0] += 1
        row[1] += this_year.get(w, 0.0)
        previous = same_week_last_year(w)
        row[2] += last_year.get(previous, 0.0) if previous else 0.0
    frame = pd.DataFrame(
        [(m, n, a, b) for m, (n, a, b) in rows.items()], columns=["month", "weeks", "this_year", "last_year"]
    )
    frame["won"] = frame["this_year"] > frame["last_year"]
    return frame
