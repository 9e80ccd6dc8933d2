"""Rebuild: the archive is the source of truth; replaying it gives the same ledger and report."""

import sqlite3
from datetime import timedelta

import pytest

from pipeline.commands import make_report, rebuild_ledger
from pipeline.errors import WorkspaceError
from pipeline.intake.ingest import ingest
from tests.conftest import NOW


def dump(root):
    """Every row of every ledger table, in order."""
    db = sqlite3.connect(root / "state" / "ledger.sqlite")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    db.close()
    return out


def run(space, now):
    return ingest(space.ctx.workspace, space.plan, space.ctx.settings, now, None, settle_seconds=0)


def test_rebuild_gives_the_same_ledger_and_a_byte_identical_report(space):
    (space.root / "inbox" / "E02").mkdir(parents=True)
    space.drop("nord.xlsx", values={"egen": 3, "praktik": 1})
    space.drop("syd +#1.xlsx", unit="E02", folder="E02", values={"egen": 2, "praktik": 0})
    space.drop("fel.xlsx", unit="E03", values={"egen": "5 st", "praktik": None})
    space.drop("fel mapp.xlsx", unit="E01", folder="E02", values={"egen": 9, "praktik": 9})
    run(space, NOW)
    nord = next((space.root / "archive").rglob("*_nord.xlsx")).read_bytes()
    (space.root / "inbox" / "nord igen.xlsx").write_bytes(nord)  # a duplicate of the file that counts
    run(space, NOW + timedelta(minutes=30))
    space.drop("nord rättad.xlsx", values={"egen": 5, "praktik": 1})  # supersedes nord.xlsx
    run(space, NOW + timedelta(hours=1))
    space.drop("w45.xlsx", unit="E04", week="2026-W45", values={"egen": 1, "praktik": 1})
    (space.root / "inbox" / "nord tillbaka.xlsx").write_bytes(
        nord
    )  # the old figures again: a correction back
    run(space, NOW + timedelta(days=1))

    before = dump(space.root)
    report = make_report(space.root, NOW + timedelta(days=1))
    first = report.read_bytes()
    outcomes = [r[6] for r in before["files"]]
    assert outcomes.count("accepted") == 5 and outcomes.count("duplicate") == 1
    assert outcomes.count("rejected") == 2

    result, again = rebuild_ledger(space.root, NOW + timedelta(days=1))
    assert result.files == 8 and result.moved == [] and result.skipped == []
    assert dump(space.root) == before
    assert again == report and again.read_bytes() == first
    assert (space.root / "state" / "ledger.before-rebuild.sqlite").exists()


def test_rebuild_of_a_lost_ledger(space):
    space.drop("nord.xlsx", values={"egen": 4, "praktik": 2})
    run(space, NOW)
    before = dump(space.root)
    for suffix in ("", "-wal", "-shm"):
        (space.root / "state" / f"ledger.sqlite{suffix}").unlink(missing_ok=True)
    rebuild_ledger(space.root, NOW)
    assert dump(space.root) == before


def test_rebuild_refuses_while_a_watcher_runs(space):
    from tests.test_watch import hold_elsewhere

    holder = hold_elsewhere(space.root / "state" / "watch.lock")
    try:
        with pytest.raises(WorkspaceError, match="stop it"):
            rebuild_ledger(space.root, NOW)
    finally:
        holder.kill()
        holder.wait()
    (space.root / "state" / "watch.lock").write_text("{}")  # what a killed watcher leaves: no obstacle
    rebuild_ledger(space.root, NOW)


def test_a_file_named_like_a_receipt_is_rebuilt_too(space):
    """A unit controls its file name: one ending in .kvittens.xlsx is an original, not a receipt."""
    space.drop("foo.kvittens.xlsx")
    space.drop("vanlig.xlsx", unit="E02")
    ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0)
    rebuilt, _ = rebuild_ledger(space.root, NOW)
    assert rebuilt.files == 2 and rebuilt.outcomes == {"accepted": 2}
