"""Validates a filled template and turns it into a ``Submission``.

Every problem is collected, never just the first. Each has a stable
kebab-case code, the cell (``Veckorapport!B9``), the value found, and a
message (from ``pipeline.strings``) that says how to fix it.

Number rules: only safe, explicit conversions.

* A number, or a number stored as text (``"12"``), is taken as it is.
* ``"1 234"`` with a space, no-break space or narrow no-break space between
  groups of three digits is 1234.
* A decimal comma is a decimal point: ``"3,0"`` is 3 (and ``"3,5"`` is not a
  whole number, so it is reported).
* The Unicode minus (``−``) is a minus.
* Anything else (``"5 st"``, ``"ca 10"``, a date, TRUE) is reported, never guessed.
* A figure that is infinite (a numeric cell can hold ``inf``, and a long enough
  string of digits converts to it) or above ``schema.MAX_VALUE`` (10^9) is
  ``value-too-large``; a numeric cell that holds NaN is ``not-a-number``. That check comes before the
  whole-number and sign checks, so ``1e308`` is too large, not "not whole".

Error cells: a named cell that shows an Excel error (``#DIV/0!``, ``#N/A``, ...,
from a formula that fails or typed as such) is ``error-value`` with the error
text as the value found, in a figure, the unit, the week or a choice column of
the actions; in a free-text cell (comment, action text) it is a warning, and the
text is read as empty. It is never ``missing-value``: the unit did type something.

Formulas count by their cached value. A named cell whose formula has no cached
value (the file was never recalculated) is reported as
``formula-not-calculated``, never read as 0 or blank.

Kinds: ``pl_template_kind`` says what a file is, and the worker hands the file to
its kind (``pipeline.intake.kinds``); ``validate`` is the weekly kind's check. A
file whose kind is missing or unknown comes here too (the weekly kind is the
default), and is reported as ``missing-name`` or ``wrong-template-kind``.
"""

from __future__ import annotations

import math
import re
from datetime import date

from pipeline.intake.layout import moved_fields
from pipeline.intake.read import Cell, Template
from pipeline.model import ERROR, WARNING, ActionReport, Problem, Submission
from pipeline.plan.model import Plan
from pipeline.strings import Texts
from pipeline.template import names
from pipeline.template.names import (
    ACTION_COLUMNS,
    ACTION_STATUSES,
    KIND_WEEKLY,
    MAX_VALUE,
    REQUIRED_NAMES,
    TEMPLATE_VERSION,
)
from pipeline.weeks import IsoWeek, WeekError

_GROUPED = re.compile(r"^-?\d{1,3}([ \u00a0\u202f]\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")
_FREE_TEXT_ACTION_COLUMNS = ("action", "owner", "result", "blocker")


def parse_number(value: object) -> tuple[float | None, str | None]:
    """A cell value as a number, or the problem code that says why it is not one.

    The number may be ``inf`` or ``nan`` (a numeric cell can hold one, and a long
    string of digits converts to ``inf``): ``too_large`` is the check for that.
    """
    if isinstance(value, bool):
        return None, "not-a-number"
    if isinstance(value, int | float):
        try:
            return float(value), None
        except OverflowError:  # an int too large for a float
            return math.inf, None
    if not isinstance(value, str):
        return None, "not-a-number"
    text = value.strip().replace("\u2212", "-")
    if _GROUPED.match(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    if not _PLAIN.match(text):
        return None, "not-a-number"
    return float(text.replace(",", ".")), None


def too_large(number: float) -> bool:
    """Whether a parsed figure is out of bounds: not finite, or above ``MAX_VALUE``."""
    return not math.isfinite(number) or number > MAX_VALUE


def shown_number(number: float, cell: Cell) -> object:
    """A parsed figure as a problem shows it: an int when whole and exact, a float when it has
    decimals, else (huge or not finite) the text as typed, or the number in ``1e+308`` form.

    Never a non-finite float (which would reach the receipt and the ledger's JSON as
    ``inf``), nor a 309-digit int from ``1e308``.
    """
    if math.isfinite(number) and abs(number) < 2**53:
        return int(number) if number.is_integer() else number
    if isinstance(cell.value, str):
        return cell.value.strip()[:40]
    return f"{number:.6g}"


def limit_text() -> str:
    """``MAX_VALUE`` as the messages show it: ``1 000 000 000``."""
    return f"{MAX_VALUE:,}".replace(",", " ")


def cell_text(cell: Cell) -> str:
    """A named cell as text: a whole float as an int ("3", not "3.0"), stripped, "" when empty."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _choice(value: str, options: dict[str, tuple[str, ...]]) -> str | None:
    folded = value.strip().casefold()
    for code, labels in options.items():
        if folded in (label.casefold() for label in labels):
            return code
    return None


def template_kind(template: Template) -> str:
    """The file's ``pl_template_kind`` (``weekly``, ...), or ``""`` when it has none: what
    ``kinds.of_template`` dispatches on, and every kind's own check compares."""
    cell = template.cell(names.KIND)
    return "" if cell is None else cell_text(cell)


def check_identity(template: Template, plan: Plan, required: tuple[str, ...], version: str) -> list[Problem]:
    """The checks every template kind shares: its defined names, its programme and its version.

    Returns:
        The problems found; an empty list when the template may be read further.
    """
    missing = [name for name in required if template.cells(name) is None]
    if missing:
        return [Problem("missing-name", facts={"field": name}) for name in missing]
    problems: list[Problem] = []
    programme = template.cell(names.PROGRAMME)
    if cell_text(programme) != plan.programme_id:
        problems.append(
            Problem(
                "wrong-programme",
                programme.address,
                cell_text(programme),
                facts={"expected": plan.programme_id},
            )
        )
    found = template.cell(names.VERSION)
    if cell_text(found) != version:
        facts = {"expected": version}
        problems.append(Problem("outdated-template", found.address, cell_text(found), facts=facts))
    return problems


def validate(
    template: Template, plan: Plan, today: date, folder: str = ""
) -> tuple[Submission | None, list[Problem]]:
    """Checks a weekly template against the plan.

    Args:
        template: the opened file.
        plan: the programme; it says which units, weeks and measures exist.
        today: the date the file is received; a week after it is "in the future".
        folder: the inbox folder the file came from. A file in a unit's own folder
            (``inbox/E01/``) must be that unit's: one unit's file never changes
            another unit's figures. Other folders and the root decide nothing.

    Returns:
        The submission and every problem found, warnings included. The file may
        be stored only when no problem has severity ``error``. With errors, the
        submission holds only what was read of the header (for the log), or is
        None when not even the unit could be read.
    """
    kind = template.cell(names.KIND)
    if kind is None or template.cell(names.UNIT) is None:
        return None, [Problem("unknown-template")]
    if not cell_text(kind):
        return None, [Problem("unknown-template", kind.address)]
    if cell_text(kind) != KIND_WEEKLY:
        return None, [
            Problem("wrong-template-kind", kind.address, cell_text(kind), facts={"kind": cell_text(kind)})
        ]
    problems = check_identity(template, plan, REQUIRED_NAMES, TEMPLATE_VERSION)
    if problems:
        return None, problems
    t = Texts()
    moved = moved_fields(template)
    if moved:  # every cell would be read from the wrong row: say that, not what the wrong cells hold
        unit = cell_text(template.cell(names.UNIT)) if names.UNIT not in moved else ""
        return (Submission(unit, None, {}) if plan.unit(unit) else None), [
            Problem("rows-moved", facts={"field": t.field(moved[0])})
        ]

    _check_unknown_cells(template, problems, "formula-not-calculated")
    _check_unknown_cells(template, problems, "error-value")
    unit_cell = template.cell(names.UNIT)
    unit = cell_text(unit_cell)
    if unit_cell.uncalculated or unit_cell.error:
        pass
    elif plan.unit(unit) is None:
        problems.append(Problem("unknown-unit", unit_cell.address, unit))
    elif plan.unit(folder) is not None and unit != folder:
        problems.append(Problem("unit-folder-mismatch", unit_cell.address, unit, facts={"folder": folder}))

    week_cell = template.cell(names.WEEK)
    week = _check_week(week_cell, plan, today, problems)

    values: dict[str, float] = {}
    addresses: dict[str, str] = {}
    ids = [row[0] for row in template.cells(names.MEASURE_IDS)]
    cells = [row[0] for row in template.cells(names.VALUES)]
    by_id = {cell_text(id_cell): value_cell for id_cell, value_cell in zip(ids, cells, strict=False)}
    for measure in plan.measures:
        cell = by_id.get(measure.id)
        if cell is None:
            problems.append(Problem("missing-row", facts={"measure": measure.name}))
            continue
        addresses[measure.id] = cell.address
        number = _check_number(cell, measure.name, problems)
        if number is not None:
            values[measure.id] = number

    actions = _check_actions(template.cells(names.ACTIONS), t, problems)
    comment = cell_text(template.cell(names.COMMENT))

    if any(p.severity == ERROR for p in problems) or week is None:
        readable = unit and not unit_cell.uncalculated and not unit_cell.error
        header = Submission(unit, week, {}) if readable else None
        return header, problems
    return Submission(unit, week, values, tuple(actions), comment, addresses), problems


def _check_unknown_cells(template: Template, problems: list[Problem], code: str) -> None:
    # A named input cell whose value is unknown: a formula with no cached value
    # (``formula-not-calculated``), or a cell that shows an Excel error such as #DIV/0!
    # (``error-value``, with the error as the value found). In a figure, the unit, the
    # week or a choice column that is an error; in a free-text cell (comment, action
    # text) the text is read as empty, with a warning.
    found = set()
    for name in REQUIRED_NAMES:
        for row in template.cells(name) or []:
            for column, cell in enumerate(row):
                shown = cell.uncalculated if code == "formula-not-calculated" else cell.error
                if not shown or cell.address in found:
                    continue
                found.add(cell.address)
                free_text = name == names.COMMENT or (
                    name == names.ACTIONS and ACTION_COLUMNS[column] in _FREE_TEXT_ACTION_COLUMNS
                )
                value = cell.error if code == "error-value" else ""
                if free_text:  # read as empty: the advice is about text, not a number
                    problems.append(Problem(code, cell.address, value, WARNING, {"text_cell": True}))
                else:
                    problems.append(Problem(code, cell.address, value, ERROR))


def _check_week(cell: Cell, plan: Plan, today: date, problems: list[Problem]) -> IsoWeek | None:
    if cell.uncalculated or cell.error:
        return None
    if cell.blank:
        problems.append(Problem("week-missing", cell.address))
        return None
    try:
        week = IsoWeek.parse(cell_text(cell))
    except WeekError:
        problems.append(Problem("week-malformed", cell.address, cell_text(cell)))
        return None
    if not plan.first_week <= week <= plan.last_week:
        problems.append(
            Problem(
                "week-outside-period",
                cell.address,
                str(week),
                facts={"first": str(plan.first_week), "last": str(plan.last_week)},
            )
        )
    elif week > IsoWeek.of(today):
        problems.append(Problem("week-in-future", cell.address, str(week)))
    return week  # also a refused one: the rejected file is listed under the week it claims


def _check_number(cell: Cell, measure_name: str, problems: list[Problem]) -> float | None:
    if cell.uncalculated or cell.error:  # reported by _check_unknown_cells
        return None
    if cell.blank:
        problems.append(Problem("missing-value", cell.address, facts={"measure": measure_name}))
        return None
    number, code = parse_number(cell.value)
    if code:
        problems.append(Problem(code, cell.address, cell_text(cell), facts={"measure": measure_name}))
        return None
    shown = shown_number(number, cell)
    if math.isnan(number):  # a numeric cell can hold NaN: it is no number, not "too large"
        problems.append(Problem("not-a-number", cell.address, shown, facts={"measure": measure_name}))
        return None
    if too_large(number):  # before the whole-number check: 1e308 is whole, inf is not
        facts = {"measure": measure_name, "limit": limit_text()}
        problems.append(Problem("value-too-large", cell.address, shown, facts=facts))
        return None
    if not number.is_integer():
        problems.append(Problem("not-whole-number", cell.address, shown, facts={"measure": measure_name}))
        return None
    if number < 0:
        problems.append(Problem("negative-number", cell.address, shown, facts={"measure": measure_name}))
        return None
    return number


def _check_actions(rows: list[list[Cell]], t: Texts, problems: list[Problem]) -> list[ActionReport]:
    yes_no = {True: t.both("yes"), False: t.both("no")}
    statuses = {s: t.both(f"action.{s}") for s in ACTION_STATUSES}
    status_labels = ", ".join(t(f"action.{s}") for s in ACTION_STATUSES)
    out = []
    for index, row in enumerate(rows, start=1):
        cells = dict(zip(ACTION_COLUMNS, row, strict=False))
        if all(c.blank for c in cells.values()):
            continue
        action = cell_text(cells["action"])
        label = action or f"#{index}"
        acted = None
        if cells["acted"].error:
            pass  # error-value, from _check_unknown_cells
        elif cells["acted"].blank:
            if not cells["result"].blank or not cells["blocker"].blank or not cells["status"].blank:
                problems.append(Problem("acted-missing", cells["acted"].address, facts={"action": label}))
        elif isinstance(cells["acted"].value, bool):
            acted = cells["acted"].value
        else:
            acted = _choice(cell_text(cells["acted"]), yes_no)
            if acted is None:
                problems.append(Problem("invalid-acted", cells["acted"].address, cell_text(cells["acted"])))
        status = None
        if not cells["status"].blank:
            status = _choice(cell_text(cells["status"]), statuses)
            if status is None:
                problems.append(
                    Problem(
                        "invalid-status",
                        cells["status"].address,
                        cell_text(cells["status"]),
                        facts={"choices": status_labels},
                    )
                )
        if acted is False and cells["blocker"].blank:
            problems.append(Problem("blocker-missing", cells["blocker"].address, facts={"action": label}))
        if status == "done" and cells["result"].blank:
            problems.append(
                Problem(
                    "done-without-result", cells["result"].address, severity=WARNING, facts={"action": label}
                )
            )
        due = None
        if not cells["due"].blank:
            try:
                due = IsoWeek.parse(cell_text(cells["due"]))
            except WeekError:
                problems.append(Problem("week-malformed", cells["due"].address, cell_text(cells["due"])))
        out.append(
            ActionReport(
                index,
                action,
                cell_text(cells["owner"]),
                due,
                acted,
                status,
                cell_text(cells["result"]),
                cell_text(cells["blocker"]),
            )
        )
    return out
