"""The intake's maturity path: what ``pipeline.intake.ingest`` calls for a file whose kind is ``maturity``.

The inbox, claims, receipts, the sha256 duplicate rule and settling are the
ingest's own; only the checks and the ledger tables differ.
"""

from __future__ import annotations

from pipeline.intake.read import Template
from pipeline.intake.validate import ERROR, Problem
from pipeline.maturity.ledger import current_file_text, replaced_file_text, stored_response
from pipeline.maturity.model import MaturityResponse
from pipeline.maturity.validate import is_maturity, validate_maturity
from pipeline.plan.model import Plan

__all__ = ["is_maturity", "judge", "replaced_file_text", "stored_response"]


def judge(
    template: Template, ledger, plan: Plan, folder: str = ""
) -> tuple[str, list[Problem], MaturityResponse | None, str]:
    """Validates a maturity file; returns (outcome, problems, response, the file it replaces)."""
    response, problems = validate_maturity(template, plan, None, folder)
    if response is None or any(p.severity == ERROR for p in problems):
        return "rejected", problems, None, ""
    return "accepted", problems, response, current_file_text(ledger.db, response)
