"""The OCR's two shortcuts (issue 10: ≥ 1 page per CPU-second): the detector reads only the
page's bands of ink, at the whole page's scale, and short line crops are read side by side in
one row picture instead of each padded alone."""

from __future__ import annotations

import random

import numpy as np
import pytest
from extract_makers import make_pdf

from pipelines.extract import ocr


def _speckled_page(rng: np.random.Generator) -> np.ndarray:
    page = np.full((2339, 1654), 240, dtype=np.uint8)
    dots = rng.random(page.shape) < 0.0015  # the benchmark's scanner speckles
    page[dots] = rng.integers(0, 120, int(dots.sum()), dtype=np.uint8)
    return page


def test_ink_bands_skip_the_blank_paper_and_leave_speckles_out():
    rng = np.random.default_rng(3)
    page = _speckled_page(rng)
    page[300:900:40, 200:1400] = 20  # lines of text: rows 300–860
    page[300:900, 200:203] = 20
    page[2200:2240, 800:860] = 30  # a page number far below
    bands = ocr._ink_bands(page)
    assert len(bands) == 2
    (t0, b0, l0, r0), (t1, b1, l1, r1) = bands
    assert t0 <= 300 and b0 >= 861 and l0 <= 200 and r0 >= 1400 and b0 < 1000
    assert t1 <= 2200 and b1 >= 2240 and l1 <= 800 and r1 >= 860 and (r1 - l1) < 200
    # speckles alone make no band: the whole page is read
    assert ocr._ink_bands(_speckled_page(rng)) == [(0, 2339, 0, 1654)]


def test_bands_are_widened_onto_the_whole_pages_grid_of_the_detector():
    rng = random.Random(5)
    size, scaled = 2339, 1120
    scale = scaled / size
    for _ in range(500):
        start = rng.randrange(0, size - 1)
        end = rng.randrange(start + 1, size + 1)
        a, b, length = ocr._on_grid(start, end, scale, size)
        assert 0 <= a <= start and end <= b <= size
        assert length % 32 == 0 and length >= 32
        assert abs((b - a) * scale - length) <= 1.5  # the same scale as the whole page
        assert abs(a * scale - round(a * scale)) <= 0.5
    assert ocr._on_grid(0, size, scale, size) == (0, size, scaled)


@pytest.fixture(scope="module")
def page_and_engine():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(make_pdf())
    grey = np.array(pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
    return grey, ocr._new_engine()  # the models this CPU reads with (int8 only where exact)


@pytest.mark.slow  # the detector and recogniser on a full page
def test_detecting_by_bands_finds_the_boxes_of_the_whole_page(page_and_engine):
    """(On this page the bands find two lone-digit cells more than the whole page does.)"""
    grey, engine = page_and_engine
    (top, bottom, left, right), *more = ocr._ink_bands(grey)
    assert not more and (bottom - top) * (right - left) < 0.3 * grey.size  # 70 % of it blank
    whole = np.array(ocr._detect(engine, grey, bands=False))
    banded = np.array(ocr._detect(engine, grey))
    assert len(whole) >= 20 and len(whole) <= len(banded) <= len(whole) + 3
    for quad in whole:  # each box of the whole page found again within 8 px (a character is ~35)
        assert np.abs(banded - quad).reshape(len(banded), -1).max(axis=1).min() <= 8


@pytest.mark.slow
def test_short_crops_read_side_by_side_read_as_each_alone(page_and_engine):
    from rapidocr.ch_ppocr_rec import TextRecInput

    grey, engine = page_and_engine
    rec = engine._load_rec_model()
    crops = [ocr._crop(grey, quad) for quad in ocr._detect(engine, grey)]
    short = [c for c in crops if 48 * c.shape[1] / c.shape[0] < ocr._REC_MIN_WIDTH]
    assert len(short) >= 8
    alone = rec(TextRecInput(img=short))
    side_by_side = [
        r for start in range(0, len(short), 8) for r in ocr._recognise_row(rec, short[start : start + 8])
    ]
    assert [t for t, _ in side_by_side] == list(alone.txts)
    assert all(s >= 0.9 for (t, s) in side_by_side if t.isdigit())
    # and _recognise puts each reading back in its crop's place
    texts, _scores = ocr._recognise(engine, crops)
    by_crop = dict(zip(map(id, short), (t for t, _ in side_by_side), strict=True))
    assert [texts[i] for i, c in enumerate(crops) if id(c) in by_crop] == [
        by_crop[id(c)] for c in crops if id(c) in by_crop
    ]
