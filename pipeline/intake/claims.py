"""Claims: a ready file moved out of the inbox into ``state/work``, until it is settled.

A ready file is *claimed*: moved (one atomic rename) to ``state/work/<claim>``, after
a line in the pass's claim book (``state/work/<claim>.claims``, see ``ClaimBook``)
has said where it came from. It is *settled* when it is moved on to ``archive/`` or
``rejected/``. A crash in between leaves the claim in ``state/work``, and the next
pass finishes it (see ``ingest``). One book per pass, not a folder and a
``meta.json`` per file: creating a file is the costliest call a claim makes (on a
file share above all), and a claim now creates none.

A file that cannot be claimed (moved out of the inbox) right now, because it is
open in Excel on a Windows share or made immutable, stays where it is and is
tried again on the next pass; ``claim`` raises ``Held`` for it and the pass goes on
with the other files (the ledger remembers since when it waits).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.intake.inbox import Arrival, entries
from pipeline.intake.names import display_name

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """A file taken out of the inbox, waiting in ``state/work`` to be settled."""

    id: str
    file: Path  # where the claimed file is: ``state/work/<claim>``
    name: str
    folder: str
    received_at: str
    raw_name: str = ""  # the name's bytes in hex, when they are not UTF-8


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


def claim(
    arrival: Arrival, work: Path, now: datetime, sequence: ClaimSequence, book: ClaimBook
) -> Claim | None:
    """Moves a ready file to ``work/<claim>``; None if it vanished in the meantime.

    The claim id is ``<yyyymmdd-hhmmss>-<sequence>-<random>[-<folder as hex>]``:
    it sorts in the order files were taken (see ``ClaimSequence``) and it carries
    the arrival time and the inbox folder (its first ``FOLDER_BYTES`` bytes), so
    ``pipeline rebuild`` can replay the archive from the file names.

    The claim's line is written to ``book`` before the file is moved: a line without
    its file is a claim that did not happen (the file is still in the inbox, or was
    held), and is never read. The line holds the name as text (``display_name``) and,
    when the file system's bytes are not UTF-8, those raw bytes in hex (``raw_name``).

    Raises:
        Held: the file cannot be moved right now; it stays in the inbox.
    """
    claim_id = f"{sequence.stamp}-{sequence.take():05d}-{uuid.uuid4().hex[:6]}"
    if arrival.folder:
        claim_id += "-" + os.fsencode(arrival.folder)[:FOLDER_BYTES].hex()
    name, home = display_name(arrival.path.name), display_name(arrival.folder)
    received_at = now.isoformat(timespec="seconds")
    raw = os.fsencode(arrival.path.name)
    raw_name = raw.hex() if raw != name.encode("utf-8") else ""
    book.write(claim_id, name, home, received_at, raw_name)
    target = work / claim_id
    try:
        os.rename(arrival.path, target)
    except FileNotFoundError:
        return None
    except OSError as exc:  # locked, immutable, no right to move it: not this pass
        raise Held(arrival, exc.strerror or type(exc).__name__) from None
    return Claim(claim_id, target, name, home, received_at, raw_name)


BOOK_SUFFIX = ".claims"  # a claim book in ``state/work``: one JSON line per claim of a pass


class ClaimBook:
    """The claims of one pass, one JSON line each, in ``state/work/<first claim>.claims``.

    Opened at the first claim and appended to before each move (the line reaches the
    operating system before the rename, so a killed process loses neither). The
    book is removed by ``tidy`` once none of its claims is left in ``state/work``.
    """

    def __init__(self, work: Path):
        self.work = work
        self._handle = None

    def write(self, claim_id: str, name: str, folder: str, received_at: str, raw_name: str) -> None:
        if self._handle is None:
            self.work.mkdir(parents=True, exist_ok=True)
            self._handle = (self.work / (claim_id + BOOK_SUFFIX)).open("a", encoding="ascii")
        line = {"id": claim_id, "name": name, "folder": folder, "received_at": received_at}
        if raw_name:
            line["raw_name"] = raw_name
        self._handle.write(json.dumps(line) + "\n")  # \u escapes: any name fits in ASCII
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def tidy(work: Path) -> None:
    """Removes the claim books none of whose claims is still in ``work``."""
    present = {e.name for e in entries(work) if _is_claim(e)}
    for entry in entries(work):
        if _is_book(entry) and not present & set(_book(Path(entry.path))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _is_book(entry: os.DirEntry) -> bool:
    # a claim book of ours: a regular file (never a pipe or a link, which could hang or lead elsewhere)
    return entry.name.endswith(BOOK_SUFFIX) and entry.is_file(follow_symlinks=False)


def _is_claim(entry: os.DirEntry) -> bool:
    # a claimed file, or a claim folder of an earlier version: named by a claim id. Anything else in
    # ``work`` (a Thumbs.db Explorer left, an administrator's note) is not ours and never counted
    return parse_claim(entry.name.removesuffix(_MOVING)) is not None and (
        entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)
    )


def has_claims(work: Path) -> bool:
    """Whether files wait in ``work`` (claimed and not settled)."""
    return count_claims(work) > 0


def count_claims(work: Path) -> int:
    """How many files wait in ``work`` (claimed and not settled; ``pipeline status`` says so)."""
    return sum(1 for e in entries(work) if _is_claim(e))


def _book(path: Path) -> dict[str, dict]:
    # a claim book's lines by claim id; a line cut short (a full disk) is left out
    lines = {}
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return lines
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
            lines[str(line["id"])] = line
        except (ValueError, KeyError, TypeError):
            continue
    return lines


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

    Each claimed file is finished with what its claim book says of it. A claim whose
    line cannot be read (cut short on a full disk) is finished with what its id
    says: the arrival time and the folder, and the claim id for a name (for a claim
    the ledger has recorded already, ingest takes the name the ledger holds). Claims
    in the layout of earlier versions are moved to the present one first
    (``_earlier_claims``). Entries not named by a claim id are not ours: left as they are.
    """
    _earlier_claims(work)
    lines: dict[str, dict] = {}
    for entry in entries(work):
        if _is_book(entry):
            lines.update(_book(Path(entry.path)))
    claims = []
    for entry in sorted(entries(work), key=lambda e: e.name):
        parsed = parse_claim(entry.name)
        if parsed is None or not entry.is_file(follow_symlinks=False):
            if not entry.name.endswith(BOOK_SUFFIX):
                log.debug("state/work/%s is not a claim of ours; left as it is", display_name(entry.name))
            continue
        try:
            line = lines[entry.name]
            name, home, when = str(line["name"]), str(line["folder"]), str(line["received_at"])
            raw = str(line.get("raw_name", ""))
            datetime.fromisoformat(when)
        except (KeyError, ValueError, TypeError):
            name, (_, when, home), raw = entry.name, parsed, ""
        claims.append(Claim(entry.name, Path(entry.path), name, home, when, raw))
    return claims


def _earlier_claims(work: Path) -> None:
    """Claims of an earlier version (``<claim>/file`` beside ``meta.json``) moved to the present layout.

    For each, its meta is written to a claim book first, then the file is moved out
    (two renames: the folder aside as ``<claim>.moving``, its file to ``<claim>``) and
    the folder removed: a kill at any point leaves either the folder with its
    ``meta.json``, or the book's line, so the original name is never lost. A folder
    without its file and without a claimed file beside it is removed (the file is
    then still in the inbox, or settled already).
    """
    book = ClaimBook(work)
    try:
        for entry in sorted(entries(work), key=lambda e: e.name):
            claim_id = entry.name.removesuffix(_MOVING)
            if not entry.is_dir(follow_symlinks=False) or parse_claim(claim_id) is None:
                continue
            folder, target = Path(entry.path), work / claim_id
            inside = (folder / "file").exists()
            if not inside and not target.exists():
                shutil.rmtree(folder, ignore_errors=True)
                continue
            meta = _meta(folder / "meta.json")
            if meta is not None:
                book.write(claim_id, meta["name"], meta["folder"], meta["received_at"], meta["raw_name"])
            if inside:
                hold = folder if folder.name.endswith(_MOVING) else folder.with_name(claim_id + _MOVING)
                if hold != folder:
                    os.rename(folder, hold)
                os.rename(hold / "file", target)
                folder = hold
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        book.close()


def _meta(path: Path) -> dict | None:
    # an earlier version's meta.json, or None when it cannot be read (the claim id says the rest)
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        received_at = str(meta["received_at"])
        datetime.fromisoformat(received_at)
        return {
            "name": str(meta["name"]),
            "folder": str(meta["folder"]),
            "received_at": received_at,
            "raw_name": str(meta.get("raw_name", "")),
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


_MOVING = ".moving"  # a claim folder of an earlier version while its file is moved out of it
