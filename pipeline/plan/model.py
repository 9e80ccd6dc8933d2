"""The programme as the administrator defines it in ``plan.xlsx``: plain frozen data."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from pipeline.weeks import IsoWeek, week_range

if TYPE_CHECKING:
    from pipeline.maturity.model import Dimension, Occasion

T = TypeVar("T")

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
    emails: tuple[str, ...] = ()  # where its reminders (and, if set, its receipts) go: pipeline.mail


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    kind: str = FLOW
    direction: str = HIGHER
    counts_people: bool = True  # its figures count people: small ones are suppressed when published


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
    digest_to: tuple[tuple[str, str], ...] = ()  # (name, address): the weekly digest (pipeline.mail)
    maturity_dimensions: tuple[Dimension, ...] = ()  # the maturity measurement, see pipeline.maturity
    maturity_occasions: tuple[Occasion, ...] = ()

    @property
    def weeks(self) -> list[IsoWeek]:
        return list(self._weeks)

    def derived(self, what: Hashable, make: Callable[[Plan], T]) -> T:
        """``make(self)``, computed once for this plan object and kept with it (and only with it).

        What is worked out from a plan (its weekly targets, the report's planned figures,
        the plausibility scale) lives as long as the plan it was worked out from, so no
        module keeps a cache of its own and nothing is ever stale: a changed ``plan.xlsx``
        is a new ``Plan``. Not pickled (``_INDEXES``): the worker gets the plan without them.
        """
        memo = self.__dict__.setdefault("_derived", {})  # beside cached_property's, outside the fields
        if what not in memo:
            memo[what] = make(self)
        return memo[what]

    @cached_property
    def _weeks(self) -> tuple[IsoWeek, ...]:
        return tuple(week_range(self.first_week, self.last_week))

    def weight(self, week: IsoWeek) -> float:
        """A week's capacity weight; weeks the calendar does not list weigh 1."""
        return self.weights.get(week, 1.0)

    def unit(self, unit_id: str) -> Unit | None:
        return self._unit_index.get(unit_id)

    def measure(self, measure_id: str) -> Measure | None:
        return self._measure_index.get(measure_id)

    @property
    def groups(self) -> list[str]:
        """Group names in the order their first unit appears."""
        return list(dict.fromkeys(u.group for u in self.units))

    def goal_for(self, unit_id: str, measure_id: str) -> Goal | None:
        return self._goal_index.get((unit_id, measure_id))

    # Lookups by id, built on first use (the plan is frozen, so they never go stale). They
    # live in the instance's __dict__, are not fields (equality and repr ignore them) and
    # are left out of pickles. The first of two rows with the same id wins, as in a search.
    _INDEXES = ("_weeks", "_unit_index", "_measure_index", "_goal_index", "_derived")  # not pickled

    @cached_property
    def _unit_index(self) -> dict[str, Unit]:
        out: dict[str, Unit] = {}
        for u in self.units:
            out.setdefault(u.id, u)
        return out

    @cached_property
    def _measure_index(self) -> dict[str, Measure]:
        out: dict[str, Measure] = {}
        for m in self.measures:
            out.setdefault(m.id, m)
        return out

    @cached_property
    def _goal_index(self) -> dict[tuple[str, str], Goal]:
        out: dict[tuple[str, str], Goal] = {}
        for g in self.goals:
            out.setdefault((g.unit, g.measure), g)
        return out

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in self._INDEXES}

    def for_intake(self) -> Plan:
        """The plan without what reading a unit's file and writing its receipt never use.

        Goals, weights, milestones, last year's figures and planned actions are left
        out: at 1,000 units last year alone is 52,000 rows, and this is the plan that
        is pickled to the worker processes (4.2 MB and 0.6 s to a fresh worker before).
        """
        return replace(self, goals=(), weights={}, milestones=(), last_year=(), actions=())

    def check_week(self, week: IsoWeek, now: datetime) -> None:
        """Raises WorkspaceError unless ``week`` is in the period and has started by ``now``."""
        from pipeline.errors import WorkspaceError

        if not self.first_week <= week <= self.last_week:
            raise WorkspaceError(
                key="error.week-outside", week=week, first=self.first_week, last=self.last_week
            )
        if week > IsoWeek.of(now):
            raise WorkspaceError(key="error.week-future", week=week, latest=IsoWeek.of(now))

    def total_goal(self, measure_id: str) -> float:
        return sum(g.goal for g in self.goals if g.measure == measure_id)
