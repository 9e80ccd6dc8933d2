"""Technical settings from ``pipeline.toml``, loaded in one place.

The programme itself (units, goals, period) lives in ``plan.xlsx`` and is
kept by the administrator; this file holds only how the machinery runs.

Every setting is declared once, as data, in ``SPECS`` (its type, its range or
choices, and what is allowed in words); ``check_setting`` is the one piece of code
that reads those declarations. ``Settings`` runs it for every field when it is
made, so a bad value never gets in, whether it came from the file or from code.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from pipeline.errors import ConfigError

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
    """

    kind: type
    what: str
    low: int | float | None = None
    high: int | float | None = None
    above_low: bool = False
    choices: tuple[str, ...] = ()
    pattern: str = ""

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


SPECS: dict[str, Spec] = {
    "language": Spec(str, "a language", choices=LANGUAGES),
    "poll_seconds": Spec(int, "a whole number of seconds", 1, 86_400),
    "deadline_weekday": Spec(str, "a weekday in lower case", choices=WEEKDAYS),
    "deadline_time": Spec(str, 'a time of day written HH:MM, like "12:00"', pattern=HHMM),
    "report_time": Spec(str, 'a time of day written HH:MM, like "07:00"', pattern=HHMM),
    "on_track_tolerance": Spec(float, "a share (0.05 means 5 %)", 0, 1),
    "pace_weeks": Spec(int, "a whole number of weeks", 1, 52),
    "max_file_mb": Spec(float, "a size in MB", 0, 1_000, above_low=True),
    "per_unit_folders": Spec(bool, "true or false"),
    "max_unpacked_mb": Spec(float, "a size in MB", 0, 10_000, above_low=True),
    "max_sheet_cells": Spec(int, "a whole number of cells", 1, 17_179_869_184),
    "parse_timeout_seconds": Spec(float, "a number of seconds", 0, 3_600, above_low=True),
    "parse_memory_mb": Spec(int, "a whole number of MB", 64, 65_536),
    "state_dir": Spec(
        str,
        "a folder path, relative to the workspace or absolute, not empty and without NUL characters",
        pattern=r"[^\x00]*[^\x00\s][^\x00]*",
    ),
    "allow_network_state": Spec(bool, "true or false"),
    "lock_wait_seconds": Spec(float, "a number of seconds", 0, 3_600),
    "waiting_alert_minutes": Spec(float, "a number of minutes", 0, 100_000),
    "suppress_below": Spec(int, "a whole number of people (0 hides nothing)", 0, 1_000),
    "publish_copy": Spec(bool, "true or false"),
}


def check_setting(name: str, value: object) -> None:
    """Refuses a value that ``SPECS[name]`` does not allow.

    Raises:
        ConfigError: one line naming the setting, the value found and what is allowed,
            e.g. ``poll_seconds = '30' is not allowed: a whole number of seconds,
            1 to 86400 (write it without quotes)``.
    """
    spec = SPECS.get(name)
    if spec is None:
        raise ConfigError(f"unknown setting {name!r}; known settings are {', '.join(sorted(SPECS))}")
    hint = _refusal(spec, value)
    if hint is not None:
        raise ConfigError(f"{name} = {_shown(value)} is not allowed: {spec.allowed}{hint}")


def _refusal(spec: Spec, value: object) -> str | None:
    """None if ``value`` fits ``spec``; else a hint for the message ("" if there is none)."""
    if spec.kind is bool:
        if isinstance(value, bool):
            return None
        quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
        return " (write it without quotes)" if quoted else ""
    if spec.kind in (int, float):
        if isinstance(value, str):
            return " (write it without quotes)" if _is_number(value) else ""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ""
        if spec.kind is int and not isinstance(value, int):
            return " (write it without a decimal point)" if value.is_integer() else ""
        if not math.isfinite(value):
            return ""
        if spec.low is not None and (value <= spec.low if spec.above_low else value < spec.low):
            return ""
        return "" if spec.high is not None and value > spec.high else None
    if not isinstance(value, str):
        return " (write it in quotes)"
    if spec.choices and value not in spec.choices:
        return " (write it in lower case)" if value.strip().lower() in spec.choices else ""
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        return ""
    return None


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _shown(value: object) -> str:
    """``repr(value)`` on one line and cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class Settings:
    """Everything that can be set in ``pipeline.toml``. Each field is checked by its ``SPECS`` entry.

    Attributes:
        language: ``"sv"`` (default) or ``"en"``: every text in workbooks and receipts.
        poll_seconds: how often ``pipeline watch`` looks at the inbox.
        deadline_weekday: the weekday after the reported week by which a report is on time.
        deadline_time: ``HH:MM`` on that day.
        report_time: ``HH:MM`` on the deadline day when ``watch`` refreshes the report
            for the meeting even if nothing arrived.
        on_track_tolerance: a unit within this share of its target to date is "on track";
            above is "ahead", below is "behind".
        pace_weeks: the current pace is measured over this many latest weeks.
        max_file_mb: files larger than this are rejected before they are opened.
        per_unit_folders: ``pipeline init`` and ``pipeline templates`` create
            ``inbox/<unit-id>/`` for every unit in the plan, for per-unit folder permissions.
        max_unpacked_mb: a file whose parts inflate to more than this is rejected (counted while inflating).
        max_sheet_cells: a sheet whose used range (rows x columns from A1) is larger is rejected unread.
        parse_timeout_seconds: reading one file may take this long (wall clock and CPU) in the worker.
        parse_memory_mb: the memory the worker may use for one file.
        state_dir: where the ledger, the locks and the work folder live; a relative path is
            under the workspace, an absolute path is allowed.
        allow_network_state: ``True`` lets ``state_dir`` be on a network or synced file
            system on purpose (normally refused).
        lock_wait_seconds: how long a second writer waits for the workspace lock before refusing.
        waiting_alert_minutes: a file that cannot be moved out of the inbox (locked, open in
            Excel) for longer than this is listed in ``pipeline status`` and in the report.
        suppress_below: in the publish-safe copy, a unit's count of people below this is
            hidden ("<5"); 0 hides nothing (``pipeline.report.suppress``).
        publish_copy: ``True`` writes the publish-safe copy with every report
            (``lagesrapport_<week>_publicerbar.xlsx``); ``pipeline report --publish`` writes it on demand.
    """

    language: str = "sv"
    poll_seconds: int = 30
    deadline_weekday: str = "monday"
    deadline_time: str = "12:00"
    report_time: str = "07:00"
    on_track_tolerance: float = 0.05
    pace_weeks: int = 4
    max_file_mb: float = 20.0
    per_unit_folders: bool = False
    max_unpacked_mb: float = 100.0
    max_sheet_cells: int = 1_000_000
    parse_timeout_seconds: float = 30.0
    parse_memory_mb: int = 1024
    state_dir: str = "state"
    allow_network_state: bool = False
    lock_wait_seconds: float = 10.0
    waiting_alert_minutes: float = 60.0
    suppress_below: int = 5
    publish_copy: bool = False

    def __post_init__(self) -> None:
        for field in fields(self):
            check_setting(field.name, getattr(self, field.name))

    @property
    def deadline(self) -> tuple[int, int, int]:
        """(ISO weekday 1-7, hour, minute) of the deadline in the week after the reported week."""
        hour, minute = _parse_hhmm(self.deadline_time)
        return WEEKDAYS.index(self.deadline_weekday) + 1, hour, minute


def _parse_hhmm(text: str) -> tuple[int, int]:
    """Hour and minute of a time already checked against ``HHMM``."""
    hour, minute = text.split(":")
    return int(hour), int(minute)


def parse_now(text: str, name: str = "PIPELINE_NOW") -> datetime:
    """The fixed clock from the environment: a local date and time, e.g. ``2026-11-22T18:00``.

    Raises:
        ConfigError: ``text`` is not an ISO date and time, or it has a time zone (every
            time the pipeline stores is local, and the two kinds cannot be compared).
    """
    try:
        now = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(
            f"{name}={_shown(text)} is not a date and time; write it like {NOW_EXAMPLE}"
        ) from None
    if now.tzinfo is not None:
        raise ConfigError(
            f"{name}={_shown(text)} has a time zone; write the local time without one, like {NOW_EXAMPLE}"
        )
    return now


def load_settings(path: Path) -> Settings:
    """Reads ``pipeline.toml``; a missing file gives the defaults.

    Raises:
        ConfigError: the file cannot be read or is not valid TOML, or a setting is unknown
            or not allowed; the message starts with the file name.
    """
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    try:
        for name, value in data.items():  # in the file's order: the first bad line is named
            check_setting(name, value)
        return Settings(**data)
    except ConfigError as exc:
        raise ConfigError(f"{path.name}: {exc}") from None


def default_toml(language: str = "sv") -> str:
    """The commented ``pipeline.toml`` that ``pipeline init`` writes."""
    s = Settings(language=language)
    return f"""# Technical settings for the pipeline. The programme itself is in plan.xlsx.

# Language of every workbook and receipt: "sv" or "en".
language = "{s.language}"

# How often `pipeline watch` looks at the inbox, in seconds.
poll_seconds = {s.poll_seconds}

# A week's report is on time until this weekday and time in the following week.
deadline_weekday = "{s.deadline_weekday}"
deadline_time = "{s.deadline_time}"

# `pipeline watch` also refreshes the report at this time on the deadline day.
report_time = "{s.report_time}"

# A unit within this share of its target to date is "on track".
on_track_tolerance = {s.on_track_tolerance}

# The current pace (and the forecast) use this many latest weeks.
pace_weeks = {s.pace_weeks}

# Files larger than this (MB) are rejected before they are opened.
max_file_mb = {s.max_file_mb}

# true: `pipeline init` and `pipeline templates` create inbox/<unit-id>/ for every unit,
# so each unit can be given write access to its own folder only (see the README).
per_unit_folders = {_toml_bool(s.per_unit_folders)}

# A file that unpacks to more than this (MB) is rejected; counted while unpacking.
max_unpacked_mb = {s.max_unpacked_mb}

# A sheet whose used range (rows x columns, from A1) is larger than this is rejected unread.
max_sheet_cells = {s.max_sheet_cells}

# Each file is read in a separate worker process with these limits; a file that
# needs more is rejected as "too large or damaged".
parse_timeout_seconds = {s.parse_timeout_seconds}
parse_memory_mb = {s.parse_memory_mb}

# Where the ledger, the locks and the work folder live. A relative path is under
# the workspace; an absolute path is allowed.
state_dir = "{s.state_dir}"

# true: state_dir may be on a network or synced file system on purpose
# (normally refused).
allow_network_state = {_toml_bool(s.allow_network_state)}

# A second writer waits this long (seconds) for the workspace lock, then refuses.
lock_wait_seconds = {s.lock_wait_seconds}

# A file that cannot be moved out of the inbox (locked, open in Excel) for longer
# than this (minutes) is listed in `pipeline status` and in the report.
waiting_alert_minutes = {s.waiting_alert_minutes}

# The publish-safe copy (pipeline report --publish): a unit's count of people below
# this is shown as "<5", with one more figure hidden where a sum would give it away.
# 0 hides nothing.
suppress_below = {s.suppress_below}

# true: write the publish-safe copy, lagesrapport_<week>_publicerbar.xlsx, with every report.
publish_copy = {_toml_bool(s.publish_copy)}
"""


def _toml_bool(value: bool) -> str:
    return "true" if value else "false"
