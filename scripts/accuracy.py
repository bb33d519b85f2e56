"""Extraction accuracy on a generated corpus (and on the real samples' gold).

    .venv/bin/python scripts/accuracy.py                 # generate a corpus with every format and family
    .venv/bin/python scripts/accuracy.py --corpus DIR     # score an existing corpus (DIR/truth.jsonl)

Every file is parsed with ``pipelines.ingest.parse_file`` (pure: extract + normalize) and
its figures are compared with the truth: precision = correct / emitted, recall = correct /
truth figures, per format × family and overall; plus unit / year / family / publication
date accuracy and whether the non-reports were rejected. Exits 1 when precision < 99.9 %
or recall < 99.5 % in any format × family cell of the generated corpus (the real-sample
line is printed for information: fragments there are rightly rejected).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PRECISION_MIN = 0.999
RECALL_MIN = 0.995
# PDF/DOCX are rare in the demo corpus; the accuracy corpus needs enough of each.
ACCURACY_FORMAT_WEIGHTS = {"txt": 0.4, "html": 0.3, "docx": 0.15, "pdf": 0.15}
MAX_EXAMPLES = 25


@dataclass
class Cell:
    """Counts of one format × family cell (or of a whole line)."""

    files: int = 0
    rejected: int = 0
    crashed: int = 0
    emitted: int = 0
    truth: int = 0
    correct: int = 0
    meta: Counter = field(default_factory=Counter)  # field → correct count
    meta_n: Counter = field(default_factory=Counter)  # field → scored count

    def add(self, other: Cell) -> None:
        for name in ("files", "rejected", "crashed", "emitted", "truth", "correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.meta.update(other.meta)
        self.meta_n.update(other.meta_n)

    @property
    def precision(self) -> float:
        return self.correct / self.emitted if self.emitted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    def ok(self) -> bool:
        return self.precision >= PRECISION_MIN and self.recall >= RECALL_MIN


@dataclass
class Score:
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    non_reports: int = 0
    non_reports_rejected: int = 0
    errors: list[tuple[str, str, object, object, str]] = field(
        default_factory=list
    )  # metric, kind, truth, got, file
    error_counts: Counter = field(default_factory=Counter)  # (metric, kind) → n
    failures: list[tuple[str, str]] = field(default_factory=list)  # file, reason (rejected/crashed reports)

    def overall(self) -> Cell:
        total = Cell()
        for cell in self.cells.values():
            total.add(cell)
        return total

    def ok(self) -> bool:
        return all(c.ok() for c in self.cells.values()) and self.non_reports_rejected == self.non_reports


# ---------------------------------------------------------------------------
# comparison helpers


def same_value(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_CONVERTER = None


def norm_name(name: str | None) -> str:
    """Unit names compare without spaces (incl. full-width), NFKC, as simplified characters."""
    global _CONVERTER
    if not name:
        return ""
    if _CONVERTER is None:
        _CONVERTER = _t2s()
    text = unicodedata.normalize("NFKC", name)
    return _CONVERTER.convert("".join(text.split()))


def _family_of_gold(template: str | None) -> str | None:
    return {"2021": "std2021", "2019": "std2019", "legacy": "legacy", "narrative": "narrative"}.get(
        template or ""
    )


# ---------------------------------------------------------------------------
# parsing (in worker processes)


def _parse(path_and_name: tuple[str, str]) -> tuple[str, dict | None, str | None]:
    """(name, result, failure): result holds the figures and metadata of the ParsedReport."""
    from pipelines.errors import RejectedInput
    from pipelines.ingest import parse_file

    path, name = path_and_name
    try:
        report = parse_file(Path(path).read_bytes(), name)
    except RejectedInput as exc:
        return name, None, f"rejected: {exc.reason}"
    except Exception as exc:  # a parser crash is a finding, never a reason to stop scoring
        return name, None, f"crashed: {type(exc).__name__}: {exc}"
    return (
        name,
        {
            "values": report.values(),
            "unit": report.unit_name,
            "year": report.year,
            "family": report.template,
            "published_on": report.published_on.isoformat() if report.published_on else None,
        },
        None,
    )


def _parse_all(jobs: list[tuple[str, str]], workers: int):
    if workers <= 1:
        yield from map(_parse, jobs)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(_parse, jobs, chunksize=8)


# ---------------------------------------------------------------------------
# scoring


def _score_values(score: Score, cell: Cell, truth: dict, got: dict, name: str) -> None:
    cell.truth += len(truth)
    cell.emitted += len(got)
    for metric, value in got.items():
        if metric in truth and same_value(value, truth[metric]):
            cell.correct += 1
        else:
            kind = "wrong" if metric in truth else "extra"
            score.error_counts[(metric, kind)] += 1
            if len(score.errors) < 5000:
                score.errors.append((metric, kind, truth.get(metric), value, name))
    for metric, value in truth.items():
        if metric not in got:
            score.error_counts[(metric, "missing")] += 1
            if len(score.errors) < 5000:
                score.errors.append((metric, "missing", value, None, name))


def _score_meta(cell: Cell, rec: dict, res: dict) -> None:
    checks = {
        "unit": norm_name(res["unit"]) == norm_name(rec["unit"]),
        "year": res["year"] == rec["year"],
        "family": res["family"] == rec["family"],
        "published_on": res["published_on"] == rec["published_on"],
    }
    for key, good in checks.items():
        cell.meta_n[key] += 1
        cell.meta[key] += int(good)


def score_corpus(corpus: Path, workers: int = 2) -> Score:
    """Parse every file of the corpus and compare with truth.jsonl."""
    from pipelines.demo.generate import read_truth

    score = Score()
    records = {rec["file"]: rec for rec in read_truth(corpus)}
    jobs = [(str(corpus / name), name) for name in records]
    for name, res, failure in _parse_all(jobs, workers):
        rec = records[name]
        if not rec["is_report"]:
            score.non_reports += 1
            score.non_reports_rejected += int(res is None)
            if res is not None:
                score.failures.append((name, f"not a report, but parsed as {res['unit']} {res['year']}"))
            continue
        cell = score.cells.setdefault((rec["format"], rec["family"]), Cell())
        cell.files += 1
        if res is None:
            cell.rejected += int(failure.startswith("rejected"))
            cell.crashed += int(failure.startswith("crashed"))
            cell.truth += len(rec["values"])
            score.failures.append((name, failure))
            continue
        _score_values(score, cell, rec["values"], res["values"], name)
        _score_meta(cell, rec, res)
    return score


def score_gold(samples: Path) -> tuple[Cell, list[str]]:
    """The real samples: each .gold.json beside its .txt (fragments may rightly be rejected)."""
    cell = Cell()
    notes: list[str] = []
    scratch = Score()
    golds = sorted(samples.rglob("*.gold.json"))
    jobs = []
    for gold_path in golds:
        src = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if src.exists():
            jobs.append((str(src), src.name))
    golds_by_name = {
        p.name.replace(".gold.json", ".txt"): json.loads(p.read_text(encoding="utf-8")) for p in golds
    }
    sources = {name: path for path, name in jobs}
    for name, res, failure in _parse_all(jobs, 1):
        gold = golds_by_name[name]
        truth = gold.get("values", {})
        cell.files += 1
        if res is None:
            cell.rejected += 1
            text = Path(sources[name]).read_text(encoding="utf-8", errors="replace")
            placeable = (
                gold.get("unit") and gold.get("year") and gold["unit"] in text and str(gold["year"]) in text
            )
            notes.append(f"{name}: {failure}" + ("（正文含单位和年份，不应拒收）" if placeable else ""))
            continue
        _score_values(scratch, cell, truth, res["values"], name)
        if gold.get("year"):
            cell.meta_n["year"] += 1
            cell.meta["year"] += int(res["year"] == gold["year"])
        if gold.get("unit"):
            cell.meta_n["unit"] += 1
            cell.meta["unit"] += int(norm_name(res["unit"]) == norm_name(gold["unit"]))
        family = _family_of_gold(gold.get("template"))
        if family:
            cell.meta_n["family"] += 1
            cell.meta["family"] += int(res["family"] == family)
        if gold.get("published"):
            cell.meta_n["published_on"] += 1
            cell.meta["published_on"] += int(res["published_on"] == gold["published"])
    for metric, kind, truth_v, got_v, name in scratch.errors[:40]:
        notes.append(f"{name}: {metric} {kind} truth={truth_v} got={got_v}")
    return cell, notes


# ---------------------------------------------------------------------------
# printing


def _pct(x: float) -> str:
    return f"{100 * x:6.2f}%"


def _meta_text(cell: Cell) -> str:
    parts = []
    for key in ("unit", "year", "family", "published_on"):
        if cell.meta_n[key]:
            parts.append(f"{key} {100 * cell.meta[key] / cell.meta_n[key]:.1f}%")
    return ", ".join(parts)


def format_table(score: Score, gold: tuple[Cell, list[str]] | None = None) -> str:
    head = f"{'format':6} {'family':9} {'files':>5} {'rej':>4} {'crash':>5} {'emitted':>8} {'truth':>8} {'correct':>8} {'precision':>9} {'recall':>8}  metadata"
    lines = [head, "-" * len(head)]

    def row(fmt: str, fam: str, c: Cell, mark: str = "") -> str:
        return (
            f"{fmt:6} {fam:9} {c.files:5d} {c.rejected:4d} {c.crashed:5d} {c.emitted:8d} {c.truth:8d} {c.correct:8d} "
            f"{_pct(c.precision):>9} {_pct(c.recall):>8}  {_meta_text(c)}{mark}"
        )

    for (fmt, fam), cell in sorted(score.cells.items()):
        lines.append(row(fmt, fam, cell, "" if cell.ok() else "   ✗ below threshold"))
    lines.append("-" * len(head))
    lines.append(row("all", "", score.overall()))
    lines.append(f"non-reports rejected: {score.non_reports_rejected}/{score.non_reports}")
    if gold is not None:
        lines.append(row("real", "samples", gold[0]) + "   (真实样本 gold，仅供参考)")
    if score.error_counts:
        lines.append("")
        lines.append("most frequent errors (metric, kind: count, example):")
        examples = {}
        for metric, kind, t, g, name in score.errors:
            examples.setdefault((metric, kind), (t, g, name))
        for (metric, kind), n in score.error_counts.most_common(MAX_EXAMPLES):
            t, g, name = examples.get((metric, kind), (None, None, ""))
            lines.append(f"  {metric} {kind}: {n}  e.g. truth={t} got={g} in {name}")
    if score.failures:
        lines.append("")
        lines.append(f"files not parsed as expected ({len(score.failures)}), first ones:")
        reasons = Counter(
            reason.split(":")[0] + ": " + reason.split(":", 1)[-1].strip()[:80]
            for _, reason in score.failures
        )
        for reason, n in reasons.most_common(10):
            example = next(
                name for name, r in score.failures if reason.endswith(r.split(":", 1)[-1].strip()[:80])
            )
            lines.append(f"  {n} × {reason}  e.g. {example}")
    if gold is not None and gold[1]:
        lines.append("")
        lines.append("real samples:")
        lines.extend(f"  {note}" for note in gold[1][:40])
    return "\n".join(lines)


def generate_accuracy_corpus(out: Path, units: int, years: range, seed: int) -> Path:
    from pipelines.demo.generate import generate_corpus

    generate_corpus(out, units=units, years=years, seed=seed, format_weights=ACCURACY_FORMAT_WEIGHTS)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Extraction precision/recall on a generated corpus")
    parser.add_argument("--corpus", type=Path, help="existing corpus folder (with truth.jsonl)")
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--years", default="2012-2025")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-samples", action="store_true", help="skip the real samples' gold line")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    start, _, end = args.years.partition("-")
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = generate_accuracy_corpus(
                Path(tmp) / "corpus", args.units, range(int(start), int(end or start) + 1), args.seed
            )
        elif not (corpus / "truth.jsonl").exists():
            print(f"错误：{corpus} 中没有 truth.jsonl", file=sys.stderr)
            return 2
        score = score_corpus(corpus, args.workers)
    gold = None if args.no_samples else score_gold(ROOT / "data" / "samples")
    print(format_table(score, gold))
    if args.json:
        args.json.write_text(json.dumps(to_json(score, gold), ensure_ascii=False, indent=1), encoding="utf-8")
    ok = score.ok()
    print(
        "\nPASS"
        if ok
        else f"\nFAIL: thresholds are precision ≥ {PRECISION_MIN:.1%} and recall ≥ {RECALL_MIN:.1%} in every cell"
    )
    return 0 if ok else 1


def to_json(score: Score, gold: tuple[Cell, list[str]] | None) -> dict:
    def cell_json(c: Cell) -> dict:
        return {"files": c.files, "rejected": c.rejected, "crashed": c.crashed, "emitted": c.emitted,
                "truth": c.truth, "correct": c.correct, "precision": c.precision, "recall": c.recall,
                "meta": {k: c.meta[k] / c.meta_n[k] for k in c.meta_n}}  # fmt: skip

    out = {
        "cells": {f"{f}/{fam}": cell_json(c) for (f, fam), c in sorted(score.cells.items())},
        "overall": cell_json(score.overall()),
        "non_reports": [score.non_reports_rejected, score.non_reports],
    }
    if gold is not None:
        out["real_samples"] = cell_json(gold[0])
    return out


if __name__ == "__main__":
    raise SystemExit(main())
