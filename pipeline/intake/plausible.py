"""Implausible figures: far above what a unit has ever reported, or what its target implies.

The rule (also in the README): a unit's value for a measure is implausible when

    value > max(3 × the unit's largest value of that measure in the ledger,
                3 × the unit's largest weekly target of that measure,
                10)

For a flow measure the weekly target is the week's own target from the
back-planning; for a level (stock) measure it is the target level. The
ledger's largest value counts only the files that count now (superseded ones
are left out). The floor of 10 keeps small units with small targets from being
flagged for an ordinary good week.

An implausible figure is a **warning**: the file is accepted, and the figure is
stored but **held**: it counts in no total, headline, forecast or chart until a
corrected file replaces it or the administrator confirms it (``pipeline confirm``,
``pipeline.ledger.confirmations``). The receipt says so, and the report shows the
held figure on its overview. The rule never rejects a file: a big week can be real.
A figure confirmed before (same unit, week, measure and value) is not flagged again.

Validation stays free of I/O: ``ingest`` builds ``Expectations`` from the
ledger and the plan, and this module only compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pipeline.model import WARNING, Problem, Submission
from pipeline.plan.backplan import targets
from pipeline.plan.model import FLOW, Plan

FACTOR = 3
FLOOR = 10

Key = tuple[str, str]  # (unit id, measure id)


@dataclass(frozen=True)
class Expectations:
    """What a unit's figures are expected to stay below, per (unit, measure).

    Attributes:
        largest: the largest value the unit has reported (files that count now).
        target: the largest weekly target (flow) or target level (stock).
    """

    largest: Mapping[Key, float]
    target: Mapping[Key, float]

    def limit(self, unit: str, measure: str) -> float:
        """The value above which a figure is implausible."""
        key = (unit, measure)
        return max(FACTOR * self.largest.get(key, 0.0), FACTOR * self.target.get(key, 0.0), FLOOR)


def target_scale(plan: Plan, planned: pd.DataFrame | None = None) -> dict[Key, float]:
    """The largest weekly target (flow) or target level (stock) per (unit, measure)."""
    planned = targets(plan) if planned is None else planned
    peaks = planned.groupby(["unit", "measure"], sort=False)[["weekly", "target"]].max()
    out: dict[Key, float] = {}
    for (unit, measure), weekly, target in zip(peaks.index, peaks["weekly"], peaks["target"], strict=True):
        kind = plan.measure(measure).kind if plan.measure(measure) else FLOW
        out[(unit, measure)] = float(weekly if kind == FLOW else target)
    return out


def check_plausible(submission: Submission, expectations: Expectations, plan: Plan) -> list[Problem]:
    """A warning for each figure above its limit (see the module docstring for the rule)."""
    problems = []
    for measure in plan.measures:
        value = submission.values.get(measure.id)
        if value is None:
            continue
        limit = expectations.limit(submission.unit, measure.id)
        if value > limit:
            key = (submission.unit, measure.id)
            problems.append(
                Problem(
                    "implausible-value",
                    submission.cells.get(measure.id, ""),
                    int(value) if float(value).is_integer() else value,
                    severity=WARNING,
                    facts={
                        "measure": measure.name,
                        "measure_id": measure.id,  # which figure is held (``Weekly.store``); never shown
                        "limit": f"{limit:g}",
                        "largest": f"{expectations.largest.get(key, 0):g}",
                        "target": f"{expectations.target.get(key, 0):g}",
                    },
                )
            )
    return problems


def expectations(plan: Plan, largest: Mapping[Key, float]) -> Expectations:
    """Expectations from the ledger's largest values and the plan's targets (computed once per plan)."""
    return Expectations(dict(largest), plan.derived("plausible-scale", target_scale))
