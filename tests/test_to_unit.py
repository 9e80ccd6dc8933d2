"""The receipt reaches the unit: a copy in its own receipts folder and a latest-status note, only its own."""

from __future__ import annotations

from pipeline.intake.ingest import ingest
from pipeline.service.status import intake_lines
from tests.conftest import NOW


def run(space):
    return ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0).records


def names(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_unit_folder_gets_its_receipts_and_note_and_intake_never_takes_them(space):
    for unit in ("E01", "E02"):
        (space.root / "inbox" / unit).mkdir(parents=True)
    space.drop("nord.xlsx", unit="E01", folder="E01")
    space.drop("fel.xlsx", unit="E01", folder="E01", values={"egen": "5 st", "praktik": 1})
    records = run(space)
    assert sorted(r.outcome for r in records) == ["accepted", "rejected"]
    own = space.root / "inbox" / "E01" / "kvittenser"
    receipts = [n for n in names(own) if n.endswith(".kvittens.xlsx")]
    assert len(receipts) == 2 and {
        r.destination.rsplit("/", 1)[1] + ".kvittens.xlsx" for r in records
    } == set(receipts)
    note = (own / "senaste_status.txt").read_text(encoding="utf-8-sig")
    assert note.startswith("Jobbcenter Nord (E01): läget 2026-11-22 18:00")
    assert "  vecka 2026-W46: nord.xlsx, mottagen 2026-11-22 18:00:00" in note
    assert "fel.xlsx  Avvisad  vecka 2026-W46" in note
    assert "Veckorapport!B9: Till egenförsörjning: '5 st' är inte ett tal." in note  # why, in its words
    assert names(space.root / "inbox" / "E02") == []  # nothing of E01 in E02's folder
    assert run(space) == []  # the receipts folder is never taken from
    assert not any("kvittenser" in line for line in intake_lines(space.ctx, NOW))  # nor counted as left alone


def test_a_file_in_the_shared_root_reaches_the_unit_it_claims_under_outbox(space):
    space.drop("syd.xlsx", unit="E02")
    space.drop("nord.xlsx", unit="E01")
    run(space)
    syd = space.root / "outbox" / "kvittenser" / "E02"
    assert len([n for n in names(syd) if n.endswith(".kvittens.xlsx")]) == 1
    note = (syd / "senaste_status.txt").read_text(encoding="utf-8-sig")
    assert "syd.xlsx" in note and "nord.xlsx" not in note  # only the unit's own files
    assert "Jobbcenter Nord" not in note


def test_a_file_whose_unit_cannot_be_told_gets_no_copy(space):
    (space.root / "inbox" / "anteckningar.xlsx").write_text("Enhet;Värde\nE01;5\n", encoding="utf-8")
    [record] = run(space)
    assert record.outcome == "rejected"
    assert not (space.root / "outbox" / "kvittenser").exists()
    assert (space.root / (record.destination + ".kvittens.xlsx")).exists()  # its receipt, as always


def test_a_copy_that_cannot_be_written_never_holds_up_the_file(space):
    blocked = space.root / "outbox" / "kvittenser"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("not a folder", encoding="utf-8")  # every unit's folder under it fails
    space.drop("nord.xlsx")
    [record] = run(space)
    assert record.outcome == "accepted"
    assert (space.root / (record.destination + ".kvittens.xlsx")).exists()
    assert list((space.root / "inbox").iterdir()) == []
