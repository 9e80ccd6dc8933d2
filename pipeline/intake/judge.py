"""Judging one claimed file: the worker's read, its kind's verdict, its row in the ledger.

``judge_and_record`` is the fault boundary (issue 11): whatever one file raises while
it is judged makes that file rejected, never the pass stop; ingest and ``pipeline
rebuild`` both judge files here. ``read_ahead`` and ``in_batches`` keep the isolated
worker reading the next files while the caller records the ones before, in batches
of up to ``BATCH`` files per ledger transaction. ``_destination`` decides where a file
goes: ``archive/<week>/`` when accepted, ``rejected/`` otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import FileProblem, WorkerUnavailable
from pipeline.intake import kinds, worker
from pipeline.intake.claims import Claim
from pipeline.intake.limits import limits_for, problem_facts
from pipeline.intake.names import safe_name
from pipeline.intake.receipt import SUFFIX
from pipeline.intake.workers import Workers
from pipeline.ledger.store import Ledger
from pipeline.model import ERROR, Problem, Submission
from pipeline.plan.model import Plan
from pipeline.strings import STRINGS, Texts
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

BATCH = 64  # files recorded in one ledger transaction (one fsync) during a burst
MORE_READERS_FROM = 16  # a pass reads with more than one worker from this many files on


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_ahead(
    claims: Iterable[Claim],
    plan: Plan,
    settings: Settings,
    workers: Workers,
    wanted=lambda taken: True,
    depth: int = BATCH,
    readers: int = 1,
) -> Iterator[tuple[Claim, Reading | None]]:
    """Yields each claim with its read in the isolated worker already sent.

    Up to ``depth`` claims are sent ahead of the one yielded, so the worker reads
    them one after another while the caller records and settles. A claim for
    which ``wanted`` is false is yielded with None (nothing to read). With
    ``readers`` 2, two isolated workers take the claims in turn once ``MORE_READERS_FROM``
    files have been sent (reading is the slower side of a burst and of ``pipeline rebuild``;
    a pass of a few files does not start a second worker); each claim is still yielded
    in its order.
    """
    pool: list[worker.Worker] = []

    def join() -> None:
        reader = workers.get(limits_for(settings), "read" if not pool else f"read-{len(pool) + 1}")
        reader.forget()  # what a pass that stopped half-way sent ahead is never this pass's answer
        pool.append(reader)

    join()
    window: deque[tuple[Claim, Reading | None]] = deque()
    sent = 0
    for taken in claims:
        reading = None
        if wanted(taken):
            if sent == MORE_READERS_FROM:
                while len(pool) < readers:
                    join()
            reader = pool[sent % len(pool)]
            reading = Reading(reader, reader.submit(*_read_args(taken, plan)))
            sent += 1
        window.append((taken, reading))
        if len(window) > depth:
            yield window.popleft()
    while window:
        yield window.popleft()


@dataclass(frozen=True)
class Reading:
    """A file sent to the worker; ``result()`` waits for its answer (``read_file``'s)."""

    worker: worker.Worker
    ticket: int

    def result(self) -> tuple[str, Submission | None, list[Problem]]:
        return self.worker.result(self.ticket)

    def done(self) -> bool:
        return self.worker.ready(self.ticket)


def in_batches(
    claims: Iterable[Claim],
    plan: Plan,
    settings: Settings,
    workers: Workers,
    wanted=lambda taken: True,
    readers: int = 1,
) -> Iterator[list[tuple[Claim, Reading | None]]]:
    """The claims in consecutive lists, each claim with its read under way.

    A list holds the claims whose reads are answered already, up to ``BATCH``: the
    caller records them while the worker reads on, so neither waits for the other
    for long. When the worker is ahead, the lists grow and the ledger commits less often.
    """
    chunk: list = []
    for item in read_ahead(claims, plan, settings, workers, wanted, depth=BATCH * readers, readers=readers):
        if chunk and item[1] is not None and not item[1].done():
            yield chunk
            chunk = []
        chunk.append(item)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _read_args(taken: Claim, plan: Plan) -> tuple:
    """What the worker needs for a claim: the file, the plan, the day it arrived, its inbox folder."""
    return taken.file, plan, datetime.fromisoformat(taken.received_at).date(), taken.folder


def judge_and_record(
    taken: Claim,
    ledger: Ledger,
    plan: Plan,
    settings: Settings,
    workspace: Workspace,
    read: Reading,
    kept_at: Path | None = None,
) -> tuple[str, Submission | None, str, Path]:
    """Judges one file and records its outcome in the ledger, whatever the file does (the fault boundary).

    Anything the file raises while it is judged makes it rejected, after its writes are
    undone (a savepoint): an operating-system error (a permission on the share) is
    ``unreadable-file``; anything else is a bug of ours, ``internal-error``, logged with
    its traceback. Only a fault of the server goes up (the ledger's ``OperationalError``:
    a full or broken disk; ``WorkerUnavailable``: no worker process can be started): it
    would fail every file alike, and the pass stops with its files safe in ``state/work``.
    Ingest and ``pipeline rebuild`` both judge files here.

    Args:
        taken: a claimed file (or, for ``pipeline rebuild``, a settled one).
        kept_at: where the file is recorded to be; by default the place its outcome
            sends it to. Rebuild passes the place the file already is.
        read: the file's read in the isolated worker, under way (``read_ahead``).

    Returns:
        ``(outcome, submission, previous, destination)``: ``destination`` is where the
        outcome sends the file, whatever ``kept_at`` says.
    """
    try:
        with ledger.transaction():
            sha = sha256_of(taken.file)
            outcome, problems, submission, previous, kind = _judge(taken, sha, ledger, plan, settings, read)
            destination = _destination(workspace, taken, outcome, submission)
            where = kept_at or destination
            file_id = _record(ledger, workspace, taken, sha, outcome, where, problems, submission, kind)
            if outcome == "accepted":
                kinds.named(kind).store(ledger, file_id, sha, taken.received_at, submission, problems)
            return outcome, submission, previous, destination
    except (sqlite3.OperationalError, WorkerUnavailable):
        raise  # the ledger's disk or the worker: the server's fault, every file would fail alike
    except Exception as exc:
        code = "unreadable-file" if isinstance(exc, OSError) else "internal-error"
        log.error(
            "could not process %s (%s): %s; rejected as %s, the other files go on",
            taken.name,
            taken.id,
            f"{type(exc).__name__}: {exc}",
            code,
            exc_info=code == "internal-error",
        )
    sha = ""
    with suppress(OSError):
        sha = sha256_of(taken.file)
    destination = _destination(workspace, taken, "rejected", None)
    _record(ledger, workspace, taken, sha, "rejected", kept_at or destination, [Problem(code, "", "", ERROR)])
    return "rejected", None, "", destination


def _record(
    ledger: Ledger,
    workspace: Workspace,
    taken: Claim,
    sha: str,
    outcome: str,
    where: Path,
    problems: list[Problem],
    submission=None,
    kind: str = "",
) -> int:
    # one file's row in the ledger: who it claims to be, what happened, where it is
    return ledger.record(
        claim=taken.id,
        name=taken.name,
        folder=taken.folder,
        sha256=sha,
        received_at=taken.received_at,
        outcome=outcome,
        destination=where.relative_to(workspace.root).as_posix(),
        problems=problems,
        unit=submission.unit if submission else None,
        week=str(submission.week) if submission and submission.week else None,
        kind=kind,
        raw_name=taken.raw_name,
    )


def _judge(
    taken: Claim, sha: str, ledger: Ledger, plan: Plan, settings: Settings, read: Reading
) -> tuple[str, list[Problem], object | None, str, str]:
    """``(outcome, problems, submission, previous, kind)`` of one file: the worker's verdict,
    then what the kind that judged it finds against the ledger (``kinds.TemplateKind.accept``)."""
    earlier = ledger.accepted_by_sha(sha)
    # a copy in another unit's folder is judged as any file there (unit-folder-mismatch), never
    # a duplicate: that would skip the folder rule and show the other unit's file to the sender
    elsewhere = earlier is not None and plan.unit(taken.folder) is not None and earlier.unit != taken.folder
    if earlier is not None and not elsewhere and kinds.named(earlier.kind).counts(ledger, earlier):
        return "duplicate", [], None, earlier.text, ""  # it counts already: nothing changes
    # the same bytes as a file a correction has replaced since: judged again, and counts again
    try:
        kind, submission, problems = read.result()
    except FileProblem as exc:
        t = Texts(settings.language)
        facts = {"limit": settings.max_file_mb, **problem_facts(settings)}
        if exc.code == "not-xlsx":
            facts["what"] = t(f"filetype.{exc.value}") if f"filetype.{exc.value}" in STRINGS else ""
        value = "" if exc.code == "not-xlsx" else exc.value  # the kind is in the message, in words
        return "rejected", [Problem(exc.code, "", value, ERROR, facts)], None, "", ""
    if submission is None or any(p.severity == ERROR for p in problems):
        return "rejected", problems, submission, "", kind  # submission: who it claims to be, for the log
    problems, previous = kinds.named(kind).accept(submission, problems, ledger, plan)
    return "accepted", problems, submission, previous, kind


MAX_SETTLED_PATH = 150  # characters of a settled file's receipt path inside the workspace (see _destination)


def _destination(workspace: Workspace, taken: Claim, outcome: str, submission: Submission | None) -> Path:
    """Where a file goes: ``archive/<week>/<unit>_<claim>_<name>`` or ``rejected/<claim>_<name>``.

    Every part is a safe name (``names.safe_name``: valid on NTFS too), and the original
    name is shortened so that the receipt's path inside the workspace stays within
    ``MAX_SETTLED_PATH`` characters: under a workspace path of 100 characters, every
    path we create stays below Windows' limit of 260. The full original name is in
    the ledger and the receipt.
    """
    if outcome == "accepted" and submission is not None:
        folder = workspace.archive / safe_name(str(submission.week), 24)
        prefix = f"{safe_name(submission.unit, 16)}_{taken.id}_"
    else:
        folder, prefix = workspace.rejected, f"{taken.id}_"
    inside = len(folder.relative_to(workspace.root).as_posix()) + 1
    room = MAX_SETTLED_PATH - inside - len(prefix) - max(len(s) for s in SUFFIX.values())
    return folder / (prefix + safe_name(taken.name, limit=max(room, 12)))
