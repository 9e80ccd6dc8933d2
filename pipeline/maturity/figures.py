"""The maturity figures: unit levels, spread, the administration's average and the change.

* A unit's level on a dimension is the **mean** of its respondents' scores.
* The **spread** is the highest minus the lowest score within the unit (0 for one
  respondent). On a five-level scale the range reads at a glance ("they answered
  2 to 4"), where a standard deviation of 0.94 does not. A spread of
  ``SPREAD_FLAG`` (2) levels or more is a finding: the group does not yet share a picture.
* The administration's average is the mean of the unit levels, so each unit
  weighs the same however many answered.
* The change is the unit's level now minus at the previous occasion (the
  latest earlier occasion, in the plan's order, that has answers).
* The suggested focus is the ``FOCUS`` dimensions with the lowest average.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.errors import NoDataError
from pipeline.maturity.model import SPREAD_FLAG, Dimension, Occasion
from pipeline.plan.model import Plan, Unit

FOCUS = 3


@dataclass(frozen=True)
class Finding:
    """A unit and dimension whose respondents are far apart."""

    unit: str
    dimension: str
    low: float
    high: float
    respondents: int


@dataclass
class MaturityFigures:
    plan: Plan
    occasion: Occasion
    previous: Occasion | None
    dimensions: tuple[Dimension, ...]
    units: list[Unit]  # every unit taking part, in the plan's order
    level: dict[tuple[str, str], float] = field(default_factory=dict)  # (unit, dimension) -> mean
    spread: dict[tuple[str, str], float] = field(default_factory=dict)
    respondents: dict[str, int] = field(default_factory=dict)  # unit -> number of answers
    average: dict[str, float] = field(default_factory=dict)  # dimension -> mean of the unit levels
    previous_level: dict[tuple[str, str], float] = field(default_factory=dict)
    previous_average: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    answers: pd.DataFrame = field(default_factory=pd.DataFrame)  # this occasion's scores, long format

    @property
    def answered(self) -> list[Unit]:
        return [u for u in self.units if self.respondents.get(u.id)]

    def change(self, unit: str, dimension: str) -> float | None:
        now, then = self.level.get((unit, dimension)), self.previous_level.get((unit, dimension))
        return None if now is None or then is None else now - then

    def average_change(self, dimension: str) -> float | None:
        now, then = self.average.get(dimension), self.previous_average.get(dimension)
        return None if now is None or then is None else now - then

    def unit_average(self, unit: str) -> float | None:
        levels = [self.level[(unit, d.id)] for d in self.dimensions if (unit, d.id) in self.level]
        return sum(levels) / len(levels) if levels else None

    @property
    def focus(self) -> list[Dimension]:
        """The weakest dimensions across the administration, weakest first."""
        ranked = [d for d in self.dimensions if d.id in self.average]
        ranked.sort(key=lambda d: (self.average[d.id], self.dimensions.index(d)))
        return ranked[:FOCUS]

    def lowest_unit(self, dimension: str) -> tuple[Unit, float] | None:
        levels = [
            (self.level[(u.id, dimension)], i, u)
            for i, u in enumerate(self.units)
            if (u.id, dimension) in self.level
        ]
        if not levels:
            return None
        value, _, unit = min(levels, key=lambda x: (x[0], x[1]))
        return unit, value


def _levels(scores: pd.DataFrame) -> tuple[dict, dict, dict, dict]:
    """Unit levels, spreads and respondent counts, and the average per dimension, of one occasion."""
    if scores.empty:
        return {}, {}, {}, {}
    grouped = scores.groupby(["unit", "dimension"])["score"]
    level = {key: float(v) for key, v in grouped.mean().items()}
    spread = {key: float(v) for key, v in (grouped.max() - grouped.min()).items()}
    respondents = {u: int(n) for u, n in scores.groupby("unit")["respondent"].nunique().items()}
    per_dim: dict[str, list[float]] = {}
    for (_, dim), value in level.items():
        per_dim.setdefault(dim, []).append(value)
    average = {dim: sum(v) / len(v) for dim, v in per_dim.items()}
    return level, spread, respondents, average


def latest_occasion(plan: Plan, scores: pd.DataFrame) -> Occasion:
    """The last occasion, in the plan's order, that has answers.

    Raises:
        NoDataError: no maturity answers have been accepted yet.
    """
    with_data = set(scores["occasion"]) if not scores.empty else set()
    found = [o for o in plan.maturity_occasions if o.id in with_data]
    if not found:
        raise NoDataError(
            "no maturity answers yet. Write the templates with: pipeline templates --maturity OCCASION"
        )
    return found[-1]


def build(plan: Plan, scores: pd.DataFrame, occasion: Occasion) -> MaturityFigures:
    """The figures of ``occasion`` from the ledger's current scores (``ledger.responses``)."""
    dims = {d.id for d in plan.maturity_dimensions}
    units = [u for u in plan.units if occasion.includes(u.id)]
    unit_ids = {u.id for u in units}
    scores = scores[scores["dimension"].isin(dims) & scores["unit"].isin({u.id for u in plan.units})]
    now = scores[(scores["occasion"] == occasion.id) & scores["unit"].isin(unit_ids)]
    order = [o.id for o in plan.maturity_occasions]
    earlier = set(scores["occasion"]) & set(order[: order.index(occasion.id)])
    previous = next(
        (o for o in reversed(plan.maturity_occasions[: order.index(occasion.id)]) if o.id in earlier), None
    )
    level, spread, respondents, average = _levels(now)
    figures = MaturityFigures(
        plan, occasion, previous, plan.maturity_dimensions, units, level, spread, respondents, average
    )
    if previous is not None:
        then = scores[(scores["occasion"] == previous.id) & scores["unit"].isin(unit_ids)]
        figures.previous_level, _, _, figures.previous_average = _levels(then)
    if not now.empty:
        grouped = now.groupby(["unit", "dimension"])["score"]
        lows, highs = grouped.min(), grouped.max()
        for u in units:
            for d in plan.maturity_dimensions:
                if spread.get((u.id, d.id), 0) >= SPREAD_FLAG:
                    key = (u.id, d.id)
                    figures.findings.append(
                        Finding(u.id, d.id, float(lows[key]), float(highs[key]), respondents[u.id])
                    )
    figures.answers = now
    return figures
