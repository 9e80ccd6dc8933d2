"""One pass over the inbox: claim -> read -> validate -> store -> settle (+ receipt).

Every file that enters the inbox ends in exactly one place:

* ``archive/<week>/`` when accepted (also when it supersedes an earlier file),
* ``rejected/`` when it has errors, or when it is a byte-identical duplicate
  of a file already accepted (nothing changed, the receipt says so).

Order of work for one file, chosen so that a crash at any instant is safe:

1. claim: the file is renamed to ``state/work/<claim>`` (``claims``);
2. the ledger records the outcome, and the figures if accepted, in one
   transaction keyed by the claim id;
3. the receipt is written, and the file is moved to its final place.

A claim found in ``state/work`` on the next pass is finished: if the ledger
already has its claim id, only step 3 is redone; otherwise the whole file is
processed again. Neither counts a figure twice.

The fault boundary (issue 11): whatever goes wrong with one file costs that file
only, and the pass goes on with the others and writes the report.

* A file that cannot be moved out of the inbox (open in Excel, immutable) stays
  there, is tried again on every pass, and is listed as waiting (``inbox.Held``).
* A claimed file that raises anything while it is judged (a permission, a bug of
  ours) is rejected with a receipt: ``unreadable-file`` for an operating-system
  error, ``internal-error`` for anything else, with the traceback in the log and
  never in the receipt. Only a fault of the server stops the pass (the ledger's disk,
  ``sqlite3.OperationalError``; a worker process that cannot be started,
  ``WorkerUnavailable``): its files wait in ``state/work`` for the next.
* A recorded file whose step 3 fails (its receipt or its move) stays in
  ``state/work`` and step 3 is redone on the next pass; the others go on.
* Temp files of ours that a kill left behind (``.tmp-*``) are removed when a pass starts.

Speed without giving any of that up (issue 7):

* the isolated worker reads the next files while this process records and
  settles the ones before (``read_ahead``: files are sent down the worker's pipe
  ahead of time, so the two cores work at once);
* step 2 is one transaction for a batch of up to ``BATCH`` files rather than one
  per file, so a burst costs one fsync per batch. Files in a batch are judged
  in order, each seeing the ones before it (a duplicate or a correction within
  the batch is found). A crash before the commit leaves all of the batch's
  claims unrecorded, so all of them are processed again; after it, only step 3
  is redone. Receipts and moves come after the commit, as before;
* from ``FINISH_IN_WORKER_FROM`` files in a pass on, step 3 is handed to a
  second worker process (``settle.Finisher``) on the other core.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.config import Settings
from pipeline.intake import kinds
from pipeline.intake.claims import Claim, ClaimBook, ClaimSequence, Held, claim, pending_claims, tidy
from pipeline.intake.inbox import StabilityWatch, inbox_key, scan
from pipeline.intake.judge import Reading, in_batches, judge_and_record
from pipeline.intake.limits import limits_for
from pipeline.intake.receipt import receipt_line, receipts_log_path
from pipeline.intake.settle import Finisher, Settling, settle_file
from pipeline.intake.to_unit import Notes, receipts_folder, unit_of, write_status_note
from pipeline.intake.workers import Workers
from pipeline.ledger import waiting as inbox_waiting
from pipeline.ledger.store import Ledger
from pipeline.model import FileRecord, Submission
from pipeline.plan.model import Plan
from pipeline.strings import tell
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

READERS = 2  # isolated readers in a burst (judge.MORE_READERS_FROM): for when reading is the slower side
FINISH_IN_WORKER_FROM = 16  # from this many files in a pass on, receipts are written by the finishing worker
FINISHER_BACKLOG = 8  # ... unless it has this many files to do: then this process takes the next one


@dataclass
class PassResult:
    """What one pass did, file by file.

    Attributes:
        records: every file recorded in this pass (a file whose step 3 failed too).
        unsettled: names of recorded files whose receipt or move failed: they stay in
            ``state/work`` and are finished by the next pass.
        waiting: ``(place, since, reason)`` of every file that waits in the inbox
            because it cannot be moved (see ``Ledger.waiting``).
    """

    records: list[FileRecord] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    waiting: list[tuple[str, str, str]] = field(default_factory=list)
    report_error: str = ""  # set by commands.run_ingest when the report after the pass failed
    notes: Notes | None = None  # the status notes of the units whose files this pass settled

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.records if r.outcome == outcome)

    @property
    def changed(self) -> bool:
        return bool(self.records)


def ingest(
    workspace: Workspace,
    plan: Plan,
    settings: Settings,
    now: datetime,
    watch: StabilityWatch | None = None,
    settle_seconds: float = 1.0,
    workers: Workers | None = None,
    progress: Callable[[int, int], None] | None = None,
    notes_later: bool = False,
) -> PassResult:
    """Processes every ready file in the inbox, and finishes claims left by a crash.

    Args:
        workers: the session's worker processes (kept from pass to pass); without them,
            this pass starts its own and stops them at its end.
        watch: the watcher's memory of earlier looks. Without one, two looks are
            made ``settle_seconds`` apart, and only files unchanged between them are taken.
        now: the time of this pass; it stamps each file's arrival.
        progress: told ``(files done, files in the pass)`` after each file (the total is 0 while
            only the claims of an interrupted pass are known); the terminal's progress line.
        notes_later: leave the units' status notes to the caller (``result.notes``), who
            writes them beside the report (``commands.run_ingest``); by default they are
            written before this returns.

    Returns:
        The record of every file settled in this pass.
    """
    if workers is None:
        with Workers() as own:
            return ingest(workspace, plan, settings, now, watch, settle_seconds, own, progress)
    result = PassResult()
    touched: set[str | None] = set()  # the units whose files this pass settled: their notes
    remove_leftovers(workspace)
    finisher = Finisher(limits_for(settings), workers)
    with Ledger(workspace.ledger_file) as ledger:
        taking = _Taking(workspace, now, watch, settle_seconds)
        taking.known = {place for place, _, _ in inbox_waiting.waiting(ledger)}
        unrecorded = lambda taken: ledger.file_by_claim(taken.id) is None  # noqa: E731 (a redo needs no read)
        try:
            claims = taking.claims()
            for batch in in_batches(claims, plan, settings, workers, wanted=unrecorded, readers=READERS):
                with ledger.transaction():
                    judged = [
                        _judge_claim(taken, ledger, plan, settings, workspace, read) for taken, read in batch
                    ]
                burst = len(result.records) + len(judged) >= FINISH_IN_WORKER_FROM
                for taken, record, submission, previous, redo in judged:
                    try:
                        item = _settling(
                            taken, record, submission, previous, redo, ledger, settings, workspace, plan
                        )
                        if burst and finisher.backlog() < FINISHER_BACKLOG:
                            finisher.submit(item, plan)
                        else:  # a few files (a worker would cost more than it saves), or the worker is behind
                            settle_file(item, plan)
                    except Exception:
                        _unsettled(result, taken)
                    _log(record)
                    result.records.append(record)
                    touched.add(unit_of(taken.folder, record.unit, plan))
                    if progress is not None:
                        progress(len(result.records), taking.total)
            result.unsettled += [item.taken.name for item in finisher.wait(plan)]  # each logged there
            tidy(workspace.work)  # the claim books of claims all settled
        except BaseException:
            finisher.stop()  # what it still holds is this pass's: redone by the next pass from state/work
            raise
        result.notes = Notes(workspace, tuple(sorted(u for u in touched if u)), settings.language, now)
        if not notes_later:  # each unit's note, once a pass
            for unit in result.notes.units:
                write_status_note(ledger, workspace, plan, unit, settings.language, now)
        if taking.held or taking.known:  # the usual pass: nothing waits, so no second look at the inbox
            present = {inbox_key(arrival) for arrival in scan(workspace.inbox)}
            inbox_waiting.note_waiting(ledger, taking.held, present, now.isoformat(timespec="seconds"))
            result.waiting = inbox_waiting.waiting(ledger)
    with suppress(OSError):
        (workspace.state / _PASS_MARK).unlink()  # the pass ended: no receipt of it is half-written
    return result


def _unsettled(result: PassResult, taken: Claim) -> None:
    """Step 3 failed for one recorded file: logged with its traceback; the next pass redoes it."""
    log.exception(
        "could not finish %s (%s); it stays in state/work and is finished by the next pass",
        taken.name,
        taken.id,
    )
    result.unsettled.append(taken.name)


_LEFTOVER = ".tmp-"  # the prefix of every temp file we write beside its final place (xlsx.atomic_workbook)


_PASS_MARK = (
    "pass-running"  # in state/: there while a pass runs; found at the start, the last pass was cut short
)


def remove_leftovers(workspace: Workspace) -> list[Path]:
    """Removes temp files of ours that a kill left in ``outbox/`` and ``state/``, and after an
    interrupted pass also in ``archive/`` and ``rejected/``.

    Only the one writer that holds the workspace lock runs a pass, so no temp file
    found here is still being written. ``archive/`` and ``rejected/`` hold every file
    ever received, so they are walked only when the previous pass did not end (its
    mark is still in ``state/``): receipts are written only during a pass. Returns what
    was removed.
    """
    removed = []
    folders = [workspace.outbox, workspace.state]
    mark = workspace.state / _PASS_MARK
    if mark.exists():
        folders += [workspace.rejected, workspace.archive]
        folders += [Path(e.path) for e in _subfolders(workspace.archive)]
    else:
        workspace.state.mkdir(parents=True, exist_ok=True)
        mark.touch()
    for folder in folders:
        for entry in _subfolders(folder, files=True):
            if entry.name.startswith(_LEFTOVER) or entry.name.endswith(".tmp"):
                with suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    if removed:
        log.info("removed %d temp file(s) left by an interrupted run", len(removed))
    return removed


def _subfolders(folder: Path, files: bool = False) -> list[os.DirEntry]:
    # the entries of one folder: its folders, or with ``files`` its regular files (never a link)
    try:
        with os.scandir(folder) as it:
            return [
                e
                for e in it
                if (e.is_file(follow_symlinks=False) if files else e.is_dir(follow_symlinks=False))
            ]
    except OSError:
        return []


class _Taking:
    """The claims of one pass: those left by an interrupted pass (oldest first), then each ready
    file, claimed as it is reached. A file that cannot be moved now is noted in ``held``."""

    def __init__(
        self, workspace: Workspace, now: datetime, watch: StabilityWatch | None, settle_seconds: float
    ):
        self.workspace, self.now, self.watch, self.settle_seconds = workspace, now, watch, settle_seconds
        self.held: dict[str, str] = {}
        self.known: set[str] = set()  # places that already waited after the last pass: logged once
        self.total = 0  # the files of this pass, once the inbox has been looked at
        self._leftovers = 0

    def claims(self) -> Iterator[Claim]:
        workspace, watch = self.workspace, self.watch
        for leftover in pending_claims(workspace.work):
            log.warning("finishing %s (%s), left from an interrupted pass", leftover.name, leftover.id)
            self._leftovers += 1
            yield leftover
        kept = watch is None  # a one-shot pass: its looks are kept for the next one
        if kept:
            watch = StabilityWatch.restore(workspace.inbox_looks)
            watch.look(workspace.inbox)
            time.sleep(self.settle_seconds)
        arrivals = watch.look(workspace.inbox)
        if kept:
            watch.save(workspace.inbox_looks)
        sequence, book = ClaimSequence(workspace.work, self.now), ClaimBook(workspace.work)
        self.total = self._leftovers + len(arrivals)
        try:
            for arrival in arrivals:
                try:
                    taken = claim(arrival, workspace.work, self.now, sequence, book)
                except Held as held:
                    place = inbox_key(arrival)
                    log.log(
                        logging.DEBUG if place in self.known else logging.WARNING,
                        "cannot move %s out of the inbox now (%s); it waits and is tried again",
                        place,
                        held.reason,
                    )
                    self.held[place] = held.reason
                    continue
                if taken is not None:
                    yield taken
        finally:
            book.close()


def _judge_claim(
    taken: Claim, ledger: Ledger, plan: Plan, settings: Settings, workspace: Workspace, read: Reading | None
) -> tuple[Claim, FileRecord, Submission | None, str, bool]:
    """Steps 1-2 for one claim: judged and recorded, unless the ledger already has it (a redo)."""
    record = ledger.file_by_claim(taken.id)
    if record is not None:  # a redo: the ledger's name and time are the file's (its book line may be lost)
        taken = dataclasses.replace(taken, name=record.name, received_at=record.received_at)
        return taken, record, _recorded_submission(ledger, record), _previous_text(ledger, record), True
    _, submission, previous, _ = judge_and_record(taken, ledger, plan, settings, workspace, read=read)
    return taken, ledger.file_by_claim(taken.id), submission, previous, False


def _recorded_submission(ledger: Ledger, record: FileRecord) -> object | None:
    """On a redo: what the receipt shows of a recorded file, asked of the kind that judged it."""
    kind = kinds.named(record.kind)
    if record.outcome == "accepted":
        return kind.stored(ledger, record)
    return kind.claimed(record) if record.outcome == "rejected" else None


def _settling(
    taken: Claim,
    record: FileRecord,
    submission: Submission | None,
    previous: str,
    redo: bool,
    ledger: Ledger,
    settings: Settings,
    workspace: Workspace,
    plan: Plan,
) -> Settling:
    """What step 3 needs for a recorded claim: receipt contents, destination, log line."""
    receipt_outcome = "superseded" if record.outcome == "accepted" and previous else record.outcome
    line = receipt_line(
        received_at=taken.received_at,
        file_name=taken.name,
        outcome=receipt_outcome,
        problems=record.problems,
        unit=record.unit or unit_of(taken.folder, None, plan),  # unread: the unit folder it came from
        week=record.week,
        where=record.destination,
        language=settings.language,
        previous=previous,
    )
    return Settling(
        taken=taken,
        destination=workspace.root / record.destination,
        outcome=receipt_outcome,
        problems=record.problems,
        submission=submission,
        kind=record.kind,
        previous=previous,
        language=settings.language,
        log_path=receipts_log_path(workspace.outbox, settings.language),
        log_line=line,
        once=redo,
        unit_folder=_unit_folder(taken, record, plan, workspace, settings),
    )


def _unit_folder(taken: Claim, record: FileRecord, plan: Plan, workspace: Workspace, settings: Settings):
    """The receipts folder of the unit this file's receipt goes to (``to_unit``), or None."""
    unit = unit_of(taken.folder, record.unit, plan)
    return receipts_folder(workspace, unit, settings.language) if unit else None


def _previous_text(ledger: Ledger, record: FileRecord) -> str:
    """On a redo after a crash: the file this accepted one replaced, or the one a duplicate repeats."""
    if record.outcome == "duplicate":
        earlier = ledger.accepted_by_sha(record.sha256)
        return earlier.text if earlier else ""
    if record.outcome != "accepted":
        return ""
    return kinds.named(record.kind).replaced(ledger, record)


def _log(record: FileRecord) -> None:
    if record.outcome == "accepted":
        tell(log, logging.INFO, "ingest.accepted", name=record.name, unit=record.unit, week=record.week)
    elif record.outcome == "duplicate":
        tell(log, logging.INFO, "ingest.duplicate", name=record.name)
    else:
        codes = ", ".join(sorted({p.code for p in record.problems})) or "?"
        tell(log, logging.INFO, "ingest.rejected", name=record.name, n=len(record.problems), codes=codes)
