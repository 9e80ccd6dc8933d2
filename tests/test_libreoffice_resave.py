"""A unit template filled in and then re-saved by LibreOffice Calc is still accepted.

A unit manager may open the template in LibreOffice and save it again as .xlsx:
the defined names, the hidden _meta sheet and the dropdown values must survive
that round trip, so the file is accepted, archived, stored in the ledger and
shown in the leadership workbook with the figures that were typed in.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from pipeline.commands import init_workspace, load, make_templates, run_ingest
from pipeline.ledger.store import Ledger
from pipeline.template.fill import fill_template
from pipeline.template.write import template_name

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)

NOW = datetime(2026, 11, 22, 18, 0)
WEEK = "2026-W46"


def test_template_resaved_by_libreoffice_is_accepted(tmp_path):
    root = tmp_path / "ws"
    init_workspace(root, date(2026, 11, 22))
    make_templates(root)
    plan = load(root).plan
    template = root / "templates" / template_name(plan.unit("E01"), "sv")
    filled = fill_template(
        template,
        tmp_path / "filled" / f"E01_{WEEK}.xlsx",
        week=WEEK,
        values={"egen": 3, "praktik": 1},
        actions=[{"acted": "Ja", "status": "Pågår", "result": "2 anställda"}],
        comment="Bra vecka",
    )

    # re-save through LibreOffice; the output keeps the base name, so it goes to another folder
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "resaved"),
            str(filled),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    resaved = tmp_path / "resaved" / filled.name
    assert resaved.exists(), f"LibreOffice wrote nothing: {done.stdout} {done.stderr}"
    with zipfile.ZipFile(resaved) as z:  # the file really is LibreOffice's, not our copy
        assert "LibreOffice" in z.read("docProps/app.xml").decode("utf-8")
    dropped = root / "inbox" / resaved.name
    shutil.copyfile(resaved, dropped)

    result, report = run_ingest(root, NOW, settle_seconds=0)

    assert len(result.records) == 1
    record = result.records[0]
    assert record.outcome == "accepted", [p.code for p in record.problems]
    assert (record.unit, record.week) == ("E01", WEEK)
    assert not dropped.exists()
    folder = root / "archive" / WEEK
    archived = [p for p in folder.iterdir() if not p.name.endswith(".kvittens.xlsx")]
    assert len(archived) == 1, archived

    with Ledger(root / "state" / "ledger.sqlite") as ledger:
        figures = ledger.figures()
        submissions = ledger.submissions()
        actions = ledger.actions()
    mine = figures[(figures.unit == "E01") & (figures.week == WEEK)].set_index("measure")["value"]
    assert mine.to_dict() == {"egen": 3, "praktik": 1}
    assert submissions[["unit", "week", "comment"]].values.tolist() == [["E01", WEEK, "Bra vecka"]]
    # the dropdown answers survive the re-save
    first = actions[actions.row == actions.row.min()].iloc[0]
    assert (first.acted, first.status, first.result) == (1, "in_progress", "2 anställda")

    # the leadership workbook shows the figure:
    # sheet "Enheter", column B the unit id, column D "Denna vecka"
    published = root / "outbox" / f"lagesrapport_{WEEK}.xlsx"
    assert report == published and published.exists()
    ws = load_workbook(published)["Enheter"]
    header = next(r for r in ws.iter_rows(max_col=4) if r[3].value == "Denna vecka")
    rows = [r for r in ws.iter_rows(min_row=header[0].row + 1, max_col=4) if r[1].value == "E01"]
    assert len(rows) == 1
    assert rows[0][3].value == 3
