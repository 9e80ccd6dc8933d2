"""Checks a file's bytes before any parser touches them (standard library only).

A unit's file may be anything: a CSV renamed to .xlsx, an old .xls, an
encrypted workbook, a macro workbook, a zip bomb, or a named pipe. Each gets
its own code, so the receipt can say what the file really is and how to fix it.

What is checked, in order:

* the path is a regular file, opened with ``O_NOFOLLOW | O_NONBLOCK`` (a symlink
  is refused, a FIFO never blocks) and checked again with ``fstat``;
* the size cap, then the magic bytes (zip, OLE: encrypted or old .xls, HTML, PDF, CSV);
* the zip end record: the member count is read before the central directory is parsed;
* member names: no duplicates, absolute paths or ``..``; no zip encryption;
* every member is inflated here, chunk by chunk, with a running byte budget
  (``max_unpacked``): the real size counts, not the size the headers claim, and
  a member whose real size differs from its header is refused outright;
* while inflating, every XML part is scanned whole for ``<!DOCTYPE`` and
  ``<!ENTITY`` (billion laughs, XXE), and for the used range of a sheet: the
  ``<dimension ref>`` and every ``<row r>`` and ``<c r>`` (cells without ``r``
  are counted in sequence). A used range over ``max_cells`` (rows x columns from
  A1) is refused as ``sheet-too-large`` before a dense reader can allocate it;
* macro parts and content types, ODS, Word, and the workbook part.

**Macros: one rule, by content.** A file's name is never trusted, so its content decides:
a file that holds macro code (a VBA project, an Excel 4.0 macro sheet) is
``macro-enabled`` ("contains macros"); a file saved in the macro format (its workbook
part is ``macroEnabled``, as Excel's and LibreOffice's ".xlsm" saves are) without any is
``macro-format`` ("saved in the macro format"). Both are refused: no macro is ever kept,
and the fix is one "Save as .xlsx". A plain workbook is accepted whatever its name ends
in (a program that names a plain workbook ``.xlsm``).

Everything here is bounded: memory by the chunk size and the longest tag
(``scan.MAX_TAG``), time by the unpacked budget.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import FileProblem
from pipeline.intake.scan import Contains, Keep, XmlScan

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EOCD_MAGIC = b"PK\x05\x06"
CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """How much a file may hold before it is refused unopened.

    Attributes:
        max_bytes: the file on disk.
        max_unpacked: all members together, as really inflated.
        max_cells: rows x columns of a sheet's used range, counted from A1.
        max_members: entries in the zip.
    """

    max_bytes: int = 20_000_000
    max_unpacked: int = 100 * 1024 * 1024
    max_cells: int = 1_000_000
    max_members: int = 2000


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


def open_regular(path: Path) -> BinaryIO:
    """Opens ``path`` for reading only if it is a regular file; never follows a link, never blocks.

    Raises:
        FileProblem: ``unsafe-file`` for a symlink, FIFO, device or folder; ``unreadable-file``
            when reading is not permitted; ``unreadable`` otherwise.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):
            raise FileProblem("unsafe-file", "link") from None
        if exc.errno in (errno.EACCES, errno.EPERM):  # permissions set on the share, not a damaged file
            raise FileProblem("unreadable-file", "") from None
        raise FileProblem("unreadable", exc.strerror or type(exc).__name__) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileProblem("unsafe-file", "not-a-file")
    return os.fdopen(fd, "rb")


def end_record(handle: BinaryIO, size: int) -> bytes | None:
    """The zip end-of-central-directory record (22 bytes), or None when there is none (yet)."""
    tail_size = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(EOCD_MAGIC)
    return tail[at : at + 22] if at != -1 and len(tail) - at >= 22 else None


def has_end_record(path: Path) -> bool:
    """True when ``path`` is not a zip, or is a zip whose end record is written (the upload is complete)."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if handle.read(4) != ZIP_MAGIC:
                return True
            return end_record(handle, size) is not None
    except (FileProblem, OSError):
        return True  # not ours to judge here: the guard says what is wrong when it is claimed


KEEP_PART = 1 << 20  # an XML part up to this size is kept, inflated, for the reader
KEEP_TOTAL = 8 << 20  # and no more than this in all


def check_archive(path: Path, max_bytes: int | None = None, limits: Limits | None = None) -> dict[str, bytes]:
    """Raises FileProblem unless ``path`` is a plausible, safe xlsx container.

    Returns the XML parts it inflated on the way that are small (``KEEP_PART``, at
    most ``KEEP_TOTAL`` in all), by member name: the reader takes the workbook part,
    its relations and the sheets from here instead of inflating them a second time.
    A part not returned is read from the file as before.

    Args:
        max_bytes: overrides ``limits.max_bytes`` (the size cap from the settings).
        limits: the worker's limits from the settings (``intake.limits``); the defaults without.
    """
    limits = limits or Limits()
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    with open_regular(path) as handle:
        return _check(handle, os.fstat(handle.fileno()).st_size, limits)


def _check(handle: BinaryIO, size: int, limits: Limits) -> dict[str, bytes]:
    if size == 0:
        raise FileProblem("not-xlsx", "empty")
    if size > limits.max_bytes:
        raise FileProblem("too-large", round(size / 1_000_000, 1))
    head = handle.read(4096)
    if not head.startswith(ZIP_MAGIC):
        kind = sniff(head)
        if kind == "ole":
            # an encrypted xlsx is an OLE container with an EncryptedPackage stream
            handle.seek(0)
            if "EncryptedPackage".encode("utf-16-le") in handle.read(min(size, 1_000_000)):
                raise FileProblem("encrypted")
            raise FileProblem("not-xlsx", "xls")
        raise FileProblem("not-xlsx", kind)
    record = end_record(handle, size)
    if record is None:
        raise FileProblem("not-xlsx", "damaged")
    if struct.unpack("<H", record[10:12])[0] > limits.max_members:  # 0xFFFF (zip64) included
        raise FileProblem("unsafe-file", "zip")
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem("not-xlsx", "damaged") from None
    with archive:
        return _check_members(archive, handle, limits)


def _check_members(archive: zipfile.ZipFile, handle: BinaryIO, limits: Limits) -> dict[str, bytes]:
    infos = archive.infolist()
    names = [i.filename for i in infos]
    if len(infos) > limits.max_members or len(set(names)) != len(names):
        raise FileProblem("unsafe-file", "zip")
    if any(n.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", n) for n in names):
        raise FileProblem("unsafe-file", "path")
    if any(_is_macro_part(n) for n in names):
        raise FileProblem("macro-enabled")
    if any(i.flag_bits & 0x1 for i in infos):
        raise FileProblem("encrypted")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unpacked:
        raise FileProblem("too-large-unpacked", round(declared / 1_000_000, 1))
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            if b"opendocument" in member.read(200):
                raise FileProblem("not-xlsx", "ods")
    if "word/document.xml" in names:
        raise FileProblem("not-xlsx", "docx")
    if "xl/workbook.xml" not in names:
        raise FileProblem("not-xlsx", "zip")
    budget = [limits.max_unpacked, limits.max_unpacked]  # what is left, and the cap
    kept: dict[str, bytes] = {}
    room = KEEP_TOTAL
    for info in infos:
        xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        sinks: list = [XmlScan(info.filename, limits.max_cells)] if xml else []
        if info.filename == "[Content_Types].xml":
            sinks.append(Contains(b"macroEnabled", "macro-format"))
        keep = xml and info.file_size <= min(KEEP_PART, room)
        if keep:
            sinks.append(Keep(KEEP_PART))
        _inflate(handle, info, budget, sinks)
        for sink in sinks:
            sink.finish()
        if keep:
            kept[info.filename] = sinks[-1].data
            room -= len(kept[info.filename])
    return kept


def _is_macro_part(name: str) -> bool:
    """A part that holds macro code: a VBA project (and its signatures), or an Excel 4.0 macro sheet."""
    lower = name.lower()
    return lower.endswith(
        (
            "vbaproject.bin",
            "vbaprojectsignature.bin",
            "vbaprojectsignatureagile.bin",
            "vbaprojectsignaturev3.bin",
        )
    ) or lower.startswith("xl/macrosheets/")


def _inflate(handle: BinaryIO, info: zipfile.ZipInfo, budget: list[int], sinks: list) -> None:
    """Inflates one member from its raw bytes, charging every byte produced to ``budget``.

    The sizes in the headers are not trusted: inflation stops when the budget
    is spent, and a member whose real size differs from its header is refused.
    The checks ``zipfile`` makes when it reads a member are made here too, since the
    reader takes the parts kept here instead of reading them again: the CRC-32 of what
    was produced, the local header's name equal to the directory's, and no flag for
    a feature we do not read (patched data, strong encryption). Each fails as damaged.
    """
    handle.seek(info.header_offset)
    local = handle.read(30)
    if len(local) < 30 or not local.startswith(ZIP_MAGIC):
        raise FileProblem("not-xlsx", "damaged")
    (local_flags,) = struct.unpack("<H", local[6:8])
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    if (info.flag_bits | local_flags) & _UNREAD_FEATURES or not _same_name(
        handle.read(name_len), info, local_flags
    ):
        raise FileProblem("not-xlsx", "damaged")
    handle.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    elif info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    else:
        raise FileProblem("unsafe-file", "zip")
    produced, remaining, crc = 0, info.compress_size, 0
    budget_total = budget[1]

    def emit(data: bytes) -> None:
        nonlocal produced, crc
        produced += len(data)
        crc = zlib.crc32(data, crc)
        budget[0] -= len(data)
        if budget[0] < 0:
            raise FileProblem("too-large-unpacked", f"> {round(budget_total / 1_000_000, 1)}")
        for sink in sinks:
            sink.feed(data)

    try:
        while remaining > 0 and (inflater is None or not inflater.eof):
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                raise FileProblem("not-xlsx", "damaged")
            remaining -= len(chunk)
            if inflater is None:
                emit(chunk)
                continue
            data = inflater.decompress(chunk, CHUNK)
            emit(data)
            while data and inflater.unconsumed_tail and not inflater.eof:
                data = inflater.decompress(inflater.unconsumed_tail, CHUNK)
                emit(data)
        while inflater is not None and not inflater.eof:
            data = inflater.decompress(inflater.unconsumed_tail, CHUNK)  # output still held back
            if not data:
                raise FileProblem("not-xlsx", "damaged")  # the stream ends too early
            emit(data)
    except zlib.error:
        raise FileProblem("not-xlsx", "damaged") from None
    if produced != info.file_size:
        raise FileProblem("unsafe-file", "zip")  # the header lies about the size
    if crc != info.CRC:
        raise FileProblem("not-xlsx", "damaged")  # a changed byte: never a figure of the file


_UNREAD_FEATURES = 0x20 | 0x40  # compressed patched data, strong encryption (zipfile refuses both)


def _same_name(local_name: bytes, info: zipfile.ZipInfo, local_flags: int) -> bool:
    """Whether the local header names the member as the directory does (as ``zipfile`` checks)."""
    try:
        return local_name.decode("utf-8" if local_flags & 0x800 else "cp437") == info.orig_filename
    except UnicodeDecodeError:
        return False
