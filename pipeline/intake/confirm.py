"""``pipeline confirm``: the administrator's word that a held figure is right, on record and replayable.

A figure that intake finds implausible is stored but held (``pipeline.intake.plausible``,
``pipeline.ledger.confirmations``): it counts nowhere until a corrected file replaces it
or the administrator confirms it here. A confirmation is written twice, in this order:

1. one JSON line in ``archive/confirmations.jsonl``, the journal, flushed to disk: it lies
   beside the originals, the source of truth that ``pipeline rebuild`` replays;
2. a row in the ledger's ``confirmations`` (who, when), which lets the figure count.

A kill between the two leaves the figure held and the line in the journal: confirming
again records it once (the ledger's row is unique), and a rebuild replays it anyway. The
journal is never rewritten, only appended to.

``rebuild`` replays the journal in time order among the files (``replay_before``): a
confirmation counts for the files that came after it, exactly as it did the first time,
so the rebuilt ledger flags and holds the same figures as the one it replaces.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import WorkspaceError
from pipeline.ledger.confirmations import confirmations, held_figures, held_of, record_confirmation
from pipeline.ledger.store import Ledger
from pipeline.model import Confirmation
from pipeline.plan.model import Plan
from pipeline.strings import Texts, tell

log = logging.getLogger(__name__)

JOURNAL = "confirmations.jsonl"  # in archive/, whatever the language (never a unit's file)


def journal_path(archive: Path) -> Path:
    return archive / JOURNAL


def confirm(
    ledger: Ledger,
    archive: Path,
    plan: Plan,
    unit: str,
    week: str,
    measure: str | None,
    by: str,
    at: str,
    language: str,
) -> list[Confirmation]:
    """Confirms the held figures of ``unit`` and ``week`` (of ``measure`` only, when given).

    Args:
        measure: a measure's id (``praktik``) or its name as the plan writes it; None for every
            held figure of that unit and week.
        by, at: who confirms (recorded as given) and when (ISO 8601, from the caller's clock).

    Raises:
        WorkspaceError: nothing of that unit and week is held (the message lists what is), or
            no measure is called ``measure``.
    """
    t = Texts(language)
    unit = _unit_id(plan, unit, t)
    wanted = _measure_id(plan, measure, t) if measure else None
    of_week = held_of(ledger, unit, week)
    held = [(m, v) for m, v in of_week if wanted is None or m == wanted]
    if not held:
        raise WorkspaceError(_nothing_held(ledger, plan, unit, week, wanted, of_week, t))
    made = [Confirmation(unit, week, m, v, by, at) for m, v in held]
    append_journal(journal_path(archive), made)
    with ledger.transaction():
        for confirmation in made:
            record_confirmation(ledger, confirmation)
    for c in made:
        log.info("confirmed %s %s %s = %g (by %s)", c.unit, c.week, c.measure, c.value, c.by)
    return made


def _measure_id(plan: Plan, measure: str, t: Texts) -> str:
    for m in plan.measures:
        if measure.strip().casefold() in (m.id.casefold(), m.name.casefold()):
            return m.id
    names = ", ".join(f"{m.id} ({m.name})" for m in plan.measures)
    raise WorkspaceError(t("confirm.no-measure", measure=measure, measures=names))


def _unit_id(plan: Plan, unit: str, t: Texts) -> str:
    """The plan's id for ``unit`` as typed (``e02`` is E02); an unknown unit is refused by name."""
    for u in plan.units:
        if unit.strip().casefold() == u.id.casefold():
            return u.id
    ids = ", ".join(u.id for u in plan.units[:20]) + (" …" if len(plan.units) > 20 else "")
    raise WorkspaceError(t("confirm.no-unit", unit=unit, units=ids))


def _nothing_held(
    ledger: Ledger,
    plan: Plan,
    unit: str,
    week: str,
    wanted: str | None,
    of_week: list[tuple[str, float]],
    t: Texts,
) -> str:
    """Why nothing was confirmed, as a reader asks: confirmed already? another measure? what waits?"""
    done = [c for c in confirmations(ledger, unit, week) if wanted is None or c.measure == wanted]
    if done:
        c = done[-1]
        facts = {"measure": _name(plan, c.measure), "value": t.number(c.value), "by": c.by}
        return t("confirm.already", unit=unit, week=week, at=c.at.replace("T", " "), **facts)
    if of_week:  # the measure asked for is not the held one
        shown = "; ".join(f"{_name(plan, m)} {t.number(v)}" for m, v in of_week)
        return t("confirm.other-measure", unit=unit, week=week, measure=_name(plan, wanted), figures=shown)
    waiting = held_figures(ledger)
    if not waiting:
        return t("confirm.nothing", unit=unit, week=week) + " " + t("confirm.none-at-all")
    shown = "; ".join(f"{u} {w} {_name(plan, m)} {t.number(v)}" for u, w, m, v, _, _ in waiting[:10])
    return t("confirm.nothing", unit=unit, week=week) + " " + t("confirm.waiting", figures=shown)


def _name(plan: Plan, measure_id: str) -> str:
    measure = plan.measure(measure_id)
    return measure.name if measure else measure_id


def confirmed_lines(made: list[Confirmation], plan: Plan, language: str) -> list[str]:
    """What ``pipeline confirm`` prints: one line per figure that now counts."""
    t = Texts(language)
    return [
        t(
            "confirm.done",
            unit=c.unit,
            week=c.week,
            measure=_name(plan, c.measure),
            value=t.number(c.value),
            by=c.by,
            at=c.at.replace("T", " "),
        )
        for c in made
    ]


def append_journal(path: Path, made: list[Confirmation]) -> None:
    """Appends ``made`` to the journal, one JSON line each, and flushes it to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as journal:
        if journal.tell() > 0:  # a last line cut short (a kill, an editor) must not swallow this one
            journal.seek(journal.tell() - 1)
            ended = journal.read(1) == "\n"
            journal.seek(0, os.SEEK_END)
            if not ended:
                journal.write("\n")
        for c in made:
            journal.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
        journal.flush()
        os.fsync(journal.fileno())


def read_journal(path: Path) -> list[Confirmation]:
    """Every confirmation in the journal, oldest first. A line that cannot be read (cut short by a
    kill while it was written) is skipped with a warning: it was never recorded in the ledger."""
    if not path.is_file():
        return []
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:  # from its first brace: a line glued to a torn one before it is still read
            out.append(Confirmation.from_json(json.loads(line[line.find("{") :])))
        except (ValueError, KeyError, TypeError):
            tell(log, logging.WARNING, "confirm.journal-skipped", path=path, line=number, text=line[:80])
    return sorted(out, key=lambda c: c.at)


class Replay:
    """The journal's confirmations, handed out in time order while ``rebuild`` replays the files."""

    def __init__(self, confirmations: list[Confirmation]):
        self._left: Iterator[Confirmation] = iter(confirmations)
        self._next = next(self._left, None)

    def replay_before(self, ledger: Ledger, received_at: str) -> None:
        """Records every confirmation made before a file received at ``received_at``."""
        while self._next is not None and self._next.at < received_at:
            record_confirmation(ledger, self._next)
            self._next = next(self._left, None)

    def replay_rest(self, ledger: Ledger) -> None:
        """Records the confirmations made after the last file."""
        while self._next is not None:
            record_confirmation(ledger, self._next)
            self._next = next(self._left, None)
