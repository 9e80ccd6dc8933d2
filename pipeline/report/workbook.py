"""Writes the consolidated leadership workbook from ``ReportData`` (xlsxwriter).

Every sheet's first cell says what it shows; headers are frozen; each sheet
prints landscape, one page wide, with the programme, week and the day it was made (ISO) in
the footer and its header row repeated on every page. Charts are built from the
shape of the table they plot. Text that came from a unit's file is always
written as a string (``write_text``), never a formula. Key figures are defined
names (``kf_actual``, ``kf_plan``, ``kf_gap``, ``kf_needed``, ``kf_goal``, ...)
so other tools can pick them up.

The sheets themselves are written by the ``sheets_*`` modules, in this order:
overview, units, trend, blockers and actions, the action plans, missing reports, month by month
(when last year's figures exist), data, log.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.excel.writer import atomic_workbook, print_setup
from pipeline.report import sheets_published as published
from pipeline.report.figures import ReportData
from pipeline.report.published import suppression
from pipeline.report.sheets_actions import plans
from pipeline.report.sheets_agenda import agenda, missing
from pipeline.report.sheets_base import Styles
from pipeline.report.sheets_overview import overview
from pipeline.report.sheets_tables import log, months, week_data
from pipeline.report.sheets_units import trend, units
from pipeline.strings import Texts


def write_report(data: ReportData, path: Path, language: str) -> Path:
    """Writes the workbook atomically to ``path`` and returns it.

    Args:
        data: every table of the report, from ``figures.build``.
        path: where the workbook appears (written to a temp file first).
        language: ``"sv"`` or ``"en"``.

    Returns:
        ``path``.
    """
    t = Texts(language)
    title = t("report.title", programme=data.plan.name, week=data.week)
    with atomic_workbook(path, title=title) as wb:
        st = Styles(wb)
        # the day the report was made, as text in ISO form: Excel's &D would print the day of
        # printing in the viewer's locale (12/02/2026), and the same ledger must give the same bytes
        made = data.generated.date().isoformat()
        footer = t("report.footer", programme=data.plan.name.replace("&", "&&"), week=data.week, made=made)
        writers = [overview, units]
        if data.trend is not None:
            writers.append(trend)
        writers.append(agenda)
        if data.plans is not None:
            writers.append(plans)
        writers.append(missing)
        if data.months is not None:
            writers.append(months)
        writers += [week_data, log]
        for write in writers:
            ws, header_row = write(wb, st, t, data)
            print_setup(ws, footer, header_row)
    return path


def write_published(data: ReportData, path: Path, language: str, threshold: int) -> Path:
    """Writes the publish-safe copy (``sheets_published``) atomically to ``path`` and returns it.

    Args:
        threshold: ``suppress_below``: a unit's count of people below it is hidden; 0 hides nothing.
    """
    t = Texts(language)
    title = t("report.publish.title", programme=data.plan.name, week=data.week)
    pub_texts = published.Published(t, data, suppression(data, threshold))
    with atomic_workbook(path, title=title) as wb:
        st = Styles(wb)
        made = data.generated.date().isoformat()
        footer = t("report.footer", programme=data.plan.name.replace("&", "&&"), week=data.week, made=made)
        writers = [published.overview, published.units]
        if data.trend is not None:
            writers.append(published.trend)
        writers.append(published.agenda)
        if data.plans is not None:
            writers.append(published.plans)
        for write in writers:
            ws, header_row = write(wb, st, t, data, pub_texts)
            print_setup(ws, footer, header_row)
        ws, header_row = missing(wb, st, t, data)
        pub_texts.line(ws, st, [10, 28, 22, 24])
        print_setup(ws, footer, header_row)
        if data.months is not None:  # the rule over the line that counts the months won
            ws, header_row = months(wb, st, t, data)
            pub_texts.line(ws, st, [12, 8, 10, 14, 10, 9, 10, 10])
            print_setup(ws, footer, header_row)
    return path


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while the leadership workbook is built.

    Reference counting still frees everything as usual; only the search for reference
    cycles waits. The report allocates a few hundred thousand small objects that all live
    until the workbook is written (xlsxwriter keeps one per cell), and the collector walked
    them again and again as they piled up: at 1,000 units about a third of the report's
    time. The collector runs again as soon as the workbook is written.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
