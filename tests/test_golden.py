"""Golden files: three workbooks we write, compared part by part with committed expected ones.

As XlsxWriter's own test suite does, each output is compared with a known-good
workbook in ``tests/golden/``: a receipt for a file rejected with several
problems, a unit template, and a small leadership report. Each is built here
from scratch and deterministically: the example plan with a fixed "today"
(``conftest.TODAY``), three files filled with ``fill_template``, the real
``ingest`` at a fixed "now", and the real report.

What is compared: the zip's part names, in order, and every part's bytes. XML
parts are compared as text, and a failure shows a diff per part (one tag per
line) naming the part; every differing part is reported, not only the first.

What is ignored: nothing inside the parts. Building twice gives byte-identical
workbooks: the writer pins the creation date, and ingest and report take "now"
as an argument. Claim ids are random, but they appear only in the settled
files' names, never inside a workbook. The zip container around the parts
(compressed bytes, member timestamps) is not compared, because it depends on
the zlib build rather than on us.

A golden changes only on purpose. After a deliberate change to what we write
(or an XlsxWriter upgrade that changes its XML), regenerate, look at the
difference, and commit it with the change::

    PIPELINE_UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_golden.py
    git diff --stat tests/golden/

The update writes the goldens and skips the comparisons. It refuses to run when
``CI`` is set, so a CI job can never bless its own output.
"""

from __future__ import annotations

import difflib
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.commands import init_workspace, make_report, make_templates
from pipeline.intake.ingest import ingest
from tests.conftest import NOW, TODAY, Space

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PIPELINE_UPDATE_GOLDEN") == "1"
TEXT_PARTS = (".xml", ".rels", ".vml")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The three workbooks, by golden name, from one workspace built the same way every time."""
    root = tmp_path_factory.mktemp("golden") / "ws"
    init_workspace(root, TODAY)
    make_templates(root)
    space = Space(root)
    space.drop(
        "E01_v46.xlsx",
        unit="E01",
        values={"egen": 4, "praktik": 2},
        comment="Bra vecka",
        actions=[{"action": "Ringa arbetsgivare", "acted": "Ja", "blocker": ""}],
    )
    space.drop("E02_v46.xlsx", unit="E02", values={"egen": 1, "praktik": 0})
    several = {"egen": "5 st", "praktik": ""}  # not a number, a missing value, and a week outside the period
    space.drop("E03_several_problems.xlsx", unit="E03", week="2027-W30", values=several)
    result = ingest(space.ctx.workspace, space.plan, space.ctx.settings, NOW, None, settle_seconds=0)
    outcomes = {r.name: (r.outcome, sorted(p.code for p in r.problems)) for r in result.records}
    assert outcomes == {
        "E01_v46.xlsx": ("accepted", []),
        "E02_v46.xlsx": ("accepted", []),
        "E03_several_problems.xlsx": ("rejected", ["missing-value", "not-a-number", "week-outside-period"]),
    }
    (receipt,) = (root / "rejected").glob("*E03_several_problems.xlsx.kvittens.xlsx")
    return {
        "receipt_rejected_several_problems.xlsx": receipt,
        "template_E01.xlsx": space.template("E01"),
        "report_2026-W46.xlsx": make_report(root, NOW),
    }


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _lines(data: bytes) -> list[str]:
    # xlsxwriter writes most XML on one line: one tag per line makes a diff readable
    return data.decode("utf-8").replace("><", ">\n<").splitlines()


def differences(built: Path, golden: Path) -> list[str]:
    """What differs between two workbooks, part by part; empty when they are the same.

    Args:
        built: the workbook just written.
        golden: the expected workbook.

    Returns:
        One message per difference: the part names (and their order), then each
        part whose bytes differ, with a unified diff for an XML part.
    """
    got, want = _parts(built), _parts(golden)
    if list(got) != list(want):
        return [
            f"{golden.name}: the part names differ: missing {sorted(set(want) - set(got))}, "
            f"extra {sorted(set(got) - set(want))}, order built {list(got)} vs golden {list(want)}"
        ]
    found = []
    for name, expected in want.items():
        if got[name] == expected:
            continue
        if name.endswith(TEXT_PARTS):
            diff = difflib.unified_diff(
                _lines(expected), _lines(got[name]), f"golden {name}", f"built {name}", lineterm="", n=2
            )
            found.append(f"{golden.name}: part {name} differs:\n" + "\n".join(diff))
        else:
            sizes = f"{len(expected)} bytes in the golden, {len(got[name])} built"
            found.append(f"{golden.name}: binary part {name} differs ({sizes})")
    return found


NAMES = ["receipt_rejected_several_problems.xlsx", "template_E01.xlsx", "report_2026-W46.xlsx"]


@pytest.mark.parametrize("name", NAMES)
def test_the_workbook_matches_its_golden_file_part_by_part(built, name):
    golden = GOLDEN / name
    if UPDATE:
        if os.environ.get("CI"):
            pytest.fail("PIPELINE_UPDATE_GOLDEN is refused under CI: regenerate golden files by hand")
        GOLDEN.mkdir(exist_ok=True)
        shutil.copyfile(built[name], golden)
        pytest.skip(f"updated {golden.relative_to(GOLDEN.parent.parent)}; review the diff and commit it")
    assert golden.exists(), f"no golden file {golden}: see the module notes for PIPELINE_UPDATE_GOLDEN=1"
    problems = differences(built[name], golden)
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_a_change_in_one_part_is_reported_with_the_part_and_the_line(tmp_path):
    """The comparison itself can fail: one changed attribute in one part, one message naming both."""
    golden = GOLDEN / "receipt_rejected_several_problems.xlsx"
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(golden) as old, zipfile.ZipFile(changed, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'<sz val="14"/>', b'<sz val="15"/>', 1)
            new.writestr(info, data)
    (problem,) = differences(changed, golden)
    assert "part xl/styles.xml differs" in problem
    assert '-<sz val="14"/>' in problem and '+<sz val="15"/>' in problem
    assert differences(golden, golden) == []
