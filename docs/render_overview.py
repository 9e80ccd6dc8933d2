"""Regenerates docs/overview.png: the demo's leadership workbook, page 1, as LibreOffice prints it.

Run from the repository root (needs LibreOffice ``soffice`` and poppler-utils ``pdftoppm``)::

    python docs/render_overview.py

The demo runs in a temporary folder with a fixed clock (Sunday 2026-11-22 18:00,
week 2026-W47), so the picture only changes when the product does. ``--pages DIR``
also writes every page of the workbook as PNGs to DIR, for looking at them all.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from pipeline.demo import run_demo

NOW = datetime(2026, 11, 22, 18, 0)
DOCS = Path(__file__).resolve().parent


def render(out: Path, pages: Path | None = None) -> Path:
    """Runs the demo, converts its workbook to PDF and writes page 1 as ``out`` (80 dpi)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        run_demo(base / "demo", NOW)
        xlsx = base / "demo" / "outbox" / "lagesrapport_2026-W47.xlsx"
        profile = (base / "lo-profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(base), str(xlsx)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        pdf = base / (xlsx.stem + ".pdf")
        prefix = base / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
        )
        shutil.copyfile(next(base.glob("page*.png")), out)
        if pages is not None:
            pages.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pages / "page")], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS / "overview.png")
    parser.add_argument("--pages", type=Path, help="also write every page as PNG to this folder")
    args = parser.parse_args(argv)
    print(render(args.out, args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
