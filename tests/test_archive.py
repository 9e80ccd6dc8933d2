"""The week's archive copy: the CSV says what the data export says, the PDF is PDF/A-2 and prints as
the workbook prints, and LibreOffice missing, hung or failing is a named error that leaves nothing behind.

The workspace is real: units' files (one named like a formula, one with a held figure) go through
intake, the report and the data export; the CSV is then read back with the csv module and the
export with openpyxl, cell by cell as text. LibreOffice's misbehaviour is played by small shell
scripts passed as ``soffice``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.commands import init_workspace, make_export, make_templates, run_ingest
from pipeline.ledger.store import Ledger
from pipeline.report.archive import ArchiveError, csv_name, pdf_name, write_csv, write_pdf
from pipeline.report.export import COLUMNS, export_name
from pipeline.service.outbox import report_names
from pipeline.strings import Texts
from tests.conftest import NOW, TODAY, Space
from tests.printed import needs_libreoffice, page_count, render

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")
posix_only = pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")

EVIL_NAME = '=HYPERLINK("x").xlsx'
FILES = (  # name, unit, week, egen: E04's 500 is far above anything it could do, so it is held
    ("E01_2026-W45.xlsx", "E01", "2026-W45", 4),
    ("E02_2026-W45.xlsx", "E02", "2026-W45", 2),
    ("E01_2026-W46.xlsx", "E01", "2026-W46", 5),
    (EVIL_NAME, "E03", "2026-W46", 1),
    ("@SUM(A1) rapport.xlsx", "E05", "2026-W46", 0),
    ("E04 vecka 46 – Östra å ä ö.xlsx", "E04", "2026-W46", 500),
)
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    """A workspace whose files went through intake: the report and the data export are written."""
    root = tmp_path_factory.mktemp("archive") / "ws"
    init_workspace(root, TODAY)
    make_templates(root)
    space = Space(root)
    for name, unit, week, egen in FILES:
        space.drop(name, unit=unit, week=week, values={"egen": egen, "praktik": 1})
    result, report = run_ingest(root, NOW, settle_seconds=0)
    assert result.count("accepted") == len(FILES), [(r.name, r.outcome, r.problems) for r in result.records]
    export = make_export(root)
    with Ledger(space.ctx.workspace.ledger_file) as ledger:
        figures = ledger.figures()
    yield space, report, export, figures
    space.ctx.session.close()


def _as_text(cell) -> str:
    """A cell of the xlsx export as the CSV writes it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if "h" in cell.number_format else value.date().isoformat()
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return "'" + value if value.startswith(FORMULA_LIKE) else value


def test_the_csv_holds_the_data_export_row_by_row(reported, tmp_path):
    space, _, export, figures = reported
    path = write_csv(space.plan, figures, tmp_path / csv_name("sv"), "sv")
    assert path.name == "dataexport.csv" == Path(export_name("sv")).with_suffix(".csv").name
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8, so "Östra" stays "Östra"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(export)["Data"]
    expected = [[_as_text(cell) for cell in row] for row in sheet.iter_rows()]
    assert len(rows) == len(expected) == len(figures) + 1 == 2 * len(FILES) + 1
    for number, (got, want) in enumerate(zip(rows, expected, strict=True), start=1):
        assert got == want, f"row {number}"
    assert rows[0][1] == "Veckans måndag" and rows[0][-1] == "Väntar på kontroll"
    assert raw.count(b"\r\n") == len(rows) and b"\n" not in raw.replace(b"\r\n", b"")


def test_a_formula_in_a_file_name_stays_text(reported, tmp_path):
    space, _, _, figures = reported
    path = write_csv(space.plan, figures, tmp_path / "export.csv", "sv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    files = {row[9] for row in rows[1:]}
    assert "'" + EVIL_NAME in files and EVIL_NAME not in files
    assert "'@SUM(A1) rapport.xlsx" in files
    assert b'"\'=HYPERLINK(""x"").xlsx"' in path.read_bytes()  # RFC 4180: quoted, its quotes doubled
    held = [row for row in rows[1:] if row[10]]
    assert [(r[3], r[5], r[7], r[10]) for r in held] == [("E04", "egen", "500", "Ja")]
    assert "E04 vecka 46 – Östra å ä ö.xlsx" in files


def test_numbers_dates_and_order_read_the_same_in_any_locale(reported, tmp_path):
    space, _, _, _ = reported
    figures = pd.DataFrame(
        [
            ("E02", "2026-W47", "egen", 1234567.0, "2026-11-16T08:03:27", "-1.xlsx", 0),
            ("E01", "2026-W47", "praktik", 0.00001, "2026-11-16T08:03:00", "\tb.xlsx", 0),
            ("E01", "2026-W47", "egen", 2.5, "2026-11-16T08:03:00", "a.xlsx", 1),
            ("E01", "2026-W46", "egen", 3.0, "2026-11-09T17:59:59", 'z, "quoted".xlsx', 0),
        ],
        columns=["unit", "week", "measure", "value", "received_at", "file", "held"],
    )
    target = tmp_path / "out" / csv_name("en")
    target.parent.mkdir()
    target.write_text("an older copy", encoding="utf-8")
    assert write_csv(space.plan, figures, target, "en") == target
    rows = list(csv.reader(target.open(encoding="utf-8-sig", newline="")))
    t = Texts("en")
    assert target.name == "data-export.csv" and rows[0] == [t(label) for _, label, _ in COLUMNS]
    got = [(r[0], r[1], r[3], r[5], r[7], r[8], r[9], r[10]) for r in rows[1:]]
    assert got == [
        ("2026-W46", "2026-11-09", "E01", "egen", "3", "2026-11-09 17:59", 'z, "quoted".xlsx', ""),
        ("2026-W47", "2026-11-16", "E01", "egen", "2.5", "2026-11-16 08:03", "a.xlsx", "Yes"),
        ("2026-W47", "2026-11-16", "E01", "praktik", "0.00001", "2026-11-16 08:03", "'\tb.xlsx", ""),
        ("2026-W47", "2026-11-16", "E02", "egen", "1234567", "2026-11-16 08:03", "'-1.xlsx", ""),
    ]
    assert sorted(p.name for p in target.parent.iterdir()) == ["data-export.csv"]  # no temp file left


def test_the_pdf_is_named_as_the_workbook_is():
    for language in ("sv", "en"):
        dated, _ = report_names("2026-W47", language)
        assert pdf_name("2026-W47", language) == Path(dated).with_suffix(".pdf").name
    assert pdf_name("2026-W47", "sv") == "lagesrapport_2026-W47.pdf"


@needs_libreoffice
def test_the_pdf_is_pdfa2_and_prints_as_the_workbook_prints(reported, tmp_path):
    _, report, _, _ = reported
    target = tmp_path / "outbox" / pdf_name("2026-W46", "sv")
    assert write_pdf(report, target, tmp_path / "lo-profile") == target
    meta = subprocess.run(["pdfinfo", "-meta", str(target)], capture_output=True, text=True, check=True)
    assert re.search(r"<pdfaid:part>\s*2\s*</pdfaid:part>", meta.stdout), meta.stdout
    assert page_count(target) == page_count(render(report, tmp_path / "plain"))
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # its temp folder is gone


def _fake_soffice(folder: Path, body: str) -> Path:
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for init to reap it is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@posix_only
def test_a_hung_libreoffice_is_killed_with_its_children(reported, tmp_path):
    _, report, _, _ = reported
    pids = tmp_path / "pids"
    fake = _fake_soffice(  # like soffice: a launcher that waits for the real program, its child
        tmp_path, f'echo $$ > "{pids}"\nsleep 60 &\necho $! >> "{pids}"\nwait\n'
    )
    target = tmp_path / "outbox" / "report.pdf"
    started = time.monotonic()
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, target, tmp_path / "lo", timeout_seconds=2, soffice=str(fake))
    assert time.monotonic() - started < 10
    assert raised.value.key == "archive.error.timeout" and "2 sekunder" in raised.value.shown("sv")
    launched = [int(line) for line in pids.read_text().split()]
    assert len(launched) == 2
    deadline = time.monotonic() + 2
    while any(_running(pid) for pid in launched) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in launched if _running(pid)] == []
    assert not target.exists() and list(target.parent.iterdir()) == []


@posix_only
def test_a_failing_libreoffice_says_its_code_and_last_words(reported, tmp_path):
    _, report, _, _ = reported
    fake = _fake_soffice(tmp_path, "echo 'Warning: javaldx' >&2\necho 'Error: boom' >&2\nexit 3\n")
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, tmp_path / "out.pdf", tmp_path / "lo", soffice=str(fake))
    assert raised.value.key == "archive.error.failed"
    assert "kod 3 (Error: boom)" in raised.value.shown("sv") and "code 3 (Error: boom)" in str(raised.value)


@posix_only
def test_a_libreoffice_that_writes_no_pdf_or_no_pdfa_is_refused(reported, tmp_path):
    _, report, _, _ = reported
    silent = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 0\n")
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, tmp_path / "out" / "a.pdf", tmp_path / "lo", soffice=str(silent))
    assert raised.value.key == "archive.error.no-pdf" and "could not be loaded" in str(raised.value)
    plain = _fake_soffice(  # an old LibreOffice: a PDF, but not PDF/A
        tmp_path,
        'while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out=$2; last=$1; shift; done\n'
        'mkdir -p "$out" && printf "%%PDF-1.6\\n" > "$out/$(basename "$last" .xlsx).pdf"\n',
    )
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, tmp_path / "out" / "a.pdf", tmp_path / "lo", soffice=str(plain))
    assert raised.value.key == "archive.error.not-pdfa"
    assert list((tmp_path / "out").iterdir()) == []


def test_a_missing_libreoffice_says_how_to_install_it(reported, tmp_path, monkeypatch):
    _, report, _, _ = reported
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, tmp_path / "out.pdf", tmp_path / "lo", soffice="/nonexistent")
    assert raised.value.key == "archive.error.not-installed"
    assert "apt-get install libreoffice-calc" in raised.value.shown("sv")
    assert "libreoffice.org" in str(raised.value)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # neither soffice nor libreoffice on the PATH
    with pytest.raises(ArchiveError) as raised:
        write_pdf(report, tmp_path / "out.pdf", tmp_path / "lo")
    assert raised.value.key == "archive.error.not-installed" and not (tmp_path / "out.pdf").exists()


def test_pipeline_export_writes_the_csv_beside_the_workbook(reported):
    space, _, export, figures = reported
    plain = export.with_name(csv_name("sv"))
    assert export.name == export_name("sv") and plain.is_file()
    rows = list(csv.reader(io.StringIO(plain.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(figures) + 1
    assert "'" + EVIL_NAME in [cell for row in rows for cell in row]  # the unit's file name, never a formula


@needs_libreoffice
def test_report_with_pdf_writes_the_archive_copy_beside_the_workbook(reported):
    from pipeline.commands import make_report

    space, _, _, _ = reported
    path = make_report(space.root, NOW, pdf=True)
    pdf = path.with_name(pdf_name("2026-W46", "sv"))
    assert path.name == "lagesrapport_2026-W46.xlsx" and pdf.is_file()
    assert (
        b"pdfaid" in pdf.read_bytes()
        or "pdfaid:part"
        in subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    )


def test_a_pdf_that_cannot_be_made_never_fails_the_report_with_the_setting(reported, monkeypatch, caplog):
    from pipeline.commands import make_report
    from pipeline.report import archive

    space, _, _, _ = reported
    settings = space.root / "pipeline.toml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before.replace("archive_pdf = false", "archive_pdf = true"), encoding="utf-8")
    monkeypatch.setattr(archive.shutil, "which", lambda name: None)  # no LibreOffice on this machine
    try:
        path = make_report(space.root, NOW)
        assert path.is_file()
        assert "The archive copy (PDF) was not written" in caplog.text
        with pytest.raises(ArchiveError, match="apt-get install libreoffice-calc"):
            make_report(space.root, NOW, pdf=True)  # asked for by hand: said, in one line
    finally:
        settings.write_text(before, encoding="utf-8")


@needs_libreoffice
def test_report_with_publish_and_pdf_writes_both_copies(reported, monkeypatch, capsys):
    """``--publish`` alone writes the publish-safe copy only; with ``--pdf`` the workbook and its
    archive copy are written too (before, ``--pdf`` was silently dropped)."""
    from pipeline.cli import main

    space, _, _, _ = reported
    outbox = space.ctx.workspace.outbox
    for old in outbox.glob("lagesrapport_2026-W46*"):
        old.unlink()
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())
    assert main(["report", "--workspace", str(space.root), "--publish", "--pdf"]) == 0
    said = capsys.readouterr().out
    names = sorted(p.name for p in outbox.glob("lagesrapport_2026-W46*"))
    stem = "lagesrapport_2026-W46"
    assert names == [f"{stem}.pdf", f"{stem}.xlsx", f"{stem}_publicerbar.xlsx"]
    assert all(name in said for name in names), said
