"""Provenance (report_values.provenance) as a value: parsed from the stored form, which it
reproduces exactly, with the Chinese display text and the viewer's line and cell derived."""

from __future__ import annotations

import pytest

from app_lib.viewer import locate
from pipelines.catalog import position_zh, with_position_zh
from pipelines.model import Cell, Line
from pipelines.provenance import Provenance, display

FORMS = {
    "table 2 row 5 col 3": "第2表第5行第3列",
    "line 12 (text)": "正文第12行",
    "page 3 line 12 (text)": "第3页正文第12行",
    "page 1 table 2 row 3": "第1页第2表第3行",
    "line 18 cell 2": "第18行第2格",
}


@pytest.mark.parametrize(("stored", "zh"), FORMS.items())
def test_the_stored_form_round_trips_and_the_display_is_derived(stored, zh):
    parsed = Provenance.parse(stored)
    assert parsed is not None and str(parsed) == stored
    assert parsed.zh == zh == position_zh(stored)
    assert parsed.in_text == stored.endswith("(text)")


def test_parts_and_places():
    parsed = Provenance.parse("page 3 line 12 cell 4 (text)")
    assert parsed is not None
    assert (parsed.get("page"), parsed.get("line"), parsed.get("cell"), parsed.get("table")) == (3, 12, 4, None)
    assert parsed.place == "page 3 line 12 cell 4"
    assert parsed.line_place == "page 3 line 12"


@pytest.mark.parametrize("other", ["", None, "foo", "line twelve", "第3行", "line 5 (正文)"])
def test_other_text_is_not_a_provenance(other):
    assert Provenance.parse(other) is None
    assert display(other) == ("—" if not other else other)


def test_a_message_starting_with_a_position_says_it_in_chinese():
    assert with_position_zh("line 18 cell 1: 数字看不清") == "第18行第1格: 数字看不清"
    assert with_position_zh("无位置的说明") == "无位置的说明"
    assert with_position_zh(None) is None


def test_the_viewer_locates_lines_cells_and_text_pieces():
    lines = [
        Line("标题", "标题", "line 1"),
        Line("a|b", "a|b", "line 2"),
        Line("x y", "x y", "table 1 row 1", cells=[Cell("x", "table 1 row 1 col 1"), Cell("y", "table 1 row 1 col 2")]),
    ]
    assert (locate("line 1 (text)", lines).line, locate("line 1 (text)", lines).cell) == (0, None)
    assert (locate("line 2 cell 2", lines).line, locate("line 2 cell 2", lines).cell) == (1, 1)
    assert (locate("table 1 row 1 col 2", lines).line, locate("table 1 row 1 col 2", lines).cell) == (2, 1)
    assert locate("line 9", lines).line is None
