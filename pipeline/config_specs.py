"""Every setting of ``pipeline.toml``, declared as data: its type, its range or choices, and its comment.

Only ``pipeline.config`` reads these declarations (``check_setting``, ``default_toml``), so a
setting is added here once and is checked, documented and written by ``pipeline init`` from
the same entry. The defaults are the fields of ``pipeline.config.Settings``.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("sv", "en")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HHMM = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"
NOW_EXAMPLE = "2026-11-22T18:00"


@dataclass(frozen=True)
class Spec:
    """What one setting may hold. Only ``check_setting`` reads these fields.

    Attributes:
        kind: ``int``, ``float``, ``bool`` or ``str``. An ``int`` setting takes only a
            whole number (not ``true``, not ``2.5``, not ``"30"``); a ``float`` setting takes
            any finite number; a ``bool`` setting takes only ``true`` or ``false``.
        what: what is allowed, in words, e.g. ``"a whole number of seconds"``; the range
            or the choices are added to it when a value is refused.
        low, high: the range of a number, both ends included unless ``above_low``.
        above_low: the number must be strictly above ``low``.
        choices: the only strings allowed.
        pattern: a regular expression the whole string must match.
        comment: what the setting does, written above it in ``pipeline.toml`` (a setting
            without one belongs with the setting above it).
    """

    kind: type
    what: str
    low: int | float | None = None
    high: int | float | None = None
    above_low: bool = False
    choices: tuple[str, ...] = ()
    pattern: str = ""
    comment: str = ""  # the lines above it in the pipeline.toml that ``pipeline init`` writes

    @property
    def allowed(self) -> str:
        """What is allowed, in words, with the range or the choices."""
        if self.choices:
            shown = [f'"{choice}"' for choice in self.choices]
            return f"{self.what}: {', '.join(shown[:-1])} or {shown[-1]}"
        low = "" if self.low is None else f"{'above' if self.above_low else 'at least'} {_number(self.low)}"
        high = "" if self.high is None else f"at most {_number(self.high)}"
        if self.low is not None and self.high is not None:
            low, high = ("above ", " up to ") if self.above_low else ("", " to ")
            return f"{self.what}, {low}{_number(self.low)}{high}{_number(self.high)}"
        return ", ".join(part for part in (self.what, low, high) if part)


_FOLDER = r"[^\x00]*[^\x00\s][^\x00]*"  # not empty, no NUL character
_HOST = r"[A-Za-z0-9.:\[\]-]*"  # a host name or an address, or nothing
_ADDRESS = r"([^<>@]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)"  # a@b.se or Name <a@b.se>

# Every setting, in the order ``pipeline init`` writes them, with the comment it writes above it.
SPECS: dict[str, Spec] = {
    "language": Spec(
        str,
        "a language",
        choices=LANGUAGES,
        comment='Language of every workbook, receipt and mail: "sv" or "en".',
    ),
    "poll_seconds": Spec(
        int,
        "a whole number of seconds",
        1,
        86_400,
        comment="How often `pipeline watch` looks at the inbox, in seconds.",
    ),
    "deadline_weekday": Spec(
        str,
        "a weekday in lower case",
        choices=WEEKDAYS,
        comment="A week's report is on time until this weekday and time in the following week.",
    ),
    "deadline_time": Spec(str, 'a time of day written HH:MM, like "12:00"', pattern=HHMM),
    "report_time": Spec(
        str,
        'a time of day written HH:MM, like "07:00"',
        pattern=HHMM,
        comment="`pipeline watch` refreshes the report at this time on the deadline day, and sends the\nweekly digest at this time on the first day after the deadline.",
    ),
    "on_track_tolerance": Spec(
        float,
        "a share (0.05 means 5 %)",
        0,
        1,
        comment='A unit within this share of its target to date is "on track".',
    ),
    "pace_weeks": Spec(
        int,
        "a whole number of weeks",
        1,
        52,
        comment="The current pace (and the forecast) use this many latest weeks.",
    ),
    "max_file_mb": Spec(
        float,
        "a size in MB",
        0,
        1_000,
        above_low=True,
        comment="Files larger than this (MB) are rejected before they are opened.",
    ),
    "per_unit_folders": Spec(
        bool,
        "true or false",
        comment="true: `pipeline init` and `pipeline templates` create inbox/<unit-id>/ for every unit,\nso each unit can be given write access to its own folder only (see the README).",
    ),
    "max_unpacked_mb": Spec(
        float,
        "a size in MB",
        0,
        10_000,
        above_low=True,
        comment="A file that unpacks to more than this (MB) is rejected; counted while unpacking.",
    ),
    "max_sheet_cells": Spec(
        int,
        "a whole number of cells",
        1,
        17_179_869_184,
        comment="A sheet whose used range (rows x columns, from A1) is larger than this is rejected unread.",
    ),
    "parse_timeout_seconds": Spec(
        float,
        "a number of seconds",
        0,
        3_600,
        above_low=True,
        comment='Each file is read in a separate worker process with these limits; a file that\nneeds more is rejected as "too large or damaged".',
    ),
    "parse_memory_mb": Spec(int, "a whole number of MB", 64, 65_536),
    "state_dir": Spec(
        str,
        "a folder path, relative to the workspace or absolute, not empty and without NUL characters",
        pattern=_FOLDER,
        comment="Where the ledger, the locks and the work folder live. A relative path is under\nthe workspace; an absolute path is allowed.",
    ),
    "allow_network_state": Spec(
        bool,
        "true or false",
        comment="true: state_dir may be on a network or synced file system on purpose\n(normally refused).",
    ),
    "lock_wait_seconds": Spec(
        float,
        "a number of seconds",
        0,
        3_600,
        comment="A second writer waits this long (seconds) for the workspace lock, then refuses.",
    ),
    "waiting_alert_minutes": Spec(
        float,
        "a number of minutes",
        0,
        100_000,
        comment="A file that cannot be moved out of the inbox (locked, open in Excel) for longer\nthan this (minutes) is listed in `pipeline status` and in the report.",
    ),
    "suppress_below": Spec(
        int,
        "a whole number of people (0 hides nothing)",
        0,
        1_000,
        comment='The publish-safe copy (pipeline report --publish): a unit\'s count of people below\nthis is shown as "<5", with one more figure hidden where a sum would give it away.\n0 hides nothing.',
    ),
    "publish_copy": Spec(
        bool,
        "true or false",
        comment="true: write the publish-safe copy, lagesrapport_<week>_publicerbar.xlsx, with every report.",
    ),
    "archive_pdf": Spec(
        bool,
        "true or false",
        comment="true: write the week's archive copy as PDF/A-2 (LibreOffice) with every report;\n`pipeline report --pdf` writes it on demand. The data export is written as CSV too.",
    ),
    "pdf_timeout_seconds": Spec(
        float,
        "a number of seconds",
        0,
        3_600,
        above_low=True,
        comment="LibreOffice may take this long to make the PDF; then it is stopped.",
    ),
    "reminders": Spec(
        bool,
        "true or false",
        comment="Reminders (pipeline remind, and the watcher) to the units in plan.xlsx with an e-mail\naddress that have not reported the week: before and after the deadline.",
    ),
    "remind_before_hours": Spec(
        float,
        "a number of hours (0: no reminder before the deadline)",
        0,
        168,
        comment="Hours before the deadline (0: none before) and after it.",
    ),
    "remind_after_hours": Spec(float, "a number of hours", 0, 168),
    "drop_path": Spec(
        str,
        "a folder as the units see it; {unit} is the unit's id",
        comment=(
            "Where the reminder tells a unit to drop its file, as the units see the folder, for example\n"
            "'\\\\server\\mal\\inbox\\{unit}' (in single quotes: the backslashes stay as written).\n"
            "Empty: the inbox's own path."
        ),
    ),
    "reminder_status": Spec(
        bool,
        "true or false",
        comment="true: the template attached to a reminder shows the unit's own standing; false for\nunits whose address is a shared mailbox.",
    ),
    "digest": Spec(
        bool,
        "true or false",
        comment="The weekly digest (veckobrev) to the addresses on the plan's sheet Veckobrev.",
    ),
    "receipts_by_mail": Spec(
        bool,
        "true or false",
        comment="true: a unit with an e-mail address gets its receipt by mail when its file is settled.",
    ),
    "mail_host": Spec(
        str,
        "a host name, or empty",
        pattern=_HOST,
        comment="The mail server. Empty: every message is written as an .eml file to outbox/mail/.\nThe password is read from the environment variable PIPELINE_MAIL_PASSWORD, never from here.",
    ),
    "mail_port": Spec(int, "a port number", 1, 65_535),
    "mail_security": Spec(str, "how the connection is protected", choices=("starttls", "ssl", "none")),
    "mail_user": Spec(str, "a user name, or empty (no login)"),
    "mail_sender": Spec(str, "an e-mail address", pattern=_ADDRESS),
    "mail_timeout_seconds": Spec(float, "a number of seconds", 0, 600, above_low=True),
}


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
