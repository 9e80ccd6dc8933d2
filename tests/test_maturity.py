"""Maturity measurement: plan sheets, template, intake, aggregation and the maturity workbook."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.commands import init_workspace, load, make_maturity_report, make_maturity_templates, run_ingest
from pipeline.ledger.store import Ledger
from pipeline.maturity.example import with_default_model
from pipeline.maturity.figures import build
from pipeline.maturity.fill import fill_maturity
from pipeline.maturity.run import responses
from pipeline.maturity.template import maturity_template_name
from pipeline.plan.example import example_plan
from pipeline.plan.read import read_plan
from pipeline.plan.workbook import write_plan
from tests.conftest import NOW, TODAY

FIRST, SECOND = "2026 T2", "2026 T3"  # the default occasions around TODAY (2026-11-22)
DIMS = ("kund", "agarskap", "kartlaggning", "matning", "forbattring", "styrning", "samverkan")
SHEET = "Mognadsmätning"


class Space:
    def __init__(self, root: Path):
        self.root = root
        init_workspace(root, TODAY)
        self.plan = load(root).plan
        make_maturity_templates(root, FIRST)
        make_maturity_templates(root, SECOND)

    def template(self, unit: str, occasion: str = SECOND) -> Path:
        occ = next(o for o in self.plan.maturity_occasions if o.id == occasion)
        return self.root / "templates" / maturity_template_name(self.plan.unit(unit), occ, "sv")

    def answer(self, name: str, unit: str = "E01", occasion: str = SECOND, respondent="Anna", level=3, **kw):
        scores = kw.pop("scores", {d: level for d in DIMS})
        notes = kw.pop("justifications", {d: "Så ser det ut hos oss" for d in DIMS})
        return fill_maturity(
            self.template(unit, occasion),
            self.root / "inbox" / name,
            respondent=respondent,
            scores=scores,
            justifications=notes,
            **kw,
        )

    def ingest(self, now: datetime = NOW):
        result, _ = run_ingest(self.root, now, settle_seconds=0)
        return {r.name: r for r in result.records}


@pytest.fixture
def space(tmp_path) -> Space:
    return Space(tmp_path / "ws")


# ---------------------------------------------------------------- plan


@pytest.mark.parametrize("language", ["sv", "en"])
def test_default_model_round_trips_through_the_plan_workbook(tmp_path, language):
    plan = with_default_model(example_plan(TODAY, language), TODAY, language)
    assert [d.id for d in plan.maturity_dimensions] == list(DIMS)
    assert all(len(d.levels) == 5 and d.justification_required for d in plan.maturity_dimensions)
    assert [o.id for o in plan.maturity_occasions] == [FIRST, SECOND]
    write_plan(plan, tmp_path / "plan.xlsx", language)
    assert read_plan(tmp_path / "plan.xlsx", "sv") == plan
    names = load_workbook(tmp_path / "plan.xlsx").sheetnames
    expected = ("Mognadsdimensioner", "Mognadstillfällen") if language == "sv" else ("Maturity dimensions",)
    assert set(expected) <= set(names)


def test_plan_problems_in_the_maturity_sheets_name_their_cells(tmp_path):
    write_plan(with_default_model(example_plan(TODAY), TODAY), tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    wb["Mognadsdimensioner"]["D3"] = None  # level 1 of the second dimension
    wb["Mognadstillfällen"]["C2"] = "E01, E99"  # an unknown unit
    wb.save(tmp_path / "plan.xlsx")
    with pytest.raises(Exception) as caught:
        read_plan(tmp_path / "plan.xlsx")
    cells = {(p.sheet, p.cell) for p in caught.value.problems}
    assert {("Mognadsdimensioner", "D3"), ("Mognadstillfällen", "C2")} <= cells


# ---------------------------------------------------------------- template


def test_template_has_the_names_a_dropdown_and_a_locked_unit(space):
    wb = load_workbook(space.template("E03"))
    names = set(wb.defined_names)
    assert {
        "pl_template_kind", "pl_template_version", "pl_programme_id", "pl_unit", "pl_occasion",
        "pl_respondent", "pl_dimension_ids", "pl_scores", "pl_justifications",
    } <= names  # fmt: skip
    ws = wb[SHEET]
    meta = wb["_meta"]
    assert meta.sheet_state == "hidden" and meta["B1"].value == "maturity"
    unit = ws[next(iter(wb.defined_names["pl_unit"].destinations))[1].replace("$", "")]
    assert unit.value == "E03" and unit.protection.locked and ws.protection.sheet
    assert ws["B6"].value == SECOND and ws["B6"].protection.locked  # pl_occasion
    assert next(iter(wb.defined_names["pl_scores"].destinations))[1] == "$G$10:$G$16"
    assert [ws.cell(r, 9).value for r in range(10, 17)] == list(DIMS)
    assert not ws["G10"].protection.locked and not ws["H10"].protection.locked
    (dropdown,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert str(dropdown.sqref) == "G10:G16" and dropdown.formula1 == '"1,2,3,4,5"'
    # the level descriptions are beside the answer cells
    assert ws["B10"].value.startswith("Kundernas behov") and ws["F10"].value.startswith("Kundens värde")


def test_only_participating_units_get_a_template(tmp_path):
    root = tmp_path / "ws"
    init_workspace(root, TODAY)
    wb = load_workbook(root / "plan.xlsx")
    wb["Mognadstillfällen"]["C3"] = "E01, E02"
    wb.save(root / "plan.xlsx")
    paths = make_maturity_templates(root, SECOND)
    assert [p.name for p in paths] == ["mognadsmatning_2026-T3_E01.xlsx", "mognadsmatning_2026-T3_E02.xlsx"]


# ---------------------------------------------------------------- intake


def test_intake_reports_each_problem_with_its_cell(space):
    space.answer(
        "faulty.xlsx",
        scores={**{d: 3 for d in DIMS}, "kund": None, "agarskap": 7, "kartlaggning": "tre", "matning": 2.5},
        justifications={d: "ok" for d in DIMS if d != "styrning"},
    )
    space.answer("nameless.xlsx", respondent="")
    records = space.ingest()
    assert records["faulty.xlsx"].outcome == "rejected"
    assert {(p.cell, p.code) for p in records["faulty.xlsx"].problems} == {
        (f"{SHEET}!G10", "score-missing"),
        (f"{SHEET}!G11", "score-out-of-range"),
        (f"{SHEET}!G12", "not-a-number"),
        (f"{SHEET}!G13", "score-out-of-range"),
        (f"{SHEET}!H15", "justification-missing"),
    }
    assert {(p.cell, p.code) for p in records["nameless.xlsx"].problems} == {
        (f"{SHEET}!B7", "respondent-missing")
    }
    assert (space.root / "rejected").glob("*faulty.xlsx.kvittens.xlsx")


def test_unknown_occasion_and_unit_not_participating(space):
    space.answer("old.xlsx", cells={"pl_occasion": "2025 T1"})
    wb = load_workbook(space.root / "plan.xlsx")
    wb["Mognadstillfällen"]["C3"] = "E01"
    wb.save(space.root / "plan.xlsx")
    space.answer("e02.xlsx", unit="E02")
    records = space.ingest()
    assert [(p.cell, p.code) for p in records["old.xlsx"].problems] == [(f"{SHEET}!B6", "unknown-occasion")]
    assert [(p.cell, p.code) for p in records["e02.xlsx"].problems] == [
        (f"{SHEET}!B5", "unit-not-participating")
    ]


def test_a_corrected_file_replaces_only_the_same_respondent_and_a_duplicate_changes_nothing(space):
    first = space.answer("anna.xlsx", respondent="Anna Berg", level=2)
    shutil.copyfile(first, space.root / "anna_copy.xlsx")
    space.answer("bo.xlsx", respondent="Bo", level=4)
    space.ingest()
    shutil.copyfile(space.root / "anna_copy.xlsx", space.root / "inbox" / "anna_again.xlsx")
    space.answer("anna_fixed.xlsx", respondent=" anna  berg ", level=3)
    records = space.ingest()
    assert records["anna_again.xlsx"].outcome == "duplicate"
    assert records["anna_fixed.xlsx"].outcome == "accepted"
    assert list(space.root.glob("archive/2026 T3/E01_*anna_fixed.xlsx"))
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        now = responses(ledger)
    assert dict(now.groupby("respondent")["score"].mean()) == {"anna berg": 3.0, "Bo": 4.0}
    assert len(now) == 2 * len(DIMS)


# ---------------------------------------------------------------- aggregation


def _scores(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["occasion", "unit", "respondent", "dimension", "score"]).assign(
        justification="", received_at="", file=""
    )


def test_mean_spread_average_change_and_focus():
    plan = with_default_model(example_plan(TODAY), TODAY)
    occasion = plan.maturity_occasions[1]
    rows = [(SECOND, "E01", r, "kund", s) for r, s in (("a", 2), ("b", 4), ("c", 5))]
    rows += [
        (SECOND, "E02", "d", "kund", 1),
        (SECOND, "E01", "a", "agarskap", 4),
        (SECOND, "E02", "d", "agarskap", 4),
    ]
    rows += [(FIRST, "E01", "a", "kund", 2), (FIRST, "E02", "d", "kund", 1)]
    fig = build(plan, _scores(rows), occasion)
    assert fig.level[("E01", "kund")] == pytest.approx(11 / 3)
    assert fig.spread[("E01", "kund")] == 3 and fig.spread[("E02", "kund")] == 0
    assert fig.respondents == {"E01": 3, "E02": 1}
    assert fig.average["kund"] == pytest.approx((11 / 3 + 1) / 2)  # each unit weighs the same
    assert fig.previous.id == FIRST
    assert fig.change("E01", "kund") == pytest.approx(11 / 3 - 2)
    assert fig.change("E01", "agarskap") is None  # not answered last time
    assert [(f.unit, f.dimension, f.low, f.high) for f in fig.findings] == [("E01", "kund", 2, 5)]
    assert [d.id for d in fig.focus] == ["kund", "agarskap"]


# ---------------------------------------------------------------- the maturity workbook


@pytest.fixture
def answered(space) -> Space:
    for unit, levels in (("E01", (2, 3)), ("E02", (4,)), ("E05", (1, 4))):
        for i, level in enumerate(levels):
            space.answer(f"{unit}_{i}_first.xlsx", unit=unit, occasion=FIRST, respondent=f"P{i}", level=level)
    space.ingest(datetime(2026, 8, 1, 12))
    for unit, levels in (("E01", (3, 4)), ("E02", (4,)), ("E05", (2, 5))):
        for i, level in enumerate(levels):
            space.answer(f"{unit}_{i}.xlsx", unit=unit, respondent=f"P{i}", level=level)
    space.ingest()
    return space


def test_the_workbook_is_written_on_ingest_with_heat_map_change_spread_and_radars(answered):
    path = answered.root / "outbox" / "mognadsmatning_2026-T3.xlsx"
    assert path.exists() and (answered.root / "outbox" / "mognadsmatning_2026-T2.xlsx").exists()
    wb = load_workbook(path)
    assert wb.sheetnames == ["Översikt", "Profiler", "Förändring", "Spridning", "Svar"]
    ws = wb["Översikt"]
    assert [ws.cell(5, c).value for c in range(1, 10)] == [
        "Enhet",
        *(d.name for d in answered.plan.maturity_dimensions),
        "Medel",
    ]
    assert ws["A6"].value.startswith("E01") and ws["B6"].value == 3.5 and ws["J6"].value == 2
    assert ws["B7"].value == 4 and ws["B10"].value == 3.5  # E02; E05 (2 and 5)
    assert ws["B8"].value is None and ws["J8"].value == 0  # E03 has not answered
    assert ws["A14"].value == "Förvaltningen" and ws["B14"].value == pytest.approx((3.5 + 4 + 3.5) / 3)
    assert ws["A15"].value == "Förvaltningen 2026 T2" and ws["B15"].value == pytest.approx(
        (2.5 + 4 + 2.5) / 3
    )
    change = wb["Förändring"]
    assert change["A5"].value.startswith("E01") and change["B5"].value == pytest.approx(1.0)
    assert change["B6"].value == 0 and change["B7"].value is None
    spread = wb["Spridning"]
    assert spread["B5"].value == 1 and spread["B9"].value == 3
    texts = [c.value for c in spread["A"] if isinstance(c.value, str)]
    assert any(t.startswith("E05 Mottagningen, Kund- och värdefokus: svaren spänner 2–5") for t in texts)
    assert wb["Svar"].max_row == 3 + 5 * len(DIMS)


def test_radar_charts_read_their_series_from_the_heat_map(answered):
    import zipfile

    path = answered.root / "outbox" / "mognadsmatning_2026-T3.xlsx"
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = [z.read(n).decode() for n in charts]
    assert len(charts) == 1 + 3  # the administration, then E01, E02, E05
    assert all("<c:radarChart>" in x for x in xml)
    assert "Översikt!$B$14:$H$14" in xml[0] and "Översikt!$B$15:$H$15" in xml[0]
    assert "Översikt!$B$5:$H$5" in xml[0]  # categories: the dimension names
    unit_refs = {n: x for n, x in zip(charts, xml, strict=True)}
    assert sum("Översikt!$B$6:$H$6" in x and "Översikt!$B$14:$H$14" in x for x in unit_refs.values()) == 1


def test_report_command_for_an_occasion(answered):
    path = make_maturity_report(answered.root, FIRST)
    ws = load_workbook(path)["Översikt"]
    assert ws["B6"].value == 2.5 and ws["A15"].value is None  # no earlier occasion than the first


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_maturity_workbook_renders_in_libreoffice(answered, tmp_path):
    path = answered.root / "outbox" / "mognadsmatning_2026-T3.xlsx"
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = out / "mognadsmatning_2026-T3.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Förvaltningen" in text and "Processkartläggning" in text


def test_an_accepted_maturity_receipt_names_the_occasion_respondent_and_scores(space):
    space.answer("anna.xlsx", respondent="Anna Berg", level=4)
    space.ingest()
    [receipt] = space.root.glob("archive/2026 T3/E01_*anna.xlsx.kvittens.xlsx")
    cells = {r[0]: r[1] for r in load_workbook(receipt).active.iter_rows(values_only=True) if r[0]}
    assert cells["Mättillfälle"] == SECOND and cells["Svarande"] == "Anna Berg"
    assert "Vecka" not in cells
    first = space.plan.maturity_dimensions[0]
    assert cells[first.name] == 4
