"""ISO weeks: parsing, week 53, the year boundary and the week-to-month rule."""

from datetime import date

import pytest

from pipeline.weeks import IsoWeek, WeekError, week_range, weeks_in_year


def test_parse_and_format():
    assert str(IsoWeek.parse("2026-W47")) == "2026-W47"
    assert IsoWeek.parse(" 2026w7 ") == IsoWeek(2026, 7)
    assert str(IsoWeek(2026, 7)) == "2026-W07"


@pytest.mark.parametrize("text", ["2026-47", "W47", "2026-W54", "2025-W53", "", "47"])
def test_parse_rejects_what_is_not_a_week(text):
    with pytest.raises(WeekError):
        IsoWeek.parse(text)


def test_week_53_and_year_boundary():
    assert weeks_in_year(2026) == 53 and weeks_in_year(2025) == 52
    assert IsoWeek.of(date(2026, 12, 31)) == IsoWeek(2026, 53)
    assert IsoWeek.of(date(2027, 1, 3)) == IsoWeek(2026, 53)
    assert IsoWeek(2026, 53) + 1 == IsoWeek(2027, 1)
    assert IsoWeek(2027, 2) - IsoWeek(2026, 52) == 3
    weeks = week_range(IsoWeek(2026, 51), IsoWeek(2027, 2))
    assert [str(w) for w in weeks] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]


def test_month_is_the_month_of_the_thursday():
    assert IsoWeek(2026, 53).month == (2026, 12)  # Thursday 31 December
    assert IsoWeek(2027, 1).month == (2027, 1)
    assert IsoWeek(2026, 40).month == (2026, 10)  # Mon 28 Sep, Thu 1 Oct
