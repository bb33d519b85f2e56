"""Blind adjudication of the figures two readers and the parser do not all agree on, and the
parser scored against the adjudicated gold.

Precision against one reader is bounded by how far two careful readers agree (0.885–0.964 a
round): a figure one keeps and the other declines is a judgment. Adjudication settles those
judgments by the written conventions (tests/realworld/COLLECTING.md), with the parser as a third
reading the adjudicator cannot tell from the two others:

  disputes   for each text read twice, every key on which reader A, reader B and the parser do
             not all give the same value (a missing figure is a value: "none"). Each distinct
             value is listed once, with the phrases its readings cite, under a letter in a
             random (seeded) order; who said what is not written anywhere in the work file.
             Writes ``adjudication.todo.json`` in each batch folder: the adjudicator copies it
             to ``adjudication.json`` and fills in ``decision`` (a number, or null: no such
             figure in this report) and ``why`` for each dispute, from the text and the
             conventions alone (never the golds, never the parser).
  score      the parser against the adjudicated gold of each batch: a key's gold is the
             adjudicator's decision where it made one, else the value both readers agree on
             (a figure neither keeps is "none"); keys the readers dispute and nobody
             adjudicated are left out of the score and counted as unresolved. Precision =
             emitted figures equal to their gold / emitted figures not unresolved; recall =
             gold figures emitted / gold figures.

Usage:
  .venv/bin/python scripts/real_adjudication.py disputes tests/realworld/batch_zzzzs [more folders]
  .venv/bin/python scripts/real_adjudication.py score tests/realworld/batch_zzzz* [--by-batch]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.errors import RejectedInput  # noqa: E402
from pipelines.ingest import parse_file  # noqa: E402
from scripts.real_agreement import SECOND_SUFFIX, Counts, _same  # noqa: E402

TODO_FILE = "adjudication.todo.json"
DECISIONS_FILE = "adjudication.json"
NONE = "none"  # a reading that holds no such figure


@dataclass(frozen=True)
class Reading:
    """One reading of a text: its figures and, for each, the phrase it cites."""

    values: dict[str, float]
    phrases: dict[str, str]


def _gold_reading(path: Path) -> Reading:
    gold = json.loads(path.read_text(encoding="utf-8"))
    evidence = gold.get("evidence") or {}
    values = {k: float(v) for k, v in (gold.get("values") or {}).items()}
    return Reading(values, {k: str(evidence.get(k, "")) for k in values})


def _parser_reading(text: Path) -> Reading:
    try:
        report = parse_file(text.read_bytes(), text.name)
    except RejectedInput:
        return Reading({}, {})
    return Reading({f.metric: f.value for f in report.figures}, {f.metric: f.raw_text for f in report.figures})


def _texts_read_twice(folder: Path) -> list[tuple[Path, Path, Path]]:
    """(text, first gold, second gold) of each report text of the folder read by two readers."""
    out = []
    for first in sorted(folder.glob("*.gold.json")):
        second = first.with_name(first.name.replace(".gold.json", SECOND_SUFFIX))
        gold = json.loads(first.read_text(encoding="utf-8"))
        if second.is_file() and gold.get("is_report", True):
            out.append((first.with_name(gold["file"]), first, second))
    return out


def _value(reading: Reading, key: str) -> float | str:
    return reading.values.get(key, NONE)


def _label(value: float | str) -> str:
    return NONE if value == NONE else f"{float(value):g}"


def disputes_of(text: Path, readings: list[Reading], rng: random.Random) -> list[dict]:
    """The keys of one text the readings do not all agree on, each with its candidate values."""
    keys = sorted(set().union(*(r.values for r in readings)))
    out = []
    for key in keys:
        values = [_value(r, key) for r in readings]
        if len({_label(v) for v in values}) == 1:
            continue
        candidates: dict[str, list[str]] = {}
        for reading, value in zip(readings, values, strict=True):
            phrases = candidates.setdefault(_label(value), [])
            phrase = reading.phrases.get(key, "")
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        order = sorted(candidates)
        rng.shuffle(order)
        out.append(
            {
                "text": text.name,
                "key": key,
                "candidates": [
                    {"letter": chr(ord("A") + i), "value": label, "phrases": candidates[label]}
                    for i, label in enumerate(order)
                ],
                "decision": None,
                "why": "",
            }
        )
    return out


def write_disputes(folder: Path, seed: int = 25) -> int:
    rng = random.Random(f"{seed}:{folder.name}")
    items: list[dict] = []
    for text, first, second in _texts_read_twice(folder):
        readings = [_gold_reading(first), _gold_reading(second), _parser_reading(text)]
        items.extend(disputes_of(text, readings, rng))
    (folder / TODO_FILE).write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(items)


@dataclass
class Score(Counts):
    texts: int = 0
    emitted: int = 0
    emitted_right: int = 0
    emitted_unresolved: int = 0
    gold: int = 0
    gold_emitted: int = 0
    adjudicated: int = 0
    unresolved: int = 0

    def line(self, name: str) -> str:
        scored = self.emitted - self.emitted_unresolved
        precision = f"{self.emitted_right / scored:.3f}" if scored else "—"
        recall = f"{self.gold_emitted / self.gold:.3f}" if self.gold else "—"
        return (
            f"{name}: {self.texts} texts, {self.adjudicated} keys adjudicated, {self.unresolved} unresolved | "
            f"parser vs adjudicated gold: precision {precision} ({self.emitted_right}/{scored}), "
            f"recall {recall} ({self.gold_emitted}/{self.gold})"
        )


def _decisions(folder: Path) -> dict[tuple[str, str], float | None]:
    path = folder / DECISIONS_FILE
    if not path.is_file():
        return {}
    out: dict[tuple[str, str], float | None] = {}
    for item in json.loads(path.read_text(encoding="utf-8")):
        if not item.get("why"):  # an item left blank is not adjudicated
            continue
        decision = item.get("decision")
        out[(item["text"], item["key"])] = None if decision in (None, NONE) else float(decision)
    return out


def score_text(text: Path, a: Reading, b: Reading, got: Reading, decided: dict) -> Score:
    s = Score(texts=1)
    keys = set(a.values) | set(b.values) | set(got.values)
    for key in keys:
        emitted = got.values.get(key)
        s.emitted += emitted is not None
        gold: float | None
        if (text.name, key) in decided:
            gold = decided[(text.name, key)]
            s.adjudicated += 1
        elif _label(_value(a, key)) == _label(_value(b, key)):
            gold = a.values.get(key)
        else:
            s.unresolved += 1
            s.emitted_unresolved += emitted is not None
            continue
        right = _same(gold, emitted)
        s.emitted_right += right
        s.gold += gold is not None
        s.gold_emitted += right
    return s


def score_folder(folder: Path) -> Score:
    decided = _decisions(folder)
    total = Score()
    for text, first, second in _texts_read_twice(folder):
        total.add(score_text(text, _gold_reading(first), _gold_reading(second), _parser_reading(text), decided))
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("disputes", "score"))
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--by-batch", action="store_true", help="a line per folder besides the total")
    args = parser.parse_args(argv)
    if args.command == "disputes":
        for folder in args.folders:
            print(f"{folder.name}: {write_disputes(folder)} disputes → {folder / TODO_FILE}")
        return
    total = Score()
    for folder in args.folders:
        part = score_folder(folder)
        total.add(part)
        if args.by_batch:
            print(part.line(folder.name))
    print(total.line("all"))


if __name__ == "__main__":
    main()
