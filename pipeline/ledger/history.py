"""The chain of files for one unit and week: what came in, what happened, where each file is now.

``pipeline history --unit E01 --week 2026-W46`` prints it, oldest first::

    Filer för enhet E01, vecka 2026-W46:
      2026-11-22 18:00  forsta.xlsx  Ersatt av senare fil  ligger i archive/2026-W46/E01_...
      2026-11-23 09:10  andra.xlsx  Godkänd (räknas)  Rättelse: ersätter tidigare fil ...
          ligger i archive/...

Rejected files are listed when the unit and week they claim could be read.
"""

from __future__ import annotations

from pipeline.ledger.confirmations import confirmations, held_of
from pipeline.ledger.store import Ledger
from pipeline.model import NOTE, FileRecord
from pipeline.strings import Texts, shown_name, shown_time


def history_lines(ledger: Ledger, unit: str, week: str, language: str = "sv") -> list[str]:
    """One line per file for ``unit`` and ``week``, oldest first, in the user's language."""
    t = Texts(language)
    records = ledger.history(unit, week)
    if not records:
        return [t("history.none", unit=unit, week=week)]
    confirmed = [
        t("history.confirmed", measure=c.measure, value=t.number(c.value), by=c.by, at=shown_time(c.at))
        for c in confirmations(ledger, unit, week)
    ]
    held = "; ".join(f"{m} {t.number(v)}" for m, v in held_of(ledger, unit, week))
    lines = [_line(r, t, held) for r in records]
    return [t("history.title", unit=unit, week=week)] + lines + confirmed


def _line(record: FileRecord, t: Texts, held: str) -> str:
    outcome = t(f"outcome.{record.outcome}")
    if record.outcome == "accepted":  # the file that counts; a held figure of it does not, yet
        outcome += f" ({t('history.counts-but', held=held) if held else t('history.counts')})"
    notes = [p.message(t) for p in record.problems if p.severity == NOTE]
    codes = sorted({p.code for p in record.problems if p.severity != NOTE})
    parts = [shown_time(record.received_at), shown_name(record.name), outcome, *notes]
    if codes:
        parts.append(f"{t('history.codes')}: {', '.join(codes)}")
    parts.append(f"{t('history.where')} {record.destination}")
    return "  " + "  ".join(parts)
