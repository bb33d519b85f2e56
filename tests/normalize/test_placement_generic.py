"""Two placement rules of PARSER_VERSION 1.14.0, on the real texts they were written for
(tests/realworld batch_q/r/s/t, first sight in tests/realworld/first_sight.md):

- a reading guide to a report (年报解读 / 文字解读 over 一、编制背景 / 二、编制依据) speaks about
  the report: no report, whatever unit and year it names (q2031, t2329);
- a department named by its kind alone ('统计局', '服务中心': s2215, t2334; a007 '信访局') names
  no particular body — kept unplaced for the officer, never placed under a bare kind (every
  county's 统计局 would fall into one unit).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.errors import RejectedInput
from pipelines.ingest import parse_file
from pipelines.normalize import placement

REAL = Path(__file__).resolve().parents[1] / "realworld"


def _read(name: str) -> tuple[bytes, str]:
    path = REAL / name
    return path.read_bytes(), path.name


@pytest.mark.parametrize("name", ["batch_q/2031.txt", "batch_t/2329.txt"])
def test_a_reading_guide_to_a_report_is_no_report(name: str) -> None:
    with pytest.raises(RejectedInput, match="not an annual report"):
        parse_file(*_read(name))


@pytest.mark.parametrize("name", ["batch_s/2215.txt", "batch_t/2334.txt", "batch_a/007.txt"])
def test_a_name_of_a_kind_alone_is_not_placed(name: str) -> None:
    report = parse_file(*_read(name))
    assert not report.placed
    assert report.placement.reason


@pytest.mark.parametrize(
    ("name", "kind_only"),
    [("统计局", True), ("服务中心", True), ("发改委", True), ("县统计局", False), ("国家统计局", False),
     ("乌恰县审计局", False), ("楚门镇", False), ("同心县统计局", False)],
)
def test_the_shape_of_a_kind_only_name(name: str, kind_only: bool) -> None:
    assert bool(placement._KIND_ONLY_NAME.match(name)) is kind_only
    if kind_only:
        assert not placement._unit_ok(name)
