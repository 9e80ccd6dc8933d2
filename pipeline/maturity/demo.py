"""The demo's maturity step: two occasions, several respondents per unit, so the change is visible.

Every unit answers the first occasion (a tertial ago) and the second (now),
one to three people each, filling in the template with openpyxl as Excel would
save it. Levels rise a little between the occasions; one unit's respondents
disagree strongly on one dimension (a high spread), and one file has a level of
7 and is rejected with a receipt.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.intake.ingest import PassResult, ingest
from pipeline.maturity import run as maturity
from pipeline.maturity.example import WEEKS_BETWEEN_OCCASIONS
from pipeline.maturity.fill import fill_maturity
from pipeline.maturity.template import maturity_template_name

# unit -> starting level; E03 and E07 (behind on the weekly goal) are less mature
START = {"E01": 3, "E02": 2, "E03": 2, "E04": 3, "E05": 2, "E06": 2, "E07": 1, "E08": 3}
NAMES = ("Anna", "Bo", "Cecilia")
NOTES = {
    "sv": (
        "Vi har börjat men det sitter inte i väggarna än.",
        "Fungerar i vardagen.",
        "Saknas helt hos oss.",
    ),
    "en": ("We have started, but it is not yet how we work.", "Works day to day.", "Missing entirely here."),
}


def run_maturity_demo(
    root: Path, now: datetime, language: str = "sv"
) -> tuple[Path | None, list[PassResult]]:
    """Simulates the plan's first two occasions in the workspace ``root``; returns the maturity
    workbook of the second and the ingest passes."""
    from pipeline.commands import load  # imported here: pipeline.commands imports pipeline.maturity.run

    ctx = load(root)
    plan = ctx.plan
    occasions = plan.maturity_occasions[:2]
    if len(occasions) < 2:
        return None, []
    rng = random.Random(8)
    notes = NOTES.get(language, NOTES["sv"])
    passes, path = [], None
    for index, occasion in enumerate(occasions):
        maturity.templates(ctx, occasion.id)
        when = now - timedelta(weeks=WEEKS_BETWEEN_OCCASIONS) if index == 0 else now
        for unit in plan.units:
            if not occasion.includes(unit.id):
                continue
            template = ctx.workspace.templates / maturity_template_name(unit, occasion, language)
            for n, name in enumerate(NAMES[: 1 + (sum(map(ord, unit.id)) + index) % 3]):
                scores = {}
                for d, dim in enumerate(plan.maturity_dimensions):
                    level = START.get(unit.id, 2) + index * (d % 3 != 2) + rng.choice((-1, 0, 0, 1))
                    if unit.id == "E05" and d == 6 and index == 1:
                        level = 1 + 3 * n  # the management team does not share a picture here
                    scores[dim.id] = max(1, min(5, level))
                justifications = {
                    dim.id: notes[(d + n) % len(notes)] for d, dim in enumerate(plan.maturity_dimensions)
                }
                out = ctx.workspace.inbox / f"{unit.id}_{name}_{occasion.id.replace(' ', '-')}.xlsx"
                fill_maturity(template, out, respondent=name, scores=scores, justifications=justifications)
        if index == 1:
            first = plan.units[1]
            fill_maturity(
                ctx.workspace.templates / maturity_template_name(first, occasion, language),
                ctx.workspace.inbox / "maturity_level_7.xlsx",
                respondent="Dan",
                scores={d.id: 7 if i == 0 else 3 for i, d in enumerate(plan.maturity_dimensions)},
                justifications={d.id: notes[1] for d in plan.maturity_dimensions},
            )
        passes.append(ingest(ctx.workspace, plan, ctx.settings, when, settle_seconds=0))
        path = maturity.report(ctx, occasion.id)
    return path, passes
