"""Time the extract stage: ms per report, per format.

    .venv/bin/python scripts/bench_extract.py                 # the real samples in data/samples
    .venv/bin/python scripts/bench_extract.py FILE_OR_DIR ... # any reports (zip members included)

Each file is extracted once to warm up, then repeatedly for about --seconds in total; the
result is the mean CPU and wall time per report on one core (ingest runs one worker per core).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.errors import RejectedInput  # noqa: E402
from pipelines.extract import SUPPORTED_SUFFIXES, extract_document, iter_archive, suffix_of  # noqa: E402


def collect(paths: list[Path]) -> list[tuple[str, bytes]]:
    """(name, bytes) of every supported file under the paths, archive members included."""
    files: list[tuple[str, bytes]] = []
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in candidates:
            if not file.is_file():
                continue
            if suffix_of(file.name) == ".zip":
                files += list(iter_archive(file.read_bytes(), file.name))
            elif suffix_of(file.name) in SUPPORTED_SUFFIXES:
                files.append((file.name, file.read_bytes()))
    return files


def bench(files: list[tuple[str, bytes]], seconds: float) -> None:
    usable = []
    for name, data in files:
        try:
            doc = extract_document(data, name)  # warm-up (lazy imports, opencc dictionaries)
        except RejectedInput as err:
            print(f"skip {name}: {err.reason}")
            continue
        usable.append((name, data, doc.format))
    if not usable:
        print("nothing to time")
        return
    rounds = max(1, int(seconds / max(_one_round(usable), 1e-6)))
    # per format: wall seconds, CPU seconds, reports, bytes
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for _ in range(rounds):
        for name, data, fmt in usable:
            wall, cpu = time.perf_counter(), time.process_time()
            extract_document(data, name)
            total = totals[fmt]
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
            total[2] += 1
            total[3] += len(data)
    # CPU time is the fairer number on a shared machine; wall time is what a user waits
    print(
        f"{'format':<6} {'reports':>8} {'avg KB':>8} {'ms/report CPU':>14} {'ms/report wall':>15} {'reports/s/core':>15}"
    )
    for fmt, (wall, cpu, count, size) in sorted(totals.items()):
        print(
            f"{fmt:<6} {count:>8} {size / count / 1024:>8.1f} {cpu / count * 1000:>14.3f} "
            f"{wall / count * 1000:>15.3f} {count / cpu if cpu else float('inf'):>15.0f}"
        )


def _one_round(usable) -> float:
    start = time.perf_counter()
    for name, data, _ in usable:
        extract_document(data, name)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "samples"])
    parser.add_argument("--seconds", type=float, default=3.0, help="approximate total timing time")
    args = parser.parse_args()
    bench(collect(args.paths), args.seconds)


if __name__ == "__main__":
    main()
