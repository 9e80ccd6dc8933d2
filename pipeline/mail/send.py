"""Sending a run of messages through the workspace's transport, on record (``deliver``).

Below ``pipeline.commands``: intake calls ``mail_receipts`` right after a pass, holding the lock.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.ledger.store import Ledger
from pipeline.mail.deliver import Delivered, Outgoing, deliver, rehearse
from pipeline.mail.receipts import receipt_mail
from pipeline.mail.transport import transport_for


def mail_folder(ctx) -> Path:
    """``outbox/mail/``: where messages go as ``.eml`` files without a mail server."""
    return ctx.workspace.outbox / "mail"


def send(ctx, items: list[Outgoing], now: datetime, dry_run: bool, retry_any: bool) -> Delivered:
    """Hands ``items`` over once each (``deliver``) through SMTP, or as ``.eml`` files.

    Raises:
        ConfigError: a mail user is set but ``PIPELINE_MAIL_PASSWORD`` is not.
    """
    with transport_for(ctx.settings, mail_folder(ctx), dry_run) as transport:
        with Ledger(ctx.workspace.ledger_file) as ledger:
            if dry_run:  # written as files, recorded nowhere: the real run still sends every one
                return rehearse(ledger, transport, items)
            return deliver(ledger, transport, items, now, retry_any)


def mail_receipts(ctx, records: list, now: datetime) -> Delivered | None:
    """Receipts by mail for the files just settled (``receipts_by_mail``). The caller holds the lock."""
    if not ctx.settings.receipts_by_mail:
        return None
    s = ctx.settings
    items = [receipt_mail(r, ctx.plan, ctx.workspace.root, s.language, s.mail_sender, now) for r in records]
    items = [item for item in items if item is not None]
    return send(ctx, items, now, dry_run=False, retry_any=False) if items else None
