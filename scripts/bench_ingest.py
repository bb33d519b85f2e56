"""Ingest throughput per format, its ratio to a read+decode baseline, and peak memory.

    .venv/bin/python scripts/bench_ingest.py            # 10,000 txt / 10,000 html / 200 pdf / 200 docx + 50,000 txt
    .venv/bin/python scripts/bench_ingest.py --quick    # 1,000 txt / 1,000 html / 50 pdf / 50 docx + 4,000 txt
    .venv/bin/python scripts/bench_ingest.py --plan txt:10000,html:10000,txt:50000   # these runs only
    .venv/bin/python scripts/bench_ingest.py --profile txt:2000   # where a parse worker's ms go
    .venv/bin/python scripts/bench_ingest.py --real     # a parse worker's CPU ms on the real texts only

Corpora are generated once and cached under bench-out/ (deterministic, seed 3). PDF and
DOCX corpora are smaller (200 reports) because making and parsing them is slower. Each
format runs the real ``pipelines.ingest.ingest_paths`` into a fresh database in its own
process, so the peak RSS (ru_maxrss of the process and of its worker children) belongs
to that run alone; the last txt run, five times the first, shows whether memory grows with
corpus size. After each ingest, 500 of its files are parsed once more in that process, stage
by stage (read, decode, extract, normalize, checks, ship to the loader): CPU ms a report of
each stage. CPU ms/report is the whole ingest's; of it, ``workers`` is the parse workers' (the
ingest process's finished children: what the pure ``parse_file`` path costs at scale) and
``loader`` the ingest process's own.

The baseline, measured in the same process right before the ingest, on the same files
(already read once, so both find them in the page cache), with as many processes as the
ingest has parser workers: read each file and decode its text (``decode_text``: BOM,
UTF-8, GB18030 …), nothing else. ``× baseline`` is how many times longer the ingest takes
than that. Target: ≥ 1,000 text/HTML reports/s on 2 cores.

The generated corpus is repetitive (its template lines and a unit's names recur in every report,
which the parser's per-line memos profit from), so every run also times a parse worker on the
real report texts of tests/realworld (batch_*/*.txt, ~1,500 files, each parsed once, in a fresh
process: its memos start empty): CPU ms a report, beside the same on the generated corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = ROOT / "bench-out"
REPORTS_PER_UNIT = 13  # 2012–2025, minus late starters
FULL = (("txt", 10000), ("html", 10000), ("pdf", 200), ("docx", 200), ("txt", 50000))
QUICK = (("txt", 1000), ("html", 1000), ("pdf", 50), ("docx", 50), ("txt", 4000))
TARGET_TEXT_RATE = 1000.0
STAGE_SAMPLE = 500  # files (spread over the corpus) whose stages are timed one by one after the ingest


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


def stage_times(files: list[Path]) -> dict[str, float]:
    """CPU ms a report of each stage of a parse worker, one process, the files already in the
    page cache: read, decode (bytes → text, as the baseline), extract (text → lines, the
    decode included), normalize (lines → figures, unit, year), checks, ship (figure columns,
    the searchable text, pickling the result for the loader)."""
    import pickle

    from pipelines import ingest, search_index
    from pipelines.extract import extract_document
    from pipelines.load import figure_columns
    from pipelines.normalize import parse_document

    # the worker's searchable text (older trees normalise the whole text again)
    searchable = getattr(ingest, "searchable_text", lambda doc: search_index.searchable(doc.text))
    totals = dict.fromkeys(("read", "decode", "extract", "normalize", "checks", "ship"), 0.0)
    clock = time.process_time
    for path in files:
        t0 = clock()
        data = ingest.read_input_file(path, str(path))
        t1 = clock()
        _read_decode_bytes(data, path)
        t2 = clock()
        try:
            doc = extract_document(data, str(path))
            t3 = clock()
            report = parse_document(doc)
        except Exception:  # noqa: BLE001 - a rejected file: its time counts where it stopped
            continue
        t4 = clock()
        checks = ingest.run_checks(report)
        t5 = clock()
        columns = figure_columns(report.figures)
        report.figures, report.text = [], searchable(doc) if report.placed else ""
        pickle.dumps(ingest.Parsed(report, checks, data, columns), protocol=pickle.HIGHEST_PROTOCOL)
        t6 = clock()
        for stage, spent in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
            totals[stage] += spent
    return {stage: round(spent * 1000 / len(files), 3) for stage, spent in totals.items()}


def profile_parse(fmt: str, count: int, top: int = 20) -> None:
    """Where a parse worker's CPU goes: ``count`` files of the corpus through the worker's
    entry point (read, extract, normalize, checks, ship) in this process, once unprofiled
    (CPU ms a report) and once under cProfile; the profiled time is shared out by module
    (own time of its functions, C calls they make included) and scaled to the unprofiled
    ms, then the costliest functions."""
    import cProfile
    import pstats

    from pipelines import ingest

    items = [ingest.InputItem(str(f), path=f) for f in corpus_for(fmt, count)]
    for item in items[:20]:  # imports and first-use caches out of the measurement
        ingest._parse_job(item)
    started = time.process_time()
    for item in items:
        ingest._parse_job(item)
    ms = (time.process_time() - started) * 1000 / len(items)
    profiler = cProfile.Profile()
    profiler.enable()
    for item in items:
        ingest._parse_job(item)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in stats.values()) or 1.0

    def module(filename: str) -> str:
        path = Path(filename)
        if path.is_relative_to(ROOT / "pipelines"):
            return str(path.relative_to(ROOT))
        return "(libraries, interpreter)"

    by_module: dict[str, float] = {}
    for (filename, _, _), (_, _, tt, _, callers) in stats.items():
        if filename == "~":  # a C function (regex, str methods …): its time goes to its callers' modules
            for (caller_file, _, _), (_, _, caller_tt, _) in callers.items():
                by_module[module(caller_file)] = by_module.get(module(caller_file), 0.0) + caller_tt
            continue
        by_module[module(filename)] = by_module.get(module(filename), 0.0) + tt
    print(f"{fmt}: {len(items)} files, {ms:.2f} CPU ms a report unprofiled (one process)\n")
    print(f"{'module (own time + the C calls it makes)':42} {'share':>6} {'ms/report':>9}")
    for name, tt in sorted(by_module.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{name:42} {tt / total:6.1%} {ms * tt / total:9.3f}")
    print(f"\n{'function (own time)':60} {'calls/report':>12} {'share':>6} {'ms/report':>9}")
    ranked = sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, func), (_, calls, tt, _, _) in ranked:
        where = f"{Path(filename).name}:{line}({func})" if filename != "~" else func
        print(f"{where[:60]:60} {calls / len(items):12.1f} {tt / total:6.1%} {ms * tt / total:9.3f}")


def real_text_ms(limit: int | None = None) -> dict:
    """Child process: CPU ms a report of the parse worker's entry point (read, extract, normalize,
    checks, ship) on the real texts of tests/realworld, each parsed once in this fresh process
    (no memo filled beforehand), and on as many files of the generated txt corpus."""
    from pipelines import ingest

    real = sorted((ROOT / "tests" / "realworld").glob("batch_*/*.txt"))[:limit]
    generated = corpus_for("txt", len(real))
    out: dict = {"files": len(real)}
    for label, files in (("real", real), ("generated", generated)):
        items = [ingest.InputItem(str(f), path=f) for f in files]
        for f in files:
            f.read_bytes()  # into the page cache
        started = time.process_time()
        rejected = sum(isinstance(ingest._parse_job(item), ingest.Rejected) for item in items)
        out[label] = round((time.process_time() - started) * 1000 / max(1, len(items)), 3)
        out[f"{label}_rejected"] = rejected
    return out


def _print_real(res: dict) -> None:
    print(
        f"\nparse worker, one process, fresh memos, {res['files']} files each: real texts (tests/realworld) "
        f"{res['real']:.2f} CPU ms a report ({res['real_rejected']} rejected), generated txt corpus "
        f"{res['generated']:.2f} CPU ms a report"
    )


def _read_decode_bytes(data: bytes, path: Path) -> int:
    from pipelines.extract import decode_text
    from pipelines.extract.html import declared_charset

    try:
        text, _ = decode_text(data, declared_charset(data) if path.suffix == ".html" else None)
    except Exception:  # noqa: BLE001
        return len(data)
    return len(text)


def _cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rss_mb() -> float:
    """This process's resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return round(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _own_cpu_seconds() -> float:
    """CPU time of this process alone: the loader (unpickling, placing, DuckDB appends, publish)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def run_one(fmt: str, count: int) -> dict:
    """Child process: the baseline, then an ingest into a fresh database; rates and peak memory."""
    from pipelines.ingest import ingest_paths

    files = corpus_for(fmt, count)
    db = BENCH_DIR / f"bench-{fmt}-{count}.duckdb"
    for stale in BENCH_DIR.glob(f"bench-{fmt}-{count}.duckdb*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()  # .quality/ beside a big database
    for f in files:  # into the page cache: neither measurement pays for the first read
        f.read_bytes()
    base = baseline_rate(files)
    cpu_before, own_before = _cpu_seconds(), _own_cpu_seconds()
    started = time.monotonic()
    rss_at: dict[int, float] = {}  # the loader's RSS (MB) after each fifth of the corpus

    def progress(done: int, total: int, _name: str) -> None:
        if done * 5 % total < 5 and done * 5 // total not in rss_at:
            rss_at[done * 5 // total] = _rss_mb()

    summary = ingest_paths(files, db, is_demo=True, progress=progress)
    elapsed = time.monotonic() - started
    cpu, own = _cpu_seconds() - cpu_before, _own_cpu_seconds() - own_before
    stages = stage_times(files[:: max(1, len(files) // STAGE_SAMPLE)][:STAGE_SAMPLE])
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    for stale in BENCH_DIR.glob(f"bench-{fmt}-{count}.duckdb*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()  # .quality/ beside a big database
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
        "loader_cpu_ms_per_report": round(own * 1000 / count, 2) if count else 0.0,
        "workers_cpu_ms_per_report": round((cpu - own) * 1000 / count, 2) if count else 0.0,
        "stages_ms": stages,
        "rss_mb_by_fifth": [rss_at.get(k) for k in range(1, 6)],
        "peak_rss_mb_self": round(self_kb / 1024, 1),
        "peak_rss_mb_children": round(child_kb / 1024, 1),
    }


def _real_in_child() -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--run-real"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingest reports/s per format and peak RSS")
    parser.add_argument("--quick", action="store_true", help="quarter-size corpora")
    parser.add_argument("--plan", help="runs as FORMAT:COUNT,… (default: the full plan)")
    parser.add_argument("--profile", metavar="FORMAT:COUNT", help="where a parse worker's ms go (cProfile by module)")
    parser.add_argument("--real", action="store_true", help="only the parse worker's CPU ms on the real texts")
    parser.add_argument("--run", nargs=2, metavar=("FORMAT", "COUNT"), help=argparse.SUPPRESS)
    parser.add_argument("--run-real", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(exist_ok=True)
    if args.run:
        print(json.dumps(run_one(args.run[0], int(args.run[1]))))
        return 0
    if args.run_real:
        print(json.dumps(real_text_ms()))
        return 0
    if args.real:
        _print_real(_real_in_child())
        return 0
    if args.profile:
        fmt, count = args.profile.split(":")
        profile_parse(fmt, int(count))
        return 0
    plan: tuple[tuple[str, int], ...] = QUICK if args.quick else FULL
    if args.plan:
        plan = tuple((fmt, int(count)) for fmt, count in (run.split(":") for run in args.plan.split(",")))
    for fmt, count in plan:  # generate first, so generation time is not in any measurement
        corpus_for(fmt, count)
    print(
        f"{'format':6} {'reports':>7} {'loaded':>6} {'rej':>4} {'seconds':>8} {'reports/s':>9} "
        f"{'read+decode/s':>13} {'× baseline':>10} {'CPU ms/report':>13} {'workers':>7} {'loader':>6} {'peak RSS MB (self / workers)':>28}"
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
            f"{res['workers_cpu_ms_per_report']:7.2f} {res['loader_cpu_ms_per_report']:6.2f} {res['peak_rss_mb_self']:>13.1f} / {res['peak_rss_mb_children']:.1f}",
            flush=True,
        )
    print("\nloader RSS MB after each fifth of the reports (flat = no growth with the corpus):")
    for res in results:
        print(f"{res['format']:6} {res['reports']:7d} " + " ".join(f"{mb:7.1f}" if mb else "      -" for mb in res["rss_mb_by_fifth"]))
    print("\nCPU ms a report, stage by stage (500 files of each run, one process):")
    stages = list(results[0]["stages_ms"])
    print(f"{'format':6} {'reports':>7} " + " ".join(f"{s:>9}" for s in stages) + f" {'parse sum':>9}")
    for res in results:
        ms = res["stages_ms"]
        parse = sum(v for k, v in ms.items() if k not in ("read", "decode"))
        print(f"{res['format']:6} {res['reports']:7d} " + " ".join(f"{ms[s]:9.3f}" for s in stages) + f" {parse:9.3f}")
    _print_real(_real_in_child())
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
