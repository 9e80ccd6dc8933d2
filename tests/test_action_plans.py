"""The action plans sheet: every group's actions, the counts per department, who waits for whom."""

import pytest
from openpyxl import load_workbook

from pipeline.commands import run_ingest
from pipeline.report.actions import action_plans
from pipeline.report.agenda import Streaks
from pipeline.weeks import IsoWeek
from tests.conftest import NOW

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

W45, W46 = "2026-W45", "2026-W46"
SHEET = "Handlingsplaner"
E07_BLOCKER = "Försörjningsstöd och e05 har inte svarat, inte heller Försörjningsstöd Öst"


@pytest.fixture
def planned(space):
    """Units report W45 and W46 with actions in every state, and blockers that name other groups.

    Arbetsmarknad: E01 E02 E03 E04; Försörjningsstöd: E05 E06 E07 E08 (the example plan).
    """
    blocked = {"acted": "Nej", "status": "Blockerad"}
    weeks = {
        W45: {
            "E01": [{"acted": "Ja", "status": "Klar", "result": "12 träffar"}],
            "E03": [{**blocked, "blocker": "Väntar på Mottagningen"}],
            "E05": [{"acted": "Ja", "status": "Pågår"}],
        },
        W46: {
            "E02": [
                {"acted": "Ja", "status": "Pågår", "due": "2026-W44"},
                {"acted": "Ja", "status": "Pågår"},
            ],
            # the same action blocked a second week; the name with a Swedish ending
            "E03": [{**blocked, "blocker": "Väntar fortfarande på Mottagningens besked"}],
            "E05": [{"acted": "Nej", "status": "Pågår", "blocker": "Beslut från arbetsmarknad saknas"}],
            # its own department is no dependency; the unit named by its id is; the longer name wins
            "E07": [{**blocked, "blocker": E07_BLOCKER}],
            "E08": [{"acted": "Ja", "status": "Ej påbörjad"}],
        },
    }
    for week, units in weeks.items():
        for unit, actions in units.items():
            space.drop(f"{unit}_{week}.xlsx", unit=unit, week=week, actions=actions)
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert result.count("accepted") == 8, [(r.name, r.outcome, r.problems) for r in result.records]
    return space, report


def _tables(ws) -> dict[str, list[tuple]]:
    """The sheet's three tables by their title line: the header row first, then the body rows."""
    tables, current = {}, None
    for row in ws.iter_rows(min_row=3, values_only=True):
        first = row[0]
        if first in ("Per avdelning", "Alla åtgärder") or str(first).startswith("Beroenden mellan grupper"):
            current = tables.setdefault(str(first).split(":")[0], [])
        elif current is not None and any(v is not None for v in row):
            current.append(row)
    return tables


def test_the_counts_per_department_add_up_and_say_who_acted(planned):
    _, report = planned
    ws = load_workbook(report)[SHEET]
    assert ws["A1"].value == "Handlingsplaner vecka 2026-W46: varje grupps åtgärder och hur de går"
    table = _tables(ws)["Per avdelning"]
    header = table[0][:8]
    assert header == (
        "Avdelning",
        "Åtgärder",
        "Klar",
        "Enligt plan",
        "Blockerad",
        "Försenad",
        "Enheter som agerat",
        "Andel som agerat",
    )
    rows = {r[0]: r[1:8] for r in table[1:]}
    # each unit's template holds two planned actions; the file fills in the first (E02 both)
    # Arbetsmarknad: E01 (W45: done + 1 on track), E02 (overdue + on track), E03 (blocked + on track)
    assert rows["Arbetsmarknad"] == (6, 1, 3, 1, 1, 1, 0.25)  # only E02 acted in W46
    # Försörjningsstöd: E05 (blocked by its blocker + 1), E07 (blocked + 1), E08 (2 on track, acted)
    assert rows["Försörjningsstöd"] == (6, 0, 4, 2, 0, 1, 0.25)  # only E08 acted
    assert rows["Totalt"] == (12, 1, 7, 3, 1, 2, 0.25)


def test_every_action_is_listed_by_department_and_unit_with_its_state(planned):
    _, report = planned
    ws = load_workbook(report)[SHEET]
    table = _tables(ws)["Alla åtgärder"]
    assert table[0] == (
        "Avdelning",
        "Enhet",
        "Åtgärd",
        "Ansvarig",
        "Klar senast",
        "Läge",
        "Agerat denna vecka",
        "Senaste resultat",
        "Hinder",
    )
    body = table[1:]
    order = ["Jobbcenter Nord", "Jobbcenter Syd", "Ungdomsteamet", "Mottagningen", "Försörjningsstöd Väst"]
    order.append("Stöd och matchning")  # department order, then the plan's unit order
    assert [r[1] for r in body] == [unit for unit in order for _ in range(2)]
    e01 = [r for r in body if r[1] == "Jobbcenter Nord"]
    # E01 did not report W46: its W45 plan is shown, and it counts as not acted
    assert e01[0][5:8] == ("Klar", "Ingen rapport (plan v. 45)", "12 träffar")
    e02 = [r for r in body if r[1] == "Jobbcenter Syd"]
    assert (e02[0][4], e02[0][5], e02[0][6]) == ("2026-W44", "Försenad", "Ja")
    e05 = [r for r in body if r[1] == "Mottagningen"][0]
    assert e05[5] == "Blockerad" and e05[8] == "Beslut från arbetsmarknad saknas"
    # the header of this table is printed on every page, the sheet one page wide
    header_row = next(c.row for c in ws["A"] if c.value == "Avdelning" and ws.cell(c.row, 2).value == "Enhet")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0


def test_blockers_that_name_another_group_are_dependencies_with_their_weeks(planned):
    _, report = planned
    ws = load_workbook(report)[SHEET]
    table = _tables(ws)["Beroenden mellan grupper"]
    assert table[0][:6] == (
        "Avdelning",
        "Enhet som väntar",
        "Hinder",
        "Väntar på",
        "Veckor i rad",
        "Dess avdelning",
    )
    deps = [r[:6] for r in table[1:]]
    assert deps == [
        # stuck two weeks in a row: the longest wait first
        (
            "Arbetsmarknad",
            "Ungdomsteamet",
            "Väntar fortfarande på Mottagningens besked",
            "Mottagningen",
            2,
            "Försörjningsstöd",
        ),
        (
            "Försörjningsstöd",
            "Mottagningen",
            "Beslut från arbetsmarknad saknas",
            "Arbetsmarknad",
            1,
            "Arbetsmarknad",
        ),
        ("Försörjningsstöd", "Försörjningsstöd Väst", E07_BLOCKER, "Mottagningen", 1, "Försörjningsstöd"),
        (
            "Försörjningsstöd",
            "Försörjningsstöd Väst",
            E07_BLOCKER,
            "Försörjningsstöd Öst",
            1,
            "Försörjningsstöd",
        ),
    ]


def test_a_week_without_blockers_says_so(space):
    space.drop("E01_W46.xlsx", unit="E01", week=W46, actions=[{"acted": "Ja", "status": "Pågår"}])
    _, report = run_ingest(space.root, NOW, settle_seconds=0)
    ws = load_workbook(report)[SHEET]
    texts = [c.value for c in ws["A"] if c.value]
    assert "Inget hinder nämner en annan enhet eller avdelning." in texts


def test_a_name_inside_another_word_is_no_dependency(space):
    plan = space.plan
    week = IsoWeek.parse(W46)
    latest = [("E01", W46, "Träffar", "TL", None, 0, "blocked", "", "Mottagningens- och Stödordningen")]
    latest += [
        ("E02", W46, "Träffar", "TL", None, 0, "blocked", "", "Väntar på E0501 och Jobbcenter Nordost")
    ]
    plans = action_plans(plan, latest, week, Streaks([], week))
    assert [(d.unit_id, d.on) for d in plans.dependencies] == [("E01", "Mottagningen")]


def test_the_weeks_waited_count_only_the_weeks_the_blocker_named_that_group(space):
    plan, week = space.plan, IsoWeek.parse(W46)
    stuck = [
        ("E01", "2026-W43", "träffar", "Väntar på Mottagningen"),  # a gap in W44: the wait starts again
        ("E01", "2026-W44", "träffar", "Sjukdom"),  # stuck, but waiting for nobody
        ("E01", "2026-W45", "träffar", "Väntar på E05"),
        ("E01", "2026-W46", "träffar", "Väntar på Mottagningen och Försörjningsstöd"),
    ]
    latest = [("E01", W46, "Träffar", "TL", None, 0, "blocked", "", stuck[-1][3])]
    plans = action_plans(plan, latest, week, Streaks(stuck, week))
    assert [(d.on, d.weeks) for d in plans.dependencies] == [("Mottagningen", 2), ("Försörjningsstöd", 1)]
