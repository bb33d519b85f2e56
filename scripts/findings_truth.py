"""How many data-quality findings are worth reading: the findings of a demo database against
the demo generator's recorded truth (truth.jsonl flaws and unreported.csv).

    .venv/bin/python scripts/findings_truth.py --db /tmp/demo/demo.duckdb --corpus /tmp/demo/corpus
    .venv/bin/python scripts/findings_truth.py            # builds a 150-unit demo in a temp folder

Prints per finding kind: findings, true ones, precision, recall. A ×10 jump the generator
plants in year Y shows as a rise in Y and — the figure back to normal — a fall in the next
report; both are true findings (precision), recall counts the planted year. Anomalies in the real samples (not in the truth) are left out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines import quality, registry  # noqa: E402
from pipelines.demo.generate import read_truth  # noqa: E402
from pipelines.demo.units import build_units  # noqa: E402


def truth_sets(corpus: Path, reg: registry.Registry) -> dict[str, set]:
    by_name = dict(zip(reg.frame["name"], reg.frame["unit_id"], strict=True))
    unit_of = {u.key: by_name.get(u.new_name) for u in build_units(len(reg.frame))}
    sets: dict[str, set] = {"check": set(), "late": set(), "anomaly": set(), "missing": set()}
    jumps: list[tuple[str, int]] = []
    reported: dict[str, list[int]] = {}
    for rec in read_truth(corpus):
        if not rec.get("is_report"):
            continue
        uid = unit_of.get(rec["unit_key"])
        reported.setdefault(uid, []).append(int(rec["year"]))
        for flaw in rec["flaws"]:
            if flaw["type"] == "rule":
                sets["check"].add((uid, rec["year"], flaw["rule"]))
            elif flaw["type"] == "late_publication":
                sets["late"].add((uid, rec["year"]))
            elif flaw["type"] == "jump":
                jumps.append((uid, int(rec["year"])))
    sets["anomaly_return"] = set()
    for uid, year in jumps:
        sets["anomaly"].add((uid, year))
        later = sorted(y for y in reported.get(uid, []) if y > year)
        if later:
            sets["anomaly_return"].add((uid, later[0]))  # the fall back to normal: true, not required
    missing = pd.read_csv(corpus / "unreported.csv")
    sets["missing"] = {
        (unit_of[k], int(y)) for k, y in zip(missing["unit_key"], missing["year"], strict=True)
    }
    return sets


def score(db: Path, corpus: Path, **settings) -> pd.DataFrame:
    reg = registry.load(db)
    if reg is None:
        raise SystemExit(f"no unit_registry.csv next to {db}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = quality.findings(con, **settings)
        demo_units = set(con.execute("SELECT DISTINCT unit_id FROM reports WHERE is_demo").df()["unit_id"])
    finally:
        con.close()
    truth = truth_sets(corpus, reg)
    rows = []
    related = truth.pop("anomaly_return")
    for kind, wanted in truth.items():
        f = found[(found["kind"] == kind) & (found["unit_id"].isin(demo_units | reg.unit_ids))]
        if kind == "check":
            keys = set(zip(f["unit_id"], f["year"].astype(int), f["rule"], strict=True))
        else:
            keys = set(zip(f["unit_id"], f["year"].astype(int), strict=True))
        hit = len(keys & wanted)
        right = len(keys & (wanted | related)) if kind == "anomaly" else hit
        rows.append(
            {
                "kind": quality.KIND_LABELS[kind],
                "findings": len(f),
                "distinct": len(keys),
                "true": right,
                "truth": len(wanted),
                "found": hit,
                "precision": right / len(keys) if keys else 1.0,
                "recall": hit / len(wanted) if wanted else 1.0,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--jump-factor", type=float, default=quality.JUMP_FACTOR.default)
    parser.add_argument("--jump-min", type=float, default=quality.JUMP_MIN.default)
    parser.add_argument("--zero-after", type=float, default=quality.ZERO_AFTER.default)
    args = parser.parse_args(argv)
    if args.db is None:
        from pipelines.demo import build_demo

        tmp = Path(tempfile.mkdtemp(prefix="findings-truth-"))
        build = build_demo(tmp / "demo.duckdb", tmp / "corpus", progress=False)
        args.db, args.corpus = build.db_path, build.corpus
    settings = {"jump_factor": args.jump_factor, "jump_min": args.jump_min, "zero_after": args.zero_after}
    table = score(args.db, args.corpus, **settings)
    print(f"settings: {settings}")
    print(table.to_string(index=False, formatters={"precision": "{:.1%}".format, "recall": "{:.1%}".format}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
