"""The week's archive copy: the data export as CSV, the leadership workbook as PDF/A-2.

Workbooks are for working in; an archive wants files that any tool reads in twenty years.

* ``write_csv`` writes the rows and columns of the data export (``report.export``) as CSV
  (RFC 4180), with its text guarded against formula injection: unit file names come from users.
* ``write_pdf`` prints the leadership workbook to PDF/A-2 with LibreOffice, in a process group
  of its own that is killed whole on a timeout, so a hung LibreOffice never hangs the caller.

Both write atomically (a temp file in the target folder, then ``os.replace``): nobody ever
sees half a file. ``tests/test_archive.py`` reads both back.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipeline.errors import PipelineError
from pipeline.excel.writer import FORMULA_STARTS, make_shareable
from pipeline.plan.model import Plan
from pipeline.report.export import COLUMNS, export_name
from pipeline.strings import Phrase, Texts, tell
from pipeline.weeks import IsoWeek

log = logging.getLogger(__name__)

# LibreOffice 7.4 takes a filter's options as JSON after the filter name; version 2 is PDF/A-2b.
# (An older LibreOffice would not read them: ``_is_pdfa2`` checks what was written.)
PDF_A2 = 'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
_PDFA_PART_2 = re.compile(rb"<pdfaid:part>\s*2\s*</pdfaid:part>|pdfaid:part\s*=\s*[\"']2[\"']")


class ArchiveError(PipelineError):
    """The archive copy cannot be made: LibreOffice is missing, hung, failed, or wrote no PDF/A."""


def csv_name(language: str) -> str:
    """The CSV copy of the data export: ``dataexport.csv`` (``data-export.csv`` in English)."""
    return Path(export_name(language)).with_suffix(".csv").name


def pdf_name(week: object, language: str) -> str:
    """The PDF copy of the week's workbook, under the workbook's own stem: ``lagesrapport_2026-W47.pdf``
    (``status-report_2026-W47.pdf`` in English; see ``service.outbox.report_names``)."""
    return f"{Texts(language)('report.file')}_{week}.pdf"


def write_csv(plan: Plan, figures: pd.DataFrame, path: Path, language: str) -> Path:
    """Writes every current figure (``Ledger.figures()``) to ``path`` as CSV, oldest week first.

    The rows, columns and order are those of ``write_export``; the header row is in
    ``language``. The file is RFC 4180 (comma, ``\\r\\n``, quotes only where needed) in
    UTF-8 with a byte order mark (``utf-8-sig``): without the mark, Excel opens a CSV in
    the machine's ANSI code page and a Swedish Windows shows "Ã¶" for "ö". Dates are
    ISO (``2026-11-16``), times ``2026-11-16 08:03``, numbers have a decimal point and
    no thousands separator (a whole number has no ``.0``), so that Excel and any other
    tool read them whatever the locale.

    Text that starts like a formula (``= + - @``, a tab or a carriage return, or their
    fullwidth forms: ``excel.writer.FORMULA_STARTS``) gets a leading ``'``: unit file names
    come from users, and a spreadsheet would otherwise run ``=HYPERLINK(...)`` as a formula.

    Raises:
        OSError: the folder is not writable, or the final replace failed; the temp file is
            removed either way.
    """
    t = Texts(language)
    units = {u.id: u for u in plan.units}
    measures = {m.id: m for m in plan.measures}
    frame = figures.sort_values(["week", "unit", "measure"], kind="stable")
    with _atomic(path, ".csv") as out:
        with open(out, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow([_text(t(label)) for _, label, _ in COLUMNS])
            week_cache: dict[str, str] = {}
            for rec in frame.itertuples(index=False):
                unit, measure = units.get(rec.unit), measures.get(rec.measure)
                if rec.week not in week_cache:
                    week_cache[rec.week] = IsoWeek.parse(rec.week).monday().isoformat()
                row = {
                    "week": _text(rec.week),
                    "week_start": week_cache[rec.week],
                    "group": _text(unit.group if unit else ""),
                    "unit": _text(rec.unit),
                    "name": _text(unit.name if unit else ""),
                    "measure": _text(rec.measure),
                    "measure_name": _text(measure.name if measure else ""),
                    "value": _number(rec.value),
                    "received": datetime.fromisoformat(rec.received_at).strftime("%Y-%m-%d %H:%M"),
                    "file": _text(rec.file),
                    "held": t("yes") if rec.held else "",
                }
                writer.writerow([row[key] for key, _, _ in COLUMNS])
            stream.flush()
            os.fsync(stream.fileno())
    return path


def _text(value: object) -> str:
    """Text as a cell of the CSV: with a leading ``'`` if it starts like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: object) -> str:
    """``3``, ``2.5``, ``0.00001``: a point, no exponent, no thousands separator; empty if not finite."""
    number = float(value)
    if not math.isfinite(number):
        return ""  # as the workbook writes it (``excel.writer.FiniteWorksheet``)
    if number.is_integer():
        return str(int(number))
    return format(Decimal(repr(number)), "f")  # the shortest text that reads back as the same float


def write_pdf(
    xlsx: Path, pdf: Path, profile: Path, timeout_seconds: float = 120.0, soffice: str | None = None
) -> Path:
    """Prints ``xlsx`` to ``pdf`` as PDF/A-2b with LibreOffice, in a process of its own.

    The command is ``soffice -env:UserInstallation=<profile URI> --headless --norestore
    --convert-to 'pdf:calc_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    --outdir <temp folder> <xlsx>``. The JSON filter options work from LibreOffice 7.4
    (checked on 7.4.7: the PDF's XMP metadata says ``pdfaid:part`` 2, conformance B). An
    older LibreOffice does not read JSON options and would most likely write a plain PDF
    (not tried here): the PDF's metadata is checked, and a PDF that is no PDF/A-2 is refused
    (``not-pdfa``) rather than archived as one. LibreOffice exits 0 even when it cannot load
    the workbook: only the PDF it leaves says whether it worked.

    LibreOffice runs in a session and process group of its own; after ``timeout_seconds``
    the whole group is killed (its ``soffice.bin`` too) and waited for. The PDF is written
    in a temp folder next to ``pdf`` and moved into place with ``os.replace``.

    Args:
        profile: LibreOffice's user profile folder (made on first use). LibreOffice hands a
            job to an instance already running on the same profile, so give each caller
            that may run at the same time its own.
        soffice: the LibreOffice program; by default ``soffice`` or ``libreoffice`` on the PATH.

    Raises:
        ArchiveError: LibreOffice is not installed, did not finish in time, failed, or wrote
            no PDF/A-2; ``pdf`` is then left as it was.
    """
    program = soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if not program:
        raise ArchiveError(key="archive.error.not-installed", soffice="soffice")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=pdf.parent))
    try:
        out = work / "pdf"
        command = [
            program,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_A2,
            "--outdir",
            str(out),
            str(Path(xlsx).resolve()),
        ]
        code, said = _run_alone(command, work / "stderr.txt", timeout_seconds, xlsx.name)
        if code != 0:
            raise ArchiveError(key="archive.error.failed", name=xlsx.name, code=code, said=said)
        made = sorted(out.glob("*.pdf")) if out.is_dir() else []
        if not made:
            raise ArchiveError(key="archive.error.no-pdf", name=xlsx.name, said=said)
        if not _is_pdfa2(made[0]):
            raise ArchiveError(key="archive.error.not-pdfa", name=xlsx.name, soffice=program)
        with open(made[0], "rb") as stream:
            os.fsync(stream.fileno())
        make_shareable(made[0])
        os.replace(made[0], pdf)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return pdf


def _run_alone(command: list[str], errors: Path, timeout_seconds: float, name: str) -> tuple[int, object]:
    """Runs ``command`` in a new session; returns its exit code and the last line it wrote to stderr.

    Its stderr goes to the file ``errors``, not to a pipe: a grandchild that keeps a pipe
    open could make reading it hang after the process itself is gone.
    """
    with open(errors, "wb") as stderr:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
            raise ArchiveError(key="archive.error.not-installed", soffice=command[0]) from exc
        try:
            code = process.wait(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            raise ArchiveError(
                key="archive.error.timeout", name=name, seconds=f"{timeout_seconds:g}"
            ) from None
        finally:
            _kill_group(process)  # all of it on a timeout or an interrupt, what it left running otherwise
    return code, _last_line(errors)


def _kill_group(process: subprocess.Popen) -> None:
    """Kills every process of ``process``'s group (it leads it: ``start_new_session``) and reaps it."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:  # Windows: no process groups to kill
        process.kill()
    process.wait()


def _last_line(errors: Path) -> object:
    """The last line that is not empty of the file ``errors``, or a phrase that says there was none."""
    lines = [line.strip() for line in errors.read_text("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:300] if lines else Phrase("archive.error.nothing-said")


def _is_pdfa2(pdf: Path) -> bool:
    """Whether the PDF's XMP metadata says PDF/A part 2 (LibreOffice writes that stream uncompressed)."""
    return _PDFA_PART_2.search(pdf.read_bytes()) is not None


@contextlib.contextmanager
def _atomic(path: Path, suffix: str):
    """Yields a temp file next to ``path`` that replaces ``path`` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        make_shareable(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def archive_copy(workspace, settings, workbook: Path, week: object, required: bool) -> Path | None:
    """The week's archive copy (PDF/A-2) of ``workbook``, published in ``outbox/`` as ``pdf_name``.

    Raises:
        ArchiveError: only when ``required`` (``pipeline report --pdf``); with the setting
            ``archive_pdf`` the failure is logged instead and the report stands.
    """
    from pipeline.service.outbox import publish

    state = workspace.state
    try:
        made = write_pdf(workbook, state / "report.pdf", state / "lo-profile", settings.pdf_timeout_seconds)
    except ArchiveError as exc:
        if required:
            raise
        tell(log, logging.WARNING, "mail.log.no-archive-pdf", error=Phrase(exc.key, **exc.facts))
        return None
    return publish(made, workspace.outbox / pdf_name(week, settings.language))
