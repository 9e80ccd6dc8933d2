"""The inbox: which files are ready, and moving each one through claimed -> settled.

A file is read only when it has stopped changing: its size and mtime are the
same on two consecutive looks. Lock and temp files that Excel, LibreOffice
and file shares leave behind are ignored silently.

A zip (an xlsx) is ready only once its end record is written as well: a copy
that pauses mid-way over a slow share is not taken half-written. A file that
never gets one (truncated for good) is taken after ``patience`` further looks,
and the guard rejects it as damaged.

A ready file is *claimed*: moved (one atomic rename) into ``state/work/<claim>/``
beside a small ``meta.json`` that says where it came from. It is *settled* when
it is moved on to ``archive/`` or ``rejected/``. A crash in between leaves the
claim in ``state/work``, and the next pass finishes it (see ``ingest``).

File names from the inbox are never used as paths: ``names.safe_name`` keeps only
harmless characters of the last path component, and the names we create are
valid on NTFS too.

Names in any encoding: a name that is not valid UTF-8 (a Latin-1 name from an
old Samba share) reaches Python with its odd bytes as surrogate escapes. At the
claim, ``names.display_name`` turns it into text that every later step can store and
show (each odd byte read as Windows-1252), and the raw bytes are kept in ``meta.json``.

A file that cannot be claimed (moved out of the inbox) right now, because it is
open in Excel on a Windows share or made immutable, stays where it is and is
tried again on the next pass; ``claim`` raises ``Held`` for it and the pass goes on
with the other files (the ledger remembers since when it waits).
"""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
import shutil
import stat
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.intake.guard import has_end_record
from pipeline.intake.names import display_name

log = logging.getLogger(__name__)

IGNORED = ("~$*", ".~lock.*#", "._*", "*.tmp", "*.part", "~WRL*", "desktop.ini", "thumbs.db", ".*")


def is_ignored(name: str) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in IGNORED)


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
    for entry in _entries(inbox):
        if entry.is_dir(follow_symlinks=False) and not is_ignored(entry.name):
            found.extend(_files(Path(entry.path), entry.name, alone))
    found.extend(_files(inbox, "", alone))
    return sorted(found, key=lambda a: (a.mtime_ns, a.folder, a.path.name)), sorted(alone)


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except OSError:
        return []


def _files(folder: Path, label: str, alone: list[str]) -> list[Arrival]:
    out = []
    prefix = f"{display_name(label)}/" if label else ""
    for entry in _entries(folder):
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


@dataclass(frozen=True)
class Claim:
    """A file taken out of the inbox, waiting in ``state/work`` to be settled."""

    id: str
    dir: Path
    name: str
    folder: str
    received_at: str
    raw_name: str = ""  # the name's bytes in hex, when they are not UTF-8

    @property
    def file(self) -> Path:
        return self.dir / "file"


_CLAIM = re.compile(r"^(\d{8}-\d{6})-(\d{5})-[0-9a-f]{6}(?:-([0-9a-f]{2,80}))?$")
_LAST = "last-claim"  # beside ``work``: the highest sequence reserved (see ClaimSequence)


class Held(Exception):
    """A ready file that cannot be moved out of the inbox right now: it stays and is tried again.

    Raised by ``claim`` when the rename is refused (a file open in Excel on a Windows
    share, an immutable file, a folder the service account may not change).
    """

    def __init__(self, arrival: Arrival, reason: str):
        super().__init__(f"{arrival.path.name}: {reason}")
        self.arrival = arrival
        self.reason = reason


def inbox_key(arrival: Arrival) -> str:
    """The arrival's place in the inbox as text (``E01/rapport.xlsx``), for the waiting list."""
    name = display_name(arrival.path.name)
    return f"{display_name(arrival.folder)}/{name}" if arrival.folder else name


def claim(arrival: Arrival, work: Path, now: datetime, sequence: ClaimSequence) -> Claim | None:
    """Moves a ready file into ``work``; None if it vanished in the meantime.

    The claim id is ``<yyyymmdd-hhmmss>-<sequence>-<random>[-<folder as hex>]``:
    it sorts in the order files were taken (see ``ClaimSequence``) and it carries
    the arrival time and the inbox folder (its first ``FOLDER_BYTES`` bytes), so
    ``pipeline rebuild`` can replay the archive from the file names.

    ``meta.json`` is written before the file is moved in: a claim folder without
    its file is an unfinished claim, and ``pending_claims`` removes it. It holds
    the name as text (``display_name``) and, when the file system's bytes are not
    UTF-8, those raw bytes in hex (``raw_name``).

    Raises:
        Held: the file cannot be moved right now; it stays in the inbox.
    """
    claim_id = f"{sequence.stamp}-{sequence.take():05d}-{uuid.uuid4().hex[:6]}"
    if arrival.folder:
        claim_id += "-" + os.fsencode(arrival.folder)[:FOLDER_BYTES].hex()
    folder = work / claim_id
    folder.mkdir(parents=True)
    meta = {
        "name": display_name(arrival.path.name),
        "folder": display_name(arrival.folder),
        "received_at": now.isoformat(timespec="seconds"),
    }
    raw = os.fsencode(arrival.path.name)
    if raw != meta["name"].encode("utf-8"):
        meta["raw_name"] = raw.hex()
    (folder / "meta.json").write_text(json.dumps(meta), encoding="ascii")  # \u escapes: any name fits
    try:
        os.rename(arrival.path, folder / "file")
    except FileNotFoundError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    except OSError as exc:  # locked, immutable, no right to move it: not this pass
        shutil.rmtree(folder, ignore_errors=True)
        raise Held(arrival, exc.strerror or type(exc).__name__) from None
    return Claim(
        claim_id, folder, meta["name"], meta["folder"], meta["received_at"], meta.get("raw_name", "")
    )


FOLDER_BYTES = 24  # of the inbox folder's name in a claim id: keeps settled paths short (see ingest)


class ClaimSequence:
    """Sequence numbers for the claims of one pass (one arrival second), in the order files are taken.

    The highest number reserved so far is kept beside ``work`` (``last-claim``), so
    a pass that starts within the same second (a restart after a crash) continues
    after it and ids keep sorting in the order files were taken. Numbers are
    reserved ``BLOCK`` at a time: the marker is written once per block, not once
    per file, and a block cut short by a crash only leaves a gap.
    """

    BLOCK = 256

    def __init__(self, work: Path, now: datetime):
        self.work = work
        self.stamp = f"{now:%Y%m%d-%H%M%S}"
        self.next = 0
        self.reserved = -1
        try:
            last_stamp, last = (work.parent / _LAST).read_text(encoding="ascii").strip().rsplit("-", 1)
            if last_stamp == self.stamp:
                self.next = int(last) + 1
        except (OSError, ValueError):
            pass

    def take(self) -> int:
        if self.next > self.reserved:
            self.reserved = self.next + self.BLOCK - 1
            self.work.mkdir(parents=True, exist_ok=True)
            tmp = self.work.parent / (_LAST + ".tmp")
            tmp.write_text(f"{self.stamp}-{self.reserved:05d}", encoding="ascii")
            os.replace(tmp, self.work.parent / _LAST)
        number, self.next = self.next, self.next + 1
        return number


def parse_claim(claim_id: str) -> tuple[str, str, str] | None:
    """``(sort key, received_at, folder)`` from a claim id, or None if it is not one."""
    match = _CLAIM.match(claim_id)
    if not match:
        return None
    stamp, sequence, folder = match.groups()
    try:
        when = datetime.strptime(stamp, "%Y%m%d-%H%M%S").isoformat(timespec="seconds")
        name = display_name(os.fsdecode(bytes.fromhex(folder))) if folder else ""
    except ValueError:
        return None
    return f"{stamp}-{sequence}", when, name


def pending_claims(work: Path) -> list[Claim]:
    """Claims left in ``work`` by an earlier pass, oldest first.

    A claim folder without its file (the crash came before the move into it,
    or after the move out of it) is removed: the file is then either still in
    the inbox or already settled. A claim whose ``meta.json`` cannot be read (cut
    short on a full disk) is finished with what its id says: the arrival time and
    the folder, and the claim id for a name.
    """
    claims = []
    for entry in sorted(_entries(work), key=lambda e: e.name):
        folder = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):
            continue
        if not (folder / "file").exists():
            shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            name, home, when = str(meta["name"]), str(meta["folder"]), str(meta["received_at"])
            raw = str(meta.get("raw_name", ""))
            datetime.fromisoformat(when)
        except (OSError, ValueError, KeyError, TypeError):
            parsed = parse_claim(entry.name)
            if parsed is None:
                log.warning("state/work/%s is not a claim of ours; left as it is", display_name(entry.name))
                continue
            name, (_, when, home), raw = entry.name, parsed, ""
        claims.append(Claim(entry.name, folder, name, home, when, raw))
    return claims
