"""The report's long history, kept in memory between reports and brought up to date by what changed.

Every report needs the main measure's whole history (totals, pace, trend) and every
stuck action (the agenda's streaks): at 1,000 units x 52 weeks, 52,000 rows of each.
Reading them again for each report cost more than the rest of the report's arithmetic.

They change only when a file is recorded, and only in two ways (``Ledger.record``): a new
submission adds its rows, and the submission it replaces stops counting
(``superseded_by`` is set to the new, higher id, once). Nothing is ever updated or
deleted otherwise. So the rows read for one report are kept, by submission id, and the
next report asks the ledger only for

* submissions with a higher id than any seen, that count now: their rows are added;
* submissions superseded by such an id: their rows are dropped.

A watcher's pass then reads the one new file's rows instead of the whole history.

The kept rows are trusted only for the same ledger file (device and inode: ``pipeline
rebuild`` replaces the file), the same last submission (its sha256), and the same set of
counting submissions afterwards (their number and the sum of their ids, checked in SQL);
otherwise they are read again in full. The order of the rows is the order of the
submission ids, the order they were stored in, so sums come out the same to the last bit.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

_KEEP = 4  # ledgers x measures kept per process (a watcher needs one)


@dataclass
class _Kept:
    identity: tuple[int, int]
    last_id: int = 0
    last_sha: str | None = None
    current: set[int] = field(default_factory=set)  # ids of the submissions that count now
    main: dict[int, tuple[str, str, float]] = field(default_factory=dict)  # id -> (unit, week, value)
    stuck: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)  # id -> (unit, week, key)


_KEPT: dict[tuple[str, str], _Kept] = {}
_LOCK = threading.Lock()  # two reports at once (threads) must not bring the same rows up to date together


def history(
    db: sqlite3.Connection, measure: str, stuck_key: Callable[[object, object, object], str | None]
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, str]]]:
    """The main measure's rows ``(unit, week, value)`` and the stuck action rows ``(unit, week, key)``
    of every submission that counts now, in submission order.

    Call it inside a read transaction, so that the rows are one state of the ledger.

    Args:
        db: the ledger's connection.
        measure: the main measure's id.
        stuck_key: ``(action, status, blocker) -> key`` of a stuck action row, None when the row
            is not stuck (``agenda.stuck_key``).
    """
    with _LOCK:
        try:
            return _history(db, measure, stuck_key)
        except BaseException:  # half brought up to date: read in full next time
            _KEPT.clear()
            raise


def _history(db: sqlite3.Connection, measure: str, stuck_key) -> tuple[list, list]:
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if not path:  # a database without a file: nothing to recognise it by next time
        kept = _Kept((0, 0))
        _refresh(db, kept, measure, stuck_key)
        return _rows(kept)
    stat = os.stat(path)
    identity, key = (stat.st_dev, stat.st_ino), (path, measure)
    kept = _KEPT.get(key)
    if kept is None or not _still_valid(db, kept, identity):
        kept = _Kept(identity)
    _refresh(db, kept, measure, stuck_key)
    if not _same_current(db, kept):
        kept = _Kept(identity)
        _refresh(db, kept, measure, stuck_key)
    if key not in _KEPT and len(_KEPT) >= _KEEP:
        _KEPT.pop(next(iter(_KEPT)))
    _KEPT[key] = kept
    return _rows(kept)


def _rows(kept: _Kept) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, str]]]:
    return list(kept.main.values()), [row for rows in kept.stuck.values() for row in rows]


def _still_valid(db: sqlite3.Connection, kept: _Kept, identity: tuple[int, int]) -> bool:
    if kept.identity != identity:
        return False
    if not kept.last_id:
        return True
    row = db.execute("SELECT sha256 FROM submissions WHERE id = ?", (kept.last_id,)).fetchone()
    return row is not None and row[0] == kept.last_sha


def _refresh(db: sqlite3.Connection, kept: _Kept, measure: str, stuck_key) -> None:
    last = kept.last_id
    newest = db.execute("SELECT id, sha256 FROM submissions ORDER BY id DESC LIMIT 1").fetchone()
    if newest is None or newest[0] <= last:
        return
    if last:  # what stopped counting since: only a kept row can be dropped
        for (sub_id,) in db.execute("SELECT id FROM submissions WHERE superseded_by > ?", (last,)):
            kept.current.discard(sub_id)
            kept.main.pop(sub_id, None)
            kept.stuck.pop(sub_id, None)
    new = "s.id > ? AND s.superseded_by IS NULL"
    kept.current.update(r[0] for r in db.execute(f"SELECT s.id FROM submissions s WHERE {new}", (last,)))
    for sub_id, unit, week, value in db.execute(
        "SELECT s.id, s.unit, s.week, f.value FROM submissions s"
        f" JOIN figures f ON f.submission_id = s.id AND f.measure = ? WHERE {new} ORDER BY s.id",
        (measure, last),
    ):
        kept.main[sub_id] = (unit, week, value)
    for sub_id, unit, week, action, status, blocker in db.execute(
        "SELECT s.id, s.unit, s.week, a.action, a.status, a.blocker FROM submissions s"
        f" JOIN actions a ON a.submission_id = s.id WHERE {new}"
        " AND (a.blocker != '' OR a.status = 'blocked') ORDER BY s.id, a.rowid",  # a superset of stuck
        (last,),
    ):
        action_key = stuck_key(action, status, blocker)
        if action_key is not None:
            kept.stuck.setdefault(sub_id, []).append((unit, week, action_key))
    kept.last_id, kept.last_sha = newest


def _same_current(db: sqlite3.Connection, kept: _Kept) -> bool:
    # the submissions that count now, as the ledger has them: their number and the sum of their ids
    count, total = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(id), 0) FROM submissions WHERE superseded_by IS NULL"
    ).fetchone()
    return count == len(kept.current) and total == sum(kept.current)
