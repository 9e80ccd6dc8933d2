"""Reading a filled template: python-calamine's own errors become the same codes as before.

Each fixture is the real unit template with one part broken on purpose
(``damaged_styles_xml.xlsx`` and so on, made at test time). ``open_template``
is called directly, without the worker, so an exception it does not expect
fails the test instead of turning into ``unreadable`` at the worker's boundary.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import python_calamine

from pipeline.errors import FileProblem
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


# ---------------------------------------------------------------- the parts the guard hands over


def _prefixed(cell: str):
    """The sheet as a program that writes the main namespace with a prefix (``<x:c>``) saves it,
    with B9 holding ``cell`` (its inner XML and attributes)."""

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        text = text.replace('xmlns="http://schemas', 'xmlns:x="http://schemas', 1)
        text = re.sub(r"<(/?)(?!x:)([A-Za-z]+)(?=[\s/>])", r"<\1x:\2", text)
        return re.sub(r'<x:c r="B9"([^>]*?)(/>|>.*?</x:c>)', cell, text, flags=re.S).encode("utf-8")

    return change


FORMULA = '<x:c r="B9"><x:f>1+1</x:f></x:c>'  # no cached value
ERROR = '<x:c r="B9" t="e"><x:v>#N/A</x:v></x:c>'


@pytest.mark.parametrize(
    "cell, expected", [(FORMULA, (True, "")), (ERROR, (False, "#N/A"))], ids=["formula", "error"]
)
def test_a_prefixed_formula_or_error_is_found_by_the_byte_tests(space, tmp_path, cell, expected):
    """The quick substring tests before the patterns (``read._may_hold``) must not miss ``<x:f>``."""
    source = space.drop("draft.xlsx", values={"egen": 5, "praktik": 1})
    path = _break(source, tmp_path / "prefixed.xlsx", "xl/worksheets/sheet1.xml", _prefixed(cell))
    b9 = open_template(path, LIMIT).cells("pl_values")[0][0]
    assert (b9.address, b9.value, b9.uncalculated, b9.error) == ("Veckorapport!B9", "", *expected)


def _cells(template) -> dict:
    return {
        name: [[(c.address, c.value, c.uncalculated, c.error) for c in row] for row in template.cells(name)]
        for name in sorted(template.names)
        if template.cells(name) is not None
    }


def test_the_cells_are_the_same_whether_the_guard_keeps_the_parts_or_not(space, tmp_path, monkeypatch):
    """A part over ``KEEP_PART`` is read from the file again: the same cells, flags and errors."""
    from pipeline.intake import guard

    source = space.drop("draft.xlsx", values={"egen": 5, "praktik": 1})
    path = _break(source, tmp_path / "prefixed.xlsx", "xl/worksheets/sheet1.xml", _prefixed(FORMULA))
    assert "xl/workbook.xml" in guard.check_archive(path, LIMIT)
    kept = _cells(open_template(path, LIMIT))
    monkeypatch.setattr(guard, "KEEP_PART", 0)
    assert guard.check_archive(path, LIMIT) == {}
    assert _cells(open_template(path, LIMIT)) == kept
    assert kept["pl_values"][0][0] == ("Veckorapport!B9", "", True, "")


# The reader takes the parts the guard inflated, so the guard makes the checks zipfile makes
# when it reads a member: a changed byte, a local header that names another member, a
# feature flag we do not read. Each is a damaged file, never a figure read from it.


def _stored_with(space, tmp_path: Path) -> tuple[Path, str]:
    """A filled template with every member stored (not compressed), ``egen`` = 4711; and the
    member that holds the figure."""
    source = space.drop("draft.xlsx", folder="../draft", values={"egen": 4711, "praktik": 1})
    target = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        [member] = [i.filename for i in old.infolist() if b"<v>4711</v>" in old.read(i.filename)]
    return target, member


def _patched(path: Path, change) -> Path:
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))
    return path


def test_a_changed_byte_in_a_figure_is_a_damaged_file_not_a_figure(space, tmp_path):
    path, _ = _stored_with(space, tmp_path)
    assert validate(open_template(path, LIMIT), space.plan, TODAY, "")[0].values["egen"] == 4711

    def change(data: bytearray) -> None:
        at = data.index(b"<v>4711</v>")
        data[at : at + 11] = b"<v>4719</v>"  # the CRC-32 in the headers is the original's

    with pytest.raises(FileProblem) as problem:
        open_template(_patched(path, change), LIMIT)
    assert (problem.value.code, problem.value.value) == ("not-xlsx", "damaged")


@pytest.mark.parametrize("how", ["local-name", "strong-encryption-flag", "patched-data-flag"])
def test_a_local_header_zipfile_would_refuse_is_a_damaged_file(space, tmp_path, how):
    path, member = _stored_with(space, tmp_path)
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset

    def change(data: bytearray) -> None:
        if how == "local-name":
            data[offset + 30] = ord("X")  # the local header names another member than the directory
        else:
            data[offset + 6] |= 0x40 if how == "strong-encryption-flag" else 0x20

    with pytest.raises(FileProblem) as problem:
        open_template(_patched(path, change), LIMIT)
    assert (problem.value.code, problem.value.value) == ("not-xlsx", "damaged")


def test_a_defined_name_over_millions_of_cells_costs_no_memory_until_it_is_read(space, tmp_path):
    """A name the template does not have, over 4 million cells: the formula and error check
    looks at ranges, not at each cell's name (it held about 400 MB for this file)."""
    import tracemalloc

    source = space.drop("draft.xlsx", folder="../draft", values={"egen": 3, "praktik": 1})
    junk = b"<definedName name=\"junk\">'Veckorapport'!$A$1:$Z$160000</definedName>"
    path = _break(
        source,
        tmp_path / "junk_name.xlsx",
        "xl/workbook.xml",
        lambda d: d.replace(b"</definedNames>", junk + b"</definedNames>"),
    )
    tracemalloc.start()
    try:
        template = open_template(path, LIMIT)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert validate(template, space.plan, TODAY, "")[0].values["egen"] == 3
    assert peak < 50_000_000
