"""Issue 13 point 8 (second sentence): 两年对比 compares the narrative of two reports as a
readable text diff, exportable as DOCX — on real report texts.

tests/realworld/batch_zb/3110.txt and batch_zg/3604.txt are the 2016 and 2017 reports of
北京市东城区东直门街道办事处 (golds: unit, year): the same template, with the staff, the
proactive-disclosure figures and the applications paragraph rewritten.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from app_lib import textdiff
from pipelines.extract import extract_document

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "realworld"
Y2016 = REAL / "batch_zb" / "3110.txt"
Y2017 = REAL / "batch_zg" / "3604.txt"
SAMPLE_WITH_TABLE = ROOT / "data" / "samples" / "2017_北京市东城区政务服务中心.txt"


def _units(path: Path) -> list[str]:
    return textdiff.prose_units(path.read_text("utf-8").splitlines())


@pytest.fixture(scope="module")
def diff() -> textdiff.TextDiff:
    return textdiff.compare(_units(Y2016), _units(Y2017))


def _row(diff: textdiff.TextDiff, kind: str, needle: str) -> textdiff.DiffRow:
    found = [r for r in diff.rows if r.kind == kind and (needle in r.a or needle in r.b)]
    assert len(found) == 1, [(r.kind, r.a, r.b) for r in diff.rows]
    return found[0]


def _changed(parts) -> list[str]:
    return [p.text for p in parts if p.changed]


def test_prose_leaves_out_table_rows_and_splits_sentences():
    text = SAMPLE_WITH_TABLE.read_text("utf-8")
    units = textdiff.prose_units(text.splitlines())
    assert units and not any("|" in u for u in units)
    assert "一、概述" in units and "政府信息公开情况统计表 | ||||" not in units
    # the report's own sentence, cut out of its line, whitespace normalised
    assert "2017年,中心未发生行政复议和行政诉讼情况。" in units
    assert all(u == " ".join(u.split()) for u in units)
    # the Lines the app extracts from the stored original give the same prose
    lines = extract_document(SAMPLE_WITH_TABLE.read_bytes(), SAMPLE_WITH_TABLE.name).lines
    assert textdiff.report_prose(lines) == units


def test_a_table_laid_out_one_cell_a_line_is_left_out():
    # tests/realworld/batch_zi/3807.txt: a web table dumped one cell a line, a lone '|' between
    text = (REAL / "batch_zi" / "3807.txt").read_text("utf-8")
    lines = text.splitlines()
    assert lines.count("|") > 100 and "信息内容" in lines
    units = textdiff.prose_units(lines)
    assert "信息内容" not in units and not any(u.isdigit() for u in units)
    # the prose and the section headings next to the table stay
    assert {
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "该部分以表格形式报告。",
    } <= set(units)


def test_every_paragraph_of_both_years_is_kept_in_order(diff):
    assert [r.a for r in diff.rows if r.a] == _units(Y2016)
    assert [r.b for r in diff.rows if r.b] == _units(Y2017)
    assert all(r.a == r.b for r in diff.rows if r.kind == "same")
    assert all(r.a != r.b for r in diff.rows if r.kind == "changed")
    assert diff.count("same") > diff.count("changed") > 0


def test_changed_paragraphs_mark_the_changed_words(diff):
    staff = _row(diff, "changed", "专门配备了")
    assert (_changed(staff.a_parts), _changed(staff.b_parts)) == (["2"], ["1"])
    published = _row(diff, "changed", "我街道主动公开信息")
    # numbers are compared whole: 530 → 569, not 5〖30〗 → 5〖69〗
    assert _changed(published.a_parts) == ["2016", "530", "528", "99.61%"]
    assert _changed(published.b_parts) == ["2017", "569", "386", "67.84%"]
    assert "".join(p.text for p in published.b_parts) == published.b
    assert textdiff.marked(published.b_parts).startswith("〖2017〗年,我街道主动公开信息〖569〗条")


def test_rewritten_paragraphs_are_removed_and_added(diff):
    assert _row(diff, "removed", "未收到政府信息公开申请").b == ""
    assert _row(diff, "added", "共收到申请2件").a == ""


def test_the_table_folds_unchanged_paragraphs(diff):
    full = textdiff.table(diff, "2016年", "2017年", collapse=False)
    assert list(full.columns) == ["变化", "2016年", "2017年"]
    assert len(full) == len(diff.rows)
    folded = textdiff.table(diff, "2016年", "2017年")
    same = folded[folded["变化"] == "相同"]
    assert len(folded) < len(full)
    assert sum(int(t.split("段")[0].strip("（ ")) for t in same["2016年"]) == diff.count("same")
    # no two folded rows in a row
    assert not any(a == b == "相同" for a, b in zip(folded["变化"], folded["变化"][1:], strict=False))
    assert set(folded["变化"]) == {"相同", "改动", "新增", "删除"}


def test_docx_opens_and_holds_the_changed_paragraph(diff):
    data = textdiff.docx_bytes(diff, "北京市东城区东直门街道办事处", 2016, 2017)
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "北京市东城区东直门街道办事处" in texts[0] and "2016年与2017年" in texts[0]
    assert any(
        f"改动 {diff.count('changed')} 段" in t and f"新增 {diff.count('added')} 段" in t for t in texts
    )
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["变化", "2016年", "2017年"]
    staff = next(r for r in table.rows if "专门配备了" in r.cells[2].text)
    assert staff.cells[0].text == "改动"
    assert staff.cells[2].text == _row(diff, "changed", "专门配备了").b  # plain text, no markers
    new_runs = [r for r in staff.cells[2].paragraphs[0].runs if r.bold and r.underline]
    old_runs = [r for r in staff.cells[1].paragraphs[0].runs if r.font.strike]
    assert [r.text for r in new_runs] == ["1"] and [r.text for r in old_runs] == ["2"]
    added = next(r for r in table.rows if r.cells[0].text == "新增")
    assert added.cells[1].text == "" and added.cells[2].paragraphs[0].runs[0].bold


def test_identical_and_empty_texts():
    units = _units(Y2016)
    same = textdiff.compare(units, units)
    assert same.count("same") == len(units) and len(textdiff.table(same, "a", "b")) == 1
    empty = textdiff.compare([], units)
    assert empty.count("added") == len(units)
    assert docx.Document(io.BytesIO(textdiff.docx_bytes(textdiff.compare([], []), "某单位", 2020, 2021)))


def test_markup_in_a_report_stays_text():
    # a real report with a hostile line added to the second year: never interpreted
    hostile = "**粗体**[点此](https://evil.example/login)<img src=x onerror=alert(1)>。"
    lines = Y2016.read_text("utf-8").splitlines()
    diff = textdiff.compare(textdiff.prose_units(lines), textdiff.prose_units([*lines, hostile]))
    assert _row(diff, "added", "点此").b == hostile
    assert hostile in set(textdiff.table(diff, "2016年", "2017年")["2017年"])
    doc = docx.Document(io.BytesIO(textdiff.docx_bytes(diff, "<b>单位</b>", 2016, 2017)))
    assert hostile in [r.cells[2].text for r in doc.tables[0].rows]
    assert doc.paragraphs[0].text.startswith("<b>单位</b> 2016年")
