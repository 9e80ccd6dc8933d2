"""The weekly digest (veckobrev) for leadership: the week on one screen, and the workbook attached.

It says what the overview says and in the same words, from the same computation
(``report.figures.build`` for the week): the headline sentence, the key figures
(``sheets_overview.key_figure_rows``, the very rows the workbook writes), the escalations and
blocked actions, the units that are missing, and the months won against last year. HTML with a
plain-text alternative; the HTML is real tables with header cells, and "won" is said in words.
It attaches the leadership workbook made from the same data, and its PDF when LibreOffice made one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.mail.compose import PDF, XLSX, Body, message
from pipeline.mail.deliver import Outgoing
from pipeline.report.agenda import BLOCKED, ESCALATION
from pipeline.report.figures import ReportData
from pipeline.report.sheets_overview import headline, key_figure_rows
from pipeline.strings import Texts

DIGEST, LEADERSHIP = "digest", "leadership"


def figure_text(t: Texts, value: object, kind: str) -> str:
    """A key figure as the workbook shows it (its number formats ``#,##0``, ``+0%``, ``#,##0.0``)."""
    if kind in ("text", "status"):
        return str(value)
    if value is None or value != value:  # NaN: the workbook leaves the cell empty
        return "–"
    scale, digits = (100 if "pct" in kind else 1), (1 if kind == "dec" else 0)
    shown = round(float(value) * scale, digits)
    text = t.number(abs(shown), 1) if digits else t.number(abs(int(shown)))
    sign = "−" if shown < 0 else ("+" if kind in ("signed", "signed_pct") and shown > 0 else "")
    return sign + text + (("\u00a0%" if t.language == "sv" else "%") if scale == 100 else "")


def digest_body(data: ReportData, language: str, attached: list[str]) -> tuple[str, Body]:
    """The digest's subject and body for the week of ``data``."""
    t = Texts(language)
    plan, week = data.plan, data.week
    line = headline(t, data.total)
    body = Body(language)
    body.heading(t("mail.digest.title", programme=plan.name, week_no=week.week), 1)
    body.para(line, strong=True)
    body.para(
        t(
            "mail.digest.intro",
            week=week,
            week_range=f"{week.monday():%Y-%m-%d} – {week.day(7):%Y-%m-%d}",
            goal_text=plan.goal_text,
        )
    )
    if data.held:
        body.para(t("mail.digest.held", n=len(data.held)))
    rows = [[label, figure_text(t, value, kind)] for label, value, kind, _ in key_figure_rows(t, data)]
    body.heading(t("mail.digest.key"))
    body.table(t("mail.digest.key"), [t("mail.digest.figure"), t("mail.digest.value")], rows, {1})

    body.heading(t("mail.digest.agenda"))
    agenda = (
        data.blockers[data.blockers["reason"].isin([ESCALATION, BLOCKED])]
        if not data.blockers.empty
        else None
    )
    if agenda is None or agenda.empty:
        body.para(t("mail.digest.agenda-none"))
    else:
        header = [
            t("report.col.reason"),
            t("report.col.unit"),
            t("report.col.group"),
            t("report.col.action"),
            t("report.col.blocker"),
            t("report.col.weeks_in_row"),
        ]
        body.table(
            t("mail.digest.agenda"),
            header,
            [
                [
                    t(f"report.reason.{r.reason}"),
                    r.name,
                    r.group,
                    r.action,
                    r.blocker,
                    t.number(int(r.weeks_in_row)),
                ]
                for r in agenda.itertuples()
            ],
            {5},
        )

    body.heading(t("mail.digest.missing"))
    if data.missing.empty:
        body.para(t("mail.digest.missing-none"))
    else:
        body.table(
            t("mail.digest.missing"),
            [t("report.col.unit"), t("report.col.group"), t("report.col.last_week")],
            [
                [r.name, r.group, str(r.last_week) if r.last_week is not None else t("report.col.never")]
                for r in data.missing.itertuples()
            ],
        )

    if data.months is not None and not data.months.empty:
        frame = data.months
        body.heading(t("mail.digest.months"))
        body.para(t("report.months.won", won=int(frame["won"].sum()), total=len(frame)))
        body.table(
            t("mail.digest.months"),
            [
                t("mail.digest.month"),
                t("mail.digest.this-year"),
                t("mail.digest.last-year"),
                t("mail.digest.won"),
            ],
            [
                [
                    t.month(*r.month),
                    t.number(round(r.this_year)),
                    t.number(round(r.last_year)),
                    t("mail.digest.won-yes") if r.won else t("mail.digest.won-no"),
                ]
                for r in frame.itertuples()
            ],
            {1, 2},
        )
    if attached:
        body.para(t("mail.digest.attached", files=", ".join(attached)))
    body.para(t("mail.footer", programme=plan.name))
    return t("mail.digest.subject", week_no=week.week, headline=line), body


def digest(
    data: ReportData,
    language: str,
    sender: str,
    workbook: Path,
    pdf: Path | None,
    now: datetime,
    names: tuple[str, str | None],
) -> Outgoing:
    """The digest of ``data.week`` to the plan's ``Veckobrev`` recipients, with its attachments.

    ``names``: the attachments' names as leadership sees them (``lagesrapport_2026-W49.xlsx``, ``.pdf``).
    """
    attached = [names[0]] + ([names[1]] if pdf is not None and names[1] else [])
    subject, body = digest_body(data, language, attached)
    to = tuple(data.plan.digest_to)

    def build():
        files = [(names[0], workbook.read_bytes(), XLSX)]
        if pdf is not None and names[1]:
            files.append((names[1], pdf.read_bytes(), PDF))
        return message(sender, list(to), subject, body, f"{DIGEST}/{data.week}", now, files)

    return Outgoing(DIGEST, str(data.week), LEADERSHIP, to, subject, build)
