"""The unit template prints well: rendered to PDF by LibreOffice, every header and standing label whole.

LibreOffice clips a cell's text at a non-empty neighbour, so a header that does not fit its
cell loses letters in the PDF (``pdftotext``): "Antal denna vecka" once printed as "Antal denna v".
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.commands import make_templates, run_ingest
from pipeline.strings import Texts
from pipeline.template.names import ACTION_COLUMNS
from pipeline.template.write import template_name
from pipeline.weeks import IsoWeek
from tests.conftest import NOW

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)

W47 = IsoWeek.parse("2026-W47")


def _text(xlsx, out) -> str:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = out / xlsx.with_suffix(".pdf").name
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout


def test_every_header_and_standing_label_prints_whole(space, tmp_path):
    main = space.plan.main_measure
    space.drop("e01_w46.xlsx", week="2026-W46", values={main: 3, "praktik": 1})
    run_ingest(space.root, NOW, settle_seconds=0)
    make_templates(space.root, W47, NOW)
    xlsx = space.root / "templates" / template_name(space.plan.unit("E01"), "sv", W47)
    lines = _text(xlsx, tmp_path).splitlines()
    t = Texts("sv")
    single = [t("template.measure"), t("template.value"), t("template.measure_id")]
    single += [
        t("standing.title", week=W47),
        t("standing.target", week=W47),
        t("standing.actual", week=W47 - 1),
    ]
    single += [t("standing.needed", week=W47), t("standing.where"), "senast måndag 23 november 12:00"]
    for header in single:  # on one line, whole
        assert any(header in line for line in lines), header
    words = " ".join(lines).split()
    for column in ACTION_COLUMNS:  # may wrap in its cell, but every word whole
        for word in t(f"template.{column}").split():
            assert word in words, word
