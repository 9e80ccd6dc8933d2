"""Technical settings from ``pipeline.toml``, loaded in one place.

The programme itself (units, goals, period) lives in ``plan.xlsx`` and is
kept by the administrator; this file holds only how the machinery runs.

Every setting is declared once, as data, in ``pipeline.config_specs.SPECS`` (its type, its range or
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

from pipeline.config_specs import LANGUAGES, NOW_EXAMPLE, SPECS, WEEKDAYS, Spec
from pipeline.errors import ConfigError

__all__ = [
    "LANGUAGES",
    "SPECS",
    "WEEKDAYS",
    "ConfigError",
    "Settings",
    "Spec",
    "check_setting",
    "load_settings",
]


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
    """Everything that can be set in ``pipeline.toml``; what each does is its ``SPECS`` comment.

    Each field is checked by its ``SPECS`` entry. ``deadline_weekday`` and ``deadline_time``
    are in the week after the reported week; ``report_time`` is when the watcher refreshes
    the report on the deadline day (and sends the digest the first day after the deadline,
    ``pipeline.mail.rhythm``).
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
    archive_pdf: bool = False
    pdf_timeout_seconds: float = 120.0
    reminders: bool = True
    remind_before_hours: float = 24.0
    remind_after_hours: float = 2.0
    drop_path: str = ""
    reminder_status: bool = True
    digest: bool = True
    receipts_by_mail: bool = False
    mail_host: str = ""
    mail_port: int = 587
    mail_security: str = "starttls"
    mail_user: str = ""
    mail_sender: str = "malstyrning@localhost"
    mail_timeout_seconds: float = 30.0

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
    """The commented ``pipeline.toml`` that ``pipeline init`` writes: every setting at its default."""
    s = Settings(language=language)
    lines = ["# Technical settings for the pipeline. The programme itself is in plan.xlsx."]
    for name, spec in SPECS.items():
        if spec.comment:
            lines.append("")
            lines.extend(f"# {line}" for line in spec.comment.splitlines())
        lines.append(f"{name} = {_toml_value(getattr(s, name))}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)
