"""Every group's action plan, and the dependencies between groups, from the ledger's rows (no I/O).

The agenda (``agenda``) shows an action only when leadership must act on it; this shows
them all, so that the groups see each other's plans.

* **Which actions**: each unit's actions from its latest file up to the report week. A unit
  that has not reported this week still shows its plan, marked with the week it is from;
  its actions then count as not acted on this week.
* **State**, one per action, the first that applies: *done* (status done), *blocked* (a
  blocker or status blocked: the agenda's "stuck"), *overdue* (past its due week), else *on
  track*. Each department's four counts add up to its number of actions.
* **Acted this week**: a unit acted when its file for the report week marks at least one
  action as acted on ("Ja"). The share is over every unit of the department in the plan, so
  a unit that did not report counts as not acting.
* **Dependencies**: a blocker that names another unit (its name or its id) or a department
  waits for it. Names are matched as whole words, without case, with a Swedish ending
  allowed ("Mottagningens", "Försörjningsstödet") and the longest name first, so
  "Försörjningsstöd Öst" is the unit, not the department. A unit naming itself or its own
  department is no dependency between groups. The weeks are how many weeks in a row, up to
  the file's week, the action's blocker has named that group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.plan.model import Plan
from pipeline.report.agenda import Streaks, due_of, key_of, text_of
from pipeline.weeks import IsoWeek

DONE, ON_TRACK, BLOCKED, OVERDUE = "done", "on_track", "blocked", "overdue"
STATES = (DONE, ON_TRACK, BLOCKED, OVERDUE)
_ENDINGS = ("ens", "ets", "ns", "ts", "en", "et", "s", "n", "t")  # Swedish definite or genitive endings


@dataclass(frozen=True)
class PlannedStep:
    """One action of one unit's plan, as its latest file says."""

    group: str
    unit_id: str
    unit_name: str
    week: IsoWeek  # the week of the file it is from
    action: str
    owner: str
    due: IsoWeek | None
    status: str  # not_started | in_progress | done | blocked | ""
    acted: int | None  # 1 yes, 0 no, None not said
    result: str
    blocker: str
    state: str  # one of STATES
    weeks_stuck: int


@dataclass(frozen=True)
class GroupPlan:
    """One department's actions counted by state, and how many of its units acted this week."""

    group: str
    counts: dict[str, int]  # state -> actions
    units: int
    units_acted: int

    @property
    def actions(self) -> int:
        return sum(self.counts.values())

    @property
    def acted_share(self) -> float | None:
        return self.units_acted / self.units if self.units else None


@dataclass(frozen=True)
class Dependency:
    """A unit whose action waits for another group: a unit or a department its blocker names."""

    group: str  # the waiting unit's department
    unit_id: str
    unit_name: str
    on: str  # the name of the group waited for, as the plan spells it
    on_group: str  # the department of the group waited for (itself, for a department)
    on_unit: bool  # the group waited for is a unit (else a department)
    action: str
    blocker: str
    weeks: int


@dataclass(frozen=True)
class ActionPlans:
    steps: list[PlannedStep]  # department order, then unit order, then the file's row order
    groups: list[GroupPlan]  # the plan's departments, in its order
    dependencies: list[Dependency]  # longest wait first


def action_plans(plan: Plan, latest: list[tuple], week: IsoWeek, streaks: Streaks) -> ActionPlans:
    """Every unit's actions from ``latest`` rows (``LedgerRows.plans``) for the report ``week``.

    ``latest``: ``(unit, week, action, owner, due, acted, status, result, blocker)`` of each
    unit's latest file up to ``week``, in stored order.
    """
    order = {u.id: i for i, u in enumerate(plan.units)}
    group_rank = {g: i for i, g in enumerate(plan.groups)}
    parsed: dict[str, IsoWeek] = {}
    steps = []
    for unit_id, week_text, action, owner, due_text, acted, status, result, blocker in latest:
        unit = plan.unit(unit_id)
        if unit is None:
            continue
        if week_text not in parsed:
            parsed[week_text] = IsoWeek.parse(week_text)
        at = parsed[week_text]
        status, blocker = text_of(status), text_of(blocker)
        due = due_of(due_text)
        weeks_stuck = streaks.streak(unit_id, key_of(action), at - week)
        if status == "done":
            state = DONE
        elif blocker.strip() or status == "blocked":
            state = BLOCKED
        elif due is not None and due < week:
            state = OVERDUE
        else:
            state = ON_TRACK
        steps.append(
            PlannedStep(
                unit.group,
                unit_id,
                unit.name,
                at,
                text_of(action),
                text_of(owner),
                due,
                status,
                acted,
                text_of(result),
                blocker,
                state,
                weeks_stuck,
            )
        )
    steps.sort(key=lambda s: (group_rank.get(s.group, len(group_rank)), order[s.unit_id]))
    return ActionPlans(steps, _groups(plan, steps, week), _dependencies(plan, steps, week, streaks))


def _groups(plan: Plan, steps: list[PlannedStep], week: IsoWeek) -> list[GroupPlan]:
    acted = {s.unit_id for s in steps if s.week == week and s.acted == 1}
    out = []
    for group in plan.groups:
        members = [u.id for u in plan.units if u.group == group]
        counts = dict.fromkeys(STATES, 0)
        for s in steps:
            if s.group == group:
                counts[s.state] += 1
        out.append(GroupPlan(group, counts, len(members), sum(1 for m in members if m in acted)))
    return out


def _dependencies(plan: Plan, steps: list[PlannedStep], week: IsoWeek, streaks: Streaks) -> list[Dependency]:
    names = _names(plan)
    out = []
    for s in steps:
        if s.state != BLOCKED or not s.blocker.strip():
            continue
        seen = set()
        for on, on_group, on_unit in _named(names, s.blocker):
            own = on == s.unit_name or (not on_unit and on == s.group)
            if own or on in seen:
                continue
            seen.add(on)
            facts = (s.group, s.unit_id, s.unit_name, on, on_group, on_unit, s.action, s.blocker)
            out.append(Dependency(*facts, _waited(names, streaks, s, on, s.week - week)))
    out.sort(key=lambda d: -d.weeks)
    return out


def _waited(names, streaks: Streaks, step: PlannedStep, on: str, offset: int) -> int:
    """Weeks in a row, up to the step's week, that the action's blocker has named ``on``."""
    key, weeks = key_of(step.action), 1
    while True:
        earlier = streaks.blocker(step.unit_id, key, offset - weeks)
        if earlier is None or on not in (name for name, _, _ in _named(names, earlier)):
            return weeks
        weeks += 1


def _names(plan: Plan) -> Names:
    """Every unit name, unit id and department as one pattern, made once per plan (``Plan.derived``)."""
    return plan.derived("action-plan names", _make_names)


class Names:
    """Every name as its words (case folded), looked up word by word: at each word of a text the
    longest name that starts there wins, and its words are not read again as a shorter name
    ("Försörjningsstöd Öst", not the department "Försörjningsstöd"). A blocker is read once,
    whatever the number of names (a pattern per name cost 3.8 s of the report at 1,000 units).
    The last word of a name may carry a Swedish ending (``Mottagningens``, ``Mottagningen's``)."""

    def __init__(self, found: list[tuple[str, str, str, bool]]):
        self.entries: dict[tuple[str, ...], tuple[str, str, bool]] = {}
        for text, name, group, is_unit in found:
            self.entries.setdefault(_words(text), (name, group, is_unit))
        self.longest = max((len(k) for k in self.entries), default=0)

    def named(self, text: str) -> list[tuple[str, str, bool]]:
        words = _words(re.sub(r"['’]s\b", "", text))
        out, i = [], 0
        while i < len(words):
            for k in range(min(self.longest, len(words) - i), 0, -1):
                head, last = words[i : i + k - 1], words[i + k - 1]
                hit = next((self.entries[key] for key in _endings(head, last) if key in self.entries), None)
                if hit is not None:
                    out.append(hit)
                    i += k
                    break
            else:
                i += 1
        return out


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in re.findall(r"\w+", text))


def _endings(head: tuple[str, ...], last: str):
    """``head + (last,)``, then with each Swedish ending taken off ``last``."""
    yield (*head, last)
    for ending in _ENDINGS:
        if last.endswith(ending) and len(last) > len(ending):
            yield (*head, last[: -len(ending)])


def _make_names(plan: Plan) -> Names:
    found: list[tuple[str, str, str, bool]] = []
    for unit in plan.units:
        found.append((unit.name, unit.name, unit.group, True))
        found.append((unit.id, unit.name, unit.group, True))
    found += [(group, group, group, False) for group in plan.groups]
    found = [f for f in found if f[0].strip()]
    found.sort(key=lambda f: -len(f[0]))
    return Names(found)


def _named(names: Names, text: str) -> list[tuple[str, str, bool]]:
    """The groups ``text`` names, in the order they appear; a longer name's words are not read again."""
    return names.named(text)
