"""The rows one leadership report is computed from: what ``source`` reads and ``figures`` and ``agenda`` use.

A module of its own, below all three, so that none of them imports another only for this type.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import FileRecord


@dataclass(frozen=True)
class LedgerRows:
    """The rows one report is computed from (files that count now only)."""

    main: list[tuple[str, str, float]]  # (unit, week, value): the main measure, every week, stored order
    week_figures: list[tuple[str, str, float, str, str]]  # (unit, measure, value, received_at, file)
    received: dict[str, str]  # unit -> received_at of its file for the report week
    latest_before: dict[str, str]  # unit -> its latest week with a file before the report week
    week_actions: list[tuple]  # (unit, action, owner, due, acted, status, blocker), report week
    stuck: list[tuple[str, str, str, str]]  # (unit, week, action key, blocker): stuck action rows, every week
    log: list[FileRecord]  # newest first
    waiting: list[tuple[str, str, str]] = ()  # (place, since, reason): files that cannot be moved yet
    plans: list[tuple] = ()  # (unit, week, action, owner, due, acted, status, result, blocker): each
    # unit's actions from its latest file up to the report week
    held: list[tuple[str, str, str, float, str, str]] = ()  # (unit, week, measure, value, received_at,
    # file): held figures (implausible, not confirmed), in no other row above
