"""The report's long history, kept in memory between reports and brought up to date by what changed.

Every report needs the main measure's whole history (totals, pace, trend) and every
stuck action (the agenda's streaks): at 1,000 units x 52 weeks, 52,000 rows of each.
Reading them again for each report cost more than the rest of the report's arithmetic.

They change when a file is recorded, in two ways (``Ledger.record``): a new
submission adds its rows, and the submission it replaces stops counting
(``superseded_by`` is set to the new, higher id, once). The only other change is a
confirmation (``pipeline confirm``), which lets a held figure of an earlier submission
count: the kept rows are then read again in full (rare: a person's act). Nothing is
ever deleted. So the rows read for one report are kept, by submission id, and the
next report asks the ledger (``pipeline.ledger.reporting``, the ``..._since`` questions) only for

* submissions with a higher id than any seen, that count now: their rows are added;
* submissions superseded by such an id: their rows are dropped.

A watcher's pass then reads the one new file's rows instead of the whole history.

The kept rows are trusted only for the same ledger file (device and inode: ``pipeline
rebuild`` replaces the file), the same last submission (its sha256), the same number of
confirmations, and the same set of
counting submissions afterwards (their number and the sum of their ids, counted by the ledger);
otherwise they are read again in full. The order of the rows is the order of the
submission ids, the order they were stored in, so sums come out the same to the last bit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.ledger.reporting import ReportReads

_KEEP = 4  # ledgers x measures kept per process (a watcher needs one)


@dataclass
class _Kept:
    identity: tuple  # which copy of the ledger (``ReportReads.storage``): device and inode for SQLite
    confirmed: int = -1  # ``ReportReads.confirmations_made`` when the rows were read
    last_id: int = 0
    last_sha: str | None = None
    current: set[int] = field(default_factory=set)  # ids of the submissions that count now
    main: dict[int, tuple[str, str, float]] = field(default_factory=dict)  # id -> (unit, week, value)
    stuck: dict[int, list[tuple[str, str, str, str]]] = field(default_factory=dict)  # id -> (unit, week, key,
    # blocker)


class KeptHistory:
    """The rows kept between reports, for up to ``_KEEP`` ledgers x measures.

    Held by the ``Session`` of a watcher or a one-shot command (``pipeline.session``), so
    a watcher's reports bring the kept rows up to date and a one-shot report reads them once.
    """

    def __init__(self):
        self._kept: dict[tuple[str, str], _Kept] = {}
        self._lock = threading.Lock()  # two reports at once (threads) must not bring the same rows up to date

    def history(
        self, reads: ReportReads, measure: str, stuck_key: Callable[[object, object, object], str | None]
    ) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, str, str]]]:
        """The main measure's rows ``(unit, week, value)`` and the stuck action rows ``(unit, week, key,
        blocker)`` of every submission that counts now, in submission order.

        Call it inside ``reads.one_state()``, so that the rows are one state of the ledger.

        Args:
            reads: the ledger's answers to the report (``pipeline.ledger.reporting.report_reads``).
            measure: the main measure's id.
            stuck_key: ``(action, status, blocker) -> key`` of a stuck action row, None when the row
                is not stuck (``agenda.stuck_key``).
        """
        with self._lock:
            try:
                return _history(self._kept, reads, measure, stuck_key)
            except BaseException:  # half brought up to date: read in full next time
                self._kept.clear()
                raise


def _history(kept_rows: dict, reads: ReportReads, measure: str, stuck_key) -> tuple[list, list]:
    storage = reads.storage()
    if storage is None:  # a database without a file: nothing to recognise it by next time
        kept = _Kept((0, 0))
        _refresh(reads, kept, measure, stuck_key)
        return _rows(kept)
    path, identity = storage
    key = (path, measure)
    kept = kept_rows.get(key)
    confirmed = reads.confirmations_made()
    if kept is None or not _still_valid(reads, kept, identity) or kept.confirmed != confirmed:
        kept = _Kept(identity, confirmed)
    _refresh(reads, kept, measure, stuck_key)
    if not _same_current(reads, kept):
        kept = _Kept(identity, confirmed)
        _refresh(reads, kept, measure, stuck_key)
    if key not in kept_rows and len(kept_rows) >= _KEEP:
        kept_rows.pop(next(iter(kept_rows)))
    kept_rows[key] = kept
    return _rows(kept)


def _rows(kept: _Kept) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, str, str]]]:
    return list(kept.main.values()), [row for rows in kept.stuck.values() for row in rows]


def _still_valid(reads: ReportReads, kept: _Kept, identity: tuple) -> bool:
    if kept.identity != identity:
        return False
    if not kept.last_id:
        return True
    sha = reads.submission_sha(kept.last_id)
    return sha is not None and sha == kept.last_sha


def _refresh(reads: ReportReads, kept: _Kept, measure: str, stuck_key) -> None:
    last = kept.last_id
    newest = reads.newest_submission()
    if newest is None or newest[0] <= last:
        return
    if last:  # what stopped counting since: only a kept row can be dropped
        for sub_id in reads.superseded_since(last):
            kept.current.discard(sub_id)
            kept.main.pop(sub_id, None)
            kept.stuck.pop(sub_id, None)
    kept.current.update(reads.counting_since(last))
    for sub_id, unit, week, value in reads.measure_since(measure, last):
        kept.main[sub_id] = (unit, week, value)
    for sub_id, unit, week, action, status, blocker in reads.blocked_actions_since(last):  # stuck and more
        action_key = stuck_key(action, status, blocker)
        if action_key is not None:
            kept.stuck.setdefault(sub_id, []).append((unit, week, action_key, blocker or ""))
    kept.last_id, kept.last_sha = newest


def _same_current(reads: ReportReads, kept: _Kept) -> bool:
    # the submissions that count now, as the ledger has them: their number and the sum of their ids
    count, total = reads.counting_tally()
    return count == len(kept.current) and total == sum(kept.current)
