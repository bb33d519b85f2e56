"""Scans of generated reports end to end (issue 10): a 2019-form report printed, scanned
(200 dpi grey, a slight turn, speckles, JPEG) and saved as a multi-page TIFF, ingested into a
database. Its blank cells are printed "/" or "—", which the recogniser alone reads as "1" or
"一" or not at all."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow  # OCR of two full pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """(path of the TIFF scan, its truth record) of one generated std2019 report."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pipelines.demo.generate import generate_corpus
    from scripts.bench_ocr import as_tiff, scan_pages

    folder = tmp_path_factory.mktemp("scans")
    corpus = folder / "corpus"
    generate_corpus(corpus, units=3, years=range(2020, 2022), formats=("pdf",), seed=4, flaws=False)
    records = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
    rec = next(
        r for r in records if r["is_report"] and r["family"] == "std2019" and r["file"].endswith(".pdf")
    )
    pages = scan_pages((corpus / rec["file"]).read_bytes(), random.Random(4))
    path = folder / (Path(rec["file"]).stem + "_扫描.tif")
    path.write_bytes(as_tiff(pages))
    return path, rec


def test_a_scanned_2019_report_is_read_without_a_wrong_figure(scanned, tmp_path):
    from pipelines.catalog import ocr_box
    from pipelines.ingest import ingest_paths
    from scripts.accuracy import same_value

    path, rec = scanned
    db = tmp_path / "scan.duckdb"
    summary = ingest_paths([path], db, progress=False)
    assert summary.loaded == 1, summary.rejected
    con = duckdb.connect(str(db), read_only=True)
    (year,) = con.execute("SELECT year FROM reports").fetchone()
    assert year == rec["year"]
    rows = con.execute(
        "SELECT metric, value, raw_text, provenance, origin, confidence FROM report_values"
    ).fetchall()
    truth = rec["values"]
    wrong = [
        (m, v, raw, truth.get(m)) for m, v, raw, *_ in rows if not (m in truth and same_value(v, truth[m]))
    ]
    assert wrong == []  # precision first: a missing figure beats a wrong one
    assert len(rows) >= 0.9 * len(truth)
    blanks = [r for r in rows if r[2] in ("/", "—")]  # the form's blank, printed "/" or "—"
    assert len(blanks) >= 20 and all(r[1] == 0 for r in blanks)  # read as the blank, not "1" or "一"
    for metric, _value, _raw, provenance, origin, confidence in rows:
        assert origin == "ocr" and 0.9 <= confidence <= 1, metric
        page, (x0, y0, x1, y1) = ocr_box(provenance)
        assert page in (1, 2, 3) and 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, provenance


def test_the_viewer_crop_shows_the_page_region_of_a_figure(scanned):
    from PIL import Image

    from pipelines.extract.ocr import page_crop

    path, _ = scanned
    crop = page_crop(path.read_bytes(), path.name, 2, (0.6, 0.3, 0.65, 0.32))
    image = Image.open(__import__("io").BytesIO(crop))
    assert image.width > 1000 and 50 < image.height < 300  # the page's width, a few rows
    red = image.convert("RGB").getpixel((int(0.6 * image.width) - 3, image.height // 2))
    assert red[0] > 180 and red[1] < 80  # the figure's box is marked
    assert page_crop(path.read_bytes(), path.name, 9, (0.1, 0.1, 0.2, 0.2)) is None  # no such page
