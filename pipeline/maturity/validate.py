"""Validates a filled maturity template and turns it into a ``MaturityResponse``.

The same machinery as the weekly template: every problem is collected, each
with a stable code, its cell, the value found and facts for the message.
Scores must be whole levels 1–5; text such as ``"tre"`` is ``not-a-number``,
``7`` or ``2,5`` is ``score-out-of-range``. Numbers stored as text (``"3"``)
are read as numbers, as in the weekly template. A score that is not finite
(``inf``, ``nan``: a numeric cell can hold one) is ``score-out-of-range`` too,
shown as text; a score cell that shows an Excel error (``#N/A``) is ``error-value``.
"""

from __future__ import annotations

from datetime import date

from pipeline.intake.read import Template
from pipeline.intake.validate import cell_text, check_identity, parse_number, shown_number, template_kind
from pipeline.maturity.model import KIND_MATURITY, LEVELS, TEMPLATE_VERSION, MaturityResponse
from pipeline.maturity.template import DIMENSION_IDS, JUSTIFICATIONS, NAMES, OCCASION, RESPONDENT, SCORES
from pipeline.model import ERROR, Problem
from pipeline.plan.model import Plan
from pipeline.template import names

REQUIRED_NAMES = tuple(NAMES)


def validate_maturity(
    template: Template, plan: Plan, today: date | None = None, folder: str = ""
) -> tuple[MaturityResponse | None, list[Problem]]:
    """Checks a maturity template against the plan's dimensions and occasions.

    Args:
        template: the opened file; its ``pl_template_kind`` is ``maturity``.
        plan: the programme with its maturity model.
        today: unused (occasions are not tied to the calendar); kept so that both
            template kinds are validated with the same call.
        folder: the inbox folder the file came from; a unit's own folder must match its unit.

    Returns:
        The response (None when there is any error) and every problem found.
    """
    problems = check_identity(template, plan, REQUIRED_NAMES, TEMPLATE_VERSION)
    if problems:
        return None, problems

    unit_cell = template.cell(names.UNIT)
    unit = cell_text(unit_cell)
    if plan.unit(unit) is None:
        problems.append(Problem("unknown-unit", unit_cell.address, unit))
    elif plan.unit(folder) is not None and unit != folder:
        problems.append(Problem("unit-folder-mismatch", unit_cell.address, unit, facts={"folder": folder}))

    occasion_cell = template.cell(OCCASION)
    occasion = next((o for o in plan.maturity_occasions if o.id == cell_text(occasion_cell)), None)
    if occasion is None:
        known = ", ".join(o.id for o in plan.maturity_occasions)
        problems.append(
            Problem(
                "unknown-occasion", occasion_cell.address, cell_text(occasion_cell), facts={"known": known}
            )
        )
    elif plan.unit(unit) is not None and not occasion.includes(unit):
        problems.append(
            Problem("unit-not-participating", unit_cell.address, unit, facts={"occasion": occasion.id})
        )

    respondent_cell = template.cell(RESPONDENT)
    respondent = " ".join(cell_text(respondent_cell).split())
    if not respondent:
        problems.append(Problem("respondent-missing", respondent_cell.address))

    ids = [row[0] for row in template.cells(DIMENSION_IDS)]
    scores = [row[0] for row in template.cells(SCORES)]
    notes = [row[0] for row in template.cells(JUSTIFICATIONS)]
    rows = {cell_text(i): (s, j) for i, s, j in zip(ids, scores, notes, strict=False) if cell_text(i)}
    values: dict[str, float] = {}
    justifications: dict[str, str] = {}
    for dim in plan.maturity_dimensions:
        if dim.id not in rows:
            problems.append(Problem("missing-row", facts={"measure": dim.name}))
            continue
        score_cell, note_cell = rows[dim.id]
        facts = {"measure": dim.name}
        note = cell_text(note_cell)
        if dim.justification_required and not note:
            problems.append(Problem("justification-missing", note_cell.address, facts=facts))
        if note:
            justifications[dim.id] = note
        if score_cell.error:
            problems.append(Problem("error-value", score_cell.address, score_cell.error, facts=facts))
            continue
        if score_cell.blank:
            problems.append(Problem("score-missing", score_cell.address, facts=facts))
            continue
        number, code = parse_number(score_cell.value)
        if code:
            problems.append(Problem(code, score_cell.address, cell_text(score_cell), facts=facts))
        elif number not in LEVELS:  # nan and inf are in no level either
            shown = shown_number(number, score_cell)
            problems.append(Problem("score-out-of-range", score_cell.address, shown, facts=facts))
        else:
            values[dim.id] = number

    if any(p.severity == ERROR for p in problems):
        return None, problems
    return MaturityResponse(occasion.id, unit, respondent, values, justifications), problems


def is_maturity(template: Template) -> bool:
    """Whether an opened template is a maturity template (and not a weekly one)."""
    return template_kind(template) == KIND_MATURITY
