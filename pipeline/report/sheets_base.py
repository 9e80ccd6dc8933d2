"""What every sheet of the leadership workbook shares: number formats, cell styles, small writers."""

from __future__ import annotations

import pandas as pd

from pipeline.excel.writer import write_text
from pipeline.report.figures import AHEAD, BEHIND, ON_TRACK
from pipeline.strings import Texts

STATUS_COLOURS = {
    AHEAD: ("#C6EFCE", "#006100"),
    ON_TRACK: ("#FFEB9C", "#9C5700"),
    BEHIND: ("#FFC7CE", "#9C0006"),
}
BLUE, RED, GREY = "#1F4E78", "#C00000", "#A6A6A6"
NOW_COLOUR = "#B0500F"  # the report week, wherever it is marked (white text on it: 5.3:1)
INT = "#,##0;−#,##0;0"
SIGNED = "+#,##0;−#,##0;0"
PCT = "0%;−0%;0%"
SIGNED_PCT = "+0%;−0%;0%"
HEADER_ROW = 2  # the table header of a plain table sheet (row 3 in Excel)


class Styles:
    """The cell formats of one workbook (xlsxwriter formats belong to their workbook)."""

    def __init__(self, wb):
        add = wb.add_format
        self.title = add({"bold": True, "font_size": 16})
        self.title_wrap = add({"bold": True, "font_size": 14, "text_wrap": True, "valign": "top"})
        self.note = add({"italic": True, "font_color": "#595959"})
        self.note_wrap = add({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
        self.headline = add({"bold": True, "font_size": 14})
        head = {
            "bold": True,
            "bg_color": BLUE,
            "font_color": "#FFFFFF",
            "text_wrap": True,
            "valign": "vcenter",
            "border": 1,
        }
        self.head = add(head)
        self.head_now = add({**head, "bg_color": NOW_COLOUR, "border": 2})  # the report week's column
        self.label = add({"bold": True, "border": 1, "bg_color": "#F2F2F2"})
        self.text = add({"border": 1, "valign": "top"})
        self.wrap = add({"border": 1, "text_wrap": True, "valign": "top"})
        self.int = add({"border": 1, "num_format": INT, "valign": "top"})
        self.int_now = add(
            {"border": 1, "left": 2, "right": 2, "bold": True, "num_format": INT, "valign": "top"}
        )
        self.signed = add({"border": 1, "num_format": SIGNED})
        self.pct = add({"border": 1, "num_format": PCT})
        self.signed_pct = add({"border": 1, "num_format": SIGNED_PCT})
        self.date = add({"border": 1, "num_format": "yyyy-mm-dd"})
        self.dec = add({"border": 1, "num_format": "#,##0.0"})
        self.right = add({"border": 1, "align": "right"})
        self.datetime = add({"border": 1, "num_format": "yyyy-mm-dd hh:mm"})
        self.big = add({"bold": True, "font_size": 14, "border": 1, "num_format": INT})
        self.big_signed = add({"bold": True, "font_size": 14, "border": 1, "num_format": SIGNED})
        self.sub = {
            k: add({"bold": True, "top": 1, "bg_color": "#DDEBF7", "num_format": f})
            for k, f in (("text", "@"), ("int", INT), ("signed", SIGNED), ("pct", PCT))
        }
        self.status = {
            k: add({"border": 1, "bold": True, "bg_color": bg, "font_color": fg})
            for k, (bg, fg) in STATUS_COLOURS.items()
        }
        self.flag = add(
            {
                "border": 1,
                "bold": True,
                "bg_color": "#FFC7CE",
                "font_color": "#9C0006",
                "valign": "top",
                "text_wrap": True,
            }
        )
        self.held = add(  # a held figure in a table: a red fill, right-aligned like the numbers beside it
            {"border": 1, "bold": True, "bg_color": "#FFC7CE", "font_color": "#9C0006", "align": "right"}
        )
        self.warn = add(
            {
                "border": 1,
                "bold": True,
                "bg_color": "#FFEB9C",
                "font_color": "#9C5700",
                "valign": "top",
                "text_wrap": True,
            }
        )


HELD_SHOWN = 6  # held figures named in one line; the rest are counted ("och 3 till")


def held_text(t: Texts, plan, held: list) -> str:
    """The line naming the held figures: "1 siffra väntar på kontroll och räknas inte: E05 v. 46, 1 234"."""
    parts = []
    for h in held[:HELD_SHOWN]:
        measure = plan.measure(h.measure_id)
        about = "" if h.measure_id == plan.main_measure or measure is None else f" ({measure.name})"
        parts.append(f"{h.unit_id} {h.week.label()}, {t.number(h.value)}{about}")
    if len(held) > HELD_SHOWN:
        parts.append(t("report.held.more", n=len(held) - HELD_SHOWN))
    key = "report.held.one" if len(held) == 1 else "report.held.many"
    return t(key, n=len(held), figures="; ".join(parts))


def held_main(data) -> dict[tuple[str, object], float]:
    """(unit id, IsoWeek) -> value of each held figure of the main measure: the cells marked "(1 234)"."""
    main = data.plan.main_measure
    return {(h.unit_id, h.week): h.value for h in data.held if h.measure_id == main}


def held_cell(t: Texts, value: float) -> str:
    """How a held figure is shown in a table cell: in brackets, a text (it is in no sum)."""
    return f"({t.number(value)})"


def num(ws, row: int, col: int, value: float | None, fmt) -> None:
    """A number, or an empty cell for a missing one (never a 0 that nobody reported)."""
    # a float is NaN when it differs from itself: far cheaper than pd.isna, called per trend cell
    if value is None or (value != value if isinstance(value, float) else pd.isna(value)):
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def table_sheet(wb, st: Styles, name: str, first: str, columns: list[tuple[str, int]], t: Texts):
    """A sheet whose first cell says what it shows, with a frozen header row in row 3."""
    ws = wb.add_worksheet(name)
    write_text(ws, 0, 0, first, st.title)
    for col, (key, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(HEADER_ROW, col, t(key), st.head)
    ws.set_row(HEADER_ROW, 30)  # room for a wrapped header
    ws.freeze_panes(HEADER_ROW + 1, 0)
    return ws


def line_axis(name: str, num_format: str = "#,##0") -> dict:
    """A value axis with a title and light gridlines."""
    return {
        "name": name,
        "num_format": num_format,
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }
