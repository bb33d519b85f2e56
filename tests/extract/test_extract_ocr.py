"""Scanned pages read by OCR (RapidOCR, models inside the wheel): a PNG scan, a PDF whose
only content is the scanned picture, pictures inside a zip, and what is not a scan."""

from __future__ import annotations

import io

import pytest
from extract_makers import ROWS, make_image_only_pdf, make_pdf, make_zip

from pipelines.errors import RejectedInput
from pipelines.extract import extract_document, iter_archive
from pipelines.extract.ocr import MIN_DIGIT_CONFIDENCE, mark_figures
from pipelines.model import Figure, ParsedReport

pytestmark = pytest.mark.slow  # real ingests of full hostile files / OCR: the full suite runs them


def _scan_png() -> bytes:
    """The test report's first page at 200 dpi in grey, cropped below its table (small: fast OCR)."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(make_pdf())
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    bottom = Image.eval(image, lambda v: 255 - v).getbbox()[3]
    image = image.crop((0, 0, image.width, bottom + 40))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _pdf_of_picture(png: bytes) -> bytes:
    """A 'scanned' PDF: the picture on an A4 page, no text layer."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = Image.open(io.BytesIO(png)).size
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    w_pt, h_pt = width * 72 / 200, height * 72 / 200
    c.drawImage(ImageReader(io.BytesIO(png)), 0, A4[1] - h_pt, width=w_pt, height=h_pt)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def png() -> bytes:
    return _scan_png()


@pytest.fixture(scope="module")
def png_doc(png):
    return extract_document(png, "扫描件.png")


def _rows(doc):
    return [line for line in doc.lines if line.cells is not None and " table " in line.prov]


def test_scanned_png_gives_the_table_grid_with_merged_header(png_doc):
    assert png_doc.format == "image"
    assert png_doc.lines[0].text == "测试区2021年政府信息公开工作年度报告"
    rows = _rows(png_doc)
    assert [(c.col, c.colspan, c.text) for c in rows[0].cells] == [(0, 1, "项目"), (1, 7, "申请人情况")]
    assert rows[1].norm_cells[1] == "自然人" and rows[1].norm_cells[7] == "总计"
    for line, expected in zip(rows[2:5], ROWS, strict=True):
        assert line.norm_cells == expected
    assert rows[2].cells[4].prov == "page 1 table 1 row 3 col 5"


def test_scanned_png_keeps_prose_figures_and_confidence(png_doc):
    prose = " ".join(line.norm for line in png_doc.lines if line.cells is None)
    assert "1234条" in prose and "1025条" in prose
    assert png_doc.ocr_confidence["page 1 table 1 row 3 col 2"] >= MIN_DIGIT_CONFIDENCE
    assert all(0 < v <= 1 for v in png_doc.ocr_confidence.values())


def test_scanned_pdf_without_text_layer_is_read_by_ocr(png):
    doc = extract_document(_pdf_of_picture(png), "scan.pdf")
    assert doc.format == "pdf"
    rows = _rows(doc)
    assert rows[2].norm_cells == ROWS[0]
    assert rows[2].prov == "page 1 table 1 row 3"


def test_image_only_pdf_without_any_text_is_rejected():
    with pytest.raises(RejectedInput) as err:
        extract_document(make_image_only_pdf(), "scan.pdf")
    assert err.value.reason == "scanned/image-only PDF: OCR found no text on its pages"


def test_figures_read_by_ocr_get_origin_ocr_and_low_confidence_digits_are_dropped(png_doc):
    doc = png_doc
    confidence = dict(doc.ocr_confidence)
    confidence["page 1 table 1 row 4 col 2"] = 0.42  # pretend the '2' was read badly
    report = ParsedReport("x.png", "0", "image", "std2019", None, None)
    report.figures = [
        Figure("apply.new.natural", 12, "12", "page 1 table 1 row 3 col 2"),
        Figure("apply.carried.natural", 2, "2", "page 1 table 1 row 4 col 2"),
        Figure("x.text", 1234, "1234条", "page 1 line 2 (text)", "text"),
        Figure("x.other", 5, "5", "line 9"),  # not from an OCR'd place: untouched
    ]
    doc.ocr_confidence = confidence
    try:
        mark_figures(report, doc)
    finally:
        doc.ocr_confidence = png_doc.ocr_confidence
    by_metric = {f.metric: f for f in report.figures}
    assert "apply.carried.natural" not in by_metric  # a missing figure beats a wrong one
    assert by_metric["apply.new.natural"].origin == "ocr"
    assert by_metric["apply.new.natural"].confidence >= MIN_DIGIT_CONFIDENCE
    assert by_metric["x.text"].origin == "ocr"
    assert by_metric["x.other"].origin == "table" and by_metric["x.other"].confidence is None
    assert any("low confidence" in d for d in report.doubts)


def test_pictures_in_a_zip_are_read_only_when_big_enough_to_be_a_page(png):
    data = make_zip({"scans/第1页.png": png, "logo.png": b"\x89PNG" + b"\0" * 100, "a.jpg": b"\xff\xd8\xff"})
    assert [name for name, _ in iter_archive(data, "batch.zip")] == ["batch.zip/scans/第1页.png"]


def test_unreadable_or_tiny_pictures_are_rejected():
    with pytest.raises(RejectedInput, match="^unreadable image file"):
        extract_document(b"\xff\xd8\xff" + b"\0" * 50_000, "scan.jpg")
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (120, 80), 255).save(buf, "PNG")
    with pytest.raises(RejectedInput, match="too small to be a scanned report page"):
        extract_document(buf.getvalue(), "icon.png")
