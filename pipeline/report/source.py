"""What the leadership report reads from the ledger: narrow queries, plain rows.

The report needs the whole history of one measure (the main one) and of the stuck
actions (for their streaks), and of everything else only the report week. Each query
asks for exactly that and returns plain tuples: a DataFrame per table, and a Python
object per week, cost more than the report's own arithmetic at 52,000 files.

Figure and action rows come in the order they were stored (their rowid), so every
sum is taken in the same order on every run and the workbook stays byte-identical.
Week texts are compared as text in SQL: the ledger only holds weeks written by
``str(IsoWeek)`` (``2026-W07``), whose text order is their time order.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.store import FileRecord, Ledger
from pipeline.weeks import IsoWeek

_CURRENT = "s.superseded_by IS NULL"


@dataclass(frozen=True)
class LedgerRows:
    """The rows one report is computed from (files that count now only)."""

    main: list[tuple[str, str, float]]  # (unit, week, value): the main measure, every week
    week_figures: list[tuple[str, str, float, str, str]]  # (unit, measure, value, received_at, file)
    received: dict[str, str]  # unit -> received_at of its file for the report week
    latest_before: dict[str, str]  # unit -> its latest week with a file before the report week
    week_actions: list[tuple]  # (unit, action, owner, due, acted, status, blocker), report week
    stuck: list[tuple]  # (unit, week, action, status, blocker): rows that may be stuck, every week
    log: list[FileRecord]  # newest first


def latest_week(ledger: Ledger) -> IsoWeek | None:
    """The latest week with a file that counts, or None for an empty ledger."""
    (week,) = ledger.db.execute("SELECT MAX(week) FROM submissions s WHERE " + _CURRENT).fetchone()
    return IsoWeek.parse(week) if week else None


def read_rows(ledger: Ledger, measure: str, week: IsoWeek) -> LedgerRows:
    """Everything ``figures.build`` reads for ``week`` with ``measure`` as the main measure."""
    db, text = ledger.db, str(week)
    main = db.execute(
        "SELECT s.unit, s.week, f.value FROM figures f JOIN submissions s ON s.id = f.submission_id"
        f" WHERE {_CURRENT} AND f.measure = ? ORDER BY f.rowid",
        (measure,),
    ).fetchall()
    week_figures = db.execute(
        "SELECT s.unit, f.measure, f.value, s.received_at, fl.name FROM submissions s"
        " CROSS JOIN figures f ON f.submission_id = s.id JOIN files fl ON fl.id = s.file_id"
        f" WHERE {_CURRENT} AND s.week = ? ORDER BY f.rowid",
        (text,),
    ).fetchall()
    received = db.execute(
        f"SELECT s.unit, s.received_at FROM submissions s WHERE {_CURRENT} AND s.week = ?", (text,)
    ).fetchall()
    latest_before = db.execute(
        f"SELECT s.unit, MAX(s.week) FROM submissions s WHERE {_CURRENT} AND s.week < ? GROUP BY s.unit",
        (text,),
    ).fetchall()
    week_actions = db.execute(
        "SELECT s.unit, a.action, a.owner, a.due, a.acted, a.status, a.blocker FROM submissions s"
        f" CROSS JOIN actions a ON a.submission_id = s.id WHERE {_CURRENT} AND s.week = ? ORDER BY a.rowid",
        (text,),
    ).fetchall()
    stuck = db.execute(  # a superset: the agenda checks the blocker without its spaces
        "SELECT s.unit, s.week, a.action, a.status, a.blocker"
        " FROM actions a JOIN submissions s ON s.id = a.submission_id"
        f" WHERE {_CURRENT} AND (a.blocker != '' OR a.status = 'blocked') ORDER BY a.rowid",
    ).fetchall()
    return LedgerRows(
        main=main,
        week_figures=week_figures,
        received=dict(received),
        latest_before=dict(latest_before),
        week_actions=week_actions,
        stuck=stuck,
        log=ledger.log(),
    )
