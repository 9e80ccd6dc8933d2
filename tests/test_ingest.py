"""Intake: every file ends in exactly one place, with a receipt; duplicates and corrections; crashes."""

import pytest
from openpyxl import load_workbook

from pipeline.intake.claims import (
    ClaimBook,
    ClaimSequence,
    claim,
    count_claims,
    has_claims,
    pending_claims,
    tidy,
)
from pipeline.intake.inbox import StabilityWatch, scan
from pipeline.intake.ingest import ingest
from pipeline.ledger.store import Ledger
from tests.conftest import NOW


def run(space, watch=None):
    return ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, watch, settle_seconds=0)


def originals(space, folder):
    return [f for f in space.files(folder) if not f.endswith(".kvittens.xlsx")]


def current(space):
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        fig = ledger.figures()
    return {(r.unit, r.week, r.measure): r.value for r in fig.itertuples()}


def test_accepted_file_is_archived_with_a_receipt_listing_what_was_stored(space):
    space.drop("nord.xlsx", values={"egen": 4, "praktik": 2})
    result = run(space)
    assert [r.outcome for r in result.records] == ["accepted"]
    assert space.files("inbox") == []
    [archived] = originals(space, "archive")
    assert archived.startswith("2026-W46/E01_") and archived.endswith("_nord.xlsx")
    receipt = load_workbook(space.root / "archive" / (archived + ".kvittens.xlsx")).active
    texts = [c.value for row in receipt.iter_rows() for c in row if c.value is not None]
    assert any("Godkänd" in str(t) for t in texts)
    assert "Till egenförsörjning" in texts and 4 in texts
    assert current(space)[("E01", "2026-W46", "egen")] == 4


def test_rejected_file_goes_to_rejected_with_every_problem_in_the_receipt(space):
    space.drop("bad.xlsx", values={"egen": "5 st", "praktik": None})
    result = run(space)
    assert [r.outcome for r in result.records] == ["rejected"]
    assert originals(space, "archive") == []
    [rejected] = originals(space, "rejected")
    ws = load_workbook(space.root / "rejected" / (rejected + ".kvittens.xlsx")).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    problems = {(r[1], r[2]) for r in rows if r[2] in ("not-a-number", "missing-value")}
    assert problems == {("B9", "not-a-number"), ("B10", "missing-value")}
    assert any("Avvisad" in str(v) for r in rows for v in r)
    assert current(space) == {}


def test_same_file_twice_changes_nothing(space):
    path = space.drop("nord.xlsx")
    copy = path.read_bytes()
    run(space)
    (space.root / "inbox" / "nord igen.xlsx").write_bytes(copy)
    result = run(space)
    assert [r.outcome for r in result.records] == ["duplicate"]
    assert len(originals(space, "archive")) == 1
    assert len(originals(space, "rejected")) == 1
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        assert len(ledger.figures()) == 2  # egen and praktik, once


def test_an_old_file_sent_again_after_a_correction_counts_again(space):
    """A unit that sends the old bytes again most likely means those figures: a correction back."""
    first = space.drop("first.xlsx", values={"egen": 3, "praktik": 1})
    old_bytes = first.read_bytes()
    run(space)
    space.drop("second.xlsx", values={"egen": 5, "praktik": 1})
    run(space)
    (space.root / "inbox" / "first.xlsx").write_bytes(old_bytes)
    [record] = run(space).records
    assert record.outcome == "accepted"
    assert current(space)[("E01", "2026-W46", "egen")] == 3
    receipt = load_workbook(space.root / (record.destination + ".kvittens.xlsx")).active
    texts = " ".join(str(v) for row in receipt.iter_rows(values_only=True) for v in row if v)
    assert "Godkänd: ersätter den fil som skickades in tidigare" in texts and "second.xlsx" in texts
    (space.root / "inbox" / "first again.xlsx").write_bytes(old_bytes)
    assert [r.outcome for r in run(space).records] == ["duplicate"]  # it counts now: nothing changes
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        assert [r.outcome for r in ledger.history("E01", "2026-W46")] == [
            "superseded",
            "superseded",
            "accepted",
            "duplicate",
        ]


def test_a_ledger_of_the_previous_schema_is_migrated_with_its_figures(space, tmp_path):
    """Migration 7 makes the submissions table again: every row, index and foreign key survives."""
    import sqlite3

    from pipeline.ledger.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:6], start=1):
        db.executescript(script)
        db.execute(f"PRAGMA user_version={number}")
    db.execute(
        "INSERT INTO files (id, claim, name, sha256, received_at, outcome, unit, week, destination)"
        " VALUES (1, 'c1', 'a.xlsx', 'aa', '2026-11-22T18:00:00', 'accepted', 'E01', '2026-W46', 'archive/a')"
    )
    db.execute(
        "INSERT INTO submissions (id, file_id, sha256, unit, week, received_at)"
        " VALUES (1, 1, 'aa', 'E01', '2026-W46', '2026-11-22T18:00:00')"
    )
    db.execute("INSERT INTO figures (submission_id, measure, value) VALUES (1, 'egen', 4)")
    db.close()
    with Ledger(path) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert ledger.stored_values(1) == {"egen": 4}
        assert ledger.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert ledger.db.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {r[1] for r in ledger.db.execute("PRAGMA index_list(submissions)")}
        assert {"submissions_current", "submissions_superseded_by"} <= indexes


def test_correction_supersedes_and_history_is_kept(space):
    space.drop("first.xlsx", values={"egen": 3, "praktik": 1})
    run(space)
    space.drop("second.xlsx", values={"egen": 5, "praktik": 1})
    result = run(space)
    assert [r.outcome for r in result.records] == ["accepted"]
    assert current(space)[("E01", "2026-W46", "egen")] == 5
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        kept = ledger.db.execute("SELECT COUNT(*) FROM submissions WHERE unit='E01'").fetchone()[0]
        outcomes = [r.outcome for r in ledger.log()]
    assert kept == 2
    assert outcomes == ["accepted", "superseded"]
    second = [f for f in originals(space, "archive") if f.endswith("second.xlsx")][0]
    receipt = load_workbook(space.root / "archive" / (second + ".kvittens.xlsx")).active
    assert "first.xlsx" in receipt["B3"].value


def test_one_units_file_never_changes_another_units_figures(space):
    space.drop("e01.xlsx", unit="E01", values={"egen": 3, "praktik": 1})
    space.drop("e02.xlsx", unit="E02", values={"egen": 7, "praktik": 2})
    run(space)
    space.drop("e02b.xlsx", unit="E02", values={"egen": 1, "praktik": 0})
    run(space)
    figures = current(space)
    assert figures[("E01", "2026-W46", "egen")] == 3
    assert figures[("E02", "2026-W46", "egen")] == 1


def test_lock_and_temp_files_are_ignored(space):
    inbox = space.root / "inbox"
    for name in ["~$nord.xlsx", ".~lock.nord.xlsx#", "._nord.xlsx", "x.tmp", "Thumbs.db", ".hidden"]:
        (inbox / name).write_bytes(b"junk")
    assert run(space).records == []
    assert len(space.files("inbox")) == 6


def test_a_file_still_changing_is_not_taken(space):
    watch = StabilityWatch()
    path = space.drop("slow.xlsx")
    assert run(space, watch).records == []  # first look: seen once
    path.write_bytes(path.read_bytes() + b"")  # same size, new mtime
    import os

    os.utime(path, ns=(1, 1))
    assert run(space, watch).records == []  # changed since the last look
    assert [r.outcome for r in run(space, watch).records] == ["accepted"]


def test_unit_folder_files_and_odd_names_are_safe(space):
    (space.root / "inbox" / "E01").mkdir()
    space.drop("a..\\..\\evil name;rm.xlsx", folder="E01")
    run(space)
    [archived] = originals(space, "archive")
    assert "/" not in archived.split("/", 1)[1] and ".." not in archived


def test_claim_left_by_a_crash_is_finished_once(space, monkeypatch):
    """A kill after the ledger commit but before the move: the next pass only settles the file."""
    from pipeline.intake import ingest as ingest_module

    space.drop("nord.xlsx", values={"egen": 4, "praktik": 2})
    settle = ingest_module.settle_file

    def killed(item, plan):  # processed and committed, then killed before anything of step 3
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "settle_file", killed)
    with pytest.raises(KeyboardInterrupt):
        run(space)
    assert len(space.files("state/work")) == 2  # the claim (the file and its claim book) is still there
    monkeypatch.setattr(ingest_module, "settle_file", settle)
    result = run(space)
    assert [r.outcome for r in result.records] == ["accepted"]
    assert len(originals(space, "archive")) == 1
    assert space.files("state/work") == []
    assert current(space)[("E01", "2026-W46", "egen")] == 4
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        assert len(ledger.figures()) == 2


def claim_first(space):
    """Claims the first file of the inbox, as a pass does before it is killed."""
    work = space.root / "state" / "work"
    book = ClaimBook(work)
    taken = claim(scan(space.root / "inbox")[0], work, NOW, ClaimSequence(work, NOW), book)
    book.close()
    return taken


def test_claim_before_processing_is_processed_on_restart(space):
    space.drop("nord.xlsx")
    taken = claim_first(space)
    assert taken.file.exists() and space.files("inbox") == []
    result = run(space)
    assert [r.outcome for r in result.records] == ["accepted"]
    assert len(originals(space, "archive")) == 1


def claimed_by_an_earlier_version(space, name: str, moving: bool = False) -> str:
    """A claim as versions before the claim book left it after a crash: ``<claim>/file`` and ``meta.json``
    (with ``moving``, cut short between the two renames that make it a claimed file)."""
    import json

    [arrival] = scan(space.root / "inbox")
    claim_id = "20261113-090000-00000-abc123"
    folder = space.root / "state" / "work" / (claim_id + (".moving" if moving else ""))
    folder.mkdir(parents=True)
    meta = {"name": name, "folder": "", "received_at": "2026-11-13T09:00:00"}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="ascii")
    arrival.path.rename(folder / "file")
    return claim_id


@pytest.mark.parametrize("moving", [False, True])
def test_a_claim_left_by_an_earlier_version_is_finished_under_its_own_name(space, moving):
    space.drop("nord.xlsx")
    claim_id = claimed_by_an_earlier_version(space, "Nord vecka 46.xlsx", moving)
    result = run(space)
    assert [(r.outcome, r.name) for r in result.records] == [("accepted", "Nord vecka 46.xlsx")]
    assert originals(space, "archive") == [f"2026-W46/E01_{claim_id}_Nord vecka 46.xlsx"]
    assert space.files("state/work") == [] and space.files("inbox") == []


def test_a_claim_of_the_earlier_layout_keeps_its_name_when_the_pass_that_moves_it_is_killed(space):
    """The move to the present layout writes the name to a claim book before meta.json goes."""
    space.drop("nord.xlsx")
    claim_id = claimed_by_an_earlier_version(space, "Nord vecka 46.xlsx")
    work = space.root / "state" / "work"
    pending_claims(work)  # moved to the present layout, then the pass is killed
    assert not [p for p in work.iterdir() if p.is_dir()]
    result = run(space)
    assert [(r.outcome, r.name) for r in result.records] == [("accepted", "Nord vecka 46.xlsx")]
    assert originals(space, "archive") == [f"2026-W46/E01_{claim_id}_Nord vecka 46.xlsx"]


def test_a_claim_of_the_earlier_layout_cut_after_its_file_was_moved_out_keeps_its_name(space):
    space.drop("nord.xlsx")
    claim_id = claimed_by_an_earlier_version(space, "Nord vecka 46.xlsx", moving=True)
    work = space.root / "state" / "work"
    (work / (claim_id + ".moving") / "file").rename(work / claim_id)  # the second rename, then the kill
    result = run(space)
    assert [(r.outcome, r.name) for r in result.records] == [("accepted", "Nord vecka 46.xlsx")]
    assert space.files("state/work") == []


def test_a_recorded_claim_whose_book_line_is_lost_keeps_the_name_the_ledger_has(space, monkeypatch):
    from pipeline.intake import ingest as ingest_module

    space.drop("nord.xlsx")
    settle = ingest_module.settle_file

    def killed(item, plan):  # recorded, then killed before its receipt
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "settle_file", killed)
    with pytest.raises(KeyboardInterrupt):
        run(space)
    for book in (space.root / "state" / "work").glob("*.claims"):
        book.write_text("", encoding="ascii")
    monkeypatch.setattr(ingest_module, "settle_file", settle)
    result = run(space)
    assert [(r.outcome, r.name) for r in result.records] == [("accepted", "nord.xlsx")]
    [archived] = originals(space, "archive")
    assert archived.endswith("_nord.xlsx")
    log = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8")
    assert "nord.xlsx" in log


def test_what_is_not_a_claim_in_state_work_is_left_alone_and_never_counted(space):
    import os

    work = space.root / "state" / "work"
    work.mkdir(parents=True, exist_ok=True)
    (work / "Thumbs.db").write_bytes(b"explorer")
    (work / "LÄSMIG.txt").write_text("not ours", encoding="utf-8")
    os.mkfifo(work / "pipe.claims")  # never opened: reading a pipe would hang the pass
    space.drop("nord.xlsx")
    assert [r.outcome for r in run(space).records] == ["accepted"]
    assert count_claims(work) == 0 and not has_claims(work)
    assert sorted(p.name for p in work.iterdir()) == ["LÄSMIG.txt", "Thumbs.db", "pipe.claims"]


def test_a_claimed_file_whose_book_line_is_lost_is_finished_under_its_claim_id(space):
    space.drop("nord.xlsx")
    work = space.root / "state" / "work"
    taken = claim_first(space)
    for lost in work.glob("*.claims"):
        lost.write_text('{"id": "cut sho', encoding="ascii")  # a full disk cut the line short
    result = run(space)
    assert [(r.outcome, r.name) for r in result.records] == [("accepted", taken.id)]
    assert space.files("state/work") == []


def test_the_claim_book_stays_while_one_of_its_claims_waits_and_goes_when_all_are_settled(space):
    space.drop("nord.xlsx")
    space.drop("syd.xlsx", unit="E02")
    work = space.root / "state" / "work"
    book = ClaimBook(work)
    sequence = ClaimSequence(work, NOW)
    first, second = (claim(a, work, NOW, sequence, book) for a in scan(space.root / "inbox"))
    book.close()
    [book_file] = work.glob("*.claims")
    first.file.rename(space.root / "archive" / "settled-by-hand.xlsx")
    tidy(work)
    assert book_file.exists()  # the second claim still waits: its line is needed
    second.file.unlink()
    tidy(work)
    assert not book_file.exists()


def test_file_in_a_units_folder_claiming_another_unit_is_rejected(space):
    (space.root / "inbox" / "E02").mkdir()
    space.drop("e01.xlsx", unit="E01", folder="E02")
    space.drop("e02.xlsx", unit="E02", folder="E02", values={"egen": 2, "praktik": 0})
    result = run(space)
    outcomes = {r.name: (r.outcome, [(p.cell, p.code) for p in r.problems]) for r in result.records}
    assert outcomes["e01.xlsx"] == ("rejected", [("Veckorapport!B4", "unit-folder-mismatch")])
    assert outcomes["e02.xlsx"] == ("accepted", [])
    assert ("E01", "2026-W46", "egen") not in current(space)
