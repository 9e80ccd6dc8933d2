"""A plan that cannot be right is refused with its cell named (issue 13): goals, shares, milestones.

Each case edits the example plan as an administrator would, in openpyxl, and checks the
problem's sheet, cell and code (the wording may improve freely).
"""

from datetime import date

import pytest
from openpyxl import load_workbook

from pipeline.errors import PlanError
from pipeline.plan.example import example_plan
from pipeline.plan.read import read_plan
from pipeline.plan.workbook import write_plan


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan(example_plan(date(2026, 11, 22)), path)
    return path


def problems(path) -> dict[tuple[str, str], tuple[str, str]]:
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    return {(p.sheet, p.cell): (p.code, p.message) for p in caught.value.problems}


def codes(path) -> set[tuple[str, str, str]]:
    return {(sheet, cell, code) for (sheet, cell), (code, _) in problems(path).items()}


def test_a_unit_without_a_goal_for_the_main_measure_is_an_error_at_its_row(plan_file):
    wb = load_workbook(plan_file)
    wb["Enheter"].append(["E09", "Nya enheten", "Arbetsmarknad"])  # row 10, no row in Mål
    wb.save(plan_file)
    found = problems(plan_file)
    assert found[("Enheter", "A10")][0] == "unit-without-goal"
    assert "E09" in found[("Enheter", "A10")][1] and "egen" in found[("Enheter", "A10")][1]


def test_a_goal_set_twice_is_named_at_each_row_that_sets_it_again(plan_file):
    wb = load_workbook(plan_file)
    goals = wb["Mål"]
    goals.insert_rows(2)  # the department's goal first, then the units' own rows A3, A5, A7, A9
    goals["A2"], goals["B2"], goals["C2"] = "Arbetsmarknad", "egen", 100
    wb.save(plan_file)
    found = problems(plan_file)
    twice = sorted(cell for (sheet, cell), (code, _) in found.items() if code == "goal-twice")
    assert twice == ["A3", "A5", "A7", "A9"]
    assert "Mål!A2" in found[("Mål", "A3")][1]  # and it says where the other one is


def test_shares_over_one_are_an_error_that_names_their_cells(plan_file):
    wb = load_workbook(plan_file)
    wb["Mått"].append(["nya", "Nya insatser", "flöde", "högre är bättre"])
    wb["Enheter"]["D2"], wb["Enheter"]["D3"] = 0.7, 0.6  # E01 and E02 of Arbetsmarknad
    wb["Mål"].append(["Arbetsmarknad", "nya", 50])  # row 18: split by the shares
    wb.save(plan_file)
    found = problems(plan_file)
    code, message = found[("Mål", "A18")]
    assert code == "shares-over-one"
    assert "Enheter!D2" in message and "Enheter!D3" in message and "1,3" in message


def test_shares_that_fit_still_split_the_goal(plan_file):
    wb = load_workbook(plan_file)
    wb["Mått"].append(["nya", "Nya insatser", "flöde", "högre är bättre"])
    wb["Enheter"]["D2"], wb["Enheter"]["D3"] = 0.5, 0.3
    wb["Mål"].append(["Arbetsmarknad", "nya", 50])
    wb.save(plan_file)
    goals = {g.unit: g.goal for g in read_plan(plan_file).goals if g.measure == "nya"}
    assert goals == {"E01": 25, "E02": 15, "E03": 5, "E04": 5}


def test_milestones_past_the_goal_or_behind_an_earlier_one_are_errors(plan_file):
    wb = load_workbook(plan_file)
    milestones = wb["Delmål"]
    milestones.append(["E01", "egen", "2026-W50", 45])  # D2: E01's goal is 30
    milestones.append(["E02", "egen", "2026-W50", 10])  # D3: behind W48's 20 (listed after it)
    milestones.append(["E02", "egen", "2026-W48", 20])  # D4
    milestones.append(["E03", "egen", "2026-W50", 10])  # D5: fine
    wb.save(plan_file)
    found = codes(plan_file)
    assert ("Delmål", "D2", "milestone-past-goal") in found
    assert ("Delmål", "D3", "milestone-goes-back") in found
    assert not {cell for sheet, cell, _ in found if cell in ("D4", "D5")}


def test_a_level_measure_milestone_must_lie_between_its_baseline_and_goal(plan_file):
    wb = load_workbook(plan_file)
    wb["Mått"].append(["vantan", "Väntetid (dagar)", "nivå", "lägre är bättre"])
    wb["Mål"].append(["E01", "vantan", 10, 50])  # from 50 days down to 10
    milestones = wb["Delmål"]
    milestones.append(["E01", "vantan", "2026-W46", 40])  # D2: fine
    milestones.append(["E01", "vantan", "2026-W48", 45])  # D3: back up, behind W46's 40
    milestones.append(["E01", "vantan", "2026-W50", 5])  # D4: below the goal of 10
    wb.save(plan_file)
    found = codes(plan_file)
    assert ("Delmål", "D3", "milestone-goes-back") in found
    assert ("Delmål", "D4", "milestone-past-goal") in found
    assert not any(cell == "D2" for _, cell, _ in found)


def test_a_renamed_sheet_is_named_as_the_file_has_it(plan_file):
    wb = load_workbook(plan_file)
    wb["Mål"].title = "Goals"  # the English name, which the reader accepts too
    wb["Goals"]["C2"] = "många"
    wb.save(plan_file)
    assert ("Goals", "C2", "not-a-number") in codes(plan_file)


def test_a_date_typed_in_a_week_cell_is_read_as_its_iso_week(plan_file):
    from datetime import datetime

    wb = load_workbook(plan_file)
    program = wb["Program"]
    row = next(r for r in range(1, program.max_row + 1) if program.cell(r, 1).value == "Första vecka")
    program.cell(row, 2).value = datetime(2026, 10, 7)  # what Excel makes of "2026-10-07", a Wednesday
    wb.save(plan_file)
    assert str(read_plan(plan_file).first_week) == "2026-W41"  # the week it lies in (the example's first)


def test_a_milestone_outside_the_period_says_what_the_period_is(plan_file):
    wb = load_workbook(plan_file)
    wb["Delmål"].append(["E01", "egen", "2027-W30", 10])
    wb.save(plan_file)
    code, message = problems(plan_file)[("Delmål", "C2")]
    assert code == "outside-period" and "2026-W41" in message and "2027-W13" in message


def test_an_id_that_differs_only_in_case_asks_did_you_mean(plan_file):
    wb = load_workbook(plan_file)
    wb["Mål"]["A2"] = "e01 "  # E01 typed in lower case with a trailing space
    wb["Mål"]["C3"] = "20 st"
    wb.save(plan_file)
    found = problems(plan_file)
    assert found[("Mål", "A2")][0] == "unknown-unit" and "Menade du E01?" in found[("Mål", "A2")][1]
    assert found[("Mål", "C3")][0] == "not-a-number" and "Skriv bara siffror" in found[("Mål", "C3")][1]
