"""An officer's ingest of a few files into a big database: seconds end to end, and where they go.

    .venv/bin/python scripts/bench_ingest_into.py --db bench-out/pages-1m.duckdb --files 10
    .venv/bin/python scripts/bench_ingest_into.py --db bench-out/pages-100k.duckdb --files 10 --runs 3

The database (with its side files) is copied into a scratch folder first: the source stays as it
is. Then ``--files`` generated text reports are ingested into the copy ``--runs`` times, each run
with new bytes (a line appended: new hashes), so each run replaces the reports of the run before
— what an officer does when a body sends a corrected report. The first run may do one-off work a
database built by scripts/make_scale_db.py still lacks (its units keyed with the current alias
file, the 全文检索 index of every stored text); the later runs are the steady state.

Printed for each run: wall seconds of ``ingest_paths`` and the seconds of its slowest steps
(cProfile, cumulative: the unit re-key and units table, the publish with its derived tables, the
全文检索 index, 数据质量's stored findings).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_ingest import corpus_for  # noqa: E402

from pipelines.ingest import ingest_paths  # noqa: E402

# (module file, function) → label: the steps that grow with the database, not with the files
STEPS = {
    ("load.py", "apply_unit_aliases"): "unit re-key",
    ("load.py", "rebuild_units"): "units table",
    ("load.py", "refresh_continuity_checks"): "continuity checks",
    ("db.py", "publish"): "publish (derived tables)",
    ("search_index.py", "refresh"): "全文检索 index",
    ("quality/stored.py", "warm"): "数据质量 findings",
}


def copy_database(db: Path, scratch: Path) -> Path:
    """The database and the files beside it named after it (the store, the search index)."""
    target = scratch / db.name
    for side in db.parent.glob(db.name + "*"):
        if side.is_file():
            shutil.copy2(side, scratch / side.name)
    return target


def new_files(count: int, run: int, scratch: Path) -> list[Path]:
    """``count`` generated text reports, each with a line of its own for this run (new bytes)."""
    folder = scratch / f"run{run}"
    folder.mkdir()
    out = []
    for source in corpus_for("txt", count):
        target = folder / source.name
        target.write_bytes(source.read_bytes() + f"\n（第{run}次导入）\n".encode())
        out.append(target)
    return out


def step_seconds(stats: pstats.Stats) -> dict[str, float]:
    seconds = dict.fromkeys(STEPS.values(), 0.0)
    for (filename, _, function), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        for (module, name), label in STEPS.items():
            if function == name and filename.endswith(module):
                seconds[label] = max(seconds[label], cumulative)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="the big database (left as it is)")
    parser.add_argument("--files", type=int, default=10, help="reports an officer ingests (default 10)")
    parser.add_argument("--runs", type=int, default=2, help="ingests one after the other (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=ROOT / "bench-out") as tmp:
        scratch = Path(tmp)
        started = time.monotonic()
        db = copy_database(args.db, scratch)
        print(f"copied {args.db} ({args.db.stat().st_size / 1e6:,.0f} MB) in {time.monotonic() - started:.1f} s")
        print(f"\n| run | files | seconds | {' | '.join(STEPS.values())} |")
        print("|---|---|---|" + "---|" * len(STEPS))
        for run in range(1, args.runs + 1):
            files = new_files(args.files, run, scratch)
            profiler = cProfile.Profile()
            started = time.monotonic()
            profiler.enable()
            summary = ingest_paths(files, db, progress=False)
            profiler.disable()
            wall = time.monotonic() - started
            steps = step_seconds(pstats.Stats(profiler))
            done = summary.loaded + summary.replaced
            print(f"| {run} | {done} | {wall:.2f} | " + " | ".join(f"{s:.2f}" for s in steps.values()) + " |")


if __name__ == "__main__":
    main()
