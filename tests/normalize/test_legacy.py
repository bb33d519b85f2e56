"""The legacy 政府信息公开情况统计表: every row, the right column, nothing from blank forms."""

from __future__ import annotations

import datetime as dt

from meta_docs import FIXTURES, REAL, SAMPLE_2017, document_from_file, gold_of

from pipelines.model import Cell, Line
from pipelines.normalize import parse_document
from pipelines.normalize.legacy import extract_legacy


def _values(figures):
    return {f.metric: f.value for f in figures}


def test_2017_sample_every_table_value_exactly():
    gold = {k: v for k, v in gold_of(SAMPLE_2017)["values"].items() if not k.startswith("narrative.")}
    figures, doubts = extract_legacy(document_from_file(SAMPLE_2017).lines)
    assert _values(figures) == gold
    assert len(figures) == len(gold) == 71  # one figure per key, no duplicates
    assert doubts == []


def test_2017_sample_provenance_and_raw_text_point_at_the_printed_cell():
    doc = document_from_file(SAMPLE_2017)
    figures, _ = extract_legacy(doc.lines)
    by_key = {f.metric: f for f in figures}
    website = by_key["channel.website"]
    assert website.raw_text == "136" and website.origin == "table"
    line_no = int(website.provenance.split()[1])
    assert "2.政府网站公开政府信息数" in doc.lines[line_no - 1].text
    assert website.provenance.endswith("cell 3")  # label | 单位 | 统计数: the third cell


def test_blank_2008_form_gives_no_figures():
    """Real negative control: codes 01–35 and column numbers 1, 2 only, every value empty."""
    figures, _ = extract_legacy(document_from_file(REAL / "040.txt").lines)
    assert figures == []


_CODE_VARIANT = {
    "proactive.total": 412,
    "requests.received": 17,
    "requests.in_person": 6,
    "requests.fax": 0,
    "requests.email": 3,
    "requests.online": 5,
    "requests.letter": 2,
    "requests.other_channel": 1,
    "requests.answered": 16,
    "requests.granted": 11,
    "requests.partial": 3,
    "requests.denied": 2,
    "review.total": 1,
}


def test_code_column_variant_takes_year_cumulative_not_code_or_period():
    figures, doubts = extract_legacy(document_from_file(FIXTURES / "legacy_code_columns.txt").lines)
    assert _values(figures) == _CODE_VARIANT  # 行政诉讼数 is empty: no figure
    assert any("行政申诉数" in d for d in doubts)  # a filled row without a metric key is reported


def test_code_column_variant_flattened_one_cell_per_line():
    path = FIXTURES / "legacy_code_columns_one_per_line.txt"
    figures, _ = extract_legacy(document_from_file(path).lines)
    assert _values(figures) == _CODE_VARIANT


def test_code_variant_without_separators_and_a_vanished_blank_is_a_doubt_not_a_guess():
    text = "指标名称\n计量单位\n代码\n本期实际\n本年累计\n申请总数\n条\n10\n3\n12\n行政复议数\n件\n32\n4\n"
    lines = [Line(t, t, f"line {i}") for i, t in enumerate(text.splitlines(), start=1)]
    figures, doubts = extract_legacy(lines)
    assert _values(figures) == {"requests.received": 12}  # both value cells present: 本年累计
    assert any("行政复议数" in d for d in doubts)  # one value left: 本期 or 本年? not guessed


def test_one_cell_per_line_table_with_local_rows_and_printed_forms():
    figures, doubts = extract_legacy(document_from_file(FIXTURES / "legacy_one_cell_per_line.txt").lines)
    got = {f.metric: f for f in figures}
    assert _values(figures) == {
        "proactive.total": 1204,
        "proactive.normative": 7,
        "normative.made_total": 0,
        "key_areas.total": 58,
        "key_areas.budget": 31,
        "channel.website": 980,
        "channel.microblog": 412,
        "channel.wechat": 166,
        "requests.received": 12,
        "review.total": 3,
        "review.upheld": 2,
        "review.corrected": 1,
        "review.other": 0,
        "suit.total": 1,
        "suit.upheld": 0,
        "suit.corrected": 1,
        "suit.other": 0,
        "fees_legacy.amount": 0.35,
    }
    assert got["proactive.total"].raw_text == "1,204"
    assert got["proactive.normative"].raw_text == "７"  # full-width as printed
    assert got["normative.made_total"].raw_text == "—"
    assert "channel.gazette" not in got  # label and unit, no number: not a figure
    assert any("社会救助" in d for d in doubts)  # local extra row without a key


def test_rows_flattened_with_spaces_as_in_pdf_text():
    figures, _ = extract_legacy(document_from_file(FIXTURES / "legacy_space_separated.txt").lines)
    assert _values(figures) == {
        "proactive.total": 356,
        "requests.received": 21,
        "requests.in_person": 4,
        "requests.fax": 0,
        "requests.online": 15,
        "requests.letter": 2,
        "review.total": 1,
        "review.upheld": 1,
        "fees_legacy.amount": 0,
    }  # 五、行政诉讼数量 has a unit and no number: no figure


def test_code_variant_with_spaces_reads_the_header_run_together():
    text = "指 标 名 称 计量单位 代码 本期实际 本年累计\n申请总数 条 10 3 12\n行政复议数 件 32 0 2\n"
    lines = [Line(t, t, f"line {i}") for i, t in enumerate(text.splitlines(), start=1)]
    figures, _ = extract_legacy(lines)
    assert _values(figures) == {"requests.received": 12, "review.total": 2}


def test_signature_block_above_the_rows_does_not_end_the_table():
    text = (
        "政府信息公开情况统计表\n单位负责人:张某 填报人:李某\n"
        "(一)收到申请数 | 件 | 8 |\n1.当面申请数 | 件 | 8 |\n单位负责人:张某\n六、举报投诉数量 | 件 | 1 |\n"
    )
    lines = [Line(t, t, f"line {i}") for i, t in enumerate(text.splitlines(), start=1)]
    figures, _ = extract_legacy(lines)
    assert _values(figures) == {"requests.received": 8, "requests.in_person": 8}  # the footer ends it


def test_table_rows_with_real_cells_use_the_header_column():
    def row(n, *texts):
        cells = [Cell(t, f"table 1 row {n} col {c + 1}", col=c) for c, t in enumerate(texts)]
        return Line(" | ".join(texts), " | ".join(texts), f"table 1 row {n}", cells, list(texts))

    lines = [
        row(1, "指标名称", "计量单位", "代码", "本期实际", "本年累计"),
        row(2, "申请总数", "条", "10", "", "9"),
        row(3, "行政复议数", "件", "32", "1", ""),
    ]
    figures, _ = extract_legacy(lines)
    assert [(f.metric, f.value, f.provenance) for f in figures] == [
        ("requests.received", 9.0, "table 1 row 2 col 5")
    ]


def test_parse_document_2017_sample_end_to_end():
    doc = document_from_file(SAMPLE_2017)
    gold = gold_of(SAMPLE_2017)
    report = parse_document(doc)
    assert report.template == gold["template"] == "legacy"
    assert report.unit_name == gold["unit"]
    assert report.year == gold["year"]
    assert report.published_on == dt.date.fromisoformat(gold["published"])
    assert report.values() == gold["values"]
    assert report.values()["narrative.microblog_posts"] == 1025
    text_figures = [f for f in report.figures if f.origin == "text"]
    assert {f.metric for f in text_figures} == {k for k in gold["values"] if k.startswith("narrative.")}
    assert all(f.provenance.endswith("(text)") for f in text_figures)
