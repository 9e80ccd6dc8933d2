"""What ``pipeline status`` prints: the week at a glance, the watcher, and what intake could not finish.

Read-only: it reads the ledger and the folders and never waits for the workspace lock.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.intake.inbox import left_alone
from pipeline.ledger.store import Ledger
from pipeline.report.figures import ReportData
from pipeline.service.heartbeat import watcher_line
from pipeline.strings import shown_time


def summary_lines(ctx, data: ReportData, now: datetime) -> list[str]:
    """The lines of ``pipeline status`` for a loaded workspace (``commands.Context``) and its report data."""
    total = data.total
    missing = [u.unit_id for u in data.units if u.reported == "missing"]
    reported = len(data.units) - len(missing)
    main = ctx.plan.measure(ctx.plan.main_measure)
    lines = [
        f"{ctx.plan.name}: week {data.week}",
        f"  reported: {reported} of {len(data.units)} units"
        + (f"; missing: {', '.join(missing)}" if missing else ""),
        f"  {main.name}: actual {total.actual:g}, plan {total.target:g}, gap {total.gap:+g}, "
        f"needed this week {total.needed:g}, goal {total.goal:g}",
        f"  status: {total.status.replace('_', ' ')}",
    ]
    if data.outlook is not None and data.outlook.current_pace is not None:
        o = data.outlook
        reached = str(o.goal_week) if o.goal_week else "not within the period"
        lines.append(
            f"  pace: required {o.required_pace or 0:.1f}/week, current {o.current_pace:.1f}/week "
            f"(last {ctx.settings.pace_weeks} weeks); forecast {o.forecast:.0f} at {ctx.plan.last_week}, "
            f"goal reached: {reached}"
            + (f"; without data: {', '.join(o.without_data)}" if o.without_data else "")
        )
    if data.last_year_to_date is not None:
        months = data.months
        won = f", months won {int(months['won'].sum())} of {len(months)}" if months is not None else ""
        diff = total.actual - data.last_year_to_date
        lines.append(f"  last year, same weeks: {data.last_year_to_date:g} ({diff:+g}){won}")
    for h in data.held:
        lines.append(
            f"  held, not counted: {h.unit_id} {h.week} {h.measure_id} {h.value:g} (far larger than"
            f" expected); if it is right: pipeline confirm --unit {h.unit_id} --week {h.week}"
        )
    lines.append(watcher_line(ctx.workspace, now))
    lines += intake_lines(ctx, now)
    return lines


def intake_lines(ctx, now: datetime, shown: int = 5) -> list[str]:
    """Lines for ``pipeline status`` on what intake could not finish: files that wait, files left alone."""
    lines = []
    with Ledger(ctx.workspace.ledger_file) as ledger:
        waiting = long_waiting(ledger.waiting(), now, ctx.settings.waiting_alert_minutes)
    for place, since, reason in waiting:
        lines.append(
            f"  waiting: inbox/{place} locked since {shown_time(since)} ({reason}); it cannot be moved"
        )
    work = [p for p in ctx.workspace.work.iterdir() if p.is_dir()] if ctx.workspace.work.is_dir() else []
    if work:
        lines.append(f"  in state/work: {len(work)} file(s), finished by the next pass")
    alone = left_alone(ctx.workspace.inbox)
    if alone:
        more = f", and {len(alone) - shown} more" if len(alone) > shown else ""
        lines.append(
            f"  ignored in the inbox: {len(alone)} ({', '.join('inbox/' + a for a in alone[:shown])}{more});"
            " lock and temp files, dotfiles, links and folders deeper than inbox/<unit>/ are never taken"
        )
    return lines


def long_waiting(
    rows: list[tuple[str, str, str]], now: datetime, minutes: float
) -> list[tuple[str, str, str]]:
    """The files that have waited in the inbox for ``minutes`` or more (``waiting_alert_minutes``)."""
    return [r for r in rows if (now - datetime.fromisoformat(r[1])).total_seconds() >= minutes * 60]
