"""The ledger: every file received and every figure accepted, in SQLite.

* A file's figures, actions and log row are stored together or not at all (a
  savepoint per file, inside one transaction per batch of files during a burst).
* Each file's sha256 is stored; an accepted file dropped again is a duplicate
  and changes nothing while it counts. Dropped again after a correction replaced
  it, it is judged again and counts again: a correction back to those figures.
* A newer accepted file for the same unit and week supersedes the older one.
  Both stay in the ledger; only the newest counts (``superseded_by IS NULL``).
* Each arrival has a unique claim id, so a file whose processing was cut
  short (a crash, a kill) is finished on the next pass without being
  counted twice.
* A rejected file keeps the unit and week it claims when they could be read,
  and a duplicate those of the file it repeats, so every file of a unit and
  week can be listed (``history``).
* Schema changes are numbered migrations, tracked in ``PRAGMA user_version``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.ledger.migrations import MIGRATIONS
from pipeline.model import NOTE, FileRecord, Problem, Submission, file_text

if TYPE_CHECKING:  # pandas is imported when a table is first asked for (``_pandas``)
    import pandas as pd


class Ledger:
    """The SQLite ledger of one workspace. Use as a context manager, or call ``close``."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def checkpoint(self) -> None:
        """Moves everything in the write-ahead log into the main file (before the file is copied)."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def made_anew(self) -> Iterator[None]:
        """For a ledger that is being made anew beside the real one (``pipeline rebuild``): no
        fsync at each commit while it is built, since a crash discards it whole and the
        originals make it again; when it is complete, everything is moved into the main file
        and synced once, before it may replace the real ledger."""
        self.db.execute("PRAGMA synchronous=OFF")
        try:
            yield
        finally:
            self.db.execute("PRAGMA synchronous=FULL")
        self.checkpoint()  # with synchronous=FULL again, the checkpoint syncs the main file

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version >= len(MIGRATIONS):
            return
        # Foreign keys off while the schema changes (a table made again, migration 7): SQLite's
        # documented procedure. The pragma is a no-op inside a transaction, so it is set around it.
        self.db.execute("PRAGMA foreign_keys=OFF")
        try:
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                with self.transaction():
                    for statement in script.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    broken = self.db.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise sqlite3.IntegrityError(f"migration {number} broke foreign keys: {broken[:3]}")
                    self.db.execute(f"PRAGMA user_version={number}")
        finally:
            self.db.execute("PRAGMA foreign_keys=ON")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction; inside another, a savepoint (so ingest can record a batch of files at once)."""
        if self.db.in_transaction:
            self.db.execute("SAVEPOINT nested")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK TO nested")
                self.db.execute("RELEASE nested")
                raise
            self.db.execute("RELEASE nested")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------ lookups

    def file_by_claim(self, claim: str) -> FileRecord | None:
        row = self.db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE claim = ?", (claim,)).fetchone()
        return _file(row) if row else None

    def accepted_by_sha(self, sha256: str) -> FileRecord | None:
        """The newest accepted file with these bytes (sent again after a correction: a second one)."""
        row = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE sha256 = ? AND outcome = 'accepted'"
            " ORDER BY id DESC LIMIT 1",
            (sha256,),
        ).fetchone()
        return _file(row) if row else None

    def current_file(self, unit: str, week: str) -> FileRecord | None:
        """The accepted file that currently counts for a unit and week."""
        row = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE id = (SELECT file_id FROM submissions"
            " WHERE unit = ? AND week = ? AND superseded_by IS NULL)",
            (unit, week),
        ).fetchone()
        return _file(row) if row else None

    # ------------------------------------------------------------------ writes

    def record(
        self,
        *,
        claim: str,
        name: str,
        folder: str,
        sha256: str,
        received_at: str,
        outcome: str,
        destination: str,
        problems: list[Problem],
        unit: str | None = None,
        week: str | None = None,
        kind: str = "",
        raw_name: str = "",
    ) -> int:
        """Stores one file's row: who it came from, what happened to it, where it is.

        Its figures, when it is accepted, are its template kind's to store
        (``store_submission`` for a weekly file), inside the same transaction.

        Args:
            unit, week: what the file claims (a rejected file too, when they could be
                read); a duplicate without them takes those of the file it repeats.
            kind: the template kind that judged it (``pl_template_kind``), or ``""``
                when the file was refused before any kind read it.

        Returns:
            The id of the file row.
        """
        if outcome == "duplicate" and unit is None:
            original = self.accepted_by_sha(sha256)
            unit, week = (original.unit, original.week) if original else (None, None)
        with self.transaction() as db:
            return db.execute(
                "INSERT INTO files (claim, name, folder, sha256, received_at, outcome, unit, week,"
                " destination, problems, raw_name, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    claim,
                    name,
                    folder,
                    sha256,
                    received_at,
                    outcome,
                    unit,
                    week,
                    destination,
                    json.dumps([p.to_json() for p in problems], ensure_ascii=False),
                    raw_name or None,
                    kind or None,
                ),
            ).lastrowid

    def store_submission(
        self,
        file_id: int,
        sha256: str,
        received_at: str,
        submission: Submission,
        held: frozenset[str] = frozenset(),
    ) -> None:
        """Stores an accepted weekly file's figures and actions; it supersedes the unit's earlier file
        for the same week (both stay, only the newest counts).

        ``held``: the measures whose figure is held (implausible, not confirmed): stored, and left
        out of every total until confirmed (``pipeline.ledger.confirmations``)."""
        unit, week = submission.unit, str(submission.week)
        with self.transaction() as db:
            sub_id = db.execute(
                "INSERT INTO submissions (file_id, sha256, unit, week, received_at, comment)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (file_id, sha256, unit, week, received_at, submission.comment),
            ).lastrowid
            db.execute(
                "UPDATE submissions SET superseded_by = ? WHERE unit = ? AND week = ?"
                " AND superseded_by IS NULL AND id != ?",
                (sub_id, unit, week, sub_id),
            )
            db.executemany(
                "INSERT INTO figures (submission_id, measure, value, held) VALUES (?, ?, ?, ?)",
                [(sub_id, m, v, int(m in held)) for m, v in submission.values.items()],
            )
            db.executemany(
                "INSERT INTO actions (submission_id, row, action, owner, due, acted, status, result,"
                " blocker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        sub_id,
                        a.row,
                        a.action,
                        a.owner,
                        str(a.due) if a.due else None,
                        None if a.acted is None else int(a.acted),
                        a.status,
                        a.result,
                        a.blocker,
                    )
                    for a in submission.actions
                ],
            )

    def replaced_by(self, file_id: int) -> FileRecord | None:
        """The weekly file that the accepted file ``file_id`` replaced (superseded), if any."""
        row = self.db.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE id = (SELECT s.file_id FROM submissions s"
            " WHERE s.superseded_by = (SELECT id FROM submissions WHERE file_id = ?))",
            (file_id,),
        ).fetchone()
        return _file(row) if row else None

    def stored_values(self, file_id: int) -> dict[str, float]:
        """measure -> value, as the accepted weekly file ``file_id`` stored them."""
        return dict(
            self.db.execute(
                "SELECT measure, value FROM figures"
                " WHERE submission_id = (SELECT id FROM submissions WHERE file_id = ?)",
                (file_id,),
            ).fetchall()
        )

    def last_file_id(self) -> int:
        """The id of the newest file record (0 for none): changes whenever a file is recorded."""
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM files").fetchone()[0]

    # ------------------------------------------------------------------ files waiting in the inbox

    # ------------------------------------------------------------------ tables for the report

    def figures(self, measure: str | None = None, week: str | None = None) -> pd.DataFrame:
        """Current figures: ``unit, week, measure, value, received_at, file, held``.

        A held figure (implausible, not confirmed) is listed with ``held`` 1: the export
        shows it, marked; the report leaves it out of every total.

        With ``measure`` and ``week``, only the figures of that measure (every week) and
        those of that week (every measure), in the same order as without them: what the
        leadership report uses, a fraction of a long history.
        """
        sql = (
            "SELECT s.unit, s.week, f.measure, f.value, s.received_at, fl.name AS file, f.held"
            " FROM figures f JOIN submissions s ON s.id = f.submission_id"
            " JOIN files fl ON fl.id = s.file_id WHERE s.superseded_by IS NULL"
        )
        if measure is None and week is None:
            return _pandas().read_sql_query(sql, self.db)
        return _pandas().read_sql_query(
            sql + " AND (f.measure = ? OR s.week = ?)", self.db, params=(measure, week)
        )

    def submissions(self) -> pd.DataFrame:
        """Current submissions: ``unit, week, received_at, comment``."""
        return _pandas().read_sql_query(
            "SELECT unit, week, received_at, comment FROM submissions WHERE superseded_by IS NULL", self.db
        )

    def actions(self, week: str | None = None) -> pd.DataFrame:
        """Actions of current submissions, one row per action row of each file.

        With ``week``, only that week's rows and the stuck rows (a blocker, or status
        ``blocked``) of any week, in the same order as without it: what the agenda needs.
        """
        sql = (
            "SELECT s.unit, s.week, a.row, a.action, a.owner, a.due, a.acted, a.status, a.result, a.blocker"
            " FROM actions a JOIN submissions s ON s.id = a.submission_id WHERE s.superseded_by IS NULL"
        )
        if week is None:
            return _pandas().read_sql_query(sql, self.db)
        return _pandas().read_sql_query(
            sql + " AND (s.week = ? OR a.blocker != '' OR a.status = 'blocked')", self.db, params=(week,)
        )

    def log(self, limit: int = 500) -> list[FileRecord]:
        """The newest ``limit`` file records, newest first.

        A superseded file has the outcome ``superseded``; a file that replaced
        an earlier one carries a ``replaces-file`` note (severity ``info``)
        naming it, so the report's log shows the correction.
        """
        return self._marked("1 = 1", (), "id DESC", limit)

    def history(self, unit: str, week: str) -> list[FileRecord]:
        """Every file received for one unit and week, oldest first, marked as in ``log``.

        Rejected files are included when the unit and week they claim could be read.
        """
        return self._marked("unit = ? AND week = ?", (unit, week), "id")

    def unit_log(self, unit: str, units: list[str], limit: int = 50) -> list[FileRecord]:
        """The newest ``limit`` files delivered to ``unit``, newest first, marked as in ``log``: those
        from its inbox folder, and those it claims from any folder that is not a unit's (``units``)."""
        where = "folder = ? OR (unit = ? AND folder NOT IN (SELECT value FROM json_each(?)))"
        return self._marked(where, (unit, unit, json.dumps(units)), "id DESC", limit)

    def _marked(self, where: str, params: tuple, order: str, limit: int | None = None) -> list[FileRecord]:
        # The files are chosen (and limited) first; the two facts are looked up for those rows only.
        chosen = f"SELECT {_FILE_COLUMNS} FROM files WHERE {where} ORDER BY {order}"
        if limit is not None:
            chosen += " LIMIT ?"
            params = (*params, limit)
        rows = self.db.execute(
            f"SELECT {_FILE_COLUMNS},"
            " (SELECT superseded_by IS NOT NULL FROM submissions s WHERE s.file_id = files.id),"
            " (SELECT o.file_id FROM submissions s JOIN submissions o ON o.superseded_by = s.id"
            "  WHERE s.file_id = files.id ORDER BY o.id DESC LIMIT 1)"
            f" FROM ({chosen}) AS files ORDER BY {order}",
            params,
        ).fetchall()
        ids = sorted({row[-1] for row in rows if row[-1] is not None})
        earlier = {
            i: file_text(received_at, name)
            for i, received_at, name in self.db.execute(
                f"SELECT id, received_at, name FROM files WHERE id IN ({', '.join('?' * len(ids))})", ids
            )
        }
        out = []
        for row in rows:
            record = _file(row[:-2])
            superseded, replaced = row[-2], earlier.get(row[-1])
            if superseded:
                record = FileRecord(**{**record.__dict__, "outcome": "superseded"})
            if replaced:
                note = Problem("replaces-file", "", "", NOTE, {"previous": replaced})
                record = FileRecord(**{**record.__dict__, "problems": [note, *record.problems]})
            out.append(record)
        return out


_FILE_COLUMNS = "id, claim, name, sha256, received_at, outcome, unit, week, destination, problems, kind"


def _file(row: tuple) -> FileRecord:
    *head, problems, kind = row
    return FileRecord(*head, [Problem.from_json(p) for p in json.loads(problems)], kind or "")


def _pandas():  # the finishing worker and commands that read no table skip its 0.5 s start-up
    import pandas

    return pandas
