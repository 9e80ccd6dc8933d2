"""Held figures and their confirmations: the ledger's side of the implausible-figure rule.

A figure that intake finds implausible (``pipeline.intake.plausible``) is stored with
``held`` set (migration 6): it stays in the ledger and in its file's receipt, and the
report leaves it out of every total, the headline, the forecast and the charts. It
counts again in one of two ways:

* a corrected file for the same unit and week replaces it (the ledger's usual rule);
* the administrator confirms it (``pipeline confirm``): a row in ``confirmations``
  with who and when, and ``held`` cleared on the figure.

A confirmation is for a unit, week, measure and value, so a later file that repeats the
same figure is not held again, and another value is judged afresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.model import Confirmation

if TYPE_CHECKING:
    from pipeline.ledger.store import Ledger


def held_figures(ledger: Ledger) -> list[tuple[str, str, str, float, str, str]]:
    """``(unit, week, measure, value, received_at, file name)`` of every held figure that counts now,
    oldest week first."""
    return ledger.db.execute(
        "SELECT s.unit, s.week, f.measure, f.value, s.received_at, fl.name FROM figures f"
        " JOIN submissions s ON s.id = f.submission_id JOIN files fl ON fl.id = s.file_id"
        " WHERE f.held = 1 AND s.superseded_by IS NULL ORDER BY s.week, s.unit, f.rowid"
    ).fetchall()


def is_confirmed(ledger: Ledger, unit: str, week: str, measure: str, value: float) -> bool:
    """Whether this exact figure was confirmed before."""
    row = ledger.db.execute(
        "SELECT 1 FROM confirmations WHERE unit = ? AND week = ? AND measure = ? AND value = ?",
        (unit, week, measure, value),
    ).fetchone()
    return row is not None


def held_of(ledger: Ledger, unit: str, week: str) -> list[tuple[str, float]]:
    """``(measure, value)`` of the held figures in the file that counts for ``unit`` and ``week``."""
    return ledger.db.execute(
        "SELECT f.measure, f.value FROM figures f JOIN submissions s ON s.id = f.submission_id"
        " WHERE s.unit = ? AND s.week = ? AND s.superseded_by IS NULL AND f.held = 1 ORDER BY f.rowid",
        (unit, week),
    ).fetchall()


def held_of_unit(ledger: Ledger, unit: str) -> list[tuple[str, str, float]]:
    """``(week, measure, value)`` of the unit's held figures in the files that count now, newest first."""
    return ledger.db.execute(
        "SELECT s.week, f.measure, f.value FROM figures f JOIN submissions s ON s.id = f.submission_id"
        " WHERE s.unit = ? AND s.superseded_by IS NULL AND f.held = 1 ORDER BY s.week DESC, f.rowid",
        (unit,),
    ).fetchall()


def record_confirmation(ledger: Ledger, confirmation: Confirmation) -> bool:
    """Records ``confirmation`` and lets the figure it names count, if it is held now.

    Idempotent (a replay records it once). Returns whether a held figure was released.
    """
    c = confirmation
    with ledger.transaction() as db:
        db.execute(
            "INSERT OR IGNORE INTO confirmations (unit, week, measure, value, confirmed_by, confirmed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (c.unit, c.week, c.measure, c.value, c.by, c.at),
        )
        released = db.execute(
            "UPDATE figures SET held = 0 WHERE held = 1 AND measure = ? AND value = ? AND submission_id ="
            " (SELECT id FROM submissions WHERE unit = ? AND week = ? AND superseded_by IS NULL)",
            (c.measure, c.value, c.unit, c.week),
        ).rowcount
    return released > 0


def confirmations(ledger: Ledger, unit: str | None = None, week: str | None = None) -> list[Confirmation]:
    """Every confirmation, oldest first (of one unit and week, when given)."""
    sql = "SELECT unit, week, measure, value, confirmed_by, confirmed_at FROM confirmations"
    params: tuple = ()
    if unit is not None:
        sql, params = sql + " WHERE unit = ? AND week = ?", (unit, week)
    return [Confirmation(*row) for row in ledger.db.execute(sql + " ORDER BY id", params)]


def largest_values(ledger: Ledger, unit: str) -> dict[tuple[str, str], float]:
    """(unit, measure) -> the unit's largest value among the figures that count now (not held):
    what the plausibility rule compares a new figure with (``intake.plausible``).

    One unit at a time, through the index on current submissions: the cost does
    not grow with the other units' history (it ran once per file).
    """
    rows = ledger.db.execute(
        "SELECT s.unit, f.measure, MAX(f.value) FROM submissions s JOIN figures f"
        " ON f.submission_id = s.id WHERE s.unit = ? AND s.superseded_by IS NULL AND f.held = 0"
        " GROUP BY f.measure",
        (unit,),
    ).fetchall()
    return {(unit, measure): value for unit, measure, value in rows}
