"""Reminders (påminnelser) to the units that have not reported a week.

A unit is reminded when it has an address in the plan (``Enheter``, column ``E-post``) and no
accepted file counts for the week. A rejected file counts as not reported: the reminder says so
and names its receipt. The message carries no figures, no person's name and no blocker, and
nothing of any other unit: a reminder may be forwarded, or read by the wrong person. What the
unit needs is attached: its own template for the week, the week already picked, with its own
standing in it as the template in its folder has (``reminder_status = false`` leaves the
standing out, for units whose address is a shared mailbox).
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from pipeline.config import Settings
from pipeline.ledger.store import Ledger
from pipeline.mail.compose import XLSX, Body, message
from pipeline.mail.deliver import Outgoing
from pipeline.mail.rhythm import BEFORE
from pipeline.plan.model import Plan, Unit
from pipeline.report.figures import deadline
from pipeline.strings import Texts, shown_time
from pipeline.template.standing import UnitStanding, deadline_text
from pipeline.template.write import template_name, write_template
from pipeline.weeks import IsoWeek
from pipeline.workspace import Workspace


def unreported(ledger: Ledger, plan: Plan, week: IsoWeek) -> list[tuple[Unit, str | None]]:
    """(unit, when its latest rejected file came, or None) for every unit with an address and no
    accepted file for ``week``, in the plan's order. The file's name is never told: a unit may
    name a file after a person, or it may be another unit's file sent under this unit's id."""
    out = []
    for unit in plan.units:
        if not unit.emails or ledger.current_file(unit.id, str(week)) is not None:
            continue
        rejected = [r for r in ledger.history(unit.id, str(week)) if r.outcome == "rejected"]
        out.append((unit, rejected[-1].received_at if rejected else None))
    return out


def drop_folder(unit: Unit, ws: Workspace, settings: Settings) -> str:
    """Where the unit drops its file, as the unit sees it (``drop_path``, ``{unit}`` its id)."""
    if settings.drop_path:
        return settings.drop_path.replace("{unit}", unit.id)
    return str(ws.inbox / unit.id) if settings.per_unit_folders else str(ws.inbox)


def reminders(
    ws: Workspace,
    settings: Settings,
    plan: Plan,
    ledger: Ledger,
    week: IsoWeek,
    kind: str,
    now: datetime,
    standings: dict[str, UnitStanding] | None,
) -> list[Outgoing]:
    """The reminders of ``kind`` (``rhythm.BEFORE`` or ``AFTER``) for ``week``: one per unit due one."""
    t = Texts(settings.language)
    due = deadline_text(deadline(week, settings), t)
    days = f"{week.monday():%Y-%m-%d} – {week.day(7):%Y-%m-%d}"
    out = []
    for unit, rejected in unreported(ledger, plan, week):
        subject = t(
            f"mail.remind.subject.{'before' if kind == BEFORE else 'after'}", week_no=week.week, due=due
        )
        receipt = shown_time(rejected) if rejected else None  # when the rejected file came
        standing = (standings or {}).get(unit.id) if settings.reminder_status else None

        def build(unit=unit, receipt=receipt, standing=standing, subject=subject) -> object:
            body = Body(settings.language)
            name = template_name(unit, settings.language, week)
            body.para(t("mail.remind.hello", unit=unit.name))
            body.para(
                t(
                    f"mail.remind.{'before' if kind == BEFORE else 'after'}",
                    week_no=week.week,
                    days=days,
                    due=due,
                )
            )
            if receipt:
                body.para(t("mail.remind.rejected", receipt=receipt), strong=True)
            body.para(t("mail.remind.how"))
            first = "mail.remind.step1-status" if standing is not None else "mail.remind.step1"
            body.steps(
                [
                    t(first, template=name),
                    t("mail.remind.step2"),
                    t("mail.remind.step3", drop=drop_folder(unit, ws, settings)),
                ]
            )
            body.para(t("mail.remind.receipt"))
            body.para(t("mail.footer", programme=plan.name))
            data = _template_bytes(plan, unit, ws, settings.language, week, standing)
            to = [("", address) for address in unit.emails]
            key = f"{kind}/{week}/{unit.id}"
            return message(settings.mail_sender, to, subject, body, key, now, [(name, data, XLSX)])

        to = tuple(("", address) for address in unit.emails)
        out.append(Outgoing(kind, str(week), unit.id, to, subject, build))
    return out


def _template_bytes(
    plan: Plan, unit: Unit, ws: Workspace, language: str, week: IsoWeek, standing: UnitStanding | None
) -> bytes:
    """The unit's own template for ``week``, written in the state folder and read back."""
    ws.state.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ws.state, prefix="mail-") as folder:
        path = write_template(plan, unit, Path(folder) / "template.xlsx", language, week, standing)
        return path.read_bytes()
