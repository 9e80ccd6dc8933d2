"""Both workbooks read as the accessibility law asks (WCAG 2.1 AA, Microsoft's rules for spreadsheets).

Read back from the demo's workbooks, in Swedish and English: every chart has a text
alternative with this week's numbers, A1 of every sheet says what it holds, every table's
header row is marked for screen readers and has no merged cell below it, colour is never
the only mark, and every text on a fill has a contrast of at least 4.5:1.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from pipeline.demo import run_demo
from pipeline.strings import Texts

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

NOW = datetime(2026, 12, 2, 10, 0)  # a Wednesday of 2026-W49
GENERIC = re.compile(r"^(sheet|blad|data|logg|log)\s*\d*$", re.IGNORECASE)


@pytest.fixture(scope="module", params=["sv", "en"])
def books(request, tmp_path_factory) -> tuple[str, Path, Path]:
    """(language, the leadership workbook, the maturity workbook) from the demo."""
    root = tmp_path_factory.mktemp(f"a11y_{request.param}") / "demo"
    run_demo(root, NOW, request.param)
    outbox = root / "outbox"
    report = next(p for p in outbox.glob("*.xlsx") if p.name.endswith("W49.xlsx"))
    maturity = next(p for p in outbox.glob("*.xlsx") if "T3" in p.name)
    return request.param, report, maturity


def _descriptions(path: Path) -> list[str | None]:
    """The text alternative of every chart in the file (None for a chart without one)."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.match(r"xl/drawings/drawing\d+\.xml$", n)):
            xml = z.read(name).decode("utf-8")
            for frame in re.findall(r"<xdr:graphicFrame.*?</xdr:graphicFrame>", xml, re.S):
                found = re.search(r'<xdr:cNvPr [^>]*descr="([^"]*)"', frame)
                out.append(found.group(1) if found else None)
    return out


def test_every_chart_says_what_it_shows_with_this_weeks_numbers(books):
    language, report, maturity = books
    t = Texts(language)
    said = _descriptions(report)
    assert len(said) == 3 and all(said), said  # the cumulative and units charts, the months chart
    wb = load_workbook(report, data_only=True)

    def named(name):
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        return wb[sheet][ref.replace("$", "")].value

    cumulative = said[0]
    for figure in (named("kf_actual"), named("kf_plan")):
        assert t.number(round(figure)) in cumulative, (figure, cumulative)
    assert "2026-W49" in cumulative
    # the units chart names the unit on top of the chart's table, with its figures
    overview = wb.worksheets[0]
    header = next(
        c for row in overview.iter_rows() for c in row if c.value == t("report.col.unit") and c.column > 4
    )
    top = overview.cell(header.row + 1, header.column)
    actual = overview.cell(header.row + 1, header.column + 1).value
    assert f"{top.value} {t.number(round(actual))}" in said[1], said[1]

    radar = _descriptions(maturity)
    assert len(radar) == 1 + 8 and all(radar), radar  # the administration's, and one per unit
    grid = load_workbook(maturity)[t("maturity.sheet.overview")]
    head = [c.value for c in grid[5]]
    average = next(
        r for r in grid.iter_rows(min_row=6, values_only=True) if r[0] == t("maturity.row.average")
    )
    first_dimension = f"{head[1]} {t.number(average[1], 1)}"
    assert first_dimension in radar[0], radar[0]


def test_every_sheet_starts_in_a1_with_what_it_holds_under_a_name_that_says_it(books):
    _, report, maturity = books
    for path in (report, maturity):
        wb = load_workbook(path)
        titles = [ws["A1"].value for ws in wb.worksheets]
        assert all(isinstance(v, str) and len(v) > 10 for v in titles), titles
        assert len(set(titles)) == len(titles), titles  # each sheet says its own thing
        assert not [n for n in wb.sheetnames if GENERIC.match(n)], wb.sheetnames


def _header_row(ws) -> int | None:
    if "ColumnTitle" not in ws.defined_names:
        return None
    ref = ws.defined_names["ColumnTitle"].attr_text.split("!")[-1].replace("$", "")
    return ws[ref].row


def test_every_table_marks_its_header_row_and_has_no_merged_cell(books):
    _, report, maturity = books
    for path in (report, maturity):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            row = _header_row(ws)
            if ws.print_title_rows:  # a sheet whose header repeats in print is a table
                assert row is not None, ws.title
                assert ws.print_title_rows == f"${row}:${row}", ws.title
            if row is None:
                continue
            assert all(isinstance(c.value, str) and c.value for c in ws[row] if c.column == 1), ws.title
            for merged in ws.merged_cells.ranges:  # only a title line above the table may be merged
                assert merged.max_row < row, (ws.title, str(merged))


def _rgb(color, default: str) -> str:
    if color is None or color.type != "rgb" or not isinstance(color.rgb, str):
        return default
    return color.rgb[-6:]


def _luminance(rgb: str) -> float:
    channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two colours ``RRGGBB``, from 1 to 21."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast("FFFFFF", "000000"), 1) == 21.0
    assert round(contrast("767676", "FFFFFF"), 2) == 4.54  # the lightest grey that passes on white


def test_every_text_on_a_fill_has_a_contrast_of_at_least_4_5(books):
    _, report, maturity = books
    low = []
    for path in (report, maturity):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for cell in (c for row in ws.iter_rows() for c in row if c.value is not None):
                fill = cell.fill
                background = _rgb(fill.fgColor, "FFFFFF") if fill.fill_type == "solid" else "FFFFFF"
                ratio = contrast(_rgb(cell.font.color, "000000"), background)
                if ratio < 4.5:
                    low.append((path.name, ws.title, cell.coordinate, round(ratio, 2)))
            for rules in ws.conditional_formatting:
                for rule in rules.rules:
                    if rule.type == "colorScale":  # the cells' own text (black) on each colour of the scale
                        for color in rule.colorScale.color:
                            if contrast("000000", _rgb(color, "FFFFFF")) < 4.5:
                                low.append((path.name, ws.title, str(rules.sqref), _rgb(color, "")))
                    elif rule.dxf is not None and rule.dxf.fill is not None:
                        fill = rule.dxf.fill
                        background = _rgb(fill.bgColor, "") or _rgb(fill.fgColor, "FFFFFF")
                        text = _rgb(rule.dxf.font.color, "000000") if rule.dxf.font else "000000"
                        if contrast(text, background) < 4.5:
                            low.append((path.name, ws.title, str(rules.sqref), text, background))
    assert not low, low


def test_colour_is_never_the_only_mark(books):
    """A coloured cell shows its figure, or a symbol or word that says what the colour says."""
    _, report, maturity = books
    for path in (report, maturity):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for rules in ws.conditional_formatting:
                cells = [
                    ws.cell(r, c)
                    for ref in str(rules.sqref).split()
                    for c0, r0, c1, r1 in [range_boundaries(ref)]
                    for r in range(r0, r1 + 1)
                    for c in range(c0, c1 + 1)
                ]
                for rule in rules.rules:
                    hidden = [c.coordinate for c in cells if ";;;" in c.number_format]
                    assert not hidden, (ws.title, hidden)  # a colour scale or bar over its visible figure
                    if rule.type == "cellIs":  # a rule that flags: a mark besides the colour
                        own = {c.number_format for c in cells}
                        symbol = rule.dxf.numFmt is not None or any(re.search("[▲▼!]", f) for f in own)
                        assert symbol, (ws.title, str(rules.sqref), own)
