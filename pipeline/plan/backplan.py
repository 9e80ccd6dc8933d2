"""Back-planning: from the goal at the end of the period to a target for every week.

Pure functions, no I/O: a ``Plan`` in, a table of targets out.

The rule, for one unit and measure:

* The goal at the last week, and every hand-set milestone, is a *pin*.
  Between two pins the change is spread over the weeks in proportion to the
  calendar's capacity weights, so a summer week with weight 0.3 gets 30 % of
  a normal week's share, and a week with weight 0 gets none.
* A flow measure starts from 0 before the first week, and its target is
  cumulative: ``target(w) = pin_before + (pin_after - pin_before) *
  weights_to_date / weights_in_segment``.
* A stock measure starts from its baseline, and its target is a level path
  to the goal, by the same formula. "Lower is better" needs nothing special:
  the path simply goes down.
* When every pin is a whole number, each target is rounded half up, after
  the exact (fractional) computation. Rounding the cumulative path, not the
  weekly steps, means nothing drifts: the weekly targets sum exactly to the
  goal, and they never go negative when the path never falls.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import floor

import pandas as pd

from pipeline.plan.model import FLOW, Plan
from pipeline.weeks import IsoWeek

TARGET_COLUMNS = ["unit", "measure", "week", "target", "weekly"]


def path(
    weights: list[float],
    start: float,
    pins: dict[int, float],
    whole: bool | None = None,
) -> list[float]:
    """Target for each week, interpolated between pins by capacity weights.

    Args:
        weights: capacity weight of each week of the period (>= 0).
        start: the value before the first week (0 for a flow, the baseline for a stock).
        pins: week index -> target at that week. Must include the last index.
        whole: round to whole numbers; by default, when start and every pin are whole.

    Returns:
        One target per week.
    """
    last = len(weights) - 1
    if last not in pins:
        raise ValueError("the last week must be pinned to the goal")
    return list(_path(tuple(weights), start, tuple(sorted(pins.items())), whole))


@lru_cache(maxsize=4096)
def _exact(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10**9)


@lru_cache(maxsize=256)
def _shares(weights: tuple[float, ...]) -> tuple[tuple[int, int], ...]:
    """Each week's exact share of one segment's change, as (numerator, denominator), the last 1/1.

    The computation is exact: the weights as the fractions they were written as, so a
    share that is exactly one half is one half, and rounding is the same on every machine.
    """
    segment = [_exact(w) for w in weights]
    total = sum(segment, Fraction(0))
    running = Fraction(0)
    out = []
    for offset, weight in enumerate(segment):
        running += weight
        if offset == len(segment) - 1:
            share = Fraction(1)
        elif total == 0:
            share = Fraction(0)
        else:
            share = running / total
        out.append((share.numerator, share.denominator))
    return tuple(out)


@lru_cache(maxsize=8192)
def _path(
    weights: tuple[float, ...], start: float, pins: tuple[tuple[int, float], ...], whole: bool | None
) -> tuple[float, ...]:
    """``path`` for hashable arguments, cached: many goals share the same weights and pins.

    Exact arithmetic on integers: a target is ``before + (pin - before) * n / d`` for the
    segment's share ``n / d``. Whole numbers are rounded half up on that exact value.
    """
    exact_pins = [(i, _exact(v)) for i, v in pins]
    exact_start = _exact(start)
    if whole is None:
        whole = all(p.denominator == 1 for p in [exact_start, *(v for _, v in exact_pins)])
    out: list[float] = []
    before_index, before_value = -1, exact_start
    for pin_index, pin_value in exact_pins:
        shares = _shares(weights[before_index + 1 : pin_index + 1])
        diff = pin_value - before_value
        if whole and before_value.denominator == 1 and diff.denominator == 1:
            # floor(before + diff * n / d + 1/2), in integers
            b, c = before_value.numerator, diff.numerator
            out.extend(float(b + (2 * c * n + d) // (2 * d)) for n, d in shares)
        elif whole:
            half = Fraction(1, 2)
            out.extend(float(floor(before_value + diff * Fraction(n, d) + half)) for n, d in shares)
        else:
            out.extend(float(before_value + diff * Fraction(n, d)) for n, d in shares)
        before_index, before_value = pin_index, pin_value
    return tuple(out)


def split_goal(goal: float, shares: list[float | None]) -> list[float]:
    """Splits a group's goal across its units by their shares.

    Units without a share split what the others leave equally (all without a
    share: an equal split). A whole-number goal gives whole numbers by the
    largest-remainder method, so the parts always sum exactly to the goal.
    """
    given = sum(s for s in shares if s is not None)
    blanks = sum(1 for s in shares if s is None)
    rest = max(0.0, 1.0 - given) if given else 1.0
    weights = [
        Fraction(s).limit_denominator(10**6)
        if s is not None
        else Fraction(rest).limit_denominator(10**6) / blanks
        for s in shares
    ]
    total = sum(weights, Fraction(0))
    if total == 0:
        weights, total = [Fraction(1)] * len(shares), Fraction(len(shares))
    exact = [Fraction(goal).limit_denominator(10**9) * w / total for w in weights]
    if Fraction(goal).limit_denominator(10**9).denominator != 1:
        return [float(e) for e in exact]
    parts = [floor(e) for e in exact]
    left = int(goal) - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return [float(p) for p in parts]


def targets(plan: Plan) -> pd.DataFrame:
    """Weekly targets for every unit and measure that has a goal (computed once per plan object).

    Returns:
        Columns ``unit, measure, week, target, weekly``; ``week`` holds IsoWeek
        values in period order; ``target`` is cumulative for a flow and a level
        for a stock; ``weekly`` is the change from the week before (for a flow,
        the week's own target). The table is shared by every caller with the
        same plan: read it, do not change it in place.
    """
    return plan.derived("targets", _targets)


def _targets(plan: Plan) -> pd.DataFrame:
    weeks = plan.weeks
    index = {w: i for i, w in enumerate(weeks)}
    weights = tuple(plan.weight(w) for w in weeks)
    milestones: dict[tuple[str, str], dict[int, float]] = {}
    for m in plan.milestones:
        if m.week in index:
            milestones.setdefault((m.unit, m.measure), {})[index[m.week]] = m.target
    measures = {m.id: m for m in plan.measures}
    units: list[str] = []
    measure_ids: list[str] = []
    target_values: list[float] = []
    weekly_values: list[float] = []
    for goal in plan.goals:
        measure = measures.get(goal.measure)
        if measure is None:
            continue
        start = 0.0 if measure.kind == FLOW else goal.baseline
        pins = dict(milestones.get((goal.unit, goal.measure), {}))
        pins[len(weeks) - 1] = goal.goal
        values = path(list(weights), start, pins)
        units.append(goal.unit)
        measure_ids.append(goal.measure)
        target_values.extend(values)
        weekly_values.extend(b - a for a, b in zip([start, *values[:-1]], values, strict=True))
    n = len(weeks)
    return pd.DataFrame(
        {
            "unit": pd.Series(units, dtype=object).repeat(n).to_numpy(),
            "measure": pd.Series(measure_ids, dtype=object).repeat(n).to_numpy(),
            "week": pd.Series(weeks * len(units), dtype=object).to_numpy(),
            "target": pd.Series(target_values, dtype=float).to_numpy(),
            "weekly": pd.Series(weekly_values, dtype=float).to_numpy(),
        },
        columns=TARGET_COLUMNS,
    )


def target_at(table: pd.DataFrame, week: IsoWeek) -> pd.DataFrame:
    """Targets at one week, one row per unit and measure."""
    return table[table["week"] == week]
