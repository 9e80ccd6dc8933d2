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
    if _text(blocker).strip() != "" or _text(status) == "blocked":
        return _key(action)
    return None


def agenda(plan: Plan, rows: LedgerRows, week: IsoWeek) -> pd.DataFrame:
    """This week's actions leadership must act on: escalations, then blocked, then overdue."""
    offsets: dict[str, int] = {}  # week text -> weeks from the report week, each text parsed once
    stuck = set()
    for unit, text, key in rows.stuck:
        if text not in offsets:
            offsets[text] = IsoWeek.parse(text) - week
        stuck.add((unit, key, offsets[text]))
    out = []
    for unit_id, action, owner, due_text, _acted, status, blocker in rows.week_actions:
        status, blocker, key = _text(status), _text(blocker), _key(action)
        streak = 0
        while (unit_id, key, -streak) in stuck:
            streak += 1
        due = _due(due_text)
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


def _text(value: object) -> str:
    # a text column of the ledger as the agenda compares it: NULL is ""
    return "" if value is None else str(value)


def _key(action: object) -> str:
    # the same action from week to week: without case and surrounding spaces
    return _text(action).strip().casefold()


def _due(text: object) -> IsoWeek | None:
    try:
        return IsoWeek.parse(text) if text else None
    except ValueError:
        return None
