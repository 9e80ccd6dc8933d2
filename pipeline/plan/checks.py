"""Checks that a plan can be right, beyond each cell on its own: a plan that cannot be is refused
with its cell named (``plan.read`` collects these with every other problem).

``rd`` is the plan reader (``plan.cells.PlanReader``): it names the cells and collects the problems.
"""

from __future__ import annotations

from pipeline.plan.model import FLOW, Goal, Measure, Unit


def check_milestones(rd, rows: list[tuple], goals: list[Goal], measures: list[Measure]) -> None:
    """A milestone lies on the way from the start to the goal, in week order: the target curve may
    never turn back (a weekly target below zero for a flow; a level that overshoots the goal and
    returns). For a flow the way runs from 0 to the goal (cumulative); for a level, from the
    baseline to the goal, up or down."""
    goal_of = {(g.unit, g.measure): g for g in goals}
    kind_of = {m.id: m.kind for m in measures}
    sheet, t = rd.title("milestones"), rd.t
    by_goal: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        by_goal.setdefault((row[0], row[1]), []).append(row)
    for key, own in by_goal.items():
        goal = goal_of.get(key)
        if goal is None:
            continue
        start = 0.0 if kind_of.get(key[1]) == FLOW else goal.baseline
        up = goal.goal >= start
        earlier = None  # (week, target) of the latest good milestone before, in week order
        for unit, measure, week, target, r, cells in sorted(own, key=lambda row: row[2]):
            col = cells["target"][0]
            facts = {"value": t.number(target), "week": week, "unit": unit, "measure": measure}
            if (target > goal.goal) if up else (target < goal.goal):
                facts |= {"goal": t.number(goal.goal), "start": t.number(start)}
                rd.problem(sheet, r, col, "milestone-past-goal", **facts)
            elif earlier is not None and ((target < earlier[1]) if up else (target > earlier[1])):
                facts |= {"earlier": t.number(earlier[1]), "earlier_week": earlier[0]}
                rd.problem(sheet, r, col, "milestone-goes-back", **facts)
            else:
                earlier = (week, target)


def shares_fit(rd, members: list[Unit], unit_cells: dict, where: tuple) -> bool:
    """A department's goal is split by its units' shares (``Andel``): together they may not pass 1,
    or the units without a share silently get nothing. ``where``: the goal's (sheet, row, cells)."""
    sheet, r, cells = where
    given = [(m, m.share) for m in members if m.share is not None]
    total = sum(share for _, share in given)
    if total <= 1 + 1e-9:
        return True
    units = rd.title("units")
    parts = " + ".join(
        f"{m.id} {rd.t.number(share)} ({units}!{rd.cell_name(*unit_cells[m.id], 'share')})"
        for m, share in given
    )
    facts = {"value": cells["unit"][1], "parts": parts, "total": rd.t.number(total)}
    rd.problem(sheet, r, cells["unit"][0], "shares-over-one", **facts)
    return False


def check_every_unit_has_goal(rd, units: list[Unit], goals: list[Goal], main: str, unit_cells: dict) -> None:
    """A unit without a goal for the main measure would vanish from the report (its figures in no
    table, no total): an error at the unit's own cell on ``Enheter``."""
    with_goal = {g.unit for g in goals if g.measure == main}
    for unit in units:
        if unit.id not in with_goal:
            r, cells = unit_cells[unit.id]
            facts = {"value": unit.id, "measure": main, "where": rd.title("goals")}
            rd.problem(rd.title("units"), r, cells["id"][0], "unit-without-goal", **facts)
