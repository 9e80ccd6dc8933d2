"""The meeting's agenda (blockers and actions) and the missing reports."""

from __future__ import annotations

from pipeline.excel.writer import fit_height, write_text
from pipeline.report.agenda import ESCALATION
from pipeline.report.figures import ReportData
from pipeline.report.sheets_base import HEADER_ROW, Styles, table_sheet
from pipeline.strings import Texts

AGENDA_COLUMNS = [
    ("report.col.reason", 13),
    ("report.col.group", 16),
    ("report.col.unit", 20),
    ("report.col.action", 28),
    ("report.col.owner", 14),
    ("report.col.due", 10),
    ("report.col.action_status", 12),
    ("report.col.blocker", 42),
    ("report.col.weeks_in_row", 9),
]


def agenda(wb, st: Styles, t: Texts, data: ReportData):
    """Escalations, then blocked actions, then overdue ones: what leadership must act on first."""
    first = t("report.agenda.first", week=data.week)
    ws = table_sheet(wb, st, t("report.sheet.agenda"), first, AGENDA_COLUMNS, t)
    write_text(ws, 1, 0, t("report.agenda.note"), st.note)
    if data.blockers.empty:
        write_text(ws, HEADER_ROW + 1, 0, t("report.agenda.none"), st.note)
    for i, r in enumerate(data.blockers.itertuples(), start=HEADER_ROW + 1):
        reason_fmt = st.flag if r.reason == ESCALATION else st.warn
        write_text(ws, i, 0, t(f"report.reason.{r.reason}"), reason_fmt)
        status = t(f"action.{r.status}") if r.status else ""
        for col, value in (
            (1, r.group),
            (2, r.name),
            (3, r.action),
            (4, r.owner),
            (6, status),
            (7, r.blocker),
        ):
            write_text(ws, i, col, value, st.wrap)
        write_text(ws, i, 5, str(r.due) if r.due else "", st.warn if r.overdue else st.wrap)
        ws.write_number(i, 8, r.weeks_in_row, st.flag if r.reason == ESCALATION else st.int)
        fit_height(ws, i, [(r.action, 28), (r.blocker, 42), (r.name, 20)])
    return ws, HEADER_ROW


def missing(wb, st: Styles, t: Texts, data: ReportData):
    columns = [
        ("report.col.unit_id", 10),
        ("report.col.unit", 28),
        ("report.col.group", 22),
        ("report.col.last_week", 24),
    ]
    first = t("report.missing.first", week=data.week)
    ws = table_sheet(wb, st, t("report.sheet.missing"), first, columns, t)
    if data.missing.empty:
        write_text(ws, HEADER_ROW + 1, 0, t("report.missing.none"), st.note)
    for i, r in enumerate(data.missing.itertuples(), start=HEADER_ROW + 1):
        write_text(ws, i, 0, r.unit, st.text)
        write_text(ws, i, 1, r.name, st.text)
        write_text(ws, i, 2, r.group, st.text)
        last = str(r.last_week) if r.last_week is not None else t("report.col.never")
        write_text(ws, i, 3, last, st.text)
    return ws, HEADER_ROW
