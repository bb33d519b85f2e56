"""Figures packed by a parse worker (``FigureColumns``) reach report_values as the plain lists
would: every value, in order, also when a text holds the packing's separator, a report has
no figure, or some figures carry an OCR confidence."""

from __future__ import annotations

import pyarrow as pa

from pipelines.load import FIELD_SEP, FigureColumns, _Buffer, _value_columns

REPORTS = [
    # metric, value, raw_text, provenance, origin, confidence
    [("a.total", 1.0, "1", "line 1", "table", None), ("a.part", 0.5, "0.5", "line 2", "text", None)],
    [],  # a report without figures
    [("b.total", 12.0, f"1{FIELD_SEP}2", "table 1 row 2 col 3", "table", None)],  # the separator in a text
    [("c.total", 3.0, "３", "page 1", "ocr", 0.91), ("c.part", 2.0, "", "page 1", "ocr", None)],
    [("d.total", 1e300, "—", f"line{FIELD_SEP}", "table", None)],
]


def _columns(figures: list[tuple]) -> list[list]:
    return [list(column) for column in zip(*figures, strict=True)] if figures else [[] for _ in range(6)]


def test_packed_columns_unpack_to_the_lists() -> None:
    for figures in REPORTS:
        lists = _columns(figures)
        packed = FigureColumns.of(*lists)
        assert packed.count == len(figures)
        assert [list(column) for column in packed.lists()] == lists


def test_report_values_columns_equal_the_plain_lists() -> None:
    buf = _Buffer()
    for i, figures in enumerate(REPORTS):
        for name, value in (("report_id", f"r{i}"), ("unit_id", "u"), ("unit_name", "单位"), ("year", 2020)):
            buf.owners[name].append(value)
        buf.figures.append(FigureColumns.of(*_columns(figures)))
    got = pa.table(_value_columns(buf))
    rows = [figure for figures in REPORTS for figure in figures]
    names = ["metric", "value", "raw_text", "provenance", "origin", "confidence"]
    for name, column in zip(names, zip(*rows, strict=True), strict=True):
        assert got.column(name).to_pylist() == list(column), name
    assert got.column("report_id").to_pylist() == [f"r{i}" for i, f in enumerate(REPORTS) for _ in f]
    assert got.column("metric").type == pa.string() and got.column("confidence").type == pa.float64()
