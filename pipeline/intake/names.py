"""File names from the inbox: a safe name to store a file under, a text to show it by.

A name from the inbox is never trusted as a path. ``safe_name`` keeps a cleaned last
component, valid on NTFS as well as on Linux; ``display_name`` makes any name, in any
encoding, into text that can be stored, logged and shown.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.strings import shown_name

_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)

_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{dev}{n}" for dev in ("COM", "LPT") for n in range(10)}


def safe_name(name: str, limit: int = 80) -> str:
    """The last path component of ``name``, with anything odd (``\\`` too) replaced by ``_``.

    The result is a valid file name on NTFS as well as on Linux: only letters, digits
    and ``. - _ ( )`` and spaces are kept (so none of ``<>:"|?*``, no control character),
    no trailing dot or space, never a reserved device name (``CON``, ``NUL.xlsx``,
    ``COM1``), at most ``limit`` characters, in Unicode NFC.
    """
    name = unicodedata.normalize("NFC", _without_surrogates(name))
    last = name.rsplit("/", 1)[-1]  # a backslash is no separator here: it becomes "_" with the rest
    cleaned = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", last)).strip(" .") or "file"  # no ".." anywhere
    if cleaned.split(".")[0].strip().upper() in _RESERVED:
        cleaned = "_" + cleaned
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else cleaned[:limit]
        cleaned = cleaned.rstrip(" .") or "file"
    return cleaned


def display_name(name: str) -> str:
    """A name as the file system gave it, made into text that can be stored, logged and shown.

    Bytes that are not UTF-8 (Python's surrogate escapes) are read as Windows-1252 (``f\\xf6rs\\xf6k``
    shows as "försök"; a byte it leaves undefined as ``\\xNN``), the text is
    put in Unicode NFC (so a name saved on a Mac reads as the same name), and control
    characters are escaped (``shown_name``). The same raw name always gives the same text.
    """
    return shown_name(unicodedata.normalize("NFC", _without_surrogates(name)))


def _without_surrogates(name: str) -> str:
    # a byte that is not UTF-8 arrives as U+DC80..U+DCFF (os.fsdecode's surrogateescape)
    return "".join(_legacy(ord(c) - 0xDC00) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in name)


def _legacy(byte: int) -> str:
    """A byte of a name that is not UTF-8, read as Windows-1252: a share written by an old Windows
    tool, or a zip made on one, names "försök" in Latin-1. A byte that code page leaves undefined
    stays visible as ``\\xNN``."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return f"\\x{byte:02x}"
