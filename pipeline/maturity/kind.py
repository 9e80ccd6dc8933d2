"""The maturity template kind: one respondent's self-assessment of their unit, for one occasion.

What the core asks of a kind (``pipeline.intake.kinds.TemplateKind``), for the
maturity template: ``validate_maturity`` checks it; a newer file from the same
respondent (same occasion and unit, the name however cased or spaced) replaces the
older one; its answers go to the ledger's maturity tables (``pipeline.ledger.maturity``);
and an ingest pass that accepted answers for an occasion writes that occasion's workbook.
"""

from __future__ import annotations

from datetime import date

from pipeline.intake.read import Template
from pipeline.maturity.model import KIND_MATURITY, MaturityResponse, respondent_key
from pipeline.maturity.validate import validate_maturity
from pipeline.model import FileRecord, Problem


class Maturity:
    """The maturity self-assessment (``pl_template_kind`` = ``maturity``)."""

    name = KIND_MATURITY

    def validate(self, template: Template, plan, today: date, folder: str):
        return validate_maturity(template, plan, None, folder)  # occasions are not tied to the calendar

    def accept(self, submission: MaturityResponse, problems: list[Problem], ledger, plan):
        from pipeline.ledger.maturity import current_response_file

        key = respondent_key(submission.respondent)
        return problems, current_response_file(ledger, submission.occasion, submission.unit, key)

    def store(
        self, ledger, file_id: int, sha256: str, received_at: str, submission: MaturityResponse, problems
    ) -> None:
        from pipeline.ledger.maturity import store_response

        answer = (
            submission.occasion,
            submission.unit,
            submission.respondent,
            respondent_key(submission.respondent),
        )
        store_response(
            ledger, file_id, sha256, received_at, answer, submission.scores, submission.justifications
        )

    def replaced(self, ledger, record: FileRecord) -> str:
        from pipeline.ledger.maturity import replaced_response_file

        return replaced_response_file(ledger, record.id)

    def counts(self, ledger, record: FileRecord) -> bool:
        return True  # an answer sent again is always a duplicate (its table keeps one row per bytes)

    def stored(self, ledger, record: FileRecord) -> MaturityResponse:
        from pipeline.ledger.maturity import stored_response

        (occasion, unit, respondent), scores, justifications = stored_response(ledger, record)
        return MaturityResponse(occasion, unit, respondent, scores, justifications)

    def claimed(self, record: FileRecord) -> None:
        return None  # a rejected answer is not stored: its receipt lists its problems only

    def receipt_identity(self, submission: MaturityResponse) -> list[tuple[str, str]]:
        return [("receipt.occasion", submission.occasion), ("receipt.respondent", submission.respondent)]

    def receipt_stored(self, submission: MaturityResponse, plan):
        return "receipt.col.dimension", [
            (d.name, submission.scores.get(d.id)) for d in plan.maturity_dimensions
        ]

    def reports_after(self, ctx, records: list[FileRecord]) -> list:
        from pipeline.maturity import run

        accepted = {r.week for r in records if r.outcome == "accepted" and r.kind == self.name}
        return [
            (f"the maturity report {o.id}", lambda o=o: run.report(ctx, o.id))
            for o in ctx.plan.maturity_occasions
            if o.id in accepted
        ]


MATURITY = Maturity()
