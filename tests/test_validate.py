"""Validation: every problem found, with its cell and a stable code. Tests compare (cell, code)."""

import pytest

from pipeline.errors import FileProblem
from pipeline.intake.read import open_template
from pipeline.intake.validate import parse_number, validate
from tests.conftest import TODAY

LIMIT = 20_000_000


def check(space, **answers):
    path = space.drop("f.xlsx", **answers)
    submission, problems = validate(open_template(path, LIMIT), space.plan, TODAY)
    return submission, {(p.cell, p.code) for p in problems}


def test_a_correct_file_gives_a_submission(space):
    submission, problems = check(
        space,
        values={"egen": 4, "praktik": "2"},
        comment="Bra vecka",
        actions=[{"acted": "Ja", "status": "Pågår", "result": "3 intervjuer"}],
    )
    assert problems == set()
    assert submission.unit == "E01" and str(submission.week) == "2026-W46"
    assert submission.values == {"egen": 4, "praktik": 2}
    assert submission.comment == "Bra vecka"
    assert submission.actions[0].acted is True and submission.actions[0].status == "in_progress"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "missing-value"),
        ("5 st", "not-a-number"),
        ("ca 10", "not-a-number"),
        ("3,5", "not-whole-number"),
        (2.5, "not-whole-number"),
        (-1, "negative-number"),
        ("\u22122", "negative-number"),
    ],
)
def test_bad_values_name_the_cell(space, value, code):
    submission, problems = check(space, values={"egen": value, "praktik": 1})
    assert problems == {("Veckorapport!B9", code)}
    # with errors only the header is returned: who the file claims to be, for the log
    assert (submission.unit, str(submission.week), submission.values) == ("E01", "2026-W46", {})


@pytest.mark.parametrize(
    ("text", "number"), [("12", 12), ("1 234", 1234), ("1\u00a0234", 1234), ("3,0", 3), (" 7 ", 7)]
)
def test_safe_conversions(text, number):
    assert parse_number(text) == (number, None)


def test_all_problems_are_collected_at_once(space):
    _, problems = check(
        space,
        week="",
        values={"egen": "fem", "praktik": None},
        actions=[{"acted": "Nej", "status": "Kanske"}],
    )
    assert problems == {
        ("Veckorapport!B5", "week-missing"),
        ("Veckorapport!B9", "not-a-number"),
        ("Veckorapport!B10", "missing-value"),
        ("Veckorapport!E14", "invalid-status"),
        ("Veckorapport!G14", "blocker-missing"),
    }


@pytest.mark.parametrize(
    ("week", "code"),
    [
        ("2026-W38", "week-outside-period"),
        ("2027-W20", "week-outside-period"),
        ("2026-W48", "week-in-future"),
        ("vecka 46", "week-malformed"),
    ],
)
def test_week_problems(space, week, code):
    _, problems = check(space, week=week)
    assert problems == {("Veckorapport!B5", code)}


def test_unknown_unit_wrong_programme_outdated_version(space):
    assert check(space, cells={"pl_unit": "E99"})[1] == {("Veckorapport!B4", "unknown-unit")}
    assert check(space, cells={"pl_programme_id": "ANNAT"})[1] == {("_meta!B3", "wrong-programme")}
    assert check(space, cells={"pl_template_version": "0"})[1] == {("_meta!B2", "outdated-template")}


def test_not_an_xlsx_says_what_it_is(tmp_path):
    csv = tmp_path / "report.xlsx"
    csv.write_text("enhet;antal\nE01;5\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        open_template(csv, LIMIT)
    assert (caught.value.code, caught.value.value) == ("not-xlsx", "csv")


def test_a_workbook_that_is_not_our_template(tmp_path, space):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Hej"
    wb.save(tmp_path / "other.xlsx")
    _, problems = validate(open_template(tmp_path / "other.xlsx", LIMIT), space.plan, TODAY)
    assert [p.code for p in problems] == ["unknown-template"]


def test_rows_moved_by_the_user_are_still_found(space):
    """Reading goes through the defined names: rows inserted above move the names, not the reader."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.cell_range import CellRange

    path = space.drop("f.xlsx", values={"egen": 6, "praktik": 2})
    wb = load_workbook(path)
    wb["Veckorapport"].insert_rows(1, 3)
    for name in wb.defined_names.values():  # what Excel does to names when rows are inserted
        sheet, ref = next(iter(name.destinations))
        if sheet == "Veckorapport":
            moved = CellRange(ref.replace("$", ""))
            moved.shift(row_shift=3)
            name.attr_text = f"'Veckorapport'!{moved.coord}"
    wb.save(path)
    submission, problems = validate(open_template(path, LIMIT), space.plan, TODAY)
    assert problems == []
    assert submission.values == {"egen": 6, "praktik": 2}
