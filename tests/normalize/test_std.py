"""extract_std on real report excerpts and on synthetic flattenings of full std tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.extract import extract_document
from pipelines.model import Line
from pipelines.normalize.std import extract_std

REAL = Path(__file__).resolve().parents[2] / "data" / "samples" / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def doc_lines(path: Path) -> list[Line]:
    """The file as the extract stage reads it (HTML-in-txt samples become table rows with
    cells; traditional mirrors get simplified ``norm``)."""
    return extract_document(path.read_bytes(), path.name).lines


def sample_lines(name: str) -> list[Line]:
    return doc_lines(REAL / f"{name}.txt")


def text_lines(text: str) -> list[Line]:
    """A hand-written dump, one Line per line, as extract makes them for a .txt file."""
    return doc_lines_from_bytes(text.encode("utf-8"), "report.txt")


def doc_lines_from_bytes(data: bytes, name: str) -> list[Line]:
    return extract_document(data, name).lines


def std_gold(name: str) -> tuple[str, dict[str, float]]:
    gold = json.loads((REAL / f"{name}.gold.json").read_text(encoding="utf-8"))
    values = {k: v for k, v in gold["values"].items() if not k.startswith("narrative.")}
    return "std" + gold["template"], values


# ---------------------------------------------------------------------------
# Real excerpts: every std figure of the hand-checked gold comes out exactly.

REAL_STD = ["001", "004", "005", "012", "022", "027"]


@pytest.mark.parametrize("name", REAL_STD)
def test_real_sample_matches_gold(name: str) -> None:
    template, gold = std_gold(name)
    figures, _ = extract_std(sample_lines(name), template)
    got = {f.metric: f.value for f in figures}
    assert len(got) == len(figures), "a metric was emitted twice"
    assert {k: got.get(k) for k in gold} == gold
    # Gold leaves blank cells out; the parser reads them as 0 with the raw mark kept.
    for f in figures:
        if f.metric not in gold:
            assert f.value == 0 and f.raw_text in ("", "/", "&nbsp;", "-", "—"), f
        assert f.origin == "table" and f.provenance


def test_real_cut_row_is_left_out_with_a_doubt() -> None:
    figures, doubts = extract_std(sample_lines("001"), "std2021")
    assert not [f for f in figures if f.metric.startswith("apply.denied.enforcement.")]
    assert any("7.属于行政执法案卷" in d and "6 个数" in d for d in doubts)
    row5 = {f.metric: f for f in figures}["apply.denied.internal.natural"]
    assert row5.provenance == "line 30 cell 2" and row5.raw_text == "1"


def test_real_html_blank_cells_are_zero_with_raw_kept() -> None:
    figures, _ = extract_std(sample_lines("005"), "std2019")
    by_key = {f.metric: f for f in figures}
    granted_total = by_key["apply.granted.total"]  # printed blank although the row sums to 272
    assert granted_total.value == 0 and granted_total.raw_text in ("", "&nbsp;")
    assert by_key["suit.direct.total"].value == 9
    assert by_key["suit.after_review.total"].raw_text in ("", "&nbsp;")
    assert by_key["apply.other.total"].value == 0  # 2019: （六）其他处理 is one row
    assert not [k for k in by_key if k.startswith("apply.other.no_")]
    assert by_key["apply.new.total"].provenance.startswith("table 1 row ")


def test_real_004_maps_columns_by_cell_order_not_grid() -> None:
    figures, doubts = extract_std(sample_lines("004"), "std2019")
    by_key = {f.metric: f for f in figures}
    assert by_key["procurement.amount"].value == 251000
    assert by_key["procurement.amount"].raw_text == "251000元"
    assert by_key["rules.public_total"].value == 524
    assert not [d for d in doubts if d.startswith("表二")]


def test_real_traditional_mirror_reads_slash_cells_as_zero() -> None:
    figures, _ = extract_std(sample_lines("012"), "std2021")
    by_key = {f.metric: f for f in figures}
    assert by_key["penalty.decisions"].value == 61
    assert by_key["normative.in_force"].value == 0 and by_key["normative.in_force"].raw_text == "/"
    assert len(by_key) == 10


# ---------------------------------------------------------------------------
# Synthetic full tables (tests/normalize/fixtures/std_*, written by std_make_fixtures.py):
# every value cell holds a distinct non-zero number, so any shift is caught.

SYNTHETIC = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("std_*.expected.json"))


def fixture_lines(name: str) -> list[Line]:
    return doc_lines(next(p for p in FIXTURES.glob(f"{name}.*") if p.suffix in (".txt", ".html")))


def fixture_expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def test_synthetic_fixtures_cover_every_flattening() -> None:
    assert {
        "std_2021_pipe",
        "std_2021_lines",
        "std_2021_lonepipe",
        "std_2021_paragraph",
        "std_2021_blanks",
        "std_2019_pipe",
        "std_2019_paragraph",
        "std_2019_flipbook",
        "std_2019_table",
    } <= set(SYNTHETIC)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_full_report(name: str) -> None:
    meta = fixture_expected(name)
    figures, doubts = extract_std(fixture_lines(name), meta["template"])
    got = {f.metric: f.value for f in figures}
    assert got == meta["values"]
    assert len(figures) == len(got)
    assert doubts == []
    assert all(f.provenance and f.origin == "table" for f in figures)


def test_synthetic_raw_text_is_kept() -> None:
    meta = fixture_expected("std_2021_blanks")
    figures, _ = extract_std(fixture_lines("std_2021_blanks"), "std2021")
    raw = {f.metric: f.raw_text for f in figures}
    assert {k: raw[k] for k in meta["raw"]} == meta["raw"]
    assert raw["fees.amount"] == "59237.2449"


def test_synthetic_provenance_points_at_the_cell() -> None:
    lines = fixture_lines("std_2021_pipe")
    by_key = {f.metric: f for f in extract_std(lines, "std2021")[0]}
    prov = by_key["apply.granted.commercial"].provenance  # '三、本年度办理结果 | （一）予以公开 | 115 | 116'
    line_no, cell_no = (int(x) for x in prov.removeprefix("line ").split(" cell "))
    assert lines[line_no - 1].text.split("|")[cell_no - 1].strip() == "116"
    flip = {f.metric: f for f in extract_std(fixture_lines("std_2019_flipbook"), "std2019")[0]}
    assert flip["suit.after_review.total"].provenance.endswith("cell 15")


# ---------------------------------------------------------------------------
# Tolerance and doubts, on edited copies of the full synthetic reports.


def pipe_2021() -> str:
    return (FIXTURES / "std_2021_pipe.txt").read_text(encoding="utf-8")


def values_of(text: str, template: str) -> tuple[dict[str, float], list[str]]:
    figures, doubts = extract_std(text_lines(text), template)
    return {f.metric: f.value for f in figures}, doubts


def test_2021_report_with_a_single_other_row_reads_it_as_printed() -> None:
    text = pipe_2021()
    start = text.index("（六）其他处理")
    end = text.index("（七）总计")
    text = text[:start] + "（六）其他处理 | 1 | 2 | 3 | 4 | 5 | 6 | 21 |\n" + text[end:]
    got, doubts = values_of(text, "std2021")
    assert [got[f"apply.other.{c}"] for c in ("natural", "legal", "total")] == [1, 5, 21]
    assert not [k for k in got if k.startswith(("apply.other.no_", "apply.other.other."))]
    assert got["apply.total.natural"] == 101 + 23 * 7  # rows after it are still in place
    assert doubts == []


def test_2019_report_with_split_other_rows_reads_the_sub_rows() -> None:
    got, doubts = values_of(pipe_2021(), "std2019")
    assert got["apply.other.no_fee.total"] == 101 + 21 * 7 + 6
    assert "apply.other.total" not in got
    assert doubts == []


def test_table2_without_headers_falls_back_to_the_columns_the_count_fits() -> None:
    text = "\n".join(
        [
            "二、主动公开政府信息情况",
            "规章 | 1 | 2 | 3 |",
            "行政许可 | 10 | -3 | 12 |",  # 2019 columns in a report whose headers said 2021
            "行政处罚 | 7 |",
            "三、收到和处理政府信息公开申请情况",
        ]
    )
    got, _ = values_of(text, "std2021")
    assert got == {
        "rules.issued": 1,
        "rules.repealed": 2,
        "rules.in_force": 3,
        "licensing.prev_items": 10,
        "licensing.change": -3,
        "licensing.decisions": 12,
        "penalty.decisions": 7,
    }


def test_row_missing_a_cell_is_left_out_not_shifted() -> None:
    text = pipe_2021().replace(
        "2.重复申请 | 213 | 214 | 215 | 216 | 217 | 218 | 219 |", "2.重复申请 | 213 | 214 | 215 |"
    )
    got, doubts = values_of(text, "std2021")
    assert not [k for k in got if k.startswith("apply.unprocessed.repeat.")]
    assert got["apply.unprocessed.publication.natural"] == 220
    assert any("2.重复申请" in d and "只有 3 个数" in d and "缺少单元格" in d for d in doubts)


def test_table4_with_too_few_numbers_gives_a_doubt_not_figures() -> None:
    text = pipe_2021().replace("901 | 902 | 903 |", "901 |")
    got, doubts = values_of(text, "std2021")
    assert not [k for k in got if k.startswith(("review.", "suit."))]
    assert "表四：只找到 13 个数，应为 15 个，未采用" in doubts


def test_table4_flipbook_line_after_headers_broken_one_character_per_line() -> None:
    text = "\n".join(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议 行政诉讼",
            "结 结 其 尚",
            "果 果 他 未 总",
            "维 纠 结 审 计",
            "1 / 3 - 5 6 7 8 9 10 11 12 13 14 １５",
            "五、存在的主要问题及改进情况",
        ]
    )
    figures, _ = extract_std(text_lines(text), "std2021")
    by_key = {f.metric: f for f in figures}
    assert [by_key[k].value for k in ("review.upheld", "review.corrected", "review.other")] == [1, 0, 3]
    assert by_key["review.corrected"].raw_text == "/"
    assert (
        by_key["suit.after_review.total"].value == 15 and by_key["suit.after_review.total"].raw_text == "１５"
    )


def test_prose_that_starts_like_a_row_label_is_not_a_table() -> None:
    prose = "本年新收政府信息公开申请58件，办结56件。\n行政处罚决定公开情况良好。\n"
    text = pipe_2021().replace("二、主动公开政府信息情况", prose + "二、主动公开政府信息情况")
    got, doubts = values_of(text, "std2021")
    assert got["rules.issued"] == 11 and got["apply.new.natural"] == 101
    assert doubts == []


def test_no_tables_at_all_gives_doubts_and_no_figures() -> None:
    figures, doubts = extract_std(text_lines("一、总体情况\n本年度未收到政府信息公开申请。\n"), "std2021")
    assert figures == []
    assert len(doubts) == 3 and all(d.startswith("未找到表") for d in doubts)


def test_column_header_repeated_mid_table_does_not_swallow_rows() -> None:
    """A PDF page break repeats the applicant header (… 总计 … 其他) inside table 3."""
    expected = fixture_expected("std_2021_pipe")["values"]
    row = "2.没有现成信息需要另行制作 | 192 | 193 | 194 | 195 | 196 | 197 | 198 |\n"
    page_break = "第 2 页\n自然人 | 法人或其他组织 | 总计 |\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n"
    text = pipe_2021().replace(row, row + page_break)
    assert text != pipe_2021()
    got, doubts = values_of(text, "std2021")
    assert got == expected
    assert doubts == []


def test_pdf_header_cells_broken_by_spaces_still_name_the_columns() -> None:
    meta = fixture_expected("std_2019_flipbook")
    text = (FIXTURES / "std_2019_flipbook.txt").read_text(encoding="utf-8")
    broken = text.replace("本年新制作数量", "本年新 制作数量").replace(
        "信息内容 处理决定数量", "信息内容 处理决定 数量"
    )
    assert broken != text
    got, doubts = values_of(broken, "std2019")
    assert got == meta["values"]  # （六） prints 处理决定数量 first: only its header says so
    assert doubts == []


def test_pdf_page_number_between_rows_is_not_read_as_cells() -> None:
    meta = fixture_expected("std_2019_flipbook")
    text = (FIXTURES / "std_2019_flipbook.txt").read_text(encoding="utf-8")
    row = "二、上年结转政府信息公开申请数量 108 109 110 111 112 113 114\n"
    assert row in text
    got, doubts = values_of(text.replace(row, row + "— 3 —\n"), "std2019")
    assert got == meta["values"]
    assert doubts == []


def test_missing_table2_row_is_named_in_a_doubt() -> None:
    text = pipe_2021().replace("行政强制 | 19 |\n", "")
    got, doubts = values_of(text, "std2021")
    assert "coercion.decisions" not in got and got["penalty.decisions"] == 18
    assert doubts == ["表二只找到部分行，缺少：行政强制"]


def test_label_with_a_numbered_note_is_still_a_label() -> None:
    text = pipe_2021().replace(
        "一、本年新收政府信息公开申请数量 |", "一、本年新收政府信息公开申请数量（含上级转办2件） |"
    )
    got, doubts = values_of(text, "std2021")
    assert got["apply.new.natural"] == 101 and doubts == []


def test_blank_table4_row_in_a_pipe_dump_is_fifteen_zeros() -> None:
    numbers = " | ".join(str(901 + i) for i in range(15)) + " |"
    assert numbers in pipe_2021()
    blank = pipe_2021().replace(numbers, " |" * 15)
    got, doubts = values_of(blank, "std2021")
    assert [got[k] for k in ("review.upheld", "suit.after_review.total")] == [0, 0] and doubts == []
    last_only = pipe_2021().replace(numbers, " |" * 14 + " 1 |")
    got, doubts = values_of(last_only, "std2021")
    assert got["suit.after_review.total"] == 1 and got["review.upheld"] == 0 and doubts == []


def test_encoding_debris_before_a_cell_is_one_cell_in_every_text_layout():
    """'? 0' (a lost character before a zero) is one cell: a one-cell-per-line row and a
    flip-book table-4 line must not shift their numbers."""
    from pipelines.extract import extract_document

    text = "\n".join(
        [
            "2019年宿迁市测试局政府信息公开工作年度报告",
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议 行政诉讼",
            "未经复议直接起诉 复议后起诉",
            "结 结 其 尚 总 结 结 其 尚 总 结 结 其 尚 总",
            "果 果 他 未 计 果 果 他 未 计 果 果 他 未 计",
            "? 0 ? 0 ? 0 ? 0 ? 0 1 ? 0 1 ? 0 2 ? 0 ? 0 ? 0 ? 0 ? 0",
        ]
    )
    doc = extract_document(text.encode(), "debris.txt")
    figures, doubts = extract_std(doc.lines, "std2019")
    got = {f.metric: f.value for f in figures}
    assert got["suit.direct.upheld"] == 1 and got["suit.direct.other"] == 1 and got["suit.direct.total"] == 2
    assert got["suit.after_review.total"] == 0 and not [d for d in doubts if "表四" in d]
    raw = {f.metric: f.raw_text for f in figures}
    assert raw["review.upheld"] == "? 0"


def _pipe_2021_variant(old: str, new: str):
    from pipelines.ingest import parse_file

    base = (FIXTURES / "std_2021_pipe.txt").read_text(encoding="utf-8")
    assert old in base
    report = parse_file(base.replace(old, new).encode("utf-8"), "variant.txt")
    return {f.metric: f for f in report.figures}


def test_a_header_with_the_same_label_twice_is_read_by_the_templates_order():
    got = _pipe_2021_variant(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "信息内容 | 本年制发件数 | 本年制发件数 | 现行有效件数 |",
    )
    assert [got[f"rules.{c}"].value for c in ("issued", "repealed", "in_force")] == [11, 12, 13]
    assert [got[f"normative.{c}"].value for c in ("issued", "repealed", "in_force")] == [14, 15, 16]


def test_a_fee_printed_in_yuan_is_stored_in_wan_yuan_with_its_raw_text():
    got = _pipe_2021_variant(
        "本年收费金额（单位：万元） |\n行政事业性收费 | 59237.2449",
        "本年收费金额（单位：元） |\n行政事业性收费 | 592372449",
    )
    assert got["fees.amount"].value == pytest.approx(59237.2449)
    assert got["fees.amount"].raw_text == "592372449"


def test_a_table_cut_short_keeps_its_complete_rows_and_guesses_nothing():
    base = (FIXTURES / "std_2021_pipe.txt").read_text(encoding="utf-8")
    cut = base[: base.index("（二）部分公开")] + "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 122 | 123 |\n"
    from pipelines.ingest import parse_file

    got = {f.metric: f.value for f in parse_file(cut.encode("utf-8"), "cut.txt").figures}
    assert got["apply.granted.total"] == 121 and got["fees.amount"] == pytest.approx(59237.2449)
    assert not any(k.startswith("apply.partial.") for k in got)


def test_a_row_label_repeated_with_other_numbers_is_a_list_not_the_row() -> None:
    """政府集中采购 printed four times, each with a project's description and its amount in 元
    (i1224): the template has one such row, so none of them gives a figure."""
    text = (
        "第二十条第(九)项 | |||||\n信息内容 | 采购项目数量 | 采购总金额 | |||\n"
        "政府集中采购 | 某某区公务用车10辆 | 1530000元 | |||\n"
        "政府集中采购 | 某某办公区物业管理服务项目 | 350000元 | |||\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    figures, doubts = extract_std(text_lines(text), "std2019")
    assert not [f for f in figures if f.metric.startswith("procurement.")]
    assert any("政府集中采购" in d and "多次" in d for d in doubts)


def test_a_header_label_of_no_template_column_leaves_that_column_unread() -> None:
    """'上一年项目数量 | 本年数量 | 处理决定数量' (l1526): 本年数量 is not 本年增/减, so the middle
    numbers are no change; the other two columns are read by their labels."""
    text = (
        "第二十条第(五)项\n\n信息内容\n\n上一年项目数量\n\n本年数量\n\n处理决定数量\n\n"
        "行政许可\n\n0\n\n3\n\n5\n\n其他对外管理服务事项\n\n6\n\n6\n\n122\n\n"
        "第二十条第(八)项\n\n信息内容\n\n上一年项目数量\n\n本年数量\n\n行政事业性收费\n\n2\n\n1\n\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    figures, _ = extract_std(text_lines(text), "std2019")
    got = {f.metric: f.value for f in figures}
    assert not [k for k in got if k.endswith(".change")]
    assert got["licensing.prev_items"] == 0 and got["licensing.decisions"] == 5
    assert got["other_services.decisions"] == 122 and got["fees.prev_items"] == 2


def test_cells_glued_to_their_label_are_split_only_one_digit_each() -> None:
    """'行政规范性文件040' (k1426): as many digits as the row has columns → one digit a cell; a
    one-column row keeps its number ('行政许可707'); any other length cannot be split."""
    text = (
        "第二十条第(一)项\n信息内容本年制发件数本年废止件数现行有效件数\n规章000\n行政规范性文件040\n"
        "第二十条第(五)项\n信息内容本年处理决定数量\n行政许可707\n第二十条第(六)项\n信息内容本年处理决定数量\n"
        "行政处罚6\n行政强制0\n三、收到和处理政府信息公开申请情况\n自然人法人或其他组织总计\n"
        "一、本年新收政府信息公开申请数量2000002\n二、上年结转政府信息公开申请数量00000\n"
    )
    figures, doubts = extract_std(text_lines(text), "std2021")
    got = {f.metric: f.value for f in figures}
    assert (got["normative.issued"], got["normative.repealed"], got["normative.in_force"]) == (0, 4, 0)
    assert got["licensing.decisions"] == 707 and got["penalty.decisions"] == 6
    assert got["apply.new.natural"] == 2 and got["apply.new.total"] == 2 and got["apply.new.commercial"] == 0
    assert not [k for k in got if k.startswith("apply.carried_in.")]  # 5 digits for 7 cells


def _real(name: str) -> dict[str, float]:
    from pathlib import Path

    from pipelines.ingest import parse_file

    path = Path(__file__).resolve().parents[1] / "realworld" / name
    return {f.metric: f.value for f in parse_file(path.read_bytes(), path.name).figures if f.origin == "table"}


def test_cells_each_followed_by_a_lone_pipe_line_read_blanks_between_two_pipes():
    # '规章', '|', '|', '|', '|', '规范性文件' (zy5405): the first '|' ends the label, each further one
    # closes a cell printed blank — three zeros; '行政许可', '126', '增72', '142' as printed
    values = _real("batch_zy/5405.txt")
    assert {k: values[k] for k in ("rules.made", "rules.published", "rules.public_total")} == {
        "rules.made": 0, "rules.published": 0, "rules.public_total": 0}
    assert (values["licensing.prev_items"], values["licensing.change"], values["licensing.decisions"]) == (126, 72, 142)


def test_a_whole_table_flattened_into_one_line_is_read_cell_by_cell():
    # tables 2 and 3 in one space-separated line, '规 章' and '商业 企业' broken by a space (zy5421)
    values = _real("batch_zy/5421.txt")
    assert values["licensing.decisions"] == 52
    assert values["penalty.decisions"] == 15
    assert values["rules.issued"] == 0
    assert values["apply.new.total"] == 0 and values["apply.carried_in.natural"] == 0


def test_a_column_label_of_no_template_is_skipped_before_the_first_known_one():
    # a homemade 2019 table, '信息內容 | 項目數量 | 處理決定數量' (zzzzzi12356): 4 is the count of items, 142 the
    # decisions — not the decisions 4; a traditional label is a column label too
    text = (
        "第二十条第(五)项 | ||||\n信息內容 | 項目數量 | 處理決定數量 | ||\n行政許可 | 4 | 142 | ||\n"
        "第二十条第(六)项 | ||||\n信息內容 | 處理決定數量 | |||\n行政處罰 | 201 | |||\n"
    )
    got = {f.metric: f.value for f in extract_std(text_lines(text), "std2019")[0]}
    assert got.get("licensing.decisions") == 142 and "licensing.prev_items" not in got
    assert got.get("penalty.decisions") == 201


def test_the_previous_years_items_also_as_上一年度():
    # '信息内容 | 上一年度项目数量 | 本年增/减 | 处理决定数量' (zzg6301): the first column is 上一年项目数量
    values = _real("batch_zzg/6301.txt")
    assert (values["licensing.prev_items"], values["licensing.change"], values["licensing.decisions"]) == (2, 2, 2)


def test_three_cells_under_a_header_of_the_one_shared_column_are_not_guessed():
    # '本年处理决定数量' alone over '行政处罚 | 0 0 0' (s2240, zzzzzi12372): the 2019 columns the header does not
    # print would be a guess — nothing is read from the row
    values = _real("batch_s/2240.txt")
    assert not [k for k in values if k.startswith("penalty.")]
    text = "第二十条第(六)项\n信息内容 | 本年处理决定数量\n行政处罚 | 0 | 0 | 0\n行政强制 | 3 | 1 | 5\n"
    figures, doubts = extract_std(text_lines(text), "std2021")
    assert not [f for f in figures if f.metric.startswith(("penalty.", "coercion."))]
    assert any("无法确定各列含义" in d for d in doubts)
