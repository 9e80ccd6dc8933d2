"""The ledger's maturity tables: store one respondent's answers, and read the answers that count.

The tables are created by migration 2 in ``pipeline.ledger.store``. A newer accepted
file from the same respondent (same occasion, unit and name, however cased or
spaced) supersedes the older one; both stay, only the newest counts. The
sha256 duplicate rule is the ledger's own: the same bytes are never stored twice.
"""

from __future__ import annotations

import sqlite3

import pandas as pd

from pipeline.maturity.model import MaturityResponse, respondent_key


def store_response(
    db: sqlite3.Connection, file_id: int, sha256: str, received_at: str, response: MaturityResponse
) -> int:
    """Stores one accepted response inside the caller's transaction; returns its id."""
    key = respondent_key(response.respondent)
    rid = db.execute(
        "INSERT INTO maturity_responses (file_id, sha256, occasion, unit, respondent, respondent_key,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (file_id, sha256, response.occasion, response.unit, response.respondent, key, received_at),
    ).lastrowid
    db.execute(
        "UPDATE maturity_responses SET superseded_by = ? WHERE occasion = ? AND unit = ?"
        " AND respondent_key = ? AND superseded_by IS NULL AND id != ?",
        (rid, response.occasion, response.unit, key, rid),
    )
    db.executemany(
        "INSERT INTO maturity_scores (response_id, dimension, score, justification) VALUES (?, ?, ?, ?)",
        [(rid, d, s, response.justifications.get(d, "")) for d, s in response.scores.items()],
    )
    return rid


def current_file_text(db: sqlite3.Connection, response: MaturityResponse) -> str:
    """``received (name)`` of the file this response will replace, or ``""``."""
    row = db.execute(
        "SELECT f.received_at, f.name FROM maturity_responses r JOIN files f ON f.id = r.file_id"
        " WHERE r.occasion = ? AND r.unit = ? AND r.respondent_key = ? AND r.superseded_by IS NULL",
        (response.occasion, response.unit, respondent_key(response.respondent)),
    ).fetchone()
    return f"{row[0].replace('T', ' ')} ({row[1]})" if row else ""


def replaced_file_text(db: sqlite3.Connection, file_id: int) -> str | None:
    """For an accepted maturity file: the file it replaced (``""`` if none); None if not a maturity file."""
    own = db.execute("SELECT id FROM maturity_responses WHERE file_id = ?", (file_id,)).fetchone()
    if own is None:
        return None
    row = db.execute(
        "SELECT f.received_at, f.name FROM maturity_responses r JOIN files f ON f.id = r.file_id"
        " WHERE r.superseded_by = ? ORDER BY r.id DESC LIMIT 1",
        (own[0],),
    ).fetchone()
    return f"{row[0].replace('T', ' ')} ({row[1]})" if row else ""


def stored_response(db: sqlite3.Connection, file_id: int) -> MaturityResponse | None:
    """The response stored for an accepted file, or None if the file is not a maturity file."""
    head = db.execute(
        "SELECT id, occasion, unit, respondent FROM maturity_responses WHERE file_id = ?", (file_id,)
    ).fetchone()
    if head is None:
        return None
    rows = db.execute(
        "SELECT dimension, score, justification FROM maturity_scores WHERE response_id = ?", (head[0],)
    ).fetchall()
    return MaturityResponse(
        head[1], head[2], head[3], {d: s for d, s, _ in rows}, {d: j for d, _, j in rows if j}
    )


def responses(db: sqlite3.Connection) -> pd.DataFrame:
    """Every score that counts: ``occasion, unit, respondent, dimension, score, justification,
    received_at, file``, in the order received."""
    return pd.read_sql_query(
        "SELECT r.occasion, r.unit, r.respondent, s.dimension, s.score, s.justification, r.received_at,"
        " f.name AS file FROM maturity_scores s JOIN maturity_responses r ON r.id = s.response_id"
        " JOIN files f ON f.id = r.file_id WHERE r.superseded_by IS NULL ORDER BY r.id, s.rowid",
        db,
    )
