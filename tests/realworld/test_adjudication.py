"""scripts/real_adjudication.py: which keys go to the adjudicator (blind), and how the parser is
scored against the adjudicated gold."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipelines import catalog
from scripts.real_adjudication import NONE, Reading, Score, disputes_of, score_folder, score_text

TEXT = Path("00001.txt")


def _reading(**values: float) -> Reading:
    keys = {k.replace("__", "."): v for k, v in values.items()}
    return Reading(keys, {k: f"{k} {v:g}条" for k, v in keys.items()})


def test_only_keys_the_readings_disagree_on_are_disputed() -> None:
    a = _reading(narrative__proactive_total=57, narrative__website_posts=12)
    b = _reading(narrative__proactive_total=57)
    parser = _reading(narrative__proactive_total=57, narrative__website_posts=21)
    items = disputes_of(TEXT, [a, b, parser], random.Random(1))
    assert [item["key"] for item in items] == ["narrative.website_posts"]
    values = sorted(c["value"] for c in items[0]["candidates"])
    assert values == ["12", "21", NONE]  # each distinct value once, a missing figure as 'none'
    assert items[0]["decision"] is None and items[0]["why"] == ""


def test_a_dispute_names_no_reading() -> None:
    a, b, parser = _reading(narrative__suit_cases=0), _reading(), _reading(narrative__suit_cases=0)
    (item,) = disputes_of(TEXT, [a, b, parser], random.Random(1))
    shown = json.dumps(item, ensure_ascii=False)
    assert "gold" not in shown and "parser" not in shown and "reader" not in shown
    agreed = next(c for c in item["candidates"] if c["value"] == "0")
    assert agreed["phrases"] == ["narrative.suit_cases 0条"]  # the same phrase from two readings, once


def test_the_candidates_order_does_not_tell_who_said_what() -> None:
    orders = set()
    for seed in range(20):
        (item,) = disputes_of(TEXT, [_reading(k=1), _reading(), _reading(k=2)], random.Random(seed))
        orders.add(tuple(c["value"] for c in item["candidates"]))
    assert len(orders) > 1


def test_score_uses_decisions_then_the_readers_agreement() -> None:
    a = _reading(narrative__proactive_total=57, narrative__website_posts=12, narrative__review_cases=0)
    b = _reading(narrative__proactive_total=57, narrative__review_cases=1)
    parser = _reading(narrative__proactive_total=57, narrative__website_posts=12, narrative__review_cases=0)
    decided = {(TEXT.name, "narrative.website_posts"): None}  # the adjudicator: no such figure
    score = score_text(TEXT, a, b, parser, decided)
    # proactive_total agreed and emitted; website_posts adjudicated away, emitted (wrong);
    # review_cases disputed by the readers and not adjudicated: out of the score
    assert (score.adjudicated, score.unresolved) == (1, 1)
    assert (score.emitted, score.emitted_unresolved, score.emitted_right) == (3, 1, 1)
    assert (score.gold, score.gold_emitted) == (1, 1)


def test_a_decision_overrules_a_majority() -> None:
    a, b, parser = _reading(k=3), _reading(k=4), _reading(k=4)
    score = score_text(TEXT, a, b, parser, {(TEXT.name, "k"): 3.0})
    assert (score.emitted_right, score.gold, score.gold_emitted) == (0, 1, 0)


HERE = Path(__file__).parent
ADJUDICATED = sorted(p.parent for p in HERE.glob("batch_*/adjudication.json"))


def test_adjudicated_batches_are_there() -> None:
    assert len(ADJUDICATED) >= 24  # zzzz–zzzzx: every round of two readers since 2026-12-01 04:35


@pytest.mark.parametrize("batch", ADJUDICATED, ids=lambda p: p.name)
def test_adjudications_are_well_formed(batch: Path) -> None:
    """Every dispute names a text of its batch and a key of the contract, and is decided (a number or
    'none') with its reason; a decision is one of the candidates or a number the text prints."""
    keys = set(catalog.metrics())
    for item in json.loads((batch / "adjudication.json").read_text(encoding="utf-8")):
        text = (batch / item["text"]).read_text(encoding="utf-8")
        assert item["key"] in keys, item
        assert item["why"].strip(), item
        decision = item["decision"]
        assert decision == NONE or isinstance(decision, int | float), item
        if decision != NONE and decision not in (0, 0.0):
            offered = {c["value"] for c in item["candidates"]}
            printed = f"{float(decision):g}" in text.replace(",", "") or str(decision) in text
            assert f"{float(decision):g}" in offered or printed, item


@pytest.mark.slow  # every adjudicated text parsed (~840 texts)
def test_the_parser_holds_its_level_against_the_adjudicated_gold() -> None:
    total = Score()
    for batch in ADJUDICATED:
        total.add(score_folder(batch))
    assert total.unresolved == 0
    # 1.70.0: 0.975 (1,333/1,367), recall 0.909 (1,333/1,466) on the 839 report texts of zzzz–zzzzu;
    # 1.71.0 with zzzzv–zzzzx (holdout, adjudicated after its first sight): 0.9747 (1,425/1,462), 0.907
    assert total.emitted_right / (total.emitted - total.emitted_unresolved) >= 0.974
    assert total.gold_emitted / total.gold >= 0.905
