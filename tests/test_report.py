"""The leadership workbook: numbers a user would check, formats, chart, names, safety, determinism."""

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.commands import make_report, run_ingest
from pipeline.plan.backplan import targets
from pipeline.weeks import IsoWeek
from tests.conftest import NOW

# openpyxl drops the sparkline and data-bar extensions when reading; the tests look at them in the XML
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

W45, W46 = "2026-W45", "2026-W46"
EVIL = ['=HYPERLINK("http://example.com","klicka")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)"]


@pytest.fixture
def reported(space):
    """E01, E02 and E05 report W45 and W46 (E05 blocked twice, E01 overdue); E03, E04, E06, E07 miss W46."""
    for week, values in (
        (W45, {"E01": 4, "E02": 2, "E03": 1, "E05": 1}),
        (W46, {"E01": 5, "E02": 1, "E05": 0}),
    ):
        for unit, egen in values.items():
            actions = [{"acted": "Ja", "status": "Pågår", "result": "ok"}]
            if unit == "E01" and week == W46:  # due two weeks ago and not done: overdue
                actions = [{"acted": "Ja", "status": "Pågår", "result": "ok", "due": "2026-W44"}]
            if unit == "E05":
                actions = [{"acted": "Nej", "status": "Blockerad", "blocker": "Ingen handledare"}]
            space.drop(
                f"{unit}_{week}.xlsx",
                unit=unit,
                week=week,
                values={"egen": egen, "praktik": 1},
                actions=actions,
            )
    evil = space.drop(
        "evil.xlsx",
        unit="E08",
        week=W46,
        values={"egen": 0, "praktik": 0},
        actions=[
            {"acted": "Nej", "status": "Blockerad", "blocker": EVIL[1], "action": EVIL[2], "owner": EVIL[0]}
        ],
    )
    _typed_as_text(evil)
    result, report = run_ingest(space.root, NOW, settle_seconds=0)
    assert result.count("accepted") == 8, [(r.name, r.outcome, r.problems) for r in result.records]
    return space, report


def _typed_as_text(path: Path) -> None:
    """Stores text that starts with "=" as text, as Excel does for '=HYPERLINK(...) typed by a user."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for cell in (c for row in ws.iter_rows() for c in row):
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    wb.save(path)


def target(space, unit: str | None, week: str) -> float:
    table = targets(space.plan)
    rows = table[(table["measure"] == "egen") & (table["week"] == IsoWeek.parse(week))]
    return float(rows[rows["unit"] == unit]["target"].sum() if unit else rows["target"].sum())


def named(wb, name):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")].value


def test_key_figures_match_a_hand_calculation(reported):
    space, report = reported
    assert report.name == "lagesrapport_2026-W46.xlsx"
    wb = load_workbook(report)
    actual = (4 + 2 + 1 + 1) + (5 + 1 + 0 + 0)  # W45 + W46, every unit
    plan_to_date = target(space, None, W46)
    assert named(wb, "kf_actual") == actual
    assert named(wb, "kf_plan") == plan_to_date
    assert named(wb, "kf_gap") == actual - plan_to_date
    assert named(wb, "kf_needed") == max(0, target(space, None, "2026-W47") - actual)
    assert named(wb, "kf_goal") == 180
    headline = wb["Översikt"]["A4"].value
    assert f"{plan_to_date - actual:g} efter plan" in headline


def test_units_sheet_rows_subtotals_and_status(reported):
    space, report = reported
    ws = load_workbook(report)["Enheter"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]}
    e01 = rows["E01"]
    assert e01[3:6] == (5, 9, target(space, "E01", W46))
    assert e01[12] == "Ja"
    assert e01[13] == "Sent"  # received Sunday of W47, after the Monday 12:00 deadline
    assert rows["E04"][13] == "Saknas" and rows["E04"][3] is None
    # E01's pace: (4 + 5) / 2 = 4.5 a week; 18.5 weighted weeks remain after W46:
    # forecast 9 + 4.5 x 18.5 = 92.25; goal 30 needs 21 more: W47..W51 bring 22.5 -> 2026-W51
    assert e01[9] == 9 + 4.5 * 18.5 and e01[10] == "2026-W51"
    assert rows["E04"][9] is None and rows["E04"][10] is None  # no data, no forecast
    labels = [r[0] for r in ws.iter_rows(min_row=4, values_only=True)]
    tables = [label for label in labels if label]
    assert "Summa Arbetsmarknad" in tables and tables[-2] == "Totalt"
    # under the table: the total's "needed" nets units ahead against units behind; the rows' sum is given
    needed = sum(rows[u][8] for u in rows)
    assert tables[-1].startswith("Behövs denna vecka för en avdelning och totalt räknas på summorna")
    assert tables[-1].endswith(f"Summan av enheternas rader är {needed:g}.")
    assert {rows[u][11] for u in rows} <= {"Före plan", "I fas", "Efter plan"}
    assert ws.freeze_panes == "D4"
    assert ws["G4"].number_format == "+#,##0;−#,##0;0"


def test_agenda_lists_escalations_then_blocked_then_overdue_actions(reported):
    _, report = reported
    ws = load_workbook(report)["Hinder och åtgärder"]
    assert ws["A1"].value.startswith("Hinder och åtgärder vecka 2026-W46")
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    header = [c.value for c in ws[3]]
    col = {name: header.index(name) for name in ("Varför", "Enhet", "Klar senast", "Hinder", "Veckor i rad")}
    agenda = [(r[col["Varför"]], r[col["Enhet"]]) for r in rows]
    assert agenda == [
        ("Eskalering", "Mottagningen"),  # blocked in W45 and W46
        ("Blockerad", "Stöd och matchning"),  # blocked in W46 only
        ("Försenad", "Jobbcenter Nord"),  # due 2026-W44, still in progress in W46
    ]
    assert rows[0][col["Hinder"]] == "Ingen handledare" and rows[0][col["Veckor i rad"]] == 2
    assert rows[2][col["Klar senast"]] == "2026-W44"
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"


def test_missing_and_data_sheets(reported):
    space, report = reported
    wb = load_workbook(report)
    missing = [r[0] for r in wb["Saknade rapporter"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert missing == ["E03", "E04", "E06", "E07"]
    data = wb["Veckans siffror"]
    assert list(data.tables) == ["Veckodata"]
    first = next(data.iter_rows(min_row=4, max_row=4))
    assert first[1].is_date and isinstance(first[7].value, int | float)


def test_text_from_unit_files_is_never_a_formula(reported):
    _, report = reported
    wb = load_workbook(report)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = {c.value for c in cells if c.value in EVIL}
    assert set(EVIL) <= found


def test_chart_plots_the_series_table_with_a_dashed_plan(reported):
    _, report = reported
    ws = load_workbook(report)["Översikt"]
    chart = ws._charts[0]
    refs = [(s.tx.strRef.f, s.val.numRef.f, s.spPr.ln.prstDash) for s in chart.series]
    assert [r[2] for r in refs] == ["solid", "dash", "solid"]
    header = refs[0][0].split("!")[1].replace("$", "")
    assert ws[header].value == "Utfall ackumulerat"
    first, last = refs[1][1].split("!")[1].replace("$", "").split(":")
    assert ws["A" + first[1:]].value == "v. 41" and ws["A" + last[1:]].value == "v. 13"


def test_every_sheet_prints_one_page_wide_with_header_rows(reported):
    _, report = reported
    wb = load_workbook(report)
    assert wb.sheetnames == [
        "Översikt",
        "Enheter",
        "Trend per enhet",
        "Hinder och åtgärder",
        "Handlingsplaner",
        "Saknade rapporter",
        "Månad för månad",
        "Veckans siffror",
        "Mottagna filer",
    ]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the file format's default
        assert ws.page_setup.fitToHeight == 0
        assert ws["A1"].value
        # the day the report was made, in ISO form whatever the viewer's locale (not &D)
        assert re.search(r"Skapad \d{4}-\d{2}-\d{2}", ws.oddFooter.right.text), ws.oddFooter.right.text
        assert "&D" not in ws.oddFooter.right.text
        assert "2026-W46" in ws.oddFooter.center.text
        if ws.title == "Handlingsplaner":  # three tables: the last one's header repeats (test_action_plans)
            assert ws.print_title_rows
        elif ws.title != "Översikt":
            assert ws.print_title_rows == "$3:$3"
            assert ws.freeze_panes is not None


def test_same_ledger_gives_a_byte_identical_report(reported):
    space, report = reported
    again = make_report(space.root, NOW, IsoWeek.parse(W46))
    assert Path(again).read_bytes() == report.read_bytes()
    latest = space.root / "outbox" / "lagesrapport_senaste.xlsx"
    assert latest.read_bytes() == report.read_bytes()


def test_english_report(tmp_path):
    from datetime import date

    from pipeline.commands import init_workspace

    init_workspace(tmp_path / "en", date(2026, 11, 22), "en")
    path = make_report(tmp_path / "en", NOW)
    wb = load_workbook(path)
    assert path.name == "status-report_2026-W47.xlsx"
    assert wb.sheetnames[0] == "Overview"
    assert len([r for r in wb["Missing reports"].iter_rows(min_row=4, values_only=True) if r[0]]) == 8


def test_pace_forecast_and_months_match_a_hand_calculation(reported):
    """Paces over the last 4 weeks (W43..W46), each unit over the weeks it reported, all weight 1:
    E01 (4+5)/2 = 4.5, E02 (2+1)/2 = 1.5, E03 1/1 = 1, E05 (1+0)/2 = 0.5, E08 0/1 = 0 -> 7.5 a week.
    Actual 14; 20 weeks remain (W47..W53, W01..W13), weight 1 except W52, W53, W01 at 0.5: 18.5.
    Forecast 14 + 7.5 x 18.5 = 152.75; required (180 - 14) / 18.5 = 8.97 a week."""
    space, report = reported
    wb = load_workbook(report)
    assert named(wb, "kf_current_pace") == 7.5
    assert named(wb, "kf_forecast") == 14 + 7.5 * 18.5
    assert abs(named(wb, "kf_required_pace") - 166 / 18.5) < 1e-9
    overview = {r[0]: r[1] for r in wb["Översikt"].iter_rows(min_row=6, max_col=2, values_only=True) if r[0]}
    assert overview["Målet nås (prognos)"] == "Inte inom perioden"
    assert "E04" in " ".join(str(v) for v in overview)  # named as a unit without data for the pace
    months = [r for r in wb["Månad för månad"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [m[0] for m in months] == ["okt 2026", "nov 2026"]
    assert months[1][2] == 14  # W45 and W46 are both November weeks (their Thursdays)


def test_data_export_holds_every_current_figure_as_a_typed_table(reported):
    from pipeline.commands import make_export

    space, _ = reported
    path = make_export(space.root)
    ws = load_workbook(path)["Data"]
    assert list(ws.tables) == ["Data"] and ws.tables["Data"].ref == "A1:K17"  # 8 files x 2 measures
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    assert {(r[0], r[3], r[5]): r[7] for r in rows}[(W45, "E01", "egen")] == 4
    assert ws["B2"].is_date and ws["I2"].is_date
    assert ws["K1"].value == "Väntar på kontroll" and {r[10] for r in rows} == {None}  # nothing held


def _cells(ws, ref: str) -> list:
    """The values of a chart reference such as ``'Översikt'!$F$28:$F$35``."""
    sheet_ref = ref.split("!")[1].replace("$", "")
    if ":" not in sheet_ref:
        return [ws[sheet_ref].value]
    return [c.value for row in ws[sheet_ref] for c in row]


def test_units_chart_plots_actual_vs_target_sorted_by_gap(reported):
    space, report = reported
    ws = load_workbook(report)["Översikt"]
    assert len(ws._charts) == 2
    chart = ws._charts[1]
    assert chart.tagname == "barChart" and chart.x_axis.scaling.orientation == "maxMin"  # most behind on top
    actual, plan = chart.series
    names = _cells(ws, actual.cat.strRef.f)
    actuals, plans = _cells(ws, actual.val.numRef.f), _cells(ws, plan.val.numRef.f)
    assert _cells(ws, actual.tx.strRef.f) == ["Utfall ackumulerat"]
    assert _cells(ws, plan.tx.strRef.f) == ["Plan till dags dato"]
    assert plan.spPr.ln.prstDash == "dash" and plan.spPr.noFill  # the plan as a dashed outline
    by_name = {u.name: u.id for u in space.plan.units}
    assert len(names) == 8
    assert actuals[names.index("Jobbcenter Nord")] == 9  # E01: 4 + 5
    for name, value in zip(names, plans, strict=True):
        assert value == target(space, by_name[name], W46)
    gaps = [a - p for a, p in zip(actuals, plans, strict=True)]
    assert gaps == sorted(gaps)


def test_units_sheet_has_data_bars_on_the_unit_rows_of_the_gap_column(reported):
    _, report = reported
    ws = load_workbook(report)["Enheter"]
    [bars] = [cf for cf in ws.conditional_formatting if cf.rules[0].type == "dataBar"]
    covered = {ws.cell(r, c).coordinate for rng in bars.sqref.ranges for r, c in rng.cells}
    unit_rows = [r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value]  # rows with a unit id
    assert ws["G3"].value == "Avvikelse"
    assert covered == {f"G{r}" for r in unit_rows}  # the units, never the subtotals
    assert "Efter plan" in [ws.cell(r, 12).value for r in unit_rows]  # the status stays as text


def test_trend_sheet_holds_weekly_values_with_gaps_for_missing_weeks(reported):
    _, report = reported
    wb = load_workbook(report)
    ws = wb["Trend per enhet"]
    header = [c.value for c in ws[3]]
    weeks = header[3:]
    assert weeks == ["v. 41", "v. 42", "v. 43", "v. 44", "v. 45", "v. 46"]  # up to the report week
    rows = {r[0]: r[3:] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert list(rows) == ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08"]
    assert rows["E01"] == (None, None, None, None, 4, 5)
    assert rows["E03"][-2:] == (1, None)  # W46 not reported: empty, not 0
    assert rows["E05"][-1] == 0  # a reported 0 stays 0
    assert ws.freeze_panes == "D4"
    last = ws.cell(3, len(header))
    assert last.value == "v. 46" and last.fill.fgColor.rgb != ws.cell(3, 4).fill.fgColor.rgb
    [(sqref, rule)] = [(str(cf.sqref), cf.rules[0]) for cf in ws.conditional_formatting]
    assert sqref == f"D4:{last.column_letter}11" and rule.type == "colorScale"
    assert len(rule.colorScale.color) == 3
    assert ws["E4"].number_format == "#,##0;−#,##0;0"


def test_trend_sheet_has_a_sparkline_per_unit(reported):
    import re
    import zipfile

    _, report = reported
    wb = load_workbook(report)
    index = wb.sheetnames.index("Trend per enhet") + 1
    xml = zipfile.ZipFile(report).read(f"xl/worksheets/sheet{index}.xml").decode()
    pairs = sorted(
        re.findall(r"<xm:f>(.*?)</xm:f><xm:sqref>(.*?)</xm:sqref>", xml), key=lambda p: int(p[1][1:])
    )
    assert pairs[0] == ("'Trend per enhet'!D4:I4", "C4")
    assert [cell for _, cell in pairs] == [f"C{r}" for r in range(4, 12)]
    assert 'displayEmptyCellsAs="gap"' in xml


def test_log_names_the_data_export(reported):
    _, report = reported
    ws = load_workbook(report)["Mottagna filer"]
    assert "dataexport.xlsx" in ws["A2"].value


def test_scheduled_export_writes_the_export_and_never_raises(reported, tmp_path, caplog):
    from pipeline.service.watch import scheduled_export

    space, _ = reported
    path = scheduled_export(space.root)
    assert path == space.root / "outbox" / "dataexport.xlsx"
    assert load_workbook(path)["Data"].max_row == 17  # 8 files x 2 measures, under a header
    assert scheduled_export(tmp_path / "no-workspace") is None
    assert "scheduled data export failed" in caplog.text
