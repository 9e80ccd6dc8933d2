"""The ledger's maturity tables: one respondent's answers stored, and the answers that count.

The tables are created by migration 2 (``pipeline.ledger.migrations``). A newer
accepted file from the same respondent (same occasion, unit and respondent key,
however the name is cased or spaced) supersedes the older one; both stay, only the
newest counts. The sha256 duplicate rule is the ledger's own: the same bytes are
never stored twice.

These functions take plain values, not the maturity kind's types, so the ledger
imports nothing above it; ``pipeline.maturity.kind`` turns them into its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.model import FileRecord, file_text

if TYPE_CHECKING:  # the intake worker imports the kinds, and must not import pandas with the ledger
    from pipeline.ledger.store import Ledger

RESPONSE_COLUMNS = (
    "occasion",
    "unit",
    "respondent",
    "dimension",
    "score",
    "justification",
    "received_at",
    "file",
)


def store_response(
    ledger: Ledger,
    file_id: int,
    sha256: str,
    received_at: str,
    answer: tuple[str, str, str, str],
    scores: dict[str, float],
    justifications: dict[str, str],
) -> int:
    """Stores one accepted response (``answer``: occasion, unit, respondent, respondent key) inside
    the caller's transaction; it supersedes the respondent's earlier one. Returns its id."""
    occasion, unit, respondent, key = answer
    with ledger.transaction() as db:
        rid = db.execute(
            "INSERT INTO maturity_responses (file_id, sha256, occasion, unit, respondent, respondent_key,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (file_id, sha256, occasion, unit, respondent, key, received_at),
        ).lastrowid
        db.execute(
            "UPDATE maturity_responses SET superseded_by = ? WHERE occasion = ? AND unit = ?"
            " AND respondent_key = ? AND superseded_by IS NULL AND id != ?",
            (rid, occasion, unit, key, rid),
        )
        db.executemany(
            "INSERT INTO maturity_scores (response_id, dimension, score, justification) VALUES (?, ?, ?, ?)",
            [(rid, d, s, justifications.get(d, "")) for d, s in scores.items()],
        )
    return rid


def current_response_file(ledger: Ledger, occasion: str, unit: str, key: str) -> str:
    """``received (name)`` of the file whose answers count now for this respondent, or ``""``."""
    row = ledger.db.execute(
        "SELECT f.received_at, f.name FROM maturity_responses r JOIN files f ON f.id = r.file_id"
        " WHERE r.occasion = ? AND r.unit = ? AND r.respondent_key = ? AND r.superseded_by IS NULL",
        (occasion, unit, key),
    ).fetchone()
    return file_text(*row) if row else ""


def replaced_response_file(ledger: Ledger, file_id: int) -> str:
    """For an accepted maturity file: ``received (name)`` of the file it replaced, or ``""``."""
    row = ledger.db.execute(
        "SELECT f.received_at, f.name FROM maturity_responses r JOIN files f ON f.id = r.file_id"
        " WHERE r.superseded_by = (SELECT id FROM maturity_responses WHERE file_id = ?)"
        " ORDER BY r.id DESC LIMIT 1",
        (file_id,),
    ).fetchone()
    return file_text(*row) if row else ""


def stored_response(
    ledger: Ledger, record: FileRecord
) -> tuple[tuple[str, str, str], dict[str, float], dict[str, str]] | None:
    """What an accepted maturity file stored: ``((occasion, unit, respondent), scores, justifications)``."""
    head = ledger.db.execute(
        "SELECT id, occasion, unit, respondent FROM maturity_responses WHERE file_id = ?", (record.id,)
    ).fetchone()
    if head is None:
        return None
    rows = ledger.db.execute(
        "SELECT dimension, score, justification FROM maturity_scores WHERE response_id = ?", (head[0],)
    ).fetchall()
    return tuple(head[1:]), {d: s for d, s, _ in rows}, {d: j for d, _, j in rows if j}


def response_rows(ledger: Ledger) -> list[tuple]:
    """Every score that counts, one row per dimension (``RESPONSE_COLUMNS``), in the order received."""
    return ledger.db.execute(
        "SELECT r.occasion, r.unit, r.respondent, s.dimension, s.score, s.justification, r.received_at,"
        " f.name AS file FROM maturity_scores s JOIN maturity_responses r ON r.id = s.response_id"
        " JOIN files f ON f.id = r.file_id WHERE r.superseded_by IS NULL ORDER BY r.id, s.rowid"
    ).fetchall()
