"""``pipeline watch``: poll the inbox on a clock, ingest what is ready, refresh the report.

It polls (file events do not cross SMB shares). A file is taken once its size
and mtime are unchanged between two polls. A cycle that fails is logged and
the loop goes on; the next cycle retries. Besides polling, the report is
refreshed at ``report_time`` on the deadline day, before the weekly meeting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import schedule

from pipeline.inbox import StabilityWatch
from pipeline.workflow import load, make_report, run_ingest

log = logging.getLogger(__name__)


def cycle(root: Path, watcher: StabilityWatch, now: datetime) -> int:
    """One poll: ingest the ready files. Never raises; returns the number of files settled."""
    try:
        result, report = run_ingest(root, now, watch=watcher)
    except Exception:
        log.exception("poll cycle failed; the next cycle will try again")
        return 0
    if result.records:
        log.info("settled %d files; report %s", len(result.records), report.name if report else "-")
    return len(result.records)


def meeting_report(root: Path, now: datetime) -> None:
    """The scheduled refresh before the weekly meeting. Never raises."""
    try:
        make_report(root, now)
    except Exception:
        log.exception("scheduled report failed; the next poll will try again")


def watch(root: Path, once: bool = False, clock: Callable[[], datetime] = datetime.now) -> None:
    """Runs until interrupted (Ctrl-C), or for one cycle with ``once``."""
    settings = load(root).settings
    watcher = StabilityWatch()
    watcher.look(load(root).workspace.inbox)
    if once:
        time.sleep(min(settings.poll_seconds, 2))
        cycle(root, watcher, clock())
        return
    scheduler = schedule.Scheduler()
    scheduler.every(settings.poll_seconds).seconds.do(lambda: cycle(root, watcher, clock()))
    day = getattr(scheduler.every(), settings.deadline_weekday)
    day.at(settings.report_time).do(lambda: meeting_report(root, clock()))
    log.info("watching %s every %d s (Ctrl-C to stop)", root / "inbox", settings.poll_seconds)
    while True:
        scheduler.run_pending()
        time.sleep(min(1.0, settings.poll_seconds))
