"""The ``pipeline`` command line: every command, its options, its help text and its example.

``pipeline.cli`` parses with ``parser()`` and dispatches; a test fails when a command has no
example here or no section in the README.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline.strings import Texts
from pipeline.weeks import IsoWeek, WeekError

EXAMPLES = {
    "init": "pipeline init ./goal-2027",
    "plan": "pipeline plan --workspace ./goal-2027",
    "templates": "pipeline templates --week 2026-W47 --workspace ./goal-2027",
    "ingest": "pipeline ingest --workspace ./goal-2027",
    "report": "pipeline report --week 2026-W47 --workspace ./goal-2027",
    "watch": "pipeline watch --workspace ./goal-2027",
    "status": "pipeline status --workspace ./goal-2027",
    "export": "pipeline export --workspace ./goal-2027",
    "rebuild": "pipeline rebuild --workspace ./goal-2027",
    "history": "pipeline history --unit E01 --week 2026-W46 --workspace ./goal-2027",
    "confirm": "pipeline confirm --unit E05 --week 2026-W46 --workspace ./goal-2027",
    "remind": "pipeline remind --dry-run --workspace ./goal-2027",
    "digest": "pipeline digest --week 2026-W47 --workspace ./goal-2027",
    "demo": "pipeline demo   (or: pipeline demo --workspace /tmp/demo --language en)",
}


class Parser(argparse.ArgumentParser):
    """A parser whose errors are one line in the terminal's language, with where to find help.

    argparse words its own errors in English (usage, then "error: ..."); the common ones are
    said again from ``pipeline.strings`` (``cli.arg.*``), the rest are passed on as they are.
    The help texts themselves stay in English.
    """

    language = "sv"

    def error(self, message: str):
        t = Texts(self.language)
        for key, pattern in _ARGPARSE_SAYS:
            found = re.fullmatch(pattern, message)
            if found:
                message = t(key, **found.groupdict())
                break
        print(t("cli.usage-error", message=message, command=self.prog), file=sys.stderr)
        raise SystemExit(2)


_ARGPARSE_SAYS = (  # what argparse says (its English), and our key for it
    ("cli.arg.no-command", r"the following arguments are required: COMMAND"),
    ("cli.arg.required", r"the following arguments are required: (?P<names>.*)"),
    ("cli.arg.command", r"argument COMMAND: invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)"),
    (
        "cli.arg.choice",
        r"argument (?P<name>\S+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
    ),
    ("cli.arg.unknown", r"unrecognized arguments: (?P<names>.*)"),
    ("cli.arg.one", r"argument (?P<name>\S+): expected one argument"),
    ("cli.arg.value", r"argument (?P<name>\S+): invalid \S+ value: (?P<value>.*)"),
    ("cli.arg.said", r"argument (?P<name>\S+): (?P<said>.*)"),
)


def _week(text: str) -> IsoWeek:
    try:
        return IsoWeek.parse(text)
    except WeekError:
        raise argparse.ArgumentTypeError(Texts(Parser.language)("cli.arg.week", text=text)) from None


def _common(default) -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--workspace", type=Path, default=default, help="the workspace folder (default: current folder)"
    )
    common.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks and debug logging"
    )
    return common


def parser() -> argparse.ArgumentParser:
    """``--workspace`` and ``--debug`` before the command or after it: the command's own copies
    default to nothing at all (SUPPRESS), so one given before the command is never reset by them."""
    main = Parser(
        prog="pipeline",
        description="Weekly goal follow-up: unit spreadsheets in, leadership workbook out.",
        parents=[_common(None)],
    )
    main.set_defaults(debug=False)
    common = _common(argparse.SUPPRESS)
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, parents=[common], help=help_text, description=help_text, epilog=f"example: {EXAMPLES[name]}"
        )

    p = add(
        "init", "Create a workspace with folders, ledger, plan.xlsx (example programme) and pipeline.toml."
    )
    p.add_argument(
        "dir", type=Path, nargs="?", help="folder to create (default: --workspace or current folder)"
    )
    p.add_argument(
        "--language", choices=["sv", "en"], default="sv", help="language of workbooks and receipts"
    )
    add("plan", "Read plan.xlsx, back-plan weekly targets and write plan_targets.xlsx for review.")
    p = add("templates", "Write one template per unit to templates/.")
    p.add_argument("--week", type=_week, help="pre-fill this ISO week, for example 2026-W47")
    p.add_argument(
        "--maturity",
        metavar="OCCASION",
        help='write the maturity templates of this occasion instead, for example --maturity "2026 T1"',
    )
    add("ingest", "One pass over inbox/: validate, store, archive or reject, then refresh the report.")
    p = add("report", "Write the leadership workbook to outbox/.")
    p.add_argument("--week", type=_week, help="the week to report (default: latest week with data)")
    p.add_argument("--publish", action="store_true", help="write the publishable copy: small counts hidden")
    p.add_argument("--pdf", action="store_true", help="write the archive copy (PDF/A-2) too")
    p.add_argument(
        "--maturity",
        metavar="OCCASION",
        nargs="?",
        const="",
        help='write the maturity workbook instead, for example --maturity "2026 T1" (default: the latest)',
    )
    p = add("watch", "Poll inbox/ and ingest whenever files are ready, until Ctrl-C.")
    p.add_argument("--once", action="store_true", help="run one poll cycle and exit (for testing a set-up)")
    add("status", "Print the week, who reported, who is missing and the total against plan.")
    add("export", "Write every accepted figure, in long format, to outbox/dataexport.xlsx.")
    add("rebuild", "Replay archive/ and rejected/ into a fresh ledger (the originals are the truth).")
    p = add("history", "Print every file received for one unit and week: outcome, codes, where it is now.")
    p.add_argument("--unit", required=True, help="the unit id, for example E01")
    p.add_argument("--week", type=_week, required=True, help="the ISO week, for example 2026-W46")
    p = add(
        "confirm",
        "Confirm a held figure (far larger than expected) of one unit and week, so that it counts.",
    )
    p.add_argument("--unit", required=True, help="the unit id, for example E05")
    p.add_argument("--week", type=_week, required=True, help="the ISO week, for example 2026-W46")
    p.add_argument("--measure", help="only this measure (its id or name); default: every held figure")
    p.add_argument("--by", help="who confirms it, for the record (default: the account running this)")
    p = add(
        "remind",
        "Mail a reminder to each unit with an address that has not reported the week.",
    )
    p.add_argument("--week", type=_week, help="the ISO week (default: the week whose reminders are due)")
    p.add_argument("--dry-run", action="store_true", help="write .eml files to outbox/mail/ only")
    p = add("digest", "Mail the weekly digest to the Veckobrev recipients, the workbook attached.")
    p.add_argument("--week", type=_week, help="the ISO week (default: the latest week past its deadline)")
    p.add_argument("--dry-run", action="store_true", help="write the .eml file to outbox/mail/ only")
    p = add("demo", "Build a demo workspace (default ./demo) with simulated weeks and write its report.")
    p.add_argument(
        "--language", choices=["sv", "en"], default="sv", help="language of workbooks and receipts"
    )
    return main
