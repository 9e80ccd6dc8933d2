"""What one process keeps from one pass to the next, in one place: the ``Session``.

A watcher runs for weeks and makes a pass every ``poll_seconds``; a pass must not pay
again for what the pass before already had. What is kept:

* the plan read from ``plan.xlsx``, while the file's bytes are the same (checked by
  their sha256, a few milliseconds): an unchanged plan is read once;
* the isolated worker processes (``intake.workers.Workers``): started once, reused;
* the report's long history (``report.kept.KeptHistory``): brought up to date by what
  changed, not read again in full.

What is worked out from a plan (its weekly targets, the report's planned figures, the
plausibility scale) is kept with the plan object itself (``Plan.derived``), so it is
dropped with the plan when ``plan.xlsx`` changes. No module keeps state of its own: the
watcher holds one session for as long as it runs, and a one-shot command makes one and
closes it (``close`` stops the workers).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.intake.workers import Workers
from pipeline.plan.model import Plan
from pipeline.plan.read import plan_bytes, read_plan
from pipeline.report.kept import KeptHistory


def _kept_with(plan: Plan) -> list:
    """What is kept beside the plan in its cache: the report's planned figures for the main measure
    and intake's plausibility scale (each costs about half a second at 1,000 units)."""
    from pipeline.intake.plausible import Key, target_scale
    from pipeline.plan.cache import Derived
    from pipeline.report.planned import Planned, planned_for

    measure = plan.main_measure
    return [
        Derived("planned", ("planned", measure), Planned, lambda p: planned_for(p, measure)),
        Derived("plausible-scale", "plausible-scale", dict[Key, float], target_scale),
    ]


class Session:
    """The long-lived state of one watcher or one command. Use as a context manager, or call ``close``."""

    def __init__(self):
        self.workers = Workers()
        self.kept = KeptHistory()
        self._plan: tuple[tuple[str, str, str], Plan] | None = None  # ((path, language, sha256), plan)

    def plan(self, path: Path, language: str = "sv", kept: Path | None = None) -> Plan:
        """``plan.xlsx`` read and checked (``plan.read.read_plan``); the same object again while the
        file's bytes are the same. With ``kept`` (``state/plan-cache.json``), a plan checked by an
        earlier command is taken from there while the file's bytes are the same (``plan.cache``).

        Raises:
            PlanError: the file cannot be read, or it has problems (every one, with its cell).
        """
        data = plan_bytes(path)
        key = (str(Path(path).resolve()), language, hashlib.sha256(data).hexdigest())
        if self._plan is None or self._plan[0] != key:
            self._plan = (key, self._read(path, language, data, kept))
        return self._plan[1]

    @staticmethod
    def _read(path: Path, language: str, data: bytes, kept: Path | None) -> Plan:
        if kept is None:
            return read_plan(path, language, data)
        from pipeline.plan import cache

        key = cache.cache_key(data, language)
        plan = cache.load(kept, key, _kept_with)
        if plan is None:
            plan = read_plan(path, language, data)  # a plan with problems raises: never kept
            cache.save(kept, key, plan, _kept_with(plan))
        return plan

    def close(self) -> None:
        """Stops the worker processes; what else is kept is dropped with the session."""
        self.workers.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
