"""Publishing the leadership workbook in ``outbox/``.

Two files, both replaced atomically (temp file, then ``os.replace``):

* ``<report>_<week>.xlsx`` (``lagesrapport_2026-W47.xlsx``): one per week;
* ``<report>_<latest>.xlsx`` (``lagesrapport_senaste.xlsx``): always the newest,
  so a shortcut on a desktop always opens the current report.

If a file is locked (open in Excel on Windows), the new report is written
under a numbered name (``lagesrapport_2026-W47 (2).xlsx``) instead, and the
cycle goes on: a locked file never fails an ingest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from pipeline.excel.writer import make_shareable
from pipeline.ledger.store import Ledger
from pipeline.strings import Texts
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


def report_names(week: object, language: str) -> tuple[str, str]:
    t = Texts(language)
    return f"{t('report.file')}_{week}.xlsx", f"{t('report.file')}_{t('report.latest')}.xlsx"


def published_name(week: object, language: str) -> str:
    """The publish-safe copy's name: ``lagesrapport_2026-W49_publicerbar.xlsx``."""
    t = Texts(language)
    return f"{t('report.file')}_{week}_{t('report.publish.file')}.xlsx"


def publish(source: Path, target: Path) -> Path:
    """Copies ``source`` over ``target`` atomically; returns where it ended up."""
    for attempt in range(1, 50):
        final = target if attempt == 1 else target.with_name(f"{target.stem} ({attempt}){target.suffix}")
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
        try:
            shutil.copyfile(source, tmp_name)
            make_shareable(Path(tmp_name))
            os.replace(tmp_name, final)
            if attempt > 1:
                log.warning("%s is locked (open in Excel?); wrote %s instead", target.name, final.name)
            return final
        except PermissionError:
            continue
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
    raise PermissionError(f"could not write {target.name} or any numbered copy in {target.parent}")


REPORTED = "reported.json"  # in state/: the newest file id that the latest written report covers


def reported_upto(state: Path) -> int:
    """The newest file id that the latest written leadership report covers (0 for none)."""
    try:
        return int(json.loads((state / REPORTED).read_text(encoding="utf-8"))["file_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def report_due(workspace: Workspace) -> bool:
    """Whether the ledger changed since the last report that was written (``reported_upto``)."""
    with Ledger(workspace.ledger_file) as ledger:
        last = ledger.last_file_id()
    return last != reported_upto(workspace.state)


def mark_reported(state: Path, file_id: int) -> None:
    """Notes that the report just written covers the files up to ``file_id`` (atomically)."""
    tmp = state / (REPORTED + ".tmp")
    tmp.write_text(json.dumps({"file_id": file_id}), encoding="utf-8")
    os.replace(tmp, state / REPORTED)
