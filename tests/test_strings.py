"""Every user-facing text exists in Swedish and English, and every problem code has a message."""

import re
from pathlib import Path

from pipeline.strings import STRINGS

ROOT = Path(__file__).parent.parent / "pipeline"


def test_every_text_has_both_languages():
    assert not [
        key for key, (sv, en) in STRINGS.items() if not sv.strip() and not key.startswith("filetype.unknown")
    ]
    assert not [
        key for key, (sv, en) in STRINGS.items() if not en.strip() and not key.startswith("filetype.unknown")
    ]


def test_every_problem_code_in_the_code_has_a_message():
    source = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py"))
    codes = set(re.findall(r'Problem\(\s*"([a-z-]+)"', source))
    codes |= set(re.findall(r'FileProblem\("([a-z-]+)"', source))
    assert codes, "no codes found: the pattern is stale"
    missing = sorted(c for c in codes if f"problem.{c}" not in STRINGS)
    assert missing == []


def test_every_code_is_documented_in_the_readme():
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    codes = sorted(k.split(".", 1)[1] for k in STRINGS if k.startswith("problem."))
    assert [c for c in codes if f"`{c}`" not in readme] == []


def test_a_receipt_writes_numbers_as_its_language_does():
    from pipeline.model import Problem
    from pipeline.strings import Texts

    sv, en = Texts("sv"), Texts("en")
    not_whole = Problem("not-whole-number", "Veckorapport!B9", 3.5, facts={"measure": "Egen försörjning"})
    assert "3,5 är inte ett heltal" in not_whole.message(sv) and "3.5 is not" in not_whole.message(en)
    too_large = Problem("too-large", "", 314.6, facts={"limit": 100.0})
    assert "314,6 MB, högst 100 MB" in too_large.message(sv)
    big = Problem("not-whole-number", "Veckorapport!B9", 1e12, facts={"measure": "Egen"})
    assert "1\u00a0000\u00a0000\u00a0000\u00a0000" in big.message(sv) and "1,000,000,000,000" in big.message(
        en
    )
    true = Problem("not-a-number", "Veckorapport!B9", True, facts={"measure": "Egen"})
    assert "SANT" in true.message(sv) and "True" not in true.message(sv) and "TRUE" in true.message(en)
