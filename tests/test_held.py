"""An implausible figure is held: in no total until it is corrected or confirmed, and shown as waiting.

What a user would check: the key figures (``kf_actual``), the units sheet's total, the
overview chart's data, the overview's line that names the held figure, the marks in
Enheter and Trend, the receipt, ``pipeline confirm`` and what ``rebuild`` makes of it.
"""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.commands import make_report, rebuild_ledger, run_ingest
from pipeline.ledger.confirmations import held_figures
from pipeline.ledger.store import Ledger
from pipeline.session import Session
from tests.conftest import NOW

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

W45, W46 = "2026-W45", "2026-W46"
TYPO = 1234  # "1 234" typed for a unit whose weeks are 4 and 5


def named(wb, name):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")].value


def ingest(space):
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    return result, report


@pytest.fixture
def held(space):
    """E01 4 and E02 2 in W45; in W46 E02 reports 1 and E01 reports 1 234 (a typo for 12?)."""
    space.drop("e01_w45.xlsx", unit="E01", week=W45, values={"egen": 4, "praktik": 1})
    space.drop("e02_w45.xlsx", unit="E02", week=W45, values={"egen": 2, "praktik": 1})
    space.drop("e02_w46.xlsx", unit="E02", week=W46, values={"egen": 1, "praktik": 1})
    ingest(space)
    space.drop("e01_w46.xlsx", unit="E01", week=W46, values={"egen": TYPO, "praktik": 1})
    result, report = ingest(space)
    [record] = result.records
    assert record.outcome == "accepted"
    assert [p.code for p in record.problems] == ["implausible-value"]
    return space, record, report


def overview_texts(wb) -> list[str]:
    return [c for row in wb["Översikt"].iter_rows(values_only=True) for c in row if isinstance(c, str)]


def units_rows(wb) -> dict:
    return {r[1]: r for r in wb["Enheter"].iter_rows(min_row=4, values_only=True) if r[1]}


def total_row(wb):
    return next(r for r in wb["Enheter"].iter_rows(min_row=4, values_only=True) if r[0] == "Totalt")


def test_a_held_figure_is_in_no_total_and_is_named_on_the_overview(held):
    space, record, report = held
    wb = load_workbook(report)
    counted = 4 + 2 + 1  # E01 W45, E02 W45 and W46: not the 1 234
    assert named(wb, "kf_actual") == counted
    assert total_row(wb)[4] == counted  # the units sheet's total, cumulative column
    series = {r[0]: r[1] for r in wb["Översikt"].iter_rows(min_row=20, max_col=2, values_only=True) if r[0]}
    assert series["v. 46"] == counted  # the cumulative chart's data
    line = next(t for t in overview_texts(wb) if "väntar på kontroll" in t)
    assert line.startswith("1 siffra väntar på kontroll och räknas inte: E01 v. 46, 1\u00a0234.")
    assert "rättad fil" in line and "bekräftar" in line
    e01 = units_rows(wb)["E01"]
    assert e01[3] == "(1\u00a0234)" and e01[4] == 4  # this week marked, in no sum
    trend = {r[0]: r for r in wb["Trend per enhet"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert "(1\u00a0234)" in trend["E01"] and 4 in trend["E01"]
    notes = [c for row in wb["Enheter"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(n.startswith("(1\u00a0234) = väntar på kontroll") and "E01 v. 46" in n for n in notes)
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        assert [(u, w, m, v) for u, w, m, v, *_ in held_figures(ledger)] == [("E01", W46, "egen", TYPO)]


def test_the_receipt_says_the_figure_is_held_and_how_it_counts(held):
    space, record, _ = held
    receipt = load_workbook(space.root / (record.destination + ".kvittens.xlsx")).active
    texts = " ".join(str(c) for row in receipt.iter_rows(values_only=True) for c in row if c)
    assert "räknas inte i rapporten förrän den är kontrollerad" in texts
    assert "skicka en rättad fil" in texts and "bekräftar" in texts


def test_a_confirmed_figure_counts_and_is_on_record(held, capsys):
    space, _, _ = held
    code = main(["confirm", "--unit", "E01", "--week", W46, "--by", "anna", "--workspace", str(space.root)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Bekräftad: E01 2026-W46 Till egenförsörjning 1\u00a0234 (av anna" in out
    wb = load_workbook(space.root / "outbox" / "lagesrapport_2026-W46.xlsx")
    assert named(wb, "kf_actual") == 4 + 2 + 1 + TYPO
    assert not any("väntar på kontroll" in t for t in overview_texts(wb))
    assert units_rows(wb)["E01"][3] == TYPO
    [line] = (space.root / "archive" / "confirmations.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) | {"at": ""} == {
        "unit": "E01",
        "week": W46,
        "measure": "egen",
        "value": TYPO,
        "by": "anna",
        "at": "",
    }
    main(["history", "--unit", "E01", "--week", W46, "--workspace", str(space.root)])
    assert "bekräftad: egen 1\u00a0234 av anna" in capsys.readouterr().out


def test_confirming_what_is_not_held_says_what_is(held, capsys):
    space, _, _ = held
    code = main(["confirm", "--unit", "E02", "--week", W46, "--workspace", str(space.root)])
    err = capsys.readouterr().err
    assert code == 1
    assert "E02 2026-W46 har ingen siffra som väntar på kontroll." in err
    assert "Dessa väntar: E01 2026-W46 Till egenförsörjning 1\u00a0234." in err
    assert "Traceback" not in err


def test_a_corrected_file_replaces_a_held_figure(held):
    space, _, _ = held
    space.drop("e01_w46_rattad.xlsx", unit="E01", week=W46, values={"egen": 12, "praktik": 1})
    result, report = ingest(space)
    assert [p.code for r in result.records for p in r.problems if p.severity != "info"] == []
    wb = load_workbook(report)
    assert named(wb, "kf_actual") == 4 + 2 + 1 + 12
    assert not any("väntar på kontroll" in t for t in overview_texts(wb))


def test_the_same_figure_sent_again_after_a_confirmation_is_not_held_again(held):
    space, _, _ = held
    main(["confirm", "--unit", "E01", "--week", W46, "--by", "anna", "--workspace", str(space.root)])
    space.drop("e01_w46_igen.xlsx", unit="E01", week=W46, values={"egen": TYPO, "praktik": 2})
    result, report = ingest(space)
    assert [p.code for r in result.records for p in r.problems if p.severity != "info"] == []
    assert named(load_workbook(report), "kf_actual") == 4 + 2 + 1 + TYPO


def test_a_held_figure_does_not_raise_the_bar_for_the_next_week(held):
    space, _, _ = held
    space.drop("e01_w47.xlsx", unit="E01", week="2026-W47", values={"egen": 1000, "praktik": 1})
    result, _ = ingest(space)
    assert [p.code for r in result.records for p in r.problems] == [
        "implausible-value"
    ]  # 3 × 5, not 3 × 1 234


def test_rebuild_replays_confirmations_in_the_order_they_were_made(held, monkeypatch):
    """Confirmed before W47 came: W47's 1 000 is then plausible (3 × 1 234), before and after a rebuild."""
    space, _, _ = held
    monkeypatch.setenv("PIPELINE_NOW", "2026-11-22T18:30:00")  # between the files
    main(["confirm", "--unit", "E01", "--week", W46, "--by", "anna", "--workspace", str(space.root)])
    later = NOW.replace(hour=19)
    space.drop("e01_w47.xlsx", unit="E01", week="2026-W47", values={"egen": 1000, "praktik": 1})
    result, _ = run_ingest(space.root, later, settle_seconds=0)
    assert [p.code for r in result.records for p in r.problems] == []
    space.drop("e02_w47.xlsx", unit="E02", week="2026-W47", values={"egen": 9000, "praktik": 1})
    result, _ = run_ingest(space.root, later, settle_seconds=0)
    assert [p.code for r in result.records for p in r.problems] == ["implausible-value"]  # held
    before = load_workbook(make_report(space.root, later))
    rebuilt, report = rebuild_ledger(space.root, later)
    after = load_workbook(report)
    assert named(after, "kf_actual") == named(before, "kf_actual") == 4 + 2 + 1 + TYPO + 1000
    line = next(t for t in overview_texts(after) if "väntar på kontroll" in t)
    assert "E02 v. 47, 9\u00a0000" in line
    assert rebuilt.skipped == []  # the journal is not an original


def test_a_watchers_kept_history_sees_a_confirmation_made_by_another_process(held):
    space, _, _ = held
    with Session() as session:
        assert named(load_workbook(make_report(space.root, NOW, session=session)), "kf_actual") == 7
        main(["confirm", "--unit", "E01", "--week", W46, "--workspace", str(space.root)])
        assert named(load_workbook(make_report(space.root, NOW, session=session)), "kf_actual") == 7 + TYPO


def test_confirm_names_what_went_wrong_in_the_words_of_the_case(held, capsys):
    space, _, _ = held
    root = str(space.root)

    def confirm(*args):
        code = main(["confirm", *args, "--workspace", root])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out + err

    code, said = confirm("--unit", "E99", "--week", W46)  # no such unit
    assert code == 1 and "Det finns ingen enhet 'E99' i planen. Enheterna: E01, E02" in said
    code, said = confirm("--unit", "E01", "--week", W46, "--measure", "praktik")  # not the held one
    assert code == 1
    assert "E01 2026-W46 Påbörjade praktikplatser väntar inte på kontroll." in said
    assert "Det som väntar för E01 2026-W46: Till egenförsörjning 1\u00a0234." in said
    code, said = confirm("--unit", "e01", "--week", "2026-w46", "--by", "anna")  # typed in lower case
    assert code == 0 and "Bekräftad: E01 2026-W46 Till egenförsörjning 1\u00a0234" in said
    code, said = confirm("--unit", "E01", "--week", W46)  # twice
    assert code == 1 and "E01 2026-W46 Till egenförsörjning 1\u00a0234 är redan bekräftad (av anna," in said


def test_history_says_a_held_figure_does_not_count_yet(held, capsys):
    space, _, _ = held
    main(["history", "--unit", "E01", "--week", W46, "--workspace", str(space.root)])
    out = capsys.readouterr().out
    assert "Godkänd (räknas, utom egen 1\u00a0234: väntar på kontroll)" in out
    main(["confirm", "--unit", "E01", "--week", W46, "--workspace", str(space.root)])
    capsys.readouterr()
    main(["history", "--unit", "E01", "--week", W46, "--workspace", str(space.root)])
    assert "Godkänd (räknas)" in capsys.readouterr().out


def test_a_torn_last_line_in_the_journal_never_swallows_the_next_confirmation(held, caplog):
    """A kill or an editor left the journal without its last newline: the next confirmation
    starts a line of its own, rebuild replays it, and the torn line is named in Swedish."""
    space, _, _ = held
    journal = space.root / "archive" / "confirmations.jsonl"
    journal.write_text('{"unit": "E02", "week": "2026-W4', encoding="utf-8")  # cut short, no newline
    main(["confirm", "--unit", "E01", "--week", W46, "--by", "anna", "--workspace", str(space.root)])
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["unit"] == "E01"
    _, report = rebuild_ledger(space.root, NOW)
    assert named(load_workbook(report), "kf_actual") == 7 + TYPO  # still confirmed after the rebuild
    [skipped] = [r for r in caplog.records if "confirmations.jsonl" in r.getMessage()]
    assert skipped.said[0] == "confirm.journal-skipped"
