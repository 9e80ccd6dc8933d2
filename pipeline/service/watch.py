"""``pipeline watch``: poll the inbox on a clock, ingest what is ready, refresh the report.

It polls (file events do not cross SMB shares). A file is taken once its size
and mtime are unchanged between two polls. A cycle that fails is logged and
the loop goes on; the next cycle retries. Besides polling, the report is
refreshed at ``report_time`` on the deadline day, before the weekly meeting, and each
cycle sends the reminders and the weekly digest that are due (``pipeline.mail.rhythm``):
each once, on record, retried with backoff while the mail server is away.
The data export (``outbox/dataexport.xlsx``) is written nightly at
``EXPORT_TIME`` and again at ``report_time`` on the deadline day.

Run as a service, it keeps these in ``state/``:

* ``watch.lock``: one watcher per workspace, an operating-system lock held for the
  watcher's life and released by the system when its process ends, even on
  ``kill -9`` (``pipeline.service.locks``). ``watch.lock.json`` beside it names the holder.
  Each cycle also takes the workspace lock (one writer per workspace) while it writes.
* ``heartbeat.json``: rewritten after every cycle, failed or not, so that
  ``pipeline status`` (or a monitoring check) can tell whether the watcher is alive.
  It lists the files that wait in the inbox because they cannot be moved.

A report that failed (a full outbox, a bug) is tried again at the next poll, also
when no new file came (``commands.run_ingest``).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import schedule

from pipeline.commands import load, make_export, make_report, run_ingest
from pipeline.config import Settings
from pipeline.errors import PipelineError, WorkspaceError
from pipeline.intake.inbox import StabilityWatch
from pipeline.mail.run import due_now
from pipeline.service import locks
from pipeline.service.heartbeat import Beat, write_heartbeat
from pipeline.session import Session
from pipeline.strings import tell
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

EXPORT_TIME = "02:00"  # the nightly data export, when nobody is at work


def cycle(
    root: Path, watcher: StabilityWatch, now: datetime, beat: Beat, session: Session | None = None
) -> int:
    """One poll: ingest the ready files, then write the heartbeat. Never raises.

    ``session``: the watcher's (its plan, workers and report history last from cycle to cycle).

    Returns the number of files settled. An error is logged in full the first
    time; the same error in the following cycles only at debug level, so that an
    inbox share that stays away all night does not fill the log.
    """
    settled, error = 0, None
    ws = Workspace.at(root)  # the workspace's paths as its settings place them
    try:
        check_inbox(ws.inbox, watcher)
        result, report = run_ingest(root, now, watch=watcher, session=session)
        settled = len(result.records)
        beat.waiting = [list(row) for row in result.waiting]
        if settled:
            tell(log, logging.INFO, "watch.settled", n=settled, report=report.name if report else "-")
        if result.report_error:
            raise WorkspaceError(result.report_error)  # logged with its traceback in run_ingest
    except Exception as exc:
        error = str(exc) if isinstance(exc, PipelineError) else f"{type(exc).__name__}: {exc}"
        if error == beat.error:
            log.debug("poll cycle failed again: %s", error)
        else:
            trace = not isinstance(exc, PipelineError)
            log.error(
                "poll cycle failed; the next cycle will try again: %s",
                error,
                exc_info=trace,
                extra={"said": ("watch.failed", {"error": error})},
            )
    due_now(root, now, session)  # the week's reminders and digest when due, whatever the inbox; never raises
    if beat.error and not error:
        tell(log, logging.INFO, "watch.again")
    beat.total += settled
    beat.error = error
    write_heartbeat(ws.heartbeat, now, settled, beat)
    return settled


def check_inbox(inbox: Path, watcher: StabilityWatch) -> None:
    """Raises WorkspaceError when the inbox cannot be listed (a share gone, the folder deleted).

    The watcher then forgets every file it has seen, so once the folder is back
    each file again needs two polls before it is taken. The inbox is deliberately
    not re-created: it may be a share that is not mounted, and an empty local
    folder in its place would hide where the units' files really are.
    """
    try:
        with os.scandir(inbox):
            pass
    except OSError as exc:
        with suppress(OSError):
            watcher.look(inbox)  # finds nothing, and so forgets everything
        raise WorkspaceError(key="error.inbox-unreadable", inbox=inbox, error=exc.strerror or exc) from None


def meeting_report(root: Path, now: datetime, session: Session | None = None) -> None:
    """The scheduled refresh before the weekly meeting. Never raises."""
    try:
        make_report(root, now, session=session)
    except Exception:
        log.exception("scheduled report failed; the next poll will try again")


def scheduled_export(root: Path, now: datetime | None = None, session: Session | None = None) -> Path | None:
    """The scheduled data export (nightly, and before the weekly meeting). Never raises.

    Returns:
        The export's path, or None when it failed (the failure is logged; the next run tries again).
    """
    try:
        path = make_export(root, now, session)
    except Exception:
        log.exception("scheduled data export failed; the next scheduled run will try again")
        return None
    log.info("wrote the data export %s", path.name)
    return path


def watch(root: Path, once: bool = False, clock: Callable[[], datetime] = datetime.now) -> None:
    """Runs until interrupted, or with ``once`` for two cycles a moment apart.

    The first cycle runs at once: it finishes files left by a crash, takes the
    first look at the inbox and writes the first heartbeat. The lock is held
    throughout and released however this ends. Ctrl-C (SIGINT) stops at once, and
    a file it interrupts is finished by the next pass, as after a crash; SIGTERM,
    which a service manager sends, lets the current cycle finish first.

    Raises:
        WorkspaceError: another watcher runs on this workspace (and ``load``'s errors).
    """
    with Session() as session:  # held for as long as the watcher runs: see pipeline.session
        ctx = load(root, session=session)
        with locks.held(ctx.workspace.watch_lock, "pipeline watch", 0, clock(), what="the watcher"):
            beat = Beat(ctx.settings.poll_seconds)
            watcher = StabilityWatch()
            cycle(root, watcher, clock(), beat, session)
            if once:
                time.sleep(min(ctx.settings.poll_seconds, 2))
                cycle(root, watcher, clock(), beat, session)
                return
            _loop(root, watcher, beat, ctx.settings, clock, session)


def _loop(
    root: Path,
    watcher: StabilityWatch,
    beat: Beat,
    settings: Settings,
    clock: Callable[[], datetime],
    session: Session,
) -> None:
    scheduler = schedule.Scheduler()
    scheduler.every(settings.poll_seconds).seconds.do(lambda: cycle(root, watcher, clock(), beat, session))
    day = getattr(scheduler.every(), settings.deadline_weekday)
    day.at(settings.report_time).do(lambda: meeting_report(root, clock(), session))
    getattr(scheduler.every(), settings.deadline_weekday).at(settings.report_time).do(
        lambda: scheduled_export(root, clock(), session)
    )
    scheduler.every().day.at(EXPORT_TIME).do(lambda: scheduled_export(root, clock(), session))
    tell(log, logging.INFO, "watch.started", inbox=root / "inbox", seconds=settings.poll_seconds)
    with _sigterm_flag() as stop:
        while not stop.is_set():
            scheduler.run_pending()
            time.sleep(min(1.0, settings.poll_seconds))
    tell(log, logging.INFO, "watch.stopped")


@contextmanager
def _sigterm_flag() -> Iterator[threading.Event]:
    """An event that SIGTERM sets. Outside the main thread no handler can be set, and it never is."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def log_to_files(root: Path, max_bytes: int = 5_000_000, backups: int = 10) -> Path:
    """Adds a rotating log file, ``logs/pipeline.log`` in the workspace, to the root logger.

    The file rolls over at ``max_bytes`` and ``backups`` old files are kept
    (``pipeline.log.1`` ...), so a watcher that runs for a year never fills the disk.
    """
    from logging.handlers import RotatingFileHandler

    folder = root / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(  # backslashreplace: no text (a file name's odd bytes) can break a log line
        folder / "pipeline.log",
        maxBytes=max_bytes,
        backupCount=backups,
        encoding="utf-8",
        errors="backslashreplace",
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return folder / "pipeline.log"
