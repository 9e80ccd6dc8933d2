"""One writer per workspace: commands started at once end exactly as one sequential run (issue 11).

A cron job beside a person, or two people at once: two real ``pipeline ingest``
processes on one inbox, and a ``pipeline rebuild`` started while an ingest runs.
The second writer waits for the workspace lock (``lock_wait_seconds``) and then
does its work on what the first left, so the ledger, the receipts, the receipts
log and the report equal those of one clean sequential run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.test_faults import check, ingest_once, prepare, settled


def command(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PIPELINE_NOW": NOW.isoformat()}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args, "--workspace", str(root)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def patient(root: Path) -> None:
    """A generous lock wait, so that a slow CI machine never turns waiting into refusing."""
    toml = root / "pipeline.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("lock_wait_seconds = 10.0", "lock_wait_seconds = 120")
    )


@pytest.fixture
def twins(tmp_path):
    root = tmp_path / "ws"
    names = prepare(root, files=20)  # corrections among them: the order of the files decides what counts
    patient(root)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean)
    assert ingest_once(clean).wait(timeout=300) == 0
    return root, clean, names


@pytest.mark.skipif(os.name == "nt", reason="POSIX processes")
def test_two_ingests_at_once_end_as_one_sequential_run(twins):
    root, clean, names = twins
    first, second = command(root, "ingest"), command(root, "ingest")
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    counts = sorted(int(o.split("Tog emot ", 1)[1].split(" ", 1)[0]) for o in outputs)
    assert counts == [0, 20], outputs  # one took every file, the other waited and found none
    check(root, clean, names)


@pytest.mark.skipif(os.name == "nt", reason="POSIX processes")
def test_a_rebuild_started_during_an_ingest_waits_and_agrees_with_it(twins):
    root, clean, names = twins
    ingest = command(root, "ingest")
    deadline = time.monotonic() + 120
    while settled(root) < 1 and time.monotonic() < deadline and ingest.poll() is None:
        time.sleep(0.005)
    rebuild = command(root, "rebuild")
    outputs = [p.communicate(timeout=300)[0] for p in (ingest, rebuild)]
    assert [ingest.returncode, rebuild.returncode] == [0, 0], outputs
    assert "Liggaren är återskapad från 20 filer" in outputs[1], outputs[1]
    check(root, clean, names)
