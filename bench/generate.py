"""Generates benchmark workspaces and unit files of any size (used by ``bench/run.py``).

Files go through the real template: for each unit, ONE file is filled with
``pipeline.template.fill.fill_template`` (openpyxl, the way Excel or another tool fills it
through the defined names). Every other week's file for that unit is derived
from that filled file by editing the worksheet XML inside the zip with the
standard library: the week cell gets the new week as an inline string, and each
value cell gets the week's number. Everything else (styles, protection,
validation, defined names, the hidden sheet) is byte-for-byte what openpyxl saved.
``derive`` is about 30 times cheaper than ``fill_template``, which makes
tens of thousands of files practical. ``run.py`` checks that a sample of
derived files is accepted by the real ingest with the figures that were written.
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.commands import init_workspace, make_templates
from pipeline.intake.read import defined_names
from pipeline.plan.example import calendar_weight
from pipeline.plan.model import FLOW, HIGHER, Goal, LastYear, Measure, Plan, PlannedAction, Unit
from pipeline.plan.workbook import write_plan
from pipeline.template.fill import fill_template
from pipeline.template.write import template_name
from pipeline.weeks import IsoWeek

# A fixed 52-week period (2025 has 52 ISO weeks), so every run is comparable.
FIRST_WEEK = IsoWeek(2025, 1)
PERIOD_WEEKS = 52
UNITS_PER_GROUP = 20
LANGUAGE = "sv"


def week(index: int) -> IsoWeek:
    """The ``index``-th week of the period (0-based)."""
    return FIRST_WEEK + index


def friday(w: IsoWeek) -> datetime:
    """Friday 15:00 of ``w``: the time an ingest pass for that week runs."""
    return datetime.combine(w.day(5), time(15, 0))


def unit_id(i: int) -> str:
    return f"U{i + 1:04d}"


def bench_plan(units: int, measures: int = 10, seed: int = 7) -> Plan:
    """A programme of ``units`` units in departments of 20, ``measures`` flow measures, 52 weeks."""
    rng = random.Random(seed)
    weeks = [week(i) for i in range(PERIOD_WEEKS)]
    unit_rows = tuple(
        Unit(unit_id(i), f"Enhet {i + 1:04d}", f"Avdelning {i // UNITS_PER_GROUP + 1:02d}")
        for i in range(units)
    )
    measure_rows = tuple(
        Measure("egen" if m == 0 else f"m{m + 1:02d}", "Till egenförsörjning" if m == 0 else f"Mått {m + 1}")
        for m in range(measures)
    )
    for m in measure_rows:
        assert m.kind == FLOW and m.direction == HIGHER
    goals = tuple(Goal(u.id, m.id, float(rng.randint(20, 80))) for u in unit_rows for m in measure_rows)
    weights = {w: calendar_weight(w)[0] for w in weeks}
    main = measure_rows[0].id
    last_year = tuple(
        LastYear(u.id, main, IsoWeek(w.year - 1, w.week), float(rng.randint(0, 2)))
        for u in unit_rows
        for w in weeks
    )
    actions = tuple(
        PlannedAction(u.id, text, owner, weeks[10 + 12 * k])
        for u in unit_rows
        for k, (text, owner) in enumerate(
            [
                ("Arbetsgivarträffar varje vecka", "Teamledare"),
                ("Matchningssamtal med nyinskrivna", "Handläggare"),
            ]
        )
    )
    return Plan(
        programme_id="BENCH-52",
        name=f"Benchmark, {units} enheter",
        goal_text="Fler i egenförsörjning",
        main_measure=main,
        first_week=weeks[0],
        last_week=weeks[-1],
        units=unit_rows,
        measures=measure_rows,
        goals=goals,
        weights=weights,
        last_year=last_year,
        actions=actions,
    )


def make_workspace(root: Path, units: int, measures: int = 10) -> Plan:
    """A fresh workspace (``init_workspace``) with a plan of ``units`` units and its templates."""
    if root.exists():
        shutil.rmtree(root)
    init_workspace(root, FIRST_WEEK.monday(), LANGUAGE)
    plan = bench_plan(units, measures)
    write_plan(plan, root / "plan.xlsx", LANGUAGE)
    make_templates(root)
    return plan


@dataclass
class UnitBase:
    """One unit's filled file (bytes of every zip member) and where its cells are."""

    members: list[tuple[zipfile.ZipInfo, bytes]]
    sheet_member: str
    week_ref: str
    value_refs: dict[str, str]  # measure id -> cell ref on the sheet


def _sheet_member(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member that holds worksheet ``sheet``."""
    wb = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(escape(sheet))}"[^>]*r:id="([^"]+)"', wb)
    if rid is None:  # attribute order differs between writers
        rid = re.search(rf'<sheet [^>]*r:id="([^"]+)"[^>]*name="{re.escape(escape(sheet))}"', wb)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else "xl/" + path


def fill_base(template: Path, out: Path, plan: Plan, rng: random.Random) -> UnitBase:
    """Fills ``template`` once with ``fill_template`` and remembers what ``derive`` needs."""
    values = {m.id: rng.randint(0, 3) for m in plan.measures}
    fill_template(
        template,
        out,
        week=str(plan.first_week),
        values=values,
        actions=[
            {"acted": "Ja", "status": "Pågår", "result": "Två nya praktikplatser"},
            {"acted": "Nej", "status": "Blockerad", "blocker": "Väntar på beslut om lönebidrag"},
            {
                "action": "Uppsökande på arbetsförmedlingen",
                "owner": "Chef",
                "acted": "Ja",
                "status": "Klar",
                "result": "Fem besök",
            },
        ],
        comment="Allt enligt plan.",
    )
    with zipfile.ZipFile(out) as archive:
        names = defined_names(archive)
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
        member = _sheet_member(archive, names["pl_week"].sheet)
    week_name = names["pl_week"]
    ids, vals = names["pl_measure_ids"], names["pl_values"]
    sheet_xml = dict((i.filename, b) for i, b in members)[member].decode()
    value_refs = {}
    for r in range(ids.first_row, ids.last_row + 1):
        id_ref = _ref(r, ids.first_col)
        m = re.search(rf'<c r="{id_ref}"[^>]*><is><t>([^<]*)</t></is></c>', sheet_xml)
        if m is None:
            m = re.search(rf'<c r="{id_ref}"[^>]*><v>([^<]*)</v></c>', sheet_xml)
        value_refs[m.group(1)] = _ref(r, vals.first_col)
    return UnitBase(members, member, _ref(week_name.first_row, week_name.first_col), value_refs)


def _ref(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def _set_cell(xml: str, ref: str, inner: str, cell_type: str) -> str:
    """Replaces cell ``ref`` (keeping its style) with ``inner`` of type ``cell_type``."""
    pattern = re.compile(rf'<c r="{ref}"((?: [a-z]+="[^"]*")*?)\s*(?:/>|>.*?</c>)', re.S)
    match = pattern.search(xml)
    if match is None:
        raise ValueError(f"cell {ref} not found in the sheet XML")
    style = re.search(r' s="\d+"', match.group(1))
    cell = f'<c r="{ref}"{style.group(0) if style else ""} t="{cell_type}">{inner}</c>'
    return xml[: match.start()] + cell + xml[match.end() :]


def derive(base: UnitBase, out: Path, w: IsoWeek, values: dict[str, int]) -> Path:
    """Writes ``base`` as the file for week ``w`` with ``values``, changing only those cells."""
    members = dict((i.filename, b) for i, b in base.members)
    xml = members[base.sheet_member].decode()
    xml = _set_cell(xml, base.week_ref, f"<is><t>{w}</t></is>", "inlineStr")
    for measure, value in values.items():
        xml = _set_cell(xml, base.value_refs[measure], f"<v>{value}</v>", "n")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in base.members:
            if info.filename == base.sheet_member:
                data = xml.encode()
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out


class FileMaker:
    """Makes unit files for any week: one ``fill_template`` per unit, then ``derive``."""

    def __init__(self, root: Path, plan: Plan, seed: int = 47):
        self.root = root
        self.plan = plan
        self.rng = random.Random(seed)
        self.bases: dict[str, UnitBase] = {}
        self.scratch = root.parent / (root.name + "-bases")
        self.scratch.mkdir(parents=True, exist_ok=True)

    def base(self, unit: Unit) -> UnitBase:
        if unit.id not in self.bases:
            template = self.root / "templates" / template_name(unit, LANGUAGE)
            self.bases[unit.id] = fill_base(template, self.scratch / f"{unit.id}.xlsx", self.plan, self.rng)
        return self.bases[unit.id]

    def values(self) -> dict[str, int]:
        return {m.id: self.rng.choice((0, 0, 1, 1, 1, 2, 2, 3)) for m in self.plan.measures}

    def write(
        self, unit: Unit, w: IsoWeek, folder: Path, suffix: str = "", prefix: str = ""
    ) -> tuple[Path, dict[str, int]]:
        """Writes ``<prefix><unit>_<week><suffix>.xlsx`` into ``folder``; returns it and its values."""
        values = self.values()
        out = folder / f"{prefix}{unit.id}_{w}{suffix}.xlsx"
        return derive(self.base(unit), out, w, values), values


def week_date(w: IsoWeek) -> date:
    return w.day(5)
