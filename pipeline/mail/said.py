"""What the terminal says of mail: one line per message, and the latest messages in ``pipeline status``."""

from __future__ import annotations

from pipeline.ledger.messages import SentMessage, recent_messages
from pipeline.ledger.store import Ledger
from pipeline.mail.deliver import MAX_ATTEMPTS, what
from pipeline.strings import Texts, shown_time


def _what(t: Texts, kind: str, week: str, recipient: str) -> str:
    return " ".join(t("mail.cli.what", what=what(kind, week, recipient)).split())  # no unit: one space


def mail_lines(run, t: Texts) -> list[str]:
    """One line per message of ``run``: sent, written (with its file), failed (with when it is
    tried again) or done before."""
    if run.no_recipients:
        where = (
            t("plan.sheet.recipients")
            if run.kind == "digest"
            else f"{t('plan.sheet.units')}!{t('plan.col.email')}"
        )
        return [t("mail.cli.no-recipients", what=_what(t, run.kind, str(run.week), ""), where=where)]
    lines = []
    for item, state, detail, when in run.delivered.lines:
        what = _what(t, item.kind, item.week, item.recipient)
        to = ", ".join(address for _, address in item.to)
        if state == "failed":
            if when:
                again = t("mail.cli.next-try", time=shown_time(when))
            elif when == "":  # a dry run: nothing was tried, nothing is recorded
                again = t("mail.cli.rehearsal-failed")
            else:
                again = t("mail.cli.given-up", n=MAX_ATTEMPTS)
            lines.append(
                t(
                    "mail.cli.line.failed",
                    what=what,
                    to=to,
                    detail=detail,
                    end="" if detail.endswith(("?", "!", ".")) else ".",
                    next_try=again,
                )
            )
        elif state == "unknown":
            lines.append(t("mail.cli.line.unknown", what=what, to=to, detail=detail))
        elif state == "rehearsed":
            lines.append(t("mail.cli.line.rehearsed", what=what, path=detail))
        elif state == "written":
            lines.append(t("mail.cli.line.written", what=what, path=detail))
        elif state == "sent":
            lines.append(t("mail.cli.line.sent", what=what, to=to))
        else:
            lines.append(t("mail.cli.line.skipped", what=what, state=t(f"mail.state.{detail or 'sent'}")))
    if not lines and run.kind != "digest":
        lines.append(t("mail.cli.none-due", week=run.week))
    return lines


def status_lines(ledger: Ledger, t: Texts, limit: int = 8) -> list[str]:
    """The latest messages for ``pipeline status``: when, what, to whom, and how it ended."""
    rows: list[SentMessage] = recent_messages(ledger, limit)
    if not rows:
        return []
    out = [t("mail.status.title")]
    for m in rows:
        what = _what(t, m.kind, m.week, m.recipient)
        out.append(f"  {shown_time(m.updated_at)}  {t(f'mail.state.{m.state}')}: {what} ({m.addresses})")
    return out
