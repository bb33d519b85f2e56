"""OCR accuracy and speed on scans of generated PDF reports.

    .venv/bin/python scripts/bench_ocr.py                  # 6 reports of a generated corpus
    .venv/bin/python scripts/bench_ocr.py --reports 12 --keep scans/   # keep the scans to look at

Each chosen report (round robin over the template families) is rendered to grey pictures at
200 dpi, turned by a slight random angle (±0.8°), sprinkled with speckles and saved as JPEG
(quality 60) — as a copier or a phone scan gives them. The pages go into a scanned PDF
(pictures only, no text layer) or a multi-page TIFF, alternately; each file is parsed with
``pipelines.ingest.parse_file`` (extract with OCR + normalize) and its figures compared with
the corpus truth: precision = correct / emitted, recall = correct / truth, per family and
format, plus how many reports were placed (unit and year right) and OCR pages/s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FAMILIES = ("std2021", "std2019", "legacy")


def scan_pages(pdf_bytes: bytes, rng: random.Random, dpi: int = 200) -> list[bytes]:
    """JPEG bytes of each page: grey, slightly turned, speckled."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(pdf_bytes)
    pages = []
    for i in range(len(pdf)):
        image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR, fillcolor=255)
        pixels = np.array(image)
        noise = np.random.default_rng(rng.randrange(1 << 30))
        dots = noise.random(pixels.shape) < 0.0015  # speckles
        pixels[dots] = noise.integers(0, 120, int(dots.sum()), dtype=np.uint8)
        light = noise.random(pixels.shape) < 0.02  # paper grain
        pixels[light] = np.minimum(pixels[light], 225)
        buf = io.BytesIO()
        Image.fromarray(pixels).save(buf, "JPEG", quality=60)
        pages.append(buf.getvalue())
    pdf.close()
    return pages


def as_scanned_pdf(pages: list[bytes], dpi: int = 200) -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for jpeg in pages:
        w, h = Image.open(io.BytesIO(jpeg)).size
        c.setPageSize((w * 72 / dpi, h * 72 / dpi))
        c.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=w * 72 / dpi, height=h * 72 / dpi)
        c.showPage()
    c.save()
    return buf.getvalue()


def scanned_2021_report(seed: int = 6) -> tuple[bytes, str, dict]:
    """(scanned PDF, file name, truth record) of one generated std2021 report: the scan the int8 test and
    scripts/ocr_cpu_check.py read."""
    import tempfile

    from pipelines.demo.generate import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, units=3, years=range(2021, 2023), formats=("pdf",), seed=seed, flaws=False)
        records = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
        rec = next(
            r for r in records if r["is_report"] and r["family"] == "std2021" and r["file"].endswith(".pdf")
        )
        pages = scan_pages((corpus / rec["file"]).read_bytes(), random.Random(seed))
    return as_scanned_pdf(pages), Path(rec["file"]).stem + "_扫描.pdf", rec


def as_tiff(pages: list[bytes]) -> bytes:
    from PIL import Image

    frames = [Image.open(io.BytesIO(p)).convert("L") for p in pages]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return buf.getvalue()


def _kept(folder: Path) -> list[tuple[dict, str, str, bytes, int]]:
    from PIL import Image

    scans = []
    for line in (folder / "truth.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        data = (folder / rec["scan"]).read_bytes()
        fmt = rec["scan"].rsplit(".", 1)[-1]
        if fmt == "pdf":
            import pypdfium2 as pdfium

            n_pages = len(pdfium.PdfDocument(data))
        else:
            n_pages = getattr(Image.open(io.BytesIO(data)), "n_frames", 1)
        scans.append((rec, fmt, rec["scan"], data, n_pages))
    return scans


def _make_scans(args: argparse.Namespace) -> list[tuple[dict, str, str, bytes, int]]:
    from pipelines.demo.generate import generate_corpus

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, args.units, range(2012, 2026), ("pdf",), args.seed, False)
        records = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
        by_family: dict[str, list[dict]] = defaultdict(list)
        for rec in records:
            if rec["is_report"] and rec["file"].endswith(".pdf") and rec["family"] in FAMILIES:
                by_family[rec["family"]].append(rec)
        for recs in by_family.values():
            rng.shuffle(recs)
        chosen: list[dict] = []
        while len(chosen) < args.reports and any(by_family.values()):
            for family in FAMILIES:
                if by_family[family] and len(chosen) < args.reports:
                    chosen.append(by_family[family].pop())
        scans = []
        for i, rec in enumerate(chosen):
            pages = scan_pages((corpus / rec["file"]).read_bytes(), rng)
            fmt = "pdf" if i % 2 == 0 else "tif"
            data = as_scanned_pdf(pages) if fmt == "pdf" else as_tiff(pages)
            name = Path(rec["file"]).stem + ("_扫描.pdf" if fmt == "pdf" else "_扫描.tif")
            scans.append((rec, fmt, name, data, len(pages)))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / name).write_bytes(data)

    if args.keep:
        with (args.keep / "truth.jsonl").open("w", encoding="utf-8") as out:
            for rec, _fmt, name, _data, _n in scans:
                out.write(json.dumps({**rec, "scan": name}, ensure_ascii=False) + "\n")
    return scans


def cpu_seconds() -> float:
    """CPU seconds of this process (all its threads) and of its child processes, live ones
    (the PDF reader's forked helper renders the scanned pages) and ended ones."""
    import resource

    total = time.process_time()
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    total += ended.ru_utime + ended.ru_stime
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--units", type=int, default=12, help="units of the generated corpus")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="write the scans into this folder")
    parser.add_argument("--missing", action="store_true", help="list the figures not read, per file")
    parser.add_argument("--scans", type=Path, help="read the scans (and truth.jsonl) --keep wrote there")
    parser.add_argument("--only", help="read only the scans whose name holds this")
    args = parser.parse_args(argv)

    from pipelines.errors import RejectedInput
    from pipelines.extract import ocr
    from pipelines.extract.ocr import page_workers
    from pipelines.ingest import parse_file
    from scripts.accuracy import norm_name, same_value

    scans = _kept(args.scans) if args.scans else _make_scans(args)
    if args.only:
        scans = [scan for scan in scans if args.only in scan[2]]
    cells: dict[tuple[str, str], list[int]] = defaultdict(
        lambda: [0, 0, 0, 0, 0]
    )  # files emitted truth correct placed
    pages_total = 0
    started = time.perf_counter()
    cpu_started = cpu_seconds()
    ocr.STAGE_SECONDS.clear()
    for rec, fmt, name, data, n_pages in scans:
        pages_total += n_pages
        cell = cells[(rec["family"], fmt)]
        cell[0] += 1
        truth = rec["values"]
        cell[2] += len(truth)
        try:
            report = parse_file(data, name)
        except RejectedInput as exc:
            print(f"  rejected {name}: {exc.reason}")
            continue
        got = report.values()
        cell[1] += len(got)
        cell[3] += sum(1 for m, v in got.items() if m in truth and same_value(v, truth[m]))
        placed = norm_name(report.unit_name) == norm_name(rec["unit"]) and report.year == rec["year"]
        cell[4] += placed
        wrong = [(m, truth.get(m), v) for m, v in got.items() if not (m in truth and same_value(v, truth[m]))]
        print(
            f"  {name}: {n_pages} pages, {len(got)}/{len(truth)} figures, {len(wrong)} wrong, "
            f"placed {'yes' if placed else 'no'}" + (f"  e.g. {wrong[:3]}" if wrong else "")
        )
        if args.missing:
            for metric in sorted(set(truth) - set(got)):
                print(f"      missing {metric} = {truth[metric]}")
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started

    print(
        f"\n{'family':9}{'format':7}{'files':>6}{'emitted':>9}{'truth':>7}{'correct':>9}{'precision':>11}{'recall':>8}{'placed':>8}"
    )
    total = [0, 0, 0, 0, 0]
    for (family, fmt), c in sorted(cells.items()):
        total = [a + b for a, b in zip(total, c, strict=True)]
        prec = c[3] / c[1] if c[1] else 1.0
        rec_ = c[3] / c[2] if c[2] else 1.0
        print(f"{family:9}{fmt:7}{c[0]:6}{c[1]:9}{c[2]:7}{c[3]:9}{prec:11.2%}{rec_:8.2%}{c[4]:5}/{c[0]}")
    prec = total[3] / total[1] if total[1] else 1.0
    rec_ = total[3] / total[2] if total[2] else 1.0
    print(
        f"{'all':16}{total[0]:6}{total[1]:9}{total[2]:7}{total[3]:9}{prec:11.2%}{rec_:8.2%}{total[4]:5}/{total[0]}"
    )
    cores = os.cpu_count() or 1
    print(
        f"\n{pages_total} pages in {wall:.1f} s: {pages_total / wall:.2f} pages/s wall "
        f"({cores} cores, {page_workers()} pages at a time), {cpu:.1f} CPU-s: "
        f"{pages_total / max(cpu, 1e-9):.2f} pages per CPU-second (= pages/s per core)"
    )
    stages = dict(ocr.STAGE_SECONDS)
    if stages and pages_total:
        other = cpu - sum(stages.values())
        print(
            "CPU per page: "
            + ", ".join(f"{k} {v / pages_total * 1000:.0f} ms" for k, v in stages.items())
            + f", rest (decode, render, normalize) {other / pages_total * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
