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

from pipeline.errors import WorkspaceError
from pipeline.ledger.store import Ledger
from pipeline.mail import rhythm
from pipeline.mail.deliver import Delivered, Outgoing, deliver
from pipeline.mail.digest import digest
from pipeline.mail.receipts import receipt_mail
from pipeline.mail.remind import reminders
from pipeline.mail.transport import transport_for
from pipeline.weeks import IsoWeek

log = logging.getLogger(__name__)


@dataclass
class MailRun:
    """What one run did: the week, the kind, and every message's outcome."""

    week: IsoWeek | None
    kind: str
    delivered: Delivered = field(default_factory=Delivered)
    no_recipients: bool = False


def mail_folder(ctx) -> Path:
    """``outbox/mail/``: where messages go as ``.eml`` files without a mail server."""
    return ctx.workspace.outbox / "mail"


def _send(ctx, items: list[Outgoing], now: datetime, dry_run: bool, retry_any: bool) -> Delivered:
    with transport_for(ctx.settings, mail_folder(ctx), dry_run) as transport:
        with Ledger(ctx.workspace.ledger_file) as ledger:
            return deliver(ledger, transport, items, now, retry_any)


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
    from pipeline.commands import load, report_data, writing
    from pipeline.report.unit_standing import unit_standings

    ctx = ctx or load(root)
    plan, settings = ctx.plan, ctx.settings
    week = week or rhythm.reminder_week(plan, settings, now)
    _check_week(plan, week)
    kind = rhythm.kind_at(week, settings, now)
    run = MailRun(week, kind, no_recipients=not any(u.emails for u in plan.units))
    with writing(ctx, "pipeline remind", now):
        with Ledger(ctx.workspace.ledger_file) as ledger:
            standings = None
            if settings.reminder_status:  # the standing as the unit's own template of the week has it
                standings = unit_standings(report_data(ctx, now, week - 1), week, settings)
            items = reminders(ctx.workspace, settings, plan, ledger, week, kind, now, standings)
        run.delivered = _send(ctx, items, now, dry_run, retry_any=by_hand)
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
    from pipeline.commands import load, report_data, writing
    from pipeline.report import archive
    from pipeline.report.workbook import write_report
    from pipeline.service.outbox import report_names

    ctx = ctx or load(root)
    plan, settings = ctx.plan, ctx.settings
    week = week or rhythm.digest_due(plan, settings, now) or min(IsoWeek.of(now) - 1, plan.last_week)
    _check_week(plan, week)
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
                log.warning("the digest goes without its PDF: %s", exc)
        names = (report_names(week, settings.language)[0], archive.pdf_name(week, settings.language))
        item = digest(data, settings.language, settings.mail_sender, workbook, pdf, now, names)
        run.delivered = _send(ctx, [item], now, dry_run, retry_any=by_hand)
    return run


def mail_receipts(ctx, records: list, now: datetime) -> Delivered | None:
    """Receipts by mail for the files just settled (``receipts_by_mail``). The caller holds the lock."""
    if not ctx.settings.receipts_by_mail:
        return None
    s = ctx.settings
    items = [receipt_mail(r, ctx.plan, ctx.workspace.root, s.language, s.mail_sender, now) for r in records]
    items = [item for item in items if item is not None]
    return _send(ctx, items, now, dry_run=False, retry_any=False) if items else None


def due_now(root: Path, now: datetime, session=None) -> list[MailRun]:
    """The watcher's turn: the reminders and the digest that are due at ``now``. Never raises.

    A message sent before is not sent again, and one that failed is tried again once its
    backoff has passed; so calling this at every poll is what makes "once" and "retry" hold.
    """
    from pipeline.commands import load

    runs: list[MailRun] = []
    try:
        ctx = load(root, session=session)
        settings, plan = ctx.settings, ctx.plan
        due = rhythm.reminder_due(plan, settings, now) if settings.reminders else None
        if due and any(u.emails for u in plan.units):
            runs.append(remind(root, now, due[0], ctx=ctx, by_hand=False))
        week = rhythm.digest_due(plan, settings, now) if settings.digest else None
        if week and plan.digest_to:
            with Ledger(ctx.workspace.ledger_file) as ledger:
                from pipeline.ledger.messages import message

                had = message(ledger, "digest", str(week), "leadership")
            if had is None or had.state == "failed":
                runs.append(send_digest(root, now, week, ctx=ctx, by_hand=False))
    except Exception:
        log.exception("the scheduled mail could not be sent; the next poll tries again")
    return runs


def _check_week(plan, week: IsoWeek) -> None:
    if not plan.first_week <= week <= plan.last_week:
        raise WorkspaceError(
            key="mail.error.week-outside", week=week, first=plan.first_week, last=plan.last_week
        )
