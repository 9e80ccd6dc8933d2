"""The inbox: which files are ready, and moving each one through claimed -> settled.

A file is read only when it has stopped changing: its size and mtime are the
same on two consecutive looks. Lock and temp files that Excel, LibreOffice
and file shares leave behind are ignored silently.

A zip (an xlsx) is ready only once its end record is written as well: a copy
that pauses mid-way over a slow share is not taken half-written. A file that
never gets one (truncated for good) is taken after ``patience`` further looks,
and the guard rejects it as damaged.

A ready file is then claimed (``intake.claims``).

File names from the inbox are never used as paths: ``names.safe_name`` keeps only
harmless characters of the last path component, and the names we create are
valid on NTFS too.

Names in any encoding: a name that is not valid UTF-8 (a Latin-1 name from an
old Samba share) reaches Python with its odd bytes as surrogate escapes. At the
claim, ``names.display_name`` turns it into text that every later step can store and
show (each odd byte read as Windows-1252), and the raw bytes are kept with the claim.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.guard import has_end_record
from pipeline.intake.names import display_name

log = logging.getLogger(__name__)

IGNORED = ("~$*", ".~lock.*#", "._*", "*.tmp", "*.part", "~WRL*", "desktop.ini", "thumbs.db", ".*")


_IGNORED = re.compile("|".join(fnmatch.translate(pattern.lower()) for pattern in IGNORED), re.DOTALL)


def is_ignored(name: str) -> bool:
    """Whether ``name`` matches one of ``IGNORED`` (case-insensitive; one pattern for them all)."""
    return _IGNORED.match(name.lower()) is not None


@dataclass(frozen=True)
class Arrival:
    """A regular file seen in the inbox (``folder`` is the unit folder, or ``""`` for the root)."""

    path: Path
    folder: str
    size: int
    mtime_ns: int


def scan(inbox: Path) -> list[Arrival]:
    """Regular files in the inbox and its first level of folders, oldest first."""
    return _walk(inbox)[0]


RECEIPTS_FOLDER = {"sv": "kvittenser", "en": "receipts"}  # inbox/<unit>/kvittenser/: ours (``to_unit``)


def left_alone(inbox: Path) -> list[str]:
    """Entries of the inbox that intake leaves where they are, by rule (``pipeline status`` counts them).

    The rule: intake takes regular files in ``inbox/`` and in its folders one level down
    (``inbox/<unit>/``). It leaves alone, and never opens or follows, lock and temp files
    (``IGNORED``: Excel's ``~$*``, LibreOffice's ``.~lock.*#``, dotfiles, ...), symbolic
    links, pipes and devices, and anything deeper than one folder (``inbox/E01/old/``).
    Returns those entries as ``E01/old/`` or ``.hidden.xlsx``, sorted; a unit's receipts
    folder (``inbox/E01/kvittenser/``, which intake writes) is not listed.
    """
    return _walk(inbox)[1]


def _walk(inbox: Path) -> tuple[list[Arrival], list[str]]:
    found: list[Arrival] = []
    alone: list[str] = []
    if not inbox.is_dir():
        return found, alone
    for entry in entries(inbox):
        if entry.is_dir(follow_symlinks=False) and not is_ignored(entry.name):
            found.extend(_files(Path(entry.path), entry.name, alone))
    found.extend(_files(inbox, "", alone))
    return sorted(found, key=lambda a: (a.mtime_ns, a.folder, a.path.name)), sorted(alone)


def entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _files(folder: Path, label: str, alone: list[str]) -> list[Arrival]:
    out = []
    prefix = f"{display_name(label)}/" if label else ""
    for entry in entries(folder):
        shown = prefix + display_name(entry.name)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue  # gone meanwhile
        if stat.S_ISDIR(info.st_mode):
            if label and entry.name in RECEIPTS_FOLDER.values():
                continue  # the unit's receipts folder: ours, never taken from
            if label or is_ignored(entry.name):  # deeper than one folder, or a hidden folder
                alone.append(shown + "/")
            continue  # a folder in the root is an inbox folder: walked by _walk
        if is_ignored(entry.name) or not stat.S_ISREG(info.st_mode):
            alone.append(shown)
            continue
        out.append(Arrival(Path(entry.path), label, info.st_size, info.st_mtime_ns))
    return out


class StabilityWatch:
    """Remembers each file's size and mtime between looks.

    ``look`` returns the files that did not change since the previous look (and,
    for a zip, whose end record is written, or that have waited ``patience``
    looks without one). The watcher keeps one instance across polls; a one-shot
    ingest makes two looks a short moment apart, and keeps them for the next run
    (``restore`` and ``save``).
    """

    def __init__(self, patience: int = 3) -> None:
        self.patience = patience
        self._seen: dict[Path, tuple[int, int]] = {}
        self._waits: dict[Path, int] = {}

    @classmethod
    def restore(cls, path: Path, patience: int = 3) -> StabilityWatch:
        """A watch that remembers the looks ``save`` kept at ``path`` (a fresh one if there are none).

        One-shot ``pipeline ingest`` runs (from cron, say) keep their looks this way,
        so a copy that never completes is taken after ``patience`` looks over several
        runs too, and rejected with a receipt, instead of waiting in the inbox forever.
        """
        watch = cls(patience)
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            watch._seen = {Path(p): (int(size), int(mtime)) for p, size, mtime in saved["seen"]}
            watch._waits = {Path(p): int(n) for p, n in saved["waits"]}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # nothing kept, or kept by another version: start afresh
        return watch

    def save(self, path: Path) -> None:
        saved = {
            "seen": [[str(p), size, mtime] for p, (size, mtime) in self._seen.items()],
            "waits": [[str(p), n] for p, n in self._waits.items()],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(saved), encoding="utf-8")
        os.replace(tmp, path)

    def look(self, inbox: Path) -> list[Arrival]:
        arrivals = scan(inbox)
        ready, waits = [], {}
        for a in arrivals:
            if self._seen.get(a.path) != (a.size, a.mtime_ns):
                continue
            waited = self._waits.get(a.path, 0)
            if waited >= self.patience or has_end_record(a.path):
                ready.append(a)
                if waited:
                    waits[a.path] = waited  # still ready at the next look, if it is not taken
                continue
            if not waited:
                log.info("waiting for %s: the copy looks unfinished (no zip end record yet)", inbox_key(a))
            waits[a.path] = waited + 1
        self._waits = waits
        self._seen = {a.path: (a.size, a.mtime_ns) for a in arrivals}
        return ready


def inbox_key(arrival: Arrival) -> str:
    """The arrival's place in the inbox as text (``E01/rapport.xlsx``), for the waiting list."""
    name = display_name(arrival.path.name)
    return f"{display_name(arrival.folder)}/{name}" if arrival.folder else name
