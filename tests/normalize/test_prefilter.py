"""The substring tests in front of parser rules (pipelines/normalize/prefilter.py) never hide a
match: every real report text and every fixture is parsed with the pattern run anyway each time
its test says "cannot match", and none of those runs finds one. A rule edited so that it can
match without its words (a new alternative) fails here on the text it was written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.errors import RejectedInput
from pipelines.ingest import parse_file
from pipelines.normalize import meta, narrative, prefilter

ROOT = Path(__file__).resolve().parents[2]
REAL = sorted((ROOT / "tests" / "realworld").glob("batch_*/*.txt"))
FIXTURES = sorted(p for p in (ROOT / "tests" / "normalize" / "fixtures").iterdir() if p.suffix in (".txt", ".html"))


def _hidden_matches(monkeypatch: pytest.MonkeyPatch, texts: list[Path]) -> list[tuple[str, str]]:
    monkeypatch.setattr(prefilter, "VERIFY", True)
    monkeypatch.setattr(prefilter, "violations", [])
    for path in texts:
        try:
            parse_file(path.read_bytes(), path.name)
        except RejectedInput:
            pass
    return prefilter.violations


def test_prefiltered_rules_exist():
    wrapped = [v for mod in (meta, narrative) for v in vars(mod).values() if isinstance(v, prefilter.Prefiltered)]
    assert len(wrapped) >= 5


@pytest.mark.slow  # every rule re-run on every real text and fixture (~2.5 s)
def test_no_match_hidden_by_a_prefilter(monkeypatch: pytest.MonkeyPatch):
    assert len(REAL) > 1000
    assert _hidden_matches(monkeypatch, FIXTURES + REAL[::5]) == []


@pytest.mark.slow
def test_no_match_hidden_on_every_real_text(monkeypatch: pytest.MonkeyPatch):
    assert _hidden_matches(monkeypatch, REAL) == []


def test_a_false_claim_is_caught(monkeypatch: pytest.MonkeyPatch):
    import re

    monkeypatch.setattr(prefilter, "VERIFY", True)
    monkeypatch.setattr(prefilter, "violations", [])
    wrong = prefilter.needing(("条",), re.compile(r"\d+篇"))
    assert wrong.search("发布信息12篇") is None  # the test says no (no 条) …
    assert prefilter.violations == [(r"\d+篇", "发布信息12篇")]  # … and the check sees the match


def test_same_answers_as_the_pattern():
    import re

    plain = re.compile(r"[(（][^()（）]*\d[^()（）]*[)）]")
    wrapped = prefilter.needing(("(", "（"), plain)
    for text in ("共3条(其中1条)", "共3条（其中1条）", "共3条", "", "(无)"):
        assert wrapped.sub("", text) == plain.sub("", text)
        assert wrapped.findall(text) == plain.findall(text)
        assert [m.span() for m in wrapped.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert bool(wrapped.search(text)) == bool(plain.search(text))


def test_clause_separator_as_written_before():
    """narrative._CLAUSE_SEP was rewritten with the comma first in every branch (faster): the
    same cuts as the pattern it replaces, on every real text and on short mixes of digits and
    commas from every start position."""
    import random
    import re

    before = re.compile(r"(?<!\d),|,(?!\d)|，")
    now = narrative._CLAUSE_SEP
    for path in REAL:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)]
    rnd = random.Random(7)
    for _ in range(5000):
        text = "".join(rnd.choice("1,，a9 ,") for _ in range(rnd.randint(0, 8)))
        for start in range(len(text) + 1):
            spans = [m.span() for m in now.finditer(text, start, len(text))]
            assert spans == [m.span() for m in before.finditer(text, start, len(text))]


def test_a_gated_pattern_answers_as_the_pattern(monkeypatch: pytest.MonkeyPatch):
    import re

    pattern = re.compile(r"(?P<n>\d+)\s*篇(?:信息)?")
    for words in ((), ("篇",)):
        gated = prefilter.needing(words, pattern, gate=re.compile(r"篇"))
        for text in ("发布信息12篇", "发布信息12条", "", "篇", "3篇信息、4 篇"):
            assert [m.span() for m in gated.finditer(text)] == [m.span() for m in pattern.finditer(text)]
            assert bool(gated.search(text)) == bool(pattern.search(text))
            assert bool(gated.match(text)) == bool(pattern.match(text))
    monkeypatch.setattr(prefilter, "VERIFY", True)
    monkeypatch.setattr(prefilter, "violations", [])
    wrong = prefilter.needing(("篇",), pattern, gate=re.compile(r"信息"))
    assert wrong.search("发布12篇") is None  # the gate says no (no 信息) …
    assert prefilter.violations == [(pattern.pattern, "发布12篇")]  # … and the check sees the match
