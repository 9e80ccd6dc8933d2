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
from pipeline.strings import Texts
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


def watcher_line(workspace: Workspace, now: datetime, t: Texts | None = None) -> str:
    """One line for ``pipeline status``: is the watcher alive, from its heartbeat and its lock's holder file.

    "Silent" means no heartbeat for more than three poll intervals while the watcher's
    holder file is still there (a hung or killed watcher); no holder file means it was
    stopped. (The files that wait in the inbox are listed by ``service.status.intake_lines``.)
    """
    t = t or Texts("en")
    try:
        beat = json.loads(workspace.heartbeat.read_text(encoding="utf-8"))
        last = datetime.fromisoformat(beat["time"])
        poll = int(beat["poll_seconds"])
    except FileNotFoundError:
        return t("cli.status.watcher-none")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return t("cli.status.watcher-unreadable", name=workspace.heartbeat.name, error=exc)
    when = f"{last:%Y-%m-%d %H:%M:%S} ({_ago(now - last, t)})"
    if locks.holder(workspace.watch_lock) is None:
        return t("cli.status.watcher-stopped", when=when)
    if locks.holder_gone(workspace.watch_lock):
        return t("cli.status.watcher-gone", when=when)
    if (now - last).total_seconds() > 3 * poll:
        return t("cli.status.watcher-silent", when=when)
    line = t("cli.status.watcher-ok", when=when, total=beat.get("total", 0))
    if beat.get("last_error"):
        line += t("cli.status.watcher-failed", error=beat["last_error"])
    return line


def _ago(delta: timedelta, t: Texts) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return t("cli.status.ago-s", n=seconds)
    if seconds < 7200:
        return t("cli.status.ago-min", n=seconds // 60)
    if seconds < 2 * 86400:
        return t("cli.status.ago-h", n=seconds // 3600)
    return t("cli.status.ago-days", n=seconds // 86400)
