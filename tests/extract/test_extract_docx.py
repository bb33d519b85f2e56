"""DOCX attachments: paragraphs and tables in document order, merged cells, bad input."""

from __future__ import annotations

import pytest
from extract_makers import make_docx, make_zip

from pipelines.errors import RejectedInput
from pipelines.extract import ExtractLimits, extract_document


@pytest.fixture(scope="module")
def docx_doc():
    return extract_document(make_docx(), "report.docx")


def test_docx_paragraphs_and_table_interleaved(docx_doc):
    assert docx_doc.format == "docx"
    assert docx_doc.title == "测试局2020年政府信息公开工作年度报告"
    provs = [line.prov for line in docx_doc.lines]
    assert provs == [
        "line 1",
        "line 2",
        "table 1 row 1",
        "table 1 row 2",
        "table 1 row 3",
        "table 1 row 4",
        "line 7",
    ]
    assert docx_doc.lines[1].text == "四、政府信息公开行政复议、行政诉讼情况"
    assert docx_doc.lines[-1].text == "五、存在的主要问题及改进情况"


def test_docx_merged_cells_are_not_duplicated(docx_doc):
    rows = docx_doc.lines[2:6]
    # gridSpan: one cell per merged header, placed on its grid column
    assert [(c.col, c.colspan, c.text) for c in rows[0].cells] == [(0, 2, "行政复议"), (2, 2, "行政诉讼")]
    assert rows[1].norm_cells == ["结果维持", "结果纠正", "未经复议直接起诉", "复议后起诉"]
    # vMerge: the merged '5' appears once; the row below starts at grid column 1
    assert [(c.col, c.text) for c in rows[2].cells] == [(0, "5"), (1, "1"), (2, "2"), (3, "3")]
    assert [(c.col, c.text) for c in rows[3].cells] == [(1, "4"), (2, "6"), (3, "7")]
    assert rows[3].cells[0].prov == "table 1 row 4 col 2"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ("这其实是一个文本文件".encode(), "not a zip package"),
        (make_zip({"content.xml": b"<x/>"}), "word/document.xml is missing"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old binary .doc"),
        (make_zip({"word/document.xml": b"<not-closed"}), ""),
    ],
    ids=["text", "other-zip", "ole-doc", "broken-xml"],
)
def test_renamed_or_broken_docx_is_rejected(data, detail):
    with pytest.raises(RejectedInput) as err:
        extract_document(data, "renamed.docx")
    assert err.value.reason.startswith("not a valid DOCX file: ")
    assert detail in err.value.reason


def test_docx_unpacking_to_too_much_is_rejected():
    with pytest.raises(RejectedInput, match="unpacks to .* over the 10 KB limit"):
        extract_document(make_docx(), "big.docx", ExtractLimits(max_docx_unpacked_bytes=10 * 1024))
