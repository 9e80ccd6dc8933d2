"""Receipts (kvittenser): a small workbook beside every settled file that says what happened.

A rejected file's receipt lists every problem with its sheet, cell, the
value found and how to fix it. An accepted file's receipt lists what was
stored, so the unit manager can check that the system read what they meant;
warnings (a figure to check) are listed too, and the outcome then says
"accepted with warnings".

Every receipt is also one line in the running receipts log,
``outbox/kvittenser.log`` (``outbox/receipts.log`` in English): a plain text
file, newest line last, that administrators open in Notepad or any editor:

    2026-11-22 18:00 | nord.xlsx | Avvisad | enhet E01 | vecka 2026-W46 | not-a-number | rejected/...
"""

from __future__ import annotations

from pathlib import Path

from pipeline.excel.filled import Frame, Page, styles, write_filled
from pipeline.excel.writer import wrapped_height
from pipeline.intake import kinds
from pipeline.model import ERROR, NOTE, WARNING, Problem
from pipeline.plan.model import Plan
from pipeline.strings import Texts, shown_name, shown_time

SUFFIX = {"sv": ".kvittens.xlsx", "en": ".receipt.xlsx"}
LOG_NAME = {"sv": "kvittenser.log", "en": "receipts.log"}
# sheet, cell, code, value, message: every text wraps inside its column and its row grows to hold it
WIDTHS = (24, 12, 22, 18, 70)


def receipts_log_path(outbox: Path, language: str) -> Path:
    """The running receipts log: one line per settled file."""
    return outbox / LOG_NAME.get(language, LOG_NAME["sv"])


def receipt_line(
    *,
    received_at: str,
    file_name: str,
    outcome: str,
    problems: list[Problem],
    unit: str | None,
    week: str | None,
    where: str,
    language: str,
    previous: str = "",
) -> str:
    """One line of the receipts log, in the user's language (no newline)."""
    t = Texts(language)
    codes = ", ".join(sorted({p.code for p in problems if p.severity != NOTE})) or "-"
    parts = [
        shown_time(received_at),
        shown_name(file_name),
        t(f"receipt.log.{headline(outcome, problems)}"),
        t("receipt.log.unit", unit=unit or "?"),
        t("receipt.log.week", week=week or "?"),
        t("receipt.log.codes", codes=codes),
        t("receipt.log.where", where=where),
    ]
    if previous:  # a duplicate's earlier file is the same file, not one it replaces
        parts.append(
            t("receipt.log.same_as" if outcome == "duplicate" else "receipt.log.previous", previous=previous)
        )
    return " | ".join(part.replace("\n", " ").replace("|", "/") for part in parts)


def append_receipt_line(path: Path, line: str, once: bool = False) -> None:
    """Appends ``line`` to the receipts log; with ``once``, not if it is already there.

    One ``write`` of one line, in append mode, so lines from a crashed pass
    are never interleaved. ``once`` is used when a pass finishes a file that
    an interrupted pass may already have logged.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if once and path.exists() and line in path.read_text(encoding="utf-8", errors="replace"):
        return
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(line + "\n")


def headline(outcome: str, problems: list[Problem]) -> str:
    # "accepted" and "superseded" become "..._warnings" when a figure is flagged
    warned = any(p.severity == WARNING for p in problems)
    return f"{outcome}_warnings" if warned and outcome in ("accepted", "superseded") else outcome


def receipt_path(settled: Path, language: str) -> Path:
    return settled.with_name(settled.name + SUFFIX.get(language, SUFFIX["sv"]))


def write_receipt(path: Path, **facts) -> None:
    """Writes the receipt for one file: ``receipt_page``'s cells (its arguments are ``facts``)
    filled into the shape every receipt shares (``receipt_frame``, ``excel.filled``)."""
    write_filled(path, receipt_frame(facts["language"]), receipt_page(**facts))


_VERDICT = {"bold": True, "text_wrap": True, "valign": "top"}
_STYLES = styles(
    bold={"bold": True},
    title={"bold": True, "font_size": 14},
    good={**_VERDICT, "font_color": "#006100", "bg_color": "#C6EFCE"},
    bad={**_VERDICT, "font_color": "#9C0006", "bg_color": "#FFC7CE"},
    head={"bold": True, "bg_color": "#DDEBF7", "border": 1},
    wrap={"text_wrap": True, "valign": "top", "border": 1},
)


def receipt_frame(language: str) -> Frame:
    """What every receipt shares: its sheet, widths, styles, the verdict's merged range, landscape."""
    return Frame(
        sheet=Texts(language)("receipt.sheet"),
        widths=WIDTHS,
        styles=_STYLES,
        merges=((2, 1, 2, len(WIDTHS) - 1),),  # the verdict over the whole width, its fill behind all of it
    )


def receipt_page(
    *,
    file_name: str,
    received_at: str,
    outcome: str,
    problems: list[Problem],
    submission: object | None,
    plan: Plan,
    language: str,
    previous: str = "",
    kind: str = "",
) -> Page:
    """The cells of one file's receipt.

    Args:
        outcome: ``accepted``, ``superseded`` (accepted, replacing ``previous``),
            ``duplicate`` (same bytes as ``previous``) or ``rejected``.
        submission: what the file's kind read of it (None when nothing could be read).
        kind: the template kind that judged it: it says which rows the receipt shows
            (``pipeline.intake.kinds.TemplateKind.receipt_identity`` and ``receipt_stored``).
    """
    t = Texts(language)
    page = Page(title=t("receipt.title", file=file_name))
    page.put(0, 0, t("receipt.title", file=file_name), "title")
    page.put(2, 0, t("receipt.outcome"), "bold")
    said = t(f"receipt.outcome.{headline(outcome, problems)}", previous=previous)
    verdict = "bad" if outcome == "rejected" else "good"
    page.put(2, 1, said, verdict)
    for col in range(2, len(WIDTHS)):  # the merged range's other cells carry its fill
        page.put(2, col, None, verdict)
    _fit(page, 2, [(said, sum(WIDTHS[1:]))])
    page.put(3, 0, t("receipt.received"), "bold")
    page.put(3, 1, shown_time(received_at))
    row = 4
    judged_by = kinds.named(kind)
    if submission is not None:
        unit = plan.unit(submission.unit)
        page.put(row, 0, t("receipt.unit"), "bold")
        page.put(row, 1, f"{submission.unit} {unit.name if unit else ''}".strip())
        row += 1
        for key, value in judged_by.receipt_identity(submission):
            page.put(row, 0, t(key), "bold")
            page.put(row, 1, value)
            row += 1
    row += 1
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    shown = errors + warnings if outcome == "rejected" else warnings  # the errors first, then the rest
    if shown:
        page.put(row, 0, t("receipt.problems" if outcome == "rejected" else "receipt.warnings"), "bold")
        row += 1
        for col, name in enumerate(["sheet", "cell", "code", "value", "message"]):
            page.put(row, col, t(f"receipt.col.{name}"), "head")
        for problem in shown:
            row += 1
            values = [problem.sheet, problem.ref, problem.code, problem.value, problem.message(t)]
            for col, value in enumerate(values):
                page.put(row, col, None if value is None else str(value), "wrap")
            _fit(page, row, list(zip(values, WIDTHS, strict=True)))
        row += 2
    if submission is not None and outcome in ("accepted", "superseded"):
        page.put(row, 0, t("receipt.stored"), "bold")
        row += 1
        label, stored = judged_by.receipt_stored(submission, plan)
        page.put(row, 0, t(label), "head")
        page.put(row, 1, t("receipt.col.stored_value"), "head")
        for name, value in stored:
            if value is not None:
                row += 1
                page.put(row, 0, name, "wrap")
                page.put(row, 1, value, "wrap")
                _fit(page, row, [(name, WIDTHS[0])])
    return page


def _fit(page: Page, row: int, texts: list[tuple[object, float]]) -> None:
    """The row's height for its wrapped texts (``writer.wrapped_height``) when one line is too few."""
    height = wrapped_height(texts)
    if height is not None:
        page.heights[row] = height
