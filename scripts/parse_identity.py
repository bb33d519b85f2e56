"""Is the parser's output unchanged, file by file? (for speed work that must not change it)

    .venv/bin/python scripts/parse_identity.py --write before.json   # on the commit you start from
    .venv/bin/python scripts/parse_identity.py --compare before.json # after your change: exit 1 on any difference

The files: every input fixture (tests/normalize/fixtures), every real report text
(tests/realworld/batch_*/*.txt), the shared-sample copies (data/samples), and the first
1,000 txt and 500 html reports of the benchmark's generated corpora (``bench_ingest.corpus_for``:
cached under bench-out/, made on first use). For each file: a hash of
everything ``parsed_output`` reports (template, unit, year, every figure with raw text and
provenance, doubts, checks) plus the placement candidates and the reason, and what the
ingest worker ships (``_parse_job``: figure columns, searchable text). ``PARSER_DIGEST``
covers the fixtures only; this covers the texts the speed of the parser is measured on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _inputs(generated: int) -> list[Path]:
    from pipelines.parser_version import fixture_inputs
    from scripts.bench_ingest import corpus_for

    files = fixture_inputs()
    files += sorted((ROOT / "tests" / "realworld").glob("batch_*/*.txt"))
    files += sorted(p for p in (ROOT / "data" / "samples").rglob("*") if p.suffix in (".txt", ".html"))
    return files + corpus_for("txt", generated) + corpus_for("html", generated // 2)


def _placement(report) -> list:
    p = report.placement
    cands = [[c.field, c.value, c.confidence, c.source, c.evidence, c.norm] for c in p.units + p.years]
    return [cands, p.unit.value if p.unit else None, p.year.value if p.year else None, p.reason]


def file_hash(path: Path) -> str:
    from pipelines.errors import RejectedInput
    from pipelines.ingest import InputItem, Parsed, _parse_document, _parse_job
    from pipelines.parser_version import parsed_output

    out: dict = {"output": parsed_output(path)}
    data = path.read_bytes()
    try:
        report, _ = _parse_document(data, path.name, None)
        out["placement"] = _placement(report)
    except RejectedInput as exc:
        out["placement"] = ["rejected", exc.reason]
    shipped = _parse_job(InputItem(name=path.name, data=data))
    if isinstance(shipped, Parsed):
        # the figure columns as lists, packed or not (pipelines/load.py FigureColumns): hashes
        # written before the packing compare equal when the figures are the same
        columns = shipped.columns.lists() if hasattr(shipped.columns, "lists") else shipped.columns
        out["shipped"] = [repr(columns), shipped.report.text, shipped.report.unit_name, shipped.report.year]
    else:
        out["shipped"] = ["rejected", shipped.reason]
    blob = json.dumps(out, ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def snapshot(generated: int) -> dict[str, str]:
    return {str(p.relative_to(ROOT)): file_hash(p) for p in _inputs(generated)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the per-file hashes to this JSON file")
    group.add_argument("--compare", type=Path, help="compare with hashes written before; exit 1 on any difference")
    ap.add_argument("--generated", type=int, default=1000, help="generated txt reports to include (half as many html)")
    args = ap.parse_args(argv)
    now = snapshot(args.generated)
    if args.write:
        args.write.write_text(json.dumps(now, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{len(now)} files hashed → {args.write}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = sorted(k for k in now.keys() & before.keys() if now[k] != before[k])
    missing = sorted(before.keys() - now.keys())
    added = sorted(now.keys() - before.keys())
    for name in changed[:50]:
        print(f"changed: {name}")
    print(f"{len(now)} files: {len(changed)} changed, {len(missing)} missing, {len(added)} new")
    return 1 if changed or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
