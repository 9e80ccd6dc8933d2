"""Receipts (kvittenser): a small workbook beside every settled file that says what happened.

A rejected file's receipt lists every problem with its sheet, cell, the
value found and how to fix it. An accepted file's receipt lists what was
stored, so the unit manager can check that the system read what they meant.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.plan.model import Plan
from pipeline.strings import Texts
from pipeline.validate import ERROR, Problem, Submission
from pipeline.xlsx import atomic_workbook, write_text

SUFFIX = {"sv": ".kvittens.xlsx", "en": ".receipt.xlsx"}


def receipt_path(settled: Path, language: str) -> Path:
    return settled.with_name(settled.name + SUFFIX.get(language, SUFFIX["sv"]))


def write_receipt(
    path: Path,
    *,
    file_name: str,
    received_at: str,
    outcome: str,
    problems: list[Problem],
    submission: Submission | None,
    plan: Plan,
    language: str,
    previous: str = "",
) -> None:
    """Writes the receipt for one file.

    Args:
        outcome: ``accepted``, ``superseded`` (accepted, replacing ``previous``),
            ``duplicate`` (same bytes as ``previous``) or ``rejected``.
    """
    t = Texts(language)
    with atomic_workbook(path, title=t("receipt.title", file=file_name)) as wb:
        bold = wb.add_format({"bold": True})
        title = wb.add_format({"bold": True, "font_size": 14})
        good = wb.add_format({"bold": True, "font_color": "#006100", "bg_color": "#C6EFCE"})
        bad = wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        ws = wb.add_worksheet(t("receipt.sheet"))
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 12)
        ws.set_column(2, 2, 22)
        ws.set_column(3, 3, 18)
        ws.set_column(4, 4, 70)
        write_text(ws, 0, 0, t("receipt.title", file=file_name), title)
        ws.write_string(2, 0, t("receipt.outcome"), bold)
        write_text(
            ws,
            2,
            1,
            t(f"receipt.outcome.{outcome}", previous=previous),
            bad if outcome == "rejected" else good,
        )
        ws.write_string(3, 0, t("receipt.received"), bold)
        write_text(ws, 3, 1, received_at.replace("T", " "))
        row = 4
        if submission is not None:
            unit = plan.unit(submission.unit)
            ws.write_string(row, 0, t("receipt.unit"), bold)
            write_text(ws, row, 1, f"{submission.unit} {unit.name if unit else ''}".strip())
            ws.write_string(row + 1, 0, t("receipt.week"), bold)
            write_text(ws, row + 1, 1, str(submission.week))
            row += 2
        row += 1
        errors = [p for p in problems if p.severity == ERROR]
        shown = errors if outcome == "rejected" else [p for p in problems if p.severity != ERROR]
        if shown:
            ws.write_string(row, 0, t("receipt.problems"), bold)
            row += 1
            columns = ["sheet", "cell", "code", "value", "message"]
            ws.write_row(row, 0, [t(f"receipt.col.{c}") for c in columns], head)
            for problem in shown:
                row += 1
                for col, value in enumerate(
                    [problem.sheet, problem.ref, problem.code, problem.value, problem.message(t)]
                ):
                    write_text(ws, row, col, value, wrap)
            row += 2
        if submission is not None and outcome in ("accepted", "superseded"):
            ws.write_string(row, 0, t("receipt.stored"), bold)
            row += 1
            ws.write_row(row, 0, [t("receipt.col.measure"), t("receipt.col.stored_value")], head)
            for measure in plan.measures:
                if measure.id in submission.values:
                    row += 1
                    write_text(ws, row, 0, measure.name, wrap)
                    ws.write_number(row, 1, submission.values[measure.id], wrap)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
