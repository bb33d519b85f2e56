"""PDF attachments: text layer, ruled tables with merged cells, multi-page tables, bad input."""

from __future__ import annotations

import pytest
from extract_makers import LONG_PARAGRAPH, ROWS, make_pdf, make_unruled_pdf

from pipelines.errors import RejectedInput
from pipelines.extract import extract_document

PAGE2_ROWS = [["（一）予以公开", "5", "", "", "", "", "", "5"]]


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(second_page_rows=PAGE2_ROWS)


@pytest.fixture(scope="module")
def pdf_doc(pdf_bytes):
    return extract_document(pdf_bytes, "report.pdf")


def _table_rows(doc):
    return [line for line in doc.lines if line.cells is not None and " table " in line.prov]


def test_pdf_text_lines_in_reading_order(pdf_doc):
    assert pdf_doc.format == "pdf"
    assert pdf_doc.title == "测试区2021年政府信息公开工作年度报告"
    texts = [line.text for line in pdf_doc.lines if line.cells is None]
    assert texts == [
        "测试区2021年政府信息公开工作年度报告",
        LONG_PARAGRAPH,  # wrapped over several lines on the page, read back as one paragraph
        "三、收到和处理政府信息公开申请情况",
        "五、存在的主要问题及改进情况",
    ]
    assert pdf_doc.lines[1].prov == "page 1 line 2"
    assert pdf_doc.lines[2].prov.startswith("page 1 line ") and pdf_doc.lines[2].prov != "page 1 line 3"
    assert pdf_doc.lines[0].prov == "page 1 line 1"
    assert pdf_doc.lines[-1].prov == "page 2 line 1"


def test_pdf_table_values_land_in_their_grid_cells(pdf_doc):
    rows = _table_rows(pdf_doc)
    merged = rows[0]
    assert [(c.col, c.colspan, c.text) for c in merged.cells] == [(0, 1, "项目"), (1, 7, "申请人情况")]
    header = rows[1]
    assert header.norm_cells[1] == "自然人" and header.norm_cells[7] == "总计"
    for line, expected in zip(rows[2:5], ROWS, strict=True):
        assert line.norm_cells == expected
        assert [c.col for c in line.cells] == list(range(8))
    new = rows[2]
    assert new.cells[4].prov == "page 1 table 1 row 3 col 5"
    assert new.norm_cells[4] == "1"


def test_pdf_table_continued_on_next_page_keeps_row_order(pdf_doc):
    rows = _table_rows(pdf_doc)
    last = rows[-1]
    assert last.prov == "page 2 table 2 row 1"
    assert [c.text for c in last.cells] == PAGE2_ROWS[0]
    assert last.norm_cells[0] == "(一)予以公开"
    assert pdf_doc.lines.index(last) < len(pdf_doc.lines) - 1  # the closing paragraph follows it


def test_truncated_pdf_is_rejected(pdf_bytes):
    with pytest.raises(RejectedInput, match="^damaged or truncated PDF: "):
        extract_document(pdf_bytes[: len(pdf_bytes) // 2], "cut.pdf")


def test_pdf_with_damaged_body_is_rejected(pdf_bytes):
    broken = b"%PDF-1.4\n" + b"garbage " * 500 + b"\n%%EOF\n"
    with pytest.raises(RejectedInput, match="^damaged or truncated PDF: "):
        extract_document(broken, "broken.pdf")


def test_not_a_pdf_is_rejected():
    with pytest.raises(RejectedInput, match="no %PDF header"):
        extract_document("这是一个文本文件".encode(), "renamed.pdf")


def test_pdf_whose_stream_inflates_beyond_the_memory_cap_is_rejected(pdf_bytes):
    from extract_makers import make_inflating_pdf

    from pipelines.extract.limits import MB, ExtractLimits

    bomb = make_inflating_pdf(inflated_mb=160)  # ~160 KB on disk
    assert len(bomb) < 400_000
    with pytest.raises(RejectedInput, match="needs more than 64 MB of memory"):
        extract_document(bomb, "bomb.pdf", ExtractLimits(max_pdf_memory_bytes=64 * MB))
    # the reader is replaced after the failure: the next PDF reads as before
    assert extract_document(pdf_bytes, "report.pdf").title == "测试区2021年政府信息公开工作年度报告"


def test_garbage_text_layer_falls_back_to_ocr():
    from pipelines.extract.pdf import _Char, needs_ocr

    def chars(text: str) -> list[_Char]:
        return [_Char(i * 10.0, i * 10.0 + 9, 0.0, 10.0, ch) for i, ch in enumerate(text)]

    assert needs_ocr(chars("本年新收政府信息公开申请数量 12 件"), 0.0) is None
    assert needs_ocr(chars(""), 0.0) == "no text layer"
    assert needs_ocr(chars("\ue001\ue002\ue003\ue004年"), 0.0) == "garbage text layer"
    assert needs_ocr(chars("Õþ¸®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ"), 0.0) == "garbage text layer"  # GBK read as Latin-1
    assert needs_ocr(chars("第1页"), 0.9) == "picture with hardly any text"


def test_unruled_table_row_is_split_at_wide_gaps():
    doc = extract_document(make_unruled_pdf(), "unruled.pdf")
    prose, row = doc.lines
    assert prose.cells is None  # ordinary word spaces do not split a sentence
    assert prose.norm == "利用大厅 LED 显示屏公开信息,全年发布 1025 条。"
    assert row.norm_cells == ["行政复议", "5", "0", "0", "2", "7"]
    assert all(c.col == -1 for c in row.cells)  # no ruling lines: grid column unknown
    assert row.prov == "page 1 line 2" and row.cells[1].prov == "page 1 line 2 cell 2"


def test_password_protected_pdf_is_rejected():
    from extract_makers import make_encrypted_pdf

    with pytest.raises(RejectedInput, match="^encrypted PDF"):
        extract_document(make_encrypted_pdf(), "locked.pdf")


def test_a_memory_verdict_counts_only_from_a_fresh_helper_child():
    """The helper child stays alive between files; what earlier files left in its heap must not
    make a later file look too big: a file that fits the cap on its own is read (here: two
    requests of 60 % of the cap each, the first one's memory kept in the child)."""
    from extract_makers import hold_memory

    from pipelines.extract.bounded import run_bounded

    cap = 256 * 1024 * 1024
    first = run_bounded(hold_memory, 150, memory_bytes=cap, timeout_s=60, what="test")
    assert first == 150
    # the reused child now holds 150 MB: 150 more is over its cap there, within it in a fresh one
    assert run_bounded(hold_memory, 150, memory_bytes=cap, timeout_s=60, what="test") == 150
