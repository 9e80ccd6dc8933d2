"""One writer per workspace, and one watcher: operating-system locks that die with their process.

* ``state/workspace.lock`` is held by every command that writes the ledger or the
  outbox, for as long as it writes: ``pipeline ingest``, each cycle of ``pipeline
  watch``, ``report``, ``export``, ``rebuild``. A second writer (a cron job beside the
  watcher, two people at once) waits up to ``lock_wait_seconds`` and then refuses
  with one line that says who holds it. Read-only commands (``status``,
  ``history``) never take it.
* ``state/watch.lock`` is held by a running ``pipeline watch`` for its whole life, so
  a second watcher refuses at once, and ``rebuild`` refuses while a watcher runs
  (it would swap the ledger under the watcher's feet).

The locks are ``filelock`` locks (``fcntl.flock`` on Linux, ``msvcrt.locking`` on
Windows): the operating system releases them when the process ends, also on
``kill -9``, so there is no stale lock to clean up by hand. Who holds a lock is
written beside it (``workspace.lock.json``: pid, host, command, since), because the
lock file itself is opened by every process that asks for it.

Within one process the same lock may be taken again (``run_ingest`` writes the
report under the lock it already holds); another thread of the process waits like
another process would.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.errors import WorkspaceError
from pipeline.strings import Phrase


class Busy(WorkspaceError):
    """Another process (or thread) holds the lock; the message says who."""


def holder_file(lock: Path) -> Path:
    return lock.with_name(lock.name + ".json")


def holder(lock: Path) -> dict | None:
    """Who holds (or last held) ``lock``: ``{"pid", "host", "command", "since"}``, or None."""
    try:
        data = json.loads(holder_file(lock).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def holder_gone(lock: Path) -> bool:
    """Whether the process named beside ``lock`` is known to be gone (killed without cleaning up).

    Only a holder on this host can be looked up (and not on Windows, where probing a
    pid is not safe); otherwise the answer is False: not known to be gone.
    """
    who = holder(lock)
    if not who or who.get("host") != socket.gethostname() or os.name == "nt":
        return False
    pid = who.get("pid")
    if not isinstance(pid, int) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # running, as another user
    return False


def _lock(path: Path) -> FileLock:
    # filelock's own singleton: one lock object per lock file in this process, so a thread that
    # holds it may take it again (re-entrant), and another thread of ours waits like a process
    return FileLock(os.path.abspath(path), thread_local=True, is_singleton=True)


@contextmanager
def held(
    path: Path, command: str, wait: float, now: datetime | None, what: str = "the workspace"
) -> Iterator[None]:
    """Holds the lock at ``path`` for the block; waits up to ``wait`` seconds for it.

    Args:
        command: what this process does, for the refusal another process prints ("pipeline ingest").
        now: when this holder started, written beside the lock (None: not known).
        what: what the lock guards, for the refusal ("the workspace", "a watcher").

    Raises:
        Busy: another holder kept the lock for ``wait`` seconds.
    """
    lock = _lock(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock.acquire(timeout=max(wait, 0), poll_interval=0.05)
    except Timeout:
        raise refused(path, wait, what) from None
    first = lock.lock_counter == 1
    try:
        if first:
            _write_holder(path, command, now)
        yield
    finally:
        if first:
            with suppress(OSError):
                holder_file(path).unlink()
        lock.release()


def is_held(path: Path) -> bool:
    """Whether another process holds the lock now (tried without waiting, and released at once)."""
    lock = FileLock(path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def refusal(path: Path, wait: float, what: str = "the workspace") -> str:
    """The one line a refused writer prints (in English: ``refused(...).shown(language)`` in others)."""
    return str(refused(path, wait, what))


def refused(path: Path, wait: float, what: str = "the workspace") -> Busy:
    """The error a refused writer raises: who holds ``path``, since when, and what to do."""
    who = holder(path)
    if who:
        name = Phrase(
            "error.busy-who",
            command=who.get("command", "?"),
            pid=who.get("pid", "?"),
            host=who.get("host", "?"),
            since=who.get("since", "?"),
        )
    else:
        name = Phrase("error.busy-other")
    if what == "the watcher":  # a watcher is never "done": it runs until it is stopped
        return Busy(key="error.busy-watcher", who=name, path=path)
    watch = Phrase("error.busy-watch") if who and "watch" in str(who.get("command", "")) else ""
    shown = Phrase("error.the-workspace") if what == "the workspace" else what
    return Busy(key="error.busy", what=shown, who=name, path=path, wait=f"{wait:g}", watch=watch)


def _write_holder(path: Path, command: str, now: datetime | None) -> None:
    data = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "since": now.isoformat(timespec="seconds") if now else "?",
    }
    target = holder_file(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # only the refusal's wording depends on it
