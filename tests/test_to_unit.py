"""The receipt reaches the unit: a copy in its own receipts folder and a latest-status note, only its own."""

from __future__ import annotations

from openpyxl import load_workbook

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


def test_a_units_note_names_only_the_files_dropped_in_its_own_folder(space):
    """A file dropped in E01's folder that claims E02 (a copy of E02's accepted file, say) is
    E01's business: it is rejected there, and E02's note never names it."""
    for unit in ("E01", "E02"):
        (space.root / "inbox" / unit).mkdir(parents=True)
    space.drop("syd.xlsx", unit="E02", folder="E02")
    run(space)
    syd = next((space.root / "archive").rglob("*_syd.xlsx")).read_bytes()
    (space.root / "inbox" / "E01" / "kopia från syd.xlsx").write_bytes(syd)  # the same bytes, elsewhere
    (space.root / "inbox" / "E01" / "trasig.xlsx").write_bytes(b"")  # unreadable: no unit of its own
    records = {r.name: r for r in run(space)}
    assert records["kopia från syd.xlsx"].outcome == "rejected"  # not a duplicate: the folder rule holds
    assert [p.code for p in records["kopia från syd.xlsx"].problems] == ["unit-folder-mismatch"]
    own = space.root / "inbox"
    e01 = (own / "E01" / "kvittenser" / "senaste_status.txt").read_text(encoding="utf-8-sig")
    e02 = (own / "E02" / "kvittenser" / "senaste_status.txt").read_text(encoding="utf-8-sig")
    assert "kopia från syd.xlsx" in e01 and "trasig.xlsx" in e01
    assert "kopia från syd.xlsx" not in e02 and "trasig.xlsx" not in e02
    assert "syd.xlsx" in e02
    receipt = next((own / "E01" / "kvittenser").glob("*kopia*.kvittens.xlsx"))
    texts = [c for row in load_workbook(receipt).active.iter_rows(values_only=True) for c in row if c]
    assert not any("syd.xlsx" in str(c) and "kopia" not in str(c) for c in texts)  # nothing of E02's file
    log = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8")
    assert "trasig.xlsx | Avvisad | enhet E01" in log  # the folder tells the unit of an unread file


def test_a_rejected_files_receipt_lists_its_warnings_after_its_errors(space):
    done_without_result = [{"acted": "Ja", "status": "Klar"}]
    space.drop("två fel.xlsx", values={"egen": "5 st", "praktik": 1}, actions=done_without_result)
    [record] = run(space)
    assert record.outcome == "rejected"
    receipt = space.root / (record.destination + ".kvittens.xlsx")
    rows = [r for r in load_workbook(receipt).active.iter_rows(values_only=True) if r[1] in ("B9", "F14")]
    assert [(r[1], r[2]) for r in rows] == [("B9", "not-a-number"), ("F14", "done-without-result")]


def drop_three(space) -> None:
    for unit, name in (("E01", "nord.xlsx"), ("E02", "syd.xlsx"), ("E03", "ost.xlsx")):
        space.drop(name, unit=unit)


def note_of(space, unit: str) -> str:
    note = space.root / "outbox" / "kvittenser" / unit / "senaste_status.txt"
    return note.read_text(encoding="utf-8-sig")


def test_a_passs_notes_are_written_by_the_finishing_worker_while_the_report_is_written(space, monkeypatch):
    from pipeline.commands import run_ingest
    from pipeline.intake import settle

    def not_here(notes, plan):
        raise AssertionError("the notes were to be written by the worker")

    monkeypatch.setattr(settle, "NOTES_IN_WORKER_FROM", 2)
    monkeypatch.setattr(settle, "write_notes", not_here)
    drop_three(space)
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert report is not None and result.count("accepted") == 3
    assert "  vecka 2026-W46: nord.xlsx, mottagen 2026-11-22 18:00:00" in note_of(space, "E01")
    assert "  vecka 2026-W46: ost.xlsx, mottagen 2026-11-22 18:00:00" in note_of(space, "E03")


def test_notes_the_worker_could_not_write_are_written_here(space, monkeypatch, caplog):
    from pipeline.commands import run_ingest
    from pipeline.intake import settle

    monkeypatch.setattr(settle, "NOTES_IN_WORKER_FROM", 2)
    monkeypatch.setattr(settle.worker.Worker, "job", staticmethod(lambda function: "pipeline.nowhere:write"))
    drop_three(space)
    result, _ = run_ingest(space.root, NOW, settle_seconds=0)
    assert result.count("accepted") == 3
    assert "  vecka 2026-W46: syd.xlsx, mottagen 2026-11-22 18:00:00" in note_of(space, "E02")
    assert any("writing the status notes in the worker failed" in r.message for r in caplog.records)
