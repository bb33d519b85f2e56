"""How far two collectors agree on the same real texts, and the parser against each and both.

A batch read twice holds, beside each ``NNN.txt``, the first collector's ``NNN.gold.json`` and
a second, independent reading ``NNN.gold-b.json`` (written without seeing the first, nor the
parser's output). Precision against one reader is bounded by how far readers agree: a figure
one of them keeps and the other declines as doubtful is a judgment, not a parser error. This
prints, per batch and for all:

  readers    figures both keep with the same value (agreed), figures only one keeps or with
             another value (disputed), agreement = agreed / all figures either keeps;
             placement: both give the same unit (or both none) and year.
  parser     precision and recall against reader A, against reader B, and against what
             both agree on: precision = emitted figures both keep / emitted figures that are
             not disputed (an emitted figure neither reader keeps is wrong); recall = agreed
             figures emitted / agreed figures. On disputed figures: how often the parser
             sides with A, with B, or with neither.

Usage:  .venv/bin/python scripts/real_agreement.py tests/realworld/batch_w [more folders]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.errors import RejectedInput  # noqa: E402
from pipelines.ingest import parse_file  # noqa: E402
from scripts.real_accuracy import _unit_matches  # noqa: E402

SECOND_SUFFIX = ".gold-b.json"
Figures = dict[str, float]


class Counts:
    """A dataclass of counters that adds another of its kind field by field."""

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Tally(Counts):
    """Counts over texts; every ratio is computed from these."""

    texts: int = 0
    placement_agreed: int = 0
    agreed: int = 0  # same key, same value in both golds
    only_a: int = 0  # kept by A only, or A's value where the values differ
    only_b: int = 0
    emitted: int = 0
    right_a: int = 0
    gold_a: int = 0
    right_b: int = 0
    gold_b: int = 0
    emitted_agreed: int = 0  # emitted with the agreed value
    emitted_disputed: int = 0  # emitted on a key the readers dispute
    emitted_neither: int = 0  # emitted, on a key neither reader keeps (or a third value)
    sides_a: int = 0
    sides_b: int = 0

def _same(x: float | None, y: float | None) -> bool:
    return x is not None and y is not None and abs(x - y) < 1e-6


def _same_placement(a: dict, b: dict) -> bool:
    if a.get("is_report") is False or b.get("is_report") is False:
        return a.get("is_report") == b.get("is_report")
    if a.get("year") != b.get("year"):
        return False
    if not a.get("unit") or not b.get("unit"):
        return not a.get("unit") and not b.get("unit")
    # one reader's name or any of its printed variants names a body of the other's
    return any(_unit_matches(name, b) for name in [a["unit"], *(a.get("unit_variants") or [])] if name)


def _parsed(src: Path) -> Figures:
    try:
        report = parse_file(src.read_bytes(), src.name)
    except RejectedInput:
        return {}
    return {f.metric: f.value for f in report.figures}


def score_pair(first: Path) -> Tally:
    """One text read by two collectors (``NNN.gold.json`` and ``NNN.gold-b.json``)."""
    a = json.loads(first.read_text(encoding="utf-8"))
    b = json.loads(
        first.with_name(first.name.replace(".gold.json", SECOND_SUFFIX)).read_text(encoding="utf-8")
    )
    va: Figures = {k: float(v) for k, v in a.get("values", {}).items()}
    vb: Figures = {k: float(v) for k, v in b.get("values", {}).items()}
    got = _parsed(first.with_name(a["file"]))
    t = Tally(texts=1, placement_agreed=int(_same_placement(a, b)), emitted=len(got))
    agreed = {k for k in va if _same(va[k], vb.get(k))}
    disputed = (set(va) | set(vb)) - agreed
    t.agreed = len(agreed)
    t.only_a = len(set(va) - agreed)
    t.only_b = len(set(vb) - agreed)
    t.gold_a, t.gold_b = len(va), len(vb)
    for key, value in got.items():
        in_a, in_b = _same(value, va.get(key)), _same(value, vb.get(key))
        t.right_a += in_a
        t.right_b += in_b
        if key in agreed:
            t.emitted_agreed += in_a
            t.emitted_neither += not in_a  # a third value
        elif key in disputed and (in_a or in_b):
            t.emitted_disputed += 1
            t.sides_a += in_a
            t.sides_b += in_b
        else:
            t.emitted_neither += 1
    return t


def _ratio(x: int, y: int) -> str:
    return f"{x / y:.3f}" if y else "—"


def report_line(name: str, t: Tally) -> str:
    either = t.agreed + t.only_a + t.only_b
    undisputed = t.emitted - t.emitted_disputed
    return (
        f"{name}: {t.texts} texts read twice | readers: placement agreed {t.placement_agreed}/{t.texts}, "
        f"figures agreed {t.agreed}/{either} ({_ratio(t.agreed, either)}), only A {t.only_a}, only B {t.only_b}"
        f" | parser: vs A precision {_ratio(t.right_a, t.emitted)} recall {_ratio(t.right_a, t.gold_a)}; "
        f"vs B precision {_ratio(t.right_b, t.emitted)} recall {_ratio(t.right_b, t.gold_b)}; "
        f"vs both: precision {_ratio(t.emitted_agreed, undisputed)} ({t.emitted_agreed}/{undisputed}, "
        f"{t.emitted_neither} that neither keeps), recall {_ratio(t.emitted_agreed, t.agreed)}; "
        f"on {t.emitted_disputed} disputed: with A {t.sides_a}, with B {t.sides_b}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    total = Tally()
    for folder in args.folders:
        batch = Tally()
        for first in sorted(folder.glob("*.gold.json")):
            if first.with_name(first.name.replace(".gold.json", SECOND_SUFFIX)).is_file():
                batch.add(score_pair(first))
        total.add(batch)
        print(report_line(folder.name, batch))
    if len(args.folders) > 1:
        print(report_line("all", total))


if __name__ == "__main__":
    main()
