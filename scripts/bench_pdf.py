"""Text-layer PDF speed: pages/s end to end next to PDFium's bare text extraction.

    .venv/bin/python scripts/bench_pdf.py                  # generate PDF reports (--units 20) and time them
    .venv/bin/python scripts/bench_pdf.py --corpus DIR     # every .pdf under DIR

Three timings over the same files:
  text-only   pypdfium2 in one process: open, load each page, its text page, get_text_range()
              (the floor: what any PDFium-based reader pays);
  end to end  ``pipelines.ingest.parse_file`` (extract + normalize: what ingest runs per file)
              in one process, and in a pool of --workers processes (ingest's parallel path);
and the ratio end-to-end / text-only (one process each, so the ratio compares CPU work).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def text_only(datas: list[bytes]) -> tuple[float, int]:
    import pypdfium2 as pdfium

    pages = 0
    started = time.perf_counter()
    for data in datas:
        pdf = pdfium.PdfDocument(data)
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return time.perf_counter() - started, pages


def _parse(item: tuple[str, bytes]) -> int:
    from pipelines.errors import RejectedInput
    from pipelines.ingest import parse_file

    name, data = item
    try:
        return len(parse_file(data, name, place=False).figures)
    except RejectedInput:
        return -1


def end_to_end(items: list[tuple[str, bytes]], workers: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    if workers <= 1:
        results = [_parse(item) for item in items]
    else:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_parse, items, chunksize=2))
    return time.perf_counter() - started, sum(r for r in results if r > 0), sum(1 for r in results if r < 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder with PDF files (default: generate)")
    parser.add_argument("--units", type=int, default=20, help="units of the generated corpus")
    parser.add_argument("--years", default="2012-2025")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            from pipelines.demo.generate import _parse_years, generate_corpus

            corpus = Path(tmp) / "corpus"
            generate_corpus(corpus, args.units, _parse_years(args.years), ("pdf",), 7, True)
        files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() == ".pdf")
        items = [(str(p), p.read_bytes()) for p in files]
    if not items:
        print("no PDF files")
        return 1
    datas = [d for _, d in items]
    _parse(items[0])  # warm up imports (opencc dictionaries, cpca) outside the timings
    text_only(datas[:1])
    base_s, pages = text_only(datas)
    one_s, figures, rejected = end_to_end(items, 1)
    pool_s, _, _ = end_to_end(items, args.workers)
    print(f"{len(items)} PDF files, {pages} pages, {figures} figures, {rejected} rejected")
    print(f"{'':34}{'seconds':>9}{'pages/s':>10}")
    print(f"{'pypdfium2 text only, 1 process':34}{base_s:9.2f}{pages / base_s:10.1f}")
    print(f"{'parse_file end to end, 1 process':34}{one_s:9.2f}{pages / one_s:10.1f}")
    print(f"{f'parse_file end to end, {args.workers} workers':34}{pool_s:9.2f}{pages / pool_s:10.1f}")
    print(f"ratio end to end / text only (1 process each): {one_s / base_s:.2f}×")
    print(f"ratio end to end ({args.workers} workers) / text only (1 process): {pool_s / base_s:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
