"""The unit template: defined names, locked unit, unlocked inputs, dropdowns and the hidden sheet."""

from openpyxl import load_workbook

from pipeline.template.names import NAMES, TEMPLATE_VERSION


def _cell(wb, name):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "").split(":")[0]]


def test_every_contract_name_is_defined(space):
    wb = load_workbook(space.template("E03"))
    assert set(NAMES) <= set(wb.defined_names)
    assert _cell(wb, "pl_unit").value == "E03"
    assert _cell(wb, "pl_template_version").value == TEMPLATE_VERSION
    assert _cell(wb, "pl_programme_id").value == "EGEN-180"


def test_unit_is_locked_inputs_unlocked_sheet_protected(space):
    wb = load_workbook(space.template())
    ws = wb["Veckorapport"]
    assert ws.protection.sheet
    assert _cell(wb, "pl_unit").protection.locked
    assert not _cell(wb, "pl_week").protection.locked
    assert not _cell(wb, "pl_values").protection.locked
    assert not _cell(wb, "pl_comment").protection.locked


def test_hidden_sheet_and_dropdowns(space):
    wb = load_workbook(space.template())
    assert wb["_meta"].sheet_state == "hidden"
    validations = wb["Veckorapport"].data_validations.dataValidation
    kinds = {(dv.type, str(dv.sqref)) for dv in validations}
    week_ref = _cell(wb, "pl_week").coordinate
    assert ("list", week_ref) in kinds
    assert any(kind == "whole" for kind, _ in kinds)
    weeks = [c.value for c in wb["_meta"]["D"][1:] if c.value]
    assert weeks[0] == "2026-W41" and weeks[-1] == "2027-W13" and "2026-W53" in weeks


def test_planned_actions_are_prefilled(space):
    wb = load_workbook(space.template())
    first = _cell(wb, "pl_actions")
    assert first.value == "Arbetsgivarträffar varje vecka"


def test_english_templates(tmp_path):
    from datetime import date

    from pipeline.commands import init_workspace, make_templates

    init_workspace(tmp_path / "en", date(2026, 11, 22), "en")
    paths = make_templates(tmp_path / "en")
    assert paths[0].name == "weekly-report_E01.xlsx"
    wb = load_workbook(paths[0])
    assert "Weekly report" in wb.sheetnames


def test_templates_for_a_given_week_are_prefilled(space):
    from pipeline.commands import make_templates
    from pipeline.weeks import IsoWeek

    paths = make_templates(space.root, IsoWeek.parse("2026-W46"))
    assert paths[0].name == "veckorapport_E01_2026-W46.xlsx"
    assert _cell(load_workbook(paths[0]), "pl_week").value == "2026-W46"
