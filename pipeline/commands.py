"""What each command does, as library functions. The CLI only parses and prints.

Every function takes the workspace folder and, where time matters, ``today``
or ``now`` as arguments: only the CLI reads the clock.

Every function that writes the ledger or the outbox holds the workspace lock
while it writes (``writing``, see ``pipeline.service.locks``): one writer per workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.config import Settings, default_toml, load_settings
from pipeline.errors import WorkspaceError
from pipeline.intake import kinds
from pipeline.intake.inbox import StabilityWatch
from pipeline.intake.ingest import PassResult, ingest
from pipeline.intake.settle import NotesMeanwhile
from pipeline.ledger.store import Ledger
from pipeline.maturity import run as maturity
from pipeline.maturity.example import with_default_model
from pipeline.plan.backplan import targets
from pipeline.plan.cache import NAME as PLAN_CACHE
from pipeline.plan.example import example_plan
from pipeline.plan.model import Plan
from pipeline.plan.review import write_review
from pipeline.plan.workbook import write_plan
from pipeline.report.figures import ReportData, build, default_week
from pipeline.report.source import latest_week, read_rows
from pipeline.report.unit_standing import unit_standings
from pipeline.report.workbook import collector_paused, write_published, write_report
from pipeline.service import locks, status
from pipeline.service.outbox import mark_reported, publish, published_name, report_due, report_names
from pipeline.session import Session
from pipeline.strings import tell
from pipeline.template.write import write_templates
from pipeline.weeks import IsoWeek
from pipeline.workspace import Workspace, check_local

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    """A loaded workspace: its paths, settings and plan, and the session that keeps what lasts
    from pass to pass (``pipeline.session``: the plan, the workers, the report's history)."""

    workspace: Workspace
    settings: Settings
    plan: Plan
    session: Session = field(default_factory=Session, compare=False, repr=False)


def init_workspace(root: Path, today: date, language: str = "sv") -> Workspace:
    """Creates a workspace with the example programme placed around ``today``.

    Raises:
        WorkspaceError: ``root`` already holds a plan (nothing is overwritten).
    """
    ws = Workspace(root)
    if ws.plan_file.exists():
        raise WorkspaceError(key="error.has-plan", root=root)
    root.mkdir(parents=True, exist_ok=True)
    if not ws.settings_file.exists():
        ws.settings_file.write_text(default_toml(language), encoding="utf-8")
    settings = load_settings(ws.settings_file)
    ws = Workspace.from_settings(root, settings.state_dir)  # a state_dir set before init
    check_local(ws.state, settings.allow_network_state)
    ws.create()
    write_plan(with_default_model(example_plan(today, language), today, language), ws.plan_file, language)
    Ledger(ws.ledger_file).close()
    ctx = load(root)
    if ctx.settings.per_unit_folders:
        create_unit_folders(ctx)
    log.info("created workspace %s with the example programme", root)
    return ws


def create_unit_folders(ctx: Context) -> list[Path]:
    """Creates ``inbox/<unit-id>/`` for every unit in the plan (nothing is removed)."""
    folders = [ctx.workspace.inbox / unit.id for unit in ctx.plan.units]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


def history_text(root: Path, unit: str, week: IsoWeek) -> str:
    """The chain of files received for one unit and week (``pipeline history``)."""
    from pipeline.ledger.history import history_lines

    ctx = load(root)
    ctx.workspace.check_ledger(fresh_ok=False)  # read-only: never makes a ledger
    with Ledger(ctx.workspace.ledger_file) as ledger:
        return "\n".join(history_lines(ledger, unit, str(week), ctx.settings.language))


def load(root: Path, rebuilding: bool = False, session: Session | None = None) -> Context:
    """Reads the settings and the plan of a workspace. Changes nothing on disk but the plan kept in
    ``state/plan-cache.json`` (``plan.cache``), a shortcut for the next command.

    Args:
        rebuilding: for ``pipeline rebuild``, which makes the ledger anew: a missing
            ledger is then no error (see ``Workspace.check_ledger``).
        session: what the caller keeps from pass to pass (a watcher's); by default a new
            one, which starts no process until a pass asks for a worker.

    Raises:
        WorkspaceError, ConfigError, PlanError: with a message that says how to fix it.
    """
    ws = Workspace(root)
    ws.check()
    settings = load_settings(ws.settings_file)
    ws = Workspace.from_settings(root, settings.state_dir)
    check_local(ws.state, settings.allow_network_state)
    if not rebuilding:
        ws.check_ledger()
    session = session or Session()
    plan = session.plan(ws.plan_file, settings.language, kept=ws.state / PLAN_CACHE)
    return Context(ws, settings, plan, session)


@contextmanager
def writing(ctx: Context, command: str, now: datetime | None) -> Iterator[None]:
    """Holds the workspace lock while ``command`` writes the ledger or the outbox.

    Raises:
        locks.Busy: another writer kept it for ``lock_wait_seconds``; the message names it.
    """
    ctx.workspace.create(inbox=False)
    with locks.held(ctx.workspace.writer_lock, command, ctx.settings.lock_wait_seconds, now):
        yield


def _session(given: Session | None) -> AbstractContextManager[Session]:
    """``given``, or a session of this call's own, closed (its workers stopped) when the call ends."""
    return nullcontext(given) if given is not None else Session()


def make_plan(root: Path) -> tuple[Context, Path]:
    """Back-plans the targets and writes the review workbook ``plan_targets.xlsx``."""
    ctx = load(root)
    path = write_review(ctx.plan, targets(ctx.plan), ctx.workspace.targets_file, ctx.settings.language)
    return ctx, path


def make_templates(root: Path, week: IsoWeek | None = None, now: datetime | None = None) -> list[Path]:
    """Writes one template per unit into ``templates/`` (pre-filled with ``week`` if given).

    A template for ``week`` shows its unit's own standing before that week (``report.unit_standing``).

    Raises:
        WorkspaceError: ``week`` is outside the programme's period.
    """
    ctx = load(root)
    if week is not None and not ctx.plan.first_week <= week <= ctx.plan.last_week:
        ctx.plan.check_week(week, now or datetime.max)
    if ctx.settings.per_unit_folders:  # a unit added to the plan gets its folder too
        create_unit_folders(ctx)
    standings = None
    if week is not None and ctx.workspace.ledger_file.exists():  # the report of W - 1: see unit_standing
        standings = unit_standings(report_data(ctx, now or datetime.min, week - 1), week, ctx.settings)
    return write_templates(ctx.plan, ctx.workspace.templates, ctx.settings.language, week, standings)


def run_ingest(
    root: Path,
    now: datetime,
    watch: StabilityWatch | None = None,
    settle_seconds: float = 1.0,
    session: Session | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[PassResult, Path | None]:
    """One pass over the inbox, then the report if anything changed since the last report.

    The report is written when this pass settled a file, and also when an earlier
    report failed or was cut short by a kill (the ledger changed since the last report
    that was written): a report that failed is retried at every pass until it is
    written. A report that fails here does not undo the pass: its files are settled,
    and ``result.report_error`` says what failed (the CLI exits non-zero).

    Args:
        session: the watcher's; without one, the pass makes its own and closes it after.
        progress: told ``(files done, files in the pass)`` as the pass goes (``ingest.ingest``).

    Raises:
        locks.Busy: another writer holds the workspace.
    """
    with _session(session) as session:
        return _run_ingest(load(root, session=session), now, watch, settle_seconds, progress)


def _run_ingest(
    ctx: Context,
    now: datetime,
    watch: StabilityWatch | None,
    settle_seconds: float,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[PassResult, Path | None]:
    root = ctx.workspace.root
    if not ctx.workspace.inbox.is_dir():
        raise WorkspaceError(key="error.no-inbox", inbox=ctx.workspace.inbox)
    with writing(ctx, "pipeline ingest", now):
        work = (ctx.workspace, ctx.plan, ctx.settings, now, watch, settle_seconds, ctx.session.workers)
        result = ingest(*work, progress, notes_later=True)
        notes = NotesMeanwhile(result.notes, ctx.plan, ctx.settings, ctx.session.workers)  # beside the report
        if ctx.settings.receipts_by_mail and result.records:
            from pipeline.mail.send import mail_receipts

            try:  # never raises for the server; a bug of ours in a mail must not undo the pass
                mail_receipts(ctx, result.records, now)
            except Exception:
                tell(log, logging.ERROR, "mail.log.receipts-failed", exc_info=True)
        report = None
        try:
            if result.changed or report_due(ctx.workspace):
                report = make_report(root, now, ctx=ctx)
        except Exception as exc:
            result.report_error = _failure("the report", exc)
        for kind in kinds.every():  # a kind's own workbooks, if its files came (the maturity workbook)
            for what, write in kind.reports_after(ctx, result.records):
                try:
                    write()
                except Exception as exc:
                    result.report_error = result.report_error or _failure(what, exc)
        notes.wait()
    return result, report


def _failure(what: str, exc: Exception) -> str:
    """Logs a failed report with its traceback; returns the one line for the terminal and the heartbeat."""
    log.error("%s could not be written; the next pass tries again", what, exc_info=True)
    return f"{what} could not be written ({type(exc).__name__}: {exc}); the next pass tries again"


def report_data(ctx: Context, now: datetime, week: IsoWeek | None = None) -> ReportData:
    """The report's tables for ``week`` (default: the latest week with data)."""
    with Ledger(ctx.workspace.ledger_file) as ledger:
        week = week or default_week(ctx.plan, latest_week(ledger), now)
        rows = read_rows(ledger, ctx.plan.main_measure, week, ctx.session.kept)  # only what the report shows
    return build(ctx.plan, rows, week, ctx.settings, now)


def make_report(
    root: Path,
    now: datetime,
    week: IsoWeek | None = None,
    ctx: Context | None = None,
    session: Session | None = None,
    publish_only: bool = False,
    pdf: bool = False,
) -> Path:
    """Writes the leadership workbook for ``week`` (default: the latest week with data).

    The stable copy (``lagesrapport_senaste.xlsx``) is replaced only for the default week. The
    publish-safe copy is written too when the setting ``publish_copy`` says so, or only it
    (``publish_only``, ``pipeline report --publish``): then its path is returned. The archive
    copy, ``lagesrapport_<week>.pdf`` (PDF/A-2), is written beside it with ``pdf`` (``--pdf``)
    or the setting ``archive_pdf``; a PDF that cannot be made is logged and never fails the report.

    Returns:
        The path of the week's workbook in ``outbox/`` (a numbered name if the usual one was locked).

    Raises:
        WorkspaceError: ``week`` is outside the programme's period or has not started.
    """
    ctx = ctx or load(root, session=session)
    if week is not None:
        ctx.plan.check_week(week, now)
    language, suppress_below = ctx.settings.language, ctx.settings.suppress_below
    with writing(ctx, "pipeline report", now):
        with Ledger(ctx.workspace.ledger_file) as ledger:
            covered = ledger.last_file_id()
        with collector_paused():
            data = report_data(ctx, now, week)
            if publish_only or ctx.settings.publish_copy:
                copy = write_published(data, ctx.workspace.state / "published.xlsx", language, suppress_below)
                copy = publish(copy, ctx.workspace.outbox / published_name(data.week, language))
                if publish_only:
                    return copy
            staging = write_report(data, ctx.workspace.state / "report.xlsx", language)
        dated, latest = report_names(data.week, language)
        path = publish(staging, ctx.workspace.outbox / dated)
        if week is None:  # an older week asked for by hand never replaces the newest report
            publish(staging, ctx.workspace.outbox / latest)
            mark_reported(ctx.workspace.state, covered)
        if pdf or ctx.settings.archive_pdf:
            from pipeline.report.archive import archive_copy

            archive_copy(ctx.workspace, ctx.settings, staging, data.week, required=pdf)
    tell(log, logging.INFO, "watch.report", week=data.week, name=path.name)
    return path


def status_text(root: Path, now: datetime) -> str:
    """A short terminal summary: week, reported and missing units, total against plan, the watcher,
    and what intake could not finish (``pipeline.service.status``). Read-only: never makes a ledger."""
    ctx = load(root)
    ctx.workspace.check_ledger(fresh_ok=False)
    return "\n".join(status.summary_lines(ctx, report_data(ctx, now), now))


def make_export(root: Path, now: datetime | None = None, session: Session | None = None) -> Path:
    """Writes every accepted figure that counts, in long format, to ``outbox/dataexport.xlsx``, and
    the same rows as CSV (UTF-8) beside it, ``dataexport.csv``, for archives and other tools."""
    from pipeline.report.archive import csv_name, write_csv
    from pipeline.report.export import export_name, write_export

    ctx = load(root, session=session)
    with writing(ctx, "pipeline export", now):
        with Ledger(ctx.workspace.ledger_file) as ledger:
            figures = ledger.figures()
        language, state = ctx.settings.language, ctx.workspace.state
        staging = write_export(ctx.plan, figures, state / "export.xlsx", language)
        plain = write_csv(ctx.plan, figures, state / "export.csv", language)  # for archives
        publish(plain, ctx.workspace.outbox / csv_name(language))
        return publish(staging, ctx.workspace.outbox / export_name(language))


def make_maturity_templates(root: Path, occasion: str) -> list[Path]:
    """Writes one maturity template per participating unit for ``occasion`` into ``templates/``.

    Raises:
        WorkspaceError: the plan has no such occasion.
    """
    return maturity.templates(load(root), occasion)


def make_maturity_report(root: Path, occasion: str | None = None, now: datetime | None = None) -> Path:
    """Writes the maturity workbook for ``occasion`` (default: the latest with answers) to ``outbox/``.

    Raises:
        WorkspaceError: the plan has no such occasion. NoDataError: no answers yet.
    """
    ctx = load(root)
    with writing(ctx, "pipeline report --maturity", now):
        return maturity.report(ctx, occasion)


def confirm_figures(
    root: Path, unit: str, week: IsoWeek, measure: str | None, by: str, now: datetime
) -> tuple[list[str], Path]:
    """``pipeline confirm``: lets the held figures of ``unit`` and ``week`` count, then the report.

    Returns:
        ``(lines to print, report path)``.

    Raises:
        WorkspaceError: nothing of that unit and week waits for a check (the message says what does).
    """
    from pipeline.intake.confirm import confirm, confirmed_lines

    ctx = load(root)
    ctx.workspace.check_ledger(fresh_ok=False)
    with writing(ctx, "pipeline confirm", now):
        with Ledger(ctx.workspace.ledger_file) as ledger:
            made = confirm(
                ledger,
                ctx.workspace.archive,
                ctx.plan,
                unit.strip(),
                str(week),
                measure,
                by,
                now.isoformat(timespec="seconds"),
                ctx.settings.language,
            )
        report = make_report(root, now, ctx=ctx)
    return confirmed_lines(made, ctx.plan, ctx.settings.language), report


def rebuild_ledger(root: Path, now: datetime, progress: Callable[[int, int], None] | None = None):
    """``pipeline rebuild``: replays ``archive/`` and ``rejected/`` into a fresh ledger, then the report.

    Returns:
        ``(RebuildResult, report path or None)``.

    Raises:
        WorkspaceError: a watcher is running, or files wait in ``state/work``.
    """
    from pipeline.intake.rebuild import rebuild

    with Session() as session:
        ctx = load(root, rebuilding=True, session=session)
        if locks.is_held(ctx.workspace.watch_lock):
            raise WorkspaceError(key="error.watcher-runs", lock="state/watch.lock")
        with writing(ctx, "pipeline rebuild", now):
            result = rebuild(ctx.workspace, ctx.plan, ctx.settings, session.workers, progress)
            return result, (make_report(root, now, ctx=ctx) if result.files else None)
