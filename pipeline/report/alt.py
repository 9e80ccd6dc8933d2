"""The text alternatives of the leadership workbook's charts (xlsxwriter's ``description``).

A screen reader reads a chart's description instead of the picture, so it says what the
chart shows with this week's numbers, as the meeting would say it: "Utfall 46 mot plan 52
till vecka 2026-W49; föregående år 28". The workbook has no decorative pictures: every
picture is a chart that carries figures, so none is marked ``decorative``.
"""

from __future__ import annotations

from pipeline.report.figures import BEHIND, ReportData
from pipeline.strings import Phrase, Texts


def cumulative(t: Texts, data: ReportData) -> str:
    """The overview's line chart: actual against plan to date, last year, the goal."""
    n = t.number
    last_year = (
        Phrase("report.alt.last_year", n=n(round(data.last_year_to_date)))
        if data.last_year_to_date is not None
        else ""
    )
    return t(
        "report.alt.cumulative",
        measure=data.plan.measure(data.plan.main_measure).name,
        actual=n(round(data.total.actual)),
        plan=n(round(data.total.target)),
        week=data.week,
        last_year=last_year,
        goal=n(round(data.total.goal)),
        last=data.plan.last_week,
    )


def units(t: Texts, data: ReportData, order: list) -> str:
    """The overview's bar chart of every unit, in the chart's ``order`` (most behind first)."""
    if not order:
        return t("report.alt.units", week=data.week, behind=0, n=0, first="", last="")

    def said(unit) -> str:
        s = unit.standing
        actual, plan = t.number(round(s.actual)), t.number(round(s.target))
        return t("report.alt.unit", name=unit.name, actual=actual, plan=plan)

    behind = sum(1 for u in order if u.standing.status == BEHIND)
    first, last = said(order[0]), said(order[-1])
    return t("report.alt.units", week=data.week, behind=behind, n=len(order), first=first, last=last)


def months(t: Texts, data: ReportData) -> str:
    """The month-by-month column chart: the latest month, and how many months beat last year."""
    frame = data.months
    latest = frame.iloc[-1]
    return t(
        "report.alt.months",
        measure=data.plan.measure(data.plan.main_measure).name,
        month=t.month(*latest["month"]),
        this_year=t.number(round(latest["this_year"])),
        last_year=t.number(round(latest["last_year"])),
        won=int(frame["won"].sum()),
        total=len(frame),
    )
