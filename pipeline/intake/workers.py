"""The worker processes one process keeps from pass to pass, by role (``pipeline.intake.worker``)."""

from __future__ import annotations

from pipeline.intake.limits import ParseLimits
from pipeline.intake.worker import Stats, Worker


class Workers:
    """The worker processes one process keeps from pass to pass, by role (``"read"``, ``"finish"``).

    Held by the ``Session`` of a watcher or a one-shot command (``pipeline.session``): a
    worker is started when first asked for, kept for the next pass, replaced when the
    limits change, and stopped by ``close``.
    """

    def __init__(self):
        self._by_role: dict[str, Worker] = {}

    def get(self, limits: ParseLimits, role: str = "read") -> Worker:
        """The worker for ``role`` with these limits."""
        worker = self._by_role.get(role)
        if worker is None or worker.limits != limits:
            if worker is not None:
                worker.stop()
            worker = self._by_role[role] = Worker(limits)
        return worker

    def stats(self) -> Stats:
        """What the reading worker measured for the latest file."""
        return self._by_role["read"].stats if "read" in self._by_role else Stats()

    def close(self) -> None:
        """Stops every worker; the next ``get`` starts a fresh one."""
        for worker in self._by_role.values():
            worker.stop()
        self._by_role.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
