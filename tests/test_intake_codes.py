"""One fixture file per code in the README's table, each run through the whole intake.

Every fixture is made at test time from the real unit template: filled with
openpyxl (as another tool would), re-saved by LibreOffice, or repacked with
zipfile to break it on purpose. No binary is committed. Each test checks the
(cell, code) pairs in the ledger and in the receipt, never the wording.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.intake.ingest import ingest
from pipeline.ledger.store import Ledger
from tests.conftest import NOW

README = Path(__file__).parent.parent / "README.md"
W46 = "2026-W46"


def readme_codes() -> list[str]:
    """The weekly template's codes in the table under '## Validation codes'.

    Rows whose meaning starts with "maturity:" belong to the maturity template and
    are tested with it (tests of pipeline/maturity).
    """
    text = README.read_text(encoding="utf-8")
    section = text.split("## Validation codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]*)\|", section, flags=re.M)
    return [code for code, meaning in rows if not meaning.strip().startswith("maturity")]


# ---------------------------------------------------------------- fixture builders


def _repack(source: Path, target: Path, change) -> Path:
    """Copies an xlsx member by member; ``change(name, data)`` returns new data, or None to drop it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
        extra = change("", b"")
        if extra:
            name, data = extra
            new.writestr(name, data)
    return target


def _soffice(source: Path, target_ext: str, outdir: Path) -> Path:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target_ext,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{source.stem}.{target_ext.split(':')[0]}"


def _filled(space, tmp: Path, **answers) -> Path:
    return space.drop("draft.xlsx", folder="../draft", **answers)


def csv_saved_as_xlsx(space, inbox: Path, tmp: Path) -> None:
    (inbox / "csv_saved_as_xlsx.xlsx").write_text("Enhet;Egen\nE01;5\n", encoding="utf-8")


def html_saved_as_xlsx(space, inbox: Path, tmp: Path) -> None:
    (inbox / "html_saved_as_xlsx.xlsx").write_text("<html><table><tr><td>5</td></tr></table></html>")


def old_xls_renamed(space, inbox: Path, tmp: Path) -> None:
    xls = _soffice(_filled(space, tmp), "xls", tmp)
    shutil.copy(xls, inbox / "old_xls_renamed.xlsx")


def password_protected(space, inbox: Path, tmp: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool makes the encrypted fixture")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _filled(space, tmp)
    with plain.open("rb") as source, (inbox / "password_protected.xlsx").open("wb") as out:
        OOXMLFile(source).encrypt("hemligt", out)
    assert msoffcrypto  # imported for the skip


def macro_workbook(space, inbox: Path, tmp: Path) -> None:
    def add_vba(name, data):
        return ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba") if name == "" else data

    _repack(_filled(space, tmp), inbox / "macro_workbook.xlsx", add_vba)


def saved_in_the_macro_format(space, inbox: Path, tmp: Path) -> None:
    """What Excel's and LibreOffice's .xlsm save writes with no macro: the workbook part is macroEnabled."""

    def macro_format(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return None if name == "" else data

    _repack(_filled(space, tmp), inbox / "saved_in_the_macro_format.xlsx", macro_format)


def rows_inserted_above_the_actions(space, inbox: Path, tmp: Path) -> None:
    """openpyxl's insert_rows moves the cells but not the defined names (Excel moves both)."""
    wb = load_workbook(_filled(space, tmp))
    wb["Veckorapport"].insert_rows(12)
    wb.save(inbox / "rows_inserted_above_the_actions.xlsx")


def larger_than_max_file_mb(space, inbox: Path, tmp: Path) -> None:
    space.drop("larger_than_max_file_mb.xlsx")  # the test lowers max_file_mb below the template's size


def doctype_in_workbook_xml(space, inbox: Path, tmp: Path) -> None:
    def doctype(name, data):
        if name == "xl/workbook.xml":
            declaration, found, body = data.partition(b"?>")
            head = declaration + found if found else b""
            return head + b'<!DOCTYPE workbook [<!ENTITY x "x">]>' + (body if found else data)
        return None if name == "" else data

    _repack(_filled(space, tmp), inbox / "doctype_in_workbook_xml.xlsx", doctype)


def damaged_workbook_xml(space, inbox: Path, tmp: Path) -> None:
    def cut(name, data):
        if name == "xl/workbook.xml":
            return data[: len(data) // 2]
        return None if name == "" else data

    _repack(_filled(space, tmp), inbox / "damaged_workbook_xml.xlsx", cut)


def plain_workbook_not_our_template(space, inbox: Path, tmp: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "Veckorapport"
    wb.active["B9"] = 5
    wb.save(inbox / "plain_workbook_not_our_template.xlsx")


def other_kind_of_template(space, inbox: Path, tmp: Path) -> None:
    space.drop("other_kind_of_template.xlsx", cells={"pl_template_kind": "survey"})


def defined_name_deleted(space, inbox: Path, tmp: Path) -> None:
    path = space.drop("defined_name_deleted.xlsx")
    wb = load_workbook(path)
    del wb.defined_names["pl_comment"]
    wb.save(path)


def measure_row_deleted(space, inbox: Path, tmp: Path) -> None:
    path = space.drop("measure_row_deleted.xlsx")
    wb = load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["pl_measure_ids"].destinations))
    last_id = ref.replace("$", "").split(":")[-1]
    wb[sheet][last_id] = None  # the second measure's id cell emptied, as a deleted row leaves it
    wb.save(path)


def template_of_another_programme(space, inbox: Path, tmp: Path) -> None:
    space.drop("template_of_another_programme.xlsx", cells={"pl_programme_id": "ANNAT-PROGRAM"})


def template_version_zero(space, inbox: Path, tmp: Path) -> None:
    space.drop("template_version_zero.xlsx", cells={"pl_template_version": "0"})


def unit_not_in_plan(space, inbox: Path, tmp: Path) -> None:
    space.drop("unit_not_in_plan.xlsx", cells={"pl_unit": "E99"})


def e01_file_in_e02_folder(space, inbox: Path, tmp: Path) -> None:
    (inbox / "E02").mkdir(exist_ok=True)
    space.drop("e01_file_in_e02_folder.xlsx", unit="E01", folder="E02")


def week_left_blank(space, inbox: Path, tmp: Path) -> None:
    space.drop("week_left_blank.xlsx", week="")


def week_typed_as_text(space, inbox: Path, tmp: Path) -> None:
    space.drop("week_typed_as_text.xlsx", week="vecka 46")


def week_before_the_period(space, inbox: Path, tmp: Path) -> None:
    space.drop("week_before_the_period.xlsx", week="2026-W38")


def week_not_started(space, inbox: Path, tmp: Path) -> None:
    space.drop("week_not_started.xlsx", week="2026-W48")


def blank_required_value(space, inbox: Path, tmp: Path) -> None:
    space.drop("blank_required_value.xlsx", values={"egen": None, "praktik": 1})


def five_st_in_number_cell(space, inbox: Path, tmp: Path) -> None:
    space.drop("five_st_in_number_cell.xlsx", values={"egen": "5 st", "praktik": 1})


def three_comma_five_in_count(space, inbox: Path, tmp: Path) -> None:
    space.drop("three_comma_five_in_count.xlsx", values={"egen": "3,5", "praktik": 1})


def negative_count(space, inbox: Path, tmp: Path) -> None:
    space.drop("negative_count.xlsx", values={"egen": -2, "praktik": 1})


def status_without_acted(space, inbox: Path, tmp: Path) -> None:
    space.drop("status_without_acted.xlsx", actions=[{"status": "Pågår", "result": "2 samtal"}])


def acted_maybe(space, inbox: Path, tmp: Path) -> None:
    space.drop("acted_maybe.xlsx", actions=[{"acted": "Kanske", "status": "Pågår"}])


def status_not_in_list(space, inbox: Path, tmp: Path) -> None:
    space.drop("status_not_in_list.xlsx", actions=[{"acted": "Ja", "status": "Snart"}])


def not_acted_without_blocker(space, inbox: Path, tmp: Path) -> None:
    space.drop("not_acted_without_blocker.xlsx", actions=[{"acted": "Nej", "status": "Ej påbörjad"}])


def formula_not_calculated(space, inbox: Path, tmp: Path) -> None:
    space.drop("formula_not_calculated.xlsx", values={"egen": "=2+2", "praktik": 1})


def implausible_figure(space, inbox: Path, tmp: Path) -> None:
    space.drop("implausible_figure.xlsx", values={"egen": 500, "praktik": 1})


def done_without_result(space, inbox: Path, tmp: Path) -> None:
    space.drop("done_without_result.xlsx", actions=[{"acted": "Ja", "status": "Klar"}])


# code -> (fixture, expected (cell, code) pairs, outcome)
CASES = {
    "not-xlsx": (csv_saved_as_xlsx, {("", "not-xlsx")}, "rejected"),
    "encrypted": (password_protected, {("", "encrypted")}, "rejected"),
    "macro-enabled": (macro_workbook, {("", "macro-enabled")}, "rejected"),
    "macro-format": (saved_in_the_macro_format, {("", "macro-format")}, "rejected"),
    "rows-moved": (rows_inserted_above_the_actions, {("", "rows-moved")}, "rejected"),
    "too-large": (larger_than_max_file_mb, {("", "too-large")}, "rejected"),
    "unsafe-file": (doctype_in_workbook_xml, {("", "unsafe-file")}, "rejected"),
    "unreadable": (damaged_workbook_xml, {("", "unreadable")}, "rejected"),
    "unknown-template": (plain_workbook_not_our_template, {("", "unknown-template")}, "rejected"),
    "wrong-template-kind": (other_kind_of_template, {("_meta!B1", "wrong-template-kind")}, "rejected"),
    "missing-name": (defined_name_deleted, {("", "missing-name")}, "rejected"),
    "missing-row": (measure_row_deleted, {("", "missing-row")}, "rejected"),
    "wrong-programme": (template_of_another_programme, {("_meta!B3", "wrong-programme")}, "rejected"),
    "outdated-template": (template_version_zero, {("_meta!B2", "outdated-template")}, "rejected"),
    "unknown-unit": (unit_not_in_plan, {("Veckorapport!B4", "unknown-unit")}, "rejected"),
    "unit-folder-mismatch": (
        e01_file_in_e02_folder,
        {("Veckorapport!B4", "unit-folder-mismatch")},
        "rejected",
    ),
    "week-missing": (week_left_blank, {("Veckorapport!B5", "week-missing")}, "rejected"),
    "week-malformed": (week_typed_as_text, {("Veckorapport!B5", "week-malformed")}, "rejected"),
    "week-outside-period": (week_before_the_period, {("Veckorapport!B5", "week-outside-period")}, "rejected"),
    "week-in-future": (week_not_started, {("Veckorapport!B5", "week-in-future")}, "rejected"),
    "missing-value": (blank_required_value, {("Veckorapport!B9", "missing-value")}, "rejected"),
    "not-a-number": (five_st_in_number_cell, {("Veckorapport!B9", "not-a-number")}, "rejected"),
    "not-whole-number": (three_comma_five_in_count, {("Veckorapport!B9", "not-whole-number")}, "rejected"),
    "negative-number": (negative_count, {("Veckorapport!B9", "negative-number")}, "rejected"),
    "acted-missing": (status_without_acted, {("Veckorapport!D14", "acted-missing")}, "rejected"),
    "invalid-acted": (acted_maybe, {("Veckorapport!D14", "invalid-acted")}, "rejected"),
    "invalid-status": (status_not_in_list, {("Veckorapport!E14", "invalid-status")}, "rejected"),
    "blocker-missing": (not_acted_without_blocker, {("Veckorapport!G14", "blocker-missing")}, "rejected"),
    "formula-not-calculated": (
        formula_not_calculated,
        {("Veckorapport!B9", "formula-not-calculated")},
        "rejected",
    ),
    "implausible-value": (implausible_figure, {("Veckorapport!B9", "implausible-value")}, "accepted"),
    "done-without-result": (done_without_result, {("Veckorapport!F14", "done-without-result")}, "accepted"),
}
# codes checked elsewhere, with the test that checks them
ELSEWHERE = {
    "replaces-file": "test_history.py::test_correction_chain_is_shown_in_history_and_log",
    # hostile files are generated by tests/hostile.py and checked in tests/test_hostile.py
    "too-large-unpacked": "test_hostile.py::test_every_hostile_file_is_rejected_with_its_own_reason",
    "sheet-too-large": "test_hostile.py::test_every_hostile_file_is_rejected_with_its_own_reason",
    "parse-failed": "test_hostile.py::test_a_worker_that_runs_out_of_memory_becomes_parse_failed",
    # the fault boundary: made by breaking the service account's access or our own code
    "unreadable-file": "test_boundary.py::test_an_unreadable_file_is_rejected_and_the_others_go_on",
    "internal-error": "test_boundary.py::test_a_bug_of_ours_costs_only_its_file",
    "value-too-large": "test_bounds.py::test_1e308_among_good_files_is_rejected_and_the_report_stays_finite",
    "error-value": (
        "test_bounds.py::test_a_formula_that_gives_div0_is_error_value_in_the_ledger_and_the_receipt"
    ),
}


def run(space, settings=None):
    settings = settings or space.ctx.settings
    return ingest(space.ctx.workspace, space.plan, settings, NOW, settle_seconds=0)


def receipt_pairs(space, record) -> set[tuple[str, str]]:
    path = space.root / (record.destination + ".kvittens.xlsx")
    rows = [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["Blad", "Cell", "Kod"])
    return {(f"{r[0]}!{r[1]}" if r[0] else "", r[2]) for r in rows[header + 1 :] if r[2]}


def receipt_texts(space, record) -> list[str]:
    path = space.root / (record.destination + ".kvittens.xlsx")
    return [
        str(c.value) for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None
    ]


def test_every_code_in_the_readme_has_a_fixture():
    missing = [c for c in readme_codes() if c not in CASES and c not in ELSEWHERE]
    assert missing == [], "add a fixture for each code to CASES in tests/test_intake_codes.py"


@pytest.mark.parametrize("code", sorted(CASES))
def test_fixture_gives_its_code_in_the_ledger_and_the_receipt(space, tmp_path, code):
    fixture, expected, outcome = CASES[code]
    fixture(space, space.root / "inbox", tmp_path)
    settings = space.ctx.settings
    if code == "too-large":
        settings = dataclasses.replace(settings, max_file_mb=0.001)
    [record] = run(space, settings).records
    assert record.name == f"{fixture.__name__}.xlsx"
    assert record.outcome == outcome
    assert {(p.cell, p.code) for p in record.problems} == expected
    assert receipt_pairs(space, record) == expected
    texts = receipt_texts(space, record)
    assert not [text for text in texts if "pl_" in text], "a receipt never shows our internal names"
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        [logged] = [r for r in ledger.log() if r.name == record.name]
    assert {(p.cell, p.code) for p in logged.problems} == expected  # the report's log shows it too


@pytest.mark.parametrize("fixture", [html_saved_as_xlsx, old_xls_renamed])
def test_other_files_renamed_to_xlsx_say_what_they_are(space, tmp_path, fixture):
    fixture(space, space.root / "inbox", tmp_path)
    [record] = run(space).records
    assert [(p.code, p.facts["what"] != "") for p in record.problems] == [("not-xlsx", True)]


def test_saved_by_libreoffice_is_read_like_excel(space, tmp_path):
    """A unit that opens the template in LibreOffice Calc and saves it as .xlsx."""
    draft = _filled(space, tmp_path, values={"egen": 4, "praktik": 2})
    saved = _soffice(draft, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    shutil.copy(saved, space.root / "inbox" / "saved_by_libreoffice.xlsx")
    [record] = run(space).records
    assert (record.outcome, record.problems) == ("accepted", [])
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        figures = {(r.unit, r.measure): r.value for r in ledger.figures().itertuples()}
    assert figures == {("E01", "egen"): 4, ("E01", "praktik"): 2}


def test_formula_recalculated_by_libreoffice_counts_by_its_cached_value(space, tmp_path):
    draft = _filled(space, tmp_path, values={"egen": "=2+3", "praktik": 1})
    saved = _soffice(draft, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    shutil.copy(saved, space.root / "inbox" / "formula_with_cached_value.xlsx")
    [record] = run(space).records
    assert (record.outcome, record.problems) == ("accepted", [])
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        assert ledger.figures().set_index("measure").loc["egen", "value"] == 5


def test_formula_in_the_comment_is_a_warning_not_a_rejection(space):
    space.drop("formula_in_comment.xlsx", comment='=HYPERLINK("http://example.com","klicka")')
    [record] = run(space).records
    assert record.outcome == "accepted"
    assert [(p.cell, p.code, p.severity) for p in record.problems] == [
        ("Veckorapport!A26", "formula-not-calculated", "warning")
    ]
    texts = receipt_texts(space, record)  # the advice is about the text, read as empty
    assert any("texten lästes som tom" in text and "Skriv texten direkt" in text for text in texts)
    assert not any("talet" in text for text in texts)


@pytest.mark.parametrize(
    "fixture, week", [(week_before_the_period, "2026-W38"), (week_not_started, "2026-W48")]
)
def test_a_file_rejected_for_its_week_is_listed_under_that_week(space, fixture, week):
    """history, the receipts log and the receipt name the week the file claims (not "?")."""
    from pipeline.ledger.history import history_lines

    fixture(space, space.root / "inbox", None)
    [record] = run(space).records
    assert (record.outcome, record.unit, record.week) == ("rejected", "E01", week)
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        assert any(fixture.__name__ in line for line in history_lines(ledger, "E01", week))
    log = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8")
    assert f"vecka {week}" in log
    assert week in receipt_texts(space, record)


def test_rejected_file_keeps_the_unit_and_week_it_claims(space):
    five_st_in_number_cell(space, space.root / "inbox", None)
    [record] = run(space).records
    assert (record.outcome, record.unit, record.week) == ("rejected", "E01", W46)


def test_implausible_rule_uses_history_and_target(space):
    """Limit = max(3 × largest earlier value, 3 × largest weekly target, 10)."""
    space.drop("normal_week.xlsx", week="2026-W45", values={"egen": 9, "praktik": 1})  # the floor: 10
    [record] = run(space).records
    assert [p.code for p in record.problems] == []
    space.drop("just_below_limit.xlsx", values={"egen": 27, "praktik": 1})  # 3 × 9
    [record] = run(space).records
    assert [p.code for p in record.problems] == []
    space.drop("above_limit.xlsx", week="2026-W44", values={"egen": 82, "praktik": 1})  # > 3 × 27
    [record] = run(space).records
    assert [(p.cell, p.code) for p in record.problems] == [("Veckorapport!B9", "implausible-value")]
    assert record.outcome == "accepted"


def test_a_file_name_with_a_newline_and_an_escape_cannot_forge_a_log_line(space):
    name = "rapport\n2026-11-22 18:00 | falsk.xlsx | Godkänd\x1b[2J.xlsx"
    space.drop(name)
    [record] = run(space).records
    shown = "rapport\\n2026-11-22 18:00 | falsk.xlsx | Godkänd\\x1b[2J.xlsx"
    assert (
        record.outcome == "accepted" and record.name == shown
    )  # the name as text, control characters escaped
    from pipeline.ledger.store import Ledger

    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:  # ... and the exact bytes beside it
        assert ledger.db.execute("SELECT raw_name FROM files").fetchone() == (name.encode().hex(),)
    [line] = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()
    assert "\\n2026-11-22 18:00 / falsk.xlsx / Godkänd\\x1b[2J.xlsx | Godkänd | enhet E01" in line
    from pipeline.ledger.history import history_lines

    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        lines = history_lines(ledger, "E01", "2026-W46")
    assert len(lines) == 2 and "\\n2026-11-22" in lines[1] and "\x1b" not in lines[1]


def test_receipts_log_has_one_line_per_file_in_the_users_language(space):
    space.drop("good.xlsx")
    five_st_in_number_cell(space, space.root / "inbox", None)
    run(space)
    lines = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    by_name = {line.split(" | ")[1]: line.split(" | ") for line in lines}
    assert by_name["good.xlsx"][2:5] == ["Godkänd", "enhet E01", f"vecka {W46}"]
    assert by_name["five_st_in_number_cell.xlsx"][2:6] == [
        "Avvisad",
        "enhet E01",
        f"vecka {W46}",
        "koder: not-a-number",
    ]
    import shutil

    [good] = [p for p in (space.root / "archive").rglob("*_good.xlsx")]
    shutil.copyfile(good, space.root / "inbox" / "again.xlsx")  # the same bytes: a duplicate
    run(space)
    space.drop("fixed.xlsx", values={"egen": 4, "praktik": 1})  # the same unit and week: a correction
    run(space)
    lines = (space.root / "outbox" / "kvittenser.log").read_text(encoding="utf-8").splitlines()
    by_name = {line.split(" | ")[1]: line.split(" | ") for line in lines}
    assert by_name["again.xlsx"][2] == "Dubblett"
    assert by_name["again.xlsx"][-1].startswith("samma som ") and by_name["again.xlsx"][-1].endswith(
        "(good.xlsx)"
    )
    assert by_name["fixed.xlsx"][2] == "Godkänd, ersätter tidigare fil"
    assert by_name["fixed.xlsx"][-1].startswith("ersätter ") and by_name["fixed.xlsx"][-1].endswith(
        "(good.xlsx)"
    )


def test_nothing_in_the_test_set_is_left_unexplained(space, tmp_path):
    """Every fixture at once: every file settled, each with a receipt, none left in the inbox."""
    inbox = space.root / "inbox"
    for fixture, _, _ in CASES.values():
        if fixture in (password_protected, larger_than_max_file_mb):
            continue
        fixture(space, inbox, tmp_path)
    records = run(space).records
    assert len(records) == len(CASES) - 2
    assert [p for p in inbox.rglob("*") if p.is_file() and "kvittenser" not in p.parts] == []  # but receipts
    for record in records:
        assert (space.root / (record.destination + ".kvittens.xlsx")).exists()
    assert all(r.outcome != "rejected" or r.problems for r in records)


def test_macros_follow_one_rule_by_content_whatever_the_name(space, tmp_path):
    """Contains macros, saved in the macro format, or a plain workbook named .xlsm: content decides."""
    inbox = space.root / "inbox"
    macro_workbook(space, inbox, tmp_path)
    saved_in_the_macro_format(space, inbox, tmp_path)
    plain = inbox / "plain_named.xlsm"
    shutil.copyfile(_filled(space, tmp_path), plain)  # what openpyxl writes when told to save as .xlsm
    verdicts = {r.name: (r.outcome, [p.code for p in r.problems]) for r in run(space).records}
    assert verdicts == {
        "macro_workbook.xlsx": ("rejected", ["macro-enabled"]),
        "saved_in_the_macro_format.xlsx": ("rejected", ["macro-format"]),  # named .xlsx: content decides
        "plain_named.xlsm": ("accepted", []),
    }


def test_a_libreoffice_save_in_the_macro_format_says_so(space, tmp_path):
    """LibreOffice's "Excel 2007-365 (macro-enabled)" save of a filled template, with no macro in it."""
    filled = _filled(space, tmp_path)
    saved = _soffice(filled, "xlsm:Calc MS Excel 2007 VBA XML", tmp_path)
    shutil.copyfile(saved, space.root / "inbox" / "sparad_i_libreoffice.xlsm")
    [record] = run(space).records
    assert (record.outcome, [p.code for p in record.problems]) == ("rejected", ["macro-format"])
    text = " ".join(receipt_texts(space, record))
    assert "sparad i formatet för makron (.xlsm), men innehåller inga makron" in text
