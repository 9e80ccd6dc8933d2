"""The maturity workbook: ``outbox/mognadsmatning_<occasion>.xlsx``.

A workbook of its own, not sheets in the weekly leadership workbook: the
measurement has another rhythm (a few times a year, not weekly) and another
use (the management team's discussion of what to develop next, not Monday's
follow-up), and the weekly workbook stays small and fast to read.

Sheets, each one page wide: Översikt (heat map units × dimensions with the
administration's average, the suggested focus, and the administration's radar
chart), Profiler (one radar chart per unit against the average), Förändring
(change since the previous occasion, with arrows and colours), Spridning (the
spread between respondents, high spread flagged as a finding) and Svar (every
answer with its justification). Charts read their data from the tables'
shapes, never from hand-counted addresses.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.excel.writer import atomic_workbook, fit_height, print_setup, write_text
from pipeline.maturity.figures import MaturityFigures
from pipeline.maturity.model import SPREAD_FLAG
from pipeline.maturity.template import occasion_slug
from pipeline.strings import Phrase, Texts, shown_time

LEVEL = "0.0"
CHANGE = '"▲ "+0.0;"▼ "-0.0;"► "0.0'
HEAT = {"type": "3_color_scale", "min_type": "num", "min_value": 1, "min_color": "#F8696B",
        "mid_type": "num", "mid_value": 3, "mid_color": "#FFEB84",
        "max_type": "num", "max_value": 5, "max_color": "#63BE7B"}  # fmt: skip
DIM_WIDTH = 18
CHART_SIZE = {"width": 500, "height": 360}


def report_name(occasion: str, language: str) -> str:
    return f"{Texts(language)('maturity.file')}_{occasion_slug(occasion)}.xlsx"


class _Styles:
    def __init__(self, wb):
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 14})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.section = add({"bold": True, "font_size": 12, "bottom": 2})
        self.head = add(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = add({"border": 1, "valign": "top"})
        self.wrap = add({"border": 1, "text_wrap": True, "valign": "top"})
        self.level = add({"border": 1, "num_format": LEVEL, "align": "center"})
        self.count = add({"border": 1, "num_format": "0", "align": "center"})
        self.change = add({"border": 1, "num_format": CHANGE, "align": "center"})
        self.total_text = add({"bold": True, "border": 1, "top": 2})
        self.total_level = add({"bold": True, "border": 1, "top": 2, "num_format": LEVEL, "align": "center"})
        self.total_count = add({"bold": True, "border": 1, "top": 2, "num_format": "0", "align": "center"})
        self.total_change = add(
            {"bold": True, "border": 1, "top": 2, "num_format": CHANGE, "align": "center"}
        )
        self.prev_text = add({"italic": True, "border": 1, "font_color": "#595959"})
        self.prev_level = add({"italic": True, "border": 1, "num_format": LEVEL, "align": "center"})
        self.up = add({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.down = add({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        # a high spread: the fill, and a "!" after the figure, so colour is not the only mark
        self.flag = add({"bold": True, "bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": '0" !"'})
        self.datetime = add({"border": 1, "valign": "top"})


def write_maturity_report(fig: MaturityFigures, path: Path, language: str = "sv") -> Path:
    """Writes the maturity workbook for ``fig.occasion`` atomically to ``path`` and returns it."""
    t = Texts(language)
    name = fig.plan.name
    with atomic_workbook(
        path, title=t("maturity.report.title", programme=name, occasion=fig.occasion.id)
    ) as wb:
        st = _Styles(wb)
        footer = t("maturity.report.footer", programme=name.replace("&", "&&"), occasion=fig.occasion.id)
        overview, rows = _overview(wb, st, t, fig)
        sheets = [
            (overview, 4),
            (_profiles(wb, st, t, fig, rows), None),
            (_change(wb, st, t, fig), 3),
            (_spread(wb, st, t, fig), 3),
            (_answers(wb, st, t, fig), 2),
        ]
        for ws, header_row in sheets:
            print_setup(ws, footer, header_row)
    return path


def _num(ws, row: int, col: int, value: float | None, fmt) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _grid_header(ws, st, t: Texts, fig: MaturityFigures, row: int, extra: list[str]) -> None:
    """The header of a units × dimensions table: unit, one column per dimension, then ``extra``."""
    header = [t("maturity.col.unit"), *(d.name for d in fig.dimensions), *extra]
    ws.write_row(row, 0, header, st.head)
    fit_height(ws, row, [(d.name, DIM_WIDTH) for d in fig.dimensions])
    ws.set_column(0, 0, 28)
    ws.set_column(1, len(fig.dimensions), DIM_WIDTH)
    ws.set_column(len(fig.dimensions) + 1, len(fig.dimensions) + len(extra), 10)


def _unit_label(unit) -> str:
    return f"{unit.id} {unit.name}"


def _overview(wb, st: _Styles, t: Texts, fig: MaturityFigures):
    ws = wb.add_worksheet(t("maturity.sheet.overview"))
    n = len(fig.dimensions)
    write_text(
        ws, 0, 0, t("maturity.report.title", programme=fig.plan.name, occasion=fig.occasion.id), st.title
    )
    ws.write_string(1, 0, t("maturity.overview.first"), st.note)
    previous = fig.previous.id if fig.previous else t("maturity.overview.no_previous")
    counts = t(
        "maturity.overview.counts",
        units=len(fig.answered),
        participants=len(fig.units),
        respondents=sum(fig.respondents.values()),
        previous=previous,
    )
    write_text(ws, 2, 0, counts, st.note)
    top = 4
    _grid_header(ws, st, t, fig, top, [t("maturity.col.average"), t("maturity.col.respondents")])
    rows: dict[str, int] = {}
    row = top
    for unit in fig.units:
        row += 1
        rows[unit.id] = row
        write_text(ws, row, 0, _unit_label(unit), st.text)
        for c, d in enumerate(fig.dimensions, start=1):
            _num(ws, row, c, fig.level.get((unit.id, d.id)), st.level)
        _num(ws, row, n + 1, fig.unit_average(unit.id), st.level)
        ws.write_number(row, n + 2, fig.respondents.get(unit.id, 0), st.count)
    row += 1
    rows["_average"] = row
    write_text(ws, row, 0, t("maturity.row.average"), st.total_text)
    for c, d in enumerate(fig.dimensions, start=1):
        _num(ws, row, c, fig.average.get(d.id), st.total_level)
    values = list(fig.average.values())
    _num(ws, row, n + 1, sum(values) / len(values) if values else None, st.total_level)
    ws.write_number(row, n + 2, sum(fig.respondents.values()), st.total_count)
    if fig.previous is not None:
        row += 1
        rows["_previous"] = row
        write_text(ws, row, 0, t("maturity.row.previous", occasion=fig.previous.id), st.prev_text)
        for c, d in enumerate(fig.dimensions, start=1):
            _num(ws, row, c, fig.previous_average.get(d.id), st.prev_level)
        before = list(fig.previous_average.values())
        _num(ws, row, n + 1, sum(before) / len(before) if before else None, st.prev_level)
        ws.write_blank(row, n + 2, None, st.prev_level)
    ws.conditional_format(top + 1, 1, row, n + 1, HEAT)

    # the suggested focus: the weakest dimensions across the administration
    row += 2
    ws.write_string(row, 0, t("maturity.focus.title"), st.section)
    row += 1
    ws.write_row(
        row, 0, [t("maturity.col.dimension"), t("maturity.col.level"), t("maturity.col.change"),
                 t("maturity.col.lowest")], st.head)  # fmt: skip
    for rank, d in enumerate(fig.focus, start=1):
        row += 1
        write_text(ws, row, 0, f"{rank}. {d.name}", st.text)
        _num(ws, row, 1, fig.average.get(d.id), st.level)
        _num(ws, row, 2, fig.average_change(d.id), st.change)
        lowest = fig.lowest_unit(d.id)
        lowest_text = f"{_unit_label(lowest[0])} ({t.number(lowest[1], 1)})" if lowest else ""
        write_text(ws, row, 3, lowest_text, st.wrap)  # one cell: no merged cells inside a table
        fit_height(ws, row, [(lowest_text, DIM_WIDTH)])
    ws.conditional_format(
        row - len(fig.focus) + 1, 2, row, 2, {"type": "cell", "criteria": ">", "value": 0, "format": st.up}
    )
    ws.conditional_format(
        row - len(fig.focus) + 1, 2, row, 2, {"type": "cell", "criteria": "<", "value": 0, "format": st.down}
    )

    # the whole administration: this occasion against the previous one
    chart = _radar(wb, t("maturity.chart.admin", occasion=fig.occasion.id))
    _series(chart, ws.name, top, rows["_average"], n, fig.occasion.id, "#1F4E79", dashed=False)
    if "_previous" in rows:
        _series(chart, ws.name, top, rows["_previous"], n, fig.previous.id, "#A6A6A6", dashed=True)
    previous = ""
    if "_previous" in rows:
        before = _said(t, fig, fig.previous_average)
        previous = Phrase("maturity.alt.previous", occasion=fig.previous.id, levels=before)
    levels = _said(t, fig, fig.average)
    said = t("maturity.alt.admin", occasion=fig.occasion.id, levels=levels, previous=previous)
    ws.insert_chart(row + 2, 0, chart, {"x_offset": 5, "y_offset": 5, "description": said})
    return ws, rows


def _said(t: Texts, fig: MaturityFigures, levels: dict) -> str:
    """Levels by dimension as a screen reader reads them: "Ledning 3,2, Styrning 2,8"."""
    shown = [(d.name, levels.get(d.id)) for d in fig.dimensions]
    return ", ".join(f"{name} {t.number(v, 1)}" for name, v in shown if v is not None)


def _radar(wb, title: str):
    chart = wb.add_chart({"type": "radar", "subtype": "with_markers"})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "max": 5, "major_unit": 1})
    chart.set_legend({"position": "bottom"})
    chart.set_size(CHART_SIZE)
    return chart


def _series(
    chart, sheet: str, header_row: int, row: int, n: int, name: str, colour: str, dashed: bool
) -> None:
    line = {"color": colour, "width": 2.25}
    if dashed:
        line["dash_type"] = "dash"
    chart.add_series(
        {
            "name": name,
            "categories": [sheet, header_row, 1, header_row, n],
            "values": [sheet, row, 1, row, n],
            "line": line,
            "marker": {"type": "circle", "size": 5, "fill": {"color": colour}, "border": {"color": colour}},
        }
    )


def _profiles(wb, st: _Styles, t: Texts, fig: MaturityFigures, rows: dict[str, int]):
    ws = wb.add_worksheet(t("maturity.sheet.profiles"))
    write_text(ws, 0, 0, t("maturity.title.profiles", occasion=fig.occasion.id), st.title)
    ws.write_string(1, 0, t("maturity.profiles.first", occasion=fig.occasion.id), st.note)
    source, n = t("maturity.sheet.overview"), len(fig.dimensions)
    for i, unit in enumerate(fig.answered):
        chart = _radar(wb, t("maturity.chart.unit", unit=_unit_label(unit)))
        _series(chart, source, 4, rows[unit.id], n, _unit_label(unit), "#C55A11", dashed=False)
        _series(chart, source, 4, rows["_average"], n, t("maturity.row.average"), "#7F7F7F", dashed=True)
        own = _said(t, fig, {d.id: fig.level.get((unit.id, d.id)) for d in fig.dimensions})
        said = t(
            "maturity.alt.unit",
            unit=_unit_label(unit),
            occasion=fig.occasion.id,
            levels=own,
            average=_said(t, fig, fig.average),
        )
        where = {"x_offset": 5, "y_offset": 5, "description": said}
        ws.insert_chart(3 + (i // 2) * 19, (i % 2) * 8, chart, where)
    pairs = (len(fig.answered) + 1) // 2
    ws.set_h_pagebreaks([3 + 19 * k for k in range(2, pairs, 2)])  # two rows of charts a page, never cut
    return ws


def _change(wb, st: _Styles, t: Texts, fig: MaturityFigures):
    ws = wb.add_worksheet(t("maturity.sheet.change"))
    n = len(fig.dimensions)
    write_text(ws, 0, 0, t("maturity.title.change", occasion=fig.occasion.id), st.title)
    if fig.previous is None:
        ws.write_string(1, 0, t("maturity.change.none"), st.note)
    else:
        ws.write_string(1, 0, t("maturity.change.first", previous=fig.previous.id), st.note)
    top = 3
    _grid_header(ws, st, t, fig, top, [t("maturity.col.average")])
    row = top
    for unit in fig.units:
        row += 1
        write_text(ws, row, 0, _unit_label(unit), st.text)
        changes = [fig.change(unit.id, d.id) for d in fig.dimensions]
        for c, value in enumerate(changes, start=1):
            _num(ws, row, c, value, st.change)
        known = [v for v in changes if v is not None]
        _num(ws, row, n + 1, sum(known) / len(known) if known else None, st.change)
    row += 1
    write_text(ws, row, 0, t("maturity.row.average"), st.total_text)
    changes = [fig.average_change(d.id) for d in fig.dimensions]
    for c, value in enumerate(changes, start=1):
        _num(ws, row, c, value, st.total_change)
    known = [v for v in changes if v is not None]
    _num(ws, row, n + 1, sum(known) / len(known) if known else None, st.total_change)
    for criteria, fmt in ((">", st.up), ("<", st.down)):
        ws.conditional_format(
            top + 1, 1, row, n + 1, {"type": "cell", "criteria": criteria, "value": 0, "format": fmt}
        )
    return ws


def _spread(wb, st: _Styles, t: Texts, fig: MaturityFigures):
    ws = wb.add_worksheet(t("maturity.sheet.spread"))
    n = len(fig.dimensions)
    write_text(ws, 0, 0, t("maturity.title.spread", occasion=fig.occasion.id), st.title)
    ws.write_string(1, 0, t("maturity.spread.first", flag=f"{SPREAD_FLAG:g}"), st.note)
    top = 3
    _grid_header(ws, st, t, fig, top, [t("maturity.col.respondents")])
    row = top
    for unit in fig.units:
        row += 1
        write_text(ws, row, 0, _unit_label(unit), st.text)
        for c, d in enumerate(fig.dimensions, start=1):
            _num(ws, row, c, fig.spread.get((unit.id, d.id)), st.count)
        ws.write_number(row, n + 1, fig.respondents.get(unit.id, 0), st.count)
    ws.conditional_format(
        top + 1, 1, row, n, {"type": "cell", "criteria": ">=", "value": SPREAD_FLAG, "format": st.flag}
    )
    row += 2
    ws.write_string(row, 0, t("maturity.spread.findings"), st.section)
    names = {d.id: d.name for d in fig.dimensions}
    if not fig.findings:
        row += 1
        ws.write_string(row, 0, t("maturity.spread.none"), st.note)
    for finding in fig.findings:
        row += 1
        unit = fig.plan.unit(finding.unit)
        text = t(
            "maturity.spread.finding",
            unit=_unit_label(unit),
            dimension=names[finding.dimension],
            low=finding.low,
            high=finding.high,
            n=finding.respondents,
        )
        write_text(ws, row, 0, text)
    return ws


def _answers(wb, st: _Styles, t: Texts, fig: MaturityFigures):
    ws = wb.add_worksheet(t("maturity.sheet.responses"))
    write_text(ws, 0, 0, t("maturity.responses.first", occasion=fig.occasion.id), st.title)
    columns = [
        ("maturity.col.unit", 24),
        ("maturity.col.respondent", 20),
        ("maturity.col.dimension", 26),
        ("maturity.col.level", 7),
        ("maturity.col.justification", 60),
        ("maturity.col.received", 17),
    ]
    top = 2
    for c, (key, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(top, c, t(key), st.head)
    units = {u.id: i for i, u in enumerate(fig.plan.units)}
    dims = {d.id: i for i, d in enumerate(fig.dimensions)}
    names = {d.id: d.name for d in fig.dimensions}
    answers = sorted(
        fig.answers.itertuples(index=False),
        key=lambda a: (units.get(a.unit, 0), a.respondent.casefold(), dims.get(a.dimension, 0)),
    )
    row = top
    for a in answers:
        row += 1
        write_text(ws, row, 0, _unit_label(fig.plan.unit(a.unit)), st.text)
        write_text(ws, row, 1, a.respondent, st.text)
        write_text(ws, row, 2, names.get(a.dimension, a.dimension), st.text)
        ws.write_number(row, 3, float(a.score), st.count)
        write_text(ws, row, 4, a.justification, st.wrap)
        write_text(ws, row, 5, shown_time(str(a.received_at)), st.text)
        fit_height(ws, row, [(a.justification, 60)])
    ws.autofilter(top, 0, max(row, top), len(columns) - 1)
    return ws
