"""Handing each message over exactly once, on record: begin in the ledger, hand over, finish.

The order is the contract (``pipeline.ledger.messages``):

1. ``begin``: the row is committed as ``sending`` (or the message is skipped: sent before,
   written before, cut short before, or failed and not yet due again);
2. the message is built (only now: a reminder's template is written only when it is sent) and
   handed to the transport;
3. ``finish``: ``sent`` / ``written``, or ``failed`` with when to try again.

A kill between 1 and 3 leaves ``sending``; the next run calls it ``unknown`` and does not send
it again. A connection lost while the message itself was on its way (``SendUncertain``) is
``unknown`` at once, for the same reason: the server may have it. A server that is down or
refuses a message gives ``failed``, tried again after ``BACKOFF_MINUTES`` (5, 15, 60, then
every 3 hours) and given up after ``MAX_ATTEMPTS``: nothing here raises for a mail server, so
the watcher goes on whatever the server does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from pipeline.ledger import messages as record
from pipeline.ledger.store import Ledger
from pipeline.mail.transport import SendFailed, SendUncertain
from pipeline.strings import Phrase, tell
from pipeline.weeks import IsoWeek, WeekError

log = logging.getLogger(__name__)

BACKOFF_MINUTES = (5, 15, 60, 180)
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Outgoing:
    """One message to hand over. ``build`` makes it (called only when it is really sent)."""

    kind: str
    week: str
    recipient: str  # a unit id, or "leadership" for the digest
    to: tuple[tuple[str, str], ...]
    subject: str
    build: Callable[[], EmailMessage]
    ref: str = ""  # a receipt: the file's claim id

    @property
    def stem(self) -> str:
        """The ``.eml`` file's name (ours, never a unit's file name)."""
        return "_".join(p for p in (self.week, self.kind, self.recipient, self.ref[:12]) if p)


@dataclass
class Delivered:
    """What a run did, message by message: (outgoing, state, detail, next try or None)."""

    lines: list[tuple[Outgoing, str, str, str | None]] = field(default_factory=list)
    cut_short: list[record.SentMessage] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line[1] == state)


def what(kind: str, week: str, recipient: str) -> Phrase:
    """A message in words, in the reader's language: "påminnelse E03 v. 47", "veckobrev v. 47"."""
    try:
        week_no: object = IsoWeek.parse(week).week
    except WeekError:
        week_no = week or "?"
    return Phrase(f"mail.what.{kind}", unit=recipient, week_no=week_no)


def next_try(attempts: int, now: datetime) -> str | None:
    """When a message that failed ``attempts`` times is tried again; None: given up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    minutes = BACKOFF_MINUTES[min(attempts - 1, len(BACKOFF_MINUTES) - 1)]
    return (now + timedelta(minutes=minutes)).isoformat(timespec="seconds")


def deliver(
    ledger: Ledger, transport, items: list[Outgoing], now: datetime, retry_any: bool = False
) -> Delivered:
    """Hands over every message of ``items`` that is due, each once. Never raises for the server.

    The caller holds the workspace lock (one sender per workspace). ``retry_any``: a failed
    message is tried again now, whatever its ``next_try`` (``pipeline remind`` by hand).
    """
    stamp = now.isoformat(timespec="seconds")
    done = Delivered(cut_short=record.cut_short(ledger, stamp))
    for cut in done.cut_short:
        tell(log, logging.WARNING, "mail.log.cut-short", what=what(cut.kind, cut.week, cut.recipient))
    addresses = {item: ", ".join(a for _, a in item.to) for item in items}
    for item in items:
        begun = record.begin(
            ledger,
            item.kind,
            item.week,
            item.recipient,
            item.ref,
            addresses[item],
            item.subject,
            stamp,
            retry_any,
        )
        if begun is None:
            had = record.message(ledger, item.kind, item.week, item.recipient, item.ref)
            done.lines.append((item, "skipped", had.state if had else "", None))
            continue
        try:
            built = item.build()
            built.as_bytes()  # what cannot be written as a mail (a sender or address that is not ASCII)
            # fails here, before the hand-over: failed, never a hand-over cut short
        except Exception as exc:  # a bug of ours in one message: that message fails, the others go
            log.exception(
                "could not make the %s of %s to %s",
                item.kind,
                item.week,
                item.recipient,
                extra={
                    "said": (
                        "mail.log.failed",
                        {"what": what(item.kind, item.week, item.recipient), "error": exc},
                    )
                },
            )
            when = next_try(begun.attempts, now)
            record.finish(ledger, begun.id, "failed", stamp, f"{type(exc).__name__}: {exc}", when)
            done.lines.append((item, "failed", f"{type(exc).__name__}: {exc}", when))
            continue
        try:
            detail = transport.send(built, item.stem)
        except SendUncertain as exc:  # lost while the message was on its way: as a kill, never again
            record.finish(ledger, begun.id, "unknown", stamp, str(exc))
            tell(log, logging.WARNING, "mail.log.cut-short", what=what(item.kind, item.week, item.recipient))
            done.lines.append((item, "unknown", str(exc), None))
            continue
        except SendFailed as exc:
            when = next_try(begun.attempts, now)
            record.finish(ledger, begun.id, "failed", stamp, str(exc), when)
            tell(
                log,
                logging.INFO,
                "mail.log.failed",
                what=what(item.kind, item.week, item.recipient),
                error=exc,
            )
            done.lines.append((item, "failed", str(exc), when))
            continue
        record.finish(ledger, begun.id, transport.state, stamp, detail)
        said = "mail.log.sent" if transport.state == "sent" else "mail.log.written"
        tell(log, logging.INFO, said, what=what(item.kind, item.week, item.recipient), to=addresses[item])
        done.lines.append((item, transport.state, detail, None))
    return done


def rehearse(ledger: Ledger, folder_transport, items: list[Outgoing]) -> Delivered:
    """``--dry-run``: every message that a real run would hand over now, written as an ``.eml``
    file and nothing else. Nothing is recorded, so the real run that follows sends them all;
    a message already on record (sent, written, cut short) is shown as done before."""
    done = Delivered()
    for item in items:
        had = record.message(ledger, item.kind, item.week, item.recipient, item.ref)
        if had is not None and had.state in ("sent", "written", "unknown"):
            done.lines.append((item, "skipped", had.state, None))
            continue
        try:
            built = item.build()
            path = folder_transport.send(built, item.stem)
        except Exception as exc:  # the same message would fail in the real run: said, nothing recorded
            done.lines.append((item, "failed", f"{type(exc).__name__}: {exc}", ""))
            continue
        done.lines.append((item, "rehearsed", path, None))
    return done
