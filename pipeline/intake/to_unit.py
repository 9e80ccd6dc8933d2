"""What reaches the unit: a copy of each receipt, and a short "latest status" note, where only it reads them.

Receipts lie beside the originals in ``archive/`` and ``rejected/``, which hold every
unit's files, so units are kept out of them. Each unit gets a receipts folder of its
own instead, written by intake and never taken files from:

* with a folder of its own in the inbox (``inbox/<unit>/``, the ``per_unit_folders``
  setting): ``inbox/<unit>/kvittenser/`` (``receipts/`` in English). Intake never takes
  a file deeper than ``inbox/<unit>/``, and ``status`` does not count this folder as
  left alone;
* otherwise: ``outbox/kvittenser/<unit>/``, where the administrator grants each unit
  read access to its own folder only (the README's permissions section).

Which unit a file's receipt goes to: the unit whose inbox folder it came from (the
person who dropped it reads that folder, whatever the file claims), else the unit the
file claims, when the plan has it. A file whose unit cannot be told gets no copy (its
receipt is in ``rejected/``, as always).

The note, ``senaste_status.txt`` (``latest_status.txt``), says which file counts for each
of the unit's latest weeks, which of its figures wait for a check, and its latest files
with their outcome and, for a rejected one, why. Only the unit's own files and figures: the
files it lists are the ones ``unit_of`` gives the unit, so a file dropped in another unit's
folder, whatever it claims, is never named here, and a file from the unit's folder that could
not be read at all still is.
It is written again after every pass that settled one of the unit's files, as UTF-8 with
a byte-order mark (Windows Notepad reads it right).

A copy or a note that cannot be written (a permission on the share) is logged and never
holds up the file, its receipt or the other files.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pipeline.intake.inbox import RECEIPTS_FOLDER
from pipeline.intake.names import safe_name
from pipeline.ledger.confirmations import held_of_unit
from pipeline.ledger.store import Ledger
from pipeline.model import ERROR
from pipeline.plan.model import Plan
from pipeline.strings import Texts, shown_name, shown_time
from pipeline.weeks import IsoWeek
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

STATUS_NOTE = {"sv": "senaste_status.txt", "en": "latest_status.txt"}
WEEKS_SHOWN, FILES_SHOWN, REASONS_SHOWN = 5, 8, 3


def unit_of(folder: str, claimed: str | None, plan: Plan) -> str | None:
    """The unit a file's receipt goes to: its inbox folder's, else the one it claims (plan units only)."""
    for candidate in (folder, claimed):
        if candidate and plan.unit(candidate) is not None:
            return candidate
    return None


def receipts_folder(workspace: Workspace, unit: str, language: str) -> Path:
    """The unit's own receipts folder (see the module notes)."""
    name = RECEIPTS_FOLDER.get(language, RECEIPTS_FOLDER["sv"])
    own = workspace.inbox / unit
    if own.is_dir() and not own.is_symlink():
        return own / name
    return workspace.outbox / name / safe_name(unit, 40)


def copy_receipt(receipt: Path, folder: Path) -> None:
    """Copies ``receipt`` into the unit's ``folder``, atomically; a failure is logged, never raised."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".tmp-{receipt.name}"
        shutil.copyfile(receipt, tmp)
        os.replace(tmp, folder / receipt.name)
    except OSError as exc:
        log.warning(
            "could not copy the receipt %s to %s (%s); the receipt itself is in place",
            receipt.name,
            folder,
            exc,
        )


@dataclass(frozen=True)
class Notes:
    """The status notes one pass has to write: those of the units whose files it settled."""

    workspace: Workspace
    units: tuple[str, ...]
    language: str
    now: datetime


def write_notes(notes: Notes, plan: Plan) -> None:
    """Writes each unit's note (a note that cannot be written is logged, see ``write_status_note``).

    Run in this process, or as a job of the finishing worker while the pass's report is
    written (``settle.NotesMeanwhile``): it reads the ledger through a connection of its own.
    """
    with Ledger(notes.workspace.ledger_file) as ledger:
        for unit in notes.units:
            write_status_note(ledger, notes.workspace, plan, unit, notes.language, notes.now)


def write_status_note(
    ledger: Ledger, workspace: Workspace, plan: Plan, unit: str, language: str, now: datetime
) -> Path | None:
    """Writes the unit's latest-status note in its receipts folder; None when it could not be written."""
    folder = receipts_folder(workspace, unit, language)
    text = status_note(ledger, plan, unit, language, now)
    target = folder / STATUS_NOTE.get(language, STATUS_NOTE["sv"])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".tmp-{target.name}"
        tmp.write_text(text, encoding="utf-8-sig")
        os.replace(tmp, target)
    except OSError as exc:
        log.warning("could not write the status note for %s in %s (%s)", unit, folder, exc)
        return None
    return target


def status_note(ledger: Ledger, plan: Plan, unit: str, language: str, now: datetime) -> str:
    """The note's text: the unit's own files and figures only."""
    t = Texts(language)
    known = plan.unit(unit)
    lines = [
        t(
            "unit-note.title",
            unit=unit,
            name=known.name if known else unit,
            when=shown_time(now.isoformat(timespec="minutes")),
        ),
        "",
    ]
    unit_ids = plan.derived("unit ids", lambda p: [u.id for u in p.units])
    files = ledger.unit_log(unit, unit_ids, 200)  # the files it dropped, as unit_of says
    counting = [r for r in files if r.outcome == "accepted" and _is_week(r.week)]  # weekly reports
    lines.append(t("unit-note.counting"))
    weeks = sorted({r.week for r in counting if r.week}, reverse=True)[:WEEKS_SHOWN]
    for week in weeks:
        record = next(r for r in counting if r.week == week)
        lines.append(
            t(
                "unit-note.week",
                week=week,
                file=shown_name(record.name),
                received=shown_time(record.received_at),
            )
        )
    if not weeks:
        lines.append(t("unit-note.none"))
    held = held_of_unit(ledger, unit)
    if held:
        lines += ["", t("unit-note.held")]
        for week, measure, value in held:
            m = plan.measure(measure)
            lines.append(
                t("unit-note.held-line", week=week, measure=m.name if m else measure, value=t.number(value))
            )
    lines += ["", t("unit-note.latest")]
    for record in files[:FILES_SHOWN]:
        what = t("unit-note.week-label", week=record.week) if _is_week(record.week) else record.week or ""
        facts = {"received": shown_time(record.received_at), "file": shown_name(record.name)}
        outcome = t(f"outcome.{record.outcome}")
        lines.append(t("unit-note.file", **facts, outcome=outcome, what=what).rstrip())
        if record.outcome == "rejected":
            errors = [p for p in record.problems if p.severity == ERROR]
            for problem in errors[:REASONS_SHOWN]:
                where = f"{problem.cell}: " if problem.cell else ""
                lines.append("      " + where + problem.message(t))
            if len(errors) > REASONS_SHOWN:
                lines.append("      " + t("unit-note.more", n=len(errors) - REASONS_SHOWN))
    lines += ["", t("unit-note.footer")]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1024)  # a pure function's memo: a unit's note asks it of every file it lists
def _is_week(text: str | None) -> bool:
    """Whether a file's period is an ISO week (a weekly report), not another kind's period."""
    try:
        IsoWeek.parse(text or "")
    except ValueError:
        return False
    return True
