"""Fault injection: the real ``pipeline ingest`` is killed (SIGKILL) at random points and restarted.

In the end every dropped file is in exactly one of archive/ and rejected/, the
ledger holds each figure once, the report equals the report of a clean run, and so
do the receipts log (every line, once) and every receipt's text. ``bench/soak.py``
runs the same with 50 kills or more.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.commands import init_workspace, load, make_report, make_templates
from pipeline.intake.claims import count_claims
from pipeline.template.fill import fill_template
from pipeline.template.write import template_name
from tests.conftest import NOW, TODAY

RECEIPT = (".kvittens.xlsx", ".receipt.xlsx")


def prepare(root: Path, files: int = 12) -> list[str]:
    """A workspace with ``files`` filled templates in its inbox: accepted, rejected and corrections."""
    init_workspace(root, TODAY)
    make_templates(root)
    plan = load(root).plan
    names = []
    for i in range(files):
        unit = plan.units[i % len(plan.units)]
        name = f"{i:02d}_{unit.id}.xlsx"
        values = {"egen": i % 5, "praktik": 1} if i % 4 != 3 else {"egen": "5 st", "praktik": None}
        fill_template(
            root / "templates" / template_name(unit, "sv"),
            root / "inbox" / name,
            week="2026-W46" if i < len(plan.units) else "2026-W45",
            values=values,
        )
        os.utime(root / "inbox" / name, ns=(1_700_000_000_000_000_000 + i * 10**9,) * 2)  # a fixed order
        names.append(name)
    return names


def ingest_once(root: Path, timeout: float = 120) -> subprocess.Popen:
    env = {**os.environ, "PIPELINE_NOW": NOW.isoformat()}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", "--workspace", str(root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_and_restart(root: Path, kills: int, rng: random.Random, files: int) -> int:
    """Starts ingest, kills it at a random point of its work, again and again; then lets it finish.

    The kill point is chosen by progress, not by the clock: the run is killed a random
    few milliseconds after a random number of files (at least one more than before,
    and never the last) has settled. A fast or slow machine therefore cannot let a run
    finish before the kill. Returns the number of kills.
    """
    done = 0
    for _ in range(kills):
        before = settled(root)
        if files - before < 2:
            break  # too little left to interrupt in the middle
        target = before + 1 + rng.randrange(files - before - 1)
        proc = ingest_once(root)
        while proc.poll() is None and settled(root) < target:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.04))  # somewhere inside the next file, or the report
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            done += 1
        proc.wait()
    for attempt in range(5):  # the next pass finishes what the kills left (at least one pass, always)
        if attempt and not pending(root):
            break
        ingest_once(root).wait(timeout=300)
    return done


def settled(root: Path) -> int:
    """How many dropped files have reached archive/ or rejected/."""
    return len(originals(root, "archive")) + len(originals(root, "rejected"))


def pending(root: Path) -> bool:
    inbox = [p for p in (root / "inbox").rglob("*") if p.is_file()]
    work = count_claims(root / "state" / "work")
    return bool(inbox or work)


def originals(root: Path, folder: str) -> list[str]:
    return [
        p.name
        for p in (root / folder).rglob("*")
        if p.is_file() and not p.name.endswith(RECEIPT) and not p.name.startswith(".")
    ]


def ledger_rows(root: Path) -> dict[str, list]:
    db = sqlite3.connect(root / "state" / "ledger.sqlite")
    out = {
        "files": db.execute("SELECT name, outcome, unit, week, problems FROM files ORDER BY id").fetchall(),
        "figures": db.execute(
            "SELECT s.unit, s.week, f.measure, f.value, s.superseded_by IS NULL FROM figures f"
            " JOIN submissions s ON s.id = f.submission_id ORDER BY s.id, f.measure"
        ).fetchall(),
    }
    db.close()
    return out


_CLAIM_ID = re.compile(r"\d{8}-\d{6}-\d{5}-[0-9a-f]{6}(?:-[0-9a-f]+)?")


def receipts_log(root: Path) -> list[str]:
    """The receipts log's lines with claim ids (random, and numbered per run) blanked, sorted.

    In a burst the finishing worker and the pass write lines at once, so the order may
    differ from run to run (the README says so); each line must be there exactly once.
    """
    text = (root / "outbox" / "kvittenser.log").read_text(encoding="utf-8")
    return sorted(_CLAIM_ID.sub("<claim>", line) for line in text.splitlines())


def receipts(root: Path) -> dict[str, list]:
    """Original name -> every cell value of its receipt."""
    out = {}
    for path in root.glob("*/**/*.kvittens.xlsx"):
        original = _CLAIM_ID.split(path.name.removesuffix(".kvittens.xlsx"), 1)[1].lstrip("_")
        rows = load_workbook(path, read_only=True).active.iter_rows(values_only=True)
        out[original] = [list(row) for row in rows]
    return out


def check(root: Path, clean: Path, names: list[str]) -> None:
    """Raises AssertionError unless ``root`` ended exactly as the clean run ``clean``."""
    archived, rejected = originals(root, "archive"), originals(root, "rejected")
    for name in names:
        places = [f for f in archived + rejected if f.endswith("_" + name)]
        assert len(places) == 1, (name, places)
    assert len(archived) + len(rejected) == len(names)
    assert ledger_rows(root) == ledger_rows(clean)
    assert receipts_log(root) == receipts_log(clean)
    assert receipts(root) == receipts(clean)
    assert not [p for p in root.rglob(".tmp-*") if "state" not in p.parts]  # leftovers go at the next pass
    assert make_report(root, NOW).read_bytes() == make_report(clean, NOW).read_bytes()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_killed_ingest_loses_nothing_and_counts_nothing_twice(tmp_path):
    root = tmp_path / "ws"
    names = prepare(root, files=20)  # over ingest.FINISH_IN_WORKER_FROM: the finishing worker is used
    clean = tmp_path / "clean"
    shutil.copytree(root, clean)
    assert ingest_once(clean).wait(timeout=300) == 0
    kills = kill_and_restart(root, kills=3, rng=random.Random(6), files=len(names))
    assert kills >= 1
    check(root, clean, names)


def test_the_watcher_log_rotates_in_the_workspace(tmp_path):
    import logging

    from pipeline.service.watch import log_to_files

    path = log_to_files(tmp_path, max_bytes=2000, backups=2)
    handler = logging.getLogger().handlers[-1]
    try:
        for i in range(200):
            logging.getLogger("pipeline.test").warning("line %d of a long night", i)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert path == tmp_path / "logs" / "pipeline.log"
    assert sorted(p.name for p in path.parent.iterdir()) == [f"pipeline.log{s}" for s in ("", ".1", ".2")]
