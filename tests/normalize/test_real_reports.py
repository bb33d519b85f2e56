"""Real report excerpts collected from public pages (tests/normalize/fixtures/real_NNN.*).

Each fixture is the text exactly as found, next to a hand-checked ``.gold.json`` (same
format as data/samples/real: unit, year, template, values by metric key, notes) plus
``absent_prefixes``: metric keys whose cells the excerpt does not hold (cut rows, labels
lost by the mirror, approximate prose figures) and that must therefore not be emitted.
A page that is no annual report at all (a news item, a monthly check) carries ``rejected``:
the reason ingest must give.
The parser must give exactly the gold figures: every gold value, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipelines.errors import RejectedInput
from pipelines.extract import extract_document
from pipelines.ingest import parse_file
from pipelines.normalize import parse_document

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDS = sorted(FIXTURES.glob("real_*.gold.json"))
_TEMPLATES = {"2021": "std2021", "2019": "std2019", "narrative": "narrative", "pre2019-table": "legacy"}


def _source(gold_path: Path) -> Path:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    return gold_path.with_name(gold["file"])


def _parse(gold_path: Path):
    src = _source(gold_path)
    doc = extract_document(src.read_bytes(), src.name)
    return parse_document(doc, reject_non_reports=False)


def _gold(gold_path: Path) -> dict:
    return json.loads(gold_path.read_text(encoding="utf-8"))


def test_there_are_real_fixtures() -> None:
    assert len(GOLDS) >= 10
    for gold_path in GOLDS:
        assert _source(gold_path).is_file(), gold_path.name
        assert _source(gold_path).stat().st_size <= 60_000


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_real_report_figures_match_gold(gold_path: Path) -> None:
    gold = _gold(gold_path)
    report = _parse(gold_path)
    got = {f.metric: f.value for f in report.figures}
    assert len(got) == len(report.figures), "a metric was emitted twice"
    wrong = {k: (got.get(k), v) for k, v in gold["values"].items() if got.get(k) != v}
    assert not wrong, f"(parsed, gold): {wrong}"
    absent = [k for k in got if k.startswith(tuple(gold["absent_prefixes"]))]
    assert not absent, f"emitted for cells the excerpt does not hold: {absent}"
    extra = sorted(set(got) - set(gold["values"]))
    assert not extra, f"figures the gold does not record: {extra}"
    for f in report.figures:
        assert f.provenance and f.raw_text is not None, f


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_real_report_metadata_matches_gold(gold_path: Path) -> None:
    gold = _gold(gold_path)
    report = _parse(gold_path)
    assert report.unit_name == gold["unit"]  # null: the excerpt does not name it, no guess
    assert report.year == gold["year"]
    if gold["template"] is None:  # the excerpt holds only what both std templates share (table 4)
        assert report.template in ("std2019", "std2021")
    else:
        assert report.template == _TEMPLATES[gold["template"]]
    if "published" in gold:
        assert report.published_on == dt.date.fromisoformat(gold["published"])


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name.split(".")[0])
def test_real_report_placement(gold_path: Path) -> None:
    """Ingest places a report with unit and year; a report text without them is kept
    unplaced with the reason (never rejected, never guessed); a page that is no annual
    report at all is rejected as such."""
    gold = _gold(gold_path)
    src = _source(gold_path)
    if gold.get("rejected"):
        with pytest.raises(RejectedInput) as err:
            parse_file(src.read_bytes(), src.name)
        assert gold["rejected"] in str(err.value)
        return
    report = parse_file(src.read_bytes(), src.name)
    if gold["unit"] and gold["year"]:
        assert report.placed
        assert (report.unit_name, report.year) == (gold["unit"], gold["year"])
    else:
        assert not report.placed
        assert report.placement.reason
        wanted = "单位" if not gold["unit"] else "年度"
        assert wanted in report.placement.reason
