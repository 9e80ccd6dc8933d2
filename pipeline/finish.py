"""Step 3 of intake for a recorded file: its receipt, its move to its place, its line in the receipts log.

``Settling`` holds everything step 3 needs, worked out from the ledger by
ingest. ``settle_file`` carries it out, and is safe to run twice (after a
crash, or when the finishing worker died half-way): the receipt is written
atomically and overwritten with the same content, a file already moved is left
where it is, and the log line is written only once when ``once`` is set.

During a burst ingest hands ``Settling`` items to a separate worker process
(``isolate.Finisher``): the receipt is the costliest part of a file's intake
(an xlsx written with xlsxwriter, about 3.5 ms), and the worker writes it on
the other core while ingest records the next files.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.inbox import Claim
from pipeline.plan.model import Plan
from pipeline.receipt import append_receipt_line, receipt_path, write_receipt
from pipeline.validate import Problem, Submission


@dataclass(frozen=True)
class Settling:
    """One recorded file, ready for step 3."""

    taken: Claim
    destination: Path
    outcome: str  # the receipt's: accepted, superseded, duplicate or rejected
    problems: list[Problem]
    submission: Submission | None
    previous: str
    language: str
    log_path: Path
    log_line: str
    once: bool  # a redo: the log line may already be there


def settle_file(item: Settling, plan: Plan) -> None:
    """Writes the receipt, moves the file into place, appends the log line (idempotent)."""
    write_receipt(
        receipt_path(item.destination, item.language),
        file_name=item.taken.name,
        received_at=item.taken.received_at,
        outcome=item.outcome,
        problems=item.problems,
        submission=item.submission,
        plan=plan,
        language=item.language,
        previous=item.previous,
    )
    move_into_place(item.taken, item.destination)
    append_receipt_line(item.log_path, item.log_line, once=item.once)


def move_into_place(taken: Claim, destination: Path) -> None:
    """Moves the claimed file to ``destination`` and removes the claim; a file already moved stays."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(taken.file, destination)
    except FileNotFoundError:
        if not destination.exists():
            raise  # neither here nor there: not ours to paper over
    try:  # the claim holds only meta.json now: two calls instead of a tree walk
        (taken.dir / "meta.json").unlink(missing_ok=True)
        taken.dir.rmdir()
    except OSError:
        shutil.rmtree(taken.dir, ignore_errors=True)
