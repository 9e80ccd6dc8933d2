"""The watcher's heartbeat: ``state/heartbeat.json``, written after every cycle, read by ``pipeline status``.

The heartbeat says when the watcher last polled, how many files it settled, the
error of its latest cycle, and which files wait in the inbox because they cannot
be moved. ``pipeline status`` (or a monitoring check) reads it together with the
watcher lock's holder file to tell whether the watcher is alive.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.service import locks
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass
class Beat:
    """What the heartbeat carries from one cycle to the next."""

    poll_seconds: int
    total: int = 0  # files settled since the watcher started
    error: str | None = None  # the error of the latest cycle, None if it went well
    waiting: list = field(default_factory=list)  # [place, since, reason]: files that cannot be moved yet


def write_heartbeat(path: Path, now: datetime, settled: int, beat: Beat) -> None:
    """Replaces ``path`` atomically (temp file + rename). Never raises: a failure is logged."""
    data = {
        "time": now.isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "settled": settled,
        "total": beat.total,
        "last_error": beat.error,
        "poll_seconds": beat.poll_seconds,
        "waiting": beat.waiting,
    }
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write the heartbeat %s: %s", path, exc)


def watcher_line(workspace: Workspace, now: datetime) -> str:
    """One line for ``pipeline status``: is the watcher alive, from its heartbeat and its lock's holder file.

    "Silent" means no heartbeat for more than three poll intervals while the watcher's
    holder file is still there (a hung or killed watcher); no holder file means it was
    stopped. (The files that wait in the inbox are listed by ``service.status.intake_lines``.)
    """
    try:
        beat = json.loads(workspace.heartbeat.read_text(encoding="utf-8"))
        last = datetime.fromisoformat(beat["time"])
        poll = int(beat["poll_seconds"])
    except FileNotFoundError:
        return "  watcher: not running (no heartbeat)"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"  watcher: unreadable heartbeat {workspace.heartbeat.name} ({exc})"
    when = f"{last:%Y-%m-%d %H:%M:%S} ({_ago(now - last)})"
    if locks.holder(workspace.watch_lock) is None:
        return f"  watcher: not running; last poll {when}"
    if locks.holder_gone(workspace.watch_lock):
        return f"  watcher: not running (its process is gone, killed?); last poll {when}"
    if (now - last).total_seconds() > 3 * poll:
        return f"  watcher: silent since {when} — is it running?"
    total = beat.get("total", 0)
    line = f"  watcher: last poll {when}, {total} file{'' if total == 1 else 's'} since start"
    if beat.get("last_error"):
        line += f"; last poll failed: {beat['last_error']}"
    return line


def _ago(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"
