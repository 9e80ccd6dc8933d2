"""The plan workbook: written by init, read back equal; every error names its sheet and cell."""

from datetime import date

import pytest
from openpyxl import load_workbook

from pipeline.commands import make_plan
from pipeline.errors import PlanError
from pipeline.plan.example import example_plan
from pipeline.plan.read import read_plan
from pipeline.plan.workbook import write_plan


def test_round_trip(tmp_path):
    plan = example_plan(date(2026, 11, 22))
    write_plan(plan, tmp_path / "plan.xlsx")
    assert read_plan(tmp_path / "plan.xlsx") == plan


def test_english_plan_reads_too(tmp_path):
    plan = example_plan(date(2026, 11, 22), "en")
    write_plan(plan, tmp_path / "plan.xlsx", "en")
    assert read_plan(tmp_path / "plan.xlsx", "sv") == plan


def test_every_problem_is_reported_with_sheet_and_cell(tmp_path):
    write_plan(example_plan(date(2026, 11, 22)), tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    wb["Mål"]["C2"] = "många"  # goal is not a number
    wb["Mål"]["A3"] = "E99"  # unknown unit
    wb["Mått"]["C2"] = "ibland"  # kind not in the list
    wb["Kalender"]["A5"] = "vecka 44"  # not an ISO week
    wb["Program"]["B6"] = "2026-W60"  # first week does not exist
    wb.save(tmp_path / "plan.xlsx")
    with pytest.raises(PlanError) as caught:
        read_plan(tmp_path / "plan.xlsx")
    cells = {(p.sheet, p.cell) for p in caught.value.problems}
    assert {("Mål", "C2"), ("Mål", "A3"), ("Mått", "C2"), ("Kalender", "A5"), ("Program", "B6")} <= cells
    assert "Mål!C2" in str(caught.value)


def test_missing_sheet_says_which_headers_to_add(tmp_path):
    write_plan(example_plan(date(2026, 11, 22)), tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    del wb["Enheter"]
    wb.save(tmp_path / "plan.xlsx")
    with pytest.raises(PlanError, match="Enheter saknas.*Id, Namn, Avdelning"):
        read_plan(tmp_path / "plan.xlsx")


def test_pipeline_plan_writes_the_target_curve_for_review(space):
    _, path = make_plan(space.root)
    wb = load_workbook(path)
    ws = wb["Målkurva egen"]
    assert ws["C3"].value == "v. 41"
    last_col = 2 + len(space.plan.weeks)
    total_row = ws.max_row
    assert ws.cell(total_row, 2).value == "Totalt"
    assert ws.cell(total_row, last_col).value == 180


def test_an_unknown_measure_is_named_for_a_unit_goal_and_a_department_goal(tmp_path):
    write_plan(example_plan(date(2026, 11, 22)), tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    goals = wb["Mål"]
    goals["B2"] = "okänt"  # a unit's goal
    row = goals.max_row + 1
    goals.cell(row, 1, wb["Enheter"]["C2"].value)  # a goal for a whole department
    goals.cell(row, 2, "saknas")
    goals.cell(row, 3, 10)
    wb.save(tmp_path / "plan.xlsx")
    with pytest.raises(PlanError) as caught:
        read_plan(tmp_path / "plan.xlsx")
    found = {(p.sheet, p.cell): p.message for p in caught.value.problems}
    assert "okänt" in found[("Mål", "B2")] and "saknas" in found[("Mål", f"B{row}")]


def test_the_plan_reads_as_typed_whether_numbers_are_whole_or_not(tmp_path):
    """The plan is read with python-calamine, which gives every number as a float: an id typed as
    a number reads as ``101`` (not ``101.0``), a share keeps its decimals, an empty row is skipped."""
    from datetime import date

    from openpyxl import load_workbook

    from pipeline.plan.example import example_plan
    from pipeline.plan.read import read_plan
    from pipeline.plan.workbook import write_plan

    path = tmp_path / "plan.xlsx"
    write_plan(example_plan(date(2026, 11, 22)), path)
    wb = load_workbook(path)
    units = wb["Enheter"]
    units["A2"] = 101  # E01 becomes the number 101, on every sheet
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "E01":
                row[0].value = 101
    units["D3"], units["D4"] = 0.25, None
    units.insert_rows(5)  # an empty row inside the table
    wb.save(path)
    plan = read_plan(path)
    assert plan.units[0].id == "101" and plan.goal_for("101", "egen") is not None
    assert plan.units[1].share == 0.25 and len(plan.units) == 8
