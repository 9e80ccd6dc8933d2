"""The ``pipeline`` command: parses arguments (``cli_parser``), reads the clock, calls ``commands``, prints.

Errors the user can fix print one line and exit 1; tracebacks appear only with ``--debug``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pipeline import commands
from pipeline.cli_parser import EXAMPLES, Parser, parser
from pipeline.cli_progress import ProgressLine
from pipeline.errors import PipelineError
from pipeline.intake.receipt import headline, receipts_log_path
from pipeline.strings import Texts, shown_name, shown_time
from pipeline.workspace import Workspace

__all__ = ["EXAMPLES", "main", "parser", "run"]


def _early_language(argv: Sequence[str] | None) -> str:
    """The terminal's language before the command line is parsed (its own errors are said in it)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--workspace", type=Path, default=None)
    early.add_argument("--language", default=None)
    known, _ = early.parse_known_args(argv)
    return _language(known) if known.language in (None, "sv", "en") else "sv"


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; returns the exit code."""
    Parser.language = _early_language(argv)
    args = parser().parse_args(argv)
    language = _language(args)
    t = Texts(language)
    _log_to(args, language)
    try:
        return _dispatch(args, t)
    except PipelineError as exc:
        print(t("cli.error", message=exc.shown(language)), file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pipeline status | head -1`: the reader has gone, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1
    except OSError as exc:  # the machine, not our code: a full disk, a folder that cannot be read
        where = f" ({exc.filename})" if exc.filename else ""
        print(t("cli.error", message=f"{exc.strerror or exc}{where}"), file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except Exception as exc:  # last resort: one line, never a traceback unless asked
        print(t("cli.unexpected", kind=type(exc).__name__, message=exc), file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 2


def _language(args: argparse.Namespace) -> str:
    """The language of everything the terminal says: ``--language`` for ``init`` and ``demo``, otherwise
    the workspace's (``language`` in its ``pipeline.toml``); Swedish where neither can be read."""
    if getattr(args, "language", None):
        return args.language
    from pipeline.config import load_settings

    settings = (args.workspace or Path.cwd()).resolve() / "pipeline.toml"
    try:
        return load_settings(settings).language if settings.is_file() else "sv"
    except PipelineError:
        return "sv"  # the command itself names what is wrong with the settings


def _dispatch(args: argparse.Namespace, t: Texts) -> int:
    root = (args.workspace or Path.cwd()).resolve()
    now = datetime.now().replace(microsecond=0)
    if os.environ.get("PIPELINE_NOW"):  # a fixed clock, for fault-injection tests and replays
        from pipeline.config import parse_now

        now = parse_now(os.environ["PIPELINE_NOW"])
    if args.command == "init":
        target = (args.dir or root).resolve()
        commands.init_workspace(target, now.date(), args.language)
        print(t("cli.init", target=target))
    elif args.command == "plan":
        ctx, path = commands.make_plan(root)
        plan = ctx.plan
        print(
            t(
                "cli.plan",
                units=len(plan.units),
                measures=len(plan.measures),
                first=plan.first_week,
                last=plan.last_week,
                path=path,
            )
        )
    elif args.command == "templates" and args.maturity is not None:
        paths = commands.make_maturity_templates(root, args.maturity)
        print(t("cli.maturity-templates", n=len(paths), occasion=args.maturity, folder=root / "templates"))
    elif args.command == "templates":
        paths = commands.make_templates(root, args.week, now)
        print(t("cli.templates", n=len(paths), folder=paths[0].parent if paths else root))
    elif args.command == "ingest":
        line = ProgressLine(t, "cli.progress.ingest")
        with line.drawn():
            result, report = commands.run_ingest(root, now, progress=line)
        counts = {k: result.count(k) for k in ("accepted", "rejected", "duplicate")}
        print(
            t("cli.ingested", files=_counted(t, "file", len(result.records)), counts=_all_counted(t, counts))
        )
        said = {id(r): t(f"receipt.log.{headline(r.outcome, r.problems)}") for r in result.records}
        width = max(map(len, said.values()), default=0)
        listed = result.records
        if line.shown:  # many files on a terminal: those that need a look, the rest is in the receipts log
            listed = [r for r in result.records if r.outcome != "accepted" or r.problems]
            log_file = receipts_log_path(Workspace(root).outbox, t.language)
            key = "cli.listed-needing-a-look" if listed else "cli.listed-none-needing-a-look"
            print(t(key, n=len(listed), log=log_file))
        for record in listed:
            codes = ", ".join(sorted({p.code for p in record.problems}))
            print(
                f"  {said[id(record)]:<{width}} {shown_name(record.name)}"
                + (f" ({codes})" if codes else "")
                + f" -> {record.destination}"
            )
        for name in result.unsettled:
            print(t("cli.unsettled", name=shown_name(name)))
        for place, since, reason in result.waiting:
            print(t("cli.waiting", place=place, reason=reason, since=shown_time(since)))
        if report:
            print(t("cli.report", path=report))
        if result.report_error:
            print(t("cli.error", message=result.report_error), file=sys.stderr)
            return 1
    elif args.command == "report" and args.maturity is not None:
        print(t("cli.maturity-report", path=commands.make_maturity_report(root, args.maturity or None, now)))
    elif args.command == "report":
        if args.publish:  # with --pdf too, the publish-safe copy and then the workbook with its PDF
            print(t("cli.published", path=commands.make_report(root, now, args.week, publish_only=True)))
            if not args.pdf:
                return 0
        path = commands.make_report(root, now, args.week, pdf=args.pdf)
        print(t("cli.report", path=path))
        if args.pdf:  # the archive copy has the workbook's name, as PDF
            print(t("cli.report", path=path.with_suffix(".pdf")))
    elif args.command in ("remind", "digest"):
        from pipeline.mail.run import run_mail
        from pipeline.mail.said import mail_lines

        run = run_mail(args.command, root, now, args.week, args.dry_run)
        print("\n".join(mail_lines(run, t)))
        return 1 if run.delivered.count("failed") else 0
    elif args.command == "watch":
        from pipeline.service.watch import watch

        watch(root, once=args.once)
    elif args.command == "export":
        print(t("cli.export", path=commands.make_export(root, now)))
    elif args.command == "rebuild":
        line = ProgressLine(t, "cli.progress.rebuild")
        with line.drawn():
            rebuilt, report = commands.rebuild_ledger(root, now, progress=line)
        counts = _all_counted(t, rebuilt.outcomes)
        print(
            t(
                "cli.rebuilt",
                files=_counted(t, "file", rebuilt.files),
                counts=counts or t("cli.rebuilt-nothing"),
            )
        )
        for line in rebuilt.moved:
            print(t("cli.rebuilt-moved", line=line))
        for line in rebuilt.skipped:
            print(t("cli.rebuilt-skipped", line=line))
        if report:
            print(t("cli.report", path=report))
    elif args.command == "history":
        print(commands.history_text(root, args.unit, args.week))
    elif args.command == "confirm":
        import getpass

        lines, report = commands.confirm_figures(
            root, args.unit, args.week, args.measure, args.by or getpass.getuser(), now
        )
        print("\n".join(lines))
        print(t("cli.report", path=report))
    elif args.command == "status":
        print(commands.status_text(root, now))
    elif args.command == "demo":
        from pipeline.demo import run_demo
        from pipeline.service.outbox import report_names

        target = (args.workspace or Path.cwd() / "demo").resolve()
        result = run_demo(target, now, args.language)
        print("\n" + t("cli.demo-workspace", path=result.workspace))
        counts = {"accepted": result.accepted, "rejected": result.rejected, "duplicate": result.duplicates}
        print(
            t(
                "cli.demo-weeks",
                first=result.weeks[0],
                last=result.weeks[-1],
                files=_counted(t, "file", sum(counts.values())),
                counts=_all_counted(t, counts),
            )
        )
        for line in result.rejections:
            print(t("cli.demo-rejected", line=line))
        latest = result.report.with_name(report_names("", args.language)[1])
        if latest.exists():  # the stable name the README tells people to open
            print("\n" + t("cli.demo-workbook", path=latest, name=result.report.name))
        else:
            print("\n" + t("cli.demo-workbook-plain", path=result.report))
        if result.mail:
            print(t("cli.demo-mail", n=len(result.mail), folder=result.workspace / "outbox" / "mail"))
        if result.maturity:
            print(t("cli.demo-maturity", path=result.maturity))
    return 0


_HANDLERS: list[logging.Handler] = []  # what _log_to added, removed again at the next main() (tests)


class _Brief(logging.Formatter):
    """The console's lines: the message only, never a traceback (that is in logs/pipeline.log).

    A line logged with ``strings.tell`` is shown in the workspace's language (the log file
    keeps the English one).
    """

    def __init__(self, language: str):
        super().__init__("%(message)s")
        self._t = Texts(language)

    def format(self, record: logging.LogRecord) -> str:
        said = getattr(record, "said", None)
        if said is not None:
            key, facts = said
            return self._t(key, **facts)
        saved = record.exc_info, record.exc_text
        record.exc_info = record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_info, record.exc_text = saved


def _counted(t: Texts, what: str, n: int) -> str:
    """``n`` with its word in the right number: "1 fil", "3 filer", "0 avvisade"."""
    return t(f"cli.n.{what}.{'1' if n == 1 else 'n'}", n=n)


def _all_counted(t: Texts, counts: dict[str, int]) -> str:
    """ "2 godkända, 0 avvisade, 1 dubblett": every outcome counted, in a fixed order."""
    order = ("accepted", "rejected", "duplicate")
    return ", ".join(_counted(t, k, counts[k]) for k in order if k in counts)


def _log_to(args: argparse.Namespace, language: str = "sv") -> None:
    """The console gets warnings (the watcher: its work too), as plain lines; the workspace's
    ``logs/pipeline.log`` gets everything with tracebacks, for every command run in a workspace."""
    from pipeline.service.watch import log_to_files

    top = logging.getLogger()
    for handler in _HANDLERS:
        top.removeHandler(handler)
        handler.close()
    _HANDLERS.clear()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(
        logging.DEBUG if args.debug else (logging.INFO if args.command == "watch" else logging.WARNING)
    )
    console.setFormatter(logging.Formatter("%(message)s") if args.debug else _Brief(language))
    top.addHandler(console)
    _HANDLERS.append(console)
    top.setLevel(logging.DEBUG if args.debug else logging.INFO)
    root = (args.workspace or Path.cwd()).resolve()
    if (
        args.command not in ("init", "demo") and (root / "plan.xlsx").is_file()
    ):  # a mistyped --workspace: no logs/
        try:
            log_to_files(root)
            _HANDLERS.append(top.handlers[-1])
        except OSError:
            pass  # a workspace we may not write: the console still says what matters


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
