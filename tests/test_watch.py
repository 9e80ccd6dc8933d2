"""The watcher as a service: two polls per file, failures survived, heartbeat, single-instance lock.

Only the last two tests start the real endless loop, as a subprocess they stop with a signal.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.commands import init_workspace, make_templates, status_text
from pipeline.errors import WorkspaceError
from pipeline.intake.inbox import StabilityWatch
from pipeline.service import locks
from pipeline.service.watch import Beat, cycle, watch
from pipeline.weeks import IsoWeek
from pipeline.workspace import Workspace
from tests.conftest import NOW, Space

LATER = NOW + timedelta(seconds=30)


def heartbeat(space) -> dict:
    return json.loads(Workspace(space.root).heartbeat.read_text(encoding="utf-8"))


def set_poll_seconds(root: Path, seconds: int) -> None:
    toml = root / "pipeline.toml"
    text = toml.read_text(encoding="utf-8")
    assert "poll_seconds = 30" in text
    toml.write_text(text.replace("poll_seconds = 30", f"poll_seconds = {seconds}"), encoding="utf-8")


HOLD = """
import sys, time
from datetime import datetime
from pathlib import Path
from pipeline.service import locks
with locks.held(Path(sys.argv[1]), sys.argv[2], 0, datetime(2026, 11, 22, 17, 59)):
    print("held", flush=True)
    time.sleep(120)
"""


def hold_elsewhere(lock: Path, command: str = "pipeline watch") -> subprocess.Popen:
    """Another process that holds ``lock`` (until it is killed)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lock), command], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


# --- one cycle ---------------------------------------------------------------------------------


def test_a_file_is_taken_on_the_second_poll_and_the_heartbeat_counts_it(space):
    watcher, beat = StabilityWatch(), Beat(poll_seconds=30)
    space.drop("vecka46.xlsx")
    assert cycle(space.root, watcher, NOW, beat) == 0  # first look
    first = heartbeat(space)
    assert first == {
        "time": "2026-11-22T18:00:00",
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "settled": 0,
        "total": 0,
        "last_error": None,
        "poll_seconds": 30,
        "waiting": [],
    }
    assert cycle(space.root, watcher, LATER, beat) == 1
    assert (heartbeat(space)["time"], heartbeat(space)["settled"], heartbeat(space)["total"]) == (
        "2026-11-22T18:00:30",
        1,
        1,
    )
    assert len(space.files("archive")) == 2  # the file and its receipt
    assert not list(Workspace(space.root).state.glob("*.tmp"))


def test_a_failing_cycle_returns_0_records_the_error_and_the_next_one_recovers(space, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("ledger is on fire")

    monkeypatch.setattr("pipeline.service.watch.run_ingest", broken)
    watcher, beat = StabilityWatch(), Beat(poll_seconds=30)
    space.drop("vecka46.xlsx")
    with caplog.at_level(logging.INFO, logger="pipeline.service.watch"):
        assert cycle(space.root, watcher, NOW, beat) == 0
        assert cycle(space.root, watcher, LATER, beat) == 0
    assert heartbeat(space)["last_error"] == "RuntimeError: ledger is on fire"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # the same error again is not logged again at error level
    monkeypatch.undo()
    assert cycle(space.root, watcher, LATER + timedelta(seconds=30), beat) == 0  # first successful look
    assert cycle(space.root, watcher, LATER + timedelta(seconds=60), beat) == 1
    assert heartbeat(space)["last_error"] is None and heartbeat(space)["total"] == 1


def _vanish_deleted(space, away: Path):
    inbox = space.root / "inbox"
    return lambda: inbox.rename(away), lambda: away.rename(inbox)


def _vanish_share(space, away: Path):
    """inbox/ is a symlink to a share; the share goes away and comes back."""
    inbox, share = space.root / "inbox", away.parent / "share"
    inbox.rename(share)
    inbox.symlink_to(share, target_is_directory=True)
    return lambda: share.rename(away), lambda: away.rename(share)


def _vanish_unreadable(space, away: Path):
    inbox = space.root / "inbox"
    return lambda: inbox.chmod(0), lambda: inbox.chmod(0o755)


@pytest.mark.parametrize("how", [_vanish_deleted, _vanish_share, _vanish_unreadable])
def test_the_inbox_vanishing_and_returning(space, tmp_path, how):
    if how is _vanish_unreadable and (os.name == "nt" or os.geteuid() == 0):
        pytest.skip("permissions do not hide a folder from root")
    gone, back = how(space, tmp_path / "away")
    watcher, beat = StabilityWatch(), Beat(poll_seconds=30)
    space.drop("vecka46.xlsx")
    assert cycle(space.root, watcher, NOW, beat) == 0  # seen once
    gone()
    try:
        for seconds in (30, 60):
            assert cycle(space.root, watcher, NOW + timedelta(seconds=seconds), beat) == 0
            error = heartbeat(space)["last_error"]
            assert "inbox" in error and "cannot be read" in error
            assert heartbeat(space)["time"] == (NOW + timedelta(seconds=seconds)).isoformat()
        if how is _vanish_deleted:
            assert not (space.root / "inbox").exists()  # not replaced by an empty local folder
    finally:
        back()
    assert cycle(space.root, watcher, NOW + timedelta(seconds=90), beat) == 0  # forgotten: look again
    assert heartbeat(space)["last_error"] is None
    assert cycle(space.root, watcher, NOW + timedelta(seconds=120), beat) == 1
    assert heartbeat(space)["total"] == 1 and len(space.files("archive")) == 2


# --- the lock ----------------------------------------------------------------------------------


def test_a_second_watcher_on_the_same_workspace_is_refused(space):
    lock = Workspace(space.root).watch_lock
    holder = hold_elsewhere(lock)
    try:
        with pytest.raises(WorkspaceError) as refused:
            watch(space.root, once=True, clock=lambda: NOW)
        message = str(refused.value)
        assert (
            f"pipeline watch (pid {holder.pid} on {socket.gethostname()}, since 2026-11-22T17:59:00)"
            in message
        )
        assert "\n" not in message
        assert locks.holder(lock)["pid"] == holder.pid  # the holder's record is untouched
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_killed_watcher_is_no_obstacle(space):
    """The operating system releases the lock with its process: nothing stale to delete by hand."""
    lock = Workspace(space.root).watch_lock
    holder = hold_elsewhere(lock)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock.exists() or locks.holder(lock) is not None  # what the killed watcher left behind
    (space.root / "state" / "heartbeat.json").write_text(
        json.dumps({"time": NOW.isoformat(), "poll_seconds": 30}), encoding="utf-8"
    )
    assert status_text(space.root, NOW + timedelta(seconds=5)).splitlines()[-1] == (
        "  bevakningen: körs inte (processen finns inte, dödad?);"
        " senaste körning 2026-11-22 18:00:00 (för 5 s sedan)"
    )
    set_poll_seconds(space.root, 1)
    watch(space.root, once=True, clock=lambda: NOW)
    assert not locks.is_held(lock) and locks.holder(lock) is None


def test_watch_once_ingests_and_releases_its_lock(space):
    set_poll_seconds(space.root, 1)
    space.drop("vecka46.xlsx")
    watch(space.root, once=True, clock=lambda: NOW)
    assert not locks.is_held(Workspace(space.root).watch_lock)
    assert locks.holder(Workspace(space.root).watch_lock) is None
    assert len(space.files("archive")) == 2
    assert heartbeat(space)["total"] == 1


def test_watch_releases_its_lock_on_ctrl_c(space, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.service.watch.run_ingest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watch(space.root, once=True, clock=lambda: NOW)
    assert not locks.is_held(Workspace(space.root).watch_lock)
    assert locks.holder(Workspace(space.root).watch_lock) is None


# --- status ------------------------------------------------------------------------------------


def test_status_without_a_heartbeat(space):
    lines = status_text(space.root, NOW).splitlines()
    assert lines[-1] == "  bevakningen: körs inte (ingen livstecken-fil)"
    assert any(line.startswith("  läge: ") for line in lines)


def test_status_shows_the_watchers_last_poll(space, monkeypatch):
    lock = Workspace(space.root).watch_lock
    held = locks.held(lock, "pipeline watch", 0, NOW)
    held.__enter__()
    beat = Beat(poll_seconds=30, total=2)
    cycle(space.root, StabilityWatch(), NOW, beat)
    line = status_text(space.root, NOW + timedelta(seconds=12)).splitlines()[-1]
    assert (
        line == "  bevakningen: senaste körning 2026-11-22 18:00:00 (för 12 s sedan), 2 fil(er) sedan start"
    )

    line = status_text(space.root, NOW + timedelta(seconds=91)).splitlines()[-1]
    assert line == "  bevakningen: tyst sedan 2026-11-22 18:00:00 (för 91 s sedan) — körs den?"

    monkeypatch.setattr("pipeline.service.watch.run_ingest", lambda *a, **k: 1 / 0)
    cycle(space.root, StabilityWatch(), NOW, beat)
    line = status_text(space.root, NOW + timedelta(seconds=5)).splitlines()[-1]
    assert line.endswith(
        "2 fil(er) sedan start; senaste körningen misslyckades: ZeroDivisionError: division by zero"
    )

    held.__exit__(None, None, None)
    line = status_text(space.root, NOW + timedelta(hours=3)).splitlines()[-1]
    assert line == "  bevakningen: körs inte; senaste körning 2026-11-22 18:00:00 (för 3 h sedan)"


# --- the real loop, in a subprocess ------------------------------------------------------------


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.fixture
def live(tmp_path):
    """A workspace around the real today (the subprocess reads the real clock), and a watcher on it."""
    root = tmp_path / "live"
    init_workspace(root, date.today())
    make_templates(root)
    set_poll_seconds(root, 1)
    log = (tmp_path / "watch.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "watch", "--workspace", str(root)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        # SIGINT may be ignored in a background CI job, and that is inherited: the watcher must see it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert wait_for(Workspace(root).heartbeat.exists, 20), (tmp_path / "watch.log").read_text()
        yield Space(root), process, tmp_path / "watch.log"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_the_real_watcher_ingests_a_dropped_file_and_stops_on_ctrl_c(live):
    space, process, log = live
    ws = Workspace(space.root)
    assert locks.holder(ws.watch_lock)["pid"] == process.pid
    week = IsoWeek.of(date.today()) - 1
    space.drop("vecka.xlsx", week=str(week))

    def done():
        archived = [p for p in (ws.archive / str(week)).glob("*_vecka.xlsx")]
        return archived and list(ws.outbox.glob("*.xlsx"))

    assert wait_for(done, 20), log.read_text()
    assert not list(ws.inbox.iterdir()) and not space.files("rejected")
    assert wait_for(lambda: json.loads(ws.heartbeat.read_text(encoding="utf-8"))["total"] == 1, 5)

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 130, log.read_text()
    assert locks.holder(ws.watch_lock) is None and not locks.is_held(ws.watch_lock)
    assert "Traceback" not in log.read_text()


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_the_real_watcher_stops_cleanly_on_sigterm(live):
    space, process, log = live
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0, log.read_text()
    assert not locks.is_held(Workspace(space.root).watch_lock)
    assert "stoppad av SIGTERM" in log.read_text()
    assert "körs inte; senaste körning" in status_text(space.root, datetime.now()).splitlines()[-1]
