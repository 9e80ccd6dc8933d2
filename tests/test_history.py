"""History: every file of a unit and week is kept and explainable; corrections, duplicates, late files."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.commands import init_workspace, load, make_templates, report_data
from pipeline.intake.ingest import ingest
from pipeline.ledger.history import history_lines
from pipeline.ledger.store import Ledger
from pipeline.weeks import IsoWeek
from tests.conftest import NOW, TODAY

W46 = "2026-W46"


def run(space, now=NOW):
    return ingest(space.ctx.workspace, space.plan, space.ctx.settings, now, settle_seconds=0)


def ledger(space) -> Ledger:
    return Ledger(space.ctx.workspace.ledger_file)


def receipt_rows(space, record) -> list[list]:
    path = space.root / (record.destination + ".kvittens.xlsx")
    return [[c.value for c in row if c.value is not None] for row in load_workbook(path).active.iter_rows()]


def test_correction_chain_is_shown_in_history_and_log(space):
    """First file, a rejected attempt, the same file again, then a correction: all four are explained."""
    space.drop("first.xlsx", values={"egen": 3, "praktik": 1})
    [first] = run(space).records
    space.drop("typo.xlsx", values={"egen": "5 st", "praktik": 1})
    run(space)
    (space.root / "inbox" / "first again.xlsx").write_bytes((space.root / first.destination).read_bytes())
    [again] = run(space).records
    space.drop("corrected.xlsx", values={"egen": 5, "praktik": 2})
    [corrected] = run(space).records

    assert again.outcome == "duplicate"
    with ledger(space) as db:
        chain = db.history("E01", W46)
        logged = {r.name: r for r in db.log()}
        figures = {r.measure: r.value for r in db.figures().itertuples()}
    assert [(r.name, r.outcome) for r in chain] == [
        ("first.xlsx", "superseded"),
        ("typo.xlsx", "rejected"),
        ("first again.xlsx", "duplicate"),
        ("corrected.xlsx", "accepted"),
    ]
    assert figures == {"egen": 5, "praktik": 2}  # only the newest counts
    assert [(p.code, p.severity) for p in logged["corrected.xlsx"].problems] == [("replaces-file", "info")]
    assert "first.xlsx" in logged["corrected.xlsx"].problems[0].facts["previous"]
    assert [p.code for p in logged["typo.xlsx"].problems] == ["not-a-number"]
    assert (logged["typo.xlsx"].unit, logged["typo.xlsx"].week) == ("E01", W46)  # who it claims to be

    # the correction's receipt names the file it replaced and lists what was stored
    rows = receipt_rows(space, corrected)
    assert any("first.xlsx" in str(v) for row in rows for v in row)
    assert [r for r in rows if r[:1] == ["Enhet"]][0][1].startswith("E01 ")
    assert ["Vecka", W46] in rows
    assert ["Till egenförsörjning", 5] in rows


def test_history_lines_say_what_happened_and_where_each_file_is(space):
    space.drop("first.xlsx", values={"egen": 3, "praktik": 1})
    run(space)
    space.drop("second.xlsx", values={"egen": 4, "praktik": 1})
    run(space)
    with ledger(space) as db:
        lines = history_lines(db, "E01", W46, "en")
        chain = db.history("E01", W46)
    assert lines[0] == f"Files for unit E01, week {W46}:"
    assert "first.xlsx" in lines[1] and "Superseded" in lines[1] and chain[0].destination in lines[1]
    assert "second.xlsx" in lines[2] and "Accepted (counts)" in lines[2] and "replaces" in lines[2]
    with ledger(space) as db:
        none = history_lines(db, "E02", W46, "en")
    assert none == [f"No files have been received for unit E02, week {W46}."]


def test_history_command_prints_the_chain(space, capsys):
    space.drop("first.xlsx")
    run(space)
    assert main(["history", "--unit", "E01", "--week", W46, "--workspace", str(space.root)]) == 0
    out = capsys.readouterr().out
    assert "first.xlsx" in out and "Godkänd" in out
    with pytest.raises(SystemExit):  # argparse: one line saying how to write the week
        main(["history", "--unit", "E01", "--week", "vecka 46", "--workspace", str(space.root)])


def test_unit_folder_mismatch_is_logged_with_the_unit_it_claims(space):
    (space.root / "inbox" / "E02").mkdir()
    space.drop("e01_in_e02_folder.xlsx", unit="E01", folder="E02")
    [record] = run(space).records
    assert [(p.cell, p.code) for p in record.problems] == [("Veckorapport!B4", "unit-folder-mismatch")]
    with ledger(space) as db:
        [chain] = db.history("E01", W46)
        assert db.figures().empty
    assert (chain.outcome, chain.unit) == ("rejected", "E01")


def test_late_file_is_accepted_and_flagged_late(space):
    """W46's deadline is Monday 2026-11-16 12:00; a file received 2026-11-16 12:01 is late."""
    space.drop("e01_on_time.xlsx", unit="E01", week=W46)
    run(space, datetime(2026, 11, 16, 11, 59))
    space.drop("e02_late.xlsx", unit="E02", week=W46)
    [late] = run(space, datetime(2026, 11, 16, 12, 1)).records
    assert late.outcome == "accepted"
    data = report_data(space.ctx, NOW, IsoWeek.parse(W46))
    reported = {u.unit_id: u.reported for u in data.units}
    assert (reported["E01"], reported["E02"], reported["E03"]) == ("on_time", "late", "missing")


def test_per_unit_folders_are_created_for_every_unit(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "pipeline.toml").write_text("per_unit_folders = true\n", encoding="utf-8")
    init_workspace(root, TODAY)
    units = [u.id for u in load(root).plan.units]
    assert sorted(p.name for p in (root / "inbox").iterdir() if p.is_dir()) == sorted(units)
    (root / "inbox" / units[0]).rmdir()
    make_templates(root)  # templates recreate a missing unit folder
    assert (root / "inbox" / units[0]).is_dir()


def test_without_the_setting_no_unit_folders_are_made(tmp_path):
    init_workspace(tmp_path / "ws", TODAY)
    assert [p for p in (tmp_path / "ws" / "inbox").iterdir()] == []


def test_a_correction_note_keeps_the_earlier_files_name_as_it_is(space):
    """The note's date loses its "T"; a name with a capital T keeps it ("Tibro", not " ibro")."""
    from pipeline.intake.ingest import ingest
    from pipeline.ledger.store import Ledger

    space.drop("Tibro_Torsdag.xlsx")
    ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0)
    space.drop("rättad.xlsx", values={"egen": 5, "praktik": 1})
    ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0)
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        [note] = [p for r in ledger.log() if r.name == "rättad.xlsx" for p in r.problems]
    assert (
        note.code == "replaces-file" and note.facts["previous"] == "2026-11-22 18:00:00 (Tibro_Torsdag.xlsx)"
    )
