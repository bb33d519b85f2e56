"""Time extract_std per flattening style: `.venv/bin/python scripts/bench_std.py`.

Uses the synthetic full-report fixtures of tests/normalize/fixtures (full tables 2-4 plus
some prose), padded with 60 prose lines so the document is report-sized. Prints the mean
time per call; the budget is ~1.5 ms for a typical report (ingest must reach ≥300
reports/s on 2 cores end to end).
"""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

from pipelines.model import Line
from pipelines.normalize.std import extract_std

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "normalize" / "fixtures"
PROSE = (
    "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1234条，政务微博发布信息567条。"
    * 3
)


def lines_of(text: str) -> list[Line]:
    raw_lines = [PROSE] * 60 + text.split("\n")
    return [Line(t, unicodedata.normalize("NFKC", t), f"line {i + 1}") for i, t in enumerate(raw_lines)]


def _batch(lines: list[Line], template: str, rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        extract_std(lines, template)
    return (time.process_time() - start) / rounds


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    worst = 0.0
    for path in sorted(FIXTURES.glob("std_*.txt")):
        template = "std2019" if "2019" in path.name else "std2021"
        lines = lines_of(path.read_text(encoding="utf-8"))
        # best of 5 batches of CPU time: the machine is shared, wall time is noisy
        per_call = min(_batch(lines, template, rounds) for _ in range(5)) * 1000
        worst = max(worst, per_call)
        print(f"{path.stem:28s} {len(lines):4d} lines  {per_call:6.3f} ms/report")
    print(f"worst {worst:.3f} ms/report")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
