"""The action plans sheet: per department the counts, the dependencies between groups, every action.

Three tables, one under the other, in the same nine columns so the sheet prints one page
wide: first per department how many actions are done, on track, blocked and overdue and the
share of units that acted, then which group waits for which, then every action by
department and unit. The last table's header row is repeated on every printed page. Every
text that came from a unit (actions, owners, results, blockers) is written as a string.
"""

from __future__ import annotations

from pipeline.excel.writer import fit_height, write_text
from pipeline.report.actions import BLOCKED, DONE, OVERDUE, STATES
from pipeline.report.figures import ReportData
from pipeline.report.sheets_base import Styles
from pipeline.strings import Texts

WIDTHS = (16, 20, 26, 14, 10, 17, 12, 20, 26)
STEP_COLUMNS = (
    "report.col.group",
    "report.col.unit",
    "report.col.action",
    "report.col.owner",
    "report.col.due",
    "report.plans.col.state",
    "report.plans.col.acted",
    "report.plans.col.result",
    "report.col.blocker",
)
GROUP_COLUMNS = (
    "report.col.group",
    "report.plans.col.actions",
    *(f"report.state.{s}" for s in STATES),
    "report.plans.col.units_acted",
    "report.plans.col.acted_share",
)
DEPENDENCY_COLUMNS = (
    "report.col.group",
    "report.plans.col.waiting",
    "report.col.blocker",
    "report.plans.col.waits_for",
    "report.plans.col.weeks",
    "report.plans.col.its_group",
)


def plans(wb, st: Styles, t: Texts, data: ReportData):
    """The sheet; returns it and the row of its repeated header (the actions table's)."""
    ws = wb.add_worksheet(t("report.sheet.plans"))
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    write_text(ws, 0, 0, t("report.plans.first", week=data.week), st.title)
    write_text(ws, 1, 0, t("report.plans.note"), st.note)
    p = data.plans
    row = _heading(ws, st, t, 3, "report.plans.by_group", GROUP_COLUMNS)
    for g in p.groups:
        _group_row(ws, st, row, g.group, g.actions, g.counts, g.units_acted, g.acted_share, st.text, st.int)
        row += 1
    counts = {s: sum(g.counts[s] for g in p.groups) for s in STATES}
    units, acted = sum(g.units for g in p.groups), sum(g.units_acted for g in p.groups)
    total = t("report.plans.total")
    share = acted / units if units else None
    _group_row(ws, st, row, total, sum(counts.values()), counts, acted, share, st.sub["text"], st.sub["int"])

    row = _heading(ws, st, t, row + 2, "report.plans.deps", DEPENDENCY_COLUMNS)
    if not p.dependencies:
        write_text(ws, row, 0, t("report.plans.deps.none"), st.note)
        row += 1
    for d in p.dependencies:
        for col, value in enumerate((d.group, d.unit_name, d.blocker, d.on)):
            write_text(ws, row, col, value, st.wrap)
        ws.write_number(row, 4, d.weeks, st.flag if d.weeks >= 2 else st.int)
        write_text(ws, row, 5, d.on_group, st.wrap)
        fit_height(ws, row, [(d.blocker, WIDTHS[2]), (d.unit_name, WIDTHS[1]), (d.on, WIDTHS[3])])
        row += 1

    header = row + 1
    row = _heading(ws, st, t, header, "report.plans.all", STEP_COLUMNS)
    header += 1
    if not p.steps:
        write_text(ws, row, 0, t("report.plans.none"), st.note)
    state_fmt = {DONE: st.status["ahead"], BLOCKED: st.flag, OVERDUE: st.warn}
    for s in p.steps:
        due = str(s.due) if s.due else ""
        texts = (s.group, s.unit_name, s.action, s.owner, due)
        for col, value in enumerate(texts):
            write_text(ws, row, col, value, st.warn if col == 4 and s.state == OVERDUE else st.wrap)
        write_text(ws, row, 5, t(f"report.state.{s.state}"), state_fmt.get(s.state, st.wrap))
        acted = _acted(t, s, data.week)
        write_text(ws, row, 6, acted, st.wrap)
        write_text(ws, row, 7, s.result, st.wrap)
        write_text(ws, row, 8, s.blocker, st.wrap)
        shown = (*texts, "", acted, s.result, s.blocker)
        fit_height(ws, row, [(v, w) for v, w in zip(shown, WIDTHS, strict=True)])
        row += 1
    ws.autofilter(header, 0, max(row - 1, header), len(STEP_COLUMNS) - 1)
    return ws, header


def _heading(ws, st: Styles, t: Texts, row: int, title: str, columns: tuple[str, ...]) -> int:
    """A table's title line and its header row; returns the first row of its body."""
    write_text(ws, row, 0, t(title), st.headline)
    for col, key in enumerate(columns):
        ws.write_string(row + 1, col, t(key), st.head)
    ws.set_row(row + 1, 30)
    return row + 2


def _group_row(ws, st, row, name, actions, counts, acted, share, text_fmt, int_fmt) -> None:
    write_text(ws, row, 0, name, text_fmt)
    ws.write_number(row, 1, actions, int_fmt)
    for col, state in enumerate(STATES, start=2):
        ws.write_number(row, col, counts[state], int_fmt)
    ws.write_number(row, 6, acted, int_fmt)
    if share is None:
        ws.write_blank(row, 7, None, text_fmt)
    else:
        ws.write_number(row, 7, share, st.pct if text_fmt is st.text else st.sub["pct"])


def _acted(t: Texts, step, week) -> str:
    if step.week != week:
        return t("report.plans.stale", week=step.week.label())
    return {1: t("yes"), 0: t("no")}.get(step.acted, t("report.acted.unknown"))
