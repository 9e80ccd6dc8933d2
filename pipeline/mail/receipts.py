"""Receipts by mail (``receipts_by_mail = true``): a unit with an address gets its receipt at once.

The receipt workbook is attached as intake wrote it, and the verdict is the subject
("Godkänd: E03 vecka 47", "Avvisad: 2 fel att rätta"). A file whose unit could not be read has
no known address and gets no mail; its receipt lies beside it as always.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.intake.receipt import headline, receipt_path
from pipeline.mail.compose import XLSX, Body, message
from pipeline.mail.deliver import Outgoing
from pipeline.model import ERROR, FileRecord
from pipeline.plan.model import Plan
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek, WeekError

RECEIPT = "receipt"


def receipt_mail(record: FileRecord, plan: Plan, root: Path, language: str, sender: str, now: datetime):
    """The receipt mail of one settled file, or None when its unit has no address."""
    unit = plan.unit(record.unit) if record.unit else None
    if unit is None or not unit.emails:
        return None
    t = Texts(language)
    try:
        week_no = IsoWeek.parse(record.week).week if record.week else "?"
    except WeekError:
        week_no = "?"
    verdict = headline(record.outcome, record.problems)
    if record.outcome == "rejected":
        errors = sum(1 for p in record.problems if p.severity == ERROR)
        subject = t(f"mail.receipt.subject.rejected.{'1' if errors == 1 else 'n'}", n=errors)
    elif record.outcome == "duplicate":
        subject = t("mail.receipt.subject.duplicate", unit=unit.id, week_no=week_no)
    else:
        key = "warnings" if verdict.endswith("_warnings") else "accepted"
        subject = t(f"mail.receipt.subject.{key}", unit=unit.id, week_no=week_no)
    receipt = receipt_path(root / record.destination, language)
    to = tuple(("", address) for address in unit.emails)

    def build():
        body = Body(language)
        body.para(t("mail.receipt.body", file=record.name))
        body.para(t("mail.footer", programme=plan.name))
        files = [(receipt.name, receipt.read_bytes(), XLSX)] if receipt.is_file() else []
        return message(sender, list(to), subject, body, f"{RECEIPT}/{record.claim}", now, files)

    return Outgoing(RECEIPT, record.week or "", unit.id, to, subject, build, ref=record.claim)
