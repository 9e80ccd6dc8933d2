"""ISO 8601 weeks: the only calendar the product speaks.

A week is written ``2026-W47``. Week 53 exists in some years (2026 has one),
and the ISO year of a week can differ from the calendar year of its days
(2027-W01 starts on Monday 2027-01-04; 2026-12-28 belongs to 2026-W53).

Months are mapped from weeks by the week's Thursday, the same rule ISO uses
to decide which year a week belongs to: a week belongs to the month that
holds its Thursday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")


class WeekError(ValueError):
    """A text that is not an ISO week, or a week that does not exist."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    """One ISO 8601 week, ordered by time."""

    year: int
    week: int

    def __post_init__(self) -> None:
        if not 1 <= self.week <= weeks_in_year(self.year):
            raise WeekError(f"{self.year} has no week {self.week}")

    @classmethod
    def parse(cls, text: object) -> IsoWeek:
        """Parses ``2026-W47`` (also ``2026W47``, ``2026-w7``).

        Raises:
            WeekError: the text is not a week, or the week does not exist.
        """
        if isinstance(text, IsoWeek):
            return text
        match = _PATTERN.match(str(text))
        if not match:
            raise WeekError(f"not an ISO week: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date | datetime) -> IsoWeek:
        """The week that holds ``day``."""
        iso = day.isocalendar()
        return cls(iso[0], iso[1])

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def day(self, weekday: int) -> date:
        """The date of ``weekday`` (1 = Monday ... 7 = Sunday) in this week."""
        return date.fromisocalendar(self.year, self.week, weekday)

    def __add__(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday() + timedelta(weeks=weeks))

    def __sub__(self, other: int | IsoWeek):
        if isinstance(other, IsoWeek):
            return (self.monday() - other.monday()).days // 7
        return self + (-other)

    @property
    def month(self) -> tuple[int, int]:
        """(year, month) of the week's Thursday."""
        thursday = self.day(4)
        return thursday.year, thursday.month

    def label(self, prefix: str = "v.") -> str:
        """Short header text, for example ``v. 47``."""
        return f"{prefix} {self.week}"

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week number of 28 December."""
    return date(year, 12, 28).isocalendar()[1]


def week_range(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    """Every week from ``first`` to ``last``, both included."""
    count = last - first
    return [first + i for i in range(count + 1)]
