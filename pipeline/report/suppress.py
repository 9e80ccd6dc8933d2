"""Small counts of people hidden before a workbook is published: primary and secondary suppression.

The publish-safe copy (``published``) shows a unit's count of people only when it is at
least ``suppress_below`` (default 5). The rules, as statistics offices apply them:

* **Primary**: every count below the threshold is hidden and shown as "<5", a count of 0
  too (a 0 beside "<5" cells narrows them down).
* **Secondary**: the copy also shows sums (a unit's total to date, a department's total,
  the administration's total per week). A sum and all but one of its parts give the last
  part away, so in every sum with exactly one hidden member, the smallest member still
  shown is hidden as well (shown as "×"). A reader also knows that each "<5" is 0 to 4: a
  sum of 8 over two "<5" cells makes both 4. So where a sum's total is known, each hidden
  part's range is worked out as a reader would (0 up to 4 for "<5", 0 upwards for "×", the
  rest of the sum shared out), and where a range is a single number, one more part is
  hidden. Both are repeated until nothing changes. The administration's totals are never
  hidden: they are what is published. A sum whose other members are all administration
  totals cannot protect its one hidden member (an administration of one unit): that member
  is the administration's total.

This is the standard sum-by-sum rule. It does not solve every system of equations a
determined reader could set up across several sums at once (that needs linear
programming, as in tau-argus), and a range can still be narrow; with one threshold and
the few sums this workbook shows, no hidden count can be worked out exactly from one sum.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

PRIMARY, SECONDARY = "primary", "secondary"


@dataclass(frozen=True)
class Suppression:
    """Which counts are hidden, and why."""

    threshold: int
    hidden: dict[Hashable, str] = field(default_factory=dict)  # key -> PRIMARY | SECONDARY

    def shows(self, key: Hashable) -> bool:
        return key not in self.hidden

    def why(self, key: Hashable) -> str | None:
        return self.hidden.get(key)


Sum = tuple[Hashable | None, list[Hashable]]  # (the total's key, None for an administration total; the parts)


def suppress(cells: dict[Hashable, float], sums: Iterable[Sum], threshold: int) -> Suppression:
    """The counts of ``cells`` to hide so that none below ``threshold`` shows or can be worked out.

    Args:
        cells: every count the copy would show that may be hidden, by key, in the order they
            are shown (ties between equal counts go to the first).
        sums: each sum the copy shows: its total (a key of ``cells``, or None for an
            administration total, always shown) and the keys of its parts.
        threshold: counts below it are hidden; 0 hides nothing.
    """
    if threshold <= 0:
        return Suppression(threshold)
    hidden: dict[Hashable, str] = {k: PRIMARY for k, v in cells.items() if v < threshold}
    order = {k: i for i, k in enumerate(cells)}
    equations = [(t if t in cells else None, [k for k in parts if k in cells]) for t, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            members = parts if total is None else [*parts, total]
            if not any(k in hidden for k in members):
                continue
            if sum(1 for k in members if k in hidden) == 1 or _pinned(cells, hidden, total, parts, threshold):
                shown = [k for k in members if k not in hidden]
                if shown:
                    hidden[min(shown, key=lambda k: (cells[k], order[k]))] = SECONDARY
                    changed = True
    return Suppression(threshold, hidden)


def _pinned(cells, hidden, total, parts: list, threshold: int) -> bool:
    """Whether a reader who knows the total and the parts shown can tell a hidden part exactly."""
    if total is not None and total in hidden:
        return False  # the total is not known: the parts have no fixed sum to share out
    unknown = [k for k in parts if k in hidden]
    if not unknown:
        return False
    rest = sum(cells[k] for k in unknown)  # what the reader can work out: the total minus the parts shown
    top = {k: (threshold - 1 if hidden[k] == PRIMARY else math.inf) for k in unknown}
    room = sum(top.values())
    for k in unknown:
        low = max(0.0, rest - (room - top[k]))
        high = min(top[k], rest)
        if high - low < 1:
            return True
    return False
