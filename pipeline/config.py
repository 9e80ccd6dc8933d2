"""Technical settings from ``pipeline.toml``, loaded in one place.

The programme itself (units, goals, period) lives in ``plan.xlsx`` and is
kept by the administrator; this file holds only how the machinery runs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline.errors import ConfigError

LANGUAGES = ("sv", "en")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Settings:
    """Everything that can be set in ``pipeline.toml``.

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

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ConfigError(f"language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")
        if self.deadline_weekday not in WEEKDAYS:
            raise ConfigError(f"deadline_weekday must be a weekday name, not {self.deadline_weekday!r}")
        if self.pace_weeks < 1:
            raise ConfigError("pace_weeks must be at least 1")
        if self.poll_seconds < 1:
            raise ConfigError("poll_seconds must be at least 1")
        if self.parse_timeout_seconds <= 0 or self.parse_memory_mb < 64 or self.max_sheet_cells < 1:
            raise ConfigError(
                "parse_timeout_seconds must be above 0, parse_memory_mb at least 64 "
                "and max_sheet_cells at least 1"
            )
        for name in ("deadline_time", "report_time"):
            _parse_hhmm(getattr(self, name), name)

    @property
    def deadline(self) -> tuple[int, int, int]:
        """(ISO weekday 1-7, hour, minute) of the deadline in the week after the reported week."""
        hour, minute = _parse_hhmm(self.deadline_time, "deadline_time")
        return WEEKDAYS.index(self.deadline_weekday) + 1, hour, minute


def _parse_hhmm(text: str, name: str) -> tuple[int, int]:
    try:
        hour, minute = (int(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(f"{name} must look like 12:00, not {text!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ConfigError(f"{name} must look like 12:00, not {text!r}")
    return hour, minute


def load_settings(path: Path) -> Settings:
    """Reads ``pipeline.toml``; a missing file gives the defaults.

    Raises:
        ConfigError: the file is not valid TOML, or a setting is unknown or invalid.
    """
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path.name}: unknown setting {unknown[0]!r}; known settings are {', '.join(sorted(known))}"
        )
    try:
        return Settings(**data)
    except TypeError as exc:
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
per_unit_folders = {"true" if s.per_unit_folders else "false"}

# A file that unpacks to more than this (MB) is rejected; counted while unpacking.
max_unpacked_mb = {s.max_unpacked_mb}

# A sheet whose used range (rows x columns, from A1) is larger than this is rejected unread.
max_sheet_cells = {s.max_sheet_cells}

# Each file is read in a separate worker process with these limits; a file that
# needs more is rejected as "too large or damaged".
parse_timeout_seconds = {s.parse_timeout_seconds}
parse_memory_mb = {s.parse_memory_mb}
"""
