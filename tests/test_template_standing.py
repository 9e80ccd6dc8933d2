"""The standing block of a template for a week: the unit's own figures, read back with openpyxl."""

from __future__ import annotations

from openpyxl import load_workbook

from pipeline.commands import make_templates, run_ingest
from pipeline.template.fill import fill_template
from pipeline.template.standing import FIRST_ROW, LABEL_COL, VALUE_COL
from pipeline.template.write import template_name
from pipeline.weeks import IsoWeek
from tests.conftest import NOW

W47 = IsoWeek.parse("2026-W47")


def _block(path) -> dict[str, object]:
    ws = load_workbook(path)["Veckorapport"]
    out = {}
    for row in range(FIRST_ROW + 1, FIRST_ROW + 8):
        name = ws.cell(row + 1, LABEL_COL + 1).value
        if name:
            out[name] = ws.cell(row + 1, VALUE_COL + 1).value
    return out


def _template(space, unit: str, week: IsoWeek):
    return space.root / "templates" / template_name(space.plan.unit(unit), "sv", week)


def _target(space, unit: str, week: IsoWeek) -> float:
    from pipeline.report.planned import planned

    p = planned(space.plan, space.plan.main_measure)
    return p.targets[unit][p.offset(week)]


def test_the_block_shows_the_units_own_figures_before_the_week(space):
    main = space.plan.main_measure
    space.drop("e01_w45.xlsx", week="2026-W45", values={main: 2, "praktik": 1})
    space.drop("e01_w46.xlsx", week="2026-W46", values={main: 3, "praktik": 1})
    space.drop("e02_w46.xlsx", unit="E02", week="2026-W46", values={main: 7, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    make_templates(space.root, W47, NOW)

    block = _block(_template(space, "E01", W47))
    target = _target(space, "E01", W47)
    assert block["Utfall t.o.m. v. 2026-W46"] == 5  # 2 + 3, E02's 7 not in it
    assert block["Mål t.o.m. v. 2026-W47"] == target
    assert block["Behövs v. 2026-W47 för att vara i fas"] == max(0.0, target - 5)
    assert block["Lämnas"] == "senast måndag 23 november 12:00"
    assert block["Lägg filen i"] == "inbox/"
    assert 7 not in block.values()

    other = _block(_template(space, "E02", W47))
    assert other["Utfall t.o.m. v. 2026-W46"] == 7
    assert 5 not in other.values()

    unreported = _block(_template(space, "E03", W47))
    assert unreported["Utfall t.o.m. v. 2026-W46"] == "Inga siffror ännu"
    assert "Behövs v. 2026-W47 för att vara i fas" not in unreported


def test_a_template_without_week_says_there_are_no_figures(space):
    ws = load_workbook(space.template("E01"))["Veckorapport"]
    assert ws.cell(FIRST_ROW + 2, LABEL_COL + 1).value == "Inga siffror ännu"
    assert ws.protection.sheet
    assert ws.cell(FIRST_ROW + 2, LABEL_COL + 1).protection.locked


def test_a_template_for_the_week_round_trips(space):
    make_templates(space.root, W47, NOW)
    main = space.plan.main_measure
    out = space.root / "inbox" / "e01_w47.xlsx"
    fill_template(_template(space, "E01", W47), out, week="2026-W47", values={main: 4, "praktik": 1})
    result, _ = run_ingest(space.root, NOW.replace(day=29), settle_seconds=0)
    assert [(r.outcome, r.unit, r.week) for r in result.records] == [("accepted", "E01", "2026-W47")]
    assert space.files("archive")  # the original is kept, not rejected


def test_a_held_figure_is_named_in_its_own_units_template_only(space):
    main = space.plan.main_measure
    space.drop("e01_w45.xlsx", week="2026-W45", values={main: 2, "praktik": 1})
    space.drop("e01_w46.xlsx", week="2026-W46", values={main: 1234, "praktik": 1})  # implausible: held
    space.drop("e02_w46.xlsx", unit="E02", week="2026-W46", values={main: 7, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    make_templates(space.root, W47, NOW)

    block = _block(_template(space, "E01", W47))
    target = _target(space, "E01", W47)
    assert block["Utfall t.o.m. v. 2026-W46"] == 2  # 1234 is not counted
    assert block["Behövs v. 2026-W47 för att vara i fas"] == max(0.0, target - 2)
    assert block["Väntar på kontroll"] == "2026-W46: 1234 (räknas inte ännu)"
    assert "Väntar på kontroll" not in _block(_template(space, "E02", W47))


def test_the_first_week_of_the_period_has_no_figures_yet(space):
    first = space.plan.first_week
    make_templates(space.root, first, NOW)
    block = _block(_template(space, "E01", first))
    assert block[f"Utfall t.o.m. v. {first - 1}"] == "Inga siffror ännu"
    assert block[f"Mål t.o.m. v. {first}"] == _target(space, "E01", first)


def test_per_unit_folders_name_the_units_own_folder(space):
    toml = space.root / "pipeline.toml"
    toml.write_text(toml.read_text().replace("per_unit_folders = false", "per_unit_folders = true"))
    make_templates(space.root, W47, NOW)
    assert _block(_template(space, "E01", W47))["Lägg filen i"] == "inbox/E01/"
