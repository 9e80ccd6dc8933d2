"""When the week's messages are due: the reminders before and after the deadline, and the digest.

All times are local and come from ``pipeline.toml`` (``deadline_weekday``, ``deadline_time``,
``remind_before_hours``, ``remind_after_hours``, ``report_time``). The deadline of week W is
``deadline_weekday`` at ``deadline_time`` in week W + 1 (``report.figures.deadline``).

* The reminder before the deadline of W is due from ``deadline - remind_before_hours`` until the
  deadline; the one after it from ``deadline + remind_after_hours`` until the next week's first
  reminder is due. A watcher that was stopped over the first time sends only what is still
  meant: after the deadline it sends the reminder after, never a stale "before".
* The digest of W is due at the first ``report_time`` at or after the deadline of W (with the
  defaults, Tuesday 07:00 for a Monday 12:00 deadline: the digest says who is missing after the
  deadline has passed, never before it), until the next week's digest is due.

Code takes ``now`` as a parameter: only the CLI reads the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pipeline.config import Settings
from pipeline.plan.model import Plan
from pipeline.report.figures import deadline
from pipeline.weeks import IsoWeek

BEFORE, AFTER = "reminder-before", "reminder-after"


def reminder_times(week: IsoWeek, settings: Settings) -> tuple[datetime | None, datetime]:
    """(when the reminder before the deadline is due, or None when there is none; the one after)."""
    due = deadline(week, settings)
    before = due - timedelta(hours=settings.remind_before_hours) if settings.remind_before_hours else None
    return before, due + timedelta(hours=settings.remind_after_hours)


def _window_start(week: IsoWeek, settings: Settings) -> datetime:
    before, after = reminder_times(week, settings)
    return before or deadline(week, settings)


def reminder_due(plan: Plan, settings: Settings, now: datetime) -> tuple[IsoWeek, str] | None:
    """The week and kind of reminder due at ``now`` (``BEFORE`` or ``AFTER``), or None.

    Only weeks of the programme's period are reminded of.
    """
    current = IsoWeek.of(now)
    for week in (current - 2, current - 1, current):
        if not plan.first_week <= week <= plan.last_week:
            continue
        before, after = reminder_times(week, settings)
        due = deadline(week, settings)
        if after <= now < _window_start(week + 1, settings):
            return week, AFTER
        if before is not None and before <= now < due:
            return week, BEFORE
    return None


def digest_time(week: IsoWeek, settings: Settings) -> datetime:
    """The first ``report_time`` at or after the deadline of ``week``."""
    due = deadline(week, settings)
    hour, minute = (int(part) for part in settings.report_time.split(":"))
    at = due.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at if at >= due else at + timedelta(days=1)


def digest_due(plan: Plan, settings: Settings, now: datetime) -> IsoWeek | None:
    """The week whose digest is due at ``now``, or None (only weeks of the period)."""
    current = IsoWeek.of(now)
    for week in (current - 2, current - 1):
        if plan.first_week <= week <= plan.last_week and digest_time(week, settings) <= now:
            if now < digest_time(week + 1, settings):
                return week
    return None


def reminder_week(plan: Plan, settings: Settings, now: datetime) -> IsoWeek:
    """The week ``pipeline remind`` is about without ``--week``: the one whose reminders are due
    or, between windows, the latest week that has ended, kept within the period."""
    due = reminder_due(plan, settings, now)
    week = due[0] if due else IsoWeek.of(now) - 1
    return min(max(week, plan.first_week), plan.last_week)


def kind_at(week: IsoWeek, settings: Settings, now: datetime) -> str:
    """Which reminder ``pipeline remind --week W`` sends at ``now``: before the deadline or after."""
    return BEFORE if now < deadline(week, settings) else AFTER
