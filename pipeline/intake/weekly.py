"""The weekly template kind: a unit's figures and actions for one ISO week.

What the core asks of a kind (``pipeline.intake.kinds.TemplateKind``), for the
weekly report: ``validate`` checks it cell by cell; ``accept`` adds the implausible-
figure warnings (they need the ledger; a figure confirmed before is not flagged again)
and names the file of the same unit and week that it supersedes; the ledger stores its
figures (``Ledger.store_submission``), each implausible one held.
"""

from __future__ import annotations

from datetime import date

from pipeline.intake.read import Template
from pipeline.intake.validate import validate
from pipeline.ledger.confirmations import largest_values
from pipeline.model import FileRecord, Problem, Submission
from pipeline.template.names import KIND_WEEKLY
from pipeline.weeks import IsoWeek


class Weekly:
    """The weekly report (``pl_template_kind`` = ``weekly``)."""

    name = KIND_WEEKLY

    def validate(self, template: Template, plan, today: date, folder: str):
        return validate(template, plan, today, folder)

    def accept(self, submission: Submission, problems: list[Problem], ledger, plan):
        from pipeline.intake.plausible import check_plausible, expectations  # the parent's only (pandas)
        from pipeline.ledger.confirmations import is_confirmed

        unit, week = submission.unit, str(submission.week)
        expected = expectations(plan, largest_values(ledger, unit))
        implausible = []
        for problem in check_plausible(submission, expected, plan):
            measure = problem.facts["measure_id"]
            if not is_confirmed(ledger, unit, week, measure, submission.values[measure]):
                implausible.append(problem)
        current = ledger.current_file(unit, week)
        return problems + implausible, current.text if current else ""

    def store(
        self, ledger, file_id: int, sha256: str, received_at: str, submission: Submission, problems
    ) -> None:
        held = frozenset(p.facts["measure_id"] for p in problems if p.code == "implausible-value")
        ledger.store_submission(file_id, sha256, received_at, submission, held)

    def counts(self, ledger, record: FileRecord) -> bool:
        current = ledger.current_file(record.unit, record.week) if record.unit and record.week else None
        return current is not None and current.id == record.id

    def replaced(self, ledger, record: FileRecord) -> str:
        replaced = ledger.replaced_by(record.id)
        return replaced.text if replaced else ""

    def stored(self, ledger, record: FileRecord) -> Submission:
        return Submission(record.unit, IsoWeek.parse(record.week), ledger.stored_values(record.id))

    def claimed(self, record: FileRecord) -> Submission | None:
        if record.unit is None:
            return None
        try:
            week = IsoWeek.parse(record.week) if record.week else None
        except ValueError:
            week = None
        return Submission(record.unit, week, {})

    def receipt_identity(self, submission: Submission) -> list[tuple[str, str]]:
        return [("receipt.week", str(submission.week) if submission.week else "?")]

    def receipt_stored(self, submission: Submission, plan):
        return "receipt.col.measure", [(m.name, submission.values.get(m.id)) for m in plan.measures]

    def reports_after(self, ctx, records: list[FileRecord]) -> list:
        return []  # the leadership workbook, written after every pass, is the core's


WEEKLY = Weekly()
