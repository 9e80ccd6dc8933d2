"""Every text a user reads, in Swedish (default) and English. One place: this package.

The table is split by area (``plan``, ``intake``, ``report``, ``workbook``, ``maturity``, ``cli``) and
merged here; a key defined in two areas is an error at import.

Use ``Texts(lang)``::

    t = Texts("sv")
    t("status.behind")                      # "Efter plan"
    t("problem.not-a-number", value="5 st")  # message with its facts filled in

A key missing in one language falls back to Swedish, and a test checks that
both languages have every key.
"""

from __future__ import annotations

from pipeline.strings import archive, cli, intake, mail, maturity, plan, report, workbook

_PARTS = (
    plan.TEXTS,
    intake.TEXTS,
    report.TEXTS,
    workbook.TEXTS,
    maturity.TEXTS,
    cli.TEXTS,
    archive.TEXTS,
    mail.TEXTS,
)
STRINGS: dict[str, tuple[str, str]] = {}
for _part in _PARTS:
    _twice = STRINGS.keys() & _part.keys()
    if _twice:
        raise RuntimeError(f"user texts defined twice: {sorted(_twice)}")
    STRINGS.update(_part)

LANG_INDEX = {"sv": 0, "en": 1}
MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


class Phrase:
    """A fact that is itself a text of this table, said in the language of the text it is part of:
    ``t("error.no-ledger", settled=Phrase("error.no-ledger-settled"))``."""

    __slots__ = ("key", "facts")

    def __init__(self, key: str, **facts: object):
        self.key, self.facts = key, facts

    def __format__(self, spec: str) -> str:  # outside Texts (never expected): the key, not a crash
        return self.key


class Texts:
    """The user-facing texts of one language."""

    def __init__(self, language: str = "sv"):
        self.language = language
        self._index = LANG_INDEX.get(language, 0)

    def __call__(self, key: str, **facts: object) -> str:
        pair = STRINGS[key]
        text = pair[self._index] or pair[0]
        if not facts:
            return text
        for name, value in facts.items():
            if isinstance(value, Phrase):  # a part that is a text of its own, in the same language
                facts = {**facts, name: self(value.key, **value.facts)}
        return text.format(**facts)

    def field(self, name: str) -> str:
        """A template's defined name in words (``pl_week`` -> ``veckan``): users never see our names."""
        key = f"field.{name}"
        return self(key) if key in STRINGS else name

    def number(self, value: float, decimals: int | None = None) -> str:
        """A number as this language writes it: ``3,5`` and ``1 000 000`` in Swedish, ``3.5`` and
        ``1,000,000`` in English; a whole float without its ``.0``, or with exactly ``decimals``."""
        sv = self.language == "sv"
        if decimals is not None:
            text = f"{value:,.{decimals}f}"
            return text.replace(",", "\u00a0").replace(".", ",") if sv else text
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
            return f"{int(value):,}".replace(",", "\u00a0" if sv else ",")  # no-break: never split a number
        text = f"{value:.15g}"
        return text.replace(".", ",") if sv else text

    def month(self, year: int, month: int) -> str:
        """A month as a short label, for example ``nov 2026``."""
        return f"{MONTHS.get(self.language, MONTHS['sv'])[month - 1]} {year}"

    def both(self, key: str) -> tuple[str, str]:
        """The Swedish and English text: readers accept either."""
        return STRINGS[key]


def shown_name(name: str) -> str:
    """``name`` for one line of terminal or log text: control characters (a newline, an
    escape sequence) are shown as escapes, so a file name can neither start a fake line
    nor steer the administrator's terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def shown_time(stamp: str) -> str:
    """A stored ISO timestamp as people read it: ``2026-11-22T18:00:00`` -> ``2026-11-22 18:00:00``."""
    return stamp.replace("T", " ")


def tell(logger, level: int, key: str, exc_info: bool = False, **facts: object) -> None:
    """Logs the text ``key``: in English in the log file, in the workspace's language on the console
    (the ``pipeline`` command's console formatter reads ``said``); ``exc_info``: with the traceback
    in the log file (the console never shows one)."""
    logger.log(level, Texts("en")(key, **facts), exc_info=exc_info, extra={"said": (key, facts)})
