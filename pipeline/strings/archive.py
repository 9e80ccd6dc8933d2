"""The week's archive copy: the data export as CSV and the leadership workbook as PDF/A."""

TEXTS: dict[str, tuple[str, str]] = {
    # ---- one-line errors (``ArchiveError(key=...)``) ----------------------------------------------
    "archive.error.not-installed": (
        "PDF-kopian kan inte göras: LibreOffice finns inte ({soffice} hittades inte). Installera det med: sudo apt-get install libreoffice-calc (Debian/Ubuntu), eller hämta det från https://www.libreoffice.org/",
        "cannot make the PDF copy: LibreOffice is not installed ({soffice} was not found). Install it with: sudo apt-get install libreoffice-calc (Debian/Ubuntu), or get it from https://www.libreoffice.org/",
    ),
    "archive.error.timeout": (
        "PDF-kopian av {name} kunde inte göras: LibreOffice var inte klart efter {seconds} sekunder och stoppades. Försök igen; händer det igen, starta om servern eller ge det mer tid.",
        "cannot make the PDF copy of {name}: LibreOffice was not done after {seconds} seconds and was stopped. Try again; if it happens again, restart the server or give it more time.",
    ),
    "archive.error.failed": (
        "PDF-kopian av {name} kunde inte göras: LibreOffice avslutades med kod {code} ({said})",
        "cannot make the PDF copy of {name}: LibreOffice exited with code {code} ({said})",
    ),
    "archive.error.no-pdf": (
        "PDF-kopian av {name} kunde inte göras: LibreOffice skrev ingen PDF ({said}). Kontrollera att arbetsboken går att öppna.",
        "cannot make the PDF copy of {name}: LibreOffice wrote no PDF ({said}). Check that the workbook opens.",
    ),
    "archive.error.not-pdfa": (
        "PDF-kopian av {name} blev ingen PDF/A-2: LibreOffice ({soffice}) är troligen för gammalt: 7.4 eller senare behövs. Uppdatera LibreOffice.",
        "the PDF copy of {name} is not PDF/A-2: LibreOffice ({soffice}) is probably too old: 7.4 or later is needed. Update LibreOffice.",
    ),
    "archive.error.nothing-said": ("LibreOffice sa inget", "LibreOffice said nothing"),
}
