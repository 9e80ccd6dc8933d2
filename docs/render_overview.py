"""Regenerates the README's pictures of the demo's workbooks, as LibreOffice prints them.

Run from the repository root (needs LibreOffice ``soffice`` and poppler-utils ``pdftoppm``)::

    python docs/render_overview.py

Writes ``docs/overview.png`` (the leadership workbook, page 1), ``docs/action-plans.png``
(its Handlingsplaner sheet) and ``docs/publishable.png`` (the Enheter sheet of the
publish-safe copy). The demo runs in a temporary folder with a fixed clock (Sunday
2026-11-22 18:00, week 2026-W47), so the pictures only change when the product does.
``--pages DIR`` also writes every page of the leadership workbook as PNGs to DIR.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from pipeline.commands import make_report
from pipeline.demo import run_demo

NOW = datetime(2026, 11, 22, 18, 0)
DOCS = Path(__file__).resolve().parent


def render(out: Path, pages: Path | None = None) -> Path:
    """Runs the demo and writes its pictures (80 dpi): page 1 as ``out``, and the two others beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        run_demo(base / "demo", NOW)
        make_report(base / "demo", NOW, publish_only=True)
        outbox = base / "demo" / "outbox"
        pdf = _pdf(base, outbox / "lagesrapport_2026-W47.xlsx")
        _page(pdf, 1, out)
        _page(pdf, _page_of(pdf, "Handlingsplaner vecka"), out.with_name("action-plans.png"))
        published = _pdf(base, outbox / "lagesrapport_2026-W47_publicerbar.xlsx")
        _page(published, _page_of(published, "En rad per enhet"), out.with_name("publishable.png"))
        if pages is not None:
            pages.mkdir(parents=True, exist_ok=True)
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(pages / "page")], check=True)
    return out


def _pdf(base: Path, xlsx: Path) -> Path:
    profile = (base / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(base), str(xlsx)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return base / (xlsx.stem + ".pdf")


def _page_of(pdf: Path, text: str) -> int:
    """The first page whose text starts a line with ``text``."""
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    for number, page in enumerate(pages.stdout.split("\f"), start=1):
        if any(line.strip().startswith(text) for line in page.splitlines()):
            return number
    raise ValueError(f"no page of {pdf.name} starts a line with {text!r}")


def _page(pdf: Path, number: int, out: Path) -> None:
    prefix = pdf.with_name(f"{pdf.stem}-{number}")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile",
                    str(pdf), str(prefix)], check=True)  # fmt: skip
    shutil.copyfile(prefix.with_suffix(".png"), out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS / "overview.png")
    parser.add_argument("--pages", type=Path, help="also write every page as PNG to this folder")
    args = parser.parse_args(argv)
    print(render(args.out, args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
