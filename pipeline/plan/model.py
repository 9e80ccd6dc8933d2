"""The programme as the administrator defines it in ``plan.xlsx``: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.weeks import IsoWeek, week_range

if TYPE_CHECKING:
    from pipeline.maturity.model import Dimension, Occasion

FLOW = "flow"  # counted per week; the goal is the sum over the period
STOCK = "stock"  # a level; the goal is the level at the end of the period
HIGHER = "higher"
LOWER = "lower"


@dataclass(frozen=True)
class Unit:
    """A unit; ``share`` is its part of a goal set for its whole group (department)."""

    id: str
    name: str
    group: str
    share: float | None = None


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    kind: str = FLOW
    direction: str = HIGHER


@dataclass(frozen=True)
class Goal:
    """The goal of one unit for one measure; ``baseline`` is the starting level of a stock."""

    unit: str
    measure: str
    goal: float
    baseline: float = 0.0


@dataclass(frozen=True)
class Milestone:
    """A hand-set target for one week: cumulative for a flow, a level for a stock."""

    unit: str
    measure: str
    week: IsoWeek
    target: float


@dataclass(frozen=True)
class LastYear:
    """Last year's figure for one unit, measure and week (of last year)."""

    unit: str
    measure: str
    week: IsoWeek
    value: float


@dataclass(frozen=True)
class PlannedAction:
    """An action the unit has planned; it is pre-filled in the unit's template."""

    unit: str
    action: str
    owner: str = ""
    due: IsoWeek | None = None


@dataclass(frozen=True)
class Plan:
    """One programme: who, what, how much, and when."""

    programme_id: str
    name: str
    goal_text: str
    main_measure: str
    first_week: IsoWeek
    last_week: IsoWeek
    units: tuple[Unit, ...]
    measures: tuple[Measure, ...]
    goals: tuple[Goal, ...]
    weights: dict[IsoWeek, float] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    last_year: tuple[LastYear, ...] = ()
    actions: tuple[PlannedAction, ...] = ()
    maturity_dimensions: tuple[Dimension, ...] = ()  # the maturity measurement, see pipeline.maturity
    maturity_occasions: tuple[Occasion, ...] = ()

    @property
    def weeks(self) -> list[IsoWeek]:
        return week_range(self.first_week, self.last_week)

    def weight(self, week: IsoWeek) -> float:
        """A week's capacity weight; weeks the calendar does not list weigh 1."""
        return self.weights.get(week, 1.0)

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    @property
    def groups(self) -> list[str]:
        """Group names in the order their first unit appears."""
        return list(dict.fromkeys(u.group for u in self.units))

    def goal_for(self, unit_id: str, measure_id: str) -> Goal | None:
        return next((g for g in self.goals if g.unit == unit_id and g.measure == measure_id), None)

    def total_goal(self, measure_id: str) -> float:
        return sum(g.goal for g in self.goals if g.measure == measure_id)
