"""Reading and checking ``plan.xlsx``: every problem named with its sheet and cell, all at once.

The layout is ``pipeline.plan.workbook.SHEETS`` (the writer follows it too). Sheet
names and column headers are accepted in Swedish or English. A plan read before is
not read again while its bytes are the same (``read_plan``).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PlanError
from pipeline.excel.a1 import column_letters
from pipeline.maturity import planfile as maturity_sheets
from pipeline.plan.backplan import split_goal
from pipeline.plan.cells import PlanReader
from pipeline.plan.checks import check_every_unit_has_goal, check_milestones, shares_fit
from pipeline.plan.model import (
    Goal,
    LastYear,
    Measure,
    Milestone,
    Plan,
    PlannedAction,
    Unit,
)
from pipeline.plan.workbook import DIRECTIONS, KINDS, PROGRAMME_KEYS, YES_NO
from pipeline.weeks import IsoWeek


def plan_bytes(path: Path) -> bytes:
    """The bytes of ``plan.xlsx``.

    Raises:
        PlanError: the file is missing or cannot be opened.
    """
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlanError(key="error.plan-missing", name=path.name) from None
    except OSError as exc:
        raise PlanError(key="error.plan-unopenable", name=path.name, error=exc) from None


def read_plan(path: Path, language: str = "sv", data: bytes | None = None) -> Plan:
    """Reads and checks ``plan.xlsx`` (``data``: its bytes, when they were read already).

    A session keeps the plan it read while the file's bytes stay the same
    (``pipeline.session.Session.plan``), so a watcher reads an unchanged plan once.

    Raises:
        PlanError: the file cannot be read, or it has problems; ``problems`` lists
            every one of them with its sheet and cell.
    """
    path = Path(path)
    # the cells are read with python-calamine into plain tuples (``cells.Book``): no web of
    # reference cycles is left for the collector, as openpyxl's workbook left (100 MB at 1,000 units)
    return _read_plan(path, language, plan_bytes(path) if data is None else data)


def _read_plan(path: Path, language: str, data: bytes) -> Plan:
    rd = PlanReader(path, language, data)
    t = rd.t

    programme: dict[str, tuple[str, int, object]] = {}
    ws = rd.sheet("programme", True)
    if ws is not None:
        labels = {label.casefold(): key for key in PROGRAMME_KEYS for label in t.both(f"plan.key.{key}")}
        for r, row in enumerate(ws.iter_rows(values_only=True)):
            if row and row[0] is not None and str(row[0]).strip().casefold() in labels:
                value = row[1] if len(row) > 1 else None
                programme[labels[str(row[0]).strip().casefold()]] = (ws.title, r, value)
        for key in PROGRAMME_KEYS:
            if key not in programme or programme[key][2] in (None, ""):
                row = programme[key][1] if key in programme else ws.max_row
                rd.problem(ws.title, row, 1, "missing-value", column=t(f"plan.key.{key}"))
    weeks: dict[str, IsoWeek | None] = {}
    for key in ("first_week", "last_week"):
        if key in programme and programme[key][2] not in (None, ""):
            title, r, value = programme[key]
            weeks[key] = rd.week(title, r, {"v": (1, value)}, "v")
    first, last = weeks.get("first_week"), weeks.get("last_week")
    if first and last and last < first:
        rd.problem(programme["last_week"][0], programme["last_week"][1], 1, "period-order")

    units: list[Unit] = []
    unit_ids: set[str] = set()  # every id written, even on a row with other problems: no cascades
    unit_cells: dict[str, tuple[int, dict]] = {}  # unit id -> its row on Enheter, to name its cells
    unit_sheet = rd.title("units")
    for r, cells in rd.table("units"):
        uid, name = rd.text(unit_sheet, r, cells, "id"), rd.text(unit_sheet, r, cells, "name")
        group = rd.text(unit_sheet, r, cells, "group")
        if uid and uid in unit_ids:
            rd.problem(unit_sheet, r, cells["id"][0], "duplicate-id", value=uid)
        elif uid:
            unit_ids.add(uid)
            unit_cells[uid] = (r, cells)
            share = rd.number(unit_sheet, r, cells, "share", required=False)
            emails = rd.emails(unit_sheet, r, cells)
            if name and group:
                units.append(Unit(uid, name, group, share, emails))
    if not units and not any(p.sheet == unit_sheet for p in rd.problems):
        rd.problem(unit_sheet, 1, 0, "no-units")

    measures: list[Measure] = []
    measure_ids: set[str] = set()
    sheet = rd.title("measures")
    for r, cells in rd.table("measures"):
        mid, name = rd.text(sheet, r, cells, "id"), rd.text(sheet, r, cells, "name")
        kind = rd.choice(sheet, r, cells, "kind", KINDS)
        direction = rd.choice(sheet, r, cells, "direction", DIRECTIONS)
        people = cells.get("counts_people", (0, None))[1] in (None, "")  # not said: counts people (safe)
        people = people or rd.choice(sheet, r, cells, "counts_people", YES_NO) == "yes"
        if mid and mid in measure_ids:
            rd.problem(sheet, r, cells["id"][0], "duplicate-id", value=mid)
        elif mid:
            measure_ids.add(mid)
            if name and kind and direction:
                measures.append(Measure(mid, name, kind, direction, people))

    def unknown_measure(sheet: str, r: int, cells: dict, measure: str) -> None:
        rd.unknown(
            sheet, r, cells["measure"][0], "unknown-measure", measure, rd.title("measures"), measure_ids
        )

    def known(sheet: str, r: int, cells: dict) -> tuple[str | None, str | None]:
        unit, measure = rd.text(sheet, r, cells, "unit"), rd.text(sheet, r, cells, "measure")
        if unit and unit not in unit_ids:
            rd.unknown(sheet, r, cells["unit"][0], "unknown-unit", unit, unit_sheet, unit_ids)
            unit = None
        if measure and measure not in measure_ids:
            unknown_measure(sheet, r, cells, measure)
            measure = None
        return unit, measure

    def in_period(sheet: str, r: int, cells: dict, week: IsoWeek | None) -> bool:
        if week and first and last and not first <= week <= last:
            rd.problem(sheet, r, cells["week"][0], "outside-period", value=week, first=first, last=last)
            return False
        return week is not None

    goals: list[Goal] = []
    goal_rows: list[tuple[int, int]] = []  # per goal: the row and column of the cell that set it
    sheet = rd.title("goals")
    groups = {u.group: [m for m in units if m.group == u.group] for u in units}
    for r, cells in rd.table("goals"):
        named = str(cells.get("unit", (0, ""))[1] or "").strip()
        if named in groups and named not in unit_ids:  # a goal for a whole department
            measure = rd.text(sheet, r, cells, "measure")
            goal = rd.number(sheet, r, cells, "goal")
            if measure and measure not in measure_ids:
                unknown_measure(sheet, r, cells, measure)
            elif measure and goal is not None:
                members = groups[named]
                if not shares_fit(rd, members, unit_cells, (sheet, r, cells)):
                    continue
                parts = split_goal(goal, [m.share for m in members])
                goals.extend(Goal(m.id, measure, part) for m, part in zip(members, parts, strict=True))
                goal_rows.extend((r, cells["unit"][0]) for _ in members)
            continue
        unit, measure = known(sheet, r, cells)
        goal = rd.number(sheet, r, cells, "goal")
        baseline = rd.number(sheet, r, cells, "baseline", required=False) or 0.0
        if unit and measure and goal is not None:
            goals.append(Goal(unit, measure, goal, baseline))
            goal_rows.append((r, cells["unit"][0]))
    seen: dict[tuple[str, str], str] = {}  # (unit, measure) -> the cell that set its goal first
    for g, (r, col) in zip(goals, goal_rows, strict=True):
        if (g.unit, g.measure) in seen:  # named at the row that sets it again, with the first one
            rd.problem(
                sheet, r, col, "goal-twice", value=f"{g.unit}/{g.measure}", first=seen[g.unit, g.measure]
            )
        else:
            seen[g.unit, g.measure] = f"{sheet}!{column_letters(col + 1)}{r + 1}"

    main = programme.get("main_measure", (None, None, None))[2]
    if main is not None and str(main).strip() not in measure_ids and measures:
        title, r, value = programme["main_measure"]
        rd.unknown(title, r, 1, "unknown-measure", value, rd.title("measures"), measure_ids)
    elif main is not None and measures and not any(g.measure == str(main).strip() for g in goals):
        rd.problem(rd.title("goals"), 1, 1, "no-goal", value=str(main).strip())
    elif main is not None and measures:
        check_every_unit_has_goal(rd, units, goals, str(main).strip(), unit_cells)

    weights: dict[IsoWeek, float] = {}
    sheet = rd.title("calendar")
    for r, cells in rd.table("calendar"):
        week = rd.week(sheet, r, cells, "week")
        weight = rd.number(sheet, r, cells, "weight")
        if in_period(sheet, r, cells, week) and weight is not None:
            weights[week] = weight

    def unit_week_numbers(key: str, column: str, week_ok) -> list[tuple]:
        # (unit, measure, week, number, row, cells) of each good row of a sheet keyed by unit, measure, week
        rows, sheet = [], rd.title(key)
        for r, cells in rd.table(key):
            unit, measure = known(sheet, r, cells)
            week = rd.week(sheet, r, cells, "week")
            number = rd.number(sheet, r, cells, column)
            if unit and measure and week_ok(sheet, r, cells, week) and number is not None:
                rows.append((unit, measure, week, number, r, cells))
        return rows

    milestone_rows = unit_week_numbers("milestones", "target", in_period)
    milestones = [Milestone(*row[:4]) for row in milestone_rows]
    check_milestones(rd, milestone_rows, goals, measures)
    last_year = [  # a last-year week may lie outside this year's period
        LastYear(*row[:4])
        for row in unit_week_numbers("last_year", "last_year_value", lambda sheet, r, cells, week: week)
    ]

    actions: list[PlannedAction] = []
    sheet = rd.title("actions")
    for r, cells in rd.table("actions"):
        unit = rd.text(sheet, r, cells, "unit")
        if unit and unit not in unit_ids:
            rd.unknown(sheet, r, cells["unit"][0], "unknown-unit", unit, unit_sheet, unit_ids)
            unit = None
        text = rd.text(sheet, r, cells, "action")
        owner = rd.text(sheet, r, cells, "owner", required=False) or ""
        due = rd.week(sheet, r, cells, "due", required=False)
        if unit and text:
            actions.append(PlannedAction(unit, text, owner, due))

    digest_to: list[tuple[str, str]] = []
    sheet = rd.title("recipients")
    for r, cells in rd.table("recipients"):
        # a line break in the name (Alt+Enter in Excel) is a space: a mail header has one line
        name = " ".join((rd.text(sheet, r, cells, "name", required=False) or "").split())
        addresses = rd.emails(sheet, r, cells)
        if not addresses and not cells.get("email", (0, None))[1]:
            column = cells.get("email", (1, None))[0]
            rd.problem(sheet, r, column, "missing-value", column=t("plan.col.email"))
        digest_to.extend((name, a) for a in addresses if a not in (d[1] for d in digest_to))

    maturity = maturity_sheets.read_sheets(rd, unit_ids, unit_sheet)

    if rd.problems:
        lines = "\n".join(f"  {p}" for p in rd.problems)
        raise PlanError(f"{t('plan.error')} ({path.name}):\n{lines}", rd.problems)
    return Plan(
        programme_id=str(programme["programme_id"][2]).strip(),
        name=str(programme["name"][2]).strip(),
        goal_text=str(programme["goal_text"][2]).strip(),
        main_measure=str(main).strip(),
        first_week=first,
        last_week=last,
        units=tuple(units),
        measures=tuple(measures),
        goals=tuple(goals),
        weights=weights,
        milestones=tuple(milestones),
        last_year=tuple(last_year),
        actions=tuple(actions),
        digest_to=tuple(digest_to),
        **maturity,
    )
