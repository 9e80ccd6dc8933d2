"""What the leadership report asks the ledger: every SQL statement of the report, named for its answer.

The report (``pipeline.report.source`` and ``pipeline.report.kept``) holds no SQL: it
calls ``report_reads(ledger)`` and asks the ``ReportReads`` it gets, which answers in
plain tuples. Rows come in the order they were stored (submission id, then rowid), so
every sum the report takes comes out the same to the last bit on every run.

"Counts now" means the newest accepted file for its unit and week (``superseded_by IS
NULL``), and of its figures those not held (``held = 0``: an implausible figure waits for a
correction or a confirmation, ``pipeline.ledger.confirmations``; ``held_figures`` lists
those). Week texts are compared as text: the ledger only holds weeks written by
``str(IsoWeek)`` (``2026-W07``), whose text order is their time order.

``ReportReads`` is the seam for a second backend (``docs/ledger-backends.md``): another
class with the same methods, returned by ``report_reads`` for that backend's ledger,
and no report code changes. ``SqliteReportReads`` is the only one built.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from pipeline.ledger.confirmations import held_figures
from pipeline.ledger.store import Ledger

_CURRENT = "s.superseded_by IS NULL"


class ReportReads(Protocol):
    """The report's questions to one ledger, whatever stores it."""

    def one_state(self) -> AbstractContextManager[None]:
        """Every read inside sees the same state of the ledger, even while another process records a file.

        Inside a transaction the caller already holds, it adds nothing.
        """

    # the report week

    def latest_week(self) -> str | None:
        """The latest week (``2026-W47``) with a submission that counts now, or None for an empty ledger."""

    def figures_of_week(self, week: str) -> list[tuple[str, str, float, str, str]]:
        """``(unit, measure, value, received_at, file name)`` of every figure that counts for ``week``."""

    def held_figures(self) -> list[tuple[str, str, str, float, str, str]]:
        """``(unit, week, measure, value, received_at, file name)`` of every held figure of a file that
        counts now, every week, oldest week first."""

    def received_for_week(self, week: str) -> list[tuple[str, str]]:
        """``(unit, received_at)`` of each unit's file that counts for ``week``."""

    def latest_week_before(self, week: str) -> list[tuple[str, str]]:
        """``(unit, week)``: each unit's latest week before ``week`` with a file that counts."""

    def actions_of_week(self, week: str) -> list[tuple]:
        """``(unit, action, owner, due, acted, status, blocker)`` of the action rows counting for ``week``."""

    # the long history, brought up to date since a submission id (``pipeline.report.kept``)

    def latest_actions(self, week: str) -> list[tuple]:
        """Each unit's actions from its latest file up to ``week``: (unit, week, action, owner, due,
        acted, status, result, blocker), in stored order."""

    def storage(self) -> tuple[str, tuple] | None:
        """Where the ledger is stored and which copy of it this is: ``(place, identity)``.

        None for a ledger with nothing to recognise it by later (in memory). A rebuilt
        ledger (``pipeline rebuild``) has the same place and another identity.
        """

    def newest_submission(self) -> tuple[int, str] | None:
        """``(id, sha256)`` of the newest submission (counting or not), or None for none."""

    def submission_sha(self, submission_id: int) -> str | None:
        """The sha256 of submission ``submission_id``, or None when there is no such submission."""

    def superseded_since(self, submission_id: int) -> list[int]:
        """Ids of the submissions superseded by a submission newer than ``submission_id``."""

    def counting_since(self, submission_id: int) -> list[int]:
        """Ids of the submissions newer than ``submission_id`` that count now."""

    def measure_since(self, measure: str, submission_id: int) -> list[tuple[int, str, str, float]]:
        """``(submission id, unit, week, value)`` of ``measure`` in each submission newer than
        ``submission_id`` that counts now, in submission order."""

    def blocked_actions_since(self, submission_id: int) -> list[tuple[int, str, str, str, str, str]]:
        """``(submission id, unit, week, action, status, blocker)`` of the action rows with a blocker or
        status ``blocked`` in each submission newer than ``submission_id`` that counts now, in stored order.

        A superset of the agenda's stuck rows (its rule also leaves out a blocker of only spaces).
        """

    def counting_tally(self) -> tuple[int, int]:
        """``(number, sum of ids)`` of the submissions that count now: a check of a kept set of ids."""

    def confirmations_made(self) -> int:
        """How many confirmations the ledger holds: a confirmation lets a figure of an earlier
        submission count, so kept rows are read again when it changes."""


def report_reads(ledger: Ledger) -> ReportReads:
    """What the report reads from ``ledger``, for the backend that stores it (only SQLite is built)."""
    return SqliteReportReads(ledger)


class SqliteReportReads:
    """``ReportReads`` for the SQLite ledger. Cheap to make: it holds only the connection."""

    def __init__(self, ledger: Ledger):
        self._ledger, self._db = ledger, ledger.db

    @contextmanager
    def one_state(self) -> Iterator[None]:
        # a read transaction: in WAL mode, the snapshot of its first read
        began = not self._db.in_transaction
        if began:
            self._db.execute("BEGIN")
        try:
            yield
        finally:
            if began:
                self._db.execute("COMMIT")

    def latest_week(self) -> str | None:
        (week,) = self._db.execute("SELECT MAX(week) FROM submissions s WHERE " + _CURRENT).fetchone()
        return week

    def figures_of_week(self, week: str) -> list[tuple[str, str, float, str, str]]:
        return self._db.execute(
            "SELECT s.unit, f.measure, f.value, s.received_at, fl.name FROM submissions s"
            " CROSS JOIN figures f ON f.submission_id = s.id JOIN files fl ON fl.id = s.file_id"
            f" WHERE {_CURRENT} AND f.held = 0 AND s.week = ? ORDER BY f.rowid",
            (week,),
        ).fetchall()

    def held_figures(self) -> list[tuple[str, str, str, float, str, str]]:
        return held_figures(self._ledger)

    def received_for_week(self, week: str) -> list[tuple[str, str]]:
        return self._db.execute(
            f"SELECT s.unit, s.received_at FROM submissions s WHERE {_CURRENT} AND s.week = ?", (week,)
        ).fetchall()

    def latest_week_before(self, week: str) -> list[tuple[str, str]]:
        return self._db.execute(
            f"SELECT s.unit, MAX(s.week) FROM submissions s WHERE {_CURRENT} AND s.week < ? GROUP BY s.unit",
            (week,),
        ).fetchall()

    def actions_of_week(self, week: str) -> list[tuple]:
        return self._db.execute(
            "SELECT s.unit, a.action, a.owner, a.due, a.acted, a.status, a.blocker FROM submissions s"
            f" CROSS JOIN actions a ON a.submission_id = s.id WHERE {_CURRENT} AND s.week = ?"
            " ORDER BY a.rowid",
            (week,),
        ).fetchall()

    def latest_actions(self, week: str) -> list[tuple]:
        return self._db.execute(
            "WITH latest AS (SELECT s.unit, MAX(s.week) AS week FROM submissions s"
            f" WHERE {_CURRENT} AND s.week <= ? GROUP BY s.unit)"
            " SELECT s.unit, s.week, a.action, a.owner, a.due, a.acted, a.status, a.result, a.blocker"
            " FROM latest l JOIN submissions s ON s.unit = l.unit AND s.week = l.week"
            f" CROSS JOIN actions a ON a.submission_id = s.id WHERE {_CURRENT} ORDER BY s.id, a.rowid",
            (week,),
        ).fetchall()

    def storage(self) -> tuple[str, tuple[int, int]] | None:
        # the database file's path, and its device and inode (a rebuild replaces the file)
        path = self._db.execute("PRAGMA database_list").fetchone()[2]
        if not path:
            return None
        stat = os.stat(path)
        return path, (stat.st_dev, stat.st_ino)

    def newest_submission(self) -> tuple[int, str] | None:
        return self._db.execute("SELECT id, sha256 FROM submissions ORDER BY id DESC LIMIT 1").fetchone()

    def submission_sha(self, submission_id: int) -> str | None:
        row = self._db.execute("SELECT sha256 FROM submissions WHERE id = ?", (submission_id,)).fetchone()
        return row[0] if row is not None else None

    def superseded_since(self, submission_id: int) -> list[int]:
        rows = self._db.execute("SELECT id FROM submissions WHERE superseded_by > ?", (submission_id,))
        return [sub_id for (sub_id,) in rows]

    def counting_since(self, submission_id: int) -> list[int]:
        sql = f"SELECT s.id FROM submissions s WHERE s.id > ? AND {_CURRENT}"
        rows = self._db.execute(sql, (submission_id,))
        return [sub_id for (sub_id,) in rows]

    def measure_since(self, measure: str, submission_id: int) -> list[tuple[int, str, str, float]]:
        return self._db.execute(
            "SELECT s.id, s.unit, s.week, f.value FROM submissions s"
            f" JOIN figures f ON f.submission_id = s.id AND f.measure = ? AND f.held = 0"
            f" WHERE s.id > ? AND {_CURRENT}"
            " ORDER BY s.id",
            (measure, submission_id),
        ).fetchall()

    def blocked_actions_since(self, submission_id: int) -> list[tuple[int, str, str, str, str, str]]:
        return self._db.execute(
            "SELECT s.id, s.unit, s.week, a.action, a.status, a.blocker FROM submissions s"
            f" JOIN actions a ON a.submission_id = s.id WHERE s.id > ? AND {_CURRENT}"
            " AND (a.blocker != '' OR a.status = 'blocked') ORDER BY s.id, a.rowid",
            (submission_id,),
        ).fetchall()

    def counting_tally(self) -> tuple[int, int]:
        return self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM submissions WHERE superseded_by IS NULL"
        ).fetchone()

    def confirmations_made(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM confirmations").fetchone()[0]
