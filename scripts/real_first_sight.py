"""First sight, replayed: every real text parsed by the parser it was first scored with, split into
texts that hold their statistics tables and prose-only texts.

Each round of tests/realworld was committed with the parser of the moment before any rule was written
on it (tests/realworld/COLLECTING.md), so the commit that added a text's gold holds that text's
first-sight parser. This script takes, for each text, the ``pipelines/`` of that commit (``git
archive``, cached under bench-out/first-sight/), parses the text with it in a subprocess, and scores
what it emitted against today's golds:

  precision  a figure is right when it equals the first or the second reader's value
             (``NNN.gold-b.json``), as scripts/real_agreement.py counts "against both readers"
  recall     of the figures the first reader keeps
  kept       report texts placed or kept 待归属 (not rejected)
  misplaced  placed under a wrong unit or year

Texts "with tables" are those whose gold holds any figure outside ``narrative.*`` (a table's cell);
"prose only" the rest (an excerpt that stops before its tables, or an old report without them).
What an officer sees on a whole report is the first line; the second is what a page excerpt gives.

Usage:  .venv/bin/python scripts/real_first_sight.py [--since YYYY-MM-DD] [--rounds] [--by-kind] [--wrong]

--since    only texts whose gold was added on or after that day
--rounds   one line per first-sight commit as well
--by-kind  precision of each kind of figure (each prose key, zero or not; the table cells together)
--wrong    the figures neither reader keeps
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.real_accuracy import placement_outcome  # noqa: E402
from scripts.real_agreement import _same  # noqa: E402

REAL = ROOT / "tests" / "realworld"
CACHE = ROOT / "bench-out" / "first-sight"

# Run inside the old tree: parse each text, print what placement and figures it gave (one JSON list).
_PARSE_THERE = r"""
import json, sys
from pipelines.errors import RejectedInput
from pipelines.ingest import parse_file
out = []
for path in json.load(sys.stdin):
    data = open(path, "rb").read()
    name = path.rsplit("/", 1)[-1]
    try:
        r = parse_file(data, name)
    except RejectedInput:
        out.append({"path": path, "status": "rejected"})
        continue
    out.append({"path": path, "status": "placed" if r.placed else "unplaced", "unit": r.unit_name,
                "year": r.year, "figures": [[f.metric, f.value] for f in r.figures]})
json.dump(out, sys.stdout)
"""


@dataclass
class Tally:
    texts: int = 0
    reports: int = 0
    kept: int = 0
    misplaced: int = 0
    emitted: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)
    # (right, emitted) by kind of figure: each narrative key, zero or not, and the table cells together
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, other: Tally) -> None:
        for name in ("texts", "reports", "kept", "misplaced", "emitted", "right", "gold", "found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += other.wrong
        for kind, (right, emitted) in other.by_kind.items():
            self.by_kind[kind][0] += right
            self.by_kind[kind][1] += emitted

    def line(self, label: str) -> str:
        precision = self.right / self.emitted if self.emitted else 1.0
        recall = self.found / self.gold if self.gold else 1.0
        kept = self.kept / self.reports if self.reports else 1.0
        return (
            f"| {label} | {self.texts} | {precision:.3f} ({self.right}/{self.emitted}) | "
            f"{recall:.3f} ({self.found}/{self.gold}) | {kept:.1%} | {self.misplaced} |"
        )


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def first_sight_commits(since: str | None) -> dict[str, list[Path]]:
    """The gold files of tests/realworld by the commit that added them (oldest first)."""
    log = _git("log", "--reverse", "--diff-filter=A", "--date=short", "--format=@%H %ad", "--name-only",
               "--", "tests/realworld")
    by_commit: dict[str, list[Path]] = defaultdict(list)
    commit, day = "", ""
    for line in log.splitlines():
        if line.startswith("@"):
            commit, day = line[1:].split()
        elif line.endswith(".gold.json") and "/batch_" in line and (since is None or day >= since):
            path = ROOT / line
            if path.exists() and "tmp" not in path.parent.name:
                by_commit[commit].append(path)
    return by_commit


def _tree(commit: str) -> Path:
    """The ``pipelines/`` of ``commit``, unpacked once into the cache."""
    tree = CACHE / commit
    if not (tree / "pipelines").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit, "pipelines"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def parsed_at(commit: str, texts: list[str]) -> dict[str, dict]:
    """What the parser of ``commit`` gave for ``texts`` (cached: old code never changes)."""
    cache = CACHE / f"{commit}.json"
    known: dict[str, dict] = json.loads(cache.read_text()) if cache.exists() else {}
    todo = [t for t in texts if t not in known]
    if todo:
        tree = _tree(commit)
        done = subprocess.run([sys.executable, "-c", _PARSE_THERE], cwd=tree, input=json.dumps(todo),
                              capture_output=True, text=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})
        if done.returncode:
            raise SystemExit(f"the parser of {commit[:8]} failed: {done.stderr[-2000:]}")
        known.update({r["path"]: r for r in json.loads(done.stdout)})
        cache.write_text(json.dumps(known, ensure_ascii=False))
    return {t: known[t] for t in texts}


def _kind(metric: str, value: float) -> str:
    if not metric.startswith("narrative."):
        return "table cells (every key outside narrative.*)"
    return f"{metric} ({'0' if value == 0 else 'not 0'})"


def score(gold_path: Path, gold: dict, result: dict) -> Tally:
    """One text's tally: what the parser gave (``result``) against both readers' golds."""
    second = gold_path.with_name(gold_path.name.replace(".gold.json", ".gold-b.json"))
    values_b = json.loads(second.read_text(encoding="utf-8")).get("values", {}) if second.exists() else {}
    values = gold.get("values", {})
    is_report = gold.get("is_report") is not False
    kept = result["status"] != "rejected"
    misplaced = kept and placement_outcome(result["status"] == "placed", result["unit"], result["year"], gold)[1]
    tally = Tally(texts=1, reports=int(is_report), kept=int(is_report and kept), misplaced=int(misplaced), gold=len(values))
    got = {metric: value for metric, value in result.get("figures", [])}
    tally.found = sum(_same(v, got.get(k)) for k, v in values.items())
    for metric, value in got.items():
        right = _same(value, values.get(metric)) or _same(value, values_b.get(metric))
        tally.emitted += 1
        tally.right += right
        tally.by_kind[_kind(metric, value)][0] += right
        tally.by_kind[_kind(metric, value)][1] += 1
        if not right:
            tally.wrong.append(f"{gold_path.parent.name}/{gold['file']} {metric}={value:g}")
    return tally


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", help="only texts whose gold was added on or after this day (YYYY-MM-DD)")
    parser.add_argument("--rounds", action="store_true", help="one line per first-sight commit as well")
    parser.add_argument("--wrong", action="store_true", help="list the figures neither reader keeps")
    parser.add_argument("--by-kind", action="store_true", help="precision of each kind of figure, every text")
    args = parser.parse_args(argv)
    tables, prose, every = Tally(), Tally(), Tally()
    rounds: list[tuple[str, Tally]] = []
    for commit, golds in first_sight_commits(args.since).items():
        read = {path: json.loads(path.read_text(encoding="utf-8")) for path in golds}
        texts = {path: str(path.with_name(gold["file"])) for path, gold in read.items()}
        results = parsed_at(commit, list(texts.values()))
        this = Tally()
        for path, gold in read.items():
            text = score(path, gold, results[texts[path]])
            has_tables = any(not k.startswith("narrative.") for k in gold.get("values", {}))
            for tally in (tables if has_tables else prose, every, this):
                tally.add(text)
        rounds.append((commit, this))
    print("| texts, each with its first-sight parser | texts | precision (vs both readers) | recall (first reader) "
          "| reports kept | misplaced |\n|---|---|---|---|---|---|")
    print(tables.line("with their tables"))
    print(prose.line("prose only"))
    print(every.line("**all**"))
    if args.rounds:
        print()
        for commit, tally in rounds:
            print(tally.line(f"{commit[:8]} {_git('log', '-1', '--format=%ad %s', '--date=short', commit)[:60]}"))
    if args.by_kind:
        print("\n| kind of figure, each text with its first-sight parser | right | emitted | precision |\n|---|---|---|---|")
        for kind, (right, emitted) in sorted(every.by_kind.items()):
            print(f"| {kind} | {right} | {emitted} | {right / emitted:.3f} |")
    if args.wrong:
        print("\n".join(["", *tables.wrong, "--- prose only", *prose.wrong]))


if __name__ == "__main__":
    main()
