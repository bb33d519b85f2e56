"""Template family from the table headers (not the year, not the cited notice)."""

from __future__ import annotations

import pytest
from meta_docs import SAMPLE_2017, document_from_file, document_from_text, gold_of, real_samples

from pipelines.normalize.family import detect_family

# Gold files name the family in their own words.
_GOLD_FAMILY = {"2021": "std2021", "2019": "std2019", "pre2019-table": "legacy"}


@pytest.mark.parametrize("path", [SAMPLE_2017, *real_samples()], ids=lambda p: p.name)
def test_real_samples_family_matches_gold(path):
    gold = gold_of(path)["template"]
    assert detect_family(document_from_file(path).lines) == _GOLD_FAMILY.get(gold, gold)


def test_027_cites_2019_notice_but_prints_2021_table():
    path = next(p for p in real_samples() if p.name == "027.txt")
    text = path.read_text(encoding="utf-8")
    assert "国办公开办函〔2019〕60号" in text  # the trap is really there
    assert detect_family(document_from_file(path).lines) == "std2021"


_TABLE3_HEAD = """三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |
一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
三、本年度办理结果 | (一)予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
"""


def test_tables_3_4_only_with_split_other_rows_is_std2021():
    text = (
        _TABLE3_HEAD
        + "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        + "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
        + "3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    assert detect_family(document_from_text(text).lines) == "std2021"


def test_tables_3_4_only_with_single_other_row_is_std2019():
    text = _TABLE3_HEAD + "(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    assert detect_family(document_from_text(text).lines) == "std2019"


def test_headers_win_over_the_year():
    # a 2022 report that still prints the 2019 table 2
    text = (
        "某某局2022年政府信息公开工作年度报告\n"
        "第二十条第(一)项 |\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "规章 | 0 | 0 | 0 |\n"
    )
    assert detect_family(document_from_text(text).lines) == "std2019"


def test_legacy_header_split_by_spaces_and_in_traditional_characters():
    text = "政府資訊公開情況統計表\n統 計 指 標 | 單位 | 統計數 |\n(一)收到申請數 | 件 | 3 |\n"
    assert detect_family(document_from_text(text).lines) == "legacy"


def test_prose_quoting_header_words_stays_narrative():
    prose = (
        "2017年,我局未收到政府信息公开申请。按照要求,我们对照政府信息公开情况统计表的收到申请数、"
        "申请办结数、行政复议数量等指标逐项核对了全年工作情况,确保数据真实准确,没有发现问题。\n"
    )
    assert detect_family(document_from_text(prose).lines) == "narrative"


def test_table_4_alone_is_a_std_table():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议 | 行政诉讼 |\n"
        "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
        "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
    assert detect_family(document_from_text(text).lines) == "std2019"
