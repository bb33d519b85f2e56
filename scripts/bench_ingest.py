"""Ingest throughput per format, its ratio to a read+decode baseline, and peak memory.

    .venv/bin/python scripts/bench_ingest.py            # 10,000 txt / 10,000 html / 200 pdf / 200 docx + 40,000 txt
    .venv/bin/python scripts/bench_ingest.py --quick    # 1,000 txt / 1,000 html / 50 pdf / 50 docx + 4,000 txt

Corpora are generated once and cached under bench-out/ (deterministic, seed 3). PDF and
DOCX corpora are smaller (200 reports) because making and parsing them is slower. Each
format runs the real ``pipelines.ingest.ingest_paths`` into a fresh database in its own
process, so the peak RSS (ru_maxrss of the process and of its worker children) belongs
to that run alone; the last txt run, four times the first, shows whether memory grows with
corpus size.

The baseline, measured in the same process right before the ingest, on the same files
(already read once, so both find them in the page cache), with as many processes as the
ingest has parser workers: read each file and decode its text (``decode_text``: BOM,
UTF-8, GB18030 …), nothing else. ``× baseline`` is how many times longer the ingest takes
than that. Target: ≥ 1,000 text/HTML reports/s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "bench-out"
REPORTS_PER_UNIT = 13  # 2012–2025, minus late starters
FULL = (("txt", 10000), ("html", 10000), ("pdf", 200), ("docx", 200), ("txt", 40000))
QUICK = (("txt", 1000), ("html", 1000), ("pdf", 50), ("docx", 50), ("txt", 4000))
TARGET_TEXT_RATE = 1000.0


def corpus_for(fmt: str, count: int) -> list[Path]:
    """The first ``count`` files of a cached single-format corpus (generated on first use)."""
    from pipelines.demo.generate import generate_corpus, read_truth

    units = count // REPORTS_PER_UNIT + 2
    while True:
        folder = BENCH_DIR / f"corpus-{fmt}-{units}u"
        done = folder / ".complete"
        if not done.exists():
            print(f"generating {fmt} corpus ({units} units) in {folder} …", file=sys.stderr)
            generate_corpus(folder, units=units, formats=(fmt,), seed=3, flaws=False)
            done.write_text("ok\n", encoding="utf-8")
        files = [folder / rec["file"] for rec in read_truth(folder)]
        if len(files) >= count:
            return files[:count]
        units = units * count // max(1, len(files)) + 2  # a few units fewer reports than assumed: a larger corpus


def _read_decode(path: Path) -> int:
    from pipelines.extract import decode_text
    from pipelines.extract.html import declared_charset

    data = path.read_bytes()
    try:
        text, _ = decode_text(data, declared_charset(data) if path.suffix == ".html" else None)
    except Exception:  # noqa: BLE001 - a PDF or DOCX: its bytes are what the baseline reads
        return len(data)
    return len(text)


def baseline_rate(files: list[Path]) -> float:
    """Files/s to read and decode ``files`` with one process per core (the ingest's workers)."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        pool.map(_read_decode, files[:50])  # start the workers and import the decoder
        started = time.monotonic()
        for _ in pool.imap(_read_decode, files, chunksize=64):
            pass
        return len(files) / (time.monotonic() - started)


def _cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(fmt: str, count: int) -> dict:
    """Child process: the baseline, then an ingest into a fresh database; rates and peak memory."""
    from pipelines.ingest import ingest_paths

    files = corpus_for(fmt, count)
    db = BENCH_DIR / f"bench-{fmt}-{count}.duckdb"
    for stale in BENCH_DIR.glob(f"bench-{fmt}-{count}.duckdb*"):
        stale.unlink()
    for f in files:  # into the page cache: neither measurement pays for the first read
        f.read_bytes()
    base = baseline_rate(files)
    cpu_before = _cpu_seconds()
    started = time.monotonic()
    summary = ingest_paths(files, db, is_demo=True, progress=False)
    elapsed = time.monotonic() - started
    cpu = _cpu_seconds() - cpu_before
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    for stale in BENCH_DIR.glob(f"bench-{fmt}-{count}.duckdb*"):
        stale.unlink()
    return {
        "format": fmt,
        "reports": count,
        "loaded": summary.loaded + summary.replaced,
        "rejected": len(summary.rejected),
        "seconds": round(elapsed, 2),
        "reports_per_s": round(count / elapsed, 1) if elapsed else 0.0,
        "baseline_per_s": round(base, 1),
        "times_baseline": round(base * elapsed / count, 1) if count else 0.0,
        "cpu_ms_per_report": round(cpu * 1000 / count, 2) if count else 0.0,
        "peak_rss_mb_self": round(self_kb / 1024, 1),
        "peak_rss_mb_children": round(child_kb / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingest reports/s per format and peak RSS")
    parser.add_argument("--quick", action="store_true", help="quarter-size corpora")
    parser.add_argument("--run", nargs=2, metavar=("FORMAT", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(exist_ok=True)
    if args.run:
        print(json.dumps(run_one(args.run[0], int(args.run[1]))))
        return 0
    plan = QUICK if args.quick else FULL
    for fmt, count in plan:  # generate first, so generation time is not in any measurement
        corpus_for(fmt, count)
    print(
        f"{'format':6} {'reports':>7} {'loaded':>6} {'rej':>4} {'seconds':>8} {'reports/s':>9} "
        f"{'read+decode/s':>13} {'× baseline':>10} {'CPU ms/report':>13} {'peak RSS MB (self / workers)':>28}"
    )
    results = []
    for fmt, count in plan:
        out = subprocess.run(
            [sys.executable, __file__, "--run", fmt, str(count)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        if out.returncode != 0:
            print(f"{fmt} {count}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            return 1
        res = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(res)
        print(
            f"{fmt:6} {count:7d} {res['loaded']:6d} {res['rejected']:4d} {res['seconds']:8.1f} {res['reports_per_s']:9.1f} "
            f"{res['baseline_per_s']:13.0f} {res['times_baseline']:10.1f} {res['cpu_ms_per_report']:13.2f} "
            f"{res['peak_rss_mb_self']:>13.1f} / {res['peak_rss_mb_children']:.1f}"
        )
    text = [r for r in results if r["format"] in ("txt", "html")]
    slow = [r for r in text if r["reports_per_s"] < TARGET_TEXT_RATE]
    small, big = results[0], results[-1]
    growth = (big["peak_rss_mb_self"] + big["peak_rss_mb_children"]) / max(
        1.0, small["peak_rss_mb_self"] + small["peak_rss_mb_children"]
    )
    print(
        f"\ncpu cores: {os.cpu_count()}; txt peak memory {big['reports']} vs {small['reports']} reports: ×{growth:.2f}"
    )
    print(
        f"target ≥ {TARGET_TEXT_RATE:,.0f} text/HTML reports/s:",
        "met"
        if not slow
        else "NOT met (" + ", ".join(f"{r['format']} {r['reports_per_s']}/s" for r in slow) + ")",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
