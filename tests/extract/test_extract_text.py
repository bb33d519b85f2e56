"""Plain-text reports: decoding, line numbering, normalisation, bad input."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from pathlib import Path

import pytest

from pipelines.errors import RejectedInput
from pipelines.extract import extract_document

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE_2017 = SAMPLES / "2017_北京市东城区政务服务中心.txt"


def test_2017_sample_lines_encoding_and_provenance():
    data = SAMPLE_2017.read_bytes()
    doc = extract_document(data, SAMPLE_2017.name)
    source_lines = data.decode("utf-8").split("\n")
    assert doc.format == "txt"
    assert doc.encoding == "utf-8"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source_path == SAMPLE_2017.name
    assert len(doc.lines) == len(source_lines) == 121
    assert [line.text for line in doc.lines] == source_lines
    assert doc.lines[29].prov == "line 30"
    assert doc.lines[29].text.startswith("政府信息公开情况统计表 |")
    assert doc.lines[29].cells is None  # the parser splits text rows on '|'
    assert not doc.traditional
    # simplified text: norm is the NFKC text, spaces and '|' kept for the parser
    assert all(line.norm == unicodedata.normalize("NFKC", line.text) for line in doc.lines)


def test_gbk_text_is_decoded_as_gb18030():
    text = "北京市东城区政务服务中心2017年政府信息公开工作年度报告\n收到申请数 | 件 | 12\n"
    doc = extract_document(text.encode("gbk"), "gbk.txt")
    assert doc.encoding == "gb18030"
    assert [line.text for line in doc.lines] == text.splitlines()


def test_big5_text_is_not_mistaken_for_gbk():
    text = "南山區蛇口街道辦事處2021年政府信息公開工作年度報告\n一、總體情況\n主動公開政府信息情況\n"
    doc = extract_document(text.encode("big5"), "big5.txt")
    assert doc.encoding == "big5"
    assert doc.lines[0].norm == "南山区蛇口街道办事处2021年政府信息公开工作年度报告"
    assert doc.traditional


def test_utf8_bom_and_crlf():
    doc = extract_document("\ufeff第一行\r\n第二行\r\n".encode(), "bom.txt")
    assert doc.encoding == "utf-8-sig"
    assert [line.text for line in doc.lines] == ["第一行", "第二行"]
    assert [line.prov for line in doc.lines] == ["line 1", "line 2"]


def test_fullwidth_digits_and_punctuation_are_ascii_in_norm():
    doc = extract_document("（一）收到申请１２３件，其中：当面申请　４件".encode(), "fw.txt")
    line = doc.lines[0]
    assert line.text == "（一）收到申请１２３件，其中：当面申请　４件"
    assert line.norm == "(一)收到申请123件,其中:当面申请 4件"


def test_traditional_mirror_is_matched_as_simplified():
    data = (SAMPLES / "real" / "012.txt").read_bytes()
    doc = extract_document(data, "012.txt")
    norm = "\n".join(line.norm for line in doc.lines)
    assert doc.traditional
    assert doc.lines[0].text.startswith("南山區蛇口街道辦事處")  # original kept for display
    assert "南山区蛇口街道办事处" in norm
    assert "行政规范性文件" in norm  # the mirror wrote 行政規範性檔案
    assert "区政府门户网站" in norm  # the mirror wrote 區政府入口網站
    assert len(doc.lines) == len(data.decode("utf-8").splitlines())


def test_mirror_words_do_not_rewrite_labels():
    """tw2sp would turn 查询 into 查找 and 指标 into 指针: both are table labels."""
    text = "8.屬於行政查詢事項 | 指標 | 檔案館 | 入口網站 | 政府資訊公開\n" * 3
    norm = extract_document(text.encode(), "t.txt").lines[0].norm
    assert norm == "8.属于行政查询事项 | 指标 | 档案馆 | 门户网站 | 政府信息公开"


def test_pinyin_runs_inside_words_are_removed():
    text = "在區(qū)委區政府領導下，申請數(shù)量為5件（以下簡稱《條例》）。\n第(一)項\n"
    doc = extract_document(text.encode(), "py.txt")
    assert doc.lines[0].norm == "在区委区政府领导下,申请数量为5件(以下简称《条例》)。"
    assert doc.lines[1].norm == "第(一)项"


def test_one_traditional_character_does_not_make_a_mirror():
    text = "本机关於2021年收到申请5件，全部办结。\n"
    doc = extract_document(text.encode(), "s.txt")
    assert not doc.traditional
    assert doc.lines[0].norm == "本机关於2021年收到申请5件,全部办结。"


def test_text_that_mentions_angle_brackets_is_not_html():
    doc = extract_document("收到申请<5件的单位\n".encode(), "lt.txt")
    assert doc.format == "txt"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \r\n\t\n  ", "empty file"),
        ("\u3000\n".encode(), "empty file"),
        (bytes(range(256)) * 40, "binary data, not a text report"),
        (random.Random(7).randbytes(20000).replace(b"\x00", b"\x01"), "binary data, not a text report"),
    ],
    ids=["empty", "whitespace", "ideographic-space", "binary-with-nul", "binary-without-nul"],
)
def test_bad_text_input_is_rejected_with_reason(data, reason):
    with pytest.raises(RejectedInput) as err:
        extract_document(data, "junk.txt")
    assert reason in err.value.reason
    assert err.value.source_path == "junk.txt"
    assert "\n" not in err.value.reason


def test_unsupported_suffix_is_rejected():
    with pytest.raises(RejectedInput, match="unsupported file type '.gif'"):
        extract_document(b"GIF89a", "scan.gif")


def test_a_few_broken_bytes_do_not_reject_the_report():
    good = (SAMPLES / "real" / "001.txt").read_bytes()
    cut = good.index(b"\n", 300)
    broken = good[:cut] + b"\xff\xfe" + good[cut:]  # copy debris at the end of a UTF-8 line
    doc = extract_document(broken, "debris.txt")
    assert doc.encoding == "utf-8 (2 bad bytes replaced)"
    assert "??" in doc.text
    assert len(doc.lines) == len(extract_document(good, "good.txt").lines)


def test_pdf_and_docx_saved_under_a_text_name_are_read_by_content():
    from extract_makers import make_docx, make_pdf

    assert extract_document(make_pdf(), "download.txt").format == "pdf"
    assert extract_document(make_docx(), "download.html").format == "docx"
