"""Figures that cannot break a sum (issue 11, items 3 and 8).

* A figure that is not finite or above ``schema.MAX_VALUE`` (10^9) is rejected as
  ``value-too-large`` with its cell; 10^9 itself is accepted.
* A cell that shows an Excel error (``#DIV/0!``) is ``error-value``, never ``missing-value``.
* The leadership workbook never holds an error cell, ``inf`` or ``NaN``: not with huge
  accepted figures, not with weeks of weight 0, not with a figure from before the bound
  in an old ledger; and ``pipeline status`` never prints ``inf`` or ``nan``.

Tests compare (cell, code) pairs, not wording. Every workbook is read back with openpyxl
and every cell of every sheet is looked at (``bad_cells``).
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import sqlite3
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.commands import make_report, run_ingest, status_text
from pipeline.excel.writer import atomic_workbook
from pipeline.intake.ingest import ingest
from pipeline.intake.read import _sheet_parts, open_template
from pipeline.intake.validate import parse_number, validate
from pipeline.ledger.store import Ledger
from pipeline.plan.example import example_plan
from pipeline.plan.pace import Remaining, outlook, pace_over, unit_pace
from pipeline.strings import Texts
from pipeline.template.names import ERROR_VALUES, MAX_VALUE
from pipeline.weeks import IsoWeek
from tests.conftest import NOW, TODAY

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

LIMIT = 20_000_000
B9 = "Veckorapport!B9"  # egen, the main measure
W46 = "2026-W46"
NON_FINITE_TEXT = {"inf", "-inf", "nan", "infinity", "-infinity"}


# ---------------------------------------------------------------- helpers


def bad_cells(path: Path) -> list[tuple[str, str, object]]:
    """Every cell of every sheet that holds an error, a formula, or a number that is not finite.

    The report writes no formulas at all, so any formula (``1/0`` is how a writer turns
    ``inf`` into ``#DIV/0!``) is a fault too. Read twice: as written, and as cached values.
    """
    found = []
    for data_only in (False, True):
        wb = load_workbook(path, data_only=data_only)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if cell.data_type in ("e", "f") or (
                        isinstance(value, float) and not math.isfinite(value)
                    ):
                        found.append((ws.title, cell.coordinate, value))
                    elif isinstance(value, str) and (
                        value.strip() in ERROR_VALUES or value.strip().casefold() in NON_FINITE_TEXT
                    ):
                        found.append((ws.title, cell.coordinate, value))
    return found


def assert_status_is_finite(space) -> str:
    text = status_text(space.root, NOW)
    assert not re.search(r"\b(inf|nan)\b", text, flags=re.I), text
    return text


def pairs(record) -> set[tuple[str, str]]:
    return {(p.cell, p.code) for p in record.problems}


def by_name(result) -> dict:
    return {r.name: r for r in result.records}


def set_cell_xml(path: Path, ref: str, inner: str, cell_type: str | None) -> Path:
    """Rewrites one cell of the Veckorapport sheet in the file's XML: ``<c r=ref t=...>inner</c>``.

    For what openpyxl cannot write: a cached error next to its formula (as Excel and
    LibreOffice save ``=1/0``), or a numeric cell holding ``1e999`` or ``NaN``.
    """
    with zipfile.ZipFile(path) as old:
        part = _sheet_parts(old)["Veckorapport"]
        members = {info.filename: old.read(info.filename) for info in old.infolist()}
    xml = members[part].decode("utf-8")
    cell = re.compile(rf'<c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', flags=re.S)
    match = cell.search(xml)
    assert match, f"{ref} not in the sheet XML"
    style = re.search(r'\ss="\d+"', match.group("attrs"))
    typed = f' t="{cell_type}"' if cell_type else ""
    replacement = f'<c r="{ref}"{style.group(0) if style else ""}{typed}>{inner}</c>'
    members[part] = (xml[: match.start()] + replacement + xml[match.end() :]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    return path


def check(space, name: str = "f.xlsx", path: Path | None = None, **answers):
    path = path or space.drop(name, **answers)
    submission, problems = validate(open_template(path, LIMIT), space.plan, TODAY)
    return submission, problems


# ---------------------------------------------------------------- (a) the reproduced bug


def test_1e308_among_good_files_is_rejected_and_the_report_stays_finite(space):
    """The bug: E03 reports 1e308 in two weeks. Before, both were accepted with a warning,
    then ingest and report failed with OverflowError and status printed ``actual inf``."""
    for unit, egen in (("E01", 4), ("E02", 2)):
        for week in ("2026-W45", W46):
            space.drop(f"{unit}_{week}.xlsx", unit=unit, week=week, values={"egen": egen, "praktik": 1})
    for week in ("2026-W45", W46):
        space.drop(f"E03_{week}.xlsx", unit="E03", week=week, values={"egen": 1e308, "praktik": 1})

    result, report = run_ingest(space.root, NOW, settle_seconds=0)

    records = by_name(result)
    for week in ("2026-W45", W46):
        huge = records[f"E03_{week}.xlsx"]
        assert huge.outcome == "rejected"
        assert pairs(huge) == {(B9, "value-too-large")}  # not not-whole-number, not implausible-value
        for unit in ("E01", "E02"):
            assert (records[f"{unit}_{week}.xlsx"].outcome, records[f"{unit}_{week}.xlsx"].problems) == (
                "accepted",
                [],
            )
    assert report is not None and report.exists()
    assert bad_cells(report) == []
    wb = load_workbook(report)
    sheet, ref = next(iter(wb.defined_names["kf_actual"].destinations))
    assert wb[sheet][ref.replace("$", "")].value == 4 + 4 + 2 + 2
    assert "utfall 12," in assert_status_is_finite(space)


def test_value_too_large_names_the_measure_the_value_and_the_limit(space):
    _, [problem] = check(space, values={"egen": 1e308, "praktik": 1})
    assert (problem.cell, problem.code, problem.value) == (B9, "value-too-large", "1e+308")
    assert problem.facts == {"measure": "Till egenförsörjning", "limit": "1 000 000 000"}
    for language in ("sv", "en"):
        message = problem.message(Texts(language))
        assert "1e+308" in message and "1 000 000 000" in message and "Till egenförsörjning" in message
    assert problem.to_json()["value"] == "1e+308"  # text in the ledger, never a float inf


# ---------------------------------------------------------------- (b) the bound itself


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        (MAX_VALUE, set()),
        (str(MAX_VALUE), set()),
        ("1 000 000 000", set()),
        (MAX_VALUE + 1, {(B9, "value-too-large")}),
        ("1 000 000 001", {(B9, "value-too-large")}),
        (1e308, {(B9, "value-too-large")}),
        (1.5e9, {(B9, "value-too-large")}),  # whole, so the bound is what is wrong
        (1e9 + 0.5, {(B9, "value-too-large")}),  # not whole either: too large wins
        ("1" + "0" * 400, {(B9, "value-too-large")}),  # safe text conversion that gives inf
        ("1e999", {(B9, "not-a-number")}),  # exponents are not a safe conversion
        (-1e308, {(B9, "negative-number")}),
    ],
)
def test_the_bound_is_10_to_the_9_inclusive(space, value, codes):
    submission, problems = check(space, values={"egen": value, "praktik": 1})
    assert {(p.cell, p.code) for p in problems if p.severity == "error"} == codes
    if not codes:
        assert submission.values["egen"] == MAX_VALUE


@pytest.mark.parametrize(
    ("xml", "code", "shown"),
    [
        ("1e999", "value-too-large", "inf"),
        ("NaN", "not-a-number", "nan"),
        ("-1e999", "value-too-large", "-inf"),
    ],
)
def test_a_numeric_cell_holding_inf_or_nan_is_refused(space, xml, code, shown):
    """python-calamine reads ``<v>1e999</v>`` as inf and ``<v>NaN</v>`` as nan (no number at all)."""
    path = set_cell_xml(space.drop("f.xlsx"), "B9", f"<v>{xml}</v>", "n")
    _, problems = check(space, path=path)
    assert [(p.cell, p.code, p.value) for p in problems] == [(B9, code, shown)]


def test_parse_number_never_raises_on_a_huge_int():
    number, code = parse_number(10**400)
    assert code is None and number == math.inf


def test_several_units_at_the_bound_every_week_sum_exactly(space):
    """Three units report 10^9 of both measures in each of the six weeks W41..W46."""
    units, weeks = ("E01", "E02", "E03"), [str(IsoWeek(2026, w)) for w in range(41, 47)]
    for unit in units:
        for week in weeks:
            space.drop(
                f"{unit}_{week}.xlsx", unit=unit, week=week, values={"egen": MAX_VALUE, "praktik": MAX_VALUE}
            )
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert result.count("accepted") == len(units) * len(weeks)
    assert {p.code for r in result.records for p in r.problems} <= {"implausible-value"}  # warnings only
    report = confirm_every_held(space)  # held until confirmed: here the sums at the bound are the point

    assert bad_cells(report) == []
    wb = load_workbook(report)

    def named(name):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        return wb[sheet][ref.replace("$", "")].value

    exact = sum([MAX_VALUE] * (len(units) * len(weeks)))  # a Python int: exact at any size
    assert named("kf_actual") == exact and float(named("kf_actual")).is_integer()
    assert named("kf_current_pace") == len(units) * MAX_VALUE  # 4 weeks of 10^9 over weight 4
    assert math.isfinite(named("kf_forecast")) and math.isfinite(named("kf_gap"))
    assert_status_is_finite(space)


# ---------------------------------------------------------------- (c) error cells


def test_python_calamine_reads_an_error_cell_as_blank(space):
    """Why the reader looks at the XML: calamine gives "" for ``<c t="e">``, as for a blank."""
    from python_calamine import CalamineWorkbook

    path = space.drop("f.xlsx", values={"egen": "#DIV/0!", "praktik": 1})
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Veckorapport").to_python()
    assert rows[8][1] == ""
    cell = open_template(path, LIMIT).cells("pl_values")[0][0]
    assert (cell.address, cell.error, cell.value) == (B9, "#DIV/0!", "")


@pytest.mark.parametrize("error", ERROR_VALUES)
def test_an_error_typed_into_a_value_cell_is_error_value(space, error):
    """openpyxl writes ``#DIV/0!`` as an error constant, ``<c t="e"><v>#DIV/0!</v></c>``."""
    _, problems = check(space, values={"egen": error, "praktik": 1})
    assert [(p.cell, p.code, p.value) for p in problems] == [(B9, "error-value", error)]


def test_a_formula_that_gives_div0_is_error_value_in_the_ledger_and_the_receipt(space):
    """As Excel saves ``=1/0``: the formula with its cached error."""
    path = space.drop("div0.xlsx", values={"egen": 1, "praktik": 1})
    set_cell_xml(path, "B9", "<f>1/0</f><v>#DIV/0!</v>", "e")
    [record] = ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0).records
    assert (record.outcome, pairs(record)) == ("rejected", {(B9, "error-value")})
    receipt = load_workbook(space.root / (record.destination + ".kvittens.xlsx")).active
    rows = [[c.value for c in row] for row in receipt.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["Blad", "Cell", "Kod"])
    assert {(f"{r[0]}!{r[1]}", r[2]) for r in rows[header + 1 :] if r[2]} == {(B9, "error-value")}
    assert [r[3] for r in rows[header + 1 :] if r[2]] == ["#DIV/0!"]  # the value found
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        [logged] = [r for r in ledger.log() if r.name == record.name]
    assert pairs(logged) == {(B9, "error-value")}


def test_a_formula_error_saved_by_libreoffice_is_error_value(space, tmp_path):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    draft = space.drop("../draft/lo.xlsx", values={"egen": "=1/0", "praktik": "=NA()"})
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            str(draft),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    _, problems = check(space, path=tmp_path / "lo" / "lo.xlsx")
    assert {(p.cell, p.code, p.value) for p in problems} == {
        (B9, "error-value", "#DIV/0!"),
        ("Veckorapport!B10", "error-value", "#N/A"),
    }


def test_an_error_in_the_week_or_a_choice_cell_is_error_value_and_crashes_nothing(space):
    submission, problems = check(space, week="#N/A")
    assert [(p.cell, p.code) for p in problems] == [("Veckorapport!B5", "error-value")]
    assert submission.unit == "E01" and submission.week is None

    _, problems = check(space, actions=[{"acted": "#REF!", "status": "Pågår", "result": "ok"}])
    assert [(p.cell, p.code) for p in problems] == [("Veckorapport!D14", "error-value")]  # no acted-missing

    _, problems = check(space, actions=[{"acted": "Ja", "status": "#VALUE!", "due": "#NAME?"}])
    assert {(p.cell, p.code) for p in problems} == {
        ("Veckorapport!E14", "error-value"),
        ("Veckorapport!C14", "error-value"),
    }

    _, problems = check(space, cells={"pl_unit": "#N/A"})
    assert [(p.cell, p.code) for p in problems] == [("Veckorapport!B4", "error-value")]


def test_an_error_in_a_free_text_cell_is_a_warning_and_reads_as_empty(space):
    submission, problems = check(space, comment="#N/A")
    assert [(p.cell, p.code, p.severity) for p in problems] == [
        ("Veckorapport!A26", "error-value", "warning")
    ]
    assert submission.comment == "" and submission.values == {"egen": 3, "praktik": 1}


def test_a_maturity_score_that_is_an_error_or_not_finite_is_never_accepted(tmp_path):
    from tests.test_maturity import DIMS, SHEET
    from tests.test_maturity import Space as MaturitySpace

    space = MaturitySpace(tmp_path / "ws")
    space.answer("m.xlsx", scores={**{d: 3 for d in DIMS}, "kund": "#N/A", "agarskap": 1e308})
    record = space.ingest()["m.xlsx"]
    assert record.outcome == "rejected"
    assert pairs(record) == {(f"{SHEET}!G10", "error-value"), (f"{SHEET}!G11", "score-out-of-range")}
    assert next(p.value for p in record.problems if p.code == "score-out-of-range") == "1e+308"


# ---------------------------------------------------------------- (d) weights of 0


def _weights_zero(space, weeks: list[str]) -> None:
    """Sets the calendar weight of ``weeks`` to 0 in the workspace's plan.xlsx."""
    path = space.root / "plan.xlsx"
    wb = load_workbook(path)
    ws = wb["Kalender"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in weeks:
            row[1].value = 0
    wb.save(path)


def test_the_current_pace_over_weeks_of_weight_0_is_blank_never_div0(space):
    """The last four weeks up to W46 all weigh 0: no unit has a pace, so the current pace,
    forecast and goal week are empty; nothing divides by zero."""
    _weights_zero(space, ["2026-W43", "2026-W44", "2026-W45", W46])
    space.drop("E01_W45.xlsx", week="2026-W45", values={"egen": 4, "praktik": 1})
    space.drop("E01_W46.xlsx", values={"egen": 5, "praktik": 1})
    space.drop("E02_W46.xlsx", unit="E02", values={"egen": 2, "praktik": 1})
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert result.count("accepted") == 3
    assert bad_cells(report) == []
    wb = load_workbook(report)
    sheet, ref = next(iter(wb.defined_names["kf_current_pace"].destinations))
    assert wb[sheet][ref.replace("$", "")].value is None  # blank, as for a missing value
    assert_status_is_finite(space)


def test_a_week_of_weight_0_among_the_recent_weeks_adds_its_value_but_no_weight(space):
    """W46 weighs 0, W45 weighs 1: E01's pace is (4 + 5) / 1 = 9."""
    _weights_zero(space, [W46])
    space.drop("E01_W45.xlsx", week="2026-W45", values={"egen": 4, "praktik": 1})
    space.drop("E01_W46.xlsx", values={"egen": 5, "praktik": 1})
    _, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert bad_cells(report) == []
    wb = load_workbook(report)
    sheet, ref = next(iter(wb.defined_names["kf_current_pace"].destinations))
    assert wb[sheet][ref.replace("$", "")].value == 9
    assert_status_is_finite(space)


def test_pace_and_outlook_are_finite_or_none():
    assert pace_over({0: 5.0}, [0], {0: 0.0}) is None  # reported only in a week of weight 0
    assert pace_over({0: 5.0, 1: 3.0}, [0, 1], {0: 0.0, 1: 0.0}) is None
    assert pace_over({}, [], {}) is None  # no weeks at all
    assert pace_over({0: float(MAX_VALUE)}, [0], {0: 5e-324}) is None  # would overflow to inf
    assert pace_over({0: 5.0}, [0], {0: float("nan")}) is None

    plan = example_plan(date(2026, 11, 22))
    week = IsoWeek(2026, 46)
    closed = replace(plan, weights={w: 0.0 for w in plan.weeks})
    assert unit_pace(closed, {week: 5.0}, week, 4) is None
    rest = Remaining.after(closed, week)
    assert rest.total == 0
    result = outlook(closed, {"E01": 3.0}, 10.0, 100.0, week, 0.05, rest)
    assert result.required_pace is None  # no remaining weight: no meaningful required pace
    assert result.current_pace == 3.0 and result.forecast == 10.0
    tiny = replace(plan, weights={w: 5e-324 for w in plan.weeks})
    for figure in outlook(tiny, {"E01": 1e300}, 10.0, 100.0, week, 0.05).__dict__.values():
        assert not isinstance(figure, float) or math.isfinite(figure)


# ---------------------------------------------------------------- the last line of defence


def test_a_non_finite_number_is_written_as_a_blank_cell_with_a_warning(tmp_path, caplog):
    path = tmp_path / "w.xlsx"
    with caplog.at_level(logging.WARNING, logger="pipeline.excel.writer"):
        with atomic_workbook(path) as wb:
            ws = wb.add_worksheet("S")
            fmt = wb.add_format({"num_format": "0"})
            assert ws.write_number(0, 0, math.inf, fmt) == 0
            ws.write(1, 0, math.nan)
            ws.write_row(2, 0, [1.0, -math.inf, 10**400])
            ws.write_column(3, 0, [math.nan, 2])
            ws.write_number(5, 0, 7)
    assert bad_cells(path) == []
    ws = load_workbook(path)["S"]
    assert [ws[ref].value for ref in ("A1", "A2", "A3", "B3", "C3", "A4", "A5", "A6")] == [
        None,
        None,
        1,
        None,
        None,
        None,
        2,
        7,
    ]
    assert ws["A1"].number_format == "0"  # the blank keeps its format
    assert sum("not a finite number" in r.message for r in caplog.records) == 5


def test_a_figure_from_before_the_bound_in_an_old_ledger_is_left_out_with_a_warning(space, caplog):
    """A ledger written before the bound may hold 1e308: the report leaves it out, says so in
    the log, and is written; ``pipeline rebuild`` judges the file again."""
    space.drop("E01_W45.xlsx", week="2026-W45", values={"egen": 4, "praktik": 1})
    space.drop("E02_W45.xlsx", unit="E02", week="2026-W45", values={"egen": 2, "praktik": 1})
    space.drop("E02_W46.xlsx", unit="E02", values={"egen": 3, "praktik": 1})
    ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, settle_seconds=0)  # no report yet
    db = sqlite3.connect(space.ctx.workspace.ledger_file)
    with db:
        db.execute(
            "UPDATE figures SET value = 1e308 WHERE measure = 'egen' AND submission_id IN"
            " (SELECT id FROM submissions WHERE unit = 'E01')"
        )
        db.execute(
            "UPDATE figures SET value = 1e308 WHERE submission_id IN"
            " (SELECT id FROM submissions WHERE unit = 'E02' AND week = ?)",
            (W46,),
        )
    db.close()
    with caplog.at_level(logging.WARNING, logger="pipeline.report.source"):
        report = make_report(space.root, NOW)
    assert bad_cells(report) == []
    warned = [r.getMessage() for r in caplog.records if "outside the intake's bound" in r.getMessage()]
    assert warned and all("pipeline rebuild" in m for m in warned)
    assert "utfall 2," in assert_status_is_finite(space)  # only E02's W45 counts


def confirm_every_held(space):
    """Confirms every held figure, as ``pipeline confirm`` does, and writes the report again."""
    from pipeline.commands import make_report
    from pipeline.ledger.confirmations import held_figures, record_confirmation
    from pipeline.ledger.store import Ledger
    from pipeline.model import Confirmation

    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        for unit, week, measure, value, _, _ in held_figures(ledger):
            confirmation = Confirmation(unit, week, measure, value, "test", "2026-11-22T18:00:00")
            record_confirmation(ledger, confirmation)
        assert held_figures(ledger) == []
    return make_report(space.root, NOW)
