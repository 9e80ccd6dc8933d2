"""The numbers in the leadership workbook, computed from the plan and the ledger (no I/O).

Definitions (the README repeats them for administrators):

* **Actual to date** (flow): the sum of the unit's reported values for the
  weeks up to and including the report week. A week a unit did not report
  adds nothing; it is shown as missing, never as a reported 0.
  For a stock measure: the latest reported level.
* **Target to date**: the back-planned cumulative target (or level) at the report week.
* **Gap**: actual minus target, signed so that a positive gap is always
  ahead of plan (for a "lower is better" measure, target minus actual).
* **Needed this week**: the target at the week after the report week minus
  the actual to date, never below zero: what must come in during the week of
  the meeting to be back on plan. In the last week, the goal minus the actual.
* **Status**: ahead when the gap is above ``on_track_tolerance`` × target,
  behind when it is below minus that, otherwise on track.
* **Groups and total** sum their units' actuals and targets; their "needed
  this week" is computed from those sums (a unit ahead offsets one behind).
* **Last year**: the same ISO week numbers one year earlier, cumulated the same way.
* **Trend**: each unit's reported value of the main measure per week, for the
  weeks of the period up to the report week; a week not reported stays empty.
* **Held figures**: a figure intake found implausible is held (``pipeline.intake.plausible``)
  until a corrected file replaces it or the administrator confirms it: it is in none
  of the sums above (actuals, totals, the headline, pace, forecast, the charts, last
  year's comparison), and the report lists it (``held``) so that nobody is misled by
  its absence either.
* **Agenda** (blockers and actions): every action in this week's reports that
  has a blocker, has status "blocked", or is past its due week and not done.
  An action stuck (a blocker or status "blocked") for 2 or more weeks in a row
  is an escalation. Escalations come first, then blocked, then overdue.

Arithmetic: every figure that counts is a whole number from 0 to
``schema.MAX_VALUE`` (10^9; intake rejects anything else as ``value-too-large``),
so the float64 sums here are exact integers while they stay below 2^53 (about
9 * 10^15, more than nine million unit-weeks at the bound) and cannot overflow.
A ratio with no meaningful value (a target or goal of 0, no reported week, no
remaining weight) is None and shown as an empty cell, never ``#DIV/0!``; every
figure is finite or None. The workbook writer blanks a non-finite number as a
last line of defence (``pipeline.excel.writer``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from pipeline.config import Settings
from pipeline.plan.model import FLOW, LOWER, Plan
from pipeline.plan.pace import (
    Outlook,
    Remaining,
    finite,
    month_by_month,
    outlook,
    pace_over,
    same_week_last_year,
)
from pipeline.report.actions import ActionPlans, action_plans
from pipeline.report.agenda import Streaks, agenda, missing
from pipeline.report.planned import Planned, planned
from pipeline.report.rows import LedgerRows
from pipeline.weeks import IsoWeek

AHEAD, ON_TRACK, BEHIND = "ahead", "on_track", "behind"
DATA_COLUMNS = ["week", "week_start", "group", "unit", "name", "measure", "measure_name", "value"]
DATA_COLUMNS += ["received", "file"]


@dataclass(frozen=True)
class Standing:
    """Where one unit, group or the total stands at the report week."""

    this_week: float | None
    actual: float
    target: float
    goal: float
    next_target: float
    direction: str
    tolerance: float

    @property
    def gap(self) -> float:
        diff = self.actual - self.target
        return -diff if self.direction == LOWER else diff

    @property
    def gap_share(self) -> float | None:
        return finite(self.gap / self.target) if self.target else None

    @property
    def needed(self) -> float:
        diff = self.next_target - self.actual
        return max(0.0, -diff if self.direction == LOWER else diff)

    @property
    def share_of_goal(self) -> float | None:
        return finite(self.actual / self.goal) if self.goal else None

    @property
    def status(self) -> str:
        margin = self.tolerance * abs(self.target)
        if self.gap > margin:
            return AHEAD
        if self.gap < -margin:
            return BEHIND
        return ON_TRACK


@dataclass(frozen=True)
class HeldFigure:
    """A figure that waits for a check: stored, counted nowhere (see the module notes)."""

    unit_id: str
    week: IsoWeek
    measure_id: str
    value: float
    file: str


@dataclass(frozen=True)
class UnitRow:
    unit_id: str
    name: str
    group: str
    standing: Standing
    acted: str | None  # yes | no | partly (some actions acted on, some not)
    reported: str  # on_time | late | missing


@dataclass(frozen=True)
class ReportData:
    """Everything the workbook shows, as plain tables."""

    plan: Plan
    week: IsoWeek
    generated: datetime
    total: Standing
    last_year_to_date: float | None
    units: list[UnitRow]
    groups: dict[str, Standing]
    series: pd.DataFrame  # week, actual, plan, last_year (cumulative, main measure)
    blockers: pd.DataFrame  # the agenda: reason, group, unit, name, action, owner, due, ...
    missing: pd.DataFrame  # unit, name, group, last_week
    data: pd.DataFrame  # long format, this week's figures
    log: list  # FileRecord, newest first
    outlook: Outlook | None = None  # pace and forecast of the total (flow measures)
    unit_outlooks: dict[str, Outlook] = field(default_factory=dict)  # by unit id
    group_outlooks: dict[str, Outlook] = field(default_factory=dict)  # by group name
    months: pd.DataFrame | None = None  # this year vs last year per month
    pace_weeks: int = 4
    trend: pd.DataFrame | None = None  # unit id x IsoWeek -> weekly value, NaN = not reported
    waiting: list = field(
        default_factory=list
    )  # (place, since, reason): waited waiting_alert_minutes or more
    held: list[HeldFigure] = field(default_factory=list)  # oldest week first
    plans: ActionPlans | None = None  # every unit's actions, by department (``actions``)


def deadline(week: IsoWeek, settings: Settings) -> datetime:
    """When a report for ``week`` is due: the configured weekday and time in the next week."""
    weekday, hour, minute = settings.deadline
    day = (week + 1).day(weekday)
    return datetime(day.year, day.month, day.day, hour, minute)


def default_week(plan: Plan, latest: IsoWeek | None, today: datetime) -> IsoWeek:
    """The latest week with data (``latest``), or (with no data yet) the current week within the period."""
    if latest is not None:
        return latest
    return min(max(IsoWeek.of(today), plan.first_week), plan.last_week)


def build(plan: Plan, rows: LedgerRows, week: IsoWeek, settings: Settings, generated: datetime) -> ReportData:
    """Computes every table of the report for ``week`` from the ledger's rows (``source.read_rows``).

    Weeks are integer indexes into the period (``planned``); the plan's side (targets, last
    year) is computed once per plan. Every sum adds the same numbers in the same order as
    the definitions above, so the workbook is byte-identical for the same ledger and week.
    """
    main = plan.measure(plan.main_measure)
    p = planned(plan, main.id)
    weeks = p.weeks
    at = p.offset(week)  # the report week's index (outside 0..n-1 for a week outside the period)
    n_upto = min(max(at + 1, 0), len(weeks))  # weeks 0 .. n_upto-1 are up to the report week
    upto = list(weeks[:n_upto])
    tol = settings.on_track_tolerance

    value_at: dict[str, dict[int, float]] = {}  # unit -> week index -> value (main measure)
    this_year: dict[int, float] = {}  # week index -> every unit's value, summed in ledger order
    offsets: dict[str, int] = {}  # week text -> index, each text parsed once
    for unit_id, text, value in rows.main:
        i = offsets.get(text)
        if i is None:
            i = offsets[text] = p.offset(IsoWeek.parse(text))
        value_at.setdefault(unit_id, {})[i] = value
        this_year[i] = this_year.get(i, 0.0) + value

    def actual(unit: str, values: dict[int, float]) -> float:
        if main.kind == FLOW:
            return float(sum(values[i] for i in range(n_upto) if i in values))
        reported = [i for i in range(n_upto) if i in values]
        return float(values[reported[-1]]) if reported else plan.goal_for(unit, main.id).baseline

    standings: dict[str, Standing] = {}
    for unit in plan.units:
        goal = plan.goal_for(unit.id, main.id)
        if goal is None:
            continue
        values = value_at.get(unit.id, {})
        planned_targets = p.targets.get(unit.id)
        standings[unit.id] = Standing(
            this_week=values.get(at),
            actual=actual(unit.id, values),
            target=_target(planned_targets, at, 0.0),
            goal=goal.goal,
            next_target=_target(planned_targets, at + 1, goal.goal) if week < plan.last_week else goal.goal,
            direction=main.direction,
            tolerance=tol,
        )

    def combine(members: list[str]) -> Standing:
        parts = [standings[m] for m in members if m in standings]
        this_week = [p.this_week for p in parts if p.this_week is not None]
        return Standing(
            this_week=sum(this_week) if this_week else None,
            actual=sum(p.actual for p in parts),
            target=sum(p.target for p in parts),
            goal=sum(p.goal for p in parts),
            next_target=sum(p.next_target for p in parts),
            direction=main.direction,
            tolerance=tol,
        )

    members_of: dict[str, list[str]] = {}
    for u in plan.units:
        members_of.setdefault(u.group, []).append(u.id)
    groups = {g: combine(members_of.get(g, [])) for g in plan.groups}
    total = combine([u.id for u in plan.units])

    received_at = rows.received
    due = deadline(week, settings)
    flags_of: dict[str, list] = {}
    for unit_id, *_, acted, _status, _blocker in rows.week_actions:
        if acted is not None:
            flags_of.setdefault(unit_id, []).append(acted)

    unit_rows = []
    for unit in plan.units:
        if unit.id not in standings:
            continue
        if unit.id in received_at:
            received = datetime.fromisoformat(received_at[unit.id])
            reported = "on_time" if received <= due else "late"
        else:
            reported = "missing"
        flags = flags_of.get(unit.id, [])
        acted = (
            None
            if not flags
            else ("yes" if all(f == 1 for f in flags) else "no" if all(f == 0 for f in flags) else "partly")
        )
        unit_rows.append(UnitRow(unit.id, unit.name, unit.group, standings[unit.id], acted, reported))

    total_outlook = None
    unit_outlooks: dict[str, Outlook] = {}
    group_outlooks: dict[str, Outlook] = {}
    if main.kind == FLOW and main.direction != LOWER:
        recent = list(range(n_upto))[-settings.pace_weeks :]
        paces = {u: pace_over(value_at.get(u, {}), recent, p.weights) for u in standings}
        remaining = Remaining.after(plan, week)
        total_outlook = outlook(plan, paces, total.actual, total.goal, week, tol, remaining)
        unit_outlooks = {
            u: outlook(plan, {u: pace}, standings[u].actual, standings[u].goal, week, tol, remaining)
            for u, pace in paces.items()
        }
        for g, standing in groups.items():
            members = {u: paces[u] for u in members_of.get(g, []) if u in paces}
            group_outlooks[g] = outlook(plan, members, standing.actual, standing.goal, week, tol, remaining)
    by_week = {weeks[i]: value for i, value in this_year.items() if 0 <= i < len(weeks)}

    return ReportData(
        pace_weeks=settings.pace_weeks,
        outlook=total_outlook,
        unit_outlooks=unit_outlooks,
        group_outlooks=group_outlooks,
        months=month_by_month(plan, by_week, p.last_year, week) if p.last_year else None,
        plan=plan,
        week=week,
        generated=generated,
        total=total,
        last_year_to_date=_last_year_to_date(p, n_upto),
        units=unit_rows,
        groups=groups,
        series=_series(p, rows.main, offsets, week),
        blockers=agenda(plan, rows, week, streaks := Streaks(rows.stuck, week)),
        plans=action_plans(plan, list(rows.plans), week, streaks),
        trend=_trend(plan, value_at, [r.unit_id for r in unit_rows], upto),
        missing=missing(plan, rows),
        data=_data(plan, rows.week_figures, week),
        log=rows.log,
        held=[HeldFigure(u, IsoWeek.parse(w), m, v, f) for u, w, m, v, _, f in rows.held],
        waiting=[
            w
            for w in rows.waiting
            if (generated - datetime.fromisoformat(w[1])).total_seconds()
            >= settings.waiting_alert_minutes * 60
        ],
    )


def _target(targets: tuple[float | None, ...] | None, i: int, default: float) -> float:
    """A unit's planned target at week index ``i``; ``default`` outside the period or without one."""
    if targets is None or not 0 <= i < len(targets) or targets[i] is None:
        return default
    return targets[i]


def _last_year_to_date(p: Planned, n_upto: int) -> float | None:
    # last year's figures for the same ISO weeks as the first n_upto weeks, summed in plan order
    if p.last_year_rows is None:
        return None
    return float(sum(value for i, value in p.last_year_rows if i is not None and i < n_upto))


def _series(
    p: Planned, main: list[tuple[str, str, float]], offsets: dict[str, int], week: IsoWeek
) -> pd.DataFrame:
    """Cumulative actual, plan and last year per week of the period (the overview's chart)."""
    values = pd.Series([value for _, _, value in main], dtype=float)
    weeks = np.fromiter((offsets[text] for _, text, _ in main), dtype=np.int64, count=len(main))
    per_week = values.groupby(weeks).sum() if main else values  # pandas' sum, as before: same bits
    rows, actual_cum, last_cum = [], 0.0, 0.0
    for i, w in enumerate(p.weeks):
        actual_cum += float(per_week.get(i, 0.0))
        previous = same_week_last_year(w)
        last_cum += p.last_year.get(previous, 0.0) if previous else 0.0
        rows.append(
            {
                "week": w,
                "actual": actual_cum if w <= week else None,
                "plan": p.plan_total[i],
                "last_year": last_cum if p.last_year else None,
            }
        )
    return pd.DataFrame(rows)


def _trend(
    plan: Plan, value_at: dict[str, dict[int, float]], units: list[str], upto: list[IsoWeek]
) -> pd.DataFrame:
    """Units (in department order) x weeks up to the report week; NaN where a unit did not report."""
    group_of = {u: plan.unit(u).group for u in units}
    by_group: dict[str, list[str]] = {}
    for u in units:
        by_group.setdefault(group_of[u], []).append(u)
    order = [u for g in plan.groups for u in by_group.get(g, [])]
    placed = set(order)
    order += [u for u in units if u not in placed]
    nan, indexes = float("nan"), range(len(upto))
    rows = [[values.get(i, nan) for i in indexes] for values in (value_at.get(u, {}) for u in order)]
    return pd.DataFrame(rows, index=order, columns=upto, dtype=float)


def _data(plan: Plan, figures: list[tuple[str, str, float, str, str]], week: IsoWeek) -> pd.DataFrame:
    """This week's figures of every measure, long format, by unit and measure."""
    text, start = str(week), datetime.combine(week.monday(), datetime.min.time())
    rows = []
    for unit_id, measure_id, value, received_at, file in figures:
        unit, measure = plan.unit(unit_id), plan.measure(measure_id)
        rows.append(
            {
                "week": text,
                "week_start": start,
                "group": unit.group if unit else "",
                "unit": unit_id,
                "name": unit.name if unit else "",
                "measure": measure_id,
                "measure_name": measure.name if measure else "",
                "value": value,
                "received": datetime.fromisoformat(received_at),
                "file": file,
            }
        )
    frame = pd.DataFrame(rows, columns=DATA_COLUMNS)
    return frame.sort_values(["unit", "measure"], kind="stable")
