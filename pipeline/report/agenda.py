"""The agenda (actions leadership must act on) and the missing reports, from the ledger's rows.

An action is on the agenda when, in this week's report, it has a blocker, has status
"blocked", or is past its due week and not done. It is stuck when it has a blocker or
is blocked; stuck in 2 or more weeks in a row (the same unit and the same action text,
compared without case and surrounding spaces) makes it an escalation. Escalations come
first, then blocked, then overdue.

Weeks are counted as integers from the report week (0, -1, -2, ...), so following a streak
back costs a set lookup per week instead of date arithmetic on ``IsoWeek`` objects.
"""

from __future__ import annotations

import pandas as pd

from pipeline.plan.model import Plan
from pipeline.report.rows import LedgerRows
from pipeline.weeks import IsoWeek

ESCALATION, BLOCKED, OVERDUE = "escalation", "blocked", "overdue"
AGENDA_ORDER = {ESCALATION: 0, BLOCKED: 1, OVERDUE: 2}
AGENDA_COLUMNS = [
    "reason",
    "group",
    "unit",
    "name",
    "action",
    "owner",
    "due",
    "overdue",
    "status",
    "blocker",
    "weeks_in_row",
]


def stuck_key(action: object, status: object, blocker: object) -> str | None:
    """The key that follows an action row from week to week when it is stuck, else None.

    Stuck: a blocker (not just spaces) or status "blocked". The key is the action text
    without case and surrounding spaces.
    """
    if text_of(blocker).strip() != "" or text_of(status) == "blocked":
        return key_of(action)
    return None


class Streaks:
    """How many weeks in a row each action has been stuck, from the stuck rows of every week."""

    def __init__(self, stuck: list[tuple[str, str, str, str]], week: IsoWeek):
        offsets: dict[str, int] = {}  # week text -> weeks from the report week, each text parsed once
        self._stuck: dict[tuple[str, str, int], str] = {}  # (unit, key, offset) -> its blocker
        for unit, text, key, blocker in stuck:
            if text not in offsets:
                offsets[text] = IsoWeek.parse(text) - week
            self._stuck[unit, key, offsets[text]] = blocker

    def streak(self, unit: str, key: str, offset: int = 0) -> int:
        """Weeks in a row up to the week ``offset`` weeks from the report week (0 or below)."""
        streak = 0
        while (unit, key, offset - streak) in self._stuck:
            streak += 1
        return streak

    def blocker(self, unit: str, key: str, offset: int) -> str | None:
        """The blocker of the stuck action in the week ``offset`` weeks from the report week, else None."""
        return self._stuck.get((unit, key, offset))


def agenda(plan: Plan, rows: LedgerRows, week: IsoWeek, streaks: Streaks | None = None) -> pd.DataFrame:
    """This week's actions leadership must act on: escalations, then blocked, then overdue."""
    streaks = streaks or Streaks(rows.stuck, week)
    out = []
    for unit_id, action, owner, due_text, _acted, status, blocker in rows.week_actions:
        status, blocker, key = text_of(status), text_of(blocker), key_of(action)
        streak = streaks.streak(unit_id, key)
        due = due_of(due_text)
        overdue = due is not None and due < week and status != "done"
        if streak >= 2:
            reason = ESCALATION
        elif streak == 1:
            reason = BLOCKED
        elif overdue:
            reason = OVERDUE
        else:
            continue
        unit = plan.unit(unit_id)
        out.append(
            [
                reason,
                unit.group if unit else "",
                unit_id,
                unit.name if unit else unit_id,
                action,
                owner,
                due,
                overdue,
                status,
                blocker,
                streak,
            ]
        )
    frame = pd.DataFrame(out, columns=AGENDA_COLUMNS)
    frame["rank"] = frame["reason"].map(AGENDA_ORDER)
    frame = frame.sort_values(
        ["rank", "weeks_in_row", "group", "unit"], ascending=[True, False, True, True], kind="stable"
    )
    return frame.drop(columns="rank").reset_index(drop=True)


def missing(plan: Plan, rows: LedgerRows) -> pd.DataFrame:
    """The plan's units without a file for the report week, with their latest week before it."""
    parsed: dict[str, IsoWeek] = {}
    out = []
    for unit in plan.units:
        if unit.id in rows.received:
            continue
        text = rows.latest_before.get(unit.id)
        if text is not None and text not in parsed:
            parsed[text] = IsoWeek.parse(text)
        out.append([unit.id, unit.name, unit.group, parsed.get(text) if text is not None else None])
    return pd.DataFrame(out, columns=["unit", "name", "group", "last_week"])


def text_of(value: object) -> str:
    # a text column of the ledger as the agenda compares it: NULL is ""
    return "" if value is None else str(value)


def key_of(action: object) -> str:
    """The same action from week to week: without case and surrounding spaces."""
    return text_of(action).strip().casefold()


def due_of(text: object) -> IsoWeek | None:
    """A due week as the file gave it, or None when it is empty or not a week."""
    try:
        return IsoWeek.parse(text) if text else None
    except ValueError:
        return None
