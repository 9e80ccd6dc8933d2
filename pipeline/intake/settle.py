"""Step 3 of intake for a recorded file: its receipt, its line in the receipts log, its move to its place.

``Settling`` holds everything step 3 needs, worked out from the ledger by
ingest. ``settle_file`` carries it out, and is safe to run twice (after a
crash, or when the finishing worker died half-way): the receipt is written
atomically and overwritten with the same content, the log line is written only
once when ``once`` is set, and a file already moved is left where it is.

The log line comes before the move: while the file is still in ``state/work``
a kill is finished by the next pass (a redo, with ``once``), so a line can never
be lost between the move and the log; after the move, everything is done.

During a burst ingest hands ``Settling`` items to a separate worker process
(``Finisher``, below): the receipt is the costliest part of a file's intake
(an xlsx written with xlsxwriter, about 3.5 ms), and the worker writes it on
the other core while ingest records the next files. After the pass the same worker
writes the units' status notes while this process writes the report (``NotesMeanwhile``).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import WorkerUnavailable
from pipeline.intake import to_unit, worker
from pipeline.intake.claims import Claim
from pipeline.intake.limits import ParseLimits, limits_for
from pipeline.intake.receipt import append_receipt_line, receipt_path, write_receipt
from pipeline.intake.to_unit import Notes, copy_receipt, write_notes
from pipeline.intake.workers import Workers
from pipeline.model import Problem
from pipeline.plan.model import Plan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settling:
    """One recorded file, ready for step 3."""

    taken: Claim
    destination: Path
    outcome: str  # the receipt's: accepted, superseded, duplicate or rejected
    problems: list[Problem]
    submission: object | None  # what the receipt shows of the file: its kind's submission
    kind: str  # the template kind that judged it ("" when none did)
    previous: str
    language: str
    log_path: Path
    log_line: str
    once: bool  # a redo: the log line may already be there
    unit_folder: Path | None = None  # the unit's own receipts folder, for a copy (``to_unit``)


def settle_file(item: Settling, plan: Plan) -> None:
    """Writes the receipt (and its copy for the unit), appends the log line, moves the file (idempotent)."""
    receipt = receipt_path(item.destination, item.language)
    write_receipt(
        receipt,
        file_name=item.taken.name,
        received_at=item.taken.received_at,
        outcome=item.outcome,
        problems=item.problems,
        submission=item.submission,
        kind=item.kind,
        plan=plan,
        language=item.language,
        previous=item.previous,
    )
    if item.unit_folder is not None:
        copy_receipt(receipt, item.unit_folder)  # never raises: the unit's copy is not the file's fate
    append_receipt_line(item.log_path, item.log_line, once=item.once)
    move_into_place(item.taken, item.destination)


def move_into_place(taken: Claim, destination: Path) -> None:
    """Moves the claimed file to ``destination``, which ends the claim; a file already moved stays."""
    try:
        os.replace(taken.file, destination)
    except FileNotFoundError:
        if destination.exists():
            return
        if taken.file.exists():  # its folder is missing: made once, then the move again
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(taken.file, destination)
            return
        raise  # neither here nor there: not ours to paper over


class NotesMeanwhile:
    """A pass's status notes, written by the finishing worker while this process writes the report.

    ``wait`` returns once they are written. If the worker could not take them, died,
    ran out of time or failed, they are written here instead (``write_notes`` is
    idempotent: each note is replaced whole). A killed parent loses nothing: the notes
    are derived from the ledger and written again after the unit's next file.
    """

    def __init__(self, notes: Notes | None, plan: Plan, settings: Settings, workers: Workers):
        self.notes, self.plan, self.worker, self.done = notes, plan, None, False
        if notes is None or len(notes.units) < NOTES_IN_WORKER_FROM:  # none, or a few: at once, here
            if notes is not None and notes.units:
                write_notes(notes, plan)
            self.done = True
            return
        try:
            finisher = workers.get(limits_for(settings), "finish")
            finisher.send(worker.Worker.job(to_unit.write_notes), notes, plan)
            self.worker = finisher
        except (OSError, WorkerUnavailable) as exc:
            log.warning("the finishing worker is not available (%s); the notes are written here", exc)

    def wait(self) -> None:
        if self.done:
            return
        self.done = True
        reply = self.worker.reply(self.worker.limits.timeout) if self.worker is not None else None
        if reply is not None and reply[0] == "ok":
            return
        if reply is not None:
            log.error("writing the status notes in the worker failed:\n%s", reply[1])
        write_notes(self.notes, self.plan)


NOTES_IN_WORKER_FROM = 16  # units: fewer notes are written at once (the worker's round trip costs more)


class Finisher:
    """Step 3 of intake (``settle.settle_file``) in a worker process of its own, sent without waiting.

    Ingest sends each recorded file as soon as its batch is committed and goes on
    with the next batch; ``wait`` collects the acknowledgements, in order. What
    was not acknowledged (the worker died, ran out of time, or failed) is done
    again in this process: ``settle_file`` is idempotent, and an error it raises
    here is the pass's error, as if no worker had been involved. A killed parent
    leaves nothing half-done: the worker stops before its next request, and the
    recorded claims still in ``state/work`` are finished by the next pass.
    """

    def __init__(self, limits: ParseLimits, workers: Workers):
        self.worker = workers.get(limits, "finish")  # started once per session, not once per pass
        self.sent: deque = deque()
        self.broken = False  # a send failed: nothing more is sent, and wait does the rest here
        self._held: list = []  # a reply taken in by ``backlog`` that is not an "ok"

    def submit(self, item: object, plan: object) -> None:
        outstanding = bool(self.sent)  # then the worker must be the one they went to: no restart
        self.sent.append(item)
        if self.broken:
            return
        try:
            self.worker.send(worker.Worker.job(settle_file), item, plan, restart=not outstanding)
        except (OSError, WorkerUnavailable) as exc:
            log.warning("the finishing worker is not available (%s); finishing in this process", exc)
            self.broken = True

    def backlog(self) -> int:
        """Items sent and not yet acknowledged (replies already in are taken in, without waiting)."""
        while self.sent and not self._held and not self.broken:
            came, reply = self.worker.reply_if_any()
            if not came:
                break
            if reply is not None and reply[0] == "ok":
                self.sent.popleft()
            else:
                self._held = [reply]  # for ``wait``: a failure, or the end of the worker
        return len(self.sent)

    def wait(self, plan: object) -> list[Settling]:
        """Returns when every item sent is settled, or was tried here and failed.

        Returns:
            The items whose step 3 failed in this process too (each logged with its
            traceback): they stay in ``state/work`` for the next pass.
        """
        redo = []
        while self.sent:
            if self._held:
                reply = self._held.pop()
            else:
                reply = None if self.broken else self.worker.reply(self.worker.limits.timeout)
            if reply is None:  # the worker is gone: nothing from here on was acknowledged
                redo.extend(self.sent)
                self.sent.clear()
                self.worker.stop()
                break
            item = self.sent.popleft()
            if reply[0] != "ok":
                log.error("finishing %s in the worker failed:\n%s", item.taken.name, reply[1])
                redo.append(item)
        failed = []
        for item in redo:
            try:
                settle_file(replace(item, once=True), plan)
            except Exception:
                log.exception(
                    "could not finish %s (%s); the next pass tries again", item.taken.name, item.taken.id
                )
                failed.append(item)
        return failed

    def stop(self) -> None:
        self.worker.stop()
