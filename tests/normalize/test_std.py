"""extract_std on real report excerpts and on synthetic flattenings of full std tables."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from pipelines.model import Cell, Line
from pipelines.normalize.std import extract_std

REAL = Path(__file__).resolve().parents[2] / "data" / "samples" / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# ---------------------------------------------------------------------------
# Local stand-in for the extract stage (text dumps and the HTML-in-txt samples).


def _to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def text_lines(text: str, traditional: bool = False) -> list[Line]:
    out = []
    for i, raw in enumerate(text.split("\n")):
        norm = _to_simplified(raw) if traditional else raw
        out.append(Line(raw, unicodedata.normalize("NFKC", norm), f"line {i + 1}"))
    return out


def html_lines(text: str) -> list[Line]:
    """Rows of every <table> as Lines with cells (grid columns from colspan/rowspan), other
    block elements as plain lines."""
    import lxml.html

    root = lxml.html.fromstring("<div>" + text.replace('\\"', '"') + "</div>")
    out: list[Line] = []
    n_table = 0
    for el in root:
        if el.tag != "table":
            content = el.text_content().strip()
            if content:
                out.append(Line(content, unicodedata.normalize("NFKC", content), f"line {len(out) + 1}"))
            continue
        n_table += 1
        taken: dict[tuple[int, int], bool] = {}
        for r, tr in enumerate(el.iter("tr")):
            cells, col = [], 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while taken.get((r, col)):
                    col += 1
                span, rows = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
                for dr in range(rows):
                    for dc in range(span):
                        taken[(r + dr, col + dc)] = True
                txt = td.text_content().replace("\xa0", "&nbsp;").strip()
                cells.append(Cell(txt, f"table {n_table} row {r + 1} col {col + 1}", col, span))
                col += span
            joined = " | ".join(c.text for c in cells)
            norms = [unicodedata.normalize("NFKC", c.text) for c in cells]
            out.append(
                Line(
                    joined,
                    unicodedata.normalize("NFKC", joined),
                    f"table {n_table} row {r + 1}",
                    cells,
                    norms,
                )
            )
    return out


def sample_lines(name: str) -> list[Line]:
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    if text.lstrip().startswith("<"):
        return html_lines(text)
    return text_lines(text, traditional=name == "012")


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
    assert granted_total.value == 0 and granted_total.raw_text == "&nbsp;"
    assert by_key["suit.direct.total"].value == 9
    assert by_key["suit.after_review.total"].raw_text == "&nbsp;"
    assert by_key["apply.other.total"].value == 0  # 2019: （六）其他处理 is one row
    assert not [k for k in by_key if k.startswith("apply.other.no_")]
    assert by_key["apply.new.total"].provenance.startswith("table 1 row 4 col ")


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
    path = next(p for p in FIXTURES.glob(f"{name}.*") if p.suffix in (".txt", ".html"))
    text = path.read_text(encoding="utf-8")
    return html_lines(text) if path.suffix == ".html" else text_lines(text)


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
