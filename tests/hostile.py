"""Generates the hostile-input test set, so nothing hostile sits in the repository as a binary.

``python -m tests.hostile TEMPLATE.xlsx OUTDIR`` writes every file; the tests call
``make_all`` directly. Each entry says what the file is and the code the
receipt must give (``None``: accepted, but its text must stay inert).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

BIG = 120 * 1024 * 1024  # over the default unpacked cap (100 MB)
INJECTIONS = [
    '=HYPERLINK("http://evil.example/x","klicka")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "＝1+1",
]


def _members(template: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(template) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes], big: tuple[str, Callable[[], io.RawIOBase]] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if big:
            with archive.open(big[0], "w", force_zip64=False) as member:
                for chunk in big[1]():
                    member.write(chunk)
    return out.getvalue()


def _repeated(head: bytes, unit: bytes, total: int, tail: bytes):
    def chunks():
        yield head
        block = unit * (1024 * 1024 // len(unit))
        for _ in range(total // len(block)):
            yield block
        yield tail

    return chunks


def raw_zip(members: list[tuple[str, bytes, int]]) -> bytes:
    """A zip written by hand: (name, data, declared uncompressed size). The declared size may lie."""
    body, central = io.BytesIO(), io.BytesIO()
    for name, data, declared in members:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        crc = zlib.crc32(data)
        offset = body.tell()
        encoded = name.encode()
        body.write(
            struct.pack(
                "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), declared, len(encoded), 0
            )
        )
        body.write(encoded + packed)
        central.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    count, cd = len(members), central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(cd), body.tell(), 0)
    return body.getvalue() + cd + end


def _lying(template: Path, size: int) -> bytes:
    members = [(n, d, len(d)) for n, d in _members(template).items()]
    data = b'<?xml version="1.0"?><sst xmlns="x">' + b"<si><t>A</t></si>" * (size // 17) + b"</sst>"
    members = [m for m in members if m[0] != "xl/sharedStrings.xml"] + [("xl/sharedStrings.xml", data, 1000)]
    return raw_zip(members)


def _replace(template: Path, name: str, data: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    members = _members(template)
    members[name] = data
    members.update(extra or {})
    return _zip(members)


def _sheet_with(template: Path, cell_xml: bytes, dimension: bytes | None = None) -> bytes:
    members = _members(template)
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b"</sheetData>", cell_xml + b"</sheetData>")
    if dimension:
        start = sheet.index(b"<dimension ref=")
        sheet = (
            sheet[:start] + b'<dimension ref="' + dimension + b'"/>' + sheet[sheet.index(b"/>", start) + 2 :]
        )
    members["xl/worksheets/sheet1.xml"] = sheet
    return _zip(members)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (i, b"".join(b"&lol%s;" % (b"" if i == 1 else str(i - 1).encode()) for _ in range(10)))
        for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t></si></sst>'
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def cases(template: Path) -> dict[str, tuple[Callable[[], bytes], str | None, str]]:
    """name -> (bytes maker, expected code or None for accepted, what it is)."""
    ct = _members(template)["[Content_Types].xml"]
    return {
        "bomb_shared_strings.xlsx": (
            lambda: _zip(
                {k: v for k, v in _members(template).items() if k != "xl/sharedStrings.xml"},
                ("xl/sharedStrings.xml", _repeated(b"<sst>", b"<si><t>AAAA</t></si>", BIG, b"</sst>")),
            ),
            "too-large-unpacked",
            "a shared-string zip bomb (120 MB unpacked, honest headers)",
        ),
        "bomb_lying_headers.xlsx": (
            lambda: _lying(template, BIG),
            "too-large-unpacked",
            "a zip bomb whose headers claim 1000 bytes",
        ),
        "lying_headers_small.xlsx": (
            lambda: _lying(template, 200_000),
            "unsafe-file",
            "a member whose real size is not the size in its header",
        ),
        "billion_laughs.xlsx": (
            lambda: _replace(template, "xl/sharedStrings.xml", LAUGHS),
            "unsafe-file",
            "billion laughs",
        ),
        "xxe.xlsx": (lambda: _replace(template, "xl/sharedStrings.xml", XXE), "unsafe-file", "XXE"),
        "doctype_after_64k.xlsx": (
            lambda: _replace(
                template,
                "xl/sharedStrings.xml",
                b'<?xml version="1.0"?><!--' + b" " * 200_000 + b"-->" + XXE[21:],
            ),
            "unsafe-file",
            "a DOCTYPE after 200 KB of comment",
        ),
        "far_corner.xlsx": (
            lambda: _sheet_with(template, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
            "sheet-too-large",
            "one cell at XFD1048576, the dimension left small",
        ),
        "far_corner_prefixed.xlsx": (
            lambda: _sheet_with(
                template, b" " * 70_000 + b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
            ),
            "sheet-too-large",
            "the far corner in tags with a namespace prefix (<x:c>), alone in its chunk",
        ),
        "far_corner_dimension.xlsx": (
            lambda: _sheet_with(template, b"", dimension=b"A1:XFD1048576"),
            "sheet-too-large",
            "a dimension of A1:XFD1048576",
        ),
        "far_corner_padded_tag.xlsx": (
            lambda: _sheet_with(
                template, b'<row r="1048576"><c' + b" " * 100_000 + b'r="XFD1048576"><v>1</v></c></row>'
            ),
            "sheet-too-large",
            "a cell tag padded with 100 KB of spaces before its reference",
        ),
        "many_cells_without_refs.xlsx": (
            lambda: _sheet_with(template, b'<row r="200">' + b"<c><v>1</v></c>" * 16_000 + b"</row>"),
            "sheet-too-large",
            "16,000 cells without references in row 200",
        ),
        "old_excel.xlsx": (
            lambda: OLE + b"Workbook".decode().encode("utf-16-le") * 4,
            "not-xlsx",
            ".xls renamed",
        ),
        "encrypted.xlsx": (
            lambda: OLE + "EncryptedPackage".encode("utf-16-le"),
            "encrypted",
            "an encrypted OLE file",
        ),
        "calc.xlsx": (
            lambda: _zip(
                {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
            ),
            "not-xlsx",
            ".ods renamed",
        ),
        "macros.xlsx": (
            lambda: _replace(
                template,
                "[Content_Types].xml",
                ct.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"),
                {"xl/vbaProject.bin": b"\x00" * 64},
            ),
            "macro-enabled",
            ".xlsm renamed",
        ),
        "table.xlsx": (lambda: "Enhet;Vecka;Värde\nE01;2026-W46;5\n".encode(), "not-xlsx", "CSV renamed"),
        "page.xlsx": (
            lambda: b"<html><body><table><tr><td>5</td></tr></table></body></html>",
            "not-xlsx",
            "HTML",
        ),
        "empty.xlsx": (lambda: b"", "not-xlsx", "an empty file"),
        "member_path.xlsx": (
            lambda: _replace(template, "../../evil.xml", b"<x/>"),
            "unsafe-file",
            "a member named ../../evil.xml",
        ),
    }


LATIN1_NAME = b"\xc5rsrapport_\xd6stra.xlsx"  # a name from an old Samba share: not UTF-8
UNREADABLE = "no_permission.xlsx"  # the service account may not read it (chmod 000; simulated for root)
UNMOVABLE = "open_in_excel.xlsx"  # cannot be moved now (a test makes its rename fail): it waits
HUGE = "huge_number.xlsx"  # 1e308 in a value cell: a valid double that would break every sum


def make_awkward(template: Path, folder: Path) -> dict[str, str | None]:
    """Writes the files whose trouble is not only in their bytes; returns the name as shown -> code.

    The name of the Latin-1 file is written as bytes, so it really is not UTF-8 on disk;
    it is shown (and expected) as "Årsrapport_Östra.xlsx", read as Windows-1252. ``UNMOVABLE`` maps
    to None: it is a good file that waits in the inbox while it cannot be moved.
    """
    from pipeline.template.fill import fill_template

    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), LATIN1_NAME), "wb") as handle:
        handle.write("Enhet;Vecka;Värde\nE01;2026-W46;5\n".encode("latin-1"))
    fill_template(template, folder / HUGE, week="2026-W46", values={"egen": 1e308, "praktik": 1})
    fill_template(template, folder / UNREADABLE, week="2026-W46", values={"egen": 1, "praktik": 1})
    (folder / UNREADABLE).chmod(0)
    fill_template(template, folder / UNMOVABLE, week="2026-W45", values={"egen": 2, "praktik": 1})
    return {
        "Årsrapport_Östra.xlsx": "not-xlsx",
        HUGE: "value-too-large",
        UNREADABLE: "unreadable-file",
        UNMOVABLE: None,
    }


def make_all(template: Path, folder: Path) -> dict[str, str | None]:
    """Writes every case into ``folder``; returns name -> expected code."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (make, code, _what) in cases(template).items():
        (folder / name).write_bytes(make())
        expected[name] = code
    return expected


if __name__ == "__main__":
    for name, code in make_all(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(f"{name}: {code}")
