"""What ``pipeline remind``, ``pipeline digest`` and the watcher call: the week's messages, sent once.

Each function loads the workspace, holds the workspace lock while it sends (one sender per
workspace: ``deliver``'s crash contract rests on it) and returns what it did. Nothing here raises
for a mail server that is down: the message is recorded as failed and tried again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.commands import load, report_data, writing
from pipeline.ledger.messages import failed_due, message
from pipeline.ledger.store import Ledger
from pipeline.mail import rhythm
from pipeline.mail.deliver import Delivered
from pipeline.mail.digest import digest
from pipeline.mail.remind import reminders, unreported
from pipeline.mail.send import mail_receipts, send
from pipeline.strings import Phrase, tell
from pipeline.weeks import IsoWeek

log = logging.getLogger(__name__)


@dataclass
class MailRun:
    """What one run did: the week, the kind, and every message's outcome."""

    week: IsoWeek | None
    kind: str
    delivered: Delivered = field(default_factory=Delivered)
    no_recipients: bool = False


def remind(
    root: Path,
    now: datetime,
    week: IsoWeek | None = None,
    dry_run: bool = False,
    ctx=None,
    by_hand: bool = True,
) -> MailRun:
    """Sends the reminders of ``week`` (default: the week whose reminders are due, see ``rhythm``).

    Before the week's deadline it is the reminder before; after it, the one after. Each unit gets
    each kind once, whatever how often this runs.

    Raises:
        WorkspaceError: ``week`` is outside the programme's period.
    """
    from pipeline.report.unit_standing import unit_standings

    ctx = ctx or load(root)
    plan, settings = ctx.plan, ctx.settings
    week = week or rhythm.reminder_week(plan, settings, now)
    plan.check_week(week, now)
    kind = rhythm.kind_at(week, settings, now)
    run = MailRun(week, kind, no_recipients=not any(u.emails for u in plan.units))
    with writing(ctx, "pipeline remind", now):
        with Ledger(ctx.workspace.ledger_file) as ledger:
            standings = None
            if settings.reminder_status:  # the standing as the unit's own template of the week has it
                standings = unit_standings(report_data(ctx, now, week - 1), week, settings)
            items = reminders(ctx.workspace, settings, plan, ledger, week, kind, now, standings)
        run.delivered = send(ctx, items, now, dry_run, retry_any=by_hand)
    return run


def send_digest(
    root: Path,
    now: datetime,
    week: IsoWeek | None = None,
    dry_run: bool = False,
    ctx=None,
    by_hand: bool = True,
    with_pdf: bool = True,
) -> MailRun:
    """Sends the weekly digest of ``week`` (default: the latest week whose deadline has passed).

    It attaches the leadership workbook of that week, made from the same data as the digest's
    figures, and its PDF when LibreOffice is installed (without it the digest goes without).
    """
    from pipeline.report import archive
    from pipeline.report.workbook import write_report
    from pipeline.service.outbox import report_names

    ctx = ctx or load(root)
    plan, settings = ctx.plan, ctx.settings
    week = week or rhythm.digest_due(plan, settings, now) or min(IsoWeek.of(now) - 1, plan.last_week)
    plan.check_week(week, now)
    run = MailRun(week, "digest", no_recipients=not plan.digest_to)
    if run.no_recipients:
        return run
    with writing(ctx, "pipeline digest", now):
        data = report_data(ctx, now, week)
        state = ctx.workspace.state
        workbook = write_report(data, state / "digest.xlsx", settings.language)
        pdf = None
        if with_pdf:
            try:
                pdf = archive.write_pdf(
                    workbook, state / "digest.pdf", state / "lo-profile", settings.pdf_timeout_seconds
                )
            except archive.ArchiveError as exc:
                tell(log, logging.WARNING, "mail.log.no-pdf", error=Phrase(exc.key, **exc.facts))
        names = (report_names(week, settings.language)[0], archive.pdf_name(week, settings.language))
        item = digest(data, settings.language, settings.mail_sender, workbook, pdf, now, names)
        run.delivered = send(ctx, [item], now, dry_run, retry_any=by_hand)
    return run


def due_now(root: Path, now: datetime, session=None) -> list[MailRun]:
    """The watcher's turn: the reminders and the digest that are due at ``now``. Never raises.

    A message sent before is not sent again, and one that failed is tried again once its
    backoff has passed; so calling this at every poll is what makes "once" and "retry" hold.
    The ledger is asked first, so a poll with nothing due makes no template and takes no lock.
    """
    runs: list[MailRun] = []
    try:
        ctx = load(root, session=session)
        settings, plan = ctx.settings, ctx.plan
        stamp = now.isoformat(timespec="seconds")
        due = rhythm.reminder_due(plan, settings, now) if settings.reminders else None
        digest_week = rhythm.digest_due(plan, settings, now) if settings.digest and plan.digest_to else None
        with Ledger(ctx.workspace.ledger_file) as ledger:

            def pending(kind: str, week: str, recipient: str, ref: str = "") -> bool:
                had = message(ledger, kind, week, recipient, ref)
                return had is None or (
                    had.state == "failed" and had.next_try is not None and had.next_try <= stamp
                )

            remind_now = due is not None and any(
                pending(due[1], str(due[0]), unit.id) for unit, _ in unreported(ledger, plan, due[0])
            )
            digest_now = digest_week is not None and pending("digest", str(digest_week), "leadership")
            retry = [ledger.file_by_claim(m.ref) for m in failed_due(ledger, "receipt", stamp)]
        if remind_now:
            runs.append(remind(root, now, due[0], ctx=ctx, by_hand=False))
        if digest_now:
            runs.append(send_digest(root, now, digest_week, ctx=ctx, by_hand=False))
        if retry and settings.receipts_by_mail:
            with writing(ctx, "pipeline watch (receipts by mail)", now):
                mail_receipts(ctx, [r for r in retry if r is not None], now)
    except Exception:
        log.exception(
            "the scheduled mail could not be sent; the next poll tries again",
            extra={"said": ("mail.log.scheduled-failed", {})},
        )
    return runs


def run_mail(command: str, root: Path, now: datetime, week: IsoWeek | None, dry_run: bool) -> MailRun:
    """``pipeline remind`` or ``pipeline digest``."""
    if command == "remind":
        return remind(root, now, week, dry_run)
    return send_digest(root, now, week, dry_run)
