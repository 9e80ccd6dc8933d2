"""Checks a file's bytes before any parser touches them (standard library only).

A unit's file may be anything: a CSV renamed to .xlsx, an old .xls, an
encrypted workbook, a macro workbook, or a zip bomb. Each gets its own code,
so the receipt can say what the file really is and how to fix it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XML_CHECK = 64 * 1024  # bytes read from the start of each XML part for DOCTYPE/ENTITY

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileProblem(Exception):
    """The file as a whole cannot be taken: ``code`` is a validation code, ``value`` a fact."""

    def __init__(self, code: str, value: object = ""):
        super().__init__(code, value)
        self.code = code
        self.value = value


def sniff(head: bytes) -> str:
    """What a file that is not a zip really is: ``ole``, ``html``, ``pdf``, ``csv`` or ``unknown``."""
    if head.startswith(OLE_MAGIC):
        return "ole"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return "html"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head and b"\x00" not in head and (b";" in head or b"," in head or b"\t" in head):
        return "csv"
    return "unknown"


def check_archive(path: Path, max_bytes: int) -> None:
    """Raises FileProblem unless ``path`` is a plausible, safe xlsx container.

    Checks, in order: size, magic bytes, zip structure, member sizes, macro
    parts, the workbook part, and DOCTYPE/ENTITY declarations in XML parts.
    """
    size = path.stat().st_size
    if size == 0:
        raise FileProblem("not-xlsx", "empty")
    if size > max_bytes:
        raise FileProblem("too-large", round(size / 1_000_000, 1))
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.startswith(ZIP_MAGIC):
        kind = sniff(head)
        if kind == "ole":
            # an encrypted xlsx is an OLE container with an EncryptedPackage stream
            with path.open("rb") as handle:
                body = handle.read(min(size, 1_000_000))
            if "EncryptedPackage".encode("utf-16-le") in body:
                raise FileProblem("encrypted")
            raise FileProblem("not-xlsx", "xls")
        raise FileProblem("not-xlsx", kind)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FileProblem("not-xlsx", "damaged") from None
    with archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_MEMBERS or len(set(names)) != len(names):
            raise FileProblem("unsafe-file", "zip")
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise FileProblem("too-large", round(sum(i.file_size for i in infos) / 1_000_000, 1))
        if any(n.startswith(("/", "\\")) or ".." in n.split("/") for n in names):
            raise FileProblem("unsafe-file", "path")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise FileProblem("macro-enabled")
        if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
            raise FileProblem("not-xlsx", "ods")
        if "word/document.xml" in names:
            raise FileProblem("not-xlsx", "docx")
        if "xl/workbook.xml" not in names:
            raise FileProblem("not-xlsx", "zip")
        content_types = (
            _read_capped(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
        )
        if b"macroEnabled" in content_types:
            raise FileProblem("macro-enabled")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as member:
                    start = member.read(MAX_XML_CHECK)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    raise FileProblem("unsafe-file", "xml")


def _read_capped(archive: zipfile.ZipFile, name: str, cap: int = 1_000_000) -> bytes:
    with archive.open(name) as member:
        return member.read(cap)
