"""What the leadership report reads from the ledger: narrow queries, plain rows.

The report needs the whole history of one measure (the main one) and of the stuck
actions (for their streaks), and of everything else only the report week. A held figure
(implausible, not confirmed) is in none of those rows: it is read on its own
(``held``), shown as waiting for a check, and counted nowhere. Each question
(``pipeline.ledger.reporting``, where the SQL is) asks for exactly that and is answered in
plain tuples: a DataFrame per table, and a Python object per week, cost more than the
report's own arithmetic at 52,000 files. The long history is kept between reports and
only brought up to date (``kept``).

Rows come in the order they were stored (submission id, then rowid), so every sum is
taken in the same order on every run and the workbook stays byte-identical.

A figure outside the intake's bound (not finite, or above ``schema.MAX_VALUE``) can be
in a ledger only from before the bound existed: it would make every sum ``inf``. It is
left out of the report with a warning in the log that names it; ``pipeline rebuild``
judges its file again (and now rejects it), or the unit sends a corrected file.
"""

from __future__ import annotations

import logging

from pipeline.ledger import waiting as inbox_waiting
from pipeline.ledger.reporting import report_reads
from pipeline.ledger.store import Ledger
from pipeline.report.agenda import stuck_key
from pipeline.report.kept import KeptHistory
from pipeline.report.rows import LedgerRows
from pipeline.template.names import MAX_VALUE
from pipeline.weeks import IsoWeek

log = logging.getLogger(__name__)


def latest_week(ledger: Ledger) -> IsoWeek | None:
    """The latest week with a file that counts, or None for an empty ledger."""
    week = report_reads(ledger).latest_week()
    return IsoWeek.parse(week) if week else None


def read_rows(ledger: Ledger, measure: str, week: IsoWeek, kept: KeptHistory | None = None) -> LedgerRows:
    """Everything ``figures.build`` reads for ``week`` with ``measure`` as the main measure.

    One read transaction: every row is from the same state of the ledger, even while
    another process records a file. The long history comes from ``kept`` (the session's
    ``KeptHistory``): in a session that made a report before (a watcher), only what changed
    since is read; without one, it is read in full.
    """
    reads, text = report_reads(ledger), str(week)
    with reads.one_state():
        main, stuck = (kept or KeptHistory()).history(reads, measure, stuck_key)
        week_figures = reads.figures_of_week(text)
        received = reads.received_for_week(text)
        latest_before = reads.latest_week_before(text)
        week_actions = reads.actions_of_week(text)
        plans = reads.latest_actions(text)
        log = ledger.log()
        waiting = inbox_waiting.waiting(ledger)
        held = reads.held_figures()
    return LedgerRows(
        main=_in_bounds(main, measure),
        week_figures=_in_bounds(week_figures),
        received=dict(received),
        latest_before=dict(latest_before),
        week_actions=week_actions,
        plans=plans,
        stuck=stuck,
        log=log,
        waiting=waiting,
        held=held,  # stored by an intake with the bound: always in it
    )


def _countable(value: object) -> bool:
    # NaN and inf fail the comparison; None (SQLite stores a NaN as NULL) is not a figure
    return value is not None and -MAX_VALUE <= value <= MAX_VALUE


def _in_bounds(rows: list[tuple], measure: str | None = None) -> list[tuple]:
    """``rows`` without the figures outside the intake's bound (see the module notes).

    ``rows`` are ``(unit, week, value)`` for the main ``measure``, or ``(unit, measure,
    value, ...)`` for the report week. The common case costs one pass and no copy.
    """
    if all(_countable(row[2]) for row in rows):
        return rows
    for row in rows:
        if not _countable(row[2]):
            where = f"{row[0]} {row[1]} {measure}" if measure else f"{row[0]} {row[1]}"
            log.warning(
                "a figure in the ledger is outside the intake's bound (%s: %r, at most %d): left out of "
                "the report; run `pipeline rebuild` to judge its file again, or ask for a corrected file",
                where,
                row[2],
                MAX_VALUE,
            )
    return [row for row in rows if _countable(row[2])]
