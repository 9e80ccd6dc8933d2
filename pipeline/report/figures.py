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
* **Agenda** (blockers and actions): every action in this week's reports that
  has a blocker, has status "blocked", or is past its due week and not done.
  An action stuck (a blocker or status "blocked") for 2 or more weeks in a row
  is an escalation. Escalations come first, then blocked, then overdue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from pipeline.config import Settings
from pipeline.plan.model import FLOW, LOWER, Plan
from pipeline.plan.pace import Outlook, month_by_month, outlook, same_week_last_year, unit_pace
from pipeline.weeks import IsoWeek

AHEAD, ON_TRACK, BEHIND = "ahead", "on_track", "behind"
ESCALATION, BLOCKED, OVERDUE = "escalation", "blocked", "overdue"
AGENDA_ORDER = {ESCALATION: 0, BLOCKED: 1, OVERDUE: 2}


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
        return self.gap / self.target if self.target else None

    @property
    def needed(self) -> float:
        diff = self.next_target - self.actual
        return max(0.0, -diff if self.direction == LOWER else diff)

    @property
    def share_of_goal(self) -> float | None:
        return self.actual / self.goal if self.goal else None

    @property
    def status(self) -> str:
        margin = self.tolerance * abs(self.target)
        if self.gap > margin:
            return AHEAD
        if self.gap < -margin:
            return BEHIND
        return ON_TRACK


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


def deadline(week: IsoWeek, settings: Settings) -> datetime:
    """When a report for ``week`` is due: the configured weekday and time in the next week."""
    weekday, hour, minute = settings.deadline
    day = (week + 1).day(weekday)
    return datetime(day.year, day.month, day.day, hour, minute)


def default_week(plan: Plan, submissions: pd.DataFrame, today: datetime) -> IsoWeek:
    """The latest week with data, or (with no data yet) the current week within the period."""
    if len(submissions):
        return max(IsoWeek.parse(w) for w in submissions["week"].unique())
    return min(max(IsoWeek.of(today), plan.first_week), plan.last_week)


def build(
    plan: Plan,
    targets: pd.DataFrame,
    figures: pd.DataFrame,
    submissions: pd.DataFrame,
    actions: pd.DataFrame,
    log: list,
    week: IsoWeek,
    settings: Settings,
    generated: datetime,
) -> ReportData:
    """Computes every table of the report for ``week``."""
    main = plan.measure(plan.main_measure)
    weeks = plan.weeks
    upto = [w for w in weeks if w <= week]
    after = week + 1 if week < plan.last_week else plan.last_week
    tol = settings.on_track_tolerance

    fig = figures[figures["measure"] == main.id].copy()
    fig["week"] = _weeks(fig["week"])
    tg = targets[targets["measure"] == main.id]
    target_at = dict(
        zip(zip(_list(tg["unit"]), _list(tg["week"]), strict=True), _list(tg["target"]), strict=True)
    )
    value_at = dict(
        zip(zip(_list(fig["unit"]), _list(fig["week"]), strict=True), _list(fig["value"]), strict=True)
    )

    def actual(unit: str) -> float:
        if main.kind == FLOW:
            return float(sum(value_at.get((unit, w), 0.0) for w in upto))
        reported = [w for w in upto if (unit, w) in value_at]
        return float(value_at[(unit, reported[-1])]) if reported else plan.goal_for(unit, main.id).baseline

    standings: dict[str, Standing] = {}
    for unit in plan.units:
        goal = plan.goal_for(unit.id, main.id)
        if goal is None:
            continue
        standings[unit.id] = Standing(
            this_week=value_at.get((unit.id, week)),
            actual=actual(unit.id),
            target=target_at.get((unit.id, week), 0.0),
            goal=goal.goal,
            next_target=target_at.get((unit.id, after), goal.goal) if week < plan.last_week else goal.goal,
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

    subs = submissions.copy()
    subs["week"] = _weeks(subs["week"])
    this_subs = subs[subs["week"] == week]
    received_at = dict(zip(_list(this_subs["unit"]), _list(this_subs["received_at"]), strict=True))
    due = deadline(week, settings)
    acts = actions.copy()
    acts["week"] = _weeks(acts["week"])
    this_acts = acts[acts["week"] == week]
    flags_of: dict[str, list] = {}
    for unit_id, flag in zip(_list(this_acts["unit"]), _list(this_acts["acted"]), strict=True):
        if not pd.isna(flag):
            flags_of.setdefault(unit_id, []).append(flag)

    rows = []
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
        rows.append(UnitRow(unit.id, unit.name, unit.group, standings[unit.id], acted, reported))

    unit_weeks: dict[str, dict[IsoWeek, float]] = {}
    for (unit_id, w), value in value_at.items():
        unit_weeks.setdefault(unit_id, {})[w] = value
    total_outlook = None
    unit_outlooks: dict[str, Outlook] = {}
    group_outlooks: dict[str, Outlook] = {}
    if main.kind == FLOW and main.direction != LOWER:
        paces = {u: unit_pace(plan, unit_weeks.get(u, {}), week, settings.pace_weeks) for u in standings}
        total_outlook = outlook(plan, paces, total.actual, total.goal, week, tol)
        unit_outlooks = {
            u: outlook(plan, {u: pace}, standings[u].actual, standings[u].goal, week, tol)
            for u, pace in paces.items()
        }
        for g, standing in groups.items():
            members = {u: paces[u] for u in members_of.get(g, []) if u in paces}
            group_outlooks[g] = outlook(plan, members, standing.actual, standing.goal, week, tol)
    this_year: dict[IsoWeek, float] = {}
    for (_, w), value in value_at.items():
        this_year[w] = this_year.get(w, 0.0) + value
    last: dict[IsoWeek, float] = {}
    for y in plan.last_year:
        if y.measure == main.id:
            last[y.week] = last.get(y.week, 0.0) + y.value

    return ReportData(
        pace_weeks=settings.pace_weeks,
        outlook=total_outlook,
        unit_outlooks=unit_outlooks,
        group_outlooks=group_outlooks,
        months=month_by_month(plan, this_year, last, week) if last else None,
        plan=plan,
        week=week,
        generated=generated,
        total=total,
        last_year_to_date=_last_year_to_date(plan, main.id, upto),
        units=rows,
        groups=groups,
        series=_series(plan, main.id, tg, fig, week),
        blockers=_agenda(plan, acts, week),
        trend=_trend(plan, value_at, [r.unit_id for r in rows], upto),
        missing=_missing(plan, subs, week),
        data=_data(plan, figures, week),
        log=log,
    )


def _list(column: pd.Series) -> list:
    """A column's values as a plain list (iterating a string column item by item is slow)."""
    return column.tolist()


def _weeks(texts: pd.Series) -> pd.Series:
    """``2026-W07`` texts as IsoWeek values, each distinct text parsed once."""
    parsed = {text: IsoWeek.parse(text) for text in texts.unique()}
    return texts.map(parsed.__getitem__) if len(texts) else texts.map(IsoWeek.parse)


def _last_year_to_date(plan: Plan, measure: str, upto: list[IsoWeek]) -> float | None:
    if not any(y.measure == measure for y in plan.last_year):
        return None
    wanted = {same_week_last_year(w) for w in upto} - {None}
    return float(sum(y.value for y in plan.last_year if y.measure == measure and y.week in wanted))


def _series(plan: Plan, measure: str, tg: pd.DataFrame, fig: pd.DataFrame, week: IsoWeek) -> pd.DataFrame:
    plan_cum = tg.groupby("week")["target"].sum()
    per_week = fig.groupby("week")["value"].sum()
    last = {}
    for y in plan.last_year:
        if y.measure == measure:
            last[y.week] = last.get(y.week, 0.0) + y.value
    rows, actual_cum, last_cum = [], 0.0, 0.0
    for w in plan.weeks:
        actual_cum += float(per_week.get(w, 0.0))
        previous = same_week_last_year(w)
        last_cum += last.get(previous, 0.0) if previous else 0.0
        rows.append(
            {
                "week": w,
                "actual": actual_cum if w <= week else None,
                "plan": float(plan_cum.get(w, 0.0)),
                "last_year": last_cum if last else None,
            }
        )
    return pd.DataFrame(rows)


def _trend(plan: Plan, value_at: dict, units: list[str], upto: list[IsoWeek]) -> pd.DataFrame:
    """Units (in department order) x weeks up to the report week; NaN where a unit did not report."""
    group_of = {u: plan.unit(u).group for u in units}
    by_group: dict[str, list[str]] = {}
    for u in units:
        by_group.setdefault(group_of[u], []).append(u)
    order = [u for g in plan.groups for u in by_group.get(g, [])]
    placed = set(order)
    order += [u for u in units if u not in placed]
    rows = [[value_at.get((u, w), float("nan")) for w in upto] for u in order]
    return pd.DataFrame(rows, index=order, columns=upto, dtype=float)


def _due(text: object) -> IsoWeek | None:
    try:
        return IsoWeek.parse(text) if text else None
    except ValueError:
        return None


def _agenda(plan: Plan, acts: pd.DataFrame, week: IsoWeek) -> pd.DataFrame:
    """This week's actions leadership must act on: escalations, then blocked, then overdue."""
    columns = ["reason", "group", "unit", "name", "action", "owner", "due", "overdue", "status", "blocker"]
    columns.append("weeks_in_row")
    acts = acts.assign(
        blocker=acts["blocker"].fillna("").astype(str),
        status=acts["status"].fillna("").astype(str),
        key=acts["action"].fillna("").astype(str).str.strip().str.casefold(),
    )
    stuck = acts[(acts["blocker"].str.strip() != "") | (acts["status"] == "blocked")]
    keys = set(zip(_list(stuck["unit"]), _list(stuck["key"]), _list(stuck["week"]), strict=True))
    rows = []
    for r in acts[acts["week"] == week].itertuples():
        streak, w = 0, week
        while (r.unit, r.key, w) in keys:
            streak += 1
            w = w - 1
        due = _due(r.due)
        overdue = due is not None and due < week and r.status != "done"
        if streak >= 2:
            reason = ESCALATION
        elif streak == 1:
            reason = BLOCKED
        elif overdue:
            reason = OVERDUE
        else:
            continue
        unit = plan.unit(r.unit)
        rows.append(
            [
                reason,
                unit.group if unit else "",
                r.unit,
                unit.name if unit else r.unit,
                r.action,
                r.owner,
                due,
                overdue,
                r.status,
                r.blocker,
                streak,
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame["rank"] = frame["reason"].map(AGENDA_ORDER)
    frame = frame.sort_values(
        ["rank", "weeks_in_row", "group", "unit"], ascending=[True, False, True, True], kind="stable"
    )
    return frame.drop(columns="rank").reset_index(drop=True)


def _missing(plan: Plan, subs: pd.DataFrame, week: IsoWeek) -> pd.DataFrame:
    reported = set(subs[subs["week"] == week]["unit"])
    latest: dict[str, IsoWeek] = {}  # unit -> its latest week before ``week``, in one pass
    for unit_id, w in zip(_list(subs["unit"]), _list(subs["week"]), strict=True):
        if w < week and (unit_id not in latest or latest[unit_id] < w):
            latest[unit_id] = w
    rows = []
    for unit in plan.units:
        if unit.id in reported:
            continue
        rows.append([unit.id, unit.name, unit.group, latest.get(unit.id)])
    return pd.DataFrame(rows, columns=["unit", "name", "group", "last_week"])


def _data(plan: Plan, figures: pd.DataFrame, week: IsoWeek) -> pd.DataFrame:
    this = figures[figures["week"] == str(week)]
    rows = []
    for r in this.itertuples():
        unit, measure = plan.unit(r.unit), plan.measure(r.measure)
        rows.append(
            {
                "week": str(week),
                "week_start": datetime.combine(week.monday(), datetime.min.time()),
                "group": unit.group if unit else "",
                "unit": r.unit,
                "name": unit.name if unit else "",
                "measure": r.measure,
                "measure_name": measure.name if measure else "",
                "value": r.value,
                "received": datetime.fromisoformat(r.received_at),
                "file": r.file,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "week",
            "week_start",
            "group",
            "unit",
            "name",
            "measure",
            "measure_name",
            "value",
            "received",
            "file",
        ],
    )
    return frame.sort_values(["unit", "measure"], kind="stable")
