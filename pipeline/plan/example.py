"""The example programme that ``pipeline init`` pre-fills: 180 people into self-sufficiency.

Eight units in two departments, over 26 ISO weeks that end about four months
after "today" (so a new workspace, and the demo, are in the middle of the period).
"""

from __future__ import annotations

import random
from datetime import date

from pipeline.plan.model import FLOW, HIGHER, Goal, LastYear, Measure, Plan, PlannedAction, Unit
from pipeline.weeks import IsoWeek, weeks_in_year

WEEKS = 26
WEEKS_BEFORE_TODAY = 6
SUMMER_WEEKS = range(28, 32)  # Swedish industrial holiday
CHRISTMAS_WEEKS = (52, 53, 1)
SUMMER_WEIGHT = 0.3
CHRISTMAS_WEIGHT = 0.5

_UNITS = [
    ("E01", "Jobbcenter Nord", 0, 30, 12),
    ("E02", "Jobbcenter Syd", 0, 25, 10),
    ("E03", "Ungdomsteamet", 0, 20, 8),
    ("E04", "Etableringsenheten", 0, 25, 10),
    ("E05", "Mottagningen", 1, 15, 6),
    ("E06", "Försörjningsstöd Öst", 1, 20, 8),
    ("E07", "Försörjningsstöd Väst", 1, 20, 8),
    ("E08", "Stöd och matchning", 1, 25, 10),
]
_GROUPS = {
    "sv": ("Arbetsmarknad", "Försörjningsstöd"),
    "en": ("Labour market", "Income support"),
}
_MEASURES = {
    "sv": (("egen", "Till egenförsörjning"), ("praktik", "Påbörjade praktikplatser")),
    "en": (("egen", "Into self-sufficiency"), ("praktik", "Internships started")),
}
_ACTIONS = {
    "sv": (
        ("Arbetsgivarträffar varje vecka", "Teamledare"),
        ("Matchningssamtal med alla nyinskrivna", "Handläggare"),
    ),
    "en": (
        ("Employer meetings every week", "Team leader"),
        ("Matching interviews with every new client", "Case officer"),
    ),
}


def calendar_weight(week: IsoWeek) -> tuple[float, str]:
    """The pre-filled capacity weight of a week, and why (summer, Christmas or normal)."""
    if week.week in SUMMER_WEEKS:
        return SUMMER_WEIGHT, "plan.calendar.summer"
    if week.week in CHRISTMAS_WEEKS:
        return CHRISTMAS_WEIGHT, "plan.calendar.christmas"
    return 1.0, ""


def example_plan(today: date, language: str = "sv") -> Plan:
    """The example programme, with its period placed around ``today``."""
    first = IsoWeek.of(today) - WEEKS_BEFORE_TODAY
    last = first + (WEEKS - 1)
    groups = _GROUPS[language]
    domain = _DOMAIN[language]  # a reserved domain (RFC 2606): an example address reaches nobody
    units = tuple(
        Unit(uid, name, groups[g], emails=(f"{uid.lower()}@{domain}",)) for uid, name, g, _, _ in _UNITS
    )
    (main_id, main_name), (second_id, second_name) = _MEASURES[language]
    measures = (Measure(main_id, main_name, FLOW, HIGHER), Measure(second_id, second_name, FLOW, HIGHER))
    goals = tuple(
        goal
        for uid, _, _, main_goal, second_goal in _UNITS
        for goal in (Goal(uid, main_id, main_goal), Goal(uid, second_id, second_goal))
    )
    weeks = [first + i for i in range(WEEKS)]
    weights = {w: calendar_weight(w)[0] for w in weeks}
    # Last year: about half this year's goal, the same weeks a year earlier.
    rng = random.Random(2025)
    last_year = []
    for uid, _, _, main_goal, _ in _UNITS:
        for w in weeks:
            if w.week > weeks_in_year(w.year - 1):
                continue
            mean = main_goal * 0.5 / WEEKS * weights[w]
            value = max(0, round(rng.gauss(mean, 0.6)))
            last_year.append(LastYear(uid, main_id, IsoWeek(w.year - 1, w.week), value))
    actions = tuple(
        PlannedAction(uid, text, owner, first + (8 + 6 * i))
        for uid, *_ in _UNITS
        for i, (text, owner) in enumerate(_ACTIONS[language])
    )
    return Plan(
        programme_id="EGEN-180",
        name=_NAME[language],
        goal_text=_GOAL_TEXT[language],
        main_measure=main_id,
        first_week=first,
        last_week=last,
        units=units,
        measures=measures,
        goals=goals,
        weights=weights,
        last_year=tuple(last_year),
        actions=actions,
        digest_to=((_LEADERSHIP[language], f"ledning@{domain}"),),
    )


_DOMAIN = {"sv": "kommun.example", "en": "council.example"}
_LEADERSHIP = {"sv": "Ledningsgruppen", "en": "Management team"}
_NAME = {"sv": "Fler i egenförsörjning", "en": "More people self-sufficient"}
_GOAL_TEXT = {
    "sv": "180 personer till egenförsörjning inom 26 veckor",
    "en": "180 people into self-sufficiency within 26 weeks",
}
