"""``pipeline demo``: a complete workspace with several weeks of simulated reporting.

It runs the real product end to end: init, plan, templates, then each week
the units fill in their templates (with openpyxl, as Excel would save them),
drop them in the inbox, and an ingest pass runs as of that Friday afternoon.
The last week is "now": two units have not reported yet (their reminders, and the week's
digest, are written to ``outbox/mail/``), and two others
have been blocked for three weeks running. Along the way a few
files are faulty on purpose: a blank required cell, text in a number cell
("5 st"), a week outside the period, and the same file dropped twice. One
unit also sends a corrected file, which supersedes its first one.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from pipeline.commands import init_workspace, load, make_plan, make_report, make_templates, run_ingest
from pipeline.errors import WorkspaceError
from pipeline.mail.run import remind, send_digest
from pipeline.maturity.demo import run_maturity_demo
from pipeline.plan.backplan import targets
from pipeline.strings import Texts
from pipeline.template.fill import fill_template
from pipeline.template.write import template_name
from pipeline.weeks import IsoWeek

MARKER = ".pipeline-demo"
# how each example unit performs against its plan (E03 and E07 fall behind)
PACE = {"E01": 1.15, "E02": 0.95, "E03": 0.65, "E04": 1.05, "E05": 0.9, "E06": 1.0, "E07": 0.7, "E08": 1.1}
LATE_THIS_WEEK = ("E06", "E08")


@dataclass
class DemoResult:
    workspace: Path
    report: Path
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    weeks: list[IsoWeek] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)
    maturity: Path | None = None  # the maturity workbook of the latest occasion
    mail: list[str] = field(default_factory=list)  # the .eml files written to outbox/mail/


def prepare(root: Path) -> None:
    """Empties ``root`` if it is an earlier demo; refuses to touch any other folder with content."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise WorkspaceError(key="error.demo-exists", root=root)
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("made by `pipeline demo`; safe to delete\n", encoding="utf-8")


def run_demo(root: Path, now: datetime, language: str = "sv") -> DemoResult:
    """Builds the demo workspace in ``root`` as of ``now`` and returns what happened."""
    prepare(root)
    init_workspace(root, now.date(), language)
    make_plan(root)
    make_templates(root)
    ctx = load(root)
    plan, ws = ctx.plan, ctx.workspace
    t = Texts(language)
    weekly = targets(plan)
    weekly = weekly.set_index(["unit", "measure", "week"])["weekly"]
    rng = random.Random(47)
    current = IsoWeek.of(now)
    weeks = [w for w in plan.weeks if w <= current]
    result = DemoResult(root, root)
    yes, no = t("yes"), t("no")
    blocked, in_progress = t("action.blocked"), t("action.in_progress")
    blockers = {
        "sv": [
            "Två handläggare sjuka, matchningssamtal fick skjutas upp",
            "Arbetsgivarna svarar inte före jul",
            "Väntar på beslut om lönebidrag",
            "Väntar på Mottagningen: inga nya ärenden överlämnade",
            "Väntar på beslut från Arbetsmarknad om praktikplatser",
        ],
        "en": [
            "Two case officers off sick, matching interviews postponed",
            "Employers do not answer before Christmas",
            "Waiting for a wage-subsidy decision",
            "Waiting for Mottagningen: no new cases handed over",
            "Waiting for a decision from Labour market on internships",
        ],
    }[language if language in ("sv", "en") else "sv"]

    for index, week in enumerate(weeks):
        is_current = week == current
        drop = ws.inbox
        for unit in plan.units:
            if is_current and unit.id in LATE_THIS_WEEK:
                continue
            values = {}
            for measure in plan.measures:
                target = float(weekly.get((unit.id, measure.id, week), 0.0))
                values[measure.id] = max(0, round(rng.gauss(target * PACE[unit.id], 0.7)))
            stuck = PACE[unit.id] < 0.8 and index >= len(weeks) - 3
            actions = [
                {
                    "acted": no if stuck else yes,
                    "status": blocked if stuck else in_progress,
                    "result": "" if stuck else ("+" + str(values[plan.main_measure])),
                    "blocker": _blocker(unit.id, blockers, index, len(weeks)) if stuck else "",
                },
                {"acted": yes, "status": in_progress, "result": ""},
            ]
            if unit.id == "E05" and index == len(weeks) - 1:
                actions[1] = {"acted": no, "status": blocked, "blocker": blockers[2]}
            template = ws.templates / template_name(unit, language)
            out = drop / f"{unit.id}_{week}.xlsx"
            fill_template(
                template,
                out,
                week=str(week),
                values=values,
                actions=actions,
                comment="" if rng.random() < 0.7 else blockers[1],
            )
        if index == len(weeks) - 2:
            _faulty_files(ws.inbox, ws.templates, plan, language, week)
        friday = datetime.combine(week.day(5), time(15, 0)) if not is_current else now
        pass_result, _ = run_ingest(root, friday, settle_seconds=0, session=ctx.session)
        if index == len(weeks) - 2:
            # the same file dropped again the week after, and a corrected file from E02
            shutil.copyfile(
                ws.archive / str(week) / _archived(ws.archive / str(week), "E01"),
                ws.inbox / f"E01_{week}_copy.xlsx",
            )
            e02 = plan.unit("E02")
            fill_template(
                ws.templates / template_name(e02, language),
                ws.inbox / f"E02_{week}_rättad.xlsx",
                week=str(week),
                values={m.id: 2 for m in plan.measures},
                actions=[{"acted": yes, "status": in_progress}],
            )
        _count(result, pass_result, t)
        result.weeks.append(week)

    result.report = make_report(root, now, session=ctx.session)
    # the week's messages as .eml files in outbox/mail/ (no mail server): the reminders to the two
    # units that have not reported, and the digest of the week (without its PDF: the demo stays quick)
    result.mail = [line[2] for line in remind(root, now, current, ctx=ctx).delivered.lines]
    digest_run = send_digest(root, now, current, ctx=ctx, with_pdf=False)
    result.mail += [line[2] for line in digest_run.delivered.lines]
    ctx.session.close()  # the passes' worker processes
    # two maturity occasions with several respondents per unit, so the change is visible
    result.maturity, maturity_passes = run_maturity_demo(root, now, language)
    for pass_result in maturity_passes:
        _count(result, pass_result, t)
    return result


def _archived(folder: Path, unit: str) -> str:
    return next(
        p.name
        for p in sorted(folder.iterdir())
        if p.name.startswith(unit + "_") and not p.name.endswith((".kvittens.xlsx", ".receipt.xlsx"))
    )


def _blocker(unit_id: str, blockers: list[str], index: int, weeks: int) -> str:
    """A stuck unit's blocker: the last two weeks E03 waits for a unit and E07 for a department."""
    if index < weeks - 2:
        return blockers[0]
    return {"E03": blockers[3], "E07": blockers[4]}.get(unit_id, blockers[0])


def _faulty_files(inbox: Path, templates: Path, plan, language: str, week: IsoWeek) -> None:
    unit = plan.units[1]
    template = templates / template_name(unit, language)
    main, second = plan.measures[0].id, plan.measures[1].id
    fill_template(template, inbox / "blank_required_value.xlsx", week=str(week), values={main: 2})
    fill_template(
        template, inbox / "five_st_in_number_cell.xlsx", week=str(week), values={main: "5 st", second: 1}
    )
    fill_template(
        template, inbox / "wrong_week.xlsx", week=str(plan.last_week + 3), values={main: 2, second: 1}
    )
    (inbox / "notes.csv").write_text("enhet;vecka;antal\nE02;47;5\n", encoding="utf-8")


def _count(result: DemoResult, pass_result, t: Texts) -> None:
    for record in pass_result.records:
        if record.outcome == "accepted":
            result.accepted += 1
        elif record.outcome == "duplicate":
            result.duplicates += 1
        else:
            result.rejected += 1
            codes = ", ".join(sorted({p.code for p in record.problems}))
            result.rejections.append(f"{record.name}: {codes}")
