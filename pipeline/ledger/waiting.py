"""The files that wait in the inbox (held: open in Excel, immutable), in the ledger's ``waiting`` table.

A file that cannot be moved out of the inbox is tried again on every pass; this keeps since
when it waits and why, for ``pipeline status`` and the report's log (``inbox.Held``).
"""

from __future__ import annotations

from pipeline.ledger.store import Ledger


def note_waiting(ledger: Ledger, held: dict[str, str], present: set[str], since: str) -> None:
    """Brings the list of files that wait in the inbox up to date after a pass.

    Args:
        held: place in the inbox -> why it could not be moved, for each file refused this pass.
        present: every place still in the inbox (a file that waits keeps its first
            ``since`` for as long as it is there, even in a pass that did not try it).
        since: the time of this pass, for files that start waiting now.
    """
    with ledger.transaction() as db:
        for place, reason in held.items():
            db.execute(
                "INSERT INTO waiting (place, since, reason) VALUES (?, ?, ?)"
                " ON CONFLICT (place) DO UPDATE SET reason = excluded.reason",
                (place, since, reason),
            )
        gone = [(p,) for (p,) in db.execute("SELECT place FROM waiting") if p not in present]
        db.executemany("DELETE FROM waiting WHERE place = ?", gone)


def keep_waiting(ledger: Ledger, rows: list[tuple[str, str, str]]) -> None:
    """Records ``(place, since, reason)`` rows as they are (a rebuilt ledger keeps the old one's)."""
    with ledger.transaction() as db:
        db.executemany("INSERT OR REPLACE INTO waiting (place, since, reason) VALUES (?, ?, ?)", rows)


def waiting(ledger: Ledger) -> list[tuple[str, str, str]]:
    """``(place, since, reason)`` of every file that waits in the inbox, longest first."""
    return ledger.db.execute("SELECT place, since, reason FROM waiting ORDER BY since, place").fetchall()
