"""Charts that don't mislead (issue 13, point 5)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from app_lib import charts, snapshot

YEARS = list(range(2012, 2026))


def _lines(groups=("甲",), scale=1.0) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        [
            {"group": g, "year": y, "value": float(scale * (500 + rng.integers(0, 100))), "n_units": 3}
            for g in groups
            for y in YEARS
        ]
    )


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))


def test_count_axes_start_at_zero_and_lines_are_straight():
    fig = charts.trend_lines(_lines(("甲", "乙")), years=YEARS, y_title="件")
    assert fig.layout.yaxis.rangemode == "tozero"
    for trace in fig.data:
        if trace.type == "scatter" and trace.mode and "lines" in trace.mode:
            assert trace.line.shape == "linear"
    sm = charts.small_multiples(_lines(("甲", "乙", "丙", "丁")), years=YEARS)
    for name in ("yaxis", "yaxis2", "yaxis3", "yaxis4"):
        assert sm.layout[name].rangemode == "tozero"
    assert all(t.line.shape == "linear" for t in sm.data if t.type == "scatter")


def test_latest_year_is_labelled_in_small_multiples():
    sm = charts.small_multiples(_lines(("甲", "乙")), years=YEARS)
    assert sm.layout.xaxis.tick0 == 2025 and sm.layout.xaxis.dtick == 2


def test_large_counts_use_chinese_units_not_k():
    fig = charts.trend_lines(_lines(scale=200.0), years=YEARS, y_title="件")
    text = list(fig.layout.yaxis.ticktext)
    assert any("万" in t for t in text), text
    assert not any(re.search(r"\dk\b", t) for t in text)
    assert charts.wan_ticks(120_000)[1][:3] == ["0", "5万", "10万"] or "万" in charts.wan_ticks(120_000)[1][1]
    small = charts.trend_lines(_lines(scale=0.01), years=YEARS)
    assert small.layout.yaxis.rangemode == "tozero" and "k" not in (small.layout.yaxis.tickformat or "")


def test_outcome_colours_mean_something():
    mix = pd.DataFrame(
        {
            "name": ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"],
            "value": [482.0, 97, 117, 309, 147, 40],
        }
    )
    fig = charts.bar_ranking(mix, value_col="value")
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    r, g, _ = _rgb(colours["予以公开"])
    assert g > r, colours["予以公开"]
    r, g, _ = _rgb(colours["不予公开"])
    assert r > g, colours["不予公开"]
    assert len(set(colours.values())) >= 5


def test_litigation_outcomes_coloured_by_meaning():
    df = pd.DataFrame(
        [
            {"year": y, "outcome": o, "value": 3.0}
            for y in YEARS
            for o in ("结果维持", "结果纠正", "其他结果", "尚未审结")
        ]
    )
    fig = charts.stacked_bars(df, x="year", y="value", color="outcome", years=YEARS)
    colour = {t.name: t.marker.color for t in fig.data if t.type == "bar"}
    assert _rgb(colour["结果维持"])[1] > _rgb(colour["结果维持"])[0]
    assert _rgb(colour["结果纠正"])[0] > _rgb(colour["结果纠正"])[1]


def test_at_most_eight_categories_plus_other():
    names = [f"理由{i:02d}" for i in range(17)]
    df = pd.DataFrame(
        [{"year": y, "reason": n, "value": float(i + 1)} for y in YEARS for i, n in enumerate(names)]
    )
    fig = charts.stacked_bars(df, x="year", y="value", color="reason", years=YEARS, order=names)
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 9 and bars[-1].name == "其他"
    total = sum(float(np.nansum(t.y)) for t in bars)
    assert total == pytest.approx(df["value"].sum())  # nothing lost in 其他
    assert len({t.marker.color for t in bars}) == 9


def test_rate_labels_never_sit_on_the_lines():
    rates = pd.DataFrame(
        [
            {"group": g, "year": y, "rate": 0.1 + 0.01 * (y % 3), "corrected": 2, "n": 20}
            for g in ("行政复议", "行政诉讼")
            for y in YEARS
        ]
    )
    fig = charts.rate_lines(rates, years=YEARS)
    assert all("text" not in (t.mode or "") for t in fig.data if t.type == "scatter")
    labels = [a for a in fig.layout.annotations if a.text.startswith("n=")]
    assert len(labels) == 2 * len(YEARS)
    assert all(a.yref == "paper" and a.y == 0 and a.yshift < -20 for a in labels)  # under the year ticks
    assert fig.layout.yaxis.range[0] == 0


def _svg_positions(svg: str) -> tuple[float, float]:
    legend = re.search(r'<g class="legend"[^>]*transform="translate\(([\d.]+),([\d.]+)\)"', svg)
    title = re.search(r'<text class="gtitle"[^>]*y="([\d.]+)"', svg)
    return float(title.group(1)), float(legend.group(2))


@pytest.mark.slow  # renders PNG/SVG with kaleido and chromium
@pytest.mark.parametrize("n_categories", [2, 9, 17])
def test_legend_clear_of_title_in_exports(n_categories):
    names = [f"不予公开：属于第{i}类需要说明理由的政府信息" for i in range(n_categories)]
    df = pd.DataFrame([{"year": y, "reason": n, "value": 5.0} for y in YEARS for n in names])
    fig = charts.stacked_bars(df, x="year", y="value", color="reason", years=YEARS, order=names)
    meta = snapshot.make_meta(
        title="不予公开与无法提供的理由", scope="全部地区 · 仅政府", n_reports=10, is_demo=True
    )
    svg = snapshot.render_image(snapshot.stamp(fig, meta), "svg").decode()
    title_y, legend_y = _svg_positions(svg)
    # the title's two lines (18 px and 13 px) end about 2 × 1.3 em under its anchor
    assert legend_y > title_y + 2.0 * 18, (title_y, legend_y)


def test_coverage_heatmap_carries_its_texts_once_and_room_for_every_name():
    """At national scope the heat map is most of 总览's drawing in the browser (issue 14): its
    hover texts are on the clickable markers only, the unit names are not measured against
    each other (ticklabeloverflow allow) and the left margin already holds the longest name
    (no automargin redraw) — every name still whole, every cell still with its text."""
    names = ["宿迁市财政局", "宿迁市沭阳县人民政府办公室", "A局"]
    cov = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c"],
            "name": names,
            "year": [2020, 2021, 2020],
            "status": ["已报送", "校验未通过", "已报送"],
            "detail": ["宿迁市财政局<br>已报送", "沭阳<br>校验未通过 · ✗ 规则", "A局<br>已报送"],
        }
    )
    fig = charts.coverage_heatmap(cov, years=[2020, 2021], outside=frozenset({"c"}))
    heat, cells = fig.data[0], fig.data[1]
    assert heat.type == "heatmap" and heat.customdata is None and heat.hoverinfo == "skip"
    assert cells.type == "scatter" and len(cells.customdata) == 6  # 3 units × 2 years
    assert "沭阳<br>校验未通过 · ✗ 规则" in list(cells.customdata)
    assert fig.layout.yaxis.ticklabeloverflow == "allow" and fig.layout.yaxis.automargin is not False
    # 13 px a Chinese character at the charts' font size; 〔名单外〕 before an outside unit
    longest = max(len(n) for n in names[:2]) * 13
    assert fig.layout.margin.l >= longest and fig.layout.margin.l >= 5 * 13 + 13  # 〔名单外〕A局
    assert fig.layout.margin.l < longest + 60  # not a margin for names that are not there
    assert sorted(fig.layout.yaxis.ticktext) == sorted([*names[:2], charts.OUTSIDE_PREFIX + "A局"])
