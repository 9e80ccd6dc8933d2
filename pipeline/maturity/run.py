"""What the maturity commands do, given a loaded workspace (``pipeline.commands.Context``)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from pipeline.errors import WorkspaceError
from pipeline.ledger.maturity import RESPONSE_COLUMNS, response_rows
from pipeline.ledger.store import Ledger
from pipeline.maturity.figures import build, latest_occasion
from pipeline.maturity.model import Occasion
from pipeline.maturity.report import report_name, write_maturity_report
from pipeline.maturity.template import write_maturity_templates
from pipeline.plan.model import Plan
from pipeline.service.outbox import publish

log = logging.getLogger(__name__)


def find_occasion(plan: Plan, occasion_id: str) -> Occasion:
    """The plan's occasion ``occasion_id``.

    Raises:
        WorkspaceError: the plan has no such occasion, or no maturity model at all.
    """
    if not plan.maturity_dimensions or not plan.maturity_occasions:
        raise WorkspaceError(
            "plan.xlsx has no maturity model; add the sheets Mognadsdimensioner and Mognadstillfällen "
            "(a new workspace from `pipeline init` has an example)"
        )
    found = next((o for o in plan.maturity_occasions if o.id == occasion_id.strip()), None)
    if found is None:
        known = ", ".join(repr(o.id) for o in plan.maturity_occasions)
        raise WorkspaceError(f"no maturity occasion {occasion_id!r} in plan.xlsx; pick one of {known}")
    return found


def templates(ctx, occasion_id: str) -> list[Path]:
    """Writes one maturity template per participating unit into ``templates/``."""
    occasion = find_occasion(ctx.plan, occasion_id)
    return write_maturity_templates(ctx.plan, occasion, ctx.workspace.templates, ctx.settings.language)


def report(ctx, occasion_id: str | None = None) -> Path:
    """Writes the maturity workbook for an occasion (default: the latest with answers) to ``outbox/``.

    Raises:
        WorkspaceError: no such occasion. NoDataError: no answers yet.
    """
    if occasion_id is not None:
        occasion = find_occasion(ctx.plan, occasion_id)
    with Ledger(ctx.workspace.ledger_file) as ledger:
        scores = responses(ledger)
    if occasion_id is None:
        occasion = latest_occasion(ctx.plan, scores)
    figures = build(ctx.plan, scores, occasion)
    language = ctx.settings.language
    staging = write_maturity_report(figures, ctx.workspace.state / "maturity.xlsx", language)
    path = publish(staging, ctx.workspace.outbox / report_name(occasion.id, language))
    log.info("wrote maturity report for %s: %s", occasion.id, path.name)
    return path


def responses(ledger: Ledger) -> pd.DataFrame:
    """Every score that counts, one row per dimension (``RESPONSE_COLUMNS``), in the order received."""
    return pd.DataFrame.from_records(response_rows(ledger), columns=RESPONSE_COLUMNS, coerce_float=True)
