"""Reading a filled template: python-calamine's own errors become the same codes as before.

Each fixture is the real unit template with one part broken on purpose
(``damaged_styles_xml.xlsx`` and so on, made at test time). ``open_template``
is called directly, without the worker, so an exception it does not expect
fails the test instead of turning into ``unreadable`` at the worker's boundary.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import python_calamine

from pipeline.intake.guard import FileProblem
from pipeline.intake.read import open_template
from pipeline.intake.validate import validate
from tests.conftest import TODAY

LIMIT = 10_000_000


def _break(source: Path, target: Path, member: str, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            data = change(data) if info.filename == member else data
            if data is not None:
                new.writestr(info.filename, data)
    return target


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def test_the_installed_python_calamine_has_the_error_types_we_catch():
    for name in ("XmlError", "ZipError", "PasswordError", "WorksheetNotFound"):
        assert issubclass(getattr(python_calamine, name), python_calamine.CalamineError), name


@pytest.mark.parametrize(
    "member, value",
    [
        ("xl/styles.xml", "XmlError"),  # calamine parses styles when it opens the workbook
        ("xl/_rels/workbook.xml.rels", "XmlError"),
    ],
)
def test_a_part_calamine_cannot_parse_on_opening_is_unreadable(space, tmp_path, member, value):
    source = space.drop("draft.xlsx", folder="../draft")
    path = _break(source, tmp_path / f"damaged_{member.rsplit('/', 1)[-1]}.xlsx", member, _half)
    with pytest.raises(FileProblem) as problem:
        open_template(path, LIMIT)
    assert (problem.value.code, problem.value.value) == ("unreadable", value)


@pytest.mark.parametrize("change", [_half, lambda data: None], ids=["broken_sheet_xml", "missing_sheet_xml"])
def test_a_sheet_calamine_cannot_read_leaves_its_names_missing(space, tmp_path, change):
    """XmlError and WorksheetNotFound on the data sheet: its names are missing, so it is not our template."""
    source = space.drop("draft.xlsx", folder="../draft")
    path = _break(source, tmp_path / "sheet.xlsx", "xl/worksheets/sheet1.xml", change)
    _, problems = validate(open_template(path, LIMIT), space.plan, TODAY)
    assert "unknown-template" in {p.code for p in problems}
