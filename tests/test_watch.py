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

from pipeline.errors import WorkspaceError
from pipeline.inbox import StabilityWatch
from pipeline.watch import Beat, cycle, release_lock, take_lock, watch
from pipeline.weeks import IsoWeek
from pipeline.workflow import init_workspace, make_templates, status_text
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


def write_lock(space, pid: int, host: str | None = None) -> Path:
    lock = Workspace(space.root).watch_lock
    lock.write_text(json.dumps({"pid": pid, "host": host or socket.gethostname()}), encoding="utf-8")
    return lock


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


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

    monkeypatch.setattr("pipeline.watch.run_ingest", broken)
    watcher, beat = StabilityWatch(), Beat(poll_seconds=30)
    space.drop("vecka46.xlsx")
    with caplog.at_level(logging.INFO, logger="pipeline.watch"):
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
    mine = take_lock(lock, NOW)
    try:
        with pytest.raises(WorkspaceError) as refused:
            watch(space.root, once=True, clock=lambda: NOW)
        message = str(refused.value)
        assert f"pid {os.getpid()}" in message and f"delete {lock}" in message
        assert json.loads(lock.read_text(encoding="utf-8")) == mine  # the holder's lock is untouched
    finally:
        release_lock(lock, mine)
    assert not lock.exists()


def test_a_lock_held_by_a_running_process_is_respected(space):
    holder = subprocess.Popen(["sleep", "30"])
    try:
        write_lock(space, holder.pid)
        with pytest.raises(WorkspaceError, match=f"held by pid {holder.pid} on"):
            take_lock(Workspace(space.root).watch_lock, NOW)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("content", ["", "not json", '{"pid": "12"}'])
def test_an_unreadable_lock_is_respected(space, content):
    lock = Workspace(space.root).watch_lock
    lock.write_text(content, encoding="utf-8")
    with pytest.raises(WorkspaceError, match="unknown process"):
        take_lock(lock, NOW)
    assert lock.read_text(encoding="utf-8") == content


def test_a_lock_from_another_host_is_respected(space):
    write_lock(space, dead_pid(), host="some-other-server")
    with pytest.raises(WorkspaceError, match="on some-other-server"):
        take_lock(Workspace(space.root).watch_lock, NOW)


def test_a_stale_lock_is_taken_over_with_a_warning(space, caplog):
    pid = dead_pid()
    lock = write_lock(space, pid)
    with caplog.at_level(logging.WARNING, logger="pipeline.watch"):
        mine = take_lock(lock, NOW)
    assert f"pid {pid}" in caplog.text and "stale" in caplog.text
    assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    release_lock(lock, mine)
    assert not lock.exists()


def test_a_lock_with_our_own_pid_that_we_do_not_hold_is_stale(space):
    """A restarted container runs as the same pid (1) as the watcher that died."""
    lock = write_lock(space, os.getpid())
    release_lock(lock, take_lock(lock, NOW))
    assert not lock.exists()


def test_watch_once_ingests_and_releases_its_lock(space):
    set_poll_seconds(space.root, 1)
    space.drop("vecka46.xlsx")
    watch(space.root, once=True, clock=lambda: NOW)
    assert not Workspace(space.root).watch_lock.exists()
    assert len(space.files("archive")) == 2
    assert heartbeat(space)["total"] == 1


def test_watch_releases_its_lock_on_ctrl_c(space, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.watch.run_ingest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        watch(space.root, once=True, clock=lambda: NOW)
    assert not Workspace(space.root).watch_lock.exists()


# --- status ------------------------------------------------------------------------------------


def test_status_without_a_heartbeat(space):
    lines = status_text(space.root, NOW).splitlines()
    assert lines[-1] == "  watcher: not running (no heartbeat)"
    assert any(line.startswith("  status: ") for line in lines)


def test_status_shows_the_watchers_last_poll(space, monkeypatch):
    lock = Workspace(space.root).watch_lock
    mine = take_lock(lock, NOW)
    beat = Beat(poll_seconds=30, total=2)
    cycle(space.root, StabilityWatch(), NOW, beat)
    line = status_text(space.root, NOW + timedelta(seconds=12)).splitlines()[-1]
    assert line == "  watcher: last poll 2026-11-22 18:00:00 (12 s ago), 2 files since start"

    line = status_text(space.root, NOW + timedelta(seconds=91)).splitlines()[-1]
    assert line == "  watcher: silent since 2026-11-22 18:00:00 (91 s ago) — is it running?"

    monkeypatch.setattr("pipeline.watch.run_ingest", lambda *a, **k: 1 / 0)
    cycle(space.root, StabilityWatch(), NOW, beat)
    line = status_text(space.root, NOW + timedelta(seconds=5)).splitlines()[-1]
    assert line.endswith("2 files since start; last poll failed: ZeroDivisionError: division by zero")

    release_lock(lock, mine)
    line = status_text(space.root, NOW + timedelta(hours=3)).splitlines()[-1]
    assert line == "  watcher: not running; last poll 2026-11-22 18:00:00 (3 h ago)"


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
    assert json.loads(ws.watch_lock.read_text(encoding="utf-8"))["pid"] == process.pid
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
    assert not ws.watch_lock.exists()
    assert "Traceback" not in log.read_text()


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_the_real_watcher_stops_cleanly_on_sigterm(live):
    space, process, log = live
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0, log.read_text()
    assert not Workspace(space.root).watch_lock.exists()
    assert "stopped on SIGTERM" in log.read_text()
    assert "not running; last poll" in status_text(space.root, datetime.now()).splitlines()[-1]
