"""Every message the product sends, on record (migration 8): the ledger's side of ``pipeline.mail``.

A message is recorded as ``sending`` before it is handed to the mail server (or written as an
``.eml`` file) and as ``sent`` or ``written`` after, each in its own committed transaction. One
row per kind, week, recipient and reference (``UNIQUE``), so the same reminder is never made twice.

A row still ``sending`` when the next sender looks was cut short by a kill or a crash while it
was being handed over (every send holds the workspace lock, so no live sender is ever seen): the
server may or may not have it. It becomes ``unknown`` and is not sent again: we err towards one
reminder too few rather than one too many (see the README, "Reminders and digest").

A ``failed`` row (the server refused it, or could not be reached) is tried again once its
``next_try`` has passed; ``next_try`` NULL means it was given up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.ledger.store import Ledger

DONE = ("sent", "written", "unknown", "sending")  # never handed over again


@dataclass(frozen=True)
class SentMessage:
    """One row of ``messages``."""

    id: int
    kind: str
    week: str
    recipient: str
    ref: str
    addresses: str
    subject: str
    state: str
    attempts: int
    created_at: str
    updated_at: str
    next_try: str | None
    detail: str


_COLUMNS = (
    "id, kind, week, recipient, ref, addresses, subject, state, attempts, created_at, updated_at,"
    " next_try, detail"
)


def message(ledger: Ledger, kind: str, week: str, recipient: str, ref: str = "") -> SentMessage | None:
    """The record of one message, if it was ever begun."""
    row = ledger.db.execute(
        f"SELECT {_COLUMNS} FROM messages WHERE kind = ? AND week = ? AND recipient = ? AND ref = ?",
        (kind, week, recipient, ref),
    ).fetchone()
    return SentMessage(*row) if row else None


def begin(
    ledger: Ledger,
    kind: str,
    week: str,
    recipient: str,
    ref: str,
    addresses: str,
    subject: str,
    now: str,
    retry_any: bool = False,
) -> SentMessage | None:
    """Records that a message is about to be handed over; None when it must not be.

    None when it was sent, written, is unknown (a send cut short), or failed and its
    ``next_try`` has not come (``retry_any``: a failed one is tried again whenever asked, as
    ``pipeline remind`` run by hand does; one given up is never tried by the watcher again).
    """
    with ledger.transaction() as db:
        row = db.execute(
            "SELECT id, state, next_try FROM messages"
            " WHERE kind = ? AND week = ? AND recipient = ? AND ref = ?",
            (kind, week, recipient, ref),
        ).fetchone()
        if row is None:
            db.execute(
                "INSERT INTO messages (kind, week, recipient, ref, addresses, subject, state, attempts,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'sending', 1, ?, ?)",
                (kind, week, recipient, ref, addresses, subject, now, now),
            )
        elif row[1] in DONE:
            return None
        elif not retry_any and (row[2] is None or row[2] > now):
            return None
        else:
            db.execute(
                "UPDATE messages SET state = 'sending', attempts = attempts + 1, updated_at = ?,"
                " addresses = ?, subject = ? WHERE id = ?",
                (now, addresses, subject, row[0]),
            )
    return message(ledger, kind, week, recipient, ref)


def cut_short(ledger: Ledger, now: str) -> list[SentMessage]:
    """Marks every row left ``sending`` as ``unknown`` and returns them. A sender calls this once,
    holding the workspace lock, before it begins: no other sender can then be half-way."""
    rows = ledger.db.execute(f"SELECT {_COLUMNS} FROM messages WHERE state = 'sending'").fetchall()
    if rows:
        with ledger.transaction() as db:
            db.execute("UPDATE messages SET state = 'unknown', updated_at = ? WHERE state = 'sending'", [now])
    return [SentMessage(*row) for row in rows]


def finish(ledger: Ledger, message_id: int, state: str, now: str, detail: str = "", next_try=None) -> None:
    """Records how the hand-over ended: ``sent``, ``written`` (an ``.eml`` file) or ``failed``."""
    with ledger.transaction() as db:
        db.execute(
            "UPDATE messages SET state = ?, updated_at = ?, detail = ?, next_try = ? WHERE id = ?",
            (state, now, detail, next_try, message_id),
        )


def recent_messages(ledger: Ledger, limit: int = 20) -> list[SentMessage]:
    """The latest messages, newest first (``pipeline status``)."""
    rows = ledger.db.execute(
        f"SELECT {_COLUMNS} FROM messages ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [SentMessage(*row) for row in rows]


def messages_of_week(ledger: Ledger, week: str) -> list[SentMessage]:
    """Every message of one week, in the order they were begun."""
    rows = ledger.db.execute(f"SELECT {_COLUMNS} FROM messages WHERE week = ? ORDER BY id", [week]).fetchall()
    return [SentMessage(*row) for row in rows]


def failed_due(ledger: Ledger, kind: str, now: str) -> list[SentMessage]:
    """The failed messages of ``kind`` whose next try has come."""
    rows = ledger.db.execute(
        f"SELECT {_COLUMNS} FROM messages WHERE kind = ? AND state = 'failed' AND next_try <= ? ORDER BY id",
        (kind, now),
    ).fetchall()
    return [SentMessage(*row) for row in rows]
