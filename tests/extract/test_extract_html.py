"""HTML pages: charset, chrome, block lines, tables on a true grid, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_makers import GBK_PAGE

from pipelines.errors import RejectedInput
from pipelines.extract import ExtractLimits, extract_document

REAL = Path(__file__).resolve().parents[2] / "data" / "samples" / "real"


def _rows(doc):
    return [line for line in doc.lines if line.cells is not None]


def _row_starting(doc, label):
    return next(line for line in _rows(doc) if line.cells[0].text.startswith(label))


def _grid(line):
    """(col, colspan, norm) of each cell."""
    return [(c.col, c.colspan, n) for c, n in zip(line.cells, line.norm_cells, strict=True)]


@pytest.fixture(scope="module")
def gbk_doc():
    return extract_document(GBK_PAGE.encode("gbk"), "page.html")


def test_gbk_page_charset_title_and_blocks(gbk_doc):
    assert gbk_doc.format == "html"
    assert gbk_doc.encoding == "gb18030"
    assert gbk_doc.title == "某某县2020年政府信息公开工作年度报告"
    texts = [line.text for line in gbk_doc.lines]
    assert "某某县2020年政府信息公开工作年度报告" in texts
    assert "本年度共收到申请 16 件。" in texts  # &nbsp; → space


def test_gbk_page_drops_scripts_header_footer_and_chrome(gbk_doc):
    text = gbk_doc.text
    for gone in (
        "不应出现的脚本文字",
        "color:red",
        "页头导航",
        "主办单位",
        "字号",
        "打印本页",
        "扫一扫",
        "分享到",
    ):
        assert gone not in text


def test_gbk_page_table_is_a_true_grid(gbk_doc):
    rows = _rows(gbk_doc)
    assert len(rows) == 5
    assert _grid(rows[0]) == [(0, 2, "项目"), (2, 3, "申请人情况")]
    # 项目 spans two rows: the next row starts at grid column 2, nothing repeated
    assert _grid(rows[1]) == [(2, 1, "自然人"), (3, 1, "法人或其他组织"), (4, 1, "总计")]
    assert _grid(rows[2]) == [
        (0, 1, "三、本年度办理结果"),
        (1, 1, "(一)予以公开"),
        (2, 1, "5"),
        (3, 1, ""),
        (4, 1, "5"),
    ]
    assert rows[2].cells[2].text == "５"  # as printed; norm is ASCII
    assert _grid(rows[3]) == [(1, 1, "(二)部分公开"), (2, 1, "1"), (3, 1, "2"), (4, 1, "3")]
    assert _grid(rows[4]) == [(0, 2, "四、结转下年度继续办理"), (2, 2, "7"), (4, 1, "7")]
    assert rows[3].cells[1].prov == "table 1 row 4 col 3"
    assert rows[3].prov == "table 1 row 4"
    assert rows[3].text == "（二）部分公开 | 1 | 2 | 3"


def test_real_html_in_txt_005_table3_and_table4():
    doc = extract_document((REAL / "005.txt").read_bytes(), "005.txt")
    assert doc.format == "html"  # a .txt holding a JS string of HTML, quotes escaped as \"
    carried = _row_starting(doc, "四、结转下年度继续办理")
    assert len(carried.cells) == 8
    assert [c.col for c in carried.cells] == [0, 3, 4, 5, 6, 7, 8, 9]
    assert carried.norm_cells[1] == "72" and carried.norm_cells[-1] == "72"
    assert carried.norm_cells[2:7] == ["", "", "", "", ""]
    # rows under the rowspan=20 label 三、本年度办理结果 start at grid column 1
    partial = _row_starting(doc, "（二）部分公开")
    assert partial.cells[0].col == 1 and partial.cells[0].colspan == 2
    assert partial.norm_cells[1] == "3" and partial.cells[1].col == 3
    query = _row_starting(doc, "8.属于行政查询事项")
    assert query.cells[0].col == 2 and query.norm_cells[1:3] == ["10", "2"]
    total = _row_starting(doc, "（七）总计")
    assert total.norm_cells[1:] == ["767", "35", "", "", "2", "1", "805"]
    # table 4: header rows, then one row of 15 numbers on columns 0..14
    data_row = next(line for line in _rows(doc) if len(line.cells) == 15 and line.norm_cells[0] == "5")
    assert [c.col for c in data_row.cells] == list(range(15))
    assert data_row.norm_cells[4] == "7" and data_row.norm_cells[9] == "9"


def test_real_html_in_txt_004_colspan_value_cell_is_one_cell():
    doc = extract_document((REAL / "004.txt").read_bytes(), "004.txt")
    row = _row_starting(doc, "规章")
    assert _grid(row) == [(0, 1, "规章"), (1, 1, "13"), (2, 2, "13"), (4, 1, "524")]
    header = _row_starting(doc, "信息内容")
    assert header.norm_cells[1] == "本年新 制作数量"  # <br /> inside a cell → space
    purchase = _row_starting(doc, "政府集中采购")
    assert purchase.norm_cells == ["政府集中采购", "6", "251000元"]


def test_real_single_paragraph_006():
    doc = extract_document((REAL / "006.txt").read_bytes(), "006.txt")
    assert doc.format == "html"
    assert len(doc.lines) == 1
    assert doc.lines[0].text.startswith("市政府办公厅代表市政府共受理政府信息公开申请859件")
    assert "<p>" not in doc.lines[0].text


def test_layout_table_holding_a_data_table_is_flattened():
    page = """<html><body><table><tr><td><p>页面标题</p>
    <table border=1><tr><td>行政复议</td><td>7</td></tr></table></td></tr>
    <tr><td>说明文字</td></tr></table></body></html>"""
    doc = extract_document(page.encode(), "layout.html")
    assert [line.text for line in doc.lines] == ["页面标题", "行政复议 | 7", "说明文字"]
    assert doc.lines[1].prov == "table 1 row 1"


def test_meta_charset_utf8_and_traditional_page():
    page = '<html><head><meta charset="utf-8"><title>政府信息公開</title></head><body><p>區政府入口網站發布的檔案</p></body></html>'
    doc = extract_document(page.encode(), "t.htm")
    assert doc.traditional
    assert doc.lines[0].norm == "区政府门户网站发布的文件"


def test_fifty_mb_html_is_rejected_naming_the_limit():
    data = b"<html><body>" + b"<p>x</p>" * (50 * 1024 * 1024 // 8) + b"</body></html>"
    with pytest.raises(RejectedInput) as err:
        extract_document(data, "huge.html")
    assert err.value.reason == "file too large: 50 MB, the limit for text/HTML files is 20 MB"
    small = ExtractLimits(max_text_bytes=10)
    with pytest.raises(RejectedInput, match="limit for text/HTML files"):
        extract_document(b"<p>12345678901</p>", "small.html", small)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"<html><body><script>var a=1;</script></body></html>",
        b"<html><body>\x00\x01\x02</body></html>",
    ],
    ids=["empty", "blank", "no-text", "binary"],
)
def test_html_without_text_is_rejected(data):
    with pytest.raises(RejectedInput):
        extract_document(data, "bad.html")


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("【字号：大 中 小】【打印本页】【关闭窗口】", True),
        ("扫一扫在手机上打开页面", True),
        ("分享到：", True),
        ("當前位置：首頁 > 政務公開", True),
        ("发布日期：2016-02-08 来源：宿迁市人民政府 字号：大 中 小", False),  # the date matters
        ("全年打印并发放宣传册1200份", False),
        ("（三）不予公开", False),
    ],
)
def test_chrome_lines_go_and_content_lines_stay(line, chrome):
    from pipelines.extract.html import is_chrome

    assert is_chrome(line) is chrome
