"""What ``pipeline status`` prints: the week at a glance, the watcher, and what intake could not finish.

Read-only: it reads the ledger and the folders and never waits for the workspace lock.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.intake.claims import count_claims
from pipeline.intake.inbox import left_alone
from pipeline.ledger import waiting as inbox_waiting
from pipeline.ledger.store import Ledger
from pipeline.report.figures import ReportData
from pipeline.service.heartbeat import watcher_line
from pipeline.strings import Texts, shown_time


def summary_lines(ctx, data: ReportData, now: datetime) -> list[str]:
    """The lines of ``pipeline status`` for a loaded workspace (``commands.Context``) and its report data,
    in the workspace's language."""
    t = Texts(ctx.settings.language)
    total = data.total
    missing = [u.unit_id for u in data.units if u.reported == "missing"]
    reported = len(data.units) - len(missing)
    main = ctx.plan.measure(ctx.plan.main_measure)
    n = t.number
    lines = [
        t("cli.status.title", programme=ctx.plan.name, week=data.week),
        t("cli.status.reported", reported=reported, units=len(data.units))
        + (t("cli.status.missing", units=", ".join(missing)) if missing else ""),
        t(
            "cli.status.figures",
            measure=main.name,
            actual=n(total.actual),
            target=n(total.target),
            gap=_signed(t, total.gap),
            needed=n(total.needed),
            goal=n(total.goal),
        ),
        t("cli.status.status", status=t(f"status.{total.status}")),
    ]
    if data.outlook is not None and data.outlook.current_pace is not None:
        o = data.outlook
        lines.append(
            t(
                "cli.status.pace",
                required=n(round(o.required_pace or 0, 1)),
                current=n(round(o.current_pace, 1)),
                weeks=ctx.settings.pace_weeks,
                forecast=n(round(o.forecast)),
                last=ctx.plan.last_week,
                reached=str(o.goal_week) if o.goal_week else t("cli.status.not-in-period"),
            )
            + (t("cli.status.without-data", units=", ".join(o.without_data)) if o.without_data else "")
        )
    if data.last_year_to_date is not None:
        months = data.months
        won = (
            t("cli.status.months-won", won=int(months["won"].sum()), months=len(months))
            if months is not None
            else ""
        )
        diff = _signed(t, total.actual - data.last_year_to_date)
        lines.append(t("cli.status.last-year", value=n(data.last_year_to_date), diff=diff, won=won))
    for h in data.held:
        lines.append(
            t("cli.status.held", unit=h.unit_id, week=h.week, measure=h.measure_id, value=n(h.value))
        )
    from pipeline.mail.said import status_lines  # the latest messages sent (reminders, the digest)

    with Ledger(ctx.workspace.ledger_file) as ledger:
        lines += status_lines(ledger, t)
    lines.append(watcher_line(ctx.workspace, now, t))
    lines += intake_lines(ctx, now)
    return lines


def _signed(t: Texts, value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + t.number(abs(value))


def intake_lines(ctx, now: datetime, shown: int = 5) -> list[str]:
    """Lines for ``pipeline status`` on what intake could not finish: files that wait, files left alone."""
    t = Texts(ctx.settings.language)
    lines = []
    with Ledger(ctx.workspace.ledger_file) as ledger:
        waiting = long_waiting(inbox_waiting.waiting(ledger), now, ctx.settings.waiting_alert_minutes)
    for place, since, reason in waiting:
        lines.append(t("cli.status.waiting", place=place, since=shown_time(since), reason=reason))
    work = count_claims(ctx.workspace.work)
    if work:
        lines.append(t("cli.status.work", n=work))
    alone = left_alone(ctx.workspace.inbox)
    if alone:
        more = t("cli.status.more", n=len(alone) - shown) if len(alone) > shown else ""
        names = ", ".join("inbox/" + a for a in alone[:shown])
        lines.append(t("cli.status.ignored", n=len(alone), names=names, more=more))
    return lines


def long_waiting(
    rows: list[tuple[str, str, str]], now: datetime, minutes: float
) -> list[tuple[str, str, str]]:
    """The files that have waited in the inbox for ``minutes`` or more (``waiting_alert_minutes``)."""
    return [r for r in rows if (now - datetime.fromisoformat(r[1])).total_seconds() >= minutes * 60]
